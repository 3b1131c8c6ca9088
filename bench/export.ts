/**
 * Export benchmark (issue 5): the batch of per-structure workbooks of a national edition
 * (2,000 structures, ~390 items, 13 audits each: the synthetic workspace of bench/analytics.ts,
 * two editions so the trend sheet has a comparison), in workbooks/s and peak RSS, against a bare
 * ExcelJS streaming write of the same cells (same workbooks, sheets and values; no styles, no
 * queries, no sizing) in the same run, the two alternating by chunks of 100 structures so that a
 * busy machine weighs on both alike. Goal: ratio ≤ 2.
 * Run: `npx tsx bench/export.ts [--structures N] [--dir DOSSIER (réutilise l'espace)] [--keep]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { prepareReportWorkspace } from './report.js';
import { exportStructureWorkbooks, structuresOfEdition } from '../main/export/batch.js';
import { buildStructureExportContext, structureWorkbookSpec } from '../main/export/structure-workbook.js';
import { safeCellValue } from '../main/export/safe-cells.js';
import type { WorkbookSpec } from '../main/export/workbook-kit.js';

export interface ExportBenchOptions {
  structures?: number;
  itemsPerChannel?: number;
  dir?: string;
  keep?: boolean;
  /** Structures per alternation between the real batch and the bare baseline (default 100). */
  chunk?: number;
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
    if (s.kind === 'report') return { name: s.name, rows: [[s.title]] };
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
  // The report bench's synthetic workspace (same generator and sizes), reused when kept.
  const { db, generateMs } = prepareReportWorkspace(dir, structures, itemsPerChannel, log);
  let t = performance.now();
  try {

    // The real batch and the bare baseline alternate by chunks of structures, so that the load of
    // a shared machine weighs on both alike. Each chunk is a full `exportStructureWorkbooks` call
    // (its per-edition context included, which slightly penalises the real batch).
    const outDir = path.join(dir, 'classeurs');
    const bareDir = path.join(dir, 'brut');
    for (const d of [outDir, bareDir]) {
      fs.rmSync(d, { recursive: true, force: true });
      fs.mkdirSync(d, { recursive: true });
    }
    const codes = structuresOfEdition(db, 2023);
    const chunk = options.chunk ?? 100;
    const ctx = buildStructureExportContext(db, { edition: 2023 });
    let batchMs = 0;
    let bareMs = 0;
    let specMs = 0;
    let cellsTotal = 0;
    let written = 0;
    const files: string[] = [];
    let peakRssMb = 0;
    let bareRssMb = 0;
    log(`Lot réel et écriture brute, en alternance par paquets de ${chunk} structures…`);
    for (let from = 0; from < codes.length; from += chunk) {
      const part = codes.slice(from, from + chunk);
      let rss = rssSampler();
      t = performance.now();
      const result = await exportStructureWorkbooks(db, { edition: 2023, outDir, codes: part.map((s) => s.code) });
      batchMs += performance.now() - t;
      peakRssMb = Math.max(peakRssMb, rss.stop());
      written += result.count;
      files.push(...result.files);
      rss = rssSampler();
      for (const s of part) {
        const t0 = performance.now();
        const sheets = plainSheets(structureWorkbookSpec(db, ctx, { structure: s.code }));
        const t1 = performance.now();
        cellsTotal += await bareWrite(path.join(bareDir, `${s.code}.xlsx`), sheets);
        bareMs += performance.now() - t1;
        specMs += t1 - t0;
      }
      bareRssMb = Math.max(bareRssMb, rss.stop());
      log(`  ${Math.min(codes.length, from + chunk)}/${codes.length} · réel ${(batchMs / 1000).toFixed(1)} s · brut ${(bareMs / 1000).toFixed(1)} s`);
    }
    const sizes = files.map((f) => fs.statSync(f).size);
    if (!options.keep) for (const d of [outDir, bareDir]) fs.rmSync(d, { recursive: true, force: true });
    const out: ExportBenchResult = {
      structures: written,
      items: itemsPerChannel * 6,
      cellsPerWorkbook: Math.round(cellsTotal / Math.max(1, codes.length)),
      generateMs,
      batchMs,
      workbooksPerSecond: written / (batchMs / 1000),
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
    `    dont requêtes et description : ~${n(r.specMs / 1000)} s (mesuré à part, pendant la passe brute)`,
    `  écriture brute   : ${n(r.bareMs / 1000)} s, ${n(r.bareWorkbooksPerSecond)} classeurs/s, RSS max ${r.bareRssMb} Mo`,
    `  ratio réel / brut : ${n(r.ratio, 2)} (objectif ≤ 2)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { structures: { type: 'string' }, dir: { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const result = await runExportBench({ structures: values.structures ? Number(values.structures) : undefined, dir: values.dir, keep: values.keep });
  process.stdout.write(`${formatExportBench(result)}\n`);
}
