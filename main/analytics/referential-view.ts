/**
 * The referential as the Référentiel view shows it: the items of the set in force for an edition
 * (step, determinant, channel, weight, threshold, labels, editions in force) and what changed
 * from the previous set (items added, removed, changed field by field). "In force" is the one
 * definition of migration 002 (greatest valid_from ≤ the edition).
 */
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import type { ReferentialChange, ReferentialItemRow, ReferentialView } from '../../shared/readiness-types.js';
import { parseLabelList } from '../../shared/source-labels.js';
import { AppError } from '../../shared/errors.js';
import { keyRank } from './labels.js';

interface ItemRow {
  validFrom: number;
  code: string;
  labelFr: string;
  labelEn: string | null;
  channel: string;
  step: string;
  determinant: string;
  determinantFr: string | null;
  determinantEn: string | null;
  answerType: string;
  threshold: number | null;
  weight: number;
  sourceLabel: string | null;
}

/** The fields compared between two versions of an item, as they are named in the view. */
const COMPARED: ReadonlyArray<keyof ItemRow> = ['labelFr', 'channel', 'step', 'determinant', 'answerType', 'threshold', 'weight', 'sourceLabel'];

function readSet(db: Db, validFrom: number): ItemRow[] {
  return db.prepare(`SELECT i.valid_from AS validFrom, i.code, i.label_fr AS labelFr, i.label_en AS labelEn, i.channel, i.step, i.determinant,
      d.label_fr AS determinantFr, d.label_en AS determinantEn, i.answer_type AS answerType, i.threshold, i.weight, i.source_label AS sourceLabel
    FROM item i LEFT JOIN determinant d ON d.code = i.determinant WHERE i.valid_from = ? ORDER BY i.code`).all(validFrom) as ItemRow[];
}

function asText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Items added, removed or changed from `before` to `after`. */
export function referentialChanges(before: readonly ItemRow[], after: readonly ItemRow[], lang: Lang = 'fr'): ReferentialChange[] {
  const old = new Map(before.map((i) => [i.code, i]));
  const next = new Map(after.map((i) => [i.code, i]));
  const label = (i: ItemRow): string => (lang === 'en' ? i.labelEn ?? i.labelFr : i.labelFr);
  const out: ReferentialChange[] = [];
  for (const item of after) {
    const was = old.get(item.code);
    if (!was) { out.push({ code: item.code, kind: 'added', fields: [], label: label(item) }); continue; }
    const fields = COMPARED.filter((f) => asText(was[f]) !== asText(item[f])).map((f) => ({ field: f, before: asText(was[f]), after: asText(item[f]) }));
    if (fields.length > 0) out.push({ code: item.code, kind: 'changed', fields, label: label(item) });
  }
  for (const item of before) if (!next.has(item.code)) out.push({ code: item.code, kind: 'removed', fields: [], label: label(item) });
  // Added, then removed, then changed; by code within each: how a reader scans a new version.
  const order = { added: 0, removed: 1, changed: 2 } as const;
  return out.sort((a, b) => order[a.kind] - order[b.kind] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** The referential in force for `edition` (default: the latest set), with the changes from the previous set. */
export function referentialView(db: Db, input: { edition?: number; lang?: Lang }): ReferentialView {
  const lang = input.lang ?? 'fr';
  const setsDesc = db.prepare('SELECT valid_from FROM referential_set ORDER BY valid_from DESC').pluck().all() as number[];
  if (setsDesc.length === 0) throw AppError.keyed('NOT_FOUND', 'referential.none');
  const editions = db.prepare('SELECT year FROM edition ORDER BY year').pluck().all() as number[];
  const setOf = (edition: number): number | null => setsDesc.find((v) => v <= edition) ?? null;
  const edition = input.edition ?? editions[editions.length - 1] ?? setsDesc[0] as number;
  const validFrom = setOf(edition);
  if (validFrom === null) throw AppError.keyed('NOT_FOUND', 'referential.noneForEdition', { edition }, { edition });
  const previousValidFrom = setsDesc.find((v) => v < validFrom) ?? null;
  const editionsOfSet = (v: number): number[] => editions.filter((e) => setOf(e) === v);
  const current = readSet(db, validFrom);
  // Editions where the item code is in force, in whichever version: its life across referentials.
  const editionsOfCode = new Map<string, number[]>();
  for (const row of db.prepare('SELECT code, edition FROM item_in_force ORDER BY edition').all() as Array<{ code: string; edition: number }>) {
    const list = editionsOfCode.get(row.code) ?? [];
    list.push(row.edition);
    editionsOfCode.set(row.code, list);
  }
  const items = current.map((i): ReferentialItemRow => ({
    validFrom: i.validFrom,
    code: i.code,
    label: lang === 'en' ? i.labelEn ?? i.labelFr : i.labelFr,
    channel: i.channel,
    step: i.step,
    determinant: i.determinant,
    determinantLabel: (lang === 'en' ? i.determinantEn ?? i.determinantFr : i.determinantFr) ?? i.determinant,
    answerType: i.answerType,
    threshold: i.threshold,
    weight: i.weight,
    sourceLabel: i.sourceLabel,
    labels: parseLabelList(i.sourceLabel),
    editions: editionsOfCode.get(i.code) ?? [],
    inForce: true,
  }));
  // By step in the journey's order, then code: how the referential reads.
  items.sort((a, b) => keyRank('step', a.step) - keyRank('step', b.step) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const changes = previousValidFrom === null ? [] : referentialChanges(readSet(db, previousValidFrom), current, lang);
  const sets = [...setsDesc].reverse().map((v) => ({
    validFrom: v,
    editions: editionsOfSet(v),
    items: db.prepare('SELECT COUNT(*) FROM item WHERE valid_from = ?').pluck().get(v) as number,
  }));
  return { edition, validFrom, previousValidFrom, items, changes, sets };
}
