#!/usr/bin/env node
// `npm run typecheck`: every TypeScript project of the repository, each with the ambient types of
// its runtime (see tsconfig.base.json): shared/ (neither Node nor DOM), main/ (Node), renderer/
// (DOM), then the root project (tests, benches, scripts; it also covers the whole tree). Two run
// at a time; every project runs even when one fails, so one command shows all the errors.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const PROJECTS = ['shared/tsconfig.json', 'main/tsconfig.json', 'renderer/tsconfig.json', 'tsconfig.json'];

function check(project) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [tsc, '-p', project, '--pretty'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('close', (code) => resolve({ project, code: code ?? 1, output, ms: Date.now() - started }));
  });
}

const queue = [...PROJECTS];
const results = [];
const workers = Array.from({ length: Math.min(2, os.availableParallelism?.() ?? os.cpus().length, queue.length) }, async () => {
  while (queue.length > 0) {
    const result = await check(queue.shift());
    results.push(result);
    process.stdout.write(`${result.code === 0 ? 'ok    ' : 'ÉCHEC '} ${result.project} (${(result.ms / 1000).toFixed(1)} s)\n`);
    if (result.output.trim()) process.stdout.write(`${result.output.trimEnd()}\n`);
  }
});
await Promise.all(workers);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
