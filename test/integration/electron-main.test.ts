/**
 * The real Electron main process, as shipped: dist/electron/main.cjs is built with buildMain() and
 * run (CommonJS, same realm) against a recording stand-in for `electron` (test/integration/
 * electron-stand-in.ts), because the Electron binary cannot run here. Checks the wiring main.ts is
 * the only place for: privileged scheme before ready, sandboxed window options, navigation /
 * window-open / webview / permission denials, the app:// handler, the IPC sender check in front of
 * the router, menus sending commands, native dialogs behind the dialogs.* methods, a job run by
 * the bundled worker, and shutdown (core closed before quitting, window bounds remembered).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CHANNEL, API_EVENT_CHANNEL, APP_ORIGIN, APP_PROTOCOL } from '../../shared/ipc-channels.js';
import type { ApiResponse } from '../../shared/contract.js';
import type { AppInfo, ExportBatchResult, JobDoneEvent } from '../../shared/api-types.js';
import { CSP } from '../../main/server/security.js';
import { seededWorkspaceFile } from './api-test-helpers.js';
import { tempDir } from './helpers.js';
import { createElectronStandIn, FakeWebContents, preventableEvent, type ElectronStandIn, type SentMessage } from './electron-stand-in.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const SECRET = 'contenu secret hors du renderer';
const INDEX_FALLBACK = '<!doctype html><html><body><div id="root"></div></body></html>';

let electron: ElectronStandIn;
let appRoot: string;
let home: string;
let dataDir: string;
let distElectron: string;
let workspaceFile: string;
let csvFile: string;
let indexHtml: string;
let previousHome: string | undefined;
/** Snapshot taken after loading the bundle, before `ready`. */
let beforeReady: { ipcHandlers: number; windows: number; protocolHandlers: number };

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** scripts/build-main.js is plain JS (no typings): import it by URL and check its shape. */
async function buildBundles(): Promise<string> {
  const script: unknown = await import(pathToFileURL(path.join(root, 'scripts', 'build-main.js')).href);
  if (!isRecord(script) || typeof script.buildMain !== 'function') throw new Error('scripts/build-main.js does not export buildMain()');
  const outdir: unknown = await (script.buildMain as () => Promise<unknown>)();
  if (typeof outdir !== 'string') throw new Error('buildMain() did not return the output folder');
  return outdir;
}

