/**
 * Migration 11 (performance, issue 11): what the incremental refresh of main/analytics/
 * refresh-incremental.ts needs to recompute a few structures without reading the whole edition.
 * - `score_column`: every structure's score at one (edition, level, key), item level included,
 *   packed as little-endian float64 in the structures' code order (NaN: no score). The
 *   distribution of a category, a sector or the edition at one key is then one small BLOB read
 *   (16 Ko for 2,000 structures) instead of 2,000 packed item rows to parse.
 * - `score_member`: the category and sector each participating structure had when the aggregates
 *   were computed, so a structure that changed category is taken out of its former groups.
 * Written by main/analytics/refresh.ts in the same pass as score_cache; holds nothing that cannot
 * be recomputed. An edition refreshed before this migration has no row yet: its first incremental
 * refresh falls back to the full one, which fills them.
 * Shipped: never edit, add a new migration instead.
 */
import type { Migration } from './types.js';

export const migration011: Migration = {
  version: 11,
  name: 'score columns',
  // Only the incremental refresh reads them, and it falls back to the full refresh without them.
  readableWithout: true,
  sql: `
CREATE TABLE score_column (
  edition INTEGER NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('overall', 'step', 'channel', 'determinant', 'item')),
  key TEXT NOT NULL,
  scores BLOB NOT NULL,
  PRIMARY KEY (edition, level, key)
);

CREATE TABLE score_member (
  edition INTEGER NOT NULL,
  structure_code TEXT NOT NULL,
  category TEXT NOT NULL,
  sector TEXT NOT NULL,
  PRIMARY KEY (edition, structure_code)
) WITHOUT ROWID;
`,
};
