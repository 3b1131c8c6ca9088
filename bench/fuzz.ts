/**
 * `npm run fuzz [-- --seed N --count N --parallel N --timeout-ms N]` (issue 13): a bounded, seeded
 * run of hostile and damaged files (bench/reliability/mutants.ts) through the real CLI, one child
 * process per file, each against a fresh copy of a workspace holding the referential and the
 * structures. Then probes of foreign databases (never touched) and of the browser server (still
 * answering after the hostile uploads). Prints the tables RELIABILITY.md keeps. Not part of
 * `npm test`: the integration tier replays a seeded subset (test/integration/fuzz-subset.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { mutants, seedFilesIn, type Mutant, type Reader } from './reliability/mutants.js';
import { CliWorker, importMessages, integrity, judgeMessage, ONE_GB_KB, pool, runCli, sha256File, type ProbeRun } from './reliability/probe.js';
import { startBrowserServer } from '../main/server/http-server.js';

export type Outcome = 'refused' | 'imported' | 'hung' | 'over-1gb' | 'bad-message' | 'crashed';

export interface MutantResult {
  mutant: Pick<Mutant, 'name' | 'reader' | 'family' | 'description'>;
  outcome: Outcome;
  detail: string;
  peakRssKb: number;
  ms: number;
  integrity: string;
  /** A refused file left the workspace byte-identical. */
  unchanged: boolean | null;
}

/** Classifies one import run of a mutant (shared with the integration subset). */
export function classifyImport(name: string, run: ProbeRun): { outcome: Outcome; detail: string } {
  if (run.overMemory || run.peakRssKb > ONE_GB_KB) return { outcome: 'over-1gb', detail: `${Math.round(run.peakRssKb / 1024)} Mo` };
  if (run.hung) return { outcome: 'hung', detail: `> ${run.ms} ms` };
  if (run.signal || (run.exitCode !== 0 && run.exitCode !== 1)) return { outcome: 'crashed', detail: `code ${run.exitCode} signal ${run.signal} ${run.stderr.slice(0, 300)}` };
  for (const message of importMessages(run)) {
    const verdict = judgeMessage(message);
    if (!verdict.ok) return { outcome: 'bad-message', detail: verdict.reason ?? '' };
  }
  if (run.exitCode === 0) return { outcome: 'imported', detail: '' };
  if (!run.stderr.includes(name)) return { outcome: 'bad-message', detail: `le message ne nomme pas le fichier : ${run.stderr.slice(0, 200)}` };
  return { outcome: 'refused', detail: run.stderr.trim().split('\n')[0]?.slice(0, 200) ?? '' };
}

/** Main file and WAL, hashed together: "byte-identical" covers both. */
function workspaceHash(file: string): string {
  const wal = `${file}-wal`;
  return `${sha256File(file)}:${fs.existsSync(wal) ? sha256File(wal) : '-'}`;
}

/** Generates the seed files and the base workspace (referential + structures) in `dir`. */
export async function prepareBase(dir: string, run: (argv: string[], options: { timeoutMs: number }) => Promise<ProbeRun> = runCli): Promise<{ gen: string; base: string }> {
  const gen = path.join(dir, 'graines');
  const base = path.join(dir, 'base.barometre.sqlite');
  const generated = await run(['generate', '--out', gen, '--structures', '10', '--editions', '2023', '--formats', 'xlsx,csv,xls,ods', '--layout', 'both', '--seed', '7'], { timeoutMs: 120_000 });
  if (generated.exitCode !== 0) throw new Error(`generate: ${generated.stderr}`);
  const imported = await run(['import', path.join(gen, 'referentiel.xlsx'), path.join(gen, 'referentiel-2023.xlsx'), path.join(gen, 'structures.xlsx'), '--db', base, '--json'], { timeoutMs: 120_000 });
  if (imported.exitCode !== 0) throw new Error(`import de base : ${imported.stderr}`);
  return { gen, base };
}

