/**
 * The item level of the aggregates as stored since migration 014: one BLOB per (edition,
 * structure) in score_cache_item.items, one fixed-size record per item of the edition, in the
 * order of score_item_keys.keys (the items in force, by code). A record holds
 *   observations, applicable, compliant, below, equal, n
 * as unsigned little-endian integers of `width` bytes (2; 4 when a count passes 65,535), then,
 * only when the weights do not sum exactly, the compliant and applicable weights (float64).
 * With exact weights (refresh.ts `weightsSumExactly`) the weights are the item's weight times
 * compliant and times applicable, bit for bit the sums. observations = 0: no observation of the
 * item; n = 0: no score, so no place (below / equal / n place the score among the category's).
 * At the item level an audit observes an item once, so audits = observations.
 *
 * Since migration 015 the places are not stored (below, equal and n written 0): the readers derive
 * them from the category's scores (category-runs.ts), and a category move rewrites no record.
 * The JSON text written before migration 014 (a read-only workspace opened without migrating)
 * is still read: `unpackItems` takes either. A national edition's item level is ~9 Mo instead of
 * 26 Mo of text, written and read without printing or parsing numbers.
 */
import type { Db } from '../db/connection.js';
import { hasTable } from '../db/schema.js';

/**
 * One item of a structure, as the readers use it:
 * [item, compliantWeight, applicableWeight, observations, applicable, compliant, audits, below, equal, n]
 * (below / equal / n null without a score).
 */
export type PackedItem = [string, number, number, number, number, number, number, number | null, number | null, number | null];

export interface ItemPackLayout {
  keys: readonly string[];
  weights: readonly number[];
  exact: boolean;
  width: 2 | 4;
}

const FIELDS = 6;

export function recordBytes(layout: ItemPackLayout): number {
  return FIELDS * layout.width + (layout.exact ? 0 : 16);
}

/** The largest count a layout's records hold. */
export function largestCount(layout: Pick<ItemPackLayout, 'width'>): number {
  return layout.width === 2 ? 0xffff : 0xffffffff;
}

/** The layout of an edition's records, null before migration 014 or before its first refresh. */
export function itemPackLayoutOf(db: Db, edition: number): ItemPackLayout | null {
  if (!hasTable(db, 'score_item_keys')) return null;
  const row = db.prepare('SELECT keys, weights, exact, width FROM score_item_keys WHERE edition = ?').raw(true).get(edition) as [string, string, number, number] | undefined;
  if (row === undefined) return null;
  return { keys: JSON.parse(row[0]) as string[], weights: JSON.parse(row[1]) as number[], exact: row[2] === 1, width: row[3] === 4 ? 4 : 2 };
}

export function writeItemPackLayout(db: Db, edition: number, layout: ItemPackLayout): void {
  db.prepare('INSERT OR REPLACE INTO score_item_keys (edition, keys, weights, exact, width) VALUES (?, ?, ?, ?, ?)')
    .run(edition, JSON.stringify(layout.keys), JSON.stringify(layout.weights), layout.exact ? 1 : 0, layout.width);
}

/** Builds a structure's records in a reused buffer. */
export class ItemPackBuilder {
  private readonly buffer: Buffer;
  private readonly view: DataView;
  private readonly size: number;
  private readonly width: 2 | 4;
  private readonly exact: boolean;
  private empty = true;

  constructor(layout: ItemPackLayout) {
    this.size = recordBytes(layout);
    this.width = layout.width;
    this.exact = layout.exact;
    this.buffer = Buffer.alloc(this.size * layout.keys.length);
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  }

  reset(): void {
    this.buffer.fill(0);
    this.empty = true;
  }

  /** The record of item `index`; `n` 0 when the structure has no score at it. */
  set(index: number, observations: number, applicable: number, compliant: number, below: number, equal: number, n: number,
    compliantWeight: number, applicableWeight: number): void {
    const view = this.view;
    const at = index * this.size;
    if (this.width === 2) {
      view.setUint16(at, observations, true);
      view.setUint16(at + 2, applicable, true);
      view.setUint16(at + 4, compliant, true);
      view.setUint16(at + 6, below, true);
      view.setUint16(at + 8, equal, true);
      view.setUint16(at + 10, n, true);
    } else {
      view.setUint32(at, observations, true);
      view.setUint32(at + 4, applicable, true);
      view.setUint32(at + 8, compliant, true);
      view.setUint32(at + 12, below, true);
      view.setUint32(at + 16, equal, true);
      view.setUint32(at + 20, n, true);
    }
    if (!this.exact) {
      view.setFloat64(at + FIELDS * this.width, compliantWeight, true);
      view.setFloat64(at + FIELDS * this.width + 8, applicableWeight, true);
    }
    this.empty = false;
  }

  /** Whether no record was set since the last reset (the structure observed no item in force). */
  isEmpty(): boolean {
    return this.empty;
  }

  /** A copy of the records, for the statement. */
  build(): Buffer {
    return Buffer.from(this.buffer);
  }
}

function readCount(blob: Buffer, at: number, width: 2 | 4): number {
  return width === 2 ? blob.readUInt16LE(at) : blob.readUInt32LE(at);
}

/** The observed items of a structure's row, in key order (either storage). */
export function unpackItems(items: string | Buffer, layout: ItemPackLayout | null): PackedItem[] {
  if (typeof items === 'string') return JSON.parse(items) as PackedItem[];
  if (layout === null) return [];
  const { keys, weights, exact, width } = layout;
  const size = recordBytes(layout);
  const out: PackedItem[] = [];
  const count = Math.min(keys.length, Math.floor(items.length / size));
  for (let index = 0; index < count; index += 1) {
    const at = index * size;
    const observations = readCount(items, at, width);
    if (observations === 0) continue;
    const applicable = readCount(items, at + width, width);
    const compliant = readCount(items, at + 2 * width, width);
    const n = readCount(items, at + 5 * width, width);
    const weight = weights[index] as number;
    const compliantWeight = exact ? weight * compliant : items.readDoubleLE(at + FIELDS * width);
    const applicableWeight = exact ? weight * applicable : items.readDoubleLE(at + FIELDS * width + 8);
    out.push([keys[index] as string, compliantWeight, applicableWeight, observations, applicable, compliant, observations,
      n === 0 ? null : readCount(items, at + 3 * width, width), n === 0 ? null : readCount(items, at + 4 * width, width), n === 0 ? null : n]);
  }
  return out;
}
