/**
 * Migration 7: audit entry (keyboard entry of an audit in the workspace) and the diagnostic
 * workspace (one client's structure, compared to an imported national benchmark).
 * Shipped once merged: never edit, add a new migration instead.
 * - `audit_entry`: the entry state of an audit typed in the workspace ('draft' while it is being
 *   entered, 'completed' once closed: scores are refreshed then). Audits from files have no row.
 *   Its answers live in `observation` like any other (written field by field), so a crash loses
 *   at most the field being typed.
 * - `diagnostic_workspace`: present (one row) when the workspace was created for one client's
 *   structure (`barometer new --diagnostic`).
 * - `benchmark_import` / `benchmark_stat`: an edition's anonymous national benchmark imported
 *   from a file written by `barometer benchmark export`: per category or sector, level and key,
 *   only the figures the national workspace's disclosure rule let out (withheld ones are NULL and
 *   named in `withheld_json`). Never another structure's row, code or name. One per edition.
 */
import type { Migration } from './types.js';

export const migration007: Migration = {
  version: 7,
  name: 'audit entry and diagnostic benchmark',
  readableWithout: true,
  sql: `
CREATE TABLE audit_entry (
  audit_id INTEGER PRIMARY KEY REFERENCES audit(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('draft', 'completed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  completed_at TEXT
);

CREATE TABLE diagnostic_workspace (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  structure_code TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE benchmark_import (
  id INTEGER PRIMARY KEY,
  edition INTEGER NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  exported_at TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  disclosure_json TEXT NOT NULL
);

CREATE TABLE benchmark_stat (
  benchmark_id INTEGER NOT NULL REFERENCES benchmark_import(id) ON DELETE CASCADE,
  group_kind TEXT NOT NULL CHECK (group_kind IN ('category', 'sector')),
  group_code TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('overall', 'step', 'channel', 'determinant', 'item')),
  key TEXT NOT NULL,
  n INTEGER,
  mean REAL,
  median REAL,
  q1 REAL,
  q3 REAL,
  min REAL,
  max REAL,
  withheld_json TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (benchmark_id, group_kind, group_code, level, key)
) WITHOUT ROWID;
`,
};
