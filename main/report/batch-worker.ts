/**
 * Body of a report-batch worker thread (batch.ts splits a batch over a few of them): opens its OWN
 * connection on the workspace file, builds the edition's report context once, then takes the
 * next structure from the counter shared by every worker of the batch until none is left or the
 * shared cancel flag is set. Each report is written to its temporary name and renamed into place
 * (deleted instead when the batch was cancelled meanwhile); the parent is told after each file.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { openWorkspace } from '../db/connection.js';
import type { Db } from '../db/connection.js';
import { serializeError } from '../../shared/errors.js';
import type { SerializedError } from '../../shared/errors.js';
import type { Lang } from '../../shared/domain.js';
import { buildReportContext, buildReportModel } from './report-model.js';
import { writeReportPdf } from './pdf-report.js';

export interface ReportWorkerStart {
  workspacePath: string;
  edition: number;
  lang: Lang;
  /** The batch's generation time (ISO), the same on every report whichever thread writes it. */
  now: string;
  keepNames: boolean;
  reports: Array<{ code: string; target: string; temp: string }>;
  /** One Int32: index of the next report to take (Atomics.add). */
  next: SharedArrayBuffer;
  /** One Int32: 0 running, 1 stop (cancelled, or another worker failed). */
  stop: SharedArrayBuffer;
}

export type ReportWorkerMessage =
  | { type: 'written'; index: number }
  | { type: 'done' }
  | { type: 'error'; error: SerializedError };

async function run(start: ReportWorkerStart): Promise<void> {
  const next = new Int32Array(start.next);
  const stop = new Int32Array(start.stop);
  const post = (message: ReportWorkerMessage): void => parentPort?.postMessage(message);
  let db: Db | null = null;
  try {
    db = openWorkspace(start.workspacePath);
    const ctx = buildReportContext(db, { edition: start.edition, lang: start.lang, now: new Date(start.now) });
    for (;;) {
      if (Atomics.load(stop, 0) === 1) break;
      const index = Atomics.add(next, 0, 1);
      const report = start.reports[index];
      if (!report) break;
      try {
        const model = buildReportModel(db, ctx, { structure: report.code, keepNames: start.keepNames });
        await writeReportPdf(model, report.temp);
        if (Atomics.load(stop, 0) === 1) {
          fs.rmSync(report.temp, { force: true });
          break;
        }
        fs.renameSync(report.temp, report.target);
      } catch (error) {
        fs.rmSync(report.temp, { force: true });
        throw error;
      }
      post({ type: 'written', index });
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'error', error: serializeError(error) });
  } finally {
    db?.close();
  }
}

void run(workerData as ReportWorkerStart);
