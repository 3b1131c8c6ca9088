/**
 * Places in a category derived when read (migration 015). A structure's rank and percentile in its
 * category at one (edition, level, key) depend on its own score and on the category's scores
 * there; the category's scores are stored once, on the category's score_stats row (`runs`: the
 * distinct scores ascending with the number of scores below each), instead of a place stored on
 * every member. A structure changing category then rewrites the two categories' rows, not the
 * places of their 1,100 members (national edition); the readers look their scores up in the runs.
 *
 * `runs` layout, little-endian: uint32 k (distinct scores) and 4 bytes of padding, k float64 (the
 * scores, ascending), k + 1 uint32 (scores strictly below each, then n). Category rows only; NULL
 * on sector and edition rows. A workspace without the column (read-only, below migration 015) has
 * its places stored.
 */
import type { Db } from '../db/connection.js';
import { hasColumn } from '../db/schema.js';
import { DistinctRuns, placeFromCounts } from './score-math.js';

/** Whether the workspace derives places from score_stats.runs (migration 015). */
export function hasCategoryRuns(db: Db): boolean {
  return hasColumn(db, 'score_stats', 'runs');
}

/** Bytes before the values: k, then padding so that the values start 8-aligned. */
const HEADER_BYTES = 8;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The stored form of a category's scores at one key (ascending, NaN left out by the caller). */
export function encodeRuns(runs: DistinctRuns): Buffer {
  const k = runs.values.length;
  const out = Buffer.alloc(HEADER_BYTES + 8 * k + 4 * (k + 1));
  out.writeUInt32LE(k, 0);
  let at = HEADER_BYTES;
  for (let i = 0; i < k; i += 1, at += 8) out.writeDoubleLE(runs.values[i] as number, at);
  for (let i = 0; i <= k; i += 1, at += 4) out.writeUInt32LE(runs.below[i] as number, at);
  return out;
}

/**
 * The runs of a stored blob. Typed-array views on the blob itself where its bytes allow (little-
 * endian machine, values 8-aligned): a reader of one structure looks up one score per key, and
 * copying 700 values to look one up cost more than the lookup.
 */
export function decodeRuns(blob: Buffer): DistinctRuns {
  const k = blob.readUInt32LE(0);
  const valuesAt = blob.byteOffset + HEADER_BYTES;
  const belowAt = valuesAt + 8 * k;
  if (LITTLE_ENDIAN && valuesAt % 8 === 0) {
    return new DistinctRuns(new Float64Array(blob.buffer, valuesAt, k), new Int32Array(blob.buffer, belowAt, k + 1));
  }
  const values = new Float64Array(k);
  const below = new Int32Array(k + 1);
  let at = HEADER_BYTES;
  for (let i = 0; i < k; i += 1, at += 8) values[i] = blob.readDoubleLE(at);
  for (let i = 0; i <= k; i += 1, at += 4) below[i] = blob.readUInt32LE(at);
  return new DistinctRuns(values, below);
}

export interface PlaceCounts {
  below: number;
  equal: number;
  n: number;
}

/** Which runs a reader needs: one category, one level, one key (each optional). */
export interface RunsScope {
  category?: string | undefined;
  level?: string | undefined;
  key?: string | undefined;
}

/**
 * The categories' runs of one edition (or of the scope a reader needs), read in one query and
 * decoded on first use: the place of a score among its category's scores at a key, and its rank
 * and percentile. Looked up by category, then level, then key (no string built per row: a whole
 * edition's item level is ~800,000 lookups).
 */
export class CategoryPlaces {
  private readonly runs = new Map<string, Map<string, Map<string, Buffer | DistinctRuns>>>();

  constructor(db: Db, edition: number, scope: RunsScope = {}) {
    const filters = [
      scope.category !== undefined ? ' AND group_code = $category' : '',
      scope.level !== undefined ? ' AND level = $level' : '',
      scope.key !== undefined ? ' AND key = $key' : '',
    ].join('');
    const rows = db.prepare(`SELECT group_code, level, key, runs FROM score_stats
      WHERE edition = $edition AND group_kind = 'category' AND runs IS NOT NULL${filters}`)
      .raw(true).all({ edition, category: scope.category ?? null, level: scope.level ?? null, key: scope.key ?? null }) as Array<[string, string, string, Buffer]>;
    for (const [category, level, key, blob] of rows) {
      let byLevel = this.runs.get(category);
      if (byLevel === undefined) this.runs.set(category, (byLevel = new Map()));
      let byKey = byLevel.get(level);
      if (byKey === undefined) byLevel.set(level, (byKey = new Map()));
      byKey.set(key, blob);
    }
  }

  /** The runs of one category at one level, keyed by key (undefined: none). */
  private runsAt(category: string, level: string): Map<string, Buffer | DistinctRuns> | undefined {
    return this.runs.get(category)?.get(level);
  }

  /** Peers below, equal (itself included) and with a score; null without a score or without runs there. */
  counts(category: string, level: string, key: string, score: number | null): PlaceCounts | null {
    if (score === null || Number.isNaN(score)) return null;
    const byKey = this.runsAt(category, level);
    const stored = byKey?.get(key);
    if (byKey === undefined || stored === undefined) return null;
    let runs: DistinctRuns;
    if (stored instanceof DistinctRuns) runs = stored;
    else {
      runs = decodeRuns(stored);
      byKey.set(key, runs);
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
