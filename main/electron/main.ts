/**
 * The Electron main process (bundled to dist/electron/main.cjs): one sandboxed window on the
 * `app://barometre/` protocol, the typed API on one IPC channel routed to the same router browser
 * mode uses, sender checked on every call, French menus, file dialogs, recent workspaces and
 * window bounds remembered. Everything testable lives in plain modules (main/api, main/jobs,
 * main/server/static-files); this file only binds them to Electron.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import { API_CHANNEL, API_EVENT_CHANNEL, APP_ORIGIN, APP_PROTOCOL } from '../../shared/ipc-channels.js';
import type { ApiEventMessage } from '../../shared/contract.js';
import type { MenuCommandEvent } from '../../shared/api-types.js';
import { createApiCore, type ApiCore } from '../api/core.js';
import type { PlatformServices } from '../api/context.js';
import { ensureDemoWorkspace } from '../api/demo.js';
import { UiPrefs } from '../api/ui-prefs.js';
import { appDataFolder, defaultWorkspacePath } from '../workspace-path.js';
import { menuTemplate } from './menu-template.js';
import { electronNativeBinding } from './native-binding.js';
import { appProtocolResponse, originOf } from './protocol.js';

// Must run before `ready`: the custom scheme behaves like https (secure context, fetch, storage).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_PROTOCOL, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

// In the package, resources are unpacked next to app.asar (native binaries cannot load from it).
const appRoot = app.getAppPath();
const resourcesDir = path.join(app.isPackaged ? appRoot.replace(/app\.asar$/, 'app.asar.unpacked') : appRoot, 'resources');
const rendererDir = path.join(appRoot, 'dist', 'renderer');
// One app data folder for the desktop app, browser mode and the CLI (demo, preferences, default
// workspace): Electron would otherwise derive it from productName, accents included.
app.setPath('userData', appDataFolder());
const prefsFile = path.join(appDataFolder(), 'preferences.json');

let mainWindow: BrowserWindow | null = null;
let core: ApiCore | null = null;

function initialWorkspace(prefs: UiPrefs): string {
  // `npm start -- --db FILE` passes the file on: opened, or created when missing (as in browser mode).
  const fromArgs = process.argv.slice(1).find((a) => a.endsWith('.sqlite') && (fs.existsSync(a) || fs.existsSync(path.dirname(path.resolve(a)))));
  if (fromArgs) return path.resolve(fromArgs);
  const last = prefs.lastWorkspace;
  if (last && fs.existsSync(last)) return last;
  return ensureDemoWorkspace(resourcesDir) ?? defaultWorkspacePath();
}

const FILE_FILTERS = [{ name: 'Classeurs et CSV', extensions: ['xlsx', 'xls', 'ods', 'csv'] }, { name: 'Tous les fichiers', extensions: ['*'] }];
const WORKSPACE_FILTERS = [{ name: 'Espace de travail du Baromètre', extensions: ['sqlite'] }];

const platform: PlatformServices = {
  mode: 'desktop',
  async openPath(file) {
    const error = await shell.openPath(file);
    return { opened: error === '' };
  },
  async openFiles(options) {
    const result = await dialog.showOpenDialog(mainWindow!, { title: options.title ?? 'Importer des fichiers', properties: ['openFile', 'multiSelections'], filters: options.filters ?? FILE_FILTERS });
    return { supported: true, paths: result.canceled ? [] : result.filePaths };
  },
  async saveFile(options) {
    const result = await dialog.showSaveDialog(mainWindow!, { title: options.title ?? 'Enregistrer sous', ...(options.defaultName ? { defaultPath: options.defaultName } : {}), ...(options.filters ? { filters: options.filters } : {}) });
    return { supported: true, path: result.canceled || !result.filePath ? null : result.filePath };
  },
  async openWorkspace(options) {
    if (options.create) {
      const result = await dialog.showSaveDialog(mainWindow!, { title: 'Nouvel espace de travail', defaultPath: 'espace-de-travail.barometre.sqlite', filters: WORKSPACE_FILTERS });
      return { supported: true, path: result.canceled || !result.filePath ? null : result.filePath };
    }
    const result = await dialog.showOpenDialog(mainWindow!, { title: 'Ouvrir un espace de travail', properties: ['openFile'], filters: WORKSPACE_FILTERS });
    return { supported: true, path: result.canceled ? null : result.filePaths[0] ?? null };
  },
};

function sendEvent(message: ApiEventMessage): void {
  for (const win of BrowserWindow.getAllWindows()) {
    if (!win.isDestroyed()) win.webContents.send(API_EVENT_CHANNEL, message);
  }
}

function buildMenu(): void {
  if (!core) return;
  const template = menuTemplate({
    recent: core.context.prefs.recent(),
    isMac: process.platform === 'darwin',
    dev: !app.isPackaged,
    send: (payload: MenuCommandEvent) => sendEvent({ event: 'menu.command', payload }),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Only the top frame of our own window, loaded from our protocol, may call the API. */
function callerOrigin(event: IpcMainInvokeEvent): string | null {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return null;
  if (!mainWindow || event.sender !== mainWindow.webContents) return null;
  return originOf(frame.url);
}

function createWindow(prefs: UiPrefs): BrowserWindow {
  const bounds = prefs.windowBounds;
  const win = new BrowserWindow({
    width: bounds?.width ?? 1440,
    height: bounds?.height ?? 900,
    ...(bounds?.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Baromètre Expérience Citoyen',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (bounds?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const b = win.getNormalBounds();
    prefs.setWindowBounds({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void win.loadURL(`${APP_ORIGIN}/`);
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  protocol.handle(APP_PROTOCOL, (request) => appProtocolResponse(rendererDir, request.url));

  const prefs = new UiPrefs(prefsFile);
  const nativeBinding = electronNativeBinding(resourcesDir);
  core = createApiCore({
    workspacePath: initialWorkspace(prefs),
    platform,
    version: app.getVersion(),
    resourcesDir,
    allowedOrigins: [APP_ORIGIN],
    prefsFile,
    workerFile: path.join(__dirname, 'worker.cjs'),
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  const api = core;
  api.subscribe((message) => {
    sendEvent(message);
    if (message.event === 'workspace.changed') buildMenu();
  });
  ipcMain.handle(API_CHANNEL, async (event, method: unknown, input: unknown) => {
    const response = await api.router.call(typeof method === 'string' ? method : '', input, { origin: callerOrigin(event) });
    // « Espaces récents » of the File menu follows the chooser's removals.
    if (method === 'workspace.forgetRecent' && response.ok) buildMenu();
    return response;
  });

  buildMenu();
  // The core's preferences, the one copy that is written during the session (language, recent…).
  mainWindow = createWindow(api.context.prefs);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

// One instance: a second launch focuses the first window.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !core) return;
    closing = true;
    event.preventDefault();
    void core.close().finally(() => app.quit());
  });
  start().catch((error: unknown) => {
    dialog.showErrorBox('Baromètre Expérience Citoyen', `Démarrage impossible : ${(error as Error).message}`);
    app.quit();
  });
}
