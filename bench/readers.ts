/**
 * Spreadsheet reader benchmark. Generates (once, in bench/out/) a wide xlsx shaped like a
 * national edition in the wide layout: 26,000 audit rows × (10 audit columns + 400 item columns),
 * each row with ~65 non-blank item cells (Oui/Non/NA or numbers), written by ExcelJS's streaming
 * writer with shared strings as Excel does. Then measures, each candidate in its own child
 * process (so its peak RSS is its own):
 *   floor    read the file, inflate the sheet entry, visit every cell with a trivial byte loop;
 *   fast     our xlsx-fast reader (openWorkbook) iterating every row;
 *   exceljs  ExcelJS's streaming reader iterating every row;
 *   sheetjs  SheetJS full read (dense) then iterating every row.
 * Run: `npx tsx bench/readers.ts [--rows 26000] [--cols 400] [--filled 65] [--only floor,fast]`.
 * `runReaderBench(options)` is exported for bench/run.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { openWorkbook } from '../main/import/readers/open-workbook.js';
import { DEFAULT_READER_LIMITS } from '../main/import/readers/types.js';
import { openZip } from '../main/import/readers/zip.js';

export type ReaderCandidate = 'baseline' | 'floor' | 'fast' | 'exceljs' | 'sheetjs';
export const READER_CANDIDATES: readonly ReaderCandidate[] = ['baseline', 'floor', 'fast', 'exceljs', 'sheetjs'];

const LABELS: Record<ReaderCandidate, string> = {
  baseline: 'node + tsx, nothing read (RSS baseline)',
  floor: 'floor: unzip + inflate sheet + byte loop',
  fast: 'xlsx-fast (ours), all rows',
  exceljs: 'ExcelJS streaming reader',
  sheetjs: 'SheetJS full read (dense)',
};

export interface ReaderBenchOptions {
  rows?: number;
  /** Item columns (the 10 audit columns come on top). */
  cols?: number;
  /** Non-blank item cells per row. */
  filled?: number;
  candidates?: readonly ReaderCandidate[];
  outDir?: string;
  log?: (line: string) => void;
}

export interface ReaderBenchMeasure {
  candidate: ReaderCandidate;
  label: string;
  /** Wall time. */
  ms: number;
  /** CPU time (user + system): the ratio uses it, the machine may be busy with other work. */
  cpuMs: number;
  /** CPU time over the floor's CPU time (null for the baseline). */
  ratioToFloor: number | null;
  peakRssMb: number;
  rows: number;
  cells: number;
  error?: string;
}

export interface ReaderBenchResult {
  file: string;
  fileBytes: number;
  sheetBytes: number;
  rows: number;
  cols: number;
  filled: number;
  generateMs: number | null;
  measures: ReaderBenchMeasure[];
  markdown: string;
}

interface ChildReport {
  ms: number;
  /** CPU time (user + system) of the measured work: steadier than wall time on a busy machine. */
  cpuMs: number;
  rows: number;
  cells: number;
  maxRssKb: number;
}

const AUDIT_HEADERS = ['Édition', 'Code structure', 'Structure', 'Catégorie', 'Département', 'Réf. audit', 'Date audit', 'Canal', 'Scénario', 'Enquêteur'];
const CHANNELS = ['Téléphone', 'Courriel', 'Courrier', 'Site internet', 'Réseaux sociaux', 'Visite'];
const CATEGORIES = ['Villes de plus de 50 000 habitants', 'Villes de 20 000 à 50 000 habitants', 'Villes de moins de 20 000 habitants', 'Intercommunalités', 'Départements', 'Régions', 'Autres structures publiques'];

