/**
 * PDF report benchmark (issue 9): the batch of per-structure PDF reports of a national edition
 * (2,000 structures, ~390 items, 13 audits each: the synthetic workspace of bench/analytics.ts,
 * two editions so the summary has a trend, plus audit dates and comments on part of the failed
 * observations so the evidence tables carry text as real reports do), in reports/s and peak RSS,
 * against the same pages written WITHOUT their two echarts charts (the PDF writer's bench-only
 * `charts: false` option: same data, same texts, same tables, same fonts, the chart slots left
 * empty), in the same run. The two alternate by chunks of structures so that a busy machine
 * weighs on both alike. Goal: ≥ 20 reports/s, ≤ 500 MB peak RSS.
 *
 * Peak RSS is the kernel's high-water mark of the process (VmHWM of /proc/self/status, reset
 * before each pass through /proc/self/clear_refs where the kernel allows it), checked against a
 * 20 ms sampler of `process.memoryUsage().rss`; with worker threads both count every thread.
 * Run: `npx tsx bench/report.ts [--structures N] [--threads N] [--dir DOSSIER] [--keep]`;
 * `npm run bench -- --only report` runs it compiled (bench/compiled.ts), as the shipped command runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { keptAtCurrentSchema } from './kept-workspace.js';
import { openWorkspace } from '../main/db/connection.js';
import type { Db } from '../main/db/connection.js';
import { refreshAggregates } from '../main/analytics/refresh.js';
import { generateWorkspace } from './analytics.js';
import { exportStructureReports } from '../main/report/batch.js';
import { structuresOfEdition } from '../main/export/batch.js';
import { buildReportContext, buildReportModel } from '../main/report/report-model.js';
import { writeReportPdf } from '../main/report/pdf-report.js';

export interface ReportBenchOptions {
  structures?: number;
  itemsPerChannel?: number;
  /** Worker threads of the real batch (default: the batch's default, one). */
  threads?: number;
  /** Folder of the workspace, reused when it holds one of the same size. */
  dir?: string;
  keep?: boolean;
  /** Structures per alternation between the real batch and the chartless baseline (default 500: the real batch starts its worker threads once per chunk). */
  chunk?: number;
  /** Structures of the separate two-thread pass (default 500; 0: skipped). */
  threadedPass?: number;
  log?: (line: string) => void;
}

export interface ReportBenchResult {
  structures: number;
  items: number;
  threads: number;
  generateMs: number;
  /** The real batch: context, queries, model, charts, PDF layout, temp + rename. */
  batchMs: number;
  reportsPerSecond: number;
  peakRssMb: number;
  /** The same reports without their charts, one thread (model built, PDF written). */
  bareMs: number;
  bareReportsPerSecond: number;
  bareRssMb: number;
  /** batchMs / bareMs (the cost of the charts and of the batch machinery). */
  ratio: number;
  averageFileKb: number;
  averagePages: number;
  loadAverage: number;
  /** The opt-in two-thread batch, measured apart on the first structures (null: not run). */
  threaded: { structures: number; threads: number; ms: number; reportsPerSecond: number; peakRssMb: number } | null;
}

/** The kernel's peak RSS of this process, reset at `start()` where /proc allows it. */
function rssPeak(): { stop(): number } {
  let sampled = process.memoryUsage().rss;
  let hwmReset = false;
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    hwmReset = true;
  } catch {
    // Not Linux or not allowed: the sampler alone gives the peak.
  }
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      sampled = Math.max(sampled, process.memoryUsage().rss);
      let hwm = 0;
      if (hwmReset) {
        const kb = /VmHWM:\s+(\d+)\s*kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
        hwm = kb ? Number(kb) * 1024 : 0;
      }
      return Math.round(Math.max(sampled, hwm) / 1e6);
    },
  };
}

/**
 * Dates and comments on the synthetic audits (the generator writes none): every audit gets a date
 * in the edition's fieldwork, one failed observation in four a comment, one audit in three a
 * comment with a personal name (masked by the report).
 */
