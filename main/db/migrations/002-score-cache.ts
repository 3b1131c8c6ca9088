/**
 * Migration 2: the analytics engine's helpers. `item_in_force` is the one definition of "the item
 * rows in force for an edition" (the set with the greatest valid_from ≤ the edition; 0 = every
 * edition). The score_* tables are the materialised sums and peer statistics kept by
 * main/analytics/refresh.ts (`refreshAggregates`) inside every import/undo transaction; they hold
 * nothing that cannot be recomputed from audit, observation, item and structure. An edition with
 * no row in score_cache_edition has not been computed yet and is computed on first read.
 * Shipped: never edit, add a new migration instead.
 */
import type { Migration } from './types.js';

export const migration002: Migration = {
  version: 2,
  name: 'score cache',
  sql: `
CREATE VIEW item_in_force AS
SELECT e.year AS edition, i.valid_from, i.code, i.label_fr, i.label_en, i.channel, i.step,
  i.determinant, i.answer_type, i.threshold, i.weight, i.source_label
FROM edition e
JOIN item i ON i.valid_from = (SELECT MAX(r.valid_from) FROM referential_set r WHERE r.valid_from <= e.year);

-- Sums per (edition, structure, level, key) for the overall, step, channel and determinant levels,
-- with the structure's rank and percentile in its category for that level and key (1 = best, ties
-- share the best rank).
CREATE TABLE score_cache (
  edition INTEGER NOT NULL,
  structure_code TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('overall', 'step', 'channel', 'determinant')),
  key TEXT NOT NULL,
  compliant_weight REAL NOT NULL,
  applicable_weight REAL NOT NULL,
  observations INTEGER NOT NULL,
  applicable INTEGER NOT NULL,
  compliant INTEGER NOT NULL,
  audits INTEGER NOT NULL,
  score REAL,
  peer_rank INTEGER,
  peer_percentile REAL,
  PRIMARY KEY (edition, structure_code, level, key)
) WITHOUT ROWID;

-- The item level of a structure, packed in one row: a JSON array of
-- [item, compliant_weight, applicable_weight, observations, applicable, compliant, audits,
--  peers below, peers equal (itself included), peers with a score] (rank and percentile derive from the last three)
-- (about 400 items per structure: one row instead of 400 keeps the refresh inside an import fast).
CREATE TABLE score_cache_item (
  edition INTEGER NOT NULL,
  structure_code TEXT NOT NULL,
  items TEXT NOT NULL,
  PRIMARY KEY (edition, structure_code)
) WITHOUT ROWID;

-- Pooled sums and the distribution of structure scores per (edition, group, level, key);
-- group_kind 'edition' has group_code ''.
CREATE TABLE score_stats (
  edition INTEGER NOT NULL,
  group_kind TEXT NOT NULL CHECK (group_kind IN ('category', 'sector', 'edition')),
  group_code TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('overall', 'step', 'channel', 'determinant', 'item')),
  key TEXT NOT NULL,
  compliant_weight REAL NOT NULL,
  applicable_weight REAL NOT NULL,
  observations INTEGER NOT NULL,
  applicable INTEGER NOT NULL,
  compliant INTEGER NOT NULL,
  audits INTEGER NOT NULL,
  structures INTEGER NOT NULL,
  n INTEGER NOT NULL,
  mean REAL,
  median REAL,
  q1 REAL,
  q3 REAL,
  min REAL,
  max REAL,
  PRIMARY KEY (edition, group_kind, group_code, level, key)
) WITHOUT ROWID;

-- Observations whose item code is not in force for their edition: left out of every score.
CREATE TABLE score_unscored_item (
  edition INTEGER NOT NULL,
  item_code TEXT NOT NULL,
  observations INTEGER NOT NULL,
  audits INTEGER NOT NULL,
  PRIMARY KEY (edition, item_code)
) WITHOUT ROWID;

-- One row per edition whose aggregates are up to date.
CREATE TABLE score_cache_edition (
  edition INTEGER PRIMARY KEY,
  structures INTEGER NOT NULL,
  observations INTEGER NOT NULL,
  refreshed_at TEXT NOT NULL
);
`,
};
