/**
 * The engine on the hand-computed dataset of analytics-fixture.ts (edition 2023, items
 * TEL-01 w2 (acces), TEL-02 w1 (traitement), MEL-01 w3 (acces), MEL-02 w1 (traitement)):
 *   A (ville-plus-50k): A1 tel TEL-01 ✓ TEL-02 ✗ · A2 email MEL-01 ✓ MEL-02 NA · A3 email MEL-01 ✗ MEL-02 ✓
 *   B (ville-plus-50k): B1 tel TEL-01 ✓ TEL-02 ✓ · B2 email MEL-01 ✓ MEL-02 ✓
 *   C (ville-plus-50k): C1 tel TEL-01 ✗ TEL-02 ✓ · C2 email MEL-01 NA MEL-02 NA
 *   P (panel-prive):    P1 email MEL-01 ✓ MEL-02 ✗
 *   E (region):         E1 tel TEL-01 NA TEL-02 NA
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handDataset } from './analytics-fixture.js';
import type { Fixture } from './analytics-fixture.js';
import {
  auditScores, categoryRanking, editionScores, groupScores, headlineIndicators, indicator, peerBenchmark, refreshAggregates, resolveEdition, winners,
} from '../../main/analytics/index.js';

let f: Fixture;
beforeAll(() => {
  f = handDataset();
  refreshAggregates(f.db, { editions: [2023] });
});
afterAll(() => f.close());

const one = <T extends { level: string; key: string }>(rows: T[], level: string, key: string): T => {
  const row = rows.find((r) => r.level === level && r.key === key);
  if (!row) throw new Error(`no row ${level}/${key}`);
  return row;
};

describe('structure scores', () => {
  it('scores A at every level', () => {
    const rows = editionScores(f.db, { edition: 2023, structure: 'A' });
    // overall: compliant TEL-01 2 + MEL-01 3 + MEL-02 1 = 6 over applicable 2 + 1 + 3 + 3 + 1 = 10 → 60
    expect(one(rows, 'overall', 'overall')).toMatchObject({ score: 60, compliantWeight: 6, applicableWeight: 10, observations: 6, applicable: 5, compliant: 3, audits: 3 });
    // step acces: TEL-01 2 ✓, MEL-01 3 ✓, MEL-01 3 ✗ → 5 / 8 = 62.5
    expect(one(rows, 'step', 'acces')).toMatchObject({ score: 62.5, compliantWeight: 5, applicableWeight: 8, audits: 3 });
    // step traitement: TEL-02 1 ✗, MEL-02 NA (leaves the denominator), MEL-02 1 ✓ → 1 / 2 = 50; 3 observations
    expect(one(rows, 'step', 'traitement')).toMatchObject({ score: 50, compliantWeight: 1, applicableWeight: 2, observations: 3 });
    // channel telephone: 2 / 3; email: 3 + 1 = 4 over 3 + 3 + 1 = 7
    expect(one(rows, 'channel', 'telephone').score).toBeCloseTo(200 / 3, 12);
    expect(one(rows, 'channel', 'email').score).toBeCloseTo(400 / 7, 12);
    expect(one(rows, 'channel', 'email').audits).toBe(2);
    // determinant reactivite = MEL-01: 3 / 6 = 50; item MEL-02: 1 / 1 = 100 with one NA observation
    expect(one(rows, 'determinant', 'reactivite')).toMatchObject({ score: 50, applicableWeight: 6 });
    expect(one(rows, 'item', 'MEL-02')).toMatchObject({ score: 100, observations: 2, applicable: 1, audits: 2 });
    expect(one(rows, 'overall', 'overall')).toMatchObject({ name: 'Alpha', category: 'ville-plus-50k', sector: 'public', edition: 2023, label: 'Global' });
  });

  it('gives null, never 0, when nothing is applicable', () => {
    // E: both observations NA → no score; C's email channel: both NA → no score
    expect(one(editionScores(f.db, { edition: 2023, structure: 'E' }), 'overall', 'overall')).toMatchObject({ score: null, applicableWeight: 0, observations: 2 });
    expect(one(editionScores(f.db, { edition: 2023, structure: 'C' }), 'channel', 'email').score).toBeNull();
  });

  it('lists every structure of a category at one level', () => {
    const rows = editionScores(f.db, { edition: 2023, category: 'ville-plus-50k', level: 'overall' });
    // B 7/7 = 100, A 60, C 1/3 (TEL-02 only) = 33.3: sorted by score descending
    expect(rows.map((r) => [r.structure, r.score])).toEqual([['B', 100], ['A', 60], ['C', 100 / 3]]);
  });

  it('refuses an unknown structure or one without audits in the edition', () => {
    expect(() => editionScores(f.db, { edition: 2023, structure: 'ZZZ' })).toThrow(/inconnue/);
  });

  it('scores one audit on the fly', () => {
    const rows = auditScores(f.db, { edition: 2023, reference: 'A3' });
    // A3: MEL-01 3 ✗, MEL-02 1 ✓ → 1 / 4 = 25
    expect(one(rows, 'overall', 'overall')).toMatchObject({ score: 25, compliantWeight: 1, applicableWeight: 4, audits: 1, reference: 'A3', structure: 'A' });
    // A2: MEL-02 NA → its item score is null, the overall 3 / 3 = 100
    expect(one(auditScores(f.db, { edition: 2023, reference: 'A2' }), 'item', 'MEL-02').score).toBeNull();
  });
});

describe('group scores (pooled observations) and benchmarks', () => {
  it('pools the observations of a category and gives mean and median of its structures', () => {
    const [row] = groupScores(f.db, { edition: 2023, kind: 'category', code: 'ville-plus-50k', level: 'overall' });
    // pooled: compliant 6 + 7 + 1 = 14 over applicable 10 + 7 + 3 = 20 → 70
    // structure scores 33.33, 60, 100: mean 193.33 / 3 = 64.44, median 60
    expect(row).toMatchObject({ score: 70, compliantWeight: 14, applicableWeight: 20, structures: 3, n: 3, median: 60 });
    expect(row?.mean).toBeCloseTo((100 / 3 + 60 + 100) / 3, 10);
  });
  it('pools a sector (E has no score: counted in structures, not in n) and the edition', () => {
    const sectors = groupScores(f.db, { edition: 2023, kind: 'sector', level: 'overall' });
    expect(sectors.map((r) => r.group)).toEqual(['public', 'prive']);
    expect(sectors[0]).toMatchObject({ score: 70, structures: 4, n: 3 });
    // private panel: P 3 / 4 = 75
    expect(sectors[1]).toMatchObject({ score: 75, n: 1 });
    // edition: 14 + 3 = 17 over 20 + 4 = 24 → 70.83
    const [edition] = groupScores(f.db, { edition: 2023, kind: 'edition', level: 'overall' });
    expect(edition?.score).toBeCloseTo(1700 / 24, 10);
    expect(edition).toMatchObject({ compliantWeight: 17, applicableWeight: 24, audits: 9 });
  });
});

describe('peer benchmark', () => {
  it("places A among its category's structures with type-7 quartiles", () => {
    const row = one(peerBenchmark(f.db, { edition: 2023, structure: 'A' }), 'overall', 'overall');
    // peers 33.33, 60, 100 (A included): q1 h = 0.5 → 33.33 + 0.5 × 26.67 = 46.67; q3 h = 1.5 → 60 + 0.5 × 40 = 80
    expect(row).toMatchObject({ score: 60, n: 3, median: 60, q3: 80, max: 100, rank: 2 });
    expect(row.q1).toBeCloseTo(100 / 3 + 0.5 * (60 - 100 / 3), 10);
    expect(row.min).toBeCloseTo(100 / 3, 12);
    // percentile: 1 below (C) + ½ × 1 equal (A) over 3 → 50
    expect(row.percentile).toBeCloseTo(50, 12);
  });
  it('gives the category distribution at item level too, and no rank without a score', () => {
    const rows = peerBenchmark(f.db, { edition: 2023, structure: 'C' });
    // MEL-01 in the category: A 3/6 = 50, B 100, C only NA (no score) → n = 2, C unranked
    expect(one(rows, 'item', 'MEL-01')).toMatchObject({ score: null, n: 2, rank: null, percentile: null, min: 50, max: 100 });
    // TEL-02: A 0, B 100, C 100 → C shares rank 1 with B; percentile (1 below + ½ × 2 equal) / 3 = 66.67
    const tel02 = one(rows, 'item', 'TEL-02');
    expect(tel02).toMatchObject({ score: 100, rank: 1, n: 3 });
    expect(tel02.percentile).toBeCloseTo(200 / 3, 10);
  });
});

describe('rankings and winners', () => {
  it('ranks a category and names the winner; the private panel and empty categories have none', () => {
    expect(categoryRanking(f.db, { edition: 2023, category: 'ville-plus-50k' }).entries.map((e) => [e.position, e.structure])).toEqual([[1, 'B'], [2, 'A'], [3, 'C']]);
    const list = winners(f.db, { edition: 2023 });
    // ville-plus-50k: B; region: E has no score → no winner; panel-prive: never; others: no structure
    expect(list.map((w) => [w.category, w.structure, w.score])).toEqual([['ville-plus-50k', 'B', 100]]);
    expect(list[0]).toMatchObject({ name: 'Bravo', participants: 3, decidedBy: 'score' });
    expect(categoryRanking(f.db, { edition: 2023, category: 'panel-prive' })).toMatchObject({ awardsWinner: false, entries: [{ structure: 'P', position: 1 }] });
  });
});

describe('indicators', () => {
  it('rates MEL-01 over the audits where it applies, by sector', () => {
    const rows = indicator(f.db, { edition: 2023, item: 'MEL-01', by: 'sector' });
    // public: A2 ✓, A3 ✗, B2 ✓, C2 NA → 2 / 3 = 66.67 over 3 audits (4 observed); private: P1 ✓ → 100 over 1
    expect(rows.map((r) => [r.group, r.audits, r.compliant, r.observed])).toEqual([['public', 3, 2, 4], ['prive', 1, 1, 1]]);
    expect(rows[0]?.rate).toBeCloseTo(200 / 3, 10);
    expect(rows[1]?.rate).toBe(100);
  });
  it('rates by category and by structure', () => {
    const byCategory = indicator(f.db, { edition: 2023, item: 'MEL-02', by: 'category' });
    // ville-plus-50k: A3 ✓, B2 ✓ (A2, C2 NA) → 2 / 2; panel-prive: P1 ✗ → 0 / 1 = 0
    expect(byCategory.map((r) => [r.group, r.rate, r.audits])).toEqual([['ville-plus-50k', 100, 2], ['panel-prive', 0, 1]]);
    const byStructure = indicator(f.db, { edition: 2023, item: 'MEL-02', by: 'structure' });
    // C: its one MEL-02 answer (C2) is NA → rate null over 0 audits, observed once
    expect(byStructure.find((r) => r.group === 'C')).toMatchObject({ rate: null, audits: 0, observed: 1 });
  });
  it('gives the headline table public vs private', () => {
    const rows = headlineIndicators(f.db, { edition: 2023 });
    expect(rows.map((r) => [r.item, r.group])).toEqual([['MEL-01', 'public'], ['MEL-01', 'prive'], ['MEL-02', 'public'], ['MEL-02', 'prive']]);
    expect(rows[0]?.label).toBe('Courriels répondus en moins de 24 h');
    // MEL-02 public: 2 / 2 = 100; private: 0 / 1 = 0
    expect(rows[2]).toMatchObject({ rate: 100, audits: 2 });
    expect(rows[3]).toMatchObject({ rate: 0, audits: 1 });
  });
});

describe('editions', () => {
  it('defaults to the latest edition with audits and refuses an unknown one', () => {
    f.edition(2030);
    expect(resolveEdition(f.db)).toBe(2023);
    expect(() => resolveEdition(f.db, 1999)).toThrow(/n'existe pas/);
  });
});
