/**
 * Migration 15 (places from category runs): a version-14 workspace, whose places are stored on
 * every member (score_cache's peer_rank / peer_percentile, the item records' below / equal / n),
 * gets score_stats.runs and every edition marked not computed; its first read computes the
 * categories' runs, and every reader sees the very ranks and percentiles the stored places gave, at
 * every level, with nothing stored per member any more. A read-only version-14 workspace still
 * reads its stored places.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion, type Db } from '../../main/db/connection.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration015 } from '../../main/db/migrations/015-category-runs.js';
import { allEditions, ensureAggregates } from '../../main/analytics/index.js';
import { readCache } from '../../main/analytics/cache-read.js';
import { decodeRuns } from '../../main/analytics/category-runs.js';
import { itemPackLayoutOf, unpackItems } from '../../main/analytics/item-pack.js';
import { seededWithAggregatesAt } from './migration-fixtures.js';
import { tempDir } from './helpers.js';

/** Every structure's rows at every level of both editions, as the readers get them. */
function allLevels(db: Db): unknown {
  const key = (r: { structure: string; level: string; key: string }): string => `${r.structure}|${r.level}|${r.key}`;
  return [2023, 2024].map((edition) => readCache(db, { edition }).sort((a, b) => key(a).localeCompare(key(b))));
}

function version14WithAggregates(file: string): unknown {
  return seededWithAggregatesAt(file, 14, (v14) => {
    expect(v14.prepare('SELECT COUNT(*) FROM score_cache WHERE peer_rank IS NOT NULL').pluck().get()).toBeGreaterThan(0);
    return allLevels(v14);
  });
}

describe('migration 15: places from category runs', () => {
  it('is registered in order, the fifteenth step', () => {
    expect(MIGRATIONS[14]).toBe(migration015);
  });

  it('marks every edition not computed; the first read gives the same ranks and percentiles at every level, none stored per member', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const before = version14WithAggregates(file);
    const db = openWorkspace(file);
    try {
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(15);
      expect(db.prepare("SELECT 1 FROM pragma_table_info('score_stats') WHERE name = 'runs'").pluck().get()).toBe(1);
      expect(db.prepare('SELECT COUNT(*) FROM score_cache_edition').pluck().get()).toBe(0);
      for (const edition of allEditions(db)) ensureAggregates(db, edition);

      const after = allLevels(db) as Array<Array<{ level: string; rank: number | null }>>;
      expect(after).toEqual(before);
      for (const level of ['overall', 'step', 'channel', 'determinant', 'item']) {
        expect(after[1]!.filter((r) => r.level === level && r.rank !== null).length, level).toBeGreaterThan(0);
      }
      // Nothing per member: no stored rank, no place in the item records.
      expect(db.prepare('SELECT COUNT(*) FROM score_cache WHERE peer_rank IS NOT NULL OR peer_percentile IS NOT NULL').pluck().get()).toBe(0);
      const layout = itemPackLayoutOf(db, 2024);
      for (const items of db.prepare('SELECT items FROM score_cache_item WHERE edition = 2024').pluck().all() as Buffer[]) {
        expect(unpackItems(items, layout).every((p) => p[7] === null && p[9] === null)).toBe(true);
      }
      // The runs: on category rows only, n as the row says.
      expect(db.prepare("SELECT COUNT(*) FROM score_stats WHERE group_kind <> 'category' AND runs IS NOT NULL").pluck().get()).toBe(0);
      const categoryRows = db.prepare("SELECT n, runs FROM score_stats WHERE group_kind = 'category' AND edition = 2024").raw(true).all() as Array<[number, Buffer]>;
      expect(categoryRows.length).toBeGreaterThan(0);
      for (const [n, runs] of categoryRows) expect(decodeRuns(runs).n).toBe(n);
    } finally {
      db.close();
    }
  });

  it('leaves a read-only version-14 workspace readable, its stored places read as before', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const before = version14WithAggregates(file);
    fs.chmodSync(file, 0o444);
    const db = openWorkspace(file, { readonly: true });
    try {
      expect(schemaVersion(db)).toBe(14);
      expect(allLevels(db)).toEqual(before);
    } finally {
      db.close();
      fs.chmodSync(file, 0o644);
    }
  });
});
