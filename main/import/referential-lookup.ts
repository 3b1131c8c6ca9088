/**
 * The items in force for an edition, as the importer needs them to judge answers: the referential
 * set with the greatest `valid_from` not after the edition (0 = every edition).
 */
import type { Db } from '../db/connection.js';
import type { AnswerTypeCode, ChannelCode } from '../../shared/domain.js';
import { itemKey } from './detect.js';
import { measureUnit, type ItemRule } from './values.js';

export interface ItemInForce extends ItemRule {
  code: string;
  channel: ChannelCode;
  label: string;
}

export function referentialSetFor(db: Db, edition: number): number | null {
  const value = db.prepare('SELECT MAX(valid_from) FROM referential_set WHERE valid_from <= ?').pluck().get(edition) as number | null;
  return value ?? null;
}

export function itemsInForce(db: Db, edition: number): Map<string, ItemInForce> {
  const set = referentialSetFor(db, edition);
  const items = new Map<string, ItemInForce>();
  if (set === null) return items;
  const rows = db.prepare('SELECT code, channel, label_fr AS label, answer_type AS answerType, threshold FROM item WHERE valid_from = ?').all(set) as Array<{ code: string; channel: ChannelCode; label: string; answerType: AnswerTypeCode; threshold: number | null }>;
  for (const row of rows) items.set(itemKey(row.code), { ...row, unit: measureUnit(row.label) });
  return items;
}

/** Every item code of every referential set, keyed by `itemKey`, for wide-layout header detection. */
export function knownItemCodes(db: Db): Map<string, string> {
  const codes = db.prepare('SELECT DISTINCT code FROM item').pluck().all() as string[];
  return new Map(codes.map((code) => [itemKey(code), code]));
}
