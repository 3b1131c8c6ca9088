/**
 * The batch of per-structure PDF reports of an edition (`barometer export reports`, the API's
 * `exports.reports` job), on the pattern of the workbook batch (main/export/batch.ts): the
 * edition's shared figures are read ONCE (`buildReportContext`), each report is written to a
 * temporary name in the output folder and renamed into place, so a final path never holds half a
 * file; progress after each file; cancellation checked between files (and before a finished
 * temporary file is renamed, which is then deleted). On request (`threads`), the structures are
 * split over worker threads (batch-worker.ts), each with its own connection, progress counted
 * here and cancellation passed on through a shared flag.
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/connection.js';
import { openWorkspace } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { batchStructures, isCancelled, planBatchFiles, structureFileName } from '../export/batch.js';
import type { BatchHooks, BatchResult, PlannedFile } from '../export/batch.js';
import { writeAtomically } from '../export/write-atomically.js';
import { buildReportContext, buildReportModel } from './report-model.js';
import type { ReportContext } from './report-model.js';
import { writeReportPdf } from './pdf-report.js';
import { scriptNextTo } from '../threads/worker-script.js';
import type { ReportWorkerMessage, ReportWorkerStart } from './batch-worker.js';

export interface ReportBatchOptions {
  edition: number;
  lang?: Lang;
  outDir: string;
  /** Keep personal names in audit comments (internal use). Default: masked. */
  keepNames?: boolean;
  /** Only these structures (default: every structure audited in the edition). */
  codes?: readonly string[];
  now?: Date;
  /**
   * Worker threads writing the reports (default 1: in this process). More is opt-in: each thread
   * loads its own fonts, chart library and connection (~+200 MB each, beyond the 500 MB budget at
   * 2), and on the two-core workstation it competes with the interface. Small batches (under 25
   * reports per thread), in-memory workspaces and the packaged bundle (no worker entry) use one.
   */
  threads?: number;
}

export interface WrittenReport {
  file: string;
  pages: number;
}

/** `CODE-slug-du-nom.pdf`: the same safe name as the structure's workbook, with the PDF extension. */
export function reportFileName(code: string, name: string): string {
  return structureFileName(code, name).replace(/\.xlsx$/, '.pdf');
}

/** Writes one structure's report to `outFile` (temporary name, then rename). */
export async function writeStructureReport(
  db: Db,
  input: { structure: string; edition?: number; lang?: Lang; outFile: string; keepNames?: boolean; now?: Date },
  context?: ReportContext,
): Promise<WrittenReport> {
  const ctx = context ?? buildReportContext(db, { edition: input.edition, lang: input.lang, now: input.now });
  const model = buildReportModel(db, ctx, { structure: input.structure, keepNames: input.keepNames });
  let pages = 0;
  const written = await writeAtomically(input.outFile, async (temp) => {
    pages = (await writeReportPdf(model, temp)).pages;
    return { sheets: [] };
  });
  return { file: written.file, pages };
}

/** The report batch's result: the workbook batch's, plus the threads that wrote it. */
export interface ReportBatchResult extends BatchResult {
  threads: number;
}

/** A batch smaller than this per thread is written on one thread (starting a worker costs ~0.5 s). */
const MIN_REPORTS_PER_THREAD = 25;

/** The worker entry, when the sources are there to run it (absent from the packaged bundle). */
function workerEntry(): URL | null {
  return scriptNextTo(import.meta.url, ['./batch-worker-bootstrap.mjs']);
}

export async function exportStructureReports(dbOrPath: Db | string, options: ReportBatchOptions, hooks: BatchHooks = {}): Promise<ReportBatchResult> {
  const ownDb = typeof dbOrPath === 'string';
  const db = ownDb ? openWorkspace(dbOrPath) : dbOrPath;
  try {
    const ctx = buildReportContext(db, { edition: options.edition, lang: options.lang, now: options.now });
    const structures = batchStructures(db, ctx.edition, options.codes);
    const { folder, planned } = planBatchFiles(options.outDir, structures, reportFileName);
    const threads = Math.max(1, Math.min(options.threads ?? 1, Math.floor(planned.length / MIN_REPORTS_PER_THREAD)));
    const entry = threads > 1 && db.name && !db.memory ? workerEntry() : null;
    const run = entry
      ? await writeOnThreads(entry, db.name, ctx, planned, options, hooks, threads)
      : { ...(await writeInProcess(db, ctx, planned, options, hooks)), threads: 1 };
    return { folder, files: run.files, count: run.files.length, total: planned.length, cancelled: run.cancelled, threads: run.threads };
  } finally {
    if (ownDb) db.close();
  }
}

