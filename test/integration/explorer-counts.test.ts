/**
 * The Explorer's counts and deep-page starts on a real SQLite workspace: every count equals a plain
 * COUNT(*) of the same filters (audit-level filters take the per-audit path, item and search
 * filters the grouped one), deep pages in default order equal the reference slice (an audit without
 * observations included), the cache key does not depend on how a filter set was written, and the
 * warm-up computes what the grid's first request then reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import type { ExplorerFilters } from '../../shared/api-types.js';
import { countAudits } from '../../main/explorer/audits.js';
import { countObservations, observationsPage } from '../../main/explorer/observations.js';
import { filtersKey } from '../../main/explorer/count-cache.js';
import { warmExplorerCounts } from '../../main/explorer/warm-counts.js';
import { tempWorkspace } from './helpers.js';
import { seedWorkspace } from './api-seed.js';

let db: Db;

beforeAll(() => {
  db = tempWorkspace().db;
  seedWorkspace(db, { editions: [2023, 2024], structures: 40, itemsPerChannel: 6 });
  // An audit without any observation (a wide file whose row had only empty cells): it counts for
  // the audits grid, not for the observations, and must not shift deep pages.
  const mid = db.prepare('SELECT id FROM audit WHERE edition = 2024 ORDER BY id LIMIT 1 OFFSET 100').pluck().get() as number;
  db.prepare('DELETE FROM observation WHERE audit_id = ?').run(mid);
});
afterAll(() => db.close());

/** The same filters written as plain SQL over the full join. */
function reference(filters: ExplorerFilters): { where: string; params: Array<string | number> } {
  const where: string[] = ['1'];
  const params: Array<string | number> = [];
  if (filters.edition !== undefined) { where.push('a.edition = ?'); params.push(filters.edition); }
  if (filters.channel) { where.push('a.channel = ?'); params.push(filters.channel); }
  if (filters.category) { where.push('s.category = ?'); params.push(filters.category); }
  if (filters.structure) { where.push('a.structure_code = ?'); params.push(filters.structure); }
  if (filters.step) { where.push('o.item_code IN (SELECT code FROM item WHERE step = ?)'); params.push(filters.step); }
  if (filters.item) { where.push('o.item_code = ?'); params.push(filters.item); }
  return { where: where.join(' AND '), params };
}

function referenceKeys(filters: ExplorerFilters): string[] {
  const r = reference(filters);
  return db.prepare(`SELECT o.audit_id || ':' || o.item_code FROM observation o JOIN audit a ON a.id = o.audit_id JOIN structure s ON s.code = a.structure_code
    WHERE ${r.where} ORDER BY o.audit_id, o.item_code`).pluck().all(...r.params) as string[];
}

const FILTER_SETS: ExplorerFilters[] = [
  {},
  { edition: 2024 },
  { edition: 2023, channel: 'email' },
  { category: 'region' },
  { edition: 2024, structure: 'S0003' },
  { edition: 2024, step: 'acces' },
  { item: 'TEL-01' },
  { edition: 2023, category: 'region', step: 'acces' },
];

describe('explorer counts', () => {
  it('counts observations and audits exactly as COUNT(*) on the same filters', () => {
    for (const filters of FILTER_SETS) {
      const r = reference(filters);
      const observations = db.prepare(`SELECT COUNT(*) FROM observation o JOIN audit a ON a.id = o.audit_id JOIN structure s ON s.code = a.structure_code WHERE ${r.where}`).pluck().get(...r.params) as number;
      expect(observations, JSON.stringify(filters)).toBeGreaterThan(0);
      expect(countObservations(db, filters), JSON.stringify(filters)).toBe(observations);
      const auditWhere = r.where.replace(/o\.item_code IN \(SELECT code FROM item WHERE step = \?\)/, 'EXISTS (SELECT 1 FROM observation o WHERE o.audit_id = a.id AND o.item_code IN (SELECT code FROM item WHERE step = ?))')
        .replace(/o\.item_code = \?/, 'EXISTS (SELECT 1 FROM observation o WHERE o.audit_id = a.id AND o.item_code = ?)');
      const audits = db.prepare(`SELECT COUNT(*) FROM audit a JOIN structure s ON s.code = a.structure_code WHERE ${auditWhere}`).pluck().get(...r.params) as number;
      expect(countAudits(db, filters), JSON.stringify(filters)).toBe(audits);
    }
  });

  it('starts deep pages in default order exactly where the reference slice does', () => {
    for (const filters of FILTER_SETS) {
      const keys = referenceKeys(filters);
      if (keys.length < 2100) continue;
      for (const start of [2000, 2345, Math.floor(keys.length / 2), keys.length - 37]) {
        const page = observationsPage(db, { startRow: start, endRow: start + 50, filters });
        expect(page.rows.map((row) => `${row.auditId}:${row.itemCode}`), `${JSON.stringify(filters)} @${start}`).toEqual(keys.slice(start, start + 50));
        expect(page.lastRow).toBe(keys.length);
      }
    }
    // The whole workspace and one edition are both deep enough here.
    expect(referenceKeys({}).length).toBeGreaterThan(4000);
    expect(referenceKeys({ edition: 2024 }).length).toBeGreaterThan(2100);
  });

  it('keys a filter set the same whatever its order and its empty values', () => {
    expect(filtersKey({ edition: 2024, channel: 'email' })).toBe(filtersKey({ channel: 'email', edition: 2024 }));
    expect(filtersKey({ edition: 2024, search: '', channel: undefined })).toBe(filtersKey({ edition: 2024 }));
    expect(filtersKey({ edition: 2024 })).not.toBe(filtersKey({ edition: 2023 }));
  });

  it('warms the default view of an edition with the counts its first request reads', () => {
    const [audits, observations] = warmExplorerCounts(db, 2024);
    expect(audits).toBe(db.prepare('SELECT COUNT(*) FROM audit WHERE edition = 2024').pluck().get());
    expect(observations).toBe(db.prepare('SELECT COUNT(*) FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.edition = 2024').pluck().get());
    expect(observationsPage(db, { startRow: 0, endRow: 10, filters: { edition: 2024 } }).lastRow).toBe(observations);
    // A write drops the cached counts: the next request counts the data as it is now.
    const audit = db.prepare('SELECT id FROM audit WHERE edition = 2024 ORDER BY id LIMIT 1').pluck().get() as number;
    const removed = db.prepare('DELETE FROM observation WHERE audit_id = ?').run(audit).changes;
    expect(removed).toBeGreaterThan(0);
    expect(countObservations(db, { edition: 2024 })).toBe(observations - removed);
  });
});
