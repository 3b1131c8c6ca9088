/**
 * `npm start` in browser mode, as a user runs it: `node bin/start.js` in a child process on a
 * temporary copy of a workspace, without opening a window. It prints the address with its token;
 * the test calls the API over real HTTP (app.info, then an import preview run by a job worker,
 * which must be found next to the compiled bundle), fetches the page, and stops the process with
 * SIGTERM as Ctrl+C would. The server starts from the compiled CLI bundle (dist/cli/, built
 * lazily by bin/start.js); the second case forces the TypeScript sources (the fallback) and lets
 * start.js find Electron missing, which it must say.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import type { AppInfo, JobDoneEvent, StagedFile } from '../../shared/api-types.js';
import { tempDir } from './helpers.js';
import { loadedAmong, startupImports } from './startup-imports.js';
import { REFERENTIAL_HEADER, REFERENTIAL_ROWS } from '../fixtures/small-barometer.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const START = path.join(REPO_ROOT, 'bin', 'start.js');

let dir = '';
let original = '';
let rendererDir = '';
const children: ChildProcess[] = [];

beforeAll(() => {
  dir = tempDir('barometre-start-');
  original = path.join(dir, 'original.barometre.sqlite');
  openWorkspace(original).close();
  // A stand-in interface: start.js must serve this folder and leave dist/renderer alone (no build).
  rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>interface de test</title><p>interface de test</p>');
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A port free right now (the server is asked for it with --port). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Started {
  child: ChildProcess;
  url: URL;
  token: string;
  output: () => string;
}

/** Runs bin/start.js and waits for the « Ouvrez : URL » line. */
async function start(args: string[], env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [START, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, BAROMETER_HOME: path.join(dir, 'app-data'), BAROMETER_RENDERER_DIR: rendererDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  child.stderr!.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pas d'adresse après 90 s :\n${out}`)), 90_000);
    const check = (): void => {
      const match = /^Ouvrez : (\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1] as string));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bin/start.js s'est arrêté (code ${code}) :\n${out}`));
    });
  });
  return { child, url, token: url.searchParams.get('token') ?? '', output: () => out };
}

async function call<T>(started: Started, method: string, input: unknown = {}): Promise<T> {
  const response = await fetch(`${started.url.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${started.token}` },
    body: JSON.stringify({ input }),
  });
  const body = (await response.json()) as { ok: boolean; result?: T; error?: unknown };
  expect(body.ok, JSON.stringify(body.error)).toBe(true);
  return body.result as T;
}

/** Stages a small referential file and previews its import: a job worker thread does the work. */
async function previewImportThroughJob(started: Started): Promise<JobDoneEvent> {
  const controller = new AbortController();
  const events = await fetch(`${started.url.origin}/api/events?token=${started.token}`, { signal: controller.signal });
  expect(events.status).toBe(200);
  const csv = [REFERENTIAL_HEADER, ...REFERENTIAL_ROWS].map((row) => row.map((cell) => (cell === null ? '' : String(cell))).join(';')).join('\n');
  const staged = await call<StagedFile>(started, 'imports.stage', { name: 'referentiel.csv', dataBase64: Buffer.from(csv, 'utf8').toString('base64') });
  const { jobId } = await call<{ jobId: string }>(started, 'imports.preview', { files: [staged.path] });
  const reader = events.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('flux d’événements fermé avant la fin du travail');
      buffer += decoder.decode(value, { stream: true });
      for (const block of buffer.split('\n\n')) {
        const data = /^event: job\.done\ndata: (.+)$/m.exec(block)?.[1];
        const event = data ? (JSON.parse(data) as JobDoneEvent) : null;
        if (event?.jobId === jobId) return event;
      }
    }
  } finally {
    controller.abort();
  }
}

/** SIGTERM (what Ctrl+C's SIGINT also does): the server closes and the process exits with 0. */
async function stop(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill('SIGTERM');
  return exited;
}

