/**
 * Migration 14 (item records): a version-13 workspace whose item level is JSON text gets an empty
 * score_cache_item with a BLOB column and score_item_keys, and every edition marked not computed;
 * its first read computes the records, which read back as the very item rows the text gave
 * (sums, places, failures, item trends); a read-only version-13 workspace still reads its text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion, type Db } from '../../main/db/connection.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration014 } from '../../main/db/migrations/014-item-pack.js';
import { allEditions, ensureAggregates } from '../../main/analytics/index.js';
import { readCache } from '../../main/analytics/cache-read.js';
import { structureItemCounts } from '../../main/analytics/item-failures.js';
import { itemPackLayoutOf } from '../../main/analytics/item-pack.js';
import { seededWithAggregatesAt } from './migration-fixtures.js';
import { tempDir } from './helpers.js';

/** The item level as every reader sees it. */
function itemLevel(db: Db): unknown {
  const structure = db.prepare('SELECT structure_code FROM audit WHERE edition = 2024 ORDER BY structure_code LIMIT 1').pluck().get() as string;
  const key = (r: { structure: string; key: string }): string => `${r.structure}|${r.key}`;
  return {
    rows: readCache(db, { edition: 2024, level: 'item' }).sort((a, b) => key(a).localeCompare(key(b))),
    failures: structureItemCounts(db, 2024, structure),
  };
}

function version13WithAggregates(file: string): unknown {
  return seededWithAggregatesAt(file, 13, (v13) => {
    expect(typeof v13.prepare('SELECT items FROM score_cache_item LIMIT 1').pluck().get()).toBe('string');
    return itemLevel(v13);
  });
}

describe('migration 14: item level as binary records', () => {
  it('is registered in order, the fourteenth step', () => {
    expect(MIGRATIONS[13]).toBe(migration014);
  });

  it('empties the item level of a version-13 workspace, whose first read gives the same item rows from records', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const before = version13WithAggregates(file);
    const db = openWorkspace(file);
    try {
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(14);
      expect(db.prepare('SELECT name, type FROM pragma_table_info(?) ORDER BY cid').raw(true).all('score_cache_item')).toEqual([['edition', 'INTEGER'], ['structure_code', 'TEXT'], ['items', 'BLOB']]);
      expect(db.prepare('SELECT COUNT(*) FROM score_cache_item').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM score_cache_edition').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM observation').pluck().get()).toBeGreaterThan(0);
      for (const edition of allEditions(db)) ensureAggregates(db, edition);
      expect(Buffer.isBuffer(db.prepare('SELECT items FROM score_cache_item LIMIT 1').pluck().get())).toBe(true);
      expect(itemPackLayoutOf(db, 2024)).toMatchObject({ exact: true, width: 2 });
      expect(itemLevel(db)).toEqual(before);
    } finally {
      db.close();
    }
  });

  it('leaves a read-only version-13 workspace readable, its JSON text read as before', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const before = version13WithAggregates(file);
    fs.chmodSync(file, 0o444);
    const db = openWorkspace(file, { readonly: true });
    try {
      expect(schemaVersion(db)).toBe(13);
      expect(itemLevel(db)).toEqual(before);
    } finally {
      db.close();
      fs.chmodSync(file, 0o644);
    }
  });
});
