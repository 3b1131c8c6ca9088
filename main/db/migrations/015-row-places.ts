/**
 * Migration 15 (performance, issue 11): each structure's places in its category at the overall,
 * step, channel and determinant levels, in one record per (edition, structure)
 * (main/analytics/row-place.ts) instead of two columns on each of its ~30 score_cache rows. A
 * structure changing category moves the places of every member of its two categories: between the
 * national edition's two largest that was 33,000 score_cache rows updated one by one, now 1,100
 * small records rewritten (the item level's places already live in one record per structure).
 * - `score_place`: per (edition, structure), the (below, equal, n) of each row slot, in the order
 *   of `score_place_keys` (the edition's row slots as [level, key] pairs);
 * - score_cache.peer_rank and peer_percentile are written NULL from now on: rank and percentile
 *   are derived from the record when read (main/analytics/cache-read.ts);
 * - every edition is marked not computed (score_cache_edition emptied): each is computed again on
 *   its first read or at the next import, as an edition never computed is, which writes its
 *   records and clears its stored ranks.
 * A read-only workspace that has not had this step still reads its stored ranks.
 * Shipped: never edit, add a new migration instead.
 */
import type { Migration } from './types.js';

export const migration015: Migration = {
  version: 15,
  name: 'row places as records',
  // The readers take score_cache's stored ranks in a workspace without this step.
  readableWithout: true,
  sql: `
CREATE TABLE score_place (
  edition INTEGER NOT NULL,
  structure_code TEXT NOT NULL,
  places BLOB NOT NULL,
  PRIMARY KEY (edition, structure_code)
) WITHOUT ROWID;

CREATE TABLE score_place_keys (
  edition INTEGER PRIMARY KEY,
  keys TEXT NOT NULL
);

DELETE FROM score_cache_edition;
`,
};
