#!/usr/bin/env node
// `npm start`: the desktop app where the Electron binary is installed; otherwise browser mode on
// the demo workspace, served on 127.0.0.1 and opened in a local Chromium window (`--app`) when a
// display exists. Never crashes on a fresh machine: a missing demo or renderer build is explained.
// Options: --browser (force browser mode), --db FILE (workspace), --port N, --no-open.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    db: { type: 'string' },
    port: { type: 'string' },
    'no-open': { type: 'boolean', default: false },
  },
  allowPositionals: true,
  strict: false,
});

/**
 * The Electron binary's path, or null when it was never downloaded. We read the electron package's
 * path.txt ourselves: `require('electron')` would try to download the binary when it is missing.
 */
function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const file = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8') : 'electron');
    return fs.existsSync(file) ? file : null;
  }
  if (!fs.existsSync(pathFile)) return null;
  const file = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(file) ? file : null;
}

const SOURCE_FILE = /\.(ts|tsx|css|html|svg)$/;

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (SOURCE_FILE.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Built, and not older than its sources (after a `git pull`, the interface is rebuilt). */
function rendererBuilt() {
  const index = path.join(root, 'dist', 'renderer', 'index.html');
  if (!fs.existsSync(index)) return false;
  const sources = Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'shared')));
  return sources <= fs.statSync(index).mtimeMs;
}

function buildRenderer() {
  console.log("Construction de l'interface (à la première utilisation et après une mise à jour, moins d'une minute)…");
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = spawnSync(npx, ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) console.error("La construction de l'interface a échoué : lancez « npm run build:renderer » pour voir le détail.");
}

async function startElectron(binary) {
  const mainBundle = path.join(root, 'dist', 'electron', 'main.cjs');
  const stale = !fs.existsSync(mainBundle)
    || Math.max(newestMtime(path.join(root, 'main')), newestMtime(path.join(root, 'shared'))) > fs.statSync(mainBundle).mtimeMs;
  if (stale) {
    const { buildMain } = await import('../scripts/build-main.js');
    await buildMain();
  }
  if (!rendererBuilt()) buildRenderer();
  if (typeof values.db !== 'string') {
    const { register } = await import('tsx/esm/api');
    register();
    await prepareDemo();
  }
  const args = [root, ...(typeof values.db === 'string' ? [path.resolve(values.db)] : [])];
  const child = spawn(binary, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code) => process.exit(code ?? 0));
}

function findChromium() {
  if (process.platform !== 'linux' || !process.env.DISPLAY) return null;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => fs.existsSync(file)) ?? null;
}

/** The user's demo workspace: the bundled copy, else built once from the generator (fresh clone). */
async function prepareDemo() {
  const { ensureDemoWorkspace } = await import('../main/api/demo.ts');
  const existing = ensureDemoWorkspace(path.join(root, 'resources'));
  if (existing) return existing;
  const { buildDemoWorkspace } = await import('../main/demo/build-demo.ts');
  const { demoWorkspacePath } = await import('../main/workspace-path.ts');
  console.log("Préparation de l'espace de démonstration à partir du générateur (une seule fois, environ une minute)…");
  try {
    return (await buildDemoWorkspace(demoWorkspacePath())).file;
  } catch (error) {
    console.log(`La démonstration n'a pas pu être construite : ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

async function startBrowserMode() {
  const { register } = await import('tsx/esm/api');
  register();
  const { startBrowserServer } = await import('../main/server/http-server.ts');
  const { defaultWorkspacePath, appDataFolder } = await import('../main/workspace-path.ts');

  let workspacePath = typeof values.db === 'string' ? path.resolve(values.db) : await prepareDemo();
  if (!workspacePath) {
    workspacePath = defaultWorkspacePath();
    console.log(`Espace de démonstration introuvable : ouverture de « ${workspacePath} ». Pour charger la démonstration : npx barometer demo, puis relancez npm start.`);
  }
  if (!rendererBuilt()) buildRenderer();

  const server = await startBrowserServer({ workspacePath, port: typeof values.port === 'string' ? Number(values.port) : 0 });
  console.log(`Baromètre Expérience Citoyen — espace « ${path.basename(workspacePath)} »`);
  console.log(`Ouvrez : ${server.url}`);
  console.log('(Ctrl+C pour arrêter)');

  let chromium = null;
  const browser = values['no-open'] || process.env.BAROMETER_NO_OPEN ? null : findChromium();
  if (browser) {
    try {
      // Chromium refuses to start as root with its sandbox (containers, CI machines); --test-type
      // keeps its "unsupported flag" banner off the app window in that case.
      const asRoot = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox', '--test-type'] : [];
      // Chromium's command line is visible to every local user (ps): it gets a one-time code,
      // exchanged at once for a session cookie, never the session token.
      chromium = spawn(browser, [
        `--app=${server.launchUrl()}`, `--user-data-dir=${path.join(appDataFolder(), 'chromium-profile')}`, '--window-size=1440,900',
        '--no-first-run', '--no-default-browser-check', '--disable-features=Translate', ...asRoot,
      ], { stdio: 'ignore', detached: false });
      chromium.on('error', () => { chromium = null; });
    } catch {
      chromium = null;
    }
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nArrêt…');
    if (chromium && chromium.exitCode === null) chromium.kill('SIGTERM');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

const binary = values.browser ? null : electronBinary();
if (binary) {
  await startElectron(binary);
} else {
  if (!values.browser) console.log("Electron n'est pas installé sur cette machine : démarrage en mode navigateur.");
  await startBrowserMode();
}
