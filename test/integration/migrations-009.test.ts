/**
 * Migration 9 (score matrix): a version-8 workspace whose aggregates were computed before it gains
 * an empty score_matrix, keeps its data, and answers the Scores grid the same before and after its
 * next refresh fills the table; a read-only version-8 workspace is still read (the table is only a
 * faster layout of score_cache).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion } from '../../main/db/connection.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration009 } from '../../main/db/migrations/009-score-matrix.js';
import { allEditions, refreshAggregates, scoreMatrix } from '../../main/analytics/index.js';
import { seedWorkspace } from './api-seed.js';
import { tempDir } from './helpers.js';

function version8WithAggregates(file: string): void {
  const v8 = openWorkspace(file, { targetVersion: 8 });
  seedWorkspace(v8, { structures: 24, editions: [2023, 2024] });
  // Refreshed at version 8: no score_matrix to write yet.
  refreshAggregates(v8, { editions: allEditions(v8) });
  expect(v8.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'score_matrix'`).pluck().get()).toBe(0);
  v8.close();
}

describe('migration 9: score matrix', () => {
  it('is registered in order, the ninth step', () => {
    expect(MIGRATIONS[8]).toBe(migration009);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(9);
    const versions = MIGRATIONS.map((m) => m.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });

  it('adds an empty score_matrix to a version-8 workspace, whose answers do not change when a refresh fills it', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    version8WithAggregates(file);
    const db = openWorkspace(file);
    try {
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(9);
      expect(db.prepare('SELECT name, type, "notnull" AS required, pk FROM pragma_table_info(?) ORDER BY cid').all('score_matrix')).toEqual([
        { name: 'edition', type: 'INTEGER', required: 1, pk: 1 },
        { name: 'level', type: 'TEXT', required: 1, pk: 2 },
        { name: 'payload', type: 'TEXT', required: 1, pk: 0 },
      ]);
      expect(db.prepare('SELECT COUNT(*) FROM score_matrix').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM observation').pluck().get()).toBeGreaterThan(0);
      expect(() => db.prepare(`INSERT INTO score_matrix (edition, level, payload) VALUES (2024, 'item', '{}')`).run()).toThrow(/CHECK/);

      const fromScoreCache = scoreMatrix(db, { edition: 2024 });
      refreshAggregates(db, { editions: [2024] });
      const payload = JSON.parse(db.prepare(`SELECT payload FROM score_matrix WHERE edition = 2024 AND level = 'channel'`).pluck().get() as string) as { structures: string[]; keys: string[]; scores: unknown[][] };
      expect(payload.structures).toHaveLength(24);
      expect(payload.keys).toEqual([...payload.keys].sort());
      expect(payload.scores).toHaveLength(payload.keys.length);
      expect(scoreMatrix(db, { edition: 2024 })).toEqual(fromScoreCache);
    } finally {
      db.close();
    }
  });

  it('leaves a read-only version-8 workspace readable, the grid read from score_cache', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    version8WithAggregates(file);
    const writable = openWorkspace(file, { targetVersion: 8 });
    const expected = scoreMatrix(writable, { edition: 2023, levels: ['overall', 'step'] });
    writable.close();
    fs.chmodSync(file, 0o444);
    const db = openWorkspace(file, { readonly: true });
    try {
      expect(schemaVersion(db)).toBe(8);
      expect(scoreMatrix(db, { edition: 2023, levels: ['overall', 'step'] })).toEqual(expected);
    } finally {
      db.close();
      fs.chmodSync(file, 0o644);
    }
  });
});
