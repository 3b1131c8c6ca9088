/**
 * Export benchmark (issues 5 and 11): the batch of per-structure workbooks of a national edition
 * (2,000 structures, ~390 items, 13 audits each: the synthetic workspace of bench/analytics.ts,
 * two editions so the trend sheet has a comparison), in workbooks/s and peak RSS, against a bare
 * ExcelJS streaming write of the same cells (same workbooks, sheets and values; no styles, no
 * queries, no sizing), the yardstick of both issues.
 *
 * Each side runs in a process of its own (a child of this one, opening the workspace itself), so
 * that each peak RSS is that side's alone: in one process, the heap one writer grew stays with the
 * process and the other is charged for it. The real batch's process loads what
 * `barometer export structures` loads (ExcelJS is not among them any more). The two alternate by
 * chunks of 100 structures, so that a busy machine weighs on both alike. Goals: real batch
 * ≤ 500 MB peak RSS and ≥ 9,7 workbooks/s (its speed before the project's own xlsx writer);
 * ratio real / bare ≤ 2 (issue 5).
 * Run: `npx tsx bench/export.ts [--structures N] [--limit N] [--dir DOSSIER (réutilise l'espace)] [--keep]`.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openWorkspace } from '../main/db/connection.js';
import { exportStructureWorkbooks, structuresOfEdition } from '../main/export/batch.js';
import { buildStructureExportContext, structureWorkbookSpec } from '../main/export/structure-workbook.js';
import type { StructureExportContext } from '../main/export/structure-workbook.js';
import { safeCellValue } from '../main/export/safe-cells.js';
import type { WorkbookSpec } from '../main/export/workbook-kit.js';

export interface ExportBenchOptions {
  structures?: number;
  itemsPerChannel?: number;
  dir?: string;
  keep?: boolean;
  /** Structures per alternation between the real batch and the bare baseline (default 100). */
  chunk?: number;
  /** Writes only the first N structures of the edition (a quick check of the bench itself). */
  limit?: number;
  log?: (line: string) => void;
}

export interface ExportBenchResult {
  structures: number;
  items: number;
  cellsPerWorkbook: number;
  generateMs: number;
  /** The real batch: context, queries, specs, styled streaming writes, temp + rename. */
  batchMs: number;
  workbooksPerSecond: number;
  /** Peak RSS of the real batch's process (kernel high-water mark, checked against a sampler). */
  peakRssMb: number;
  /** Of the real batch's process: before the first workbook (modules loaded, workspace open, edition context read). */
  baseRssMb: number;
  /** Of the batch: building the workbook descriptions (analytics queries included). */
  specMs: number;
  /** Bare ExcelJS streaming writes of the same cells. */
  bareMs: number;
  bareWorkbooksPerSecond: number;
  bareRssMb: number;
  /** batchMs / bareMs: the goal of issue 5 is ≤ 2. */
  ratio: number;
  averageFileKb: number;
  loadAverage: number;
}

/** The cells of a spec as plain rows per sheet (what the bare writer writes). */
function plainSheets(spec: WorkbookSpec): Array<{ name: string; rows: unknown[][] }> {
  return spec.sheets.map((s) => {
    if (s.kind === 'report') return { name: s.name, rows: [[s.title]] };
    if (s.kind === 'notes') {
      return { name: s.name, rows: [[s.title], ...s.sections.flatMap((sec) => [[sec.heading ?? ''], ...sec.lines.map((l) => (typeof l === 'string' ? [l] : [l.label ?? '', l.value]))])] };
    }
    return { name: s.name, rows: [[s.title], ...(s.subtitle ?? []).map((x) => [x]), s.columns.map((c) => c.header), ...s.rows, ...(s.notes ?? []).map((x) => [x])] };
  });
}

async function bareWrite(file: string, sheets: Array<{ name: string; rows: unknown[][] }>): Promise<number> {
  // Loaded here: only the bare side's process holds ExcelJS.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  let cells = 0;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.replace(/[:\\/?*[\]]/g, '-').slice(0, 31));
    for (const r of s.rows) {
      ws.addRow(r.map((v) => safeCellValue(v))).commit();
      cells += r.length;
    }
    ws.commit();
  }
  await wb.commit();
  return cells;
}

