/**
 * The arithmetic of the method, pure and shared by the cache refresh, the on-the-fly queries and
 * the tests: the score formula, type-7 quartiles, rank and percentile among peers, and the winner
 * order with its tie-break. Every score in the engine goes through `scoreOf`, so equal fractions
 * give bit-identical doubles and ties are exact.
 */
import type { DistributionStats, ScoreCounts, TieBreakRule } from '../../shared/analytics-types.js';
import type { Level } from '../../shared/domain.js';

/** `100 × compliantWeight / applicableWeight`, null when nothing is applicable. */
export function scoreOf(compliantWeight: number, applicableWeight: number): number | null {
  return applicableWeight > 0 ? (100 * compliantWeight) / applicableWeight : null;
}

/**
 * Quantile of type 7 (Hyndman & Fan), the default of R and NumPy and Excel's QUARTILE.INC:
 * h = (n − 1) × p; the value is x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋ + 1] − x[⌊h⌋]) on the ascending sample.
 */
export function quantile7(sortedAscending: ArrayLike<number>, p: number): number {
  const n = sortedAscending.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const low = sortedAscending[lo] as number;
  if (lo + 1 >= n) return low;
  const high = sortedAscending[lo + 1] as number;
  return low + (h - lo) * (high - low);
}

export const EMPTY_STATS: DistributionStats = { n: 0, mean: null, median: null, q1: null, q3: null, min: null, max: null };

/** n, mean, median, quartiles (type 7), min and max of an ascending sample. */
export function summarize(sortedAscending: ArrayLike<number>): DistributionStats {
  const n = sortedAscending.length;
  if (n === 0) return { ...EMPTY_STATS };
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += sortedAscending[i] as number;
  return {
    n,
    mean: sum / n,
    median: quantile7(sortedAscending, 0.5),
    q1: quantile7(sortedAscending, 0.25),
    q3: quantile7(sortedAscending, 0.75),
    min: sortedAscending[0] as number,
    max: sortedAscending[n - 1] as number,
  };
}

/**
 * Index of the first element ≥ value in an ascending sample. Hot in the aggregates' refresh
 * (a binary search per structure and score): the app only ever passes Float64Array.
 */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > value in an ascending sample, searched from `from` (a known lower bound). */
