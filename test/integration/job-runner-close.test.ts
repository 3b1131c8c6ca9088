/**
 * Closing the job runner (application shutdown) while a finished job's worker still ends threads
 * of its own: the runner waits for it to end by itself rather than stopping it in the middle (a
 * thread stopped inside SQLite can bring the whole process down).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { JobRunner } from '../../main/jobs/job-runner.js';
import type { JobDoneEvent } from '../../shared/api-types.js';
import { tempDir } from './helpers.js';

const TASKS = pathToFileURL(path.join(import.meta.dirname, 'job-runner-close-tasks.ts')).href;

describe('job runner shutdown', () => {
  it('lets a finished job’s worker end its own threads before closing', async () => {
    const dir = tempDir('job-close-');
    const file = path.join(dir, 'espace.sqlite');
    openWorkspace(file).close();
    const marker = path.join(dir, 'fil-termine.txt');
    let done: (event: JobDoneEvent) => void = () => {};
    const finished = new Promise<JobDoneEvent>((resolve) => {
      done = resolve;
    });
    const runner = new JobRunner({ tasksModule: TASKS, onProgress: () => {}, onDone: (event) => done(event) });
    runner.start('exports.reports', { marker, ms: 400 }, file);
    expect(await finished).toMatchObject({ ok: true, result: { folder: dir, files: [] } });
    // The result is in; the task's own thread still has ~0.4 s to go.
    expect(fs.existsSync(marker)).toBe(false);
    await runner.close();
    expect(fs.readFileSync(marker, 'utf8')).toBe('fini');
  });
});