/** Imports one mutant into a fresh copy of the base workspace and judges the run. */
export async function tryMutant(mutant: Mutant, dir: string, base: string, timeoutMs: number, worker: CliWorker): Promise<MutantResult> {
  const slot = fs.mkdtempSync(path.join(dir, 'm-'));
  const file = path.join(slot, mutant.name);
  const workspace = path.join(slot, 'espace.barometre.sqlite');
  fs.writeFileSync(file, mutant.bytes);
  fs.copyFileSync(base, workspace);
  const before = workspaceHash(workspace);
  const run = await worker.run(['import', file, '--db', workspace, '--json'], { timeoutMs });
  const { outcome, detail } = classifyImport(mutant.name, run);
  // Hashed before the integrity check: opening a WAL database, even read-only, adds its -wal and -shm files.
  const unchanged = outcome === 'imported' ? null : workspaceHash(workspace) === before;
  const check = integrity(workspace);
  fs.rmSync(slot, { recursive: true, force: true });
  return { mutant: { name: mutant.name, reader: mutant.reader, family: mutant.family, description: mutant.description }, outcome, detail, peakRssKb: run.peakRssKb, ms: run.ms, integrity: check, unchanged };
}

interface ForeignResult { probe: string; changed: boolean; exitCode: number | null; message: string; verdict: string }

/** CLI commands pointed at databases that are not workspaces: each refused, the file untouched. */
async function foreignProbes(dir: string, gen: string, base: string): Promise<ForeignResult[]> {
  const foreignSqlite = path.join(dir, 'carnet-adresses.sqlite');
  const other = new Database(foreignSqlite);
  other.exec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, nom TEXT); INSERT INTO contacts (nom) VALUES ('Durand'), ('Martin');");
  other.close();
  const text = path.join(dir, 'notes.barometre.sqlite');
  fs.writeFileSync(text, 'Ceci est un texte, pas une base.\n'.repeat(200));
  const damaged = path.join(dir, 'abime.barometre.sqlite');
  const bytes = fs.readFileSync(base);
  bytes.write('SQLite format 2\0', 0, 'latin1');
  fs.writeFileSync(damaged, bytes);
  const appId = path.join(dir, 'autre-appli.sqlite');
  const app = new Database(appId);
  app.pragma('application_id = 1234567');
  app.exec('CREATE TABLE audit (x); CREATE TABLE import (y);');
  app.close();
  const csv = path.join(gen, 'resultats-2023-long.csv');
  const results: ForeignResult[] = [];
  for (const target of [foreignSqlite, text, damaged, appId]) {
    for (const command of [['import', csv], ['imports', 'undo'], ['export', 'structures', '--edition', '2023', '--out-dir', path.join(dir, 'sorties')], ['info'], ['check']]) {
      const before = workspaceHash(target);
      const run = await runCli([...command, '--db', target], { timeoutMs: 60_000 });
      const verdict = judgeMessage(`${run.stderr}\n${run.stdout}`);
      results.push({ probe: `${command.slice(0, 2).join(' ')} → ${path.basename(target)}`, changed: workspaceHash(target) !== before, exitCode: run.exitCode, message: run.stderr.trim().split('\n')[0] ?? '', verdict: verdict.ok ? 'ok' : verdict.reason ?? '' });
    }
  }
  return results;
}

interface ServerResult { uploaded: number; detectAnswered: number; previewDone: boolean; alive: boolean; check: string; notes: string[] }

