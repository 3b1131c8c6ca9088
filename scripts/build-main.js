#!/usr/bin/env node
// Bundles the Electron side with esbuild into dist/electron/: main.cjs (main process), preload.cjs
// (sandboxed preload), worker.cjs (job worker thread) and parse-worker.cjs (the reading thread of
// a large import, which main/import/streamed-import.ts looks for next to the bundle it runs from). Native and heavy packages stay external:
// better-sqlite3 (loaded with the Electron build from resources/native/electron), electron itself,
// and exceljs. `import.meta.url` is mapped to the bundle's own file URL so shared modules that use
// it keep working in CommonJS.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 45 runs Node 22.
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3', 'exceljs'],
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};

/** Builds the bundles into `into` (dist/electron/ by default; tests build their own copy). */
export async function buildMain(into = outdir) {
  await Promise.all([
    build({ ...common, entryPoints: [path.join(root, 'main/electron/main.ts')], outfile: path.join(into, 'main.cjs') }),
    build({ ...common, entryPoints: [path.join(root, 'main/electron/preload.ts')], outfile: path.join(into, 'preload.cjs'), sourcemap: false }),
    build({ ...common, entryPoints: [path.join(root, 'main/electron/worker-entry.ts')], outfile: path.join(into, 'worker.cjs') }),
    build({ ...common, entryPoints: [path.join(root, 'main/import/parse-worker.ts')], outfile: path.join(into, 'parse-worker.cjs') }),
  ]);
  return into;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await buildMain();
  console.log(`Processus principal construit dans ${path.relative(root, outdir)}/ (${Date.now() - started} ms).`);
}
