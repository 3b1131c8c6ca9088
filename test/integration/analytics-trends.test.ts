/**
 * Trends across editions and their comparability flags. Referential 0 (2021) and 2022 differ:
 *   X1 acces d1 w1 → unchanged
 *   X2 acces d1 w1 → weight 2 in 2022
 *   X3 traitement d2 w1 → removed in 2022; X4 traitement d2 w1 → added in 2022
 *   X5 information d3 w1, seuil-max 24 → threshold 48 in 2022
 * All telephone items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixture } from './analytics-fixture.js';
import type { ItemDef } from './analytics-fixture.js';
import { refreshAggregates, trends } from '../../main/analytics/index.js';

const item = (code: string, step: string, determinant: string, weight = 1, extra: Partial<ItemDef> = {}): ItemDef => ({ code, channel: 'telephone', step, determinant, weight, ...extra });

let f: Fixture;
beforeAll(() => {
  f = new Fixture();
  f.edition(2021).edition(2022);
  f.referential(0, [item('X1', 'acces', 'd1'), item('X2', 'acces', 'd1'), item('X3', 'traitement', 'd2'), item('X5', 'information', 'd3', 1, { answerType: 'seuil-max', threshold: 24 })]);
  f.referential(2022, [item('X1', 'acces', 'd1'), item('X2', 'acces', 'd1', 2), item('X4', 'traitement', 'd2'), item('X5', 'information', 'd3', 1, { answerType: 'seuil-max', threshold: 48 })]);
  f.structure('A', 'ville-plus-50k');
  // 2021: X1 ✓ X2 ✗ X3 ✓ X5 ✓ ; 2022: X1 ✓ X2 ✓ X4 ✗ X5 ✗
  f.audit(2021, 'A', 'telephone', { X1: 1, X2: 0, X3: 1, X5: 1 });
  f.audit(2022, 'A', 'telephone', { X1: 1, X2: 1, X4: 0, X5: 0 });
  refreshAggregates(f.db, { editions: [2021, 2022] });
});
afterAll(() => f.close());

describe('trends', () => {
  it('flags each item whose definition changed, and the absent ones', () => {
    const result = trends(f.db, { scope: { kind: 'structure', code: 'A' }, level: 'item' });
    expect(result.editions).toEqual([2021, 2022]);
    const byKey = Object.fromEntries(result.series.map((s) => [s.key, s]));
    expect(byKey.X1?.comparisons[0]).toMatchObject({ from: 2021, to: 2022, comparable: true, reason: null, delta: 0 });
    expect(byKey.X2?.comparisons[0]?.reasons.map((r) => r.code)).toEqual(['weight-changed']);
    expect(byKey.X2?.comparisons[0]).toMatchObject({ comparable: false, delta: null });
    expect(byKey.X3?.comparisons[0]?.reasons.map((r) => r.code)).toEqual(['item-absent']);
    expect(byKey.X4?.comparisons[0]?.reasons.map((r) => r.code)).toEqual(['item-absent']);
    expect(byKey.X5?.comparisons[0]?.reasons.map((r) => r.code)).toEqual(['threshold-changed']);
    // X3 only scored in 2021: 1/1 = 100, then no score
    expect(byKey.X3?.points.map((p) => p.score)).toEqual([100, null]);
  });

  it('flags a step whose composition or item definitions changed', () => {
    const result = trends(f.db, { scope: { kind: 'structure', code: 'A' }, level: 'step' });
    const byKey = Object.fromEntries(result.series.map((s) => [s.key, s.comparisons[0]]));
    // acces = {X1, X2} both years, but X2's weight changed
    expect(byKey.acces?.reasons.map((r) => r.code)).toEqual(['definition-changed']);
    // traitement: X3 replaced by X4
    expect(byKey.traitement?.reasons.map((r) => r.code)).toEqual(['composition-changed']);
    expect(byKey.traitement?.reason).toMatch(/X3/);
    expect(byKey.information?.reasons.map((r) => r.code)).toEqual(['definition-changed']);
  });

  it('gives scores per edition for groups and marks a comparable determinant', () => {
    const result = trends(f.db, { scope: { kind: 'edition', code: '' }, level: 'overall' });
    // 2021: X1 1 ✓, X2 1 ✗, X3 1 ✓, X5 1 ✓ → 3 / 4 = 75; 2022: X1 1 ✓, X2 2 ✓, X4 1 ✗, X5 1 ✗ → 3 / 5 = 60
    expect(result.series[0]?.points.map((p) => p.score)).toEqual([75, 60]);
    expect(result.series[0]?.comparisons[0]?.comparable).toBe(false);
    const category = trends(f.db, { scope: { kind: 'category', code: 'ville-plus-50k' }, level: 'determinant' });
    // d1 = {X1, X2}: X2's weight changed → not comparable; d3 = {X5}: threshold changed
    expect(category.series.find((s) => s.key === 'd1')?.comparisons[0]?.comparable).toBe(false);
    const unchanged = new Fixture();
    try {
      unchanged.edition(2021).edition(2022).referential(0, [item('Y1', 'acces', 'd1')]);
      unchanged.structure('B', 'region');
      unchanged.audit(2021, 'B', 'telephone', { Y1: 0 });
      unchanged.audit(2022, 'B', 'telephone', { Y1: 1 });
      const t = trends(unchanged.db, { scope: { kind: 'sector', code: 'public' }, level: 'determinant' });
      // same referential for both editions: comparable, delta 100 − 0
      expect(t.series[0]?.comparisons[0]).toMatchObject({ comparable: true, delta: 100 });
    } finally {
      unchanged.close();
    }
  });
});
