/**
 * The report batch split over worker threads (`threads: 2`): the same files, byte for byte, as the
 * one-thread batch, progress counted once per file, and a cancellation honoured by every thread
 * (finished reports kept, no temporary file left). Real workspace file, real PDFs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStructureReports } from '../../main/report/batch.js';
import { buildFixture } from './export-fixture.js';
import type { Fixture } from './export-fixture.js';

describe('report batch on worker threads', () => {
  let fx: Fixture;
  const now = new Date('2026-11-27T09:30:00Z');
  beforeAll(() => {
    // 52 structures: enough for two threads (25 reports each at least).
    fx = buildFixture({ perCategory: { 'ville-plus-50k': 30, 'ville-20k-50k': 12, 'panel-prive': 10 }, editions: [2022, 2023], auditsPerStructure: 4 });
  });
  afterAll(() => fx.cleanup());

  it('writes the same files as one thread, with one progress step per file', async () => {
    const one = path.join(fx.dir, 'one');
    const two = path.join(fx.dir, 'two');
    const single = await exportStructureReports(fx.db, { edition: 2023, outDir: one, now });
    const progress: number[] = [];
    const structures = new Set<string>();
    const result = await exportStructureReports(fx.db, { edition: 2023, outDir: two, now, threads: 2 }, {
      onProgress: (p) => {
        progress.push(p.done);
        structures.add(p.structure);
        expect(p.total).toBe(52);
        expect(fs.existsSync(p.file)).toBe(true);
      },
    });
    expect(single.threads).toBe(1);
    expect(result).toMatchObject({ count: 52, total: 52, cancelled: false, threads: 2 });
    expect(progress).toEqual(Array.from({ length: 52 }, (_, i) => i + 1));
    expect(structures.size).toBe(52);
    expect(result.files.map((f) => path.basename(f))).toEqual(single.files.map((f) => path.basename(f)));
    expect(fs.readdirSync(two).sort()).toEqual(fs.readdirSync(one).sort());
    for (const f of fs.readdirSync(one)) expect(fs.readFileSync(path.join(two, f)).equals(fs.readFileSync(path.join(one, f)))).toBe(true);
  }, 120_000);

  it('stops every thread when cancelled, keeping the finished reports and no temporary file', async () => {
    const dir = path.join(fx.dir, 'cancelled');
    const controller = new AbortController();
    const result = await exportStructureReports(fx.db, { edition: 2023, outDir: dir, now, threads: 2 }, {
      cancel: controller.signal,
      onProgress: (p) => {
        if (p.done === 5) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.count).toBeGreaterThanOrEqual(5);
    expect(result.count).toBeLessThan(52);
    const onDisk = fs.readdirSync(dir);
    expect(onDisk.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(onDisk.sort()).toEqual(result.files.map((f) => path.basename(f)).sort());
  }, 120_000);

  it('keeps small batches on one thread', async () => {
    const codes = fx.structures.slice(0, 10).map((s) => s.code);
    const result = await exportStructureReports(fx.db, { edition: 2023, outDir: path.join(fx.dir, 'small'), now, threads: 2, codes });
    expect(result).toMatchObject({ count: 10, threads: 1 });
  }, 60_000);
});
