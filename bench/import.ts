/**
 * Import benchmark (issue 2): a generated national edition (2,000 structures × 13 audits, one
 * edition) imported from the wide .xlsx and from the long .csv, against the floor measured in the
 * same run: inflating the worksheet and scanning its cells with no further work, plus inserting
 * the same number of observation rows into a bare SQLite table in one transaction.
 * Each measure runs in its own child process so its peak RSS is its own; the floor and the wide
 * import alternate over 5 rounds and are compared by their medians (the machine's speed drifts). The wide file is also
 * imported on one thread (`threads: 'never'`) to show what the reading thread of
 * main/import/streamed-import.ts brings; each import's phases come from its progress events.
 * Run: `npx tsx bench/import.ts [--structures 2000]`; `runImportBench()` is used by bench/run.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { openWorkspace } from '../main/db/connection.js';
import { generateDemo } from '../main/generate/index.js';
import { importFiles } from '../main/import/index.js';
import { openZip } from '../main/import/readers/zip.js';
import { DEFAULT_READER_LIMITS } from '../main/import/readers/types.js';

type Candidate = 'floor-scan' | 'floor-insert' | 'import-xlsx-wide' | 'import-xlsx-wide-one-thread' | 'import-csv-long';

/** Where an import's time goes, from its progress events (main/import/index.ts). */
interface Phases {
  /** SHA-256 of the file, opening it (unzip, shared strings), detecting its layout and columns. */
  open: number;
  /** Reading the rows (the reader streams them) and validating each cell. */
  validate: number;
  /** Comparing with the workspace and writing audits and observations. */
  write: number;
  /** Refreshing the aggregates, then committing the transaction. */
  aggregate: number;
}

interface ChildReport {
  ms: number;
  /** Of `ms`: refreshing the score aggregates (issue 3) in the same transaction. */
  aggregateMs?: number;
  phases?: Phases;
  rows: number;
  observations: number;
  maxRssKb: number;
}