/** Runs the CommonJS bundle in this realm (same Request/Response), `electron` mapped to the stand-in. */
function loadMainBundle(file: string, stub: unknown): void {
  const nodeRequire = createRequire(file);
  const requireForBundle = Object.assign((id: string): unknown => (id === 'electron' ? stub : nodeRequire(id)), { resolve: nodeRequire.resolve });
  const wrapper = vm.compileFunction(fs.readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  const module = { exports: {} };
  wrapper(module.exports, requireForBundle, module, file, path.dirname(file));
}

/** Polls `check` until it holds; a start-up error box fails at once with its message. */
async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    const box = electron.recorded.errorBoxes[0];
    if (box) throw new Error(`main.ts showed an error box: ${box.content}`);
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function mainWindow() {
  const win = electron.windows[0];
  if (!win) throw new Error('no window was created');
  return win;
}

interface FakeInvokeEvent {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

function ownTopFrame(): FakeInvokeEvent {
  return { sender: mainWindow().webContents, senderFrame: { url: `${APP_ORIGIN}/`, parent: null } };
}

async function invoke(method: unknown, input: unknown, event: FakeInvokeEvent = ownTopFrame()): Promise<ApiResponse> {
  const handler = electron.recorded.ipcHandlers.get(API_CHANNEL);
  if (!handler) throw new Error(`no ipcMain handler for ${API_CHANNEL}`);
  const response: unknown = await handler(event, method, input);
  if (!isRecord(response) || typeof response.ok !== 'boolean') throw new Error(`not an ApiResponse: ${JSON.stringify(response)}`);
  return response as ApiResponse;
}

function ok<T>(response: ApiResponse): T {
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.result as T;
}

function errorCode(response: ApiResponse): string | null {
  return response.ok ? null : response.error.code;
}

function eventsSent(name: string): unknown[] {
  return mainWindow().webContents.sent
    .filter((m) => m.channel === API_EVENT_CHANNEL)
    .map((m) => m.args[0])
    .filter((a) => isRecord(a) && a.event === name)
    .map((a) => (a as { payload: unknown }).payload);
}

function isEvent(name: string, predicate: (payload: Record<string, unknown>) => boolean = () => true) {
  return (m: SentMessage): boolean => {
    const message = m.args[0];
    return m.channel === API_EVENT_CHANNEL && isRecord(message) && message.event === name && isRecord(message.payload) && predicate(message.payload);
  };
}

interface MenuItem {
  label?: string;
  role?: string;
  click?: () => void;
  submenu?: MenuItem[];
}

function applicationMenu(): MenuItem[] {
  const menu = electron.recorded.applicationMenus.at(-1);
  if (!Array.isArray(menu)) throw new Error('no application menu was set');
  return menu as MenuItem[];
}

function readPrefs(): Record<string, unknown> {
  const parsed: unknown = JSON.parse(fs.readFileSync(path.join(home, 'preferences.json'), 'utf8'));
  if (!isRecord(parsed)) throw new Error('preferences.json is not an object');
  return parsed;
}

beforeAll(async () => {
  distElectron = await buildBundles();

  // The app root main.ts serves from: the built renderer's index.html when there is one (renderer/
  // is rebuilt by others meanwhile, so a copy, with a fallback), and a file outside it.
  appRoot = tempDir('barometre-electron-app-');
  const rendererDir = path.join(appRoot, 'dist', 'renderer');
  fs.mkdirSync(rendererDir, { recursive: true });
  try {
    fs.copyFileSync(path.join(root, 'dist', 'renderer', 'index.html'), path.join(rendererDir, 'index.html'));
  } catch {
    fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX_FALLBACK);
  }
  indexHtml = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  fs.writeFileSync(path.join(appRoot, 'secret.txt'), SECRET);

  dataDir = tempDir('barometre-electron-data-');
  workspaceFile = seededWorkspaceFile(dataDir, { editions: [2023, 2024], structures: 24, itemsPerChannel: 3 }).file;
  csvFile = path.join(dataDir, 'audits.csv');
  fs.writeFileSync(csvFile, 'reference;structure\nA1;S0001\n');

  home = tempDir('barometre-electron-home-');
  previousHome = process.env.BAROMETER_HOME;
  process.env.BAROMETER_HOME = home;
  fs.writeFileSync(path.join(home, 'preferences.json'), JSON.stringify({ lastWorkspace: workspaceFile }));

  electron = createElectronStandIn({ appPath: appRoot, version: '7.7.7-test' });
  loadMainBundle(path.join(distElectron, 'main.cjs'), electron.electron);
  beforeReady = {
    ipcHandlers: electron.recorded.ipcHandlers.size,
    windows: electron.windows.length,
    protocolHandlers: electron.recorded.protocolHandlers.size,
  };
  electron.becomeReady();
  await until(() => electron.recorded.ipcHandlers.has(API_CHANNEL) && electron.windows.length > 0, 'the IPC handler and the window');
});

afterAll(async () => {
  // When the quit test did not run to the end, still close the core (workers, SQLite handles).
  if (electron && electron.recorded.quitCalls === 0) {
    electron.app.quit();
    await Promise.race([electron.waitForQuit(2), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
  if (previousHome === undefined) delete process.env.BAROMETER_HOME;
  else process.env.BAROMETER_HOME = previousHome;
  for (const dir of [appRoot, dataDir, home]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('start-up', () => {
  it('registers the app:// scheme as privileged before ready, and wires nothing else until ready', () => {
    expect(electron.recorded.privilegedSchemes).toEqual([
      { schemes: [{ scheme: APP_PROTOCOL, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }], whileReady: false },
    ]);
    expect(beforeReady).toEqual({ ipcHandlers: 0, windows: 0, protocolHandlers: 0 });
    expect(electron.recorded.paths.get('userData')).toBe(home);
    expect(electron.recorded.errorBoxes).toEqual([]);
  });

  it('opens one sandboxed window with the bundled preload on the app origin, shown when ready', () => {
    expect(electron.windows).toHaveLength(1);
    const win = mainWindow();
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    const preload = (win.options.webPreferences as { preload?: unknown }).preload;
    expect(preload).toBe(path.join(distElectron, 'preload.cjs'));
    expect(fs.existsSync(path.join(distElectron, 'preload.cjs'))).toBe(true);
    expect(win.loadedUrls).toEqual([`${APP_ORIGIN}/`]);
    expect(win.options.show).toBe(false);
    expect(win.shown).toBe(0);
    win.emit('ready-to-show');
    expect(win.shown).toBe(1);
  });

  it('prevents navigation and redirects, and denies new windows', () => {
    const contents = mainWindow().webContents;
    for (const name of ['will-navigate', 'will-redirect']) {
      expect(contents.count(name)).toBeGreaterThan(0);
      const event = preventableEvent();
      contents.emit(name, event, 'https://evil.example/');
      expect(event.defaultPrevented, name).toBe(true);
    }
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('prevents webviews in any web contents created later', () => {
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', preventableEvent(), contents);
    expect(contents.count('will-attach-webview')).toBe(1);
    const event = preventableEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('refuses every permission request and check', () => {
    const answers: unknown[] = [];
    expect(electron.recorded.permissionRequestHandler).not.toBeNull();
    electron.recorded.permissionRequestHandler!(mainWindow().webContents, 'media', (granted: unknown) => answers.push(granted), {});
    electron.recorded.permissionRequestHandler!(mainWindow().webContents, 'notifications', (granted: unknown) => answers.push(granted), {});
    expect(answers).toEqual([false, false]);
    expect(electron.recorded.permissionCheckHandler!(mainWindow().webContents, 'media', APP_ORIGIN, {})).toBe(false);
  });

  it('focuses (and restores) the window when a second instance is launched', () => {
    const win = mainWindow();
    win.minimized = true;
    const before = { restored: win.restored, focused: win.focused };
    electron.app.emit('second-instance', preventableEvent(), [], root);
    expect({ restored: win.restored - before.restored, focused: win.focused - before.focused }).toEqual({ restored: 1, focused: 1 });
    expect(win.minimized).toBe(false);
  });
});

describe('app:// protocol handler', () => {
  async function fetchApp(url: string): Promise<Response> {
    const handler = electron.recorded.protocolHandlers.get(APP_PROTOCOL);
    if (!handler) throw new Error(`no protocol handler for ${APP_PROTOCOL}`);
    const response: unknown = await handler(new Request(url));
    if (!(response instanceof Response)) throw new Error('the protocol handler did not answer a Response');
    return response;
  }

  it("answers the renderer's index.html with the CSP, for the root and for a client-side route", async () => {
    for (const url of [`${APP_ORIGIN}/`, `${APP_ORIGIN}/scores`]) {
      const response = await fetchApp(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-security-policy'), url).toBe(CSP);
      expect(await response.text(), url).toBe(indexHtml);
    }
  });

  it('never serves a file outside the renderer folder, nor for another host', async () => {
    for (const url of [`${APP_ORIGIN}/../../secret.txt`, `${APP_ORIGIN}/..%2f..%2fsecret.txt`, `${APP_ORIGIN}/%2e%2e/%2e%2e/secret.txt`, `${APP_ORIGIN}/..%5c..%5csecret.txt`, `${APP_ORIGIN}/../../etc/passwd`]) {
      const response = await fetchApp(url);
      const body = await response.text();
      expect(body, url).not.toContain(SECRET);
      expect(body, url).not.toContain('root:x:0:0');
    }
    expect((await fetchApp('app://autre/index.html')).status).toBe(404);
  });
});

describe('IPC channel', () => {
  it('answers app.info for the top frame of our window on the app origin, with the workspace from the preferences', async () => {
    const info = ok<AppInfo>(await invoke('app.info', {}));
    expect(info.workspacePath).toBe(workspaceFile);
    expect(info.mode).toBe('desktop');
    expect(info.version).toBe('7.7.7-test');
  });

  it('refuses a sub-frame, another web contents, another origin or a missing frame', async () => {
    const own = mainWindow().webContents;
    const callers: Record<string, FakeInvokeEvent> = {
      subFrame: { sender: own, senderFrame: { url: `${APP_ORIGIN}/`, parent: { url: `${APP_ORIGIN}/` } } },
      otherContents: { sender: new FakeWebContents(), senderFrame: { url: `${APP_ORIGIN}/`, parent: null } },
      otherOrigin: { sender: own, senderFrame: { url: 'https://evil.example/', parent: null } },
      fileUrl: { sender: own, senderFrame: { url: 'file:///etc/passwd', parent: null } },
      noFrame: { sender: own, senderFrame: null },
    };
    for (const [name, event] of Object.entries(callers)) {
      expect(errorCode(await invoke('app.info', {}, event)), name).toBe('FORBIDDEN');
    }
  });

  it('refuses unknown methods and invalid input with the router codes', async () => {
    expect(errorCode(await invoke('nope.nothing', {}))).toBe('UNKNOWN_METHOD');
    expect(errorCode(await invoke(42, {}))).toBe('UNKNOWN_METHOD');
    expect(errorCode(await invoke('app.setLanguage', { lang: 'klingon' }))).toBe('INVALID_INPUT');
    expect(errorCode(await invoke('app.info', { extra: true }))).toBe('INVALID_INPUT');
  });
});

describe('menus', () => {
  it('sets the French application menu, with the open workspace among the recent ones', () => {
    const menu = applicationMenu();
    // The macOS app menu (role appMenu) only exists on darwin.
    expect(menu.filter((m) => m.role !== 'appMenu').map((m) => m.label)).toEqual(['Fichier', 'Édition', 'Affichage', 'Aide']);
    const recent = menu.find((m) => m.label === 'Fichier')?.submenu?.find((m) => m.label === 'Espaces récents')?.submenu ?? [];
    expect(recent.some((r) => r.label?.includes(workspaceFile))).toBe(true);
  });

  it('sends a menu.command event to the window when an item is clicked', () => {
    const item = applicationMenu().find((m) => m.label === 'Fichier')?.submenu?.find((m) => m.label === 'Importer des fichiers…');
    expect(item?.click).toBeTypeOf('function');
    const before = eventsSent('menu.command').length;
    item!.click!();
    expect(eventsSent('menu.command').slice(before)).toEqual([{ command: 'import.files' }]);
  });
});

describe('native dialogs', () => {
  it('dialogs.openFiles answers the files picked in the open dialog, parented to the window', async () => {
    electron.dialogAnswers.open = { canceled: false, filePaths: [csvFile] };
    expect(ok(await invoke('dialogs.openFiles', {}))).toEqual({ supported: true, paths: [csvFile] });
    const call = electron.recorded.openDialogCalls.at(-1)!;
    expect(call.parent).toBe(mainWindow());
    expect(call.options.properties).toEqual(expect.arrayContaining(['openFile', 'multiSelections']));
    electron.dialogAnswers.open = { canceled: true, filePaths: [] };
    expect(ok(await invoke('dialogs.openFiles', { title: 'Choisir' }))).toEqual({ supported: true, paths: [] });
    expect(electron.recorded.openDialogCalls.at(-1)!.options.title).toBe('Choisir');
  });

  it('dialogs.saveFile answers the chosen path, or null when cancelled', async () => {
    const target = path.join(dataDir, 'sortie.xlsx');
    electron.dialogAnswers.save = { canceled: false, filePath: target };
    expect(ok(await invoke('dialogs.saveFile', { defaultName: 'tableaux.xlsx' }))).toEqual({ supported: true, path: target });
    expect(electron.recorded.saveDialogCalls.at(-1)!.options.defaultPath).toBe('tableaux.xlsx');
    electron.dialogAnswers.save = { canceled: true };
    expect(ok(await invoke('dialogs.saveFile', {}))).toEqual({ supported: true, path: null });
  });

  it('dialogs.openWorkspace picks an existing workspace or where to create one', async () => {
    electron.dialogAnswers.open = { canceled: false, filePaths: [workspaceFile] };
    expect(ok(await invoke('dialogs.openWorkspace', {}))).toEqual({ supported: true, path: workspaceFile });
    electron.dialogAnswers.open = { canceled: true, filePaths: [] };
    expect(ok(await invoke('dialogs.openWorkspace', {}))).toEqual({ supported: true, path: null });
    const created = path.join(dataDir, 'nouveau.barometre.sqlite');
    const saveCalls = electron.recorded.saveDialogCalls.length;
    electron.dialogAnswers.save = { canceled: false, filePath: created };
    expect(ok(await invoke('dialogs.openWorkspace', { create: true }))).toEqual({ supported: true, path: created });
    expect(electron.recorded.saveDialogCalls).toHaveLength(saveCalls + 1);
    electron.dialogAnswers.save = { canceled: true };
  });

  it('a workspace created at the picked path is announced to the window and added to the recent menu', async () => {
    const created = path.join(dataDir, 'cree.barometre.sqlite');
    const info = ok<AppInfo>(await invoke('workspace.create', { path: created }));
    expect(info.workspacePath).toBe(created);
    expect(eventsSent('workspace.changed').some((p) => isRecord(p) && p.workspacePath === created)).toBe(true);
    const recent = applicationMenu().find((m) => m.label === 'Fichier')?.submenu?.find((m) => m.label === 'Espaces récents')?.submenu ?? [];
    expect(recent[0]?.label).toContain(created);
    // Back to the seeded workspace for the job below.
    expect(ok<AppInfo>(await invoke('workspace.open', { path: workspaceFile })).workspacePath).toBe(workspaceFile);
  });
});

describe('jobs', () => {
  it('runs exports.structures in the bundled worker and reports job.done to the window', async () => {
    const started = ok<{ jobId: string }>(await invoke('exports.structures', { edition: 2023, codes: ['S0001', 'S0002', 'S0003'] }));
    const message = await mainWindow().webContents.waitForSent(isEvent('job.done', (p) => p.jobId === started.jobId));
    const done = (message.args[0] as { payload: JobDoneEvent }).payload;
    if (!done.ok) throw new Error(`${done.error.code}: ${done.error.message}`);
    const result = done.result as ExportBatchResult;
    expect(result.count).toBe(3);
    expect(result.files.map((f) => path.basename(f).slice(0, 5))).toEqual(['S0001', 'S0002', 'S0003']);
    for (const file of result.files) expect(fs.statSync(file).size, file).toBeGreaterThan(0);
    expect(eventsSent('job.progress').some((p) => isRecord(p) && p.jobId === started.jobId)).toBe(true);

    // shell.openPath opens what the app wrote, and nothing else: same refusal for an existing
    // file and a missing one outside the exports folder, and the OS is never asked.
    const openedBefore = electron.recorded.openedPaths.length;
    expect(ok(await invoke('shell.openPath', { path: result.files[0] }))).toEqual({ opened: true });
    expect(ok(await invoke('shell.openPath', { path: result.folder }))).toEqual({ opened: true });
    expect(electron.recorded.openedPaths.slice(openedBefore)).toEqual([fs.realpathSync(result.files[0]!), fs.realpathSync(result.folder)]);
    const outside = await invoke('shell.openPath', { path: workspaceFile });
    const missing = await invoke('shell.openPath', { path: path.join(dataDir, 'absent.xlsx') });
    expect(errorCode(outside)).toBe('FORBIDDEN');
    expect(missing).toEqual(outside);
    expect(electron.recorded.openedPaths).toHaveLength(openedBefore + 2);
  });
});

describe('shutdown', () => {
  it('saves the window bounds into preferences.json when the window closes', () => {
    const win = mainWindow();
    win.normalBounds = { x: 12, y: 34, width: 1234, height: 777 };
    win.maximized = true;
    win.emit('close', preventableEvent());
    expect(readPrefs().window).toEqual({ x: 12, y: 34, width: 1234, height: 777, maximized: true });
  });

  it('preferences changed during the session (language, last workspace) are on disk before the window closes', async () => {
    const other = path.join(dataDir, 'cree.barometre.sqlite');
    ok(await invoke('app.setLanguage', { lang: 'en' }));
    ok(await invoke('workspace.open', { path: other }));
    const prefs = readPrefs();
    expect(prefs.lang).toBe('en');
    expect(prefs.lastWorkspace).toBe(other);
  });

  // Two copies of the preferences (start-up's and the core's) once let the window's stale copy
  // overwrite the language and recent workspaces on close.
  it('closing the window keeps the preferences changed during the session', () => {
    mainWindow().emit('close', preventableEvent());
    const prefs = readPrefs();
    expect({ lang: prefs.lang, lastWorkspace: prefs.lastWorkspace }).toEqual({ lang: 'en', lastWorkspace: path.join(dataDir, 'cree.barometre.sqlite') });
  });

  it('before-quit is prevented until the core is closed, then the app quits', async () => {
    let workspaceAtQuit: Promise<ApiResponse> | null = null;
    // Runs inside app.quit(): the router handler runs synchronously, so this sees the core then.
    electron.quitHooks.push(() => {
      workspaceAtQuit ??= invoke('app.info', {});
    });
    const event = preventableEvent();
    electron.app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await electron.waitForQuit(1);
    expect(workspaceAtQuit).not.toBeNull();
    expect(ok<AppInfo>(await workspaceAtQuit!).workspacePath).toBe('');
    // The quit main.ts asks for goes through: its own before-quit is not prevented again.
    expect(electron.recorded.quitEvents.map((e) => e.defaultPrevented)).toEqual([false]);
    expect(electron.recorded.quitCalls).toBe(1);
  });
});
