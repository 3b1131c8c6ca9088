/**
 * Trends across editions for one structure, a category, a sector or the whole barometer, at one
 * level. Between two consecutive editions a key is comparable like for like when:
 * - item level: the item is in force in both editions with the same weight, threshold and answer
 *   type;
 * - step, channel, determinant and overall: the set of item codes composing it is the same in both
 *   referentials ("composition-changed" otherwise) and none of those items changed weight,
 *   threshold or answer type ("definition-changed").
 * Scores are read from the aggregates; the comparability flags come from item_in_force.
 */
import type { Db } from '../db/connection.js';
import type { Lang, Level } from '../../shared/domain.js';
import type { ScoreCounts, TrendComparison, TrendPoint, TrendReason, TrendScope, TrendSeries, TrendsResult } from '../../shared/analytics-types.js';
import { scoreOf } from './score-math.js';
import { ensureAggregates } from './refresh.js';
import { readCache } from './cache-read.js';
import { editionsWithAudits } from './editions.js';
import { itemsInForceByEdition } from './items-in-force.js';
import type { ItemInForce } from './items-in-force.js';
import { keyLabels } from './labels.js';
import { assertStructureInEdition, groupLabel } from './scores.js';
import { AppError } from '../../shared/errors.js';

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

const fmt = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 4 });
const show = (v: number | null): string => (v === null ? 'aucun' : fmt.format(v));

function itemDifferences(a: ItemInForce, b: ItemInForce): TrendReason[] {
  const out: TrendReason[] = [];
  if (a.weight !== b.weight) out.push({ code: 'weight-changed', message: `pondération de ${a.code} modifiée (${show(a.weight)} → ${show(b.weight)})` });
  if (a.threshold !== b.threshold) out.push({ code: 'threshold-changed', message: `seuil de ${a.code} modifié (${show(a.threshold)} → ${show(b.threshold)})` });
  if (a.answerType !== b.answerType) out.push({ code: 'answer-type-changed', message: `type de réponse de ${a.code} modifié (${a.answerType} → ${b.answerType})` });
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
      const missing = [!a ? from.edition : null, !b ? to.edition : null].filter((x) => x !== null).join(' et ');
      return [{ code: 'item-absent', message: `item ${key} absent du référentiel en vigueur en ${missing}` }];
    }
    return itemDifferences(a, b);
  }
  const compose = (items: Map<string, ItemInForce>): Map<string, ItemInForce> => new Map([...items].filter(([, item]) => keyOfItem(level, item) === key));
  const a = compose(from.items);
  const b = compose(to.items);
  const added = [...b.keys()].filter((c) => !a.has(c));
  const removed = [...a.keys()].filter((c) => !b.has(c));
  if (added.length > 0 || removed.length > 0) {
    const parts = [removed.length ? `retiré${removed.length > 1 ? 's' : ''} : ${removed.join(', ')}` : '', added.length ? `ajouté${added.length > 1 ? 's' : ''} : ${added.join(', ')}` : ''].filter(Boolean);
    return [{ code: 'composition-changed', message: `items qui le composent modifiés entre ${from.edition} et ${to.edition} (${parts.join(' ; ')})` }];
  }
  const changed = [...a.values()].flatMap((item) => itemDifferences(item, b.get(item.code) as ItemInForce));
  if (changed.length > 0) return [{ code: 'definition-changed', message: changed.map((r) => r.message).join(' ; ') }];
  return [];
}

export function trends(db: Db, input: TrendsInput): TrendsResult {
  const editions = (input.editions ?? editionsWithAudits(db)).slice().sort((a, b) => a - b);
  for (const e of editions) ensureAggregates(db, e);
  const { scope, level } = input;
  let scopeLabel: string;
  const byEdition = new Map<number, Map<string, Keyed>>();
  if (scope.kind === 'structure') {
    const found = db.prepare('SELECT name FROM structure WHERE code = ?').pluck().get(scope.code) as string | undefined;
    if (found === undefined) assertStructureInEdition(db, editions[0] ?? 0, scope.code);
    scopeLabel = found ?? scope.code;
    for (const e of editions) byEdition.set(e, new Map(readCache(db, { edition: e, structure: scope.code, level }).map((r) => [r.key, r])));
  } else {
    if (scope.kind !== 'edition' && db.prepare(`SELECT 1 FROM category WHERE code = ? UNION ALL SELECT 1 WHERE ? IN ('public', 'prive')`).get(scope.code, scope.code) === undefined) {
      throw new AppError('NOT_FOUND', `Groupe inconnu : « ${scope.code} ».`, { scope });
    }
    scopeLabel = scope.kind === 'edition' ? (input.lang === 'en' ? 'All structures' : 'Ensemble des structures') : groupLabel(scope, input.lang);
    const stmt = db.prepare(`SELECT key, compliant_weight AS compliantWeight, applicable_weight AS applicableWeight, observations, applicable, compliant, audits
      FROM score_stats WHERE edition = ? AND group_kind = ? AND group_code = ? AND level = ?`);
    for (const e of editions) byEdition.set(e, new Map((stmt.all(e, scope.kind, scope.kind === 'edition' ? '' : scope.code, level) as Keyed[]).map((r) => [r.key, r])));
  }
  const inForce = itemsInForceByEdition(db, editions);
  const referentials = editions.map((edition) => ({ edition, items: inForce.get(edition) ?? new Map<string, ItemInForce>() }));
  const keys = new Set<string>();
  for (const m of byEdition.values()) for (const k of m.keys()) keys.add(k);
  const labels = keyLabels(db, editions, input.lang, [...new Set(referentials.map((r) => r.items))]);
  const series: TrendSeries[] = [...keys].map((key) => {
    const points = editions.map((edition): TrendPoint => {
      const r = byEdition.get(edition)?.get(key);
      const counts: ScoreCounts = r ?? { compliantWeight: 0, applicableWeight: 0, observations: 0, applicable: 0, compliant: 0, audits: 0 };
      return {
        edition,
        score: scoreOf(counts.compliantWeight, counts.applicableWeight),
        compliantWeight: counts.compliantWeight,
        applicableWeight: counts.applicableWeight,
        observations: counts.observations,
        applicable: counts.applicable,
        compliant: counts.compliant,
        audits: counts.audits,
      };
    });
    const comparisons = referentials.slice(1).map((to, i): TrendComparison => {
      const from = referentials[i] as (typeof referentials)[number];
      const reasons = comparabilityReasons(level, key, from, to);
      const a = points[i]?.score ?? null;
      const b = points[i + 1]?.score ?? null;
      return {
        from: from.edition,
        to: to.edition,
        comparable: reasons.length === 0,
        reason: reasons.length === 0 ? null : reasons.map((r) => r.message).join(' ; '),
        reasons,
        delta: reasons.length === 0 && a !== null && b !== null ? b - a : null,
      };
    });
    return { level, key, label: labels.label(level, key), points, comparisons };
  }).sort((a, b) => labels.compare(a, b));
  return { scope, scopeLabel, level, editions, series };
}