function addEvidenceText(db: Db): void {
  db.transaction(() => {
    db.prepare(`UPDATE audit SET audit_date = printf('%04d-%02d-%02d', edition, 3 + (id % 8), 1 + (id % 27)),
      comment = CASE WHEN id % 3 = 0 THEN 'Appel transféré deux fois, Mme Martin a fini par répondre après une longue attente.' END`).run();
    db.prepare(`UPDATE observation SET comment = CASE (audit_id + length(item_code)) % 3
        WHEN 0 THEN 'Information absente de la page d''accueil, trouvée après trois clics.'
        WHEN 1 THEN 'Réponse incomplète : le délai annoncé n''est pas précisé.'
        ELSE 'Horaires affichés différents de ceux du site internet.' END
      WHERE compliant = 0 AND (audit_id + unicode(substr(item_code, -1))) % 4 = 0`).run();
  })();
}

/** Opens the bench workspace of `dir`, generating it when absent or of another size. */
export function prepareReportWorkspace(dir: string, structures: number, itemsPerChannel: number, log: (line: string) => void): { db: Db; generateMs: number } {
  fs.mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, 'workspace.sqlite');
  // A kept workspace of the same size is reused (generating 3.4M observations takes minutes).
  let db = keptAtCurrentSchema(dbFile) ? openWorkspace(dbFile) : null;
  if (db && (db.prepare('SELECT COUNT(*) FROM structure').pluck().get() as number) !== structures) {
    db.close();
    db = null;
  }
  if (db) return { db, generateMs: 0 };
  const t = performance.now();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
  db = openWorkspace(dbFile);
  log(`Espace national synthétique : ${structures} structures, ${itemsPerChannel * 6} critères, 2 éditions…`);
  generateWorkspace(db, { structures, editions: 2, auditsPerStructure: 13, itemsPerChannel, firstYear: 2022 });
  addEvidenceText(db);
  refreshAggregates(db, { editions: [2022, 2023] });
  const generateMs = performance.now() - t;
  log(`  prêt en ${(generateMs / 1000).toFixed(1)} s`);
  return { db, generateMs };
}