describe('npm start in browser mode (bin/start.js)', () => {
  it('serves a workspace copy from the compiled bundle with --browser --port N --no-open, runs a job worker, and stops cleanly', async () => {
    const copy = path.join(dir, 'copie.barometre.sqlite');
    fs.copyFileSync(original, copy);
    const port = await freePort();
    const started = await start(['--db', copy, '--browser', '--port', String(port), '--no-open'], { BAROMETER_FROM_SOURCES: '' });
    try {
      expect(started.url.origin).toBe(`http://127.0.0.1:${port}`);
      expect(started.token).toMatch(/^[\w-]{20,}$/);
      expect(started.output()).toContain('espace « copie.barometre.sqlite »');
      // --browser asked for it: no word about Electron.
      expect(started.output()).not.toContain('Electron');

      const info = await call<AppInfo>(started, 'app.info');
      expect(info.mode).toBe('browser');
      expect(fs.realpathSync(info.workspacePath)).toBe(fs.realpathSync(copy));
      expect(info.workspaceName).toBe('copie.barometre.sqlite');

      // The job worker (dist/cli/worker-bootstrap.mjs next to the bundle's chunks) runs the preview.
      const done = await previewImportThroughJob(started);
      expect(done.ok, JSON.stringify(done)).toBe(true);
      expect(done.method).toBe('imports.preview');

      const page = await fetch(`${started.url.origin}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('interface de test');
      // Without the token, the API refuses.
      expect((await fetch(`${started.url.origin}/api/app.info`, { method: 'POST', body: '{}' })).status).toBe(401);
    } finally {
      expect(await stop(started)).toBe(0);
    }
    expect(started.output()).toContain('Arrêt…');
    // It ran from the bundle, which is now in place and fresh.
    const { cliBundleFresh } = await import('../../scripts/build-cli.js');
    expect(cliBundleFresh()).toBe(true);
    expect(fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'worker-bootstrap.mjs'))).toBe(true);
    // The port is free again.
    const again = net.createServer();
    await new Promise<void>((resolve, reject) => again.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });

  it('says that Electron is missing, then starts browser mode (here from the TypeScript sources, the fallback)', async () => {
    const copy = path.join(dir, 'copie-2.barometre.sqlite');
    fs.copyFileSync(original, copy);
    // An Electron folder without the binary: start.js must find no Electron.
    const noElectron = path.join(dir, 'electron-absent');
    fs.mkdirSync(noElectron, { recursive: true });
    const started = await start(['--db', copy, '--no-open'], { ELECTRON_OVERRIDE_DIST_PATH: noElectron, BAROMETER_FROM_SOURCES: '1' });
    try {
      expect(started.output()).toContain("Electron n'est pas installé sur cette machine : démarrage en mode navigateur.");
      const info = await call<AppInfo>(started, 'app.info');
      expect(fs.realpathSync(info.workspacePath)).toBe(fs.realpathSync(copy));
    } finally {
      expect(await stop(started)).toBe(0);
    }
  });
});

/**
 * Packages the browser-mode server must not load before it listens: the deliverables' writers
 * (ExcelJS, pdfkit, echarts, fontkit, resvg) and DuckDB cost ~0.7 s of CPU together, paid by the
 * call that writes a deliverable instead. zod stays (it checks every call) and so does SheetJS for
 * now (the import pipeline's rejects workbook, main/import/rejects.ts).
 */
const NOT_AT_SERVER_START = ['exceljs', 'pdfkit', 'svg-to-pdfkit', 'fontkit', 'echarts', '@resvg/resvg-wasm', '@duckdb/node-api'];

describe('browser-mode start-up boundary', () => {
  it('the server loads no deliverable writer before it listens (they are imported by the call that needs them)', async () => {
    // What Node loads before `runBrowserMode` runs.
    const { sources, packages } = await startupImports(REPO_ROOT, 'main/server/browser-mode.ts', path.join(dir, 'graph-out'));
    expect(sources.has('main/api/core.ts')).toBe(true);
    expect(packages.has('better-sqlite3')).toBe(true);
    expect(loadedAmong(packages, NOT_AT_SERVER_START)).toEqual([]);
  });
});