export function upperBound(sorted: ArrayLike<number>, value: number, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * An ascending sample as its distinct values, each with the number of values below it: a peer's
 * place is then found among a few distinct values (an item's scores take a handful: 0, 50, 100…)
 * instead of among every peer, which is most of the refresh's rank placement.
 */
export class DistinctRuns {
  readonly n: number;

  /**
   * `values`: the distinct values, ascending; `below[k]`: values strictly below `values[k]`, with
   * one more entry, n (stored runs are read back as they are: category-runs.ts).
   */
  constructor(readonly values: Float64Array, readonly below: Int32Array) {
    this.n = below[values.length] ?? 0;
  }

  static fromSorted(sortedAscending: Float64Array): DistinctRuns {
    const n = sortedAscending.length;
    return DistinctRuns.into(sortedAscending, new Float64Array(n), new Int32Array(n + 1));
  }

  /** The runs of an ascending sample written into `values` (≥ n long) and `below` (≥ n + 1): views on them. */
  static into(sortedAscending: Float64Array, values: Float64Array, below: Int32Array): DistinctRuns {
    const n = sortedAscending.length;
    let distinct = 0;
    for (let i = 0; i < n; i += 1) {
      const v = sortedAscending[i] as number;
      if (distinct === 0 || v !== values[distinct - 1]) {
        values[distinct] = v;
        below[distinct] = i;
        distinct += 1;
      }
    }
    below[distinct] = n;
    return new DistinctRuns(values.subarray(0, distinct), below.subarray(0, distinct + 1));
  }

  /** The run of the first distinct value ≥ `value` (pass it to `belowAt` and `equalAt`). */
  runOf(value: number): number {
    const values = this.values;
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((values[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Values strictly below `value`, given its run. */
  belowAt(run: number): number {
    return this.below[run] as number;
  }

  /** Values equal to `value`, given its run. */
  equalAt(run: number, value: number): number {
    return run < this.values.length && this.values[run] === value ? (this.below[run + 1] as number) - (this.below[run] as number) : 0;
  }
}

/** Peers strictly below `value` and peers equal to it (itself included) in an ascending sample. */
export function placeCounts(sortedAscending: ArrayLike<number>, value: number): { below: number; equal: number; n: number } {
  const below = lowerBound(sortedAscending, value);
  return { below, equal: upperBound(sortedAscending, value) - below, n: sortedAscending.length };
}

/**
 * rank = 1 + peers strictly above (ties share the best rank);
 * percentile = 100 × (peers strictly below + ½ × peers equal, itself included) / n.
 */
export function placeFromCounts(below: number, equal: number, n: number): { rank: number; percentile: number } {
  return { rank: n - below - equal + 1, percentile: n === 0 ? 0 : (100 * (below + 0.5 * equal)) / n };
}

/** Rank and percentile of `value` among the ascending sample of peer scores (the structure itself included). */
export function rankAndPercentile(sortedAscending: ArrayLike<number>, value: number): { rank: number; percentile: number } {
  const { below, equal, n } = placeCounts(sortedAscending, value);
  return placeFromCounts(below, equal, n);
}

/** What the winner order looks at, in this order. */
export interface RankingCandidate {
  code: string;
  score: number | null;
  traitementScore: number | null;
  applicableWeight: number;
}

function compareNullableDesc(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

/**
 * The winner order: (1) higher exact overall score; (2) higher score at the "traitement" step;
 * (3) more applicable weight overall (the larger body of evidence); (4) structure code ascending
 * (binary order). A missing score sorts after every score. Returns the rule that decided and the
 * comparison sign (negative: a comes first).
 */
export function compareCandidates(a: RankingCandidate, b: RankingCandidate): { sign: number; rule: TieBreakRule } {
  const byScore = compareNullableDesc(a.score, b.score);
  if (byScore !== 0) return { sign: byScore, rule: 'score' };
  const byTraitement = compareNullableDesc(a.traitementScore, b.traitementScore);
  if (byTraitement !== 0) return { sign: byTraitement, rule: 'traitement' };
  if (a.applicableWeight !== b.applicableWeight) return { sign: b.applicableWeight - a.applicableWeight, rule: 'applicableWeight' };
  return { sign: a.code < b.code ? -1 : a.code > b.code ? 1 : 0, rule: 'code' };
}

export function sortCandidates<T extends RankingCandidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort((a, b) => compareCandidates(a, b).sign);
}

/** One scored observation with its item's definition in force. */
export interface ObservationFact {
  auditId: number;
  /** 1 compliant, 0 non-compliant, null not applicable. */
  compliant: number | null;
  weight: number;
  step: string;
  channel: string;
  determinant: string;
  item: string;
}

export interface LevelCounts extends ScoreCounts {
  level: Level;
  key: string;
  score: number | null;
}

/**
 * Sums and scores at every level of a set of observations (the on-the-fly path: one audit, or any
 * small set). Always has an overall row, with score null when nothing is applicable.
 */
export function aggregateObservations(facts: Iterable<ObservationFact>): LevelCounts[] {
  const sums = new Map<string, LevelCounts & { seen: Set<number> }>();
  const get = (level: Level, key: string): LevelCounts & { seen: Set<number> } => {
    const id = `${level}\u0000${key}`;
    let s = sums.get(id);
    if (!s) {
      s = { level, key, compliantWeight: 0, applicableWeight: 0, observations: 0, applicable: 0, compliant: 0, audits: 0, score: null, seen: new Set() };
      sums.set(id, s);
    }
    return s;
  };
  get('overall', 'overall');
  for (const f of facts) {
    const targets: Array<[Level, string]> = [['overall', 'overall'], ['step', f.step], ['channel', f.channel], ['determinant', f.determinant], ['item', f.item]];
    for (const [level, key] of targets) {
      const s = get(level, key);
      s.observations += 1;
      if (!s.seen.has(f.auditId)) {
        s.seen.add(f.auditId);
        s.audits += 1;
      }
      if (f.compliant !== null) {
        s.applicableWeight += f.weight;
        s.applicable += 1;
        if (f.compliant === 1) {
          s.compliantWeight += f.weight;
          s.compliant += 1;
        }
      }
    }
  }
  return [...sums.values()].map(({ seen: _seen, ...s }) => ({ ...s, score: scoreOf(s.compliantWeight, s.applicableWeight) }));
}
