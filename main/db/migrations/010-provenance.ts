/**
 * Migration 10 (provenance, issue 12): the spreadsheet row each audit and observation came from,
 * so the Explorer and the evidence panel can say "fichier, feuille, ligne 14". One row per (audit,
 * import that wrote it or any of its observations): the audit's row in that file, and the rows of
 * the observations that import wrote on another line (long layout) as a small JSON object — one
 * row per audit rather than per observation keeps a national import's extra cost small. An
 * observation's row is read through the import it currently carries (`observation.import_id`), so
 * an `imports undo` that gives it back its previous import also gives back that import's row,
 * without touching this table. The sheet and file name are the import's (`import.sheet`,
 * `import.file_name`). Rows imported before this migration, or typed in an entry session, have no
 * row here: their file and date still show.
 * Shipped: never edit, add a new migration instead.
 */
import type { Migration } from './types.js';

export const migration010: Migration = {
  version: 10,
  name: 'provenance',
  // Readers fall back to "no row" when the table is missing (a read-only older workspace).
  readableWithout: true,
  sql: `
-- source_row: the audit's first row in the file, as the spreadsheet shows it (1-based, header and
-- title rows counted). item_rows: {"<item code>": row} for the observations this import wrote on
-- another row than source_row; an observation not listed is on source_row.
CREATE TABLE audit_source (
  audit_id INTEGER NOT NULL REFERENCES audit(id) ON DELETE CASCADE,
  import_id INTEGER NOT NULL REFERENCES import(id),
  source_row INTEGER NOT NULL,
  item_rows TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(item_rows)),
  PRIMARY KEY (audit_id, import_id)
) WITHOUT ROWID;
`,
};
