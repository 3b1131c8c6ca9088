/**
 * Export benchmark (issue 5): the batch of per-structure workbooks of a national edition
 * (2,000 structures, ~390 items, 13 audits each: the synthetic workspace of bench/analytics.ts,
 * two editions so the trend sheet has a comparison), in workbooks/s and peak RSS, against a bare
 * ExcelJS streaming write of the same cells (same workbooks, sheets and values; no styles, no
 * queries, no sizing) in the same run. Goal: ratio ≤ 2.
 * Run: `npx tsx bench/export.ts [--structures N] [--keep]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { openWorkspace } from '../main/db/connection.js';
import { refreshAggregates } from '../main/analytics/refresh.js';
import { generateWorkspace } from './analytics.js';
import { exportStructureWorkbooks, structuresOfEdition } from '../main/export/batch.js';
import { buildStructureExportContext, structureWorkbookSpec } from '../main/export/structure-workbook.js';
import { safeCellValue } from '../main/export/safe-cells.js';
import type { WorkbookSpec } from '../main/export/workbook-kit.js';

export interface ExportBenchOptions {
  structures?: number;
  itemsPerChannel?: number;
  dir?: string;
  keep?: boolean;
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
  peakRssMb: number;
  /** Of the batch: building the workbook descriptions (analytics queries included). */
  specMs: number;
  /** Bare ExcelJS streaming writes of the same cells. */
  bareMs: number;
  bareWorkbooksPerSecond: number;
  bareRssMb: number;
  /** batchMs / bareMs: the goal is ≤ 2. */
  ratio: number;
  averageFileKb: number;
}

/** The cells of a spec as plain rows per sheet (what the bare writer writes). */
function plainSheets(spec: WorkbookSpec): Array<{ name: string; rows: unknown[][] }> {
  return spec.sheets.map((s) => {
    if (s.kind === 'notes') {
      return { name: s.name, rows: [[s.title], ...s.sections.flatMap((sec) => [[sec.heading ?? ''], ...sec.lines.map((l) => (typeof l === 'string' ? [l] : [l.label ?? '', l.value]))])] };
    }
    return { name: s.name, rows: [[s.title], ...(s.subtitle ?? []).map((x) => [x]), s.columns.map((c) => c.header), ...s.rows, ...(s.notes ?? []).map((x) => [x])] };
  });
}

async function bareWrite(file: string, sheets: Array<{ name: string; rows: unknown[][] }>): Promise<number> {
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

function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6);
    },
  };
}

export async function runExportBench(options: ExportBenchOptions = {}): Promise<ExportBenchResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const structures = options.structures ?? 2000;
  const itemsPerChannel = options.itemsPerChannel ?? 65;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-export-'));
  fs.mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, 'workspace.sqlite');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
  const db = openWorkspace(dbFile);
  try {
    log(`Espace national synthétique : ${structures} structures, ${itemsPerChannel * 6} critères, 2 éditions…`);
    let t = performance.now();
    generateWorkspace(db, { structures, editions: 2, auditsPerStructure: 13, itemsPerChannel, firstYear: 2022 });
    refreshAggregates(db, { editions: [2022, 2023] });
    const generateMs = performance.now() - t;
    log(`  prêt en ${(generateMs / 1000).toFixed(1)} s`);

    const outDir = path.join(dir, 'classeurs');
    fs.rmSync(outDir, { recursive: true, force: true });
    log('Lot réel (requêtes + mise en forme + écriture)…');
    let rss = rssSampler();
    t = performance.now();
    const result = await exportStructureWorkbooks(db, { edition: 2023, outDir }, {
      onProgress: (p) => {
        if (p.done % 250 === 0) log(`  ${p.done}/${p.total}`);
      },
    });
    const batchMs = performance.now() - t;
    const peakRssMb = rss.stop();
    const sizes = result.files.map((f) => fs.statSync(f).size);
    log(`  ${result.count} classeurs en ${(batchMs / 1000).toFixed(1)} s`);

    // Baseline: the same cells, written bare. Specs are rebuilt outside the timed part.
    log('Écriture brute ExcelJS des mêmes cellules…');
    const bareDir = path.join(dir, 'brut');
    fs.rmSync(bareDir, { recursive: true, force: true });
    fs.mkdirSync(bareDir, { recursive: true });
    const ctx = buildStructureExportContext(db, { edition: 2023 });
    let bareMs = 0;
    let specMs = 0;
    let cellsTotal = 0;
    rss = rssSampler();
    const codes = structuresOfEdition(db, 2023);
    for (const [i, s] of codes.entries()) {
      const t0 = performance.now();
      const sheets = plainSheets(structureWorkbookSpec(db, ctx, { structure: s.code }));
      const t1 = performance.now();
      cellsTotal += await bareWrite(path.join(bareDir, `${i}.xlsx`), sheets);
      bareMs += performance.now() - t1;
      specMs += t1 - t0;
    }
    const bareRssMb = rss.stop();
    const out: ExportBenchResult = {
      structures: result.count,
      items: itemsPerChannel * 6,
      cellsPerWorkbook: Math.round(cellsTotal / Math.max(1, codes.length)),
      generateMs,
      batchMs,
      workbooksPerSecond: result.count / (batchMs / 1000),
      peakRssMb,
      specMs,
      bareMs,
      bareWorkbooksPerSecond: codes.length / (bareMs / 1000),
      bareRssMb,
      ratio: batchMs / bareMs,
      averageFileKb: sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length) / 1024,
    };
    return out;
  } finally {
    db.close();
    if (!options.keep && !options.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatExportBench(r: ExportBenchResult): string {
  const n = (v: number, d = 1): string => v.toLocaleString('fr-FR', { maximumFractionDigits: d, minimumFractionDigits: d });
  return [
    `Classeurs par structure : ${r.structures} structures, ${r.items} critères, ~${r.cellsPerWorkbook.toLocaleString('fr-FR')} cellules par classeur (${n(r.averageFileKb, 0)} Ko en moyenne)`,
    `  lot réel         : ${n(r.batchMs / 1000)} s, ${n(r.workbooksPerSecond)} classeurs/s, RSS max ${r.peakRssMb} Mo`,
    `    dont requêtes et description : ${n(r.specMs / 1000)} s (mesuré pendant la passe brute)`,
    `  écriture brute   : ${n(r.bareMs / 1000)} s, ${n(r.bareWorkbooksPerSecond)} classeurs/s, RSS max ${r.bareRssMb} Mo`,
    `  ratio réel / brut : ${n(r.ratio, 2)} (objectif ≤ 2)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { structures: { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const result = await runExportBench({ structures: values.structures ? Number(values.structures) : undefined, keep: values.keep });
  process.stdout.write(`${formatExportBench(result)}\n`);
}
