/**
 * Test helper (not a test): job tasks the API tests run in real worker threads instead of the
 * app's, so a job can be made slow, observable and cancellable on demand. Each step sleeps synchronously (Atomics.wait), like a synchronous import loop
 * would be busy, and polls the shared cancel flag.
 */
import { AppError } from '../../shared/errors.js';
import type { Task } from '../../main/jobs/types.js';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

const countTask = (steps: number, stepMs: number): Task => (db, input, hooks) => {
  const files = (input as { files?: string[] }).files ?? [];
  if (files.some((f) => f.endsWith('fail.csv'))) throw new AppError('IMPORT_REFUSED', 'Échec voulu par le test.');
  // Touch the worker's own connection: proves it opened the workspace file.
  const editions = db.prepare('SELECT COUNT(*) FROM edition').pluck().get() as number;
  for (let i = 0; i < steps; i += 1) {
    if (hooks.cancel.cancelled) throw new AppError('CANCELLED', 'Annulé.');
    Atomics.wait(sleeper, 0, 0, stepMs);
    hooks.onProgress({ fraction: (i + 1) / steps, label: `Étape ${i + 1}`, detail: { step: i + 1 } });
  }
  return { steps, editions, workspacePath: hooks.workspacePath };
};

export const TASKS: Record<string, Task> = {
  /** Finishes after 10 short steps. */
  'imports.preview': countTask(10, 10),
  /** Runs for minutes unless cancelled. */
  'imports.commit': countTask(10_000, 20),
  'exports.structures': countTask(10, 10),
};
