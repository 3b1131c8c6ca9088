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

const ITEM_COLUMNS = `code, valid_from AS validFrom, label_fr AS labelFr, label_en AS labelEn, channel, step,
  determinant, answer_type AS answerType, threshold, weight`;

export function itemsInForce(db: Db, edition: number): Map<string, ItemInForce> {
  const rows = db.prepare(`SELECT ${ITEM_COLUMNS} FROM item_in_force WHERE edition = ? ORDER BY code`).all(edition) as ItemInForce[];
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * The items in force for a year the workspace may not have as an edition yet: the view's rule (the
 * set with the greatest valid_from not after the year) applied to the year itself. A streamed
 * import's reading thread sees the workspace as it was before the file's editions were added.
 */
export function itemsInForceForYear(db: Db, year: number): Map<string, ItemInForce> {
  const rows = db.prepare(`SELECT ${ITEM_COLUMNS} FROM item
    WHERE valid_from = (SELECT MAX(valid_from) FROM referential_set WHERE valid_from <= ?) ORDER BY code`).all(year) as ItemInForce[];
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