async function writeInProcess(db: Db, ctx: ReportContext, planned: readonly PlannedFile[], options: ReportBatchOptions, hooks: BatchHooks): Promise<{ files: string[]; cancelled: boolean }> {
  const files: string[] = [];
  for (const report of planned) {
    if (isCancelled(hooks.cancel)) return { files, cancelled: true };
    try {
      const model = buildReportModel(db, ctx, { structure: report.code, keepNames: options.keepNames });
      await writeReportPdf(model, report.temp);
      if (isCancelled(hooks.cancel)) {
        fs.rmSync(report.temp, { force: true });
        return { files, cancelled: true };
      }
      fs.renameSync(report.temp, report.target);
    } catch (error) {
      fs.rmSync(report.temp, { force: true });
      throw error;
    }
    files.push(report.target);
    hooks.onProgress?.({ done: files.length, total: planned.length, structure: report.code, file: report.target });
  }
  return { files, cancelled: false };
}

/** How often the parent looks at the caller's cancel hook while the workers write (ms). */
const CANCEL_POLL_MS = 50;

/**
 * Splits the batch over `threads` worker threads, each with its own connection: they take the next
 * structure from a shared counter (a slow report never holds the others back), progress is counted
 * here as the files land, a cancellation is passed on through a shared flag, and the first failure
 * stops every worker and is rethrown once they have all finished (no temporary file survives).
 */
async function writeOnThreads(entry: URL, workspacePath: string, ctx: ReportContext, planned: readonly PlannedFile[], options: ReportBatchOptions, hooks: BatchHooks, threads: number): Promise<{ files: string[]; cancelled: boolean; threads: number }> {
  const next = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const stopBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const stop = new Int32Array(stopBuffer);
  const start: ReportWorkerStart = {
    workspacePath,
    edition: ctx.edition,
    lang: ctx.lang,
    now: ctx.now.toISOString(),
    keepNames: options.keepNames === true,
    reports: planned.map((r) => ({ ...r })),
    next,
    stop: stopBuffer,
  };
  const written: boolean[] = planned.map(() => false);
  let done = 0;
  let cancelled = false;
  let failure: AppError | null = null;
  const checkCancel = (): void => {
    if (!cancelled && isCancelled(hooks.cancel)) {
      cancelled = true;
      Atomics.store(stop, 0, 1);
    }
  };
  const fail = (error: AppError): void => {
    failure ??= error;
    Atomics.store(stop, 0, 1);
  };
  const poll = setInterval(checkCancel, CANCEL_POLL_MS);
  try {
    await Promise.all(Array.from({ length: threads }, () => new Promise<void>((resolve) => {
      const worker = new Worker(entry, { workerData: start });
      let finished = false;
      worker.on('message', (message: ReportWorkerMessage) => {
        if (message.type === 'written') {
          const report = planned[message.index] as PlannedFile;
          written[message.index] = true;
          done += 1;
          hooks.onProgress?.({ done, total: planned.length, structure: report.code, file: report.target });
          checkCancel();
        } else if (message.type === 'done') {
          finished = true;
        } else {
          finished = true;
          fail(new AppError(message.error.code, message.error.message, message.error.details, message.error.text));
        }
      });
      worker.on('error', (error) => fail(new AppError('INTERNAL', error.message)));
      worker.on('exit', (code) => {
        if (!finished && !failure) fail(AppError.keyed('INTERNAL', 'export.reportWorkerStopped', { exitCode: code ?? '?' }));
        resolve();
      });
    })));
  } finally {
    clearInterval(poll);
  }
  if (failure) {
    // Reports already in place stay (as with one thread); stray temporary files never do.
    for (const r of planned) fs.rmSync(r.temp, { force: true });
    throw failure;
  }
  checkCancel();
  return { files: planned.filter((_, i) => written[i]).map((r) => r.target), cancelled: cancelled && done < planned.length, threads };
}
