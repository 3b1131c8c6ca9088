/**
 * Runs a bench module COMPILED, as the shipped command line runs (dist/cli is an esbuild bundle):
 * through tsx, the transpiler and its caches add ~100-150 MB to the process's resident memory and
 * slow its first minutes, which a memory goal must not count. The module is bundled with esbuild
 * (our TypeScript compiled, npm packages left external, as scripts/build-cli.js does) into
 * bench/out/compiled/ and run by a child `node`; its progress lines are passed through, and its
 * result comes back as JSON.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Runs `exported(options)` of `moduleFile` (an async function taking an options object whose
 * `log` prints progress) in a compiled child process and returns its result.
 */
export async function runCompiledBench<T>(moduleFile: string, exported: string, options: Record<string, unknown>, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<T> {
  const { build } = await import('esbuild');
  const outDir = path.join(here, 'out', 'compiled');
  fs.mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${path.basename(moduleFile, path.extname(moduleFile))}-${exported}.mjs`);
  // The bench modules run their own command line when `import.meta.url` is argv[1]: in one bundle
  // every module shares the bundle's URL, so argv[1] is set aside before any of them runs.
  await build({
    stdin: {
      contents: `import { ${exported} } from './${moduleFile}';
const options = JSON.parse(process.env.BENCH_OPTIONS ?? '{}');
const result = await ${exported}({ ...options, log: (line) => process.stderr.write(line + '\\n') });
process.stdout.write(JSON.stringify(result) + '\\n');`,
      resolveDir: here,
      sourcefile: `${moduleFile}-compiled-entry.ts`,
      loader: 'ts',
    },
    banner: { js: "process.argv[1] = '(bench compilé)';" },
    outfile, bundle: true, format: 'esm', platform: 'node', packages: 'external', target: 'node20', logLevel: 'warning',
  });
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, [outfile], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BENCH_OPTIONS: JSON.stringify(options) } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { for (const line of chunk.split('\n')) if (line.trim()) log(line); });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${moduleFile} compilé : code de sortie ${code}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${moduleFile} compilé : pas de résultat JSON (${last.slice(0, 200)})`));
      }
    });
  });
}
