/**
 * Test helper (not a test): a job task that leaves a thread of its own running once its result is
 * sent, as an import leaves the one folding its journal into the workspace; that thread writes a
 * file when it is done.
 */
import { Worker } from 'node:worker_threads';
import type { Task } from '../../main/jobs/types.js';

const lingering: Task = (_db, input) => {
  const { marker, ms } = input as { marker: string; ms: number };
  // A plain script (no import to resolve): sleeps, then writes the marker.
  const thread = new Worker(`const fs = require('node:fs'); const { workerData } = require('node:worker_threads');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
fs.writeFileSync(workerData.marker, 'fini');`, { eval: true, workerData: { marker, ms } });
  thread.on('error', () => {});
  return { started: true };
};

export const TASKS: Record<string, Task> = {
  'exports.reports': lingering,
};
