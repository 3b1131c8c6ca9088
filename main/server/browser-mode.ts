/**
 * Browser mode as a program: picks the workspace (the given file, else the demo, built once from
 * the generator on a fresh clone), starts the HTTP server, prints its address, opens a Chromium
 * `--app` window when a display exists, and stops cleanly on Ctrl+C / SIGTERM. Run by
 * `barometer serve` (main/cli/commands/serve.ts), which `npm start` calls in browser mode: it thus
 * starts from the CLI's esbuild bundle (dist/cli/), never from TypeScript compiled at run time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDemoWorkspace } from '../api/demo.js';
import { appDataFolder, defaultWorkspacePath, demoWorkspacePath } from '../workspace-path.js';
import { startBrowserServer, type BrowserServer } from './http-server.js';

/** The repository (or installed package) root: the same two levels up from main/server/ and from dist/cli/. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The line `npm start` prints once the server listens; tests and the bench read the address after it. */
export const LISTENING_PREFIX = 'Ouvrez : ';

export interface BrowserModeOptions {
  /** The workspace to open; absent: the demo workspace. */
  workspacePath?: string;
  /** 0 or absent: a random free port. */
  port?: number;
  /** Open a Chromium `--app` window when a display exists (default true; BAROMETER_NO_OPEN also prevents it). */
  open?: boolean;
  /** The built interface; default dist/renderer. */
  staticDir?: string;
  out(line: string): void;
}

/** The user's demo workspace: the bundled copy, else built once from the generator (fresh clone). */
async function prepareDemo(out: (line: string) => void): Promise<string | null> {
  const existing = ensureDemoWorkspace(path.join(ROOT, 'resources'));
  if (existing) return existing;
  out("Préparation de l'espace de démonstration à partir du générateur (une seule fois, environ une minute)…");
  try {
    // Loaded here: the generator and the import pipeline bring SheetJS, needed once on a fresh clone.
    const { buildDemoWorkspace } = await import('../demo/build-demo.js');
    return (await buildDemoWorkspace(demoWorkspacePath())).file;
  } catch (error) {
    out(`La démonstration n'a pas pu être construite : ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function findChromium(): string | null {
  if (process.platform !== 'linux' || !process.env.DISPLAY) return null;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => fs.existsSync(file)) ?? null;
}

function openChromium(browser: string, server: BrowserServer): ChildProcess | null {
  try {
    // Chromium refuses to start as root with its sandbox (containers, CI machines); --test-type
    // keeps its "unsupported flag" banner off the app window in that case.
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox', '--test-type'] : [];
    // Chromium's command line is visible to every local user (ps): it gets a one-time code,
    // exchanged at once for a session cookie, never the session token.
    const chromium = spawn(browser, [
      `--app=${server.launchUrl()}`, `--user-data-dir=${path.join(appDataFolder(), 'chromium-profile')}`, '--window-size=1440,900',
      '--no-first-run', '--no-default-browser-check', '--disable-features=Translate', ...asRoot,
    ], { stdio: 'ignore', detached: false });
    chromium.on('error', () => undefined);
    return chromium;
  } catch {
    return null;
  }
}

/** Serves until SIGINT or SIGTERM, then closes the server (and the window it opened) and resolves. */
export async function runBrowserMode(options: BrowserModeOptions): Promise<void> {
  const { out } = options;
  let workspacePath = options.workspacePath ?? (await prepareDemo(out));
  if (!workspacePath) {
    workspacePath = defaultWorkspacePath();
    out(`Espace de démonstration introuvable : ouverture de « ${workspacePath} ». Pour charger la démonstration : npx barometer demo, puis relancez npm start.`);
  }
  const server = await startBrowserServer({ workspacePath, port: options.port ?? 0, ...(options.staticDir ? { staticDir: options.staticDir } : {}) });
  out(`Baromètre Expérience Citoyen — espace « ${path.basename(workspacePath)} »`);
  out(`${LISTENING_PREFIX}${server.url}`);
  out('(Ctrl+C pour arrêter)');

  const browser = options.open === false || process.env.BAROMETER_NO_OPEN ? null : findChromium();
  const chromium = browser ? openChromium(browser, server) : null;

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      out('\nArrêt…');
      if (chromium && chromium.exitCode === null) chromium.kill('SIGTERM');
      void server.close().finally(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