export interface ImportBenchResult {
  structures: number;
  files: { wide: string; long: string; wideBytes: number; longBytes: number };
  measures: Array<{ candidate: Candidate; ms: number; aggregateMs: number; phases: Phases | null; rows: number; observations: number; peakRssMb: number }>;
  floorMs: number;
  markdown: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const EDITION = 2023;

async function ensureFiles(outDir: string, structures: number): Promise<{ dir: string; referential: string[]; structuresFile: string; wide: string; long: string }> {
  const dir = path.join(outDir, `national-${structures}`);
  const marker = path.join(dir, 'files.json');
  if (!fs.existsSync(marker)) {
    fs.mkdirSync(dir, { recursive: true });
    const wide = await generateDemo({ out: path.join(dir, 'wide'), seed: 7, structures, editions: [EDITION], formats: ['xlsx'], layout: 'wide' });
    const long = await generateDemo({ out: path.join(dir, 'long'), seed: 7, structures, editions: [EDITION], formats: ['csv'], layout: 'long' });
    const pick = (files: typeof wide.files, kind: string): string[] => files.filter((f) => f.kind === kind).map((f) => f.path);
    fs.writeFileSync(marker, JSON.stringify({
      referential: pick(wide.files, 'referential'),
      structuresFile: pick(wide.files, 'structures')[0],
      wide: pick(wide.files, 'results')[0],
      long: pick(long.files, 'results')[0],
    }));
  }
  return { dir, ...(JSON.parse(fs.readFileSync(marker, 'utf8')) as { referential: string[]; structuresFile: string; wide: string; long: string }) };
}

/** Inflate the worksheet and visit every byte, counting rows and cells: what any reader must do. */
function floorScan(file: string): { rows: number; cells: number } {
  const zip = openZip(fs.readFileSync(file), path.basename(file), DEFAULT_READER_LIMITS);
  const entry = zip.entries.find((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  if (!entry) throw new Error('no worksheet');
  const xml = inflateRawSync(zip.compressedData(entry));
  let rows = 0;
  let cells = 0;
  for (let i = 0; i < xml.length; i++) {
    if (xml[i] === 60) {
      const next = xml[i + 1];
      if (next === 99) cells++;
      else if (next === 114) rows++;
    }
  }
  return { rows, cells };
}

/** Insert `count` observation-shaped rows into a bare table, one transaction. */
function floorInsert(count: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-floor-'));
  const db = new Database(path.join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE observation (audit_id INTEGER, item_code TEXT, compliant INTEGER, measure REAL, raw TEXT, comment TEXT, import_id INTEGER)');
  const insert = db.prepare('INSERT INTO observation VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(i >> 6, `TEL-${i & 63}`, i & 1, null, 'Oui', null, 1);
  })();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

function runChild(candidate: Candidate, filesJson: string, observations: number): void {
  const files = JSON.parse(filesJson) as { referential: string[]; structuresFile: string; wide: string; long: string };
  let report: Omit<ChildReport, 'maxRssKb'>;
  if (candidate === 'floor-scan') {
    const started = performance.now();
    const counts = floorScan(files.wide);
    report = { ms: performance.now() - started, rows: counts.rows, observations: counts.cells };
  } else if (candidate === 'floor-insert') {
    const started = performance.now();
    floorInsert(observations);
    report = { ms: performance.now() - started, rows: 0, observations };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
    const db = openWorkspace(path.join(dir, 'w.sqlite'));
    importFiles(db, { files: [...files.referential, files.structuresFile] });
    const started = performance.now();
    // The first time each phase is announced; 'done' closes the aggregates (the commit included).
    const marks = new Map<string, number>();
    const [result] = importFiles(db, { files: [candidate === 'import-csv-long' ? files.long : files.wide] }, {
      // The one-thread line shows what reading on a second thread (main/import/streamed-import.ts) brings.
      threads: candidate === 'import-xlsx-wide-one-thread' ? 'never' : 'auto',
      onProgress: (p) => {
        if (!marks.has(p.phase)) marks.set(p.phase, performance.now() - started);
      },
    }).files;
    const ms = performance.now() - started;
    if (!result || result.status !== 'imported') throw new Error(`import failed: ${JSON.stringify(result?.problems.slice(0, 3))}`);
    const at = (phase: string): number => marks.get(phase) ?? ms;
    const phases: Phases = { open: at('validate'), validate: at('write') - at('validate'), write: at('aggregate') - at('write'), aggregate: at('done') - at('aggregate') };
    report = { ms, aggregateMs: phases.aggregate, phases, rows: result.rowsRead, observations: result.observations.new };
    db.close();
    // Retried: the thread folding the import's journal may still be letting go of the files.
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
  process.stdout.write(`${JSON.stringify({ ...report, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

function measure(candidate: Candidate, filesJson: string, observations: number): ChildReport {
  const execArgv = process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx'];
  const result = spawnSync(process.execPath, [...execArgv, fileURLToPath(import.meta.url), '--child', candidate, '--files', filesJson, '--observations', String(observations)], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`${candidate} failed: ${result.stderr.slice(-2000)}`);
  return JSON.parse(line) as ChildReport;
}

const int = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const two = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export async function runImportBench(options: { structures?: number; rounds?: number; log?: (line: string) => void } = {}): Promise<ImportBenchResult> {
  const structures = options.structures ?? 2000;
  const log = options.log ?? ((line: string) => console.log(line));
  log(`Import : génération (une fois) d'une édition de ${structures} structures…`);
  const files = await ensureFiles(path.join(here, 'out'), structures);
  const filesJson = JSON.stringify(files);
  // The floor and the wide import alternate over several rounds (this machine's speed drifts by a
  // third within minutes): each is the median of its rounds, its peak RSS the highest of them.
  const rounds: Array<{ scan: ChildReport; wide: ChildReport; insert: ChildReport }> = [];
  for (let round = 0; round < (options.rounds ?? 5); round += 1) {
    const scanRound = measure('floor-scan', filesJson, 0);
    const wideRound = measure('import-xlsx-wide', filesJson, 0);
    rounds.push({ scan: scanRound, wide: wideRound, insert: measure('floor-insert', filesJson, wideRound.observations) });
    log(`  tour ${round + 1} : plancher ${int.format(scanRound.ms + rounds[round]!.insert.ms)} ms, import large ${int.format(wideRound.ms)} ms`);
  }
  const median = (pick: (r: (typeof rounds)[number]) => ChildReport): ChildReport => {
    const sorted = rounds.map(pick).sort((a, b) => a.ms - b.ms);
    return { ...sorted[Math.floor(sorted.length / 2)]!, maxRssKb: Math.max(...sorted.map((r) => r.maxRssKb)) };
  };
  const scan = median((r) => r.scan);
  const wide = median((r) => r.wide);
  const insert = median((r) => r.insert);
  const roundRatios = rounds.map((r) => two.format(r.wide.ms / (r.scan.ms + r.insert.ms)));
  const wideOneThread = measure('import-xlsx-wide-one-thread', filesJson, 0);
  const long = measure('import-csv-long', filesJson, 0);
  const floorMs = scan.ms + insert.ms;
  const measures = [
    { candidate: 'floor-scan' as const, ...scan },
    { candidate: 'floor-insert' as const, ...insert },
    { candidate: 'import-xlsx-wide' as const, ...wide },
    { candidate: 'import-xlsx-wide-one-thread' as const, ...wideOneThread },
    { candidate: 'import-csv-long' as const, ...long },
  ].map((m) => ({ candidate: m.candidate, ms: m.ms, aggregateMs: m.aggregateMs ?? 0, phases: m.phases ?? null, rows: m.rows, observations: m.observations, peakRssMb: m.maxRssKb / 1024 }));
  const labels: Record<Candidate, string> = {
    'floor-scan': 'plancher : décompression + parcours de la feuille',
    'floor-insert': 'plancher : insertion brute des observations (1 transaction)',
    'import-xlsx-wide': 'import .xlsx format large',
    'import-xlsx-wide-one-thread': 'import .xlsx format large, sur un seul fil (comparaison)',
    'import-csv-long': 'import .csv format long',
  };
  const lines = [
    `Fichiers : ${path.basename(files.wide)} (${two.format(fs.statSync(files.wide).size / 1048576)} Mo), ${path.basename(files.long)} (${two.format(fs.statSync(files.long).size / 1048576)} Mo). Plancher = ${int.format(floorMs)} ms.`,
    '',
    `Plancher et import large : médianes de ${rounds.length} tours alternés (parcours, import, insertion, puis le tour suivant), pic RSS le plus haut des tours ; les deux autres imports, une mesure. Rapport import large / plancher tour par tour : ${roundRatios.join(' ; ')}.`,
    '',
    '| mesure | temps (ms) | dont agrégats (ms) | lignes/s | observations/s | × plancher | × plancher hors agrégats | pic RSS (Mo) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measures.map((m) => {
      const isImport = m.candidate.startsWith('import');
      return `| ${labels[m.candidate]} | ${int.format(m.ms)} | ${isImport ? int.format(m.aggregateMs) : ''} | ${m.rows ? int.format(m.rows / (m.ms / 1000)) : ''} | ${int.format(m.observations / (m.ms / 1000))} | ${isImport ? two.format(m.ms / floorMs) : ''} | ${isImport ? two.format((m.ms - m.aggregateMs) / floorMs) : ''} | ${int.format(m.peakRssMb)} |`;
    }),
    '',
    "Où va le temps de chaque import (d'après ses événements de progression) :",
    '',
    '| import | ouverture (ms) | lecture des lignes et validation (ms) | comparaison et écriture (ms) | agrégats et COMMIT (ms) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...measures.filter((m) => m.phases !== null).map((m) => `| ${labels[m.candidate]} | ${int.format(m.phases!.open)} | ${int.format(m.phases!.validate)} | ${int.format(m.phases!.write)} | ${int.format(m.phases!.aggregate)} |`),
    '',
    "Les fichiers de résultats volumineux sont lus et validés sur un second fil d'exécution pendant que le premier écrit ce qu'il reçoit (main/import/streamed-import.ts) : la lecture et l'écriture se recouvrent, et les phases « lecture des lignes et validation » et « écriture » ne font plus qu'une (la ligne « sur un seul fil » les montre séparées). Démarrer ce fil coûte environ 0,3 s depuis les sources.",
    '',
    "« Ouverture » : hachage SHA-256 du fichier, décompression et chaînes partagées, détection des colonnes. « Lecture des lignes et validation » : le lecteur fournit les lignes au fil de l'eau, chaque cellule est validée et jugée. « Comparaison et écriture » : audits et observations comparés à l'espace de travail puis écrits. « Agrégats et COMMIT » : le recalcul des scores puis la validation de la transaction sur disque.",
    '',
    "« Agrégats » : le recalcul des scores matérialisés de l'édition (issue 3), fait dans la même transaction que l'écriture ; le plancher n'en comporte pas. L'import inclut aussi le hachage SHA-256 du fichier, la détection, la validation de chaque ligne et la comparaison avec l'espace de travail.",
  ];
  const markdown = lines.join('\n');
  return { structures, files: { wide: files.wide, long: files.long, wideBytes: fs.statSync(files.wide).size, longBytes: fs.statSync(files.long).size }, measures, floorMs, markdown };
}

const { values } = parseArgs({ options: { child: { type: 'string' }, files: { type: 'string' }, observations: { type: 'string' }, structures: { type: 'string' } }, strict: false });
if (values.child) {
  runChild(values.child as Candidate, String(values.files), Number(values.observations ?? 0));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = await runImportBench({ structures: Number(values.structures ?? 2000) });
  console.log(result.markdown);
}
