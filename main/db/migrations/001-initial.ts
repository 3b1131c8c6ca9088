/**
 * Migration 1: every entity of the domain, the import log and the change history that lets the
 * latest imports be undone. Shipped: never edit, add a new migration instead.
 */
import type { Migration } from './types.js';
import { CATEGORIES, CHANNELS, STEPS } from '../../../shared/domain.js';

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const seedReferenceTables = [
  ...CHANNELS.map((c, i) => `INSERT INTO channel(code, label_fr, label_en, sort_order) VALUES (${quote(c.code)}, ${quote(c.fr)}, ${quote(c.en)}, ${i});`),
  ...STEPS.map((s, i) => `INSERT INTO step(code, label_fr, label_en, sort_order) VALUES (${quote(s.code)}, ${quote(s.fr)}, ${quote(s.en)}, ${i});`),
  ...CATEGORIES.map((c, i) => `INSERT INTO category(code, label_fr, label_en, sector, awards_winner, sort_order) VALUES (${quote(c.code)}, ${quote(c.fr)}, ${quote(c.en)}, ${quote(c.sector)}, ${c.awardsWinner ? 1 : 0}, ${i});`),
].join('\n');

export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
CREATE TABLE channel (
  code TEXT PRIMARY KEY,
  label_fr TEXT NOT NULL,
  label_en TEXT NOT NULL,
  sort_order INTEGER NOT NULL
);
CREATE TABLE step (
  code TEXT PRIMARY KEY,
  label_fr TEXT NOT NULL,
  label_en TEXT NOT NULL,
  sort_order INTEGER NOT NULL
);
CREATE TABLE category (
  code TEXT PRIMARY KEY,
  label_fr TEXT NOT NULL,
  label_en TEXT NOT NULL,
  sector TEXT NOT NULL CHECK (sector IN ('public', 'prive')),
  awards_winner INTEGER NOT NULL CHECK (awards_winner IN (0, 1)),
  sort_order INTEGER NOT NULL
);

-- One row per file loaded. status 'undone' keeps the record of an import that was rolled back.
CREATE TABLE import (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  file_path TEXT,
  sha256 TEXT NOT NULL,
  content_hash TEXT,
  format TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('referential', 'structures', 'results')),
  layout TEXT NOT NULL CHECK (layout IN ('long', 'wide', 'table')),
  sheet TEXT,
  header_row INTEGER,
  mapping_json TEXT NOT NULL,
  edition INTEGER,
  imported_at TEXT NOT NULL,
  rows_read INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  counts_json TEXT NOT NULL DEFAULT '{}',
  problems_json TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'undone')),
  undone_at TEXT
);

CREATE TABLE edition (
  year INTEGER PRIMARY KEY,
  expected_audits INTEGER NOT NULL DEFAULT 13,
  label TEXT
);

CREATE TABLE determinant (
  code TEXT PRIMARY KEY,
  label_fr TEXT NOT NULL,
  label_en TEXT
);

-- A referential applies from edition valid_from (0 = every edition) until a set with a later
-- valid_from replaces it as a whole.
CREATE TABLE referential_set (
  valid_from INTEGER PRIMARY KEY,
  version_label TEXT,
  import_id INTEGER REFERENCES import(id)
);

CREATE TABLE item (
  valid_from INTEGER NOT NULL REFERENCES referential_set(valid_from),
  code TEXT NOT NULL,
  label_fr TEXT NOT NULL,
  label_en TEXT,
  channel TEXT NOT NULL REFERENCES channel(code),
  step TEXT NOT NULL REFERENCES step(code),
  determinant TEXT NOT NULL REFERENCES determinant(code),
  answer_type TEXT NOT NULL CHECK (answer_type IN ('oui-non', 'seuil-max', 'seuil-min')),
  threshold REAL,
  weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0),
  source_label TEXT,
  import_id INTEGER REFERENCES import(id),
  PRIMARY KEY (valid_from, code)
) WITHOUT ROWID;

CREATE TABLE structure (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  category TEXT NOT NULL REFERENCES category(code),
  departement TEXT,
  region TEXT,
  population INTEGER,
  sector TEXT NOT NULL CHECK (sector IN ('public', 'prive')),
  -- 'structures' when a structures file set it (authoritative), 'results' when created from results.
  source TEXT NOT NULL CHECK (source IN ('structures', 'results')),
  extra_json TEXT,
  import_id INTEGER REFERENCES import(id)
);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  edition INTEGER NOT NULL REFERENCES edition(year),
  reference TEXT NOT NULL,
  structure_code TEXT NOT NULL REFERENCES structure(code),
  channel TEXT NOT NULL REFERENCES channel(code),
  audit_date TEXT,
  audit_time TEXT,
  scenario TEXT,
  auditor TEXT,
  comment TEXT,
  import_id INTEGER NOT NULL REFERENCES import(id),
  UNIQUE (edition, reference)
);
CREATE INDEX audit_structure ON audit(structure_code, edition);
CREATE INDEX audit_import ON audit(import_id);

-- compliant: 1 compliant, 0 non-compliant, NULL not applicable. measure: the raw measure of a
-- threshold item. raw: the answer as the file wrote it, kept as audit evidence.
CREATE TABLE observation (
  audit_id INTEGER NOT NULL REFERENCES audit(id) ON DELETE CASCADE,
  item_code TEXT NOT NULL,
  compliant INTEGER CHECK (compliant IN (0, 1)),
  measure REAL,
  raw TEXT,
  comment TEXT,
  import_id INTEGER NOT NULL REFERENCES import(id),
  PRIMARY KEY (audit_id, item_code)
) WITHOUT ROWID;

-- Before-images of every row an import changed, so that import can be undone. Rows an import
-- created need no image: undo deletes what still carries its import_id.
CREATE TABLE change_log (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES import(id),
  entity TEXT NOT NULL CHECK (entity IN ('audit', 'observation', 'structure', 'item', 'referential_set', 'determinant', 'edition')),
  row_key TEXT NOT NULL,
  before_json TEXT NOT NULL
);
CREATE INDEX change_log_import ON change_log(import_id);

-- Named column mappings saved from the Import view and reused.
CREATE TABLE mapping_preset (
  name TEXT PRIMARY KEY,
  mapping_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL
);

${seedReferenceTables}
`,
};
