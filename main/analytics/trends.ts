/**
 * Trends across editions for one structure, a category, a sector or the whole barometer, at one
 * level. Between two consecutive editions a key is comparable like for like when:
 * - item level: the item is in force in both editions with the same weight, threshold and answer
 *   type;
 * - step, channel, determinant and overall: the set of item codes composing it is the same in both
 *   referentials ("composition-changed" otherwise) and none of those items changed weight,
 *   threshold or answer type ("definition-changed").
 * Scores are read from the aggregates; the comparability flags come from item_in_force.
 *
 * A change is only given when it can be trusted (TrendState): a structure that did not take part
 * in one edition has no change ("non participant"); a group's change is computed on the same
 * panel (the structures scored in both editions), its full-panel values kept as the points, every
 * group figure going through the disclosure rule; a change on fewer than 3 audits on one side is
 * given but flagged.
 */
import type { Db } from '../db/connection.js';
import type { Lang, Level } from '../../shared/domain.js';
import type { DisclosureRule, ScoreCounts, TrendComparison, TrendPanel, TrendPoint, TrendReason, TrendScope, TrendSeries, TrendsResult } from '../../shared/analytics-types.js';
import { trendReasonText, trendReasonsText } from '../../shared/trend-reasons.js';
import { scoreOf } from './score-math.js';
import { itemPackLayoutOf, unpackItems, type PackedItem } from './item-pack.js';
import { ensureAggregates } from './refresh.js';
import { readCache } from './cache-read.js';
import { editionsWithAudits } from './editions.js';
import { itemsInForceByEdition } from './items-in-force.js';
import type { ItemInForce } from './items-in-force.js';
import { keyLabels } from './labels.js';
import { assertStructureInEdition, groupLabel } from './scores.js';
import { AppError } from '../../shared/errors.js';
import { differenceWithheld, disclosureRule, pooledScoreWithheld } from './disclosure.js';

export interface TrendsInput {
  scope: TrendScope;
  level: Level;
  /** Editions to compare, ascending; default: every edition with audits. */
  editions?: number[];
  lang?: Lang;
}

type Keyed = ScoreCounts & { key: string };

function keyOfItem(level: Level, item: ItemInForce): string {
  switch (level) {
    case 'overall': return 'overall';
    case 'step': return item.step;
    case 'channel': return item.channel;
    case 'determinant': return item.determinant;
    case 'item': return item.code;
  }
}

/** A reason with its French words beside its code and parameters (every surface re-renders it in its language). */
function withMessage(reason: Omit<TrendReason, 'message'>): TrendReason {
  const built = { ...reason, message: '' } as TrendReason;
  return { ...built, message: trendReasonText(built, 'fr') };
}

function itemDifferences(a: ItemInForce, b: ItemInForce): TrendReason[] {
  const out: TrendReason[] = [];
  if (a.weight !== b.weight) out.push(withMessage({ code: 'weight-changed', params: { item: a.code, from: a.weight, to: b.weight } }));
  if (a.threshold !== b.threshold) out.push(withMessage({ code: 'threshold-changed', params: { item: a.code, from: a.threshold, to: b.threshold } }));
  if (a.answerType !== b.answerType) out.push(withMessage({ code: 'answer-type-changed', params: { item: a.code, from: a.answerType, to: b.answerType } }));
  return out;
}

/** Why a key is not comparable between two referentials (empty: like for like). */
export function comparabilityReasons(level: Level, key: string, from: { edition: number; items: Map<string, ItemInForce> }, to: { edition: number; items: Map<string, ItemInForce> }): TrendReason[] {
  // The same referential set in force (itemsInForceByEdition shares the Map): like for like, except
  // for an item that is in neither edition's referential.
  if (from.items === to.items && (level !== 'item' || from.items.has(key))) return [];
  if (level === 'item') {
    const a = from.items.get(key);
    const b = to.items.get(key);
    if (!a || !b) {
      const missing = [!a ? from.edition : null, !b ? to.edition : null].filter((x): x is number => x !== null);
      return [withMessage({ code: 'item-absent', params: { item: key, editions: missing } })];
    }
    return itemDifferences(a, b);
  }
  const compose = (items: Map<string, ItemInForce>): Map<string, ItemInForce> => new Map([...items].filter(([, item]) => keyOfItem(level, item) === key));
  const a = compose(from.items);
  const b = compose(to.items);
  const added = [...b.keys()].filter((c) => !a.has(c));
  const removed = [...a.keys()].filter((c) => !b.has(c));
  if (added.length > 0 || removed.length > 0) {
    return [withMessage({ code: 'composition-changed', params: { from: from.edition, to: to.edition, removed, added } })];
  }
  const changed = [...a.values()].flatMap((item) => itemDifferences(item, b.get(item.code) as ItemInForce));
  if (changed.length > 0) return [withMessage({ code: 'definition-changed', params: { changes: changed } })];
  return [];
}

