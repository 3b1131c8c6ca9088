/**
 * Migration 8: labels (Qualivilles, Services Publics+…) held by structures, the compliance rate
 * each label requires, and the trails of hand edits. Once shipped: never edit, add a new migration.
 * - `structure_label`: the labels a structure holds. `source` says who said so: a structures file
 *   ('import', with the import that brought it) or a person in the app ('manual'). A label is
 *   written in the spelling of the referential when one matches (shared/source-labels.ts).
 * - `label_requirement`: the rate (percent of applicable audits compliant) a structure must reach
 *   on each of a label's items; a label without a row requires 100 %.
 * - `structure_label_log`: every change of a structure's labels, before and after (JSON arrays of
 *   `{label, source, import_id}`). Rows with an `import_id` are the before-images an import undo
 *   restores (change_log's entity list is frozen by migration 1); rows without are hand edits.
 * - `referential_edit`: hand edits of an item's source label in the Référentiel view (who, when,
 *   before, after). A later referential import replaces the item as a whole, edit included.
 */
import type { Migration } from './types.js';

export const migration008: Migration = {
  version: 8,
  name: 'labels held and readiness',
  sql: `
CREATE TABLE structure_label (
  structure_code TEXT NOT NULL REFERENCES structure(code) ON DELETE CASCADE,
  label TEXT NOT NULL CHECK (trim(label) <> ''),
  source TEXT NOT NULL CHECK (source IN ('import', 'manual')),
  import_id INTEGER REFERENCES import(id),
  PRIMARY KEY (structure_code, label)
) WITHOUT ROWID;
CREATE INDEX structure_label_label ON structure_label(label);

CREATE TABLE label_requirement (
  label TEXT PRIMARY KEY CHECK (trim(label) <> ''),
  required_rate REAL NOT NULL DEFAULT 100 CHECK (required_rate >= 0 AND required_rate <= 100),
  updated_at TEXT NOT NULL
);

CREATE TABLE structure_label_log (
  id INTEGER PRIMARY KEY,
  structure_code TEXT NOT NULL,
  import_id INTEGER REFERENCES import(id),
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL,
  user_name TEXT,
  changed_at TEXT NOT NULL
);
CREATE INDEX structure_label_log_import ON structure_label_log(import_id);
CREATE INDEX structure_label_log_structure ON structure_label_log(structure_code);

CREATE TABLE referential_edit (
  id INTEGER PRIMARY KEY,
  valid_from INTEGER NOT NULL,
  item_code TEXT NOT NULL,
  field TEXT NOT NULL CHECK (field IN ('source_label')),
  before_value TEXT,
  after_value TEXT,
  user_name TEXT NOT NULL,
  edited_at TEXT NOT NULL
);
CREATE INDEX referential_edit_item ON referential_edit(item_code, valid_from);
`,
};
