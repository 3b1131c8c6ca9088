/**
 * Readiness of a structure for a label (Qualivilles, Services Publics+…) in an edition:
 * - its score on the label = the reference score (`scoreOf`: 100 × Σ weight(compliant) /
 *   Σ weight(applicable)) over the label's items only, pooled from the structure's item sums kept
 *   by refresh.ts (the same sums every other score reads);
 * - per item, the structure's compliance rate = the indicator's rate (100 × compliant audits /
 *   applicable audits, unweighted); an item is "to fix" when that rate is below the rate the label
 *   requires (label_requirement, default 100 %), "met" when it reaches it, and "not observed" when
 *   no audit of the structure applied it;
 * - the items to fix come heaviest first (weight, then lowest rate, then code), each with the
 *   non-compliant audits behind it, comments masked by shared/personal-data.ts unless asked not to.
 * Only the structure's own audits are read: nothing here comes from another participant.
 */
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import type { LabelDefinition, LabelReadiness, ReadinessEvidence, ReadinessItem } from '../../shared/readiness-types.js';
import { AppError } from '../../shared/errors.js';
import { labelKey } from '../../shared/source-labels.js';
import { maskNullable } from '../../shared/personal-data.js';
import { readCache } from './cache-read.js';
import { scoreOf } from './score-math.js';
import { assertStructureInEdition } from './scores.js';
import { ensureAggregates } from './refresh.js';
import { heldLabels, holdsLabel, labelCatalogue, resolveLabel, type LabelCatalogue } from './label-definitions.js';

/** Non-compliant audits listed per item to fix (evidence, not a second explorer). */
export const READINESS_EVIDENCE_PER_ITEM = 20;

export interface ReadinessInput {
  edition: number;
  structure: string;
  /** Any spelling of the label's name; omitted: every label of the edition. */
  label?: string;
  lang?: Lang;
  /** Leave personal data in comments as written (internal use). */
  keepNames?: boolean;
  /** The edition's labels and labelled items, when the caller already read them (a batch of reports). */
  catalogue?: LabelCatalogue;
}

/** Rate of compliant audits among applicable ones, as the indicators compute it. */
function complianceRate(compliant: number, applicable: number): number | null {
  return applicable > 0 ? (100 * compliant) / applicable : null;
}

function compareToFix(a: ReadinessItem, b: ReadinessItem): number {
  return b.weight - a.weight || (a.rate ?? 0) - (b.rate ?? 0) || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0);
}

/** Readiness of one structure for each label asked (one, or every label in force), in label order. */
export function structureReadiness(db: Db, input: ReadinessInput): LabelReadiness[] {
  ensureAggregates(db, input.edition);
  const info = db.prepare('SELECT code, name FROM structure WHERE code = ?').get(input.structure) as { code: string; name: string } | undefined;
  if (!info) throw AppError.keyed('NOT_FOUND', 'analytics.structureUnknown', { structure: input.structure }, { structure: input.structure }, input.lang);
  const own = readCache(db, { edition: input.edition, structure: info.code, level: 'item' });
  if (own.length === 0) assertStructureInEdition(db, input.edition, info.code);
  const catalogue = input.catalogue ?? labelCatalogue(db, input.edition);
  const labels: LabelDefinition[] = input.label !== undefined ? [resolveLabel(db, input.edition, input.label, catalogue.labels)] : catalogue.labels;
  if (labels.length === 0) return [];
  const items = catalogue.items;
  const sums = new Map(own.map((r) => [r.key, r]));
  const held = heldLabels(db, info.code);
  const evidenceOf = evidenceReader(db, input.edition, info.code, input.keepNames === true);
  const lang = input.lang ?? 'fr';

  return labels.map((def): LabelReadiness => {
    const key = labelKey(def.label);
    let compliantWeight = 0;
    let applicableWeight = 0;
    let met = 0;
    let notObserved = 0;
    const toFix: ReadinessItem[] = [];
    for (const item of items) {
      if (!item.labelKeys.has(key)) continue;
      const s = sums.get(item.code);
      const applicable = s?.applicable ?? 0;
      const compliant = s?.compliant ?? 0;
      compliantWeight += s?.compliantWeight ?? 0;
      applicableWeight += s?.applicableWeight ?? 0;
      const rate = complianceRate(compliant, applicable);
      if (rate === null) { notObserved += 1; continue; }
      if (rate >= def.requiredRate) { met += 1; continue; }
      toFix.push({
        item: item.code,
        label: lang === 'en' ? item.labelEn ?? item.labelFr : item.labelFr,
        channel: item.channel,
        step: item.step,
        determinant: item.determinant,
        weight: item.weight,
        rate,
        audits: applicable,
        compliant,
        evidence: evidenceOf(item.code),
      });
    }
    return {
      structure: info.code,
      name: info.name,
      label: def.label,
      edition: input.edition,
      score: scoreOf(compliantWeight, applicableWeight),
      compliantWeight,
      applicableWeight,
      requiredRate: def.requiredRate,
      items: def.items,
      met,
      notObserved,
      held: holdsLabel(held, def.label),
      toFix: toFix.sort(compareToFix),
    };
  });
}

/** Readiness for one label (any spelling of its name). */
export function labelReadiness(db: Db, input: ReadinessInput & { label: string }): LabelReadiness {
  return structureReadiness(db, input)[0] as LabelReadiness;
}

/**
 * The structure's non-compliant observations of the edition, read once (one query over its own
 * audits, oldest first) and handed out per item, at most READINESS_EVIDENCE_PER_ITEM each: a query
 * per item let SQLite walk the item's observations across every structure.
 */
function evidenceReader(db: Db, edition: number, structure: string, keepNames: boolean): (item: string) => ReadinessEvidence[] {
  const rows = db.prepare(`
    SELECT o.item_code AS item, a.reference, a.audit_date AS date, a.channel, o.raw AS answer, o.measure, o.comment, a.comment AS auditComment
    FROM audit a JOIN observation o ON o.audit_id = a.id
    WHERE a.edition = ? AND a.structure_code = ? AND o.compliant = 0
    ORDER BY a.audit_date, a.reference`).all(edition, structure) as Array<Omit<ReadinessEvidence, 'comment'> & { item: string; comment: string | null; auditComment: string | null }>;
  const byItem = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byItem.get(row.item) ?? [];
    if (list.length < READINESS_EVIDENCE_PER_ITEM) list.push(row);
    byItem.set(row.item, list);
  }
  return (item) => (byItem.get(item) ?? []).map(({ item: _item, auditComment, comment, ...rest }) => {
    const text = [maskNullable(comment, keepNames), maskNullable(auditComment, keepNames)].filter((c): c is string => !!c && c.trim() !== '').join(' — ');
    return { ...rest, comment: text === '' ? null : text };
  });
}
