/**
 * CSV reader benchmark: iterates every row of a big CSV with our reader (openWorkbook, as the
 * import does) and compares it with the floor, each in its own child process so its peak RSS is
 * its own:
 *   baseline  node + tsx, nothing read (the RSS every candidate pays anyway);
 *   floor     read the file in 1 MiB chunks and count the newlines (Buffer.indexOf);
 *   reader    openWorkbook(file) then every row of its one sheet, counting the non-empty cells.
 * The file defaults to the national edition in the long layout written by bench/import.ts
 * (`npx tsx bench/import.ts --structures 2000` generates it when missing).
 * Run: `npx tsx bench/csv.ts [--file path.csv] [--only floor,reader]`.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openWorkbook } from '../main/import/readers/open-workbook.js';

type Candidate = 'baseline' | 'floor' | 'reader';
const CANDIDATES: readonly Candidate[] = ['baseline', 'floor', 'reader'];
const LABELS: Record<Candidate, string> = {
  baseline: 'node + tsx, rien lu (RSS de base)',
  floor: 'plancher : octets par blocs de 1 Mio + fins de ligne',
  reader: 'lecteur CSV (openWorkbook), toutes les lignes',
};

interface ChildReport {
  ms: number;
  cpuMs: number;
  rows: number;
  cells: number;
  maxRssKb: number;
  dialect: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_FILE = path.join(here, 'out', 'national-2000', 'long', 'resultats-2023-long.csv');

function runFloor(file: string): { rows: number; cells: number } {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let rows = 0;
  try {
    let read: number;
    while ((read = readSync(fd, buffer, 0, buffer.length, null)) > 0) {
      const view = buffer.subarray(0, read);
      let at = view.indexOf(10);
      while (at >= 0) {
        rows += 1;
        at = view.indexOf(10, at + 1);
      }
    }
  } finally {
    closeSync(fd);
  }
  return { rows, cells: 0 };
}

function runReader(file: string): { rows: number; cells: number; dialect: string } {
  const workbook = openWorkbook(file);
  const sheet = workbook.sheetNames[0] ?? '';
  let rows = 0;
  let cells = 0;
  for (const row of workbook.rows(sheet)) {
    rows += 1;
    for (const cell of row.cells) if (cell !== null) cells += 1;
  }
  const dialect = workbook.csvDialect;
  return { rows, cells, dialect: dialect ? `${dialect.encoding}, « ${dialect.separator === '\t' ? 'tab' : dialect.separator} »` : workbook.format };
}

function runChild(candidate: Candidate, file: string): void {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let counts = { rows: 0, cells: 0, dialect: '' };
  if (candidate === 'floor') counts = { ...runFloor(file), dialect: '' };
  else if (candidate === 'reader') counts = runReader(file);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const report: ChildReport = { ms, cpuMs: (cpu.user + cpu.system) / 1000, ...counts, maxRssKb: process.resourceUsage().maxRSS };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function measure(candidate: Candidate, file: string): ChildReport {
  const execArgv = process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx'];
  const result = spawnSync(process.execPath, [...execArgv, fileURLToPath(import.meta.url), '--child', candidate, '--file', file], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) {
    throw new Error(`${candidate} failed (${result.status ?? 'signal'}): ${result.stderr.slice(-2000)}`);
  }
  return JSON.parse(line) as ChildReport;
}

const fmt = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const fmt2 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

function main(): void {
  const { values } = parseArgs({ options: { file: { type: 'string' }, only: { type: 'string' }, child: { type: 'string' } } });
  const file = path.resolve(values.file ?? DEFAULT_FILE);
  if (values.child !== undefined) {
    runChild(values.child as Candidate, file);
    return;
  }
  if (!existsSync(file)) {
    console.error(`Fichier absent : ${file}\nGénérez-le avec : npx tsx bench/import.ts --structures 2000`);
    process.exitCode = 1;
    return;
  }
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : null;
  const candidates = CANDIDATES.filter((c) => !only || only.includes(c) || c === 'baseline');
  const measures = new Map<Candidate, ChildReport>();
  for (const candidate of candidates) measures.set(candidate, measure(candidate, file));
  const floor = measures.get('floor');
  console.log(`Fichier : ${path.relative(process.cwd(), file)} (${fmt2.format(statSync(file).size / 1048576)} Mo)\n`);
  console.log('| candidat | temps écoulé (ms) | temps CPU (ms) | × plancher (CPU) | pic RSS (Mo) | lignes | cellules | dialecte |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const [candidate, m] of measures) {
    const ratio = floor && candidate !== 'baseline' ? fmt2.format(m.cpuMs / floor.cpuMs) : '';
    console.log(`| ${LABELS[candidate]} | ${fmt.format(m.ms)} | ${fmt.format(m.cpuMs)} | ${ratio} | ${fmt.format(m.maxRssKb / 1024)} | ${fmt.format(m.rows)} | ${fmt.format(m.cells)} | ${m.dialect} |`);
  }
}

main();