/** The browser server takes hostile uploads, detection and a preview job, and still answers. */
async function serverProbe(dir: string, base: string, sample: Mutant[]): Promise<ServerResult> {
  const serverDir = fs.mkdtempSync(path.join(dir, 'serveur-'));
  const workspacePath = path.join(serverDir, 'espace.barometre.sqlite');
  fs.copyFileSync(base, workspacePath);
  const server = await startBrowserServer({ workspacePath, prefsFile: path.join(serverDir, 'prefs.json'), stagingDir: path.join(serverDir, 'staging'), resourcesDir: path.join(serverDir, 'resources') });
  const notes: string[] = [];
  const call = async (method: string, input: unknown, timeoutMs = 60_000): Promise<{ ok: boolean; result?: unknown; error?: { message: string } }> => {
    const response = await fetch(`${server.origin}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` }, body: JSON.stringify({ input }), signal: AbortSignal.timeout(timeoutMs) });
    return (await response.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
  };
  const staged: string[] = [];
  let detectAnswered = 0;
  let previewDone = false;
  try {
    for (const mutant of sample) {
      const response = await fetch(`${server.origin}/api/upload?name=${encodeURIComponent(mutant.name)}`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` }, body: new Uint8Array(mutant.bytes), signal: AbortSignal.timeout(60_000) });
      const body = (await response.json()) as { ok: boolean; result?: { path: string }; error?: { message: string } };
      if (!body.ok || !body.result) { notes.push(`dépôt refusé ${mutant.name} : ${body.error?.message ?? ''}`); continue; }
      staged.push(body.result.path);
      const detected = await call('imports.detect', { path: body.result.path });
      detectAnswered += 1;
      if (!detected.ok) {
        const verdict = judgeMessage(detected.error?.message ?? '');
        if (!verdict.ok) notes.push(`${mutant.name} : ${verdict.reason ?? ''}`);
      }
    }
    const started = await call('imports.preview', { files: staged });
    const jobId = (started.result as { jobId?: string } | undefined)?.jobId;
    const deadline = Date.now() + 300_000;
    while (jobId && Date.now() < deadline) {
      const running = (await call('jobs.list', {})).result as Array<{ jobId: string }> | undefined;
      if (!running?.some((job) => job.jobId === jobId)) { previewDone = true; break; }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const info = await call('workspace.info', {}, 10_000);
    const check = await call('workspace.check', {}, 60_000);
    const checkResult = check.result as { ok?: boolean; problems?: unknown[] } | undefined;
    return { uploaded: staged.length, detectAnswered, previewDone, alive: info.ok && check.ok, check: checkResult ? `ok=${String(checkResult.ok)}, ${checkResult.problems?.length ?? 0} problème(s)` : check.error?.message ?? '', notes };
  } catch (error) {
    notes.push(String(error));
    return { uploaded: staged.length, detectAnswered, previewDone, alive: false, check: '', notes };
  } finally {
    await server.close();
  }
}

const OUTCOMES: Array<[Outcome, string]> = [
  ['refused', 'refusés proprement'],
  ['imported', 'importés'],
  ['hung', 'bloqués (> délai)'],
  ['over-1gb', 'au-delà de 1 Go'],
  ['bad-message', 'message non français ou avec trace'],
  ['crashed', 'arrêt anormal'],
];

function table(results: readonly MutantResult[]): string {
  const readers: Reader[] = ['csv', 'xlsx', 'xls', 'ods'];
  const header = `| | ${readers.join(' | ')} | total |`;
  const rule = `|---|${readers.map(() => '---:').join('|')}|---:|`;
  const row = (label: string, keep: (r: MutantResult) => boolean): string =>
    `| ${label} | ${readers.map((reader) => results.filter((r) => r.mutant.reader === reader && keep(r)).length).join(' | ')} | ${results.filter(keep).length} |`;
  return [
    header,
    rule,
    row('essayés', () => true),
    ...OUTCOMES.map(([outcome, label]) => row(label, (r) => r.outcome === outcome)),
    row('espace modifié par un refus', (r) => r.unchanged === false),
    row('integrity_check ≠ ok', (r) => r.integrity !== 'ok'),
  ].join('\n');
}

/** Seconds with one decimal, as a French reader writes them ("3,1"). */
const seconds = (ms: number): string => new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000);

function familyTable(results: readonly MutantResult[]): string {
  const families = [...new Set(results.map((r) => r.mutant.family))].sort();
  const lines = ['| famille | essayés | refusés | importés | pic RSS max | durée max |', '|---|---:|---:|---:|---:|---:|'];
  for (const family of families) {
    const of = results.filter((r) => r.mutant.family === family);
    lines.push(`| ${family} | ${of.length} | ${of.filter((r) => r.outcome === 'refused').length} | ${of.filter((r) => r.outcome === 'imported').length} | ${Math.round(Math.max(...of.map((r) => r.peakRssKb)) / 1024)} Mo | ${seconds(Math.max(...of.map((r) => r.ms)))} s |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      seed: { type: 'string', default: '13' },
      count: { type: 'string', default: '320' },
      parallel: { type: 'string', default: '2' },
      'timeout-ms': { type: 'string', default: '30000' },
      'server-files': { type: 'string', default: '24' },
    },
  });
  const SEED = Number(args.seed);
  const COUNT = Number(args.count);
  const PARALLEL = Number(args.parallel);
  const TIMEOUT_MS = Number(args['timeout-ms']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'barometre-fuzz-'));
  const started = Date.now();
  try {
    const { gen, base } = await prepareBase(dir);
    const seeds = seedFilesIn(gen);
    const list = [...mutants(SEED, COUNT, seeds)];
    console.log(`graine ${SEED} : ${list.length} fichiers, ${PARALLEL} à la fois, délai ${TIMEOUT_MS / 1000} s`);
    const workers = Array.from({ length: PARALLEL }, () => new CliWorker());
    const results = await pool(list, PARALLEL, async (mutant, index, lane) => {
      const result = await tryMutant(mutant, dir, base, TIMEOUT_MS, workers[lane] as CliWorker);
      const flag = result.outcome === 'refused' || result.outcome === 'imported' ? '' : '  <<<';
      console.log(`${String(index + 1).padStart(3)}/${list.length} ${result.outcome.padEnd(11)} ${String(Math.round(result.peakRssKb / 1024)).padStart(4)} Mo ${(result.ms / 1000).toFixed(1).padStart(5)} s  ${mutant.name} — ${mutant.description}${flag}${flag ? ` ${result.detail}` : ''}`);
      return result;
    });
    for (const worker of workers) worker.close();
    const foreign = await foreignProbes(dir, gen, base);
    const server = await serverProbe(dir, base, list.filter((_, i) => i % Math.max(1, Math.floor(list.length / Number(args['server-files']))) === 0).slice(0, Number(args['server-files'])));
    const minutes = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format((Date.now() - started) / 60_000);
    console.log(`\n## Fuzz — graine ${SEED}, ${list.length} fichiers, ${minutes} min (${os.cpus().length} cœurs, ${os.cpus()[0]?.model ?? ''}, Node ${process.version})\n`);
    console.log(table(results));
    console.log(`\n${familyTable(results)}`);
    const failures = results.filter((r) => r.outcome !== 'refused' && r.outcome !== 'imported' || r.unchanged === false || r.integrity !== 'ok');
    if (failures.length > 0) {
      console.log('\nÉchecs :');
      for (const f of failures.slice(0, 40)) console.log(`- ${f.mutant.name} (${f.mutant.description}) : ${f.outcome} ${f.detail} integrity=${f.integrity} unchanged=${f.unchanged}`);
    }
    const foreignChanged = foreign.filter((f) => f.changed).length;
    const foreignBad = foreign.filter((f) => f.verdict !== 'ok' || f.exitCode === 0).length;
    console.log(`\n| bases étrangères | sondes | modifiées | acceptées ou message fautif |\n|---|---:|---:|---:|\n| carnet d'adresses SQLite, texte, en-tête abîmé, autre application | ${foreign.length} | ${foreignChanged} | ${foreignBad} |`);
    for (const f of foreign.filter((x) => x.changed || x.verdict !== 'ok' || x.exitCode === 0)) console.log(`- ${f.probe} : code ${f.exitCode} modifiée=${f.changed} ${f.verdict} « ${f.message} »`);
    console.log(`\n| serveur (mode navigateur) | déposés | détections répondues | aperçu terminé | vivant après | contrôle |\n|---|---:|---:|---|---|---|\n| ${server.uploaded} fichiers hostiles | ${server.uploaded} | ${server.detectAnswered} | ${server.previewDone ? 'oui' : 'non'} | ${server.alive ? 'oui' : 'NON'} | ${server.check} |`);
    for (const note of server.notes) console.log(`- ${note}`);
    const ok = failures.length === 0 && foreignChanged === 0 && foreignBad === 0 && server.alive && server.notes.length === 0;
    process.exitCode = ok ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
