/**
 * A structure's places in its category at the overall, step, channel and determinant levels, as
 * stored since migration 015: one BLOB per (edition, structure) in score_place.places, three
 * little-endian uint32 per row slot (peers below, peers equal with itself, peers with a score), in
 * the order of score_place_keys (the edition's row slots as [level, key]). n = 0: no score at
 * that slot, so no place. Rank and percentile derive from the three (`placeFromCounts`), as the
 * item level's places do. Before migration 015 (a read-only workspace opened without it) the
 * places were score_cache's peer_rank and peer_percentile columns, still read where there is no
 * record layout.
 */
import type { Db } from '../db/connection.js';
import { hasTable } from '../db/schema.js';
import { placeFromCounts } from './score-math.js';

/** Bytes of one slot's place. */
const PLACE_BYTES = 12;

/** The slot id the layout is keyed by. */
export const rowPlaceKey = (level: string, key: string): string => `${level}\u0000${key}`;

/** Whether the workspace keeps row places as records (migration 015). */
export function hasRowPlaces(db: Db): boolean {
  return hasTable(db, 'score_place');
}

/** The position of each row slot in an edition's records, null before migration 015 or before its first refresh. */
export function rowPlaceLayoutOf(db: Db, edition: number): Map<string, number> | null {
  if (!hasRowPlaces(db)) return null;
  const keys = db.prepare('SELECT keys FROM score_place_keys WHERE edition = ?').pluck().get(edition) as string | undefined;
  if (keys === undefined) return null;
  return new Map((JSON.parse(keys) as Array<[string, string]>).map(([level, key], index) => [rowPlaceKey(level, key), index]));
}

export function writeRowPlaceLayout(db: Db, edition: number, slots: ReadonlyArray<{ level: string; key: string }>): void {
  db.prepare('INSERT OR REPLACE INTO score_place_keys (edition, keys) VALUES (?, ?)')
    .run(edition, JSON.stringify(slots.map((slot) => [slot.level, slot.key])));
}

/** Builds a structure's record in a reused buffer. */
export class RowPlaceBuilder {
  private readonly counts: Uint32Array;

  constructor(slots: number) {
    this.counts = new Uint32Array(slots * 3);
  }

  reset(): void {
    this.counts.fill(0);
  }

  set(index: number, below: number, equal: number, n: number): void {
    this.counts[index * 3] = below;
    this.counts[index * 3 + 1] = equal;
    this.counts[index * 3 + 2] = n;
  }

  /** A little-endian copy for the statement. */
  build(): Buffer {
    const out = Buffer.allocUnsafe(this.counts.length * 4);
    for (let i = 0; i < this.counts.length; i += 1) out.writeUInt32LE(this.counts[i] as number, i * 4);
    return out;
  }
}

/** The place of slot `index` in a record, null without a score there (or past the record's end). */
export function readRowPlace(record: Buffer, index: number): { below: number; equal: number; n: number } | null {
  const at = index * PLACE_BYTES;
  if (at + PLACE_BYTES > record.length) return null;
  const n = record.readUInt32LE(at + 8);
  return n === 0 ? null : { below: record.readUInt32LE(at), equal: record.readUInt32LE(at + 4), n };
}

/** Rank and percentile at slot `index` of a structure's record, null without a place there. */
export function rankAt(record: Buffer | undefined, index: number | undefined): { rank: number; percentile: number } | null {
  const counts = record === undefined || index === undefined ? null : readRowPlace(record, index);
  return counts === null ? null : placeFromCounts(counts.below, counts.equal, counts.n);
}

/** Where the place of slot `index` starts in a record; its counts are `ROW_PLACE_WIDTH` bytes each. */
export function rowPlaceOffset(index: number): number {
  return index * PLACE_BYTES;
}

export const ROW_PLACE_WIDTH: 2 | 4 = 4;
