/**
 * Body of a job worker thread: opens its OWN connection on the workspace file, runs one task,
 * posts throttled progress and then the result (or the serialised error), and exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openWorkspace, type Db } from '../db/connection.js';
import { AppError, serializeError } from '../../shared/errors.js';
import { failureContext } from '../db/health.js';
import { sqliteFailureToAppError } from '../db/sqlite-errors.js';
import type { JobProgress } from '../../shared/api-types.js';
import { cancelToken } from './cancel-flag.js';
import type { Task, WorkerMessage, WorkerStart } from './types.js';

/** Progress is posted at most this often (the import may report every row). */
const PROGRESS_INTERVAL_MS = 100;

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

async function loadTask(start: WorkerStart): Promise<Task> {
  const module = (start.tasksModule
    ? await import(start.tasksModule)
    : await import('./tasks.js')) as { TASKS: Record<string, Task | undefined> };
  const task = module.TASKS[start.method];
  if (!task) throw AppError.keyed('UNKNOWN_METHOD', 'api.unknownTask', { method: start.method });
  return task;
}

async function run(start: WorkerStart): Promise<void> {
  let db: Db | null = null;
  try {
    const task = await loadTask(start);
    db = openWorkspace(start.workspacePath, start.nativeBinding ? { nativeBinding: start.nativeBinding } : {});
    let lastPost = 0;
    let lastLabel = '';
    const onProgress = (progress: JobProgress): void => {
      const now = Date.now();
      // Always pass on a change of step (label) and the final 100 %; throttle the rest.
      if (now - lastPost < PROGRESS_INTERVAL_MS && progress.label === lastLabel && progress.fraction !== 1) return;
      lastPost = now;
      lastLabel = progress.label;
      post({ type: 'progress', progress });
    };
    const cancel = cancelToken(start.cancelBuffer);
    const result = await task(db, start.input, { onProgress, cancel, lang: start.lang, workspacePath: start.workspacePath });
    post({ type: 'done', result });
  } catch (error) {
    // A SQLite failure (disk full, locked, damaged) travels as its explained AppError.
    post({ type: 'error', error: serializeError(sqliteFailureToAppError(error, { file: start.workspacePath, ...failureContext(db ?? undefined) }) ?? error) });
  } finally {
    db?.close();
  }
}

void run(workerData as WorkerStart);
