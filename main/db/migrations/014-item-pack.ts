/**
 * Migration 14 (performance, issue 11): the item level of the aggregates as fixed-size binary
 * records (main/analytics/item-pack.ts) instead of a JSON text per structure. A national edition's
 * score_cache_item held 26 Mo of text that every refresh printed and wrote and every read parsed;
 * the records take ~9 Mo, and a category move rewrites its members' places in place.
 * - `score_cache_item` is recreated with a BLOB column (its rows are aggregates: recomputed);
 * - `score_item_keys`: per edition, the items the records follow (keys in order, their weights,
 *   whether the weights sum exactly, the byte width of the counts);
 * - every edition is marked not computed (score_cache_edition emptied): each is computed again,
 *   in the new form, on its first read or at the next import, as an edition never computed is.
 * A read-only workspace that has not had this step still reads its JSON text (item-pack.ts).
 * Shipped: never edit, add a new migration instead.
 */
import type { Migration } from './types.js';

export const migration014: Migration = {
  version: 14,
  name: 'item level as binary records',
  // The readers take the JSON text of a workspace without this step.
  readableWithout: true,
  sql: `
DROP TABLE score_cache_item;
CREATE TABLE score_cache_item (
  edition INTEGER NOT NULL,
  structure_code TEXT NOT NULL,
  items BLOB NOT NULL,
  PRIMARY KEY (edition, structure_code)
) WITHOUT ROWID;

CREATE TABLE score_item_keys (
  edition INTEGER PRIMARY KEY,
  keys TEXT NOT NULL,
  weights TEXT NOT NULL,
  exact INTEGER NOT NULL CHECK (exact IN (0, 1)),
  width INTEGER NOT NULL CHECK (width IN (2, 4))
);

DELETE FROM score_cache_edition;
`,
};
