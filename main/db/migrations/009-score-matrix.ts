/**
 * Migration 9 (performance, issue 11): `score_matrix`, the Scores grid's figures laid out column by
 * column, one row per (edition, level): the structures' codes, the level's keys, and for each key
 * the structures' scores in that order. The same numbers as score_cache, written by
 * main/analytics/refresh.ts in the same pass (so in every import, undo and correction transaction),
 * read by main/analytics/score-matrix.ts as a few JSON texts instead of 60,000 rows of a national
 * edition. Holds nothing that cannot be recomputed; an edition refreshed before this migration has
 * no row yet and is read from score_cache until its next refresh.
 * Shipped: never edit, add a new migration instead.
 */
import type { Migration } from './types.js';

export const migration009: Migration = {
  version: 9,
  name: 'score matrix',
  // Nothing reads it without falling back to score_cache when it is missing.
  readableWithout: true,
  sql: `
-- payload: {"structures": [code…], "keys": [key…], "scores": [[score or null per structure]…] }
-- (one inner array per key, in the order of "keys"; structures in code order).
CREATE TABLE score_matrix (
  edition INTEGER NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('overall', 'step', 'channel', 'determinant')),
  payload TEXT NOT NULL,
  PRIMARY KEY (edition, level)
) WITHOUT ROWID;
`,
};
