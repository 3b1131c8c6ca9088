/**
 * Test helper (not a test): a job task that leaves a thread of its own running once its result is
 * sent, as an import leaves the one folding its journal into the workspace; that thread writes a
 * file when it is done (job-runner-close.test.ts, backups.test.ts).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Task } from '../../main/jobs/types.js';

const lingering: Task = (_db, input, hooks) => {
  // Given by the job runner's own test; through the API (whose schema decides the input), next to the workspace.
  const given = input as { marker?: string; ms?: number };
  const marker = given.marker ?? `${hooks.workspacePath}.fil-termine`;
  const ms = given.ms ?? 400;
  // A plain script (no import to resolve): sleeps, then writes the marker.
  const thread = new Worker(`const fs = require('node:fs'); const { workerData } = require('node:worker_threads');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
fs.writeFileSync(workerData.marker, 'fini');`, { eval: true, workerData: { marker, ms } });
  thread.on('error', () => {});
  // Shaped as the export batch's result the API core files away (its folder, its files).
  return { folder: path.dirname(marker), files: [] };
};

export const TASKS: Record<string, Task> = {
  'exports.reports': lingering,
};
