/**
 * Migration 11 (score columns): a version-10 workspace whose aggregates were computed before it
 * gains empty score_column and score_member tables and keeps its data; its first incremental
 * refresh cannot use them yet and runs the full refresh, which fills them (one column per slot of
 * the edition, one member row per participating structure, the scores as score_cache has them).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion } from '../../main/db/connection.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration011 } from '../../main/db/migrations/011-score-columns.js';
import { refreshTouched } from '../../main/analytics/refresh-incremental.js';
import { columnValues } from '../../main/analytics/refresh.js';
import { seededWithAggregatesAt } from './migration-fixtures.js';
import { tempDir } from './helpers.js';

describe('migration 11: score columns', () => {
  it('is registered in order, the eleventh step', () => {
    expect(MIGRATIONS[10]).toBe(migration011);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(11);
  });

  it('adds empty tables to a version-10 workspace; the first incremental refresh runs in full and fills them', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    seededWithAggregatesAt(file, 10, (v10) => {
      expect(v10.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name IN ('score_column', 'score_member')`).pluck().get()).toBe(0);
    });

    const db = openWorkspace(file);
    try {
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(11);
      expect(db.prepare('SELECT name, type, "notnull" AS required, pk FROM pragma_table_info(?) ORDER BY cid').all('score_column')).toEqual([
        { name: 'edition', type: 'INTEGER', required: 1, pk: 1 },
        { name: 'level', type: 'TEXT', required: 1, pk: 2 },
        { name: 'key', type: 'TEXT', required: 1, pk: 3 },
        { name: 'scores', type: 'BLOB', required: 1, pk: 0 },
      ]);
      expect(db.prepare('SELECT COUNT(*) FROM score_column').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM score_member').pluck().get()).toBe(0);
      expect(() => db.prepare(`INSERT INTO score_column (edition, level, key, scores) VALUES (2024, 'region', 'x', x'00')`).run()).toThrow(/CHECK/);

      const structure = db.prepare('SELECT structure_code FROM audit WHERE edition = 2024 LIMIT 1').pluck().get() as string;
      expect(refreshTouched(db, { edition: 2024, structures: [structure] })).toBe('full');
      const participants = db.prepare('SELECT COUNT(DISTINCT structure_code) FROM audit WHERE edition = 2024').pluck().get() as number;
      expect(db.prepare('SELECT COUNT(*) FROM score_member WHERE edition = 2024').pluck().get()).toBe(participants);
      // The overall column holds each structure's overall score, in code order.
      const overall = columnValues(db.prepare(`SELECT scores FROM score_column WHERE edition = 2024 AND level = 'overall' AND key = 'overall'`).pluck().get() as Buffer);
      const expected = db.prepare(`SELECT score FROM score_cache WHERE edition = 2024 AND level = 'overall' ORDER BY structure_code`).pluck().all() as Array<number | null>;
      expect(Array.from(overall, (v) => (Number.isNaN(v) ? null : v))).toEqual(expected);
      // Now computed with the columns: the next change takes the shortcut.
      expect(refreshTouched(db, { edition: 2024, structures: [structure] })).toBe('incremental');
    } finally {
      db.close();
    }
  });
});
