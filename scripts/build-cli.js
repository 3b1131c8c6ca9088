#!/usr/bin/env node
// Bundles the `barometer` CLI with esbuild into dist/cli/, so the command starts from compiled
// JavaScript instead of compiling TypeScript through tsx on every run (`barometer --help`: ~1.3 s
// through tsx, well under 300 ms from the bundle).
//
// - ES modules with code splitting: every `await import()` in a command becomes its own chunk, so
//   a command loads only what it needs (`--help` never loads ExcelJS, pdfkit, echarts or SheetJS).
// - Every npm package stays external (`packages: 'external'`): better-sqlite3 is native,
//   @resvg/resvg-wasm and the report font read their files next to their package, and Node's own
//   loader handles each package's ESM/CommonJS entry. Only our TypeScript is compiled.
// - Chunks sit next to the entry, so `new URL('./batch-worker-bootstrap.mjs', import.meta.url)` in
//   main/report/batch.ts finds the report worker, bundled as a second entry, and
//   `new URL('./worker-bootstrap.mjs', import.meta.url)` in main/jobs/job-runner.ts finds the job
//   worker (imports and exports started from the interface), a third one, and
//   `new URL('./parse-worker-bootstrap.mjs', import.meta.url)` in main/import/streamed-import.ts the
//   reading thread of a large import, a fourth.
// - Browser mode (`npm start` without Electron) is the `serve` command of this same bundle: one
//   build, one freshness check, and the server starts from JavaScript (bin/start.js).
// - The build is written to a private folder and moved into dist/cli/ file by file, chunks first
//   and entries last (each rename is atomic): two processes building at once (bin/barometer.js
//   builds lazily when the bundle is missing or older than its sources) never expose a half-built
//   bundle. Chunk names carry a content hash, so concurrent builds write identical files.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIR = path.join(root, 'dist', 'cli');
export const CLI_ENTRY = path.join(CLI_DIR, 'barometer.mjs');

/** Where the bundle's inputs live: a change under these folders makes the bundle out of date. */
export const CLI_SOURCE_DIRS = ['main', 'shared'].map((dir) => path.join(root, dir));
const SOURCE_FILE = /\.(ts|mts|mjs|js|json)$/;

/** A chunk left over by an older build is removed once no running command can still need it. */
const STALE_CHUNK_AGE_MS = 60 * 60 * 1000;

/** The newest modification time of the CLI's sources (0 when they are absent, as in a package). */
export function newestSourceMtime(dirs = CLI_SOURCE_DIRS) {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE_FILE.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) walk(dir);
  return newest;
}

/** True when dist/cli/barometer.mjs exists and no source is newer than it. */
export function cliBundleFresh() {
  let built;
  try {
    built = fs.statSync(CLI_ENTRY).mtimeMs;
  } catch {
    return false;
  }
  return newestSourceMtime() <= built;
}

export async function buildCli() {
  // Loaded here, not at the top: bin/barometer.js imports this module on every run to check freshness.
  const { build } = await import('esbuild');
  const staging = path.join(root, 'dist', `.cli-build-${process.pid}-${Date.now()}`);
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const result = await build({
      entryPoints: {
        barometer: path.join(root, 'main', 'cli', 'index.ts'),
        'batch-worker-bootstrap': path.join(root, 'main', 'report', 'batch-worker.ts'),
        'worker-bootstrap': path.join(root, 'main', 'jobs', 'worker.ts'),
        'parse-worker-bootstrap': path.join(root, 'main', 'import', 'parse-worker.ts'),
      },
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      // The oldest Node the project supports (package.json engines).
      target: 'node20.15',
      packages: 'external',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
    });
    fs.mkdirSync(CLI_DIR, { recursive: true });
    const produced = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
    const entries = new Set(['barometer', 'batch-worker-bootstrap', 'worker-bootstrap', 'parse-worker-bootstrap'].flatMap((name) => [`${name}.mjs`, `${name}.mjs.map`]));
    // barometer.mjs last of all: its presence and date say the whole bundle is in place (cliBundleFresh).
    const rank = (name) => (name === 'barometer.mjs' ? 2 : entries.has(name) ? 1 : 0);
    const ordered = [...produced].sort((a, b) => rank(a) - rank(b));
    for (const name of ordered) fs.renameSync(path.join(staging, name), path.join(CLI_DIR, name));
    const keep = new Set(produced);
    const now = Date.now();
    for (const name of fs.readdirSync(CLI_DIR)) {
      if (keep.has(name)) continue;
      const file = path.join(CLI_DIR, name);
      if (now - fs.statSync(file).mtimeMs > STALE_CHUNK_AGE_MS) fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return CLI_ENTRY;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  try {
    await buildCli();
    console.log(`Ligne de commande construite dans ${path.relative(root, CLI_DIR)}/ (${Date.now() - started} ms).`);
  } catch (error) {
    // `npm install` (prepare) must not fail for this: bin/barometer.js builds the bundle on first
    // use, or runs the sources through tsx.
    if (!process.argv.includes('--if-possible')) throw error;
    console.log(`Ligne de commande non construite (${error instanceof Error ? error.message.split('\n')[0] : String(error)}) : elle le sera à la première commande.`);
  }
}
