/**
 * The arithmetic of the method on hand-computed values: score formula, type-7 quartiles, rank and
 * percentile, the winner tie-break, and the per-level aggregation of a set of observations, plus
 * the property tests of the scoring method.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DistinctRuns, aggregateObservations, compareCandidates, placeCounts, quantile7, rankAndPercentile, scoreOf, sortCandidates, summarize,
} from '../../main/analytics/score-math.js';
import type { ObservationFact, RankingCandidate } from '../../main/analytics/score-math.js';

const fact = (auditId: number, item: string, weight: number, compliant: 1 | 0 | null, step = 'acces', channel = 'telephone', determinant = 'd1'): ObservationFact =>
  ({ auditId, item, weight, compliant, step, channel, determinant });

describe('scoreOf', () => {
  it('is 100 × compliant weight / applicable weight', () => {
    // compliant weights 2 + 1 over applicable 2 + 1 + 3 → 3 / 6 → 50
    expect(scoreOf(2 + 1, 2 + 1 + 3)).toBe(50);
  });
  it('is null, not 0, when nothing is applicable', () => {
    expect(scoreOf(0, 0)).toBeNull();
  });
  it('gives bit-identical doubles for equal fractions, so ties are exact', () => {
    expect(scoreOf(2, 3)).toBe(scoreOf(4, 6));
    expect(scoreOf(1, 3)).toBe(scoreOf(3, 9));
  });
});

describe('quantile7 and summarize', () => {
  it('interpolates between closest ranks (Excel QUARTILE.INC)', () => {
    const x = [10, 20, 30, 40];
    // h = (4 − 1) × 0.25 = 0.75 → 10 + 0.75 × (20 − 10) = 17.5
    expect(quantile7(x, 0.25)).toBeCloseTo(17.5, 12);
    // h = 1.5 → 20 + 0.5 × 10 = 25
    expect(quantile7(x, 0.5)).toBeCloseTo(25, 12);
    // h = 2.25 → 30 + 0.25 × 10 = 32.5
    expect(quantile7(x, 0.75)).toBeCloseTo(32.5, 12);
    expect(quantile7(x, 0)).toBe(10);
    expect(quantile7(x, 1)).toBe(40);
  });
  it('summarizes an odd sample', () => {
    // 1, 2, 4, 8, 100: mean 115 / 5 = 23; median x[2] = 4; q1 h = 1 → 2; q3 h = 3 → 8
    expect(summarize([1, 2, 4, 8, 100])).toEqual({ n: 5, mean: 23, median: 4, q1: 2, q3: 8, min: 1, max: 100 });
  });
  it('has only nulls for an empty sample and one value for a single one', () => {
    expect(summarize([])).toEqual({ n: 0, mean: null, median: null, q1: null, q3: null, min: null, max: null });
    expect(summarize([42])).toEqual({ n: 1, mean: 42, median: 42, q1: 42, q3: 42, min: 42, max: 42 });
  });
});

describe('rankAndPercentile', () => {
  const peers = [40, 60, 60, 80, 90]; // ascending
  it('gives rank 1 to the best and shares the best rank between ties', () => {
    expect(rankAndPercentile(peers, 90).rank).toBe(1);
    expect(rankAndPercentile(peers, 80).rank).toBe(2);
    // two structures at 60: two peers above (80, 90) → both rank 3
    expect(rankAndPercentile(peers, 60).rank).toBe(3);
    expect(rankAndPercentile(peers, 40).rank).toBe(5);
  });
  it('computes 100 × (below + ½ equal) / n', () => {
    // 90: 4 below, 1 equal (itself) → (4 + 0.5) / 5 = 90
    expect(rankAndPercentile(peers, 90).percentile).toBeCloseTo(90, 12);
    // 60: 1 below, 2 equal → (1 + 1) / 5 = 40
    expect(rankAndPercentile(peers, 60).percentile).toBeCloseTo(40, 12);
    // 40: 0 below, 1 equal → 0.5 / 5 = 10
    expect(rankAndPercentile(peers, 40).percentile).toBeCloseTo(10, 12);
    // alone: 50
    expect(rankAndPercentile([70], 70)).toEqual({ rank: 1, percentile: 50 });
  });
});

describe('DistinctRuns', () => {
  it('places any value as placeCounts does, among few or many distinct values', () => {
    const sample = fc.array(fc.oneof(fc.constantFrom(0, 50, 100, 100 / 3), fc.double({ min: 0, max: 100, noNaN: true })), { maxLength: 60 });
    fc.assert(fc.property(sample, fc.double({ min: -1, max: 101, noNaN: true }), fc.nat(), (values, other, pick) => {
      const sorted = Float64Array.from(values).sort();
      const runs = DistinctRuns.fromSorted(sorted);
      for (const value of [other, ...(sorted.length > 0 ? [sorted[pick % sorted.length] as number] : [])]) {
        const run = runs.runOf(value);
        const { below, equal, n } = placeCounts(sorted, value);
        expect([runs.belowAt(run), runs.equalAt(run, value), runs.n]).toEqual([below, equal, n]);
      }
    }), { numRuns: 300 });
  });
});

describe('winner order and tie-break', () => {
  const c = (code: string, score: number | null, traitementScore: number | null, applicableWeight: number): RankingCandidate => ({ code, score, traitementScore, applicableWeight });
  it('orders by exact score first', () => {
    expect(sortCandidates([c('A', 70, 100, 10), c('B', 80, 0, 1)]).map((x) => x.code)).toEqual(['B', 'A']);
    expect(compareCandidates(c('B', 80, 0, 1), c('A', 70, 100, 10)).rule).toBe('score');
  });
  it('breaks a tie on the traitement step score, then applicable weight, then code', () => {
    expect(compareCandidates(c('A', 75, 60, 10), c('B', 75, 70, 10))).toEqual({ sign: expect.any(Number), rule: 'traitement' });
    expect(sortCandidates([c('A', 75, 60, 10), c('B', 75, 70, 10)]).map((x) => x.code)).toEqual(['B', 'A']);
    expect(sortCandidates([c('A', 75, 70, 10), c('B', 75, 70, 12)]).map((x) => x.code)).toEqual(['B', 'A']);
    expect(compareCandidates(c('A', 75, 70, 10), c('B', 75, 70, 12)).rule).toBe('applicableWeight');
    expect(sortCandidates([c('B', 75, 70, 10), c('A', 75, 70, 10)]).map((x) => x.code)).toEqual(['A', 'B']);
    expect(compareCandidates(c('A', 75, 70, 10), c('B', 75, 70, 10)).rule).toBe('code');
  });
  it('puts a missing score or traitement score last', () => {
    expect(sortCandidates([c('A', null, null, 0), c('B', 10, null, 1)]).map((x) => x.code)).toEqual(['B', 'A']);
    expect(sortCandidates([c('A', 50, null, 5), c('B', 50, 0, 5)]).map((x) => x.code)).toEqual(['B', 'A']);
  });
});

describe('aggregateObservations', () => {
  it('sums weights at every level, leaving NA out of the denominator', () => {
    const rows = aggregateObservations([
      fact(1, 'I1', 2, 1, 'acces', 'telephone', 'd1'),
      fact(1, 'I2', 1, 0, 'traitement', 'telephone', 'd2'),
      fact(2, 'I3', 3, null, 'acces', 'email', 'd1'),
      fact(2, 'I4', 3, 0, 'acces', 'email', 'd1'),
    ]);
    const get = (level: string, key: string) => rows.find((r) => r.level === level && r.key === key);
    // overall: compliant 2 over applicable 2 + 1 + 3 (I3 is NA) → 2 / 6 → 33.33…
    expect(get('overall', 'overall')).toMatchObject({ compliantWeight: 2, applicableWeight: 6, observations: 4, applicable: 3, compliant: 1, audits: 2 });
    expect(get('overall', 'overall')?.score).toBeCloseTo(100 / 3, 12);
    // step acces: I1 (2, compliant) + I4 (3, not) → 2 / 5 → 40; I3 NA counted as an observation only
    expect(get('step', 'acces')).toMatchObject({ compliantWeight: 2, applicableWeight: 5, observations: 3, audits: 2, score: 40 });
    // channel email: I4 only applicable → 0 / 3 → 0 (a real zero, not null)
    expect(get('channel', 'email')).toMatchObject({ score: 0, applicableWeight: 3 });
    // item I3: only NA → null
    expect(get('item', 'I3')).toMatchObject({ score: null, applicableWeight: 0, observations: 1 });
  });
  it('has an overall row with a null score for an empty set', () => {
    expect(aggregateObservations([])).toEqual([{ level: 'overall', key: 'overall', compliantWeight: 0, applicableWeight: 0, observations: 0, applicable: 0, compliant: 0, audits: 0, score: null }]);
  });
});

describe('properties of the scoring method', () => {
  const factArb = fc.record({
    auditId: fc.integer({ min: 1, max: 5 }),
    item: fc.constantFrom('I1', 'I2', 'I3', 'I4'),
    weight: fc.integer({ min: 0, max: 5 }),
    compliant: fc.constantFrom<1 | 0 | null>(1, 0, null),
    step: fc.constantFrom('acces', 'information', 'traitement'),
    channel: fc.constantFrom('telephone', 'email'),
    determinant: fc.constantFrom('d1', 'd2'),
  });
  const overall = (facts: ObservationFact[]) => aggregateObservations(facts).find((r) => r.level === 'overall')?.score ?? null;

  it('every score is within 0–100 or null', () => {
    fc.assert(fc.property(fc.array(factArb, { maxLength: 30 }), (facts) => {
      for (const r of aggregateObservations(facts)) {
        if (r.score !== null) {
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(100);
        }
        expect(r.score === null).toBe(r.applicableWeight === 0);
      }
    }));
  });

  it('adding a compliant observation never lowers a score', () => {
    fc.assert(fc.property(fc.array(factArb, { maxLength: 30 }), factArb, (facts, extra) => {
      const added = { ...extra, compliant: 1 as const, auditId: 99 };
      const before = aggregateObservations(facts);
      const after = aggregateObservations([...facts, added]);
      for (const a of after) {
        const b = before.find((x) => x.level === a.level && x.key === a.key);
        if (b?.score != null && a.score !== null) expect(a.score).toBeGreaterThanOrEqual(b.score - 1e-9);
      }
    }));
  });

  it('a not-applicable observation never changes a score', () => {
    fc.assert(fc.property(fc.array(factArb, { maxLength: 30 }), factArb, (facts, extra) => {
      const withNa = [...facts, { ...extra, compliant: null, auditId: 99 }];
      expect(overall(withNa)).toBe(overall(facts));
      for (const a of aggregateObservations(withNa)) {
        const b = aggregateObservations(facts).find((x) => x.level === a.level && x.key === a.key);
        expect(a.score).toBe(b?.score ?? null);
      }
    }));
  });
});