export async function runReportBench(options: ReportBenchOptions = {}): Promise<ReportBenchResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const structures = options.structures ?? 2000;
  const itemsPerChannel = options.itemsPerChannel ?? 65;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
  const { db, generateMs } = prepareReportWorkspace(dir, structures, itemsPerChannel, log);
  let t = performance.now();
  try {
    const outDir = path.join(dir, 'rapports');
    const bareDir = path.join(dir, 'sans-graphiques');
    for (const d of [outDir, bareDir]) {
      fs.rmSync(d, { recursive: true, force: true });
      fs.mkdirSync(d, { recursive: true });
    }
    const codes = structuresOfEdition(db, 2023);
    const chunk = options.chunk ?? 500;
    const now = new Date('2026-12-01T10:00:00Z');
    const ctx = buildReportContext(db, { edition: 2023, now });
    let batchMs = 0;
    let bareMs = 0;
    let written = 0;
    let pagesTotal = 0;
    const files: string[] = [];
    let peakRssMb = 0;
    let bareRssMb = 0;
    let threads = 1;
    log(`Lot réel et pages sans graphiques, en alternance par paquets de ${chunk} structures…`);
    for (let from = 0; from < codes.length; from += chunk) {
      const part = codes.slice(from, from + chunk);
      // The real batch: a full `exportStructureReports` call per chunk (its per-edition context
      // and, with threads, the workers' start included, which penalises the real batch).
      let rss = rssPeak();
      t = performance.now();
      const result = await exportStructureReports(db, { edition: 2023, outDir, codes: part.map((s) => s.code), now, ...(options.threads ? { threads: options.threads } : {}) });
      batchMs += performance.now() - t;
      peakRssMb = Math.max(peakRssMb, rss.stop());
      threads = result.threads;
      written += result.count;
      files.push(...result.files);
      // The baseline: the same models (queries included), the PDF written without its charts.
      rss = rssPeak();
      t = performance.now();
      for (const s of part) {
        const model = buildReportModel(db, ctx, { structure: s.code });
        pagesTotal += (await writeReportPdf(model, path.join(bareDir, `${s.code}.pdf`), { charts: false })).pages;
      }
      bareMs += performance.now() - t;
      bareRssMb = Math.max(bareRssMb, rss.stop());
      log(`  ${Math.min(codes.length, from + chunk)}/${codes.length} · réel ${(batchMs / 1000).toFixed(1)} s · sans graphiques ${(bareMs / 1000).toFixed(1)} s · RSS max ${peakRssMb} Mo`);
    }
    // Opt-in threads: one call on the first structures (worker start-up included), for the record.
    let threaded: ReportBenchResult['threaded'] = null;
    if (options.threadedPass !== 0) {
      const part = codes.slice(0, Math.min(codes.length, options.threadedPass ?? 500));
      const threadedDir = path.join(dir, 'rapports-2-fils');
      fs.rmSync(threadedDir, { recursive: true, force: true });
      const rss = rssPeak();
      t = performance.now();
      const result = await exportStructureReports(db, { edition: 2023, outDir: threadedDir, codes: part.map((s) => s.code), now, threads: 2 });
      const ms = performance.now() - t;
      threaded = { structures: result.count, threads: result.threads, ms, reportsPerSecond: result.count / (ms / 1000), peakRssMb: rss.stop() };
      fs.rmSync(threadedDir, { recursive: true, force: true });
      log(`  2 fils : ${result.count} rapports en ${(ms / 1000).toFixed(1)} s · RSS max ${threaded.peakRssMb} Mo`);
    }
    const sizes = files.map((f) => fs.statSync(f).size);
    if (!options.keep) for (const d of [outDir, bareDir]) fs.rmSync(d, { recursive: true, force: true });
    return {
      structures: written,
      items: itemsPerChannel * 6,
      threads,
      generateMs,
      batchMs,
      reportsPerSecond: written / (batchMs / 1000),
      peakRssMb,
      bareMs,
      bareReportsPerSecond: codes.length / (bareMs / 1000),
      bareRssMb,
      ratio: batchMs / bareMs,
      averageFileKb: sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length) / 1024,
      averagePages: pagesTotal / Math.max(1, codes.length),
      loadAverage: os.loadavg()[0] ?? 0,
      threaded,
    };
  } finally {
    db.close();
    if (!options.keep && !options.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatReportBench(r: ReportBenchResult): string {
  const n = (v: number, d = 1): string => v.toLocaleString('fr-FR', { maximumFractionDigits: d, minimumFractionDigits: d });
  const ok = (pass: boolean): string => (pass ? '✅' : '❌');
  return [
    `Rapports PDF par structure : ${r.structures} structures, ${r.items} critères, 13 audits chacune (${n(r.averageFileKb, 0)} Ko et ${n(r.averagePages, 1)} pages en moyenne)`,
    `  lot réel (${r.threads} fil${r.threads > 1 ? 's' : ''} de rendu${r.threads === 1 ? ', réglage par défaut' : ''}) : ${n(r.batchMs / 1000)} s, ${n(r.reportsPerSecond)} rapports/s ${ok(r.reportsPerSecond >= 20)} (objectif ≥ 20), RSS max ${r.peakRssMb} Mo ${ok(r.peakRssMb <= 500)} (objectif ≤ 500)`,
    `  mêmes pages sans graphiques (1 fil) : ${n(r.bareMs / 1000)} s, ${n(r.bareReportsPerSecond)} rapports/s, RSS max ${r.bareRssMb} Mo`,
    `  ratio réel / sans graphiques : ${n(r.ratio, 2)}`,
    ...(r.threaded ? [r.threaded.threads > 1
      ? `  option threads: 2 (${r.threaded.threads} fils, un appel sur les ${r.threaded.structures} premières structures, démarrage des fils compris) : ${n(r.threaded.ms / 1000)} s, ${n(r.threaded.reportsPerSecond)} rapports/s, RSS max ${r.threaded.peakRssMb} Mo`
      : `  option threads: 2 : repli sur 1 fil (le module du fil de rendu n'accompagne pas ce bench compilé) : ${n(r.threaded.reportsPerSecond)} rapports/s sur les ${r.threaded.structures} premières structures`] : []),
    `  charge moyenne à la fin : ${n(r.loadAverage, 1)} (${os.cpus().length} cœurs)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { structures: { type: 'string' }, threads: { type: 'string' }, dir: { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const result = await runReportBench({
    structures: values.structures ? Number(values.structures) : undefined,
    threads: values.threads ? Number(values.threads) : undefined,
    dir: values.dir,
    keep: values.keep,
  });
  process.stdout.write(`${formatReportBench(result)}\n`);
}
