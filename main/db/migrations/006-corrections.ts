/**
 * Migration 6: corrections of observations made by an analyst in the workstation (main/corrections).
 * Shipped once landed: never edit, add a new migration instead.
 *
 * - `observation_correction` is the shared history other modules read (the import preview flags an
 *   import that would overwrite a corrected value): one row per field changed, its value before and
 *   after as text, why, who, when, in which session (one app run or one CLI invocation), and
 *   `undone_at` once undone. A value is "corrected" while its latest row for
 *   (audit_id, item_code, field) has `undone_at IS NULL`. Texts: answer `Conforme` /
 *   `Non conforme` / `Non applicable` (spellings the importer reads back), measure a decimal number
 *   with a dot, comment its text; NULL when there was no value.
 * - `observation_correction_before` keeps, per history row, the whole observation row as it was
 *   before the correction and the id of the first row written by the same correction (`change_id`):
 *   undo restores the columns exactly (the raw answer as the file wrote it included, which the
 *   text history does not carry) and undoes every field one correction changed together.
 * The user name written in each row is the workspace setting `corrections.userName`, the OS user
 * name when unset (main/corrections/user-name.ts): it is not seeded here, as a migration cannot
 * know who will correct.
 */
import type { Migration } from './types.js';

export const migration006: Migration = {
  version: 6,
  name: 'observation corrections',
  sql: `
CREATE TABLE observation_correction (
  id INTEGER PRIMARY KEY,
  audit_id INTEGER NOT NULL REFERENCES audit(id) ON DELETE CASCADE,
  item_code TEXT NOT NULL,
  field TEXT NOT NULL CHECK (field IN ('answer','measure','comment')),
  before_value TEXT,
  after_value TEXT,
  reason TEXT NOT NULL,
  user_name TEXT NOT NULL,
  corrected_at TEXT NOT NULL,
  session_id TEXT NOT NULL,
  undone_at TEXT
);
CREATE INDEX observation_correction_observation ON observation_correction(audit_id, item_code);
CREATE INDEX observation_correction_session ON observation_correction(session_id);

CREATE TABLE observation_correction_before (
  correction_id INTEGER PRIMARY KEY REFERENCES observation_correction(id) ON DELETE CASCADE,
  change_id INTEGER NOT NULL,
  compliant INTEGER CHECK (compliant IN (0, 1)),
  measure REAL,
  raw TEXT,
  comment TEXT
);
CREATE INDEX observation_correction_before_change ON observation_correction_before(change_id);
`,
};
