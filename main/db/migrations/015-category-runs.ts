/**
 * Migration 15 (performance, issue 11): places in a category derived when read. Each category's
 * scores at each (edition, level, key) are stored once, on its score_stats row (`runs`: distinct
 * scores with the count below each, main/analytics/category-runs.ts), and a structure's rank and
 * percentile are looked up there from its own score. They were stored on every member: two columns
 * on each of its ~30 score_cache rows and a (below, equal, n) in each of its ~400 item records,
 * so a structure changing category between the national edition's two largest rewrote the places
 * of 1,100 structures (33,000 rows and 1,100 records); it now rewrites the two categories' rows.
 * - score_stats gains `runs` (category rows; NULL on sector and edition rows);
 * - score_cache.peer_rank and peer_percentile are written NULL from now on, and the places in the
 *   item records (item-pack.ts) 0;
 * - every edition is marked not computed (score_cache_edition emptied): each is computed again on
 *   its first read or at the next import, as an edition never computed is.
 * A read-only workspace that has not had this step still reads its stored places.
 * Shipped: never edit, add a new migration instead.
 */
import type { Migration } from './types.js';

export const migration015: Migration = {
  version: 15,
  name: 'places from category runs',
  // The readers take the stored places of a workspace without this step.
  readableWithout: true,
  sql: `
ALTER TABLE score_stats ADD COLUMN runs BLOB;
DELETE FROM score_cache_edition;
`,
};
