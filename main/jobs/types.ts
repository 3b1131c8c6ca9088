/**
 * What flows between the job runner (main thread) and a job worker: the start order (workerData),
 * then progress, result or error messages back. Tasks are plain functions over their own database
 * connection; `cancel.cancelled` reads a shared flag synchronously, so even a synchronous import
 * loop sees a cancellation between two rows.
 */
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import type { JobProgress } from '../../shared/api-types.js';
import type { SerializedError } from '../../shared/errors.js';
import type { ApiJobMethod, ApiJobResult, ApiParsedInput } from '../../shared/contract.js';

export interface CancelToken {
  readonly cancelled: boolean;
}

export interface TaskHooks {
  onProgress(progress: JobProgress): void;
  readonly cancel: CancelToken;
  readonly lang: Lang;
  /** The workspace file the task's connection is open on. */
  readonly workspacePath: string;
}

export type Task<I = unknown, R = unknown> = (db: Db, input: I, hooks: TaskHooks) => R | Promise<R>;

export type TaskMap = { readonly [M in ApiJobMethod]: Task<ApiParsedInput<M>, ApiJobResult<M>> };

export interface WorkerStart {
  jobId: string;
  method: string;
  input: unknown;
  workspacePath: string;
  lang: Lang;
  nativeBinding?: string;
  /** One Int32: 0 running, 1 cancel requested. */
  cancelBuffer: SharedArrayBuffer;
  /** Tests only: a module exporting `TASKS` to run instead of the app's tasks. */
  tasksModule?: string;
}

export type WorkerMessage =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: SerializedError };
