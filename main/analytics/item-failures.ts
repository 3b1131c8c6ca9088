/**
 * Non-compliance per item read from the aggregates (refresh.ts), for the failed-items drill-down:
 * a structure's applicable and failed observations per item in force, and those of the other
 * structures of its category. Counting them from the observations instead walks every audit of
 * the category once per item (≈ 9,000 audits × 12 items on a national edition: a quarter of a
 * second); the aggregates hold the same integer counts per (structure, item) and per
 * (category, item), so the peers are the category less the structure itself.
 */
import type { Db } from '../db/connection.js';
import { itemPackLayoutOf, unpackItems } from './item-pack.js';
import { ensureAggregates } from './refresh.js';

export interface ItemFailureCounts {
  item: string;
  /** Applicable observations (compliant or not). */
  applicable: number;
  /** Non-compliant observations. */
  failed: number;
}

export interface PeerItemFailures {
  applicable: number;
  failed: number;
  /**
   * Other structures of the category with a score on the item (applicable weight > 0); for an item
   * of positive weight, exactly those where it applied at least once.
   */
  scored: number;
}

/** A structure's counts per item in force in the edition (items it never observed are absent). */
export function structureItemCounts(db: Db, edition: number, structure: string): ItemFailureCounts[] {
  ensureAggregates(db, edition);
  const packed = db.prepare('SELECT items FROM score_cache_item WHERE edition = ? AND structure_code = ?').pluck().get(edition, structure) as string | Buffer | undefined;
  if (packed === undefined) return [];
  return unpackItems(packed, itemPackLayoutOf(db, edition)).map((p) => ({ item: p[0], applicable: p[4], failed: p[4] - p[5] }));
}

/**
 * The other structures of `category` on one item: the category's pooled counts less the
 * structure's own (`own`: its counts on the item, absent when it has none).
 */
export function peerItemFailures(db: Db, edition: number, category: string, item: string, own: ItemFailureCounts | undefined): PeerItemFailures {
  const row = db.prepare(`SELECT applicable, compliant, n FROM score_stats
    WHERE edition = ? AND group_kind = 'category' AND group_code = ? AND level = 'item' AND key = ?`).raw(true).get(edition, category, item) as [number, number, number] | undefined;
  if (!row) return { applicable: 0, failed: 0, scored: 0 };
  const [applicable, compliant, n] = row;
  const ownApplicable = own?.applicable ?? 0;
  const ownFailed = own?.failed ?? 0;
  return { applicable: applicable - ownApplicable, failed: applicable - compliant - ownFailed, scored: n - (ownApplicable > 0 ? 1 : 0) };
}
