/**
 * An edition's slots (overall, then each step, channel, determinant and item of the items in
 * force) and the per-structure counters the refresh adds up in them: shared by the refresh
 * (refresh.ts), the counts an import takes as it writes (written-sums.ts) and the scores a
 * streamed import's reading thread computes (edition-scores.ts), which loads only this much.
 */
import type { Db } from '../db/connection.js';
import type { Level } from '../../shared/domain.js';
import { itemsInForce, type ItemInForce } from './items-in-force.js';

/** Counters per slot, in a flat typed array: [cw, aw, obs, applicable, compliant, audits]. */
export const F = 6;

export interface Slot {
  level: Level;
  key: string;
}

export interface StructureAcc {
  code: string;
  category: string;
  sector: string;
  sums: Float64Array;
  lastAudit: Float64Array;
}

/**
 * The slots of an edition (0 = overall, then one per step, channel, determinant and item of the
 * items in force), which slots each item's observations count in, and the rows' key order.
 */
export interface EditionLayout {
  slots: Slot[];
  slotIndex: Map<string, number>;
  itemTargets: Map<string, ItemTarget>;
  /** Non-item slots, then item slots, each in primary-key order (level, then key). */
  rowSlots: number[];
  itemSlots: number[];
  /** Each item slot's target (indexed by slot; undefined for the other slots). */
  itemTargetsBySlot: Array<ItemTarget | undefined>;
  /**
   * Whether every weight in force is a multiple of 1/1024 no larger than 1024: every partial sum of
   * weights is then exact (below 2^53 units of 1/1024 up to 2^33 observations), so the order of the
   * additions cannot change a bit of any score, and a structure's step, channel, determinant and
   * overall sums may be added up from its item sums.
   */
  weightsSumExactly: boolean;
}

export const slotId = (level: Level, key: string): string => `${level}\u0000${key}`;

/** `items`: the items in force, when not read from the workspace's own edition (items-in-force.ts `itemsInForceForYear`). */
export function editionLayout(db: Db, edition: number, items: ReadonlyMap<string, ItemInForce> = itemsInForce(db, edition)): EditionLayout {
  const slots: Slot[] = [{ level: 'overall', key: 'overall' }];
  const slotIndex = new Map<string, number>([[slotId('overall', 'overall'), 0]]);
  const slotOf = (level: Level, key: string): number => {
    const id = slotId(level, key);
    let index = slotIndex.get(id);
    if (index === undefined) {
      index = slots.length;
      slots.push({ level, key });
      slotIndex.set(id, index);
    }
    return index;
  };
  const itemTargets = new Map<string, ItemTarget>();
  let weightsSumExactly = true;
  for (const item of items.values()) {
    if (!(Number.isInteger(item.weight * 1024) && Math.abs(item.weight) <= 1024)) weightsSumExactly = false;
    itemTargets.set(item.code, {
      weight: item.weight,
      targets: Int32Array.from([0, slotOf('step', item.step), slotOf('channel', item.channel), slotOf('determinant', item.determinant), slotOf('item', item.code)]),
    });
  }
  const rowSlots: number[] = [];
  const itemSlots: number[] = [];
  slots.forEach((slot, s) => (slot.level === 'item' ? itemSlots : rowSlots).push(s));
  const byLevelKey = (a: number, b: number): number => {
    const x = slots[a] as Slot;
    const y = slots[b] as Slot;
    return x.level < y.level ? -1 : x.level > y.level ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0;
  };
  rowSlots.sort(byLevelKey);
  itemSlots.sort(byLevelKey);
  const itemTargetsBySlot: Array<ItemTarget | undefined> = [];
  for (const target of itemTargets.values()) itemTargetsBySlot[target.targets[4] as number] = target;
  return { slots, slotIndex, itemTargets, rowSlots, itemSlots, itemTargetsBySlot, weightsSumExactly };
}

/** Where one item's observations count: its weight and its 5 slots (overall, step, channel, determinant, item). */
export interface ItemTarget {
  weight: number;
  targets: Int32Array;
}

/**
 * A structure's overall, step, channel and determinant sums (all but the audit count) as the sums
 * of its items': set, not added, so a structure fed in two passes is added up once. Exact only
 * when the weights sum exactly (`weightsSumExactly`), the one case it is used in.
 */
export function addUpItems(sums: Float64Array, layout: EditionLayout): void {
  for (const s of layout.rowSlots) for (let f = 0; f < 5; f += 1) sums[s * F + f] = 0;
  for (const s of layout.itemSlots) {
    const o = s * F;
    if (sums[o + 2] === 0) continue;
    const targets = (layout.itemTargetsBySlot[s] as ItemTarget).targets;
    for (let t = 0; t < 4; t += 1) {
      const u = (targets[t] as number) * F;
      for (let f = 0; f < 5; f += 1) sums[u + f] = (sums[u + f] as number) + (sums[o + f] as number);
    }
  }
}