/** Deterministic pseudo-random numbers, so every run benchmarks the same file. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

/** Writes the wide national-edition workbook with ExcelJS's streaming writer. */
export async function generateWideWorkbook(file: string, rows: number, cols: number, filled: number): Promise<void> {
  const random = lcg(2023);
  const temp = `${file}.tmp`;
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temp, useSharedStrings: true, useStyles: true });
  const sheet = writer.addWorksheet('Résultats');
  const itemCodes = Array.from({ length: cols }, (_, i) => `${['TEL', 'MEL', 'COU', 'WEB', 'RSO', 'VIS'][i % 6] ?? 'TEL'}-${String(Math.floor(i / 6) + 1).padStart(3, '0')}`);
  sheet.addRow([...AUDIT_HEADERS, ...itemCodes]).commit();
  const structures = Math.max(1, Math.ceil(rows / 13));
  for (let r = 0; r < rows; r += 1) {
    const structure = r % structures;
    const channel = Math.floor(random() * CHANNELS.length);
    const values: (string | number | Date | undefined)[] = new Array<string | number | Date | undefined>(10 + cols);
    values[0] = 2023;
    values[1] = `${String(structure % 95 + 1).padStart(2, '0')}${String(structure).padStart(4, '0')}`;
    values[2] = `Structure ${structure}`;
    values[3] = CATEGORIES[structure % CATEGORIES.length];
    values[4] = String(structure % 95 + 1).padStart(2, '0');
    values[5] = `A2023-${String(r + 1).padStart(6, '0')}`;
    values[6] = new Date(Date.UTC(2023, 2 + Math.floor(random() * 2), 1 + Math.floor(random() * 28)));
    values[7] = CHANNELS[channel];
    values[8] = `Scénario ${1 + Math.floor(random() * 12)}`;
    values[9] = `ENQ-${String(1 + Math.floor(random() * 40)).padStart(3, '0')}`;
    // The ~65 items of the audit's channel-ish block: contiguous-ish, like a real export.
    const start = Math.floor(random() * Math.max(1, cols - filled * 2));
    let placed = 0;
    for (let c = start; c < cols && placed < filled; c += 1) {
      if (random() < 0.5) continue;
      const roll = random();
      values[10 + c] = roll < 0.55 ? 'Oui' : roll < 0.8 ? 'Non' : roll < 0.9 ? 'NA' : Math.round(random() * 480) / 10;
      placed += 1;
    }
    sheet.addRow(values).commit();
  }
  sheet.commit();
  await writer.commit();
  renameSync(temp, file);
}

// ---------------------------------------------------------------------------------------------
// The candidates, run inside the child process.

function runFloor(file: string): { rows: number; cells: number } {
  const bytes = readFileSync(file);
  const zip = openZip(bytes, path.basename(file), DEFAULT_READER_LIMITS);
  const entry = zip.get('xl/worksheets/sheet1.xml');
  if (!entry) throw new Error('sheet entry not found');
  // The same single-chunk inflate as the ZIP reader: the floor is the best this step can do.
  const xml = inflateRawSync(zip.compressedData(entry), { chunkSize: entry.uncompressedSize + 1 });
  let cells = 0;
  let rows = 0;
  for (let i = 0; i < xml.length; i += 1) {
    if (xml[i] === 60) {
      const next = xml[i + 1];
      if (next === 99) cells += 1;
      else if (next === 114) rows += 1;
    }
  }
  return { rows, cells };
}

function runFast(file: string): { rows: number; cells: number } {
  const workbook = openWorkbook(file);
  const name = workbook.sheetNames[0] ?? '';
  let rows = 0;
  let cells = 0;
  for (const row of workbook.rows(name)) {
    rows += 1;
    for (const cell of row.cells) if (cell !== null) cells += 1;
  }
  return { rows, cells };
}

async function runExcelJs(file: string): Promise<{ rows: number; cells: number }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let rows = 0;
  let cells = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      rows += 1;
      row.eachCell(() => {
        cells += 1;
      });
    }
  }
  return { rows, cells };
}

function runSheetJs(file: string): { rows: number; cells: number } {
  const workbook = XLSX.read(readFileSync(file), { type: 'buffer', cellFormula: false, cellHTML: false, cellDates: false, dense: true });
  const sheet = workbook.Sheets[workbook.SheetNames[0] ?? ''];
  const data: unknown = sheet?.['!data'];
  let rows = 0;
  let cells = 0;
  for (const row of Array.isArray(data) ? (data as (XLSX.CellObject | undefined)[][]) : []) {
    if (!row) continue;
    rows += 1;
    for (const cell of row) if (cell !== undefined && cell.v !== undefined) cells += 1;
  }
  return { rows, cells };
}

async function runChild(candidate: ReaderCandidate, file: string): Promise<void> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let counts = { rows: 0, cells: 0 };
  if (candidate === 'floor') counts = runFloor(file);
  else if (candidate === 'fast') counts = runFast(file);
  else if (candidate === 'exceljs') counts = await runExcelJs(file);
  else if (candidate === 'sheetjs') counts = runSheetJs(file);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const report: ChildReport = { ms, cpuMs: (cpu.user + cpu.system) / 1000, ...counts, maxRssKb: process.resourceUsage().maxRSS };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

// ---------------------------------------------------------------------------------------------
// The parent: generate, spawn each candidate, tabulate.

const here = path.dirname(fileURLToPath(import.meta.url));

function childCommand(): { command: string; args: string[] } {
  const execArgv = process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx'];
  return { command: process.execPath, args: [...execArgv, fileURLToPath(import.meta.url)] };
}