/** Fewer audits than this on either side of a change: the change is given but flagged "base faible". */
export const SMALL_BASE_AUDITS = 3;

/** What the referential says of a pair of editions for one key (shared by every scope). */
export type ReferentialComparison = Pick<TrendComparison, 'from' | 'to' | 'comparable' | 'reason' | 'reasons'>;

function referentialComparison(level: Level, key: string, from: { edition: number; items: Map<string, ItemInForce> }, to: { edition: number; items: Map<string, ItemInForce> }): ReferentialComparison {
  const reasons = comparabilityReasons(level, key, from, to);
  return { from: from.edition, to: to.edition, comparable: reasons.length === 0, reason: reasons.length === 0 ? null : trendReasonsText(reasons, 'fr'), reasons };
}

/** A structure's point from its cached sums (zero sums: no observation at this key that edition). */
export function structurePoint(edition: number, counts: ScoreCounts | undefined): TrendPoint {
  const c = counts ?? { compliantWeight: 0, applicableWeight: 0, observations: 0, applicable: 0, compliant: 0, audits: 0 };
  return {
    edition,
    score: scoreOf(c.compliantWeight, c.applicableWeight),
    compliantWeight: c.compliantWeight,
    applicableWeight: c.applicableWeight,
    observations: c.observations,
    applicable: c.applicable,
    compliant: c.compliant,
    audits: c.audits,
    structures: null,
    suppressed: null,
  };
}

/**
 * A structure's change between two editions. `tookPart`: whether it had audits in each edition
 * (its overall aggregate exists), which tells "non participant" from "no score at this key".
 * Shared with the batch of structure workbooks (structure-workbook.ts), so both read the same.
 */
export function structureComparison(ref: ReferentialComparison, a: TrendPoint, b: TrendPoint, tookPart: readonly [boolean, boolean]): TrendComparison {
  const absent = [tookPart[0] ? null : ref.from, tookPart[1] ? null : ref.to].filter((e): e is number => e !== null);
  const unscored = [a.score === null ? ref.from : null, b.score === null ? ref.to : null].filter((e): e is number => e !== null);
  const base = { from: a.audits, to: b.audits };
  const out = { ...ref, reasons: [...ref.reasons], base, panel: null };
  if (absent.length > 0) return { ...out, state: 'not-participating', missingIn: absent, delta: null };
  if (!ref.comparable) return { ...out, state: 'not-comparable', missingIn: [], delta: null };
  if (unscored.length > 0) return { ...out, state: 'no-score', missingIn: unscored, delta: null };
  const delta = (b.score as number) - (a.score as number);
  return { ...out, state: Math.min(base.from, base.to) < SMALL_BASE_AUDITS ? 'small-base' : 'comparable', missingIn: [], delta };
}

type GroupScope = Exclude<TrendScope, { kind: 'structure' }>;

/** The pooled sums of one key's same panel between two editions. */
interface PanelSums {
  structures: number;
  fromCompliant: number;
  fromApplicable: number;
  fromAudits: number;
  toCompliant: number;
  toApplicable: number;
  toAudits: number;
}

/**
 * Per key, the sums of the group's structures with a score in both editions (the same panel).
 * Steps, channels, determinants and overall: one join of the two editions' aggregates in SQLite.
 * Items (packed per structure): each structure's two lists are matched in memory.
 */
