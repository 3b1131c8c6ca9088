/**
 * Migration 4: marks the file as a workspace of this application, so that opening any other
 * SQLite database (a browser profile, another application's data) is refused instead of having
 * our tables written into it. Shipped: never edit, add a new migration instead.
 * - `PRAGMA application_id` = 0x42454331 ("BEC1"): the header field SQLite reserves for the
 *   application that owns a file (`file(1)` and other tools read it). The literal is written out
 *   here on purpose — a shipped migration must not change if a constant elsewhere does;
 *   test/integration/migrations-004.test.ts checks it equals APPLICATION_ID (workspace-identity.ts).
 * - `workspace_marker`: one row naming the application, readable by anyone who opens the file
 *   with an SQLite browser, and a second witness if a tool ever resets the header.
 * Workspaces made before this migration (user_version 1–3) are recognised by their tables and
 * marked here; nothing else changes, so a read-only one can still be read without it.
 */
import type { Migration } from './types.js';

export const migration004: Migration = {
  version: 4,
  name: 'workspace marker',
  readableWithout: true,
  sql: `
CREATE TABLE workspace_marker (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  application TEXT NOT NULL,
  marked_at TEXT NOT NULL
);
INSERT INTO workspace_marker(id, application, marked_at)
  VALUES (1, 'Baromètre Expérience Citoyen', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
PRAGMA application_id = 1111835441;
`,
};
