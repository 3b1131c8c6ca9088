/**
 * What the entry screen shows for one audit: the items in force for its channel and edition
 * (main/analytics/items-in-force.ts, the one definition), grouped by step then determinant, the
 * answers saved so far and the progress ("31 / 58 critères").
 */
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import { STEPS, labelOf, type Lang } from '../../shared/domain.js';
import type { EntryAnswer, EntryGroup, EntryItem, EntryProgress, EntrySheet, EntryStatus } from '../../shared/entry-types.js';
import { itemsInForce, type ItemInForce } from '../analytics/items-in-force.js';
import { measureUnit } from '../import/values.js';
import { normalizeLabel } from '../../shared/text.js';

/** A duration unit named in an item's label (the words measureUnit reads). */
const UNIT_WORD = /\b(secondes?|seconds?|sec|minutes?|min|mn|heures?|hours?|h|jours?|days?|j)\b/;

/** The sheet's audit as read, before its entry status is known (null: not an entered audit). */
export interface EntryAuditRow extends Omit<EntrySheet['audit'], 'status'> {
  status: EntryStatus | null;
}

/** An audit with its entry state (status null: it came from a file, not typed here). */
export function entryAudit(db: Db, auditId: number): EntryAuditRow {
  const row = db.prepare(`
    SELECT a.id, a.reference, a.edition, a.channel, a.audit_date AS date, a.audit_time AS time,
      a.structure_code AS structure, s.name AS structureName, e.status AS status
    FROM audit a JOIN structure s ON s.code = a.structure_code LEFT JOIN audit_entry e ON e.audit_id = a.id
    WHERE a.id = ?`).get(auditId) as EntryAuditRow | undefined;
  if (!row) throw AppError.keyed('NOT_FOUND', 'entry.auditNotFound', { id: String(auditId) }, { auditId });
  return row;
}

/** Items of a channel in force for an edition (the edition must exist), by code. */
export function channelItems(db: Db, edition: number, channel: string): ItemInForce[] {
  return [...itemsInForce(db, edition).values()].filter((item) => item.channel === channel);
}

export function progressOf(db: Db, auditId: number, items: readonly ItemInForce[]): EntryProgress {
  const answered = new Set(db.prepare('SELECT item_code FROM observation WHERE audit_id = ?').pluck().all(auditId) as string[]);
  return { answered: items.filter((item) => answered.has(item.code)).length, total: items.length };
}

export function toEntryItem(db: Db, item: ItemInForce, lang: Lang, determinantLabels: ReadonlyMap<string, string>): EntryItem {
  const measured = item.answerType !== 'oui-non';
  return {
    code: item.code,
    label: lang === 'en' && item.labelEn ? item.labelEn : item.labelFr,
    step: item.step,
    stepLabel: labelOf(STEPS, item.step, lang),
    determinant: item.determinant,
    determinantLabel: determinantLabels.get(item.determinant) ?? item.determinant,
    answerType: item.answerType,
    threshold: item.threshold,
    // Read from the French label, as the importer does, so a typed duration means the same thing;
    // shown only when the label names it (a count of rings has no unit).
    unit: measured && UNIT_WORD.test(normalizeLabel(item.labelFr)) ? measureUnit(item.labelFr) : null,
    weight: item.weight,
  };
}

function determinantLabels(db: Db, lang: Lang): Map<string, string> {
  const rows = db.prepare('SELECT code, label_fr, label_en FROM determinant').all() as Array<{ code: string; label_fr: string; label_en: string | null }>;
  return new Map(rows.map((r) => [r.code, lang === 'en' && r.label_en ? r.label_en : r.label_fr]));
}

/** Steps in the journey's order; determinants in the order of their first item code. */
export function groupItems(items: readonly EntryItem[]): EntryGroup[] {
  const sorted = [...items].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const stepRank = (code: string): number => {
    const i = STEPS.findIndex((s) => s.code === code);
    return i < 0 ? STEPS.length : i;
  };
  const groups = new Map<string, EntryGroup>();
  for (const item of sorted) {
    let group = groups.get(item.step);
    if (!group) {
      group = { step: item.step, stepLabel: item.stepLabel, determinants: [] };
      groups.set(item.step, group);
    }
    let det = group.determinants.find((d) => d.determinant === item.determinant);
    if (!det) {
      det = { determinant: item.determinant, determinantLabel: item.determinantLabel, items: [] };
      group.determinants.push(det);
    }
    det.items.push(item);
  }
  return [...groups.values()].sort((a, b) => stepRank(a.step) - stepRank(b.step) || (a.step < b.step ? -1 : 1));
}

export function answersOf(db: Db, auditId: number): EntryAnswer[] {
  return db.prepare(`SELECT item_code AS itemCode, compliant, measure, raw, comment FROM observation WHERE audit_id = ? ORDER BY item_code`).all(auditId) as EntryAnswer[];
}

export function entrySheet(db: Db, input: { auditId: number; lang?: Lang }): EntrySheet {
  const lang = input.lang ?? 'fr';
  const audit = entryAudit(db, input.auditId);
  if (audit.status === null) {
    throw AppError.keyed('CONFLICT', 'entry.importedAudit', { reference: audit.reference }, { auditId: audit.id });
  }
  const items = channelItems(db, audit.edition, audit.channel);
  const labels = determinantLabels(db, lang);
  return {
    audit: { ...audit, status: audit.status },
    groups: groupItems(items.map((item) => toEntryItem(db, item, lang, labels))),
    answers: answersOf(db, audit.id),
    progress: progressOf(db, audit.id, items),
  };
}
