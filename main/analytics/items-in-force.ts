/**
 * "Items in force per edition": the item rows of the referential set with the greatest
 * valid_from ≤ the edition (valid_from 0 = every edition). The one definition lives in the SQL
 * view `item_in_force` (migration 002); every query of the engine goes through it.
 */
import type { Db } from '../db/connection.js';
import type { AnswerTypeCode } from '../../shared/domain.js';

export interface ItemInForce {
  code: string;
  validFrom: number;
  labelFr: string;
  labelEn: string | null;
  channel: string;
  step: string;
  determinant: string;
  answerType: AnswerTypeCode;
  threshold: number | null;
  weight: number;
}

export function itemsInForce(db: Db, edition: number): Map<string, ItemInForce> {
  const rows = db.prepare(`
    SELECT code, valid_from AS validFrom, label_fr AS labelFr, label_en AS labelEn, channel, step,
      determinant, answer_type AS answerType, threshold, weight
    FROM item_in_force WHERE edition = ? ORDER BY code`).all(edition) as ItemInForce[];
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * The items in force for several editions, reading each referential set once (editions sharing a
 * set share the same Map).
 */
export function itemsInForceByEdition(db: Db, editions: readonly number[]): Map<number, Map<string, ItemInForce>> {
  const setOf = db.prepare('SELECT valid_from FROM item_in_force WHERE edition = ? LIMIT 1').pluck();
  const bySet = new Map<number, Map<string, ItemInForce>>();
  const out = new Map<number, Map<string, ItemInForce>>();
  for (const edition of editions) {
    const validFrom = setOf.get(edition) as number | undefined;
    if (validFrom === undefined) {
      out.set(edition, new Map());
      continue;
    }
    let items = bySet.get(validFrom);
    if (!items) {
      items = itemsInForce(db, edition);
      bySet.set(validFrom, items);
    }
    out.set(edition, items);
  }
  return out;
}