function samePanelSums(db: Db, from: number, to: number, scope: GroupScope, level: Level): Map<string, PanelSums> {
  const member = scope.kind === 'category' ? ' AND s.category = $code' : scope.kind === 'sector' ? ' AND s.sector = $code' : '';
  const params = { from, to, code: scope.code, level };
  if (level !== 'item') {
    const rows = db.prepare(`SELECT a.key AS key, COUNT(*) AS structures,
        SUM(a.compliant_weight) AS fromCompliant, SUM(a.applicable_weight) AS fromApplicable, SUM(a.audits) AS fromAudits,
        SUM(b.compliant_weight) AS toCompliant, SUM(b.applicable_weight) AS toApplicable, SUM(b.audits) AS toAudits
      FROM score_cache a
      JOIN score_cache b ON b.edition = $to AND b.structure_code = a.structure_code AND b.level = a.level AND b.key = a.key AND b.score IS NOT NULL
      JOIN structure s ON s.code = a.structure_code
      WHERE a.edition = $from AND a.level = $level AND a.score IS NOT NULL${member}
      GROUP BY a.key`).all(params) as Array<PanelSums & { key: string }>;
    return new Map(rows.map((r) => [r.key, r]));
  }
  const out = new Map<string, PanelSums>();
  const rows = db.prepare(`SELECT a.items AS fromItems, b.items AS toItems
    FROM score_cache_item a JOIN score_cache_item b ON b.edition = $to AND b.structure_code = a.structure_code
    JOIN structure s ON s.code = a.structure_code
    WHERE a.edition = $from${member}`).all(params) as Array<{ fromItems: string | Buffer; toItems: string | Buffer }>;
  const fromLayout = itemPackLayoutOf(db, params.from as number);
  const toLayout = itemPackLayoutOf(db, params.to as number);
  for (const r of rows) {
    const before = new Map<string, PackedItem>();
    for (const p of unpackItems(r.fromItems, fromLayout)) if (scoreOf(p[1], p[2]) !== null) before.set(p[0], p);
    for (const b of unpackItems(r.toItems, toLayout)) {
      const a = before.get(b[0]);
      if (!a || scoreOf(b[1], b[2]) === null) continue;
      let sums = out.get(b[0]);
      if (!sums) out.set(b[0], (sums = { structures: 0, fromCompliant: 0, fromApplicable: 0, fromAudits: 0, toCompliant: 0, toApplicable: 0, toAudits: 0 }));
      sums.structures += 1;
      sums.fromCompliant += a[1];
      sums.fromApplicable += a[2];
      sums.fromAudits += a[6];
      sums.toCompliant += b[1];
      sums.toApplicable += b[2];
      sums.toAudits += b[6];
    }
  }
  return out;
}

/**
 * The same panel of one key as it may be shown: withheld (null, with the reason) when too small,
 * or when it differs from the full group of either edition by too few structures (the full value
 * beside it would give those structures' pooled score by subtraction).
 */
function samePanel(sums: PanelSums | undefined, rule: DisclosureRule, fullN: { from: number; to: number }): TrendPanel {
  const structures = sums?.structures ?? 0;
  const audits = { from: sums?.fromAudits ?? 0, to: sums?.toAudits ?? 0 };
  if (!sums || structures === 0) return { structures: 0, from: null, to: null, audits, suppressed: null };
  if (pooledScoreWithheld(structures, rule) || differenceWithheld(fullN.from, structures, rule) || differenceWithheld(fullN.to, structures, rule)) {
    return { structures: null, from: null, to: null, audits, suppressed: 'group-too-small' };
  }
  return { structures, from: scoreOf(sums.fromCompliant, sums.fromApplicable), to: scoreOf(sums.toCompliant, sums.toApplicable), audits, suppressed: null };
}

function groupComparison(ref: ReferentialComparison, panel: TrendPanel): TrendComparison {
  const out = { ...ref, reasons: [...ref.reasons], base: { ...panel.audits }, panel, missingIn: [] };
  if (!ref.comparable) return { ...out, state: 'not-comparable', delta: null };
  if (panel.suppressed !== null) return { ...out, state: 'withheld', delta: null };
  if (panel.from === null || panel.to === null) return { ...out, state: 'no-score', delta: null };
  return { ...out, state: Math.min(panel.audits.from, panel.audits.to) < SMALL_BASE_AUDITS ? 'small-base' : 'comparable', delta: panel.to - panel.from };
}

type GroupStats = ScoreCounts & { key: string; n: number };

/** A group's full-panel point, as the disclosure rule lets it be shown (the reader may be a member). */
function groupPoint(edition: number, r: GroupStats | undefined, rule: DisclosureRule): TrendPoint {
  const point = { ...structurePoint(edition, r), structures: r?.n ?? 0 };
  if (!r || r.n === 0 || !pooledScoreWithheld(r.n, rule)) return point;
  return { ...point, score: null, compliantWeight: null, compliant: null, structures: null, suppressed: 'group-too-small' };
}