/** The peak RSS of this process so far: the kernel's high-water mark, or a 20 ms sampler where /proc is missing. */
function rssTracker(): { peakMb(): number } {
  let sampled = process.memoryUsage().rss;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 20);
  timer.unref();
  return {
    peakMb() {
      sampled = Math.max(sampled, process.memoryUsage().rss);
      let hwm = 0;
      try {
        const kb = /VmHWM:\s+(\d+)\s*kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
        hwm = kb ? Number(kb) * 1024 : 0;
      } catch {
        // Not Linux: the sampler alone.
      }
      return Math.round(Math.max(sampled, hwm) / 1e6);
    },
  };
}

/* ---------------------------------------------------------------------------------------- */
/* The two sides, each in its own process                                                    */
/* ---------------------------------------------------------------------------------------- */

type Side = 'real' | 'bare';
const SIDE_ENV = 'EXPORT_BENCH_SIDE';

interface ChunkOrder { kind: 'chunk'; codes: string[] }
interface ChunkDone { kind: 'done'; ms: number; files: string[]; cells: number; specMs: number }
interface SideStats { kind: 'stats'; peakRssMb: number; baseRssMb: number }

/** A child process running one side: `run(codes)` writes a chunk, `stop()` returns its peak RSS. */
function startSide(side: Side, dbFile: string, outDir: string): { run(codes: string[]): Promise<ChunkDone>; stop(): Promise<SideStats> } {
  // This very module (or its compiled bundle) again, told by the environment which side it is.
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, [SIDE_ENV]: JSON.stringify({ side, dbFile, outDir }) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = <T>(): Promise<T> => new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`bench export : le processus « ${side} » s’est arrêté (code ${code})`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
  return {
    run(codes) {
      const answer = next<ChunkDone>();
      child.send({ kind: 'chunk', codes } satisfies ChunkOrder);
      return answer;
    },
    async stop() {
      const answer = next<SideStats>();
      child.send({ kind: 'stop' });
      const stats = await answer;
      child.disconnect();
      return stats;
    },
  };
}

/** The child's side of `startSide`: serves chunks until told to stop. */
async function serveSide(setup: { side: Side; dbFile: string; outDir: string }): Promise<void> {
  const rss = rssTracker();
  const db = openWorkspace(setup.dbFile);
  // The edition's shared figures, read once as `barometer export structures` reads them once for
  // its whole batch; the real side counts that time in its first chunk.
  let contextMs = performance.now();
  const ctx: StructureExportContext = buildStructureExportContext(db, { edition: 2023 });
  contextMs = performance.now() - contextMs;
  if (setup.side === 'bare') await import('exceljs');
  const baseRssMb = rss.peakMb();
  await new Promise<void>((resolve) => {
    process.on('message', (message: ChunkOrder | { kind: 'stop' }) => {
      void (async () => {
        if (message.kind === 'stop') {
          db.close();
          process.send?.({ kind: 'stats', peakRssMb: rss.peakMb(), baseRssMb } satisfies SideStats);
          resolve();
          return;
        }
        if (setup.side === 'real') {
          // A batch call per chunk, on the context read once.
          const t = performance.now();
          const result = await exportStructureWorkbooks(db, { edition: 2023, outDir: setup.outDir, codes: message.codes, context: ctx });
          process.send?.({ kind: 'done', ms: performance.now() - t + contextMs, files: result.files, cells: 0, specMs: 0 } satisfies ChunkDone);
          contextMs = 0;
          return;
        }
        let ms = 0;
        let specMs = 0;
        let cells = 0;
        for (const code of message.codes) {
          const t0 = performance.now();
          const sheets = plainSheets(structureWorkbookSpec(db, ctx, { structure: code }));
          const t1 = performance.now();
          cells += await bareWrite(path.join(setup.outDir, `${code}.xlsx`), sheets);
          ms += performance.now() - t1;
          specMs += t1 - t0;
        }
        process.send?.({ kind: 'done', ms, files: [], cells, specMs } satisfies ChunkDone);
      })();
    });
  });
}

