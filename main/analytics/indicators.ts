/**
 * Indicators: the compliant share of one item over the audits where it applies
 * (rate = 100 × compliant / applicable; one observation per audit and item, so these counts are
 * audits), by structure, category, sector or edition; and the public-vs-private table of the
 * headline indicators of shared/headline.ts. Unweighted: an item's weight does not enter a rate.
 */
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import type { IndicatorBy, IndicatorRow } from '../../shared/analytics-types.js';
import { HEADLINE_INDICATORS } from '../../shared/headline.js';
import { SECTORS } from '../../shared/domain.js';
import { ensureAggregates } from './refresh.js';
import { readCache } from './cache-read.js';
import { categoryLabel, compareCategories, sectorLabel } from './labels.js';
import { itemsInForce } from './items-in-force.js';
import { editionsWithAudits } from './editions.js';

export interface IndicatorInput {
  edition: number;
  item: string;
  by: IndicatorBy;
  lang?: Lang;
}

interface CountRow {
  group: string;
  groupLabel: string;
  applicable: number;
  compliant: number;
  observations: number;
}

/** 100 × compliant / applicable, null when the item applied nowhere (shared with comparisons.ts). */
export function rateOf(compliant: number, applicable: number): number | null {
  return applicable > 0 ? (100 * compliant) / applicable : null;
}

function itemLabel(db: Db, edition: number, item: string, lang: Lang): { label: string; inForce: boolean } {
  const def = itemsInForce(db, edition).get(item);
  if (def) return { label: lang === 'en' ? def.labelEn ?? def.labelFr : def.labelFr, inForce: true };
  const any = db.prepare('SELECT label_fr AS fr, label_en AS en FROM item WHERE code = ? ORDER BY valid_from DESC LIMIT 1').get(item) as { fr: string; en: string | null } | undefined;
  return { label: any ? (lang === 'en' ? any.en ?? any.fr : any.fr) : item, inForce: false };
}

function forEdition(db: Db, edition: number, item: string, by: IndicatorBy, lang: Lang): IndicatorRow[] {
  ensureAggregates(db, edition);
  const { label, inForce } = itemLabel(db, edition, item, lang);
  let counts: CountRow[];
  if (by === 'structure') {
    counts = readCache(db, { edition, level: 'item', key: item })
      .map((r) => ({ group: r.structure, groupLabel: r.name, applicable: r.applicable, compliant: r.compliant, observations: r.observations }))
      .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  } else {
    const kind = by === 'edition' ? 'edition' : by;
    counts = (db.prepare(`
      SELECT group_code AS "group", '' AS groupLabel, applicable, compliant, observations
      FROM score_stats WHERE edition = ? AND group_kind = ? AND level = 'item' AND key = ?`).all(edition, kind, item) as CountRow[]);
    if (by === 'sector') {
      // Both sectors always appear, so the public-vs-private table has its two columns.
      for (const s of SECTORS) if (!counts.some((c) => c.group === s.code)) counts.push({ group: s.code, groupLabel: '', applicable: 0, compliant: 0, observations: 0 });
      counts.sort((a, b) => SECTORS.findIndex((s) => s.code === a.group) - SECTORS.findIndex((s) => s.code === b.group));
    }
    if (by === 'category') counts.sort((a, b) => compareCategories(a.group, b.group));
    if (by === 'edition') counts = [{ group: String(edition), groupLabel: '', applicable: counts[0]?.applicable ?? 0, compliant: counts[0]?.compliant ?? 0, observations: counts[0]?.observations ?? 0 }];
    for (const c of counts) {
      c.groupLabel = by === 'category' ? categoryLabel(c.group, lang) : by === 'sector' ? sectorLabel(c.group, lang) : `${lang === 'en' ? 'Edition' : 'Édition'} ${edition}`;
    }
  }
  return counts.map((c): IndicatorRow => ({
    item,
    label,
    edition,
    by,
    group: c.group,
    groupLabel: c.groupLabel,
    rate: rateOf(c.compliant, c.applicable),
    audits: c.applicable,
    compliant: c.compliant,
    observed: c.observations,
    inForce,
  }));
}

/**
 * One item's indicator in an edition, by structure, category or sector; `by: 'edition'` gives one
 * row per edition with audits (the item's history), whatever `edition` says.
 */
export function indicator(db: Db, input: IndicatorInput): IndicatorRow[] {
  const lang = input.lang ?? 'fr';
  if (input.by === 'edition') return editionsWithAudits(db).flatMap((e) => forEdition(db, e, input.item, 'edition', lang));
  return forEdition(db, input.edition, input.item, input.by, lang);
}

/** The headline table: each headline item, public vs private (rows by sector). */
export function headlineIndicators(db: Db, input: { edition: number; lang?: Lang }): IndicatorRow[] {
  return HEADLINE_INDICATORS.flatMap((h) => indicator(db, { edition: input.edition, item: h.item, by: 'sector', lang: input.lang })
    .map((row) => ({ ...row, label: h[input.lang ?? 'fr'] })));
}
