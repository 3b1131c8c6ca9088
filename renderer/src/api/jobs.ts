/**
 * Long operations (`job` methods of the contract: imports.preview, imports.commit,
 * exports.structures): the call answers `{ jobId }` at once, progress arrives as `job.progress`
 * events and the result as one `job.done` event. `startJob` hides that dance behind a promise
 * plus a progress callback and a `cancel()`; `useJob` wraps it for components.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiInput, ApiJobMethod, ApiJobResult } from '../../../shared/contract.js';
import type { JobDoneEvent, JobProgress, JobProgressEvent, JobStarted } from '../../../shared/api-types.js';
import { ApiError, eventsReady, invoke, on } from './client.js';

export interface RunningJob<R> {
  /** Resolves with the job's result; rejects with an `ApiError` (code CANCELLED when cancelled). */
  result: Promise<R>;
  /** Asks the main side to stop the job. */
  cancel: () => Promise<void>;
}

export function startJob<M extends ApiJobMethod>(
  method: M,
  input: ApiInput<M>,
  onProgress?: (progress: JobProgress) => void,
): RunningJob<ApiJobResult<M>> {
  let jobId: string | null = null;
  let cancelRequested = false;
  // Events can arrive before `invoke` answers with the id: keep them until the id is known.
  const early: Array<JobProgressEvent | JobDoneEvent> = [];
  let offProgress: () => void = () => undefined;
  let offDone: () => void = () => undefined;

  const result = new Promise<ApiJobResult<M>>((resolve, reject) => {
    const finish = (event: JobDoneEvent): void => {
      offProgress();
      offDone();
      if (event.ok) resolve(event.result as ApiJobResult<M>);
      else reject(ApiError.fromSerialized(event.error));
    };
    offProgress = on('job.progress', (event) => {
      if (jobId === null) early.push(event);
      else if (event.jobId === jobId) onProgress?.(event.progress);
    });
    offDone = on('job.done', (event) => {
      if (jobId === null) early.push(event);
      else if (event.jobId === jobId) finish(event);
    });
    void (async () => {
      try {
        await eventsReady();
        const started = (await invoke(method, input)) as JobStarted;
        const id = started.jobId;
        jobId = id;
        for (const event of early.splice(0)) {
          if (event.jobId !== id) continue;
          if ('progress' in event) onProgress?.(event.progress);
          else finish(event);
        }
        if (cancelRequested) await invoke('jobs.cancel', { jobId: id });
      } catch (error) {
        offProgress();
        offDone();
        reject(ApiError.from(error));
      }
    })();
  });

  return {
    result,
    cancel: async () => {
      cancelRequested = true;
      if (jobId !== null) await invoke('jobs.cancel', { jobId });
    },
  };
}

export type JobState<R> =
  | { status: 'idle' }
  | { status: 'running'; progress: JobProgress | null }
  | { status: 'done'; result: R }
  | { status: 'cancelled' }
  | { status: 'error'; error: ApiError };

/** Runs one job at a time for a component: state (idle/running/done/cancelled/error), run, cancel. */
export function useJob<M extends ApiJobMethod>(method: M): {
  state: JobState<ApiJobResult<M>>;
  run: (input: ApiInput<M>) => Promise<ApiJobResult<M> | null>;
  cancel: () => void;
  reset: () => void;
} {
  const [state, setState] = useState<JobState<ApiJobResult<M>>>({ status: 'idle' });
  const current = useRef<RunningJob<ApiJobResult<M>> | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (input: ApiInput<M>): Promise<ApiJobResult<M> | null> => {
    setState({ status: 'running', progress: null });
    const job = startJob(method, input, (progress) => {
      if (mounted.current) setState({ status: 'running', progress });
    });
    current.current = job;
    try {
      const result = await job.result;
      if (mounted.current) setState({ status: 'done', result });
      return result;
    } catch (error) {
      const apiError = ApiError.from(error);
      if (mounted.current) setState(apiError.code === 'CANCELLED' ? { status: 'cancelled' } : { status: 'error', error: apiError });
      return null;
    } finally {
      current.current = null;
    }
  }, [method]);

  const cancel = useCallback(() => {
    void current.current?.cancel();
  }, []);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, run, cancel, reset };
}