export async function runExportBench(options: ExportBenchOptions = {}): Promise<ExportBenchResult> {
  const sideSetup = process.env[SIDE_ENV];
  if (sideSetup) {
    // A side's process (see startSide): it never returns a result of its own.
    await serveSide(JSON.parse(sideSetup) as { side: Side; dbFile: string; outDir: string });
    return null as unknown as ExportBenchResult;
  }
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const structures = options.structures ?? 2000;
  const itemsPerChannel = options.itemsPerChannel ?? 65;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-export-'));
  // The report bench's synthetic workspace (same generator and sizes), reused when kept.
  const { prepareReportWorkspace } = await import('./report.js');
  const { db, generateMs } = prepareReportWorkspace(dir, structures, itemsPerChannel, log);
  const dbFile = path.join(dir, 'workspace.sqlite');
  const codes = structuresOfEdition(db, 2023).map((s) => s.code).slice(0, options.limit);
  db.close();
  try {
    const outDir = path.join(dir, 'classeurs');
    const bareDir = path.join(dir, 'brut');
    for (const d of [outDir, bareDir]) {
      fs.rmSync(d, { recursive: true, force: true });
      fs.mkdirSync(d, { recursive: true });
    }
    const chunk = options.chunk ?? 100;
    const real = startSide('real', dbFile, outDir);
    const bare = startSide('bare', dbFile, bareDir);
    let batchMs = 0;
    let bareMs = 0;
    let specMs = 0;
    let cellsTotal = 0;
    const files: string[] = [];
    let realStats: SideStats | undefined;
    let bareStats: SideStats | undefined;
    log(`Lot réel et écriture brute, chacun dans son processus, en alternance par paquets de ${chunk} structures…`);
    try {
      for (let from = 0; from < codes.length; from += chunk) {
        const part = codes.slice(from, from + chunk);
        const done = await real.run(part);
        batchMs += done.ms;
        files.push(...done.files);
        const plain = await bare.run(part);
        bareMs += plain.ms;
        specMs += plain.specMs;
        cellsTotal += plain.cells;
        log(`  ${Math.min(codes.length, from + chunk)}/${codes.length} · réel ${(batchMs / 1000).toFixed(1)} s · brut ${(bareMs / 1000).toFixed(1)} s`);
      }
    } finally {
      realStats = await real.stop();
      bareStats = await bare.stop();
    }
    const sizes = files.map((f) => fs.statSync(f).size);
    if (!options.keep) for (const d of [outDir, bareDir]) fs.rmSync(d, { recursive: true, force: true });
    return {
      structures: files.length,
      items: itemsPerChannel * 6,
      cellsPerWorkbook: Math.round(cellsTotal / Math.max(1, codes.length)),
      generateMs,
      batchMs,
      workbooksPerSecond: files.length / (batchMs / 1000),
      peakRssMb: realStats.peakRssMb,
      baseRssMb: realStats.baseRssMb,
      specMs,
      bareMs,
      bareWorkbooksPerSecond: codes.length / (bareMs / 1000),
      bareRssMb: bareStats.peakRssMb,
      ratio: batchMs / bareMs,
      averageFileKb: sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length) / 1024,
      loadAverage: os.loadavg()[0] ?? 0,
    };
  } finally {
    if (!options.keep && !options.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatExportBench(r: ExportBenchResult): string {
  const n = (v: number, d = 1): string => v.toLocaleString('fr-FR', { maximumFractionDigits: d, minimumFractionDigits: d });
  const mark = (ok: boolean): string => (ok ? '✅' : '❌');
  return [
    `Classeurs par structure : ${r.structures} structures, ${r.items} critères, ~${r.cellsPerWorkbook.toLocaleString('fr-FR')} cellules par classeur (${n(r.averageFileKb, 0)} Ko en moyenne)`,
    `  lot réel (rédacteur xlsx du projet) : ${n(r.batchMs / 1000)} s, ${n(r.workbooksPerSecond)} classeurs/s ${mark(r.workbooksPerSecond >= 9.7)} (objectif ≥ 9,7), RSS max ${r.peakRssMb} Mo ${mark(r.peakRssMb <= 500)} (objectif ≤ 500 ; ${r.baseRssMb} Mo avant le premier classeur : modules chargés, espace ouvert, chiffres de l'édition lus)`,
    `    dont requêtes et description : ~${n(r.specMs / 1000)} s (mesuré à part, pendant la passe brute)`,
    `  écriture brute ExcelJS (référence) : ${n(r.bareMs / 1000)} s, ${n(r.bareWorkbooksPerSecond)} classeurs/s, RSS max ${r.bareRssMb} Mo`,
    `  ratio réel / brut : ${n(r.ratio, 2)} (objectif ≤ 2) ; RSS réel / brut : ${n(r.peakRssMb / Math.max(1, r.bareRssMb), 2)}`,
    `  charge moyenne à la fin : ${n(r.loadAverage)} (2 cœurs)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { structures: { type: 'string' }, limit: { type: 'string' }, dir: { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const result = await runExportBench({ structures: values.structures ? Number(values.structures) : undefined, limit: values.limit ? Number(values.limit) : undefined, dir: values.dir, keep: values.keep });
  if (result) process.stdout.write(`${formatExportBench(result)}\n`);
}
