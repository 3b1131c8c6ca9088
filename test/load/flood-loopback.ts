/**
 * Test-only load script (not part of any test run): starts the browser-mode server in a child
 * process on 127.0.0.1 over a generated national-size workspace, sends N concurrent
 * `analytics.scores {level: "item"}` calls (each with a timeout; the script stops by itself),
 * then checks the server still answers `app.info`, and prints the statuses and the server's
 * peak resident memory (VmHWM, Linux). Loopback only: the server binds 127.0.0.1.
 *
 *   npx tsx test/load/flood-loopback.ts [--concurrent 2000] [--structures 500] [--items 12]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openWorkspace } from '../../main/db/connection.js';
import { refreshAggregates } from '../../main/analytics/index.js';
import { generateWorkspace } from '../../bench/analytics.js';

const { values } = parseArgs({ options: {
  concurrent: { type: 'string', default: '2000' },
  structures: { type: 'string', default: '500' },
  items: { type: 'string', default: '12' },
  timeout: { type: 'string', default: '180' },
} });
const concurrent = Number(values.concurrent);
const timeoutMs = Number(values.timeout) * 1000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'barometre-flood-'));
const dbFile = path.join(dir, 'national.barometre.sqlite');
const db = openWorkspace(dbFile);
generateWorkspace(db, { structures: Number(values.structures), editions: 2, auditsPerStructure: 13, itemsPerChannel: Number(values.items), firstYear: 2022 });
refreshAggregates(db, { editions: [2022, 2023] });
db.close();

// The server in its own process, so its memory is its own; it prints its port and token.
const serverCode = `
  const { startBrowserServer } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../../main/server/http-server.ts'))});
  const s = await startBrowserServer({ workspacePath: ${JSON.stringify(dbFile)}, prefsFile: ${JSON.stringify(path.join(dir, 'prefs.json'))}, stagingDir: ${JSON.stringify(path.join(dir, 'staging'))} });
  console.log(JSON.stringify({ port: s.port, token: s.token }));
`;
const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', serverCode], { stdio: ['ignore', 'pipe', 'inherit'] });
const { port, token } = await new Promise<{ port: number; token: string }>((resolve, reject) => {
  let text = '';
  child.stdout.on('data', (c: Buffer) => {
    text += c.toString();
    const line = text.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve(JSON.parse(line) as { port: number; token: string });
  });
  child.on('exit', (code) => reject(new Error(`server exited (${code})`)));
});

function peakRss(): string {
  try {
    return /VmHWM:\s*(\d+ kB)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? '?';
  } catch {
    return 'process gone';
  }
}

function call(method: string, input: unknown): Promise<number | string> {
  const body = JSON.stringify({ input });
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/api/${method}`, agent: false, headers: {
      Host: `127.0.0.1:${port}`, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': String(body.length),
    } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (e) => resolve(`error ${e.message}`));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve(`error ${(e as NodeJS.ErrnoException).code ?? e.message}`));
    req.end(body);
  });
}

try {
  console.log(`Serveur prêt (pid ${child.pid}), RSS de pointe ${peakRss()} ; ${concurrent} appels simultanés…`);
  const started = Date.now();
  const statuses = await Promise.all(Array.from({ length: concurrent }, () => call('analytics.scores', { edition: 2023, level: 'item' })));
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(String(s), (counts.get(String(s)) ?? 0) + 1);
  console.log(`Réponses en ${((Date.now() - started) / 1000).toFixed(1)} s :`, Object.fromEntries(counts));
  console.log(`RSS de pointe du serveur : ${peakRss()}`);
  console.log(`app.info après le flot : ${await call('app.info', {})}`);
} finally {
  child.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