function measure(candidate: ReaderCandidate, file: string): ChildReport {
  const { command, args } = childCommand();
  const result = spawnSync(command, [...args, '--child', candidate, file], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) {
    throw new Error(`${candidate} failed (${result.status ?? 'signal'}): ${result.stderr.slice(-2000)}`);
  }
  return JSON.parse(line) as ChildReport;
}

const fmt = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const fmt2 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

function markdownTable(result: Omit<ReaderBenchResult, 'markdown'>): string {
  const lines = [
    `Fichier : ${path.basename(result.file)} : ${fmt.format(result.rows)} lignes × ${fmt.format(10 + result.cols)} colonnes (~${result.filled} items remplis par ligne), ${fmt2.format(result.fileBytes / 1048576)} Mo compressé, feuille ${fmt2.format(result.sheetBytes / 1048576)} Mo décompressée.`,
    '',
    '| lecteur | temps écoulé (ms) | temps CPU (ms) | × plancher (CPU) | pic RSS (Mo) | lignes | cellules |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const m of result.measures) {
    if (m.error !== undefined) {
      lines.push(`| ${m.label} | échec | | | | | ${m.error.replace(/\|/g, '/').slice(0, 120)} |`);
      continue;
    }
    lines.push(`| ${m.label} | ${fmt.format(m.ms)} | ${fmt.format(m.cpuMs)} | ${m.ratioToFloor === null ? '' : fmt2.format(m.ratioToFloor)} | ${fmt.format(m.peakRssMb)} | ${fmt.format(m.rows)} | ${fmt.format(m.cells)} |`);
  }
  return lines.join('\n');
}

export async function runReaderBench(options: ReaderBenchOptions = {}): Promise<ReaderBenchResult> {
  const rows = options.rows ?? 26_000;
  const cols = options.cols ?? 400;
  const filled = Math.min(options.filled ?? 65, cols);
  const log = options.log ?? ((line: string) => console.log(line));
  const outDir = options.outDir ?? path.join(here, 'out');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `wide-${rows}x${cols}-${filled}.xlsx`);
  let generateMs: number | null = null;
  if (!existsSync(file)) {
    log(`Génération de ${path.basename(file)} (ExcelJS streaming)…`);
    const started = performance.now();
    await generateWideWorkbook(file, rows, cols, filled);
    generateMs = performance.now() - started;
    log(`  écrit en ${fmt.format(generateMs)} ms`);
  }
  const fileBytes = statSync(file).size;
  const zip = openZip(readFileSync(file), path.basename(file), DEFAULT_READER_LIMITS);
  const sheetBytes = zip.get('xl/worksheets/sheet1.xml')?.uncompressedSize ?? 0;

  const candidates = options.candidates ?? READER_CANDIDATES;
  const measures: ReaderBenchMeasure[] = [];
  let floorMs: number | null = null;
  for (const candidate of candidates) {
    log(`Mesure : ${LABELS[candidate]}…`);
    try {
      const report = measure(candidate, file);
      if (candidate === 'floor') floorMs = report.cpuMs;
      measures.push({
        candidate,
        label: LABELS[candidate],
        ms: report.ms,
        cpuMs: report.cpuMs,
        ratioToFloor: null,
        peakRssMb: report.maxRssKb / 1024,
        rows: report.rows,
        cells: report.cells,
      });
    } catch (error) {
      measures.push({ candidate, label: LABELS[candidate], ms: NaN, cpuMs: NaN, ratioToFloor: null, peakRssMb: NaN, rows: 0, cells: 0, error: error instanceof Error ? error.message : String(error) });
    }
  }
  for (const m of measures) {
    if (m.candidate !== 'baseline' && floorMs !== null && m.error === undefined) m.ratioToFloor = m.cpuMs / floorMs;
  }
  const partial = { file, fileBytes, sheetBytes, rows, cols, filled, generateMs, measures };
  return { ...partial, markdown: markdownTable(partial) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      cols: { type: 'string' },
      filled: { type: 'string' },
      only: { type: 'string' },
      child: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.child !== undefined) {
    const file = process.argv[process.argv.length - 1] ?? '';
    await runChild(values.child as ReaderCandidate, file);
    return;
  }
  const only = values.only?.split(',').map((s) => s.trim()).filter((s): s is ReaderCandidate => (READER_CANDIDATES as readonly string[]).includes(s));
  const result = await runReaderBench({
    rows: values.rows === undefined ? undefined : Number(values.rows),
    cols: values.cols === undefined ? undefined : Number(values.cols),
    filled: values.filled === undefined ? undefined : Number(values.filled),
    candidates: only && only.length > 0 ? only : undefined,
  });
  console.log('');
  console.log(result.markdown);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
