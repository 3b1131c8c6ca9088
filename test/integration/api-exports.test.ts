/**
 * Exports and analytics through the router on a seeded workspace: the analytics wrappers answer
 * with the engine's figures, the Excel deliverables land in the workspace's exports folder (read
 * back with SheetJS), the batch runs as a real worker job, and the explorer view export holds
 * exactly the filtered rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../shared/contract.js';
import type { ExportBatchResult, ExportFileResult, JobDoneEvent } from '../../shared/api-types.js';
import type { PeerRow, StructureScoreRow, Winner } from '../../shared/analytics-types.js';
import { createTestCore, TEST_ORIGIN, type TestCore } from './api-test-helpers.js';

let t: TestCore;
const caller = { origin: TEST_ORIGIN };

function ok<T>(response: ApiResponse): T {
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.result as T;
}

beforeAll(() => {
  t = createTestCore({ realTasks: true, seed: { editions: [2023, 2024], structures: 24, itemsPerChannel: 3 } });
});
afterAll(async () => {
  await t.close();
});

describe('analytics through the API', () => {
  it('returns scores, peers and winners consistent with each other and with the observations', async () => {
    const scores = ok<StructureScoreRow[]>(await t.core.router.call('analytics.scores', { edition: 2024, level: 'overall' }, caller));
    expect(scores).toHaveLength(24);
    const s = scores.find((r) => r.structure === 'S0005')!;
    const raw = t.core.context.session.db.prepare(`SELECT SUM(o.compliant = 1) AS c, SUM(o.compliant IS NOT NULL) AS a FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.edition = 2024 AND a.structure_code = 'S0005'`).get() as { c: number; a: number };
    // Every seeded item weighs 1: the score is the plain compliant share.
    expect(s.score).toBeCloseTo((100 * raw.c) / raw.a, 8);
    const peers = ok<PeerRow[]>(await t.core.router.call('analytics.peers', { code: 'S0005', edition: 2024, level: 'overall' }, caller));
    expect(peers[0]!.score).toBeCloseTo(s.score!, 8);
    const winners = ok<Winner[]>(await t.core.router.call('analytics.winners', { edition: 2024 }, caller));
    for (const w of winners) {
      const scored = scores.filter((r) => r.category === w.category && r.score !== null);
      const best = Math.max(...scored.map((r) => r.score!));
      expect(scored.find((r) => r.structure === w.structure)?.score).toBeCloseTo(best, 8);
      // The winner is named; its score (the best) only from 10 other structures in the category.
      if (scored.length - 1 >= 10) expect(w.score).toBeCloseTo(best, 8);
      else expect(w).toMatchObject({ score: null, compliantWeight: null, suppressed: 'group-too-small' });
    }
    expect(winners.some((w) => w.category === 'panel-prive')).toBe(false);
  });
});

describe('exports through the API', () => {
  it('writes the barometer tables and a structure workbook into the exports folder', async () => {
    const tables = ok<ExportFileResult>(await t.core.router.call('exports.tables', { edition: 2024 }, caller));
    expect(tables.path.startsWith(t.core.context.session.exportsFolder())).toBe(true);
    expect(tables.fileName).toBe('Barometre-2024-tableaux.xlsx');
    expect(XLSX.read(fs.readFileSync(tables.path)).SheetNames.length).toBeGreaterThan(3);
    const one = ok<ExportFileResult>(await t.core.router.call('exports.structureWorkbook', { code: 'S0003', edition: 2024 }, caller));
    expect(fs.existsSync(one.path)).toBe(true);
    expect(one.fileName.startsWith('S0003-')).toBe(true);
    const missing = await t.core.router.call('exports.structureWorkbook', { code: 'NOPE', edition: 2024 }, caller);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });

  it('writes one workbook per structure as a worker job with progress', async () => {
    const started = ok<{ jobId: string }>(await t.core.router.call('exports.structures', { edition: 2023, codes: ['S0001', 'S0002', 'S0003'] }, caller));
    const done = (await t.waitFor((m) => m.event === 'job.done' && (m.payload as JobDoneEvent).jobId === started.jobId)).payload as JobDoneEvent;
    if (!done.ok) throw new Error(done.error.message);
    const result = done.result as ExportBatchResult;
    expect(result.count).toBe(3);
    expect(result.files.map((f) => path.basename(f).slice(0, 5))).toEqual(['S0001', 'S0002', 'S0003']);
    expect(result.folder).toBe(path.join(t.core.context.session.exportsFolder(), 'structures-2023'));
    const progress = t.events.filter((e) => e.event === 'job.progress' && (e.payload as { jobId: string }).jobId === started.jobId);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('exports the explorer view with exactly the filtered rows', async () => {
    const filters = { edition: 2024, channel: 'email' };
    const page = ok<{ lastRow: number }>(await t.core.router.call('explorer.observations', { startRow: 0, endRow: 10, filters }, caller));
    const file = ok<ExportFileResult>(await t.core.router.call('explorer.export', { table: 'observations', filters, columns: ['reference', 'itemCode', 'compliant'] }, caller));
    const sheet = XLSX.read(fs.readFileSync(file.path)).Sheets.Observations!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, blankrows: false });
    const headerIndex = rows.findIndex((r) => Array.isArray(r) && r.includes('Code critère'));
    expect(headerIndex).toBeGreaterThanOrEqual(0);
    expect(rows[headerIndex]).toEqual(['Réf. audit', 'Code critère', 'Conforme (1/0)']);
    const dataRows = rows.slice(headerIndex + 1).filter((r) => typeof r[1] === 'string' && /^[A-Z]{3}-\d\d$/.test(r[1]));
    expect(dataRows).toHaveLength(page.lastRow);
    expect(dataRows.every((r) => String(r[1]).startsWith('EMA'))).toBe(true);
  });
});
