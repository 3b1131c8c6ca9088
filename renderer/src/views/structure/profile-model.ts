/**
 * From the engine's peer rows (one per level and key: the structure's score beside its
 * category's distribution) to what the Fiche structure draws: KPI figures, distribution rows with
 * the structure's marker, radar axes. Pure, unit-tested.
 */
import type { GroupScoreRow, PeerRow, TrendsResult } from '../../../../shared/analytics-types.js';
import type { Level } from '../../../../shared/domain.js';

export interface ProfileKpis {
  score: number | null;
  rank: number | null;
  n: number;
  percentile: number | null;
  median: number | null;
  best: number | null;
  audits: number;
  observations: number;
  /** score − median, when both exist. */
  vsMedian: number | null;
}

export function kpisOf(peers: readonly PeerRow[]): ProfileKpis | null {
  const overall = peers.find((p) => p.level === 'overall');
  if (!overall) return null;
  return {
    score: overall.score,
    rank: overall.rank,
    n: overall.n,
    percentile: overall.percentile,
    median: overall.median,
    best: overall.max,
    audits: overall.audits,
    observations: overall.observations,
    vsMedian: overall.score !== null && overall.median !== null ? overall.score - overall.median : null,
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
      if (p.level !== level || p.n === 0 || p.min === null || p.q1 === null || p.median === null || p.q3 === null || p.max === null) continue;
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
export function radarModel(peers: readonly PeerRow[], privateGroups: readonly GroupScoreRow[], level: Level): RadarModel {
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

export interface TrendLine {
  editions: number[];
  /** One value per edition (null: no score that edition). */
  values: Array<number | null>;
  /** Editions pairs that cannot be compared like for like, with the reason. */
  breaks: Array<{ from: number; to: number; reason: string }>;
}

/** The first series of a trends result (one key: `overall`, or the chosen key), aligned on its editions. */
export function trendLine(result: TrendsResult | undefined, key = 'overall'): TrendLine | null {
  if (!result) return null;
  const series = result.series.find((s) => s.key === key) ?? result.series[0];
  if (!series) return null;
  const byEdition = new Map(series.points.map((p) => [p.edition, p.score]));
  return {
    editions: result.editions,
    values: result.editions.map((e) => byEdition.get(e) ?? null),
    breaks: series.comparisons.filter((c) => !c.comparable).map((c) => ({ from: c.from, to: c.to, reason: c.reason ?? '' })),
  };
}