export function trends(db: Db, input: TrendsInput): TrendsResult {
  const editions = (input.editions ?? editionsWithAudits(db)).slice().sort((a, b) => a - b);
  for (const e of editions) ensureAggregates(db, e);
  const { scope, level } = input;
  const inForce = itemsInForceByEdition(db, editions);
  const referentials = editions.map((edition) => ({ edition, items: inForce.get(edition) ?? new Map<string, ItemInForce>() }));
  const labels = keyLabels(db, editions, input.lang, [...new Set(referentials.map((r) => r.items))]);
  const pairs = referentials.slice(1).map((to, i) => ({ from: referentials[i] as (typeof referentials)[number], to }));

  if (scope.kind === 'structure') {
    const found = db.prepare('SELECT name FROM structure WHERE code = ?').pluck().get(scope.code) as string | undefined;
    if (found === undefined) assertStructureInEdition(db, editions[0] ?? 0, scope.code);
    const byEdition = new Map<number, Map<string, Keyed>>();
    for (const e of editions) byEdition.set(e, new Map(readCache(db, { edition: e, structure: scope.code, level }).map((r) => [r.key, r])));
    // Every audited structure has an overall aggregate: its presence says the structure took part.
    const tookPartIn = new Set(db.prepare(`SELECT edition FROM score_cache WHERE structure_code = ? AND level = 'overall'`).pluck().all(scope.code) as number[]);
    const keys = new Set<string>();
    for (const m of byEdition.values()) for (const k of m.keys()) keys.add(k);
    const series: TrendSeries[] = [...keys].map((key) => {
      const points = editions.map((edition) => structurePoint(edition, byEdition.get(edition)?.get(key)));
      const comparisons = pairs.map(({ from, to }, i) => structureComparison(referentialComparison(level, key, from, to), points[i] as TrendPoint, points[i + 1] as TrendPoint,
        [tookPartIn.has(from.edition), tookPartIn.has(to.edition)]));
      return { level, key, label: labels.label(level, key), points, comparisons };
    }).sort((a, b) => labels.compare(a, b));
    return { scope, scopeLabel: found ?? scope.code, level, editions, series };
  }

  if (scope.kind !== 'edition' && db.prepare(`SELECT 1 FROM category WHERE code = ? UNION ALL SELECT 1 WHERE ? IN ('public', 'prive')`).get(scope.code, scope.code) === undefined) {
    throw AppError.keyed('NOT_FOUND', 'analytics.groupUnknown', { group: scope.code }, { scope });
  }
  const scopeLabel = scope.kind === 'edition' ? (input.lang === 'en' ? 'All structures' : 'Ensemble des structures') : groupLabel(scope, input.lang);
  const rule = disclosureRule(db);
  const stmt = db.prepare(`SELECT key, compliant_weight AS compliantWeight, applicable_weight AS applicableWeight, observations, applicable, compliant, audits, n
    FROM score_stats WHERE edition = ? AND group_kind = ? AND group_code = ? AND level = ?`);
  const byEdition = new Map<number, Map<string, GroupStats>>();
  for (const e of editions) byEdition.set(e, new Map((stmt.all(e, scope.kind, scope.kind === 'edition' ? '' : scope.code, level) as GroupStats[]).map((r) => [r.key, r])));
  const panels = pairs.map(({ from, to }) => samePanelSums(db, from.edition, to.edition, scope, level));
  const keys = new Set<string>();
  for (const m of byEdition.values()) for (const k of m.keys()) keys.add(k);
  const series: TrendSeries[] = [...keys].map((key) => {
    const points = editions.map((edition) => groupPoint(edition, byEdition.get(edition)?.get(key), rule));
    const fullN = (edition: number): number => byEdition.get(edition)?.get(key)?.n ?? 0;
    const comparisons = pairs.map(({ from, to }, i) => groupComparison(referentialComparison(level, key, from, to),
      samePanel(panels[i]?.get(key), rule, { from: fullN(from.edition), to: fullN(to.edition) })));
    return { level, key, label: labels.label(level, key), points, comparisons };
  }).sort((a, b) => labels.compare(a, b));
  return { scope, scopeLabel, level, editions, series };
}
