/**
 * Places in a category derived when read (migration 015). A structure's rank and percentile in its
 * category at one (edition, level, key) depend on its own score and on the category's scores
 * there; the category's scores are stored once, on the category's score_stats row (`runs`: the
 * distinct scores ascending with the number of scores below each), instead of a place stored on
 * every member. A structure changing category then rewrites the two categories' rows, not the
 * places of their 1,100 members (national edition); the readers look their scores up in the runs.
 *
 * `runs` layout, little-endian: uint32 k (distinct scores), k float64 (the scores, ascending),
 * k + 1 uint32 (scores strictly below each, then n). Category rows only; NULL on sector and edition
 * rows. A workspace without the column (read-only, below migration 015) has its places stored.
 */
import type { Db } from '../db/connection.js';
import { hasColumn } from '../db/schema.js';
import { DistinctRuns, placeFromCounts } from './score-math.js';

/** Whether the workspace derives places from score_stats.runs (migration 015). */
export function hasCategoryRuns(db: Db): boolean {
  return hasColumn(db, 'score_stats', 'runs');
}

/** The stored form of a category's scores at one key (ascending, NaN left out by the caller). */
export function encodeRuns(runs: DistinctRuns): Buffer {
  const k = runs.values.length;
  const out = Buffer.allocUnsafe(4 + 8 * k + 4 * (k + 1));
  out.writeUInt32LE(k, 0);
  let at = 4;
  for (let i = 0; i < k; i += 1, at += 8) out.writeDoubleLE(runs.values[i] as number, at);
  for (let i = 0; i <= k; i += 1, at += 4) out.writeUInt32LE(runs.below[i] as number, at);
  return out;
}

export function decodeRuns(blob: Buffer): DistinctRuns {
  const k = blob.readUInt32LE(0);
  const values = new Float64Array(k);
  const below = new Int32Array(k + 1);
  let at = 4;
  for (let i = 0; i < k; i += 1, at += 8) values[i] = blob.readDoubleLE(at);
  for (let i = 0; i <= k; i += 1, at += 4) below[i] = blob.readUInt32LE(at);
  return DistinctRuns.fromRuns(values, below);
}

export interface PlaceCounts {
  below: number;
  equal: number;
  n: number;
}

/**
 * The categories' runs of one edition, read in one query and decoded on first use: the place of
 * a score among its category's scores at a key, and its rank and percentile.
 */
export class CategoryPlaces {
  private readonly blobs = new Map<string, Buffer>();
  private readonly decoded = new Map<string, DistinctRuns>();

  /** `category`: only that category's runs (a reader limited to it). */
  constructor(db: Db, edition: number, category?: string) {
    const rows = db.prepare(`SELECT group_code, level, key, runs FROM score_stats
      WHERE edition = ? AND group_kind = 'category' AND runs IS NOT NULL${category !== undefined ? ' AND group_code = ?' : ''}`)
      .raw(true).all(...(category !== undefined ? [edition, category] : [edition])) as Array<[string, string, string, Buffer]>;
    for (const [code, level, key, runs] of rows) this.blobs.set(`${code}\u0000${level}\u0000${key}`, runs);
  }

  /** Peers below, equal (itself included) and with a score; null without a score or without runs there. */
  counts(category: string, level: string, key: string, score: number | null): PlaceCounts | null {
    if (score === null || Number.isNaN(score)) return null;
    const id = `${category}\u0000${level}\u0000${key}`;
    let runs = this.decoded.get(id);
    if (runs === undefined) {
      const blob = this.blobs.get(id);
      if (blob === undefined) return null;
      runs = decodeRuns(blob);
      this.decoded.set(id, runs);
    }
    const run = runs.runOf(score);
    const equal = runs.equalAt(run, score);
    // A score absent from its category's runs: the aggregates are not this structure's (stale); no place.
    return equal === 0 ? null : { below: runs.belowAt(run), equal, n: runs.n };
  }

  place(category: string, level: string, key: string, score: number | null): { rank: number; percentile: number } | null {
    const c = this.counts(category, level, key, score);
    return c === null ? null : placeFromCounts(c.below, c.equal, c.n);
  }
}
