#!/usr/bin/env node
// `npm start`: the desktop app where the Electron binary is installed; otherwise browser mode on
// the demo workspace, served on 127.0.0.1 and opened in a local Chromium window (`--app`) when a
// display exists: `barometer serve` run from the compiled CLI bundle (dist/cli/), so the server
// starts from JavaScript as Electron and the CLI do. Never crashes on a fresh machine: a missing
// demo, renderer build or CLI bundle is built or explained.
// Options: --browser (force browser mode), --db FILE (workspace), --port N, --no-open.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/** The user's demo workspace for Electron: the bundled copy, else built once from the generator (fresh clone). */
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

/**
 * The CLI's `main` from its esbuild bundle (dist/cli/, rebuilt first when missing or older than
 * its sources, as bin/barometer.js does), else from the TypeScript sources through tsx: slower,
 * same behaviour. BAROMETER_FROM_SOURCES=1 forces the sources (the bench's before/after).
 */
async function loadCliMain() {
  if (!process.env.BAROMETER_FROM_SOURCES) {
    try {
      const { CLI_ENTRY, buildCli, cliBundleFresh } = await import('../scripts/build-cli.js');
      const entry = cliBundleFresh() ? CLI_ENTRY : await buildCli();
      return (await import(pathToFileURL(entry).href)).main;
    } catch (error) {
      console.log(`Ligne de commande compilée indisponible (${error instanceof Error ? error.message.split('\n')[0] : String(error)}) : démarrage depuis les sources.`);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../main/cli/index.ts')).main;
}

/**
 * Browser mode is `barometer serve` (main/server/browser-mode.ts): the server starts from the
 * compiled CLI bundle, not from TypeScript compiled at run time. BAROMETER_RENDERER_DIR serves an
 * interface built elsewhere (tests, bench) instead of dist/renderer, which is then left alone.
 */
async function startBrowserMode() {
  const rendererDir = process.env.BAROMETER_RENDERER_DIR;
  if (!rendererDir && !rendererBuilt()) buildRenderer();
  const main = await loadCliMain();
  const args = ['serve', ...(typeof values.db === 'string' ? ['--db', path.resolve(values.db)] : ['--demo'])];
  if (typeof values.port === 'string') args.push('--port', values.port);
  if (values['no-open']) args.push('--no-open');
  if (rendererDir) args.push('--renderer', path.resolve(rendererDir));
  process.exit(await main(args));
}

const binary = values.browser ? null : electronBinary();
if (binary) {
  await startElectron(binary);
} else {
  if (!values.browser) console.log("Electron n'est pas installé sur cette machine : démarrage en mode navigateur.");
  await startBrowserMode();
}
