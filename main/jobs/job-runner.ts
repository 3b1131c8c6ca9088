/**
 * Runs long operations (import, batch export) in worker threads, one at a time (they write the
 * same SQLite file; queuing beats SQLITE_BUSY), and turns what the workers report into
 * `job.progress` / `job.done` events. Cancellation sets a shared flag the worker polls; a worker
 * that does not stop within the grace period is terminated (SQLite rolls its transaction back).
 */
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Lang } from '../../shared/domain.js';
import type { JobDoneEvent, JobProgress, JobProgressEvent, JobStarted, JobSummary } from '../../shared/api-types.js';
import { AppError, type SerializedError } from '../../shared/errors.js';
import { createCancelBuffer, requestCancel } from './cancel-flag.js';
import type { WorkerMessage, WorkerStart } from './types.js';

export interface JobRunnerOptions {
  /** Worker entry: the tsx bootstrap (sources) or dist/electron/worker.cjs (packaged app). */
  workerFile?: string | URL;
  nativeBinding?: string;
  /** Tests only: module exporting `TASKS` that the worker runs instead of main/jobs/tasks.ts. */
  tasksModule?: string;
  onProgress(event: JobProgressEvent): void;
  onDone(event: JobDoneEvent): void;
  /** How long a cancelled worker may take to stop by itself. */
  cancelGraceMs?: number;
}

interface JobState {
  jobId: string;
  method: string;
  input: unknown;
  workspacePath: string;
  lang: Lang;
  startedAt: string;
  progress: JobProgress | null;
  cancelBuffer: SharedArrayBuffer;
  cancelled: boolean;
  worker: Worker | null;
  killTimer: NodeJS.Timeout | null;
  finished: boolean;
}

/** How long a worker whose job is over may take to end by itself when the application closes. */
const FINISHED_WORKER_GRACE_MS = 5_000;

/** True once `worker` has exited, false if it is still running after `ms`. */
function exitsWithin(worker: Worker, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      worker.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    worker.once('exit', onExit);
  });
}

/** The worker entry next to this module when running from sources. */
export function defaultWorkerFile(): URL {
  return new URL('./worker-bootstrap.mjs', import.meta.url);
}

function cancelledError(lang: Lang): SerializedError {
  return { code: 'CANCELLED', message: lang === 'en' ? 'Cancelled by the user.' : "Annulé par l'utilisateur." };
}

export class JobRunner {
  private readonly jobs = new Map<string, JobState>();
  private readonly queue: JobState[] = [];
  private running: JobState | null = null;
  private closed = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly options: JobRunnerOptions) {}

  /** Queues a job and returns its id at once. */
  start(method: string, input: unknown, workspacePath: string, lang: Lang = 'fr'): JobStarted {
    if (this.closed) throw AppError.keyed('INTERNAL', 'api.closing');
    const job: JobState = {
      jobId: crypto.randomUUID(),
      method,
      input,
      workspacePath,
      lang,
      startedAt: new Date().toISOString(),
      progress: null,
      cancelBuffer: createCancelBuffer(),
      cancelled: false,
      worker: null,
      killTimer: null,
      finished: false,
    };
    this.jobs.set(job.jobId, job);
    this.queue.push(job);
    if (this.running) {
      this.report(job, { fraction: 0, label: lang === 'en' ? 'Waiting for the previous task…' : 'En attente de la tâche précédente…' });
    }
    // Start on the next tick so the caller has the id before the first event.
    setImmediate(() => this.pump());
    return { jobId: job.jobId };
  }

  /** Asks a job to stop. False when no such job is queued or running. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.finished) return false;
    job.cancelled = true;
    requestCancel(job.cancelBuffer);
    if (!job.worker) {
      // Still queued: it never starts.
      const index = this.queue.indexOf(job);
      if (index >= 0) this.queue.splice(index, 1);
      this.finish(job, { ok: false, error: cancelledError(job.lang) });
      return true;
    }
    const worker = job.worker;
    job.killTimer = setTimeout(() => {
      if (!job.finished) {
        void worker.terminate();
        this.finish(job, { ok: false, error: cancelledError(job.lang) });
      }
    }, this.options.cancelGraceMs ?? 30_000);
    return true;
  }

  list(): JobSummary[] {
    return [...this.jobs.values()].filter((j) => !j.finished).map((j) => ({ jobId: j.jobId, method: j.method, startedAt: j.startedAt, progress: j.progress }));
  }

  /** Resolves when no job is queued or running. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels everything and waits for the workers to end (application shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.jobs.values()]) this.cancel(job.jobId);
    const running = this.running;
    const worker = running?.worker;
    if (!running || !worker) return;
    // A finished job's worker may still be ending threads of its own (after an import, the one
    // folding the journal into the workspace, ~0.2 s): it ends by itself. Stopped in the middle of
    // SQLite, a thread can bring the whole process down.
    if (running.finished && (await exitsWithin(worker, FINISHED_WORKER_GRACE_MS))) return;
    await worker.terminate();
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const job = this.queue.shift();
    if (!job) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    this.running = job;
    const start: WorkerStart = {
      jobId: job.jobId,
      method: job.method,
      input: job.input,
      workspacePath: job.workspacePath,
      lang: job.lang,
      cancelBuffer: job.cancelBuffer,
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      ...(this.options.tasksModule ? { tasksModule: this.options.tasksModule } : {}),
    };
    let worker: Worker;
    try {
      worker = new Worker(this.options.workerFile ?? defaultWorkerFile(), { workerData: start });
    } catch (error) {
      this.finish(job, { ok: false, error: { code: 'INTERNAL', message: `Impossible de lancer la tâche de fond : ${(error as Error).message}` } });
      return;
    }
    job.worker = worker;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') this.report(job, message.progress);
      else if (message.type === 'done') this.finish(job, job.cancelled ? { ok: false, error: cancelledError(job.lang) } : { ok: true, result: message.result });
      else this.finish(job, { ok: false, error: job.cancelled ? cancelledError(job.lang) : message.error });
    });
    worker.on('error', (error) => {
      this.finish(job, { ok: false, error: { code: 'INTERNAL', message: `La tâche de fond a échoué : ${error.message}` } });
    });
    worker.on('exit', (code) => {
      // A worker that exits without a word (crash, terminate) still ends its job.
      if (!job.finished) {
        this.finish(job, job.cancelled
          ? { ok: false, error: cancelledError(job.lang) }
          : { ok: false, error: { code: 'INTERNAL', message: `La tâche de fond s'est arrêtée (code ${code}).` } });
      }
      if (this.running === job) {
        this.running = null;
        this.pump();
      }
    });
  }

  private report(job: JobState, progress: JobProgress): void {
    if (job.finished) return;
    job.progress = progress;
    this.options.onProgress({ jobId: job.jobId, method: job.method, progress });
  }

  private finish(job: JobState, outcome: { ok: true; result: unknown } | { ok: false; error: SerializedError }): void {
    if (job.finished) return;
    job.finished = true;
    if (job.killTimer) clearTimeout(job.killTimer);
    this.jobs.delete(job.jobId);
    this.options.onDone(outcome.ok
      ? { jobId: job.jobId, method: job.method, ok: true, result: outcome.result }
      : { jobId: job.jobId, method: job.method, ok: false, error: outcome.error });
    if (!this.running && this.queue.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
