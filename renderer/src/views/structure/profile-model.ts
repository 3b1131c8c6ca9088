/**
 * From the engine's peer rows (one per level and key: the structure's score beside its
 * category's distribution) to what the Fiche structure draws: KPI figures, distribution rows with
 * the structure's marker, radar axes. Pure, unit-tested.
 */
import type { DisclosedGroupScoreRow, PeerRow, TrendReason, TrendState, TrendsResult } from '../../../../shared/analytics-types.js';
import type { Level } from '../../../../shared/domain.js';

export interface ProfileKpis {
  score: number | null;
  rank: number | null;
  /** Structures of the category with a score; null when the disclosure rule withholds it. */
  n: number | null;
  percentile: number | null;
  /** Another structure of the category has exactly the same score (they share the rank). */
  sharesRank: boolean;
  median: number | null;
  best: number | null;
  audits: number;
  observations: number;
  /** score − median, when both exist. */
  vsMedian: number | null;
  /** Some benchmark figures are withheld (too few other structures): the view says so. */
  withheld: boolean;
  /** Other structures of the category with a score. */
  others: number;
}

/**
 * Whether the rank is shared, read back from what the engine published: rank = n − below − equal + 1
 * and percentile = 100 × (below + ½ equal) / n (score-math.ts `placeFromCounts`), so
 * equal = 2 × (n − rank + 1 − percentile × n / 100), the structure itself included.
 */
export function sharesRank(rank: number | null, percentile: number | null, n: number | null): boolean {
  if (rank === null || percentile === null || n === null || n < 2) return false;
  const equal = Math.round(2 * (n - rank + 1 - (percentile * n) / 100));
  return equal >= 2;
}

export function kpisOf(peers: readonly PeerRow[]): ProfileKpis | null {
  const overall = peers.find((p) => p.level === 'overall');
  if (!overall) return null;
  return {
    score: overall.score,
    rank: overall.rank,
    n: overall.n,
    percentile: overall.percentile,
    sharesRank: sharesRank(overall.rank, overall.percentile, overall.n),
    median: overall.median,
    best: overall.max,
    audits: overall.audits,
    observations: overall.observations,
    vsMedian: overall.score !== null && overall.median !== null ? overall.score - overall.median : null,
    withheld: overall.suppressed !== null,
    others: overall.others,
  };
}

export interface DistributionRow {
  level: Level;
  key: string;
  label: string;
  score: number | null;
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** Rows of the given levels that have a peer distribution, in the engine's order. */
export function distributionRows(peers: readonly PeerRow[], levels: readonly Level[]): DistributionRow[] {
  const out: DistributionRow[] = [];
  for (const level of levels) {
    for (const p of peers) {
      if (p.level !== level || p.n === null || p.n === 0 || p.min === null || p.q1 === null || p.median === null || p.q3 === null || p.max === null) continue;
      out.push({ level, key: p.key, label: p.label, score: p.score, n: p.n, min: p.min, q1: p.q1, median: p.median, q3: p.q3, max: p.max });
    }
  }
  return out;
}

export interface RadarModel {
  axes: Array<{ key: string; label: string }>;
  structure: Array<number | null>;
  peerMedian: Array<number | null>;
  privateMedian: Array<number | null>;
}

/**
 * Radar of one level: axes where the structure has a score; the private panel's value is the
 * median of its structures' scores (the same statistic as the peers'), null where it has none.
 */
export function radarModel(peers: readonly PeerRow[], privateGroups: readonly DisclosedGroupScoreRow[], level: Level): RadarModel {
  const rows = peers.filter((p) => p.level === level && p.score !== null);
  const privateByKey = new Map<string, number | null>();
  for (const g of privateGroups) {
    if (g.level === level && g.groupKind === 'sector' && g.group === 'prive') privateByKey.set(g.key, g.median);
  }
  return {
    axes: rows.map((r) => ({ key: r.key, label: r.label })),
    structure: rows.map((r) => r.score),
    peerMedian: rows.map((r) => r.median),
    privateMedian: rows.map((r) => privateByKey.get(r.key) ?? null),
  };
}

/** A pair of consecutive editions as the engine reads it (for a group: on the same panel). */
export interface TrendChange {
  from: number;
  to: number;
  state: TrendState;
  /** to − from when given (comparable or small base). */
  delta: number | null;
  /** Editions without a value (not participating, no score). */
  missingIn: number[];
  /** Fewest audits of the two sides (the base of the change). */
  base: number;
  /** Group: structures of the same panel (null for a structure, or when withheld). */
  panel: number | null;
}

export interface TrendLine {
  editions: number[];
  /** One value per edition (null: no score that edition). For a group: all its structures that edition. */
  values: Array<number | null>;
  /** The base of each value: audits, and for a group the structures scored (null for a structure or when withheld). */
  bases: Array<{ audits: number; structures: number | null }>;
  /** Why an edition has no value: the structure did not take part, or the disclosure rule withholds it. */
  gaps: Array<'not-participating' | 'withheld' | null>;
  changes: TrendChange[];
  /** Editions pairs that cannot be compared like for like, with the reason. */
  /** `reasons`: codes and parameters, worded in the interface language by shared/trend-reasons.ts. */
  breaks: Array<{ from: number; to: number; reasons: TrendReason[] }>;
}

/** The first series of a trends result (one key: `overall`, or the chosen key), aligned on its editions. */
export function trendLine(result: TrendsResult | undefined, key = 'overall'): TrendLine | null {
  if (!result) return null;
  const series = result.series.find((s) => s.key === key) ?? result.series[0];
  if (!series) return null;
  const byEdition = new Map(series.points.map((p) => [p.edition, p]));
  const absent = new Set(series.comparisons.filter((c) => c.state === 'not-participating').flatMap((c) => c.missingIn));
  return {
    editions: result.editions,
    values: result.editions.map((e) => byEdition.get(e)?.score ?? null),
    bases: result.editions.map((e) => ({ audits: byEdition.get(e)?.audits ?? 0, structures: byEdition.get(e)?.structures ?? null })),
    gaps: result.editions.map((e) => (absent.has(e) ? 'not-participating' : byEdition.get(e)?.suppressed ? 'withheld' : null)),
    changes: series.comparisons.map((c) => ({
      from: c.from, to: c.to, state: c.state, delta: c.delta, missingIn: c.missingIn, base: Math.min(c.base.from, c.base.to), panel: c.panel?.structures ?? null,
    })),
    breaks: series.comparisons.filter((c) => c.state === 'not-comparable').map((c) => ({ from: c.from, to: c.to, reasons: c.reasons })),
  };
}
