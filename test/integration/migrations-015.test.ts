/**
 * Migration 15 (row places as records): a version-14 workspace, whose ranks and percentiles are
 * score_cache columns, gets score_place and score_place_keys and every edition marked not computed;
 * its first read computes the records, and every reader sees the very ranks and percentiles the
 * columns gave (rows of every level, the Fiche's peer comparison); the columns are left NULL. A
 * read-only version-14 workspace still reads its stored ranks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion, type Db } from '../../main/db/connection.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration015 } from '../../main/db/migrations/015-row-places.js';
import { allEditions, ensureAggregates, refreshAggregates } from '../../main/analytics/index.js';
import { readCache } from '../../main/analytics/cache-read.js';
import { rowPlaceLayoutOf } from '../../main/analytics/row-place.js';
import { seedWorkspace } from './api-seed.js';
import { tempDir } from './helpers.js';

/** Every structure's rows at the row levels of both editions, as the readers get them. */
function rowLevels(db: Db): unknown {
  const key = (r: { structure: string; level: string; key: string }): string => `${r.structure}|${r.level}|${r.key}`;
  return [2023, 2024].map((edition) => readCache(db, { edition }).filter((r) => r.level !== 'item').sort((a, b) => key(a).localeCompare(key(b))));
}

function version14WithAggregates(file: string): unknown {
  const v14 = openWorkspace(file, { targetVersion: 14 });
  seedWorkspace(v14, { structures: 24, editions: [2023, 2024] });
  refreshAggregates(v14, { editions: allEditions(v14) });
  expect(v14.prepare('SELECT COUNT(*) FROM score_cache WHERE peer_rank IS NOT NULL').pluck().get()).toBeGreaterThan(0);
  const before = rowLevels(v14);
  v14.close();
  return before;
}

describe('migration 15: row places as records', () => {
  it('is registered in order, the fifteenth step', () => {
    expect(MIGRATIONS[14]).toBe(migration015);
  });

  it('marks every edition not computed; the first read gives the same ranks and percentiles from records', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const before = version14WithAggregates(file);
    const db = openWorkspace(file);
    try {
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(15);
      expect(db.prepare('SELECT COUNT(*) FROM score_cache_edition').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM score_place').pluck().get()).toBe(0);
      for (const edition of allEditions(db)) ensureAggregates(db, edition);
      const structures = db.prepare('SELECT COUNT(DISTINCT structure_code) FROM score_cache WHERE edition = 2024').pluck().get() as number;
      expect(db.prepare('SELECT COUNT(*) FROM score_place WHERE edition = 2024').pluck().get()).toBe(structures);
      expect(db.prepare('SELECT COUNT(*) FROM score_cache WHERE peer_rank IS NOT NULL OR peer_percentile IS NOT NULL').pluck().get()).toBe(0);
      // The layout: the edition's row slots in key order (level, then key).
      const slots = db.prepare("SELECT DISTINCT level || char(0) || key FROM score_cache WHERE edition = 2024 ORDER BY level, key").pluck().all() as string[];
      expect([...(rowPlaceLayoutOf(db, 2024)?.keys() ?? [])]).toEqual(slots);
      const after = rowLevels(db) as Array<Array<{ rank: number | null }>>;
      expect(after).toEqual(before);
      expect(after[1]!.filter((r) => r.rank !== null).length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('leaves a read-only version-14 workspace readable, its stored ranks read as before', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const before = version14WithAggregates(file);
    fs.chmodSync(file, 0o444);
    const db = openWorkspace(file, { readonly: true });
    try {
      expect(schemaVersion(db)).toBe(14);
      expect(rowLevels(db)).toEqual(before);
    } finally {
      db.close();
      fs.chmodSync(file, 0o644);
    }
  });
});
