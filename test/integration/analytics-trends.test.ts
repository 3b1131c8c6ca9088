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
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';

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

/**
 * Trends you can trust, on one referential (T1 acces, T2 traitement, telephone, weight 1):
 *   ville-plus-50k: A (3 audits each edition), B (2 audits each: a small base), E (1 audit each,
 *   no applicable T2 in 2022), C (2023 only: did not take part in 2022); region: D (2022 only).
 */
describe('trend states, same panel and bases', () => {
  let g: Fixture;
  beforeAll(() => {
    g = new Fixture();
    g.edition(2022).edition(2023).referential(0, [item('T1', 'acces', 'd1'), item('T2', 'traitement', 'd2')]);
    for (const code of ['A', 'B', 'C', 'E']) g.structure(code, 'ville-plus-50k');
    g.structure('D', 'region');
    for (let i = 0; i < 3; i += 1) g.audit(2022, 'A', 'telephone', { T1: 1, T2: 0 }); // 3 / 6
    g.audit(2023, 'A', 'telephone', { T1: 1, T2: 1 });
    g.audit(2023, 'A', 'telephone', { T1: 1, T2: 0 });
    g.audit(2023, 'A', 'telephone', { T1: 1, T2: 1 }); // 5 / 6
    g.audit(2022, 'B', 'telephone', { T1: 0, T2: 0 });
    g.audit(2022, 'B', 'telephone', { T1: 1, T2: 0 }); // 1 / 4
    g.audit(2023, 'B', 'telephone', { T1: 1, T2: 0 });
    g.audit(2023, 'B', 'telephone', { T1: 1, T2: 0 }); // 2 / 4
    g.audit(2022, 'E', 'telephone', { T1: 1, T2: null }); // 1 / 1, traitement not scored
    g.audit(2023, 'E', 'telephone', { T1: 0, T2: 1 }); // 1 / 2
    g.audit(2023, 'C', 'telephone', { T1: 1, T2: 1 }); // 2 / 2
    for (let i = 0; i < 3; i += 1) g.audit(2022, 'D', 'telephone', { T1: 1, T2: 1 }); // 6 / 6
    refreshAggregates(g.db, { editions: [2022, 2023] });
  });
  afterAll(() => g.close());

  const overall = (scope: Parameters<typeof trends>[1]['scope']) => trends(g.db, { scope, level: 'overall' }).series[0]!;

  it('a structure absent in 2022 is "not participating": no delta, whatever its 2023 score', () => {
    const c = overall({ kind: 'structure', code: 'C' });
    expect(c.points.map((p) => [p.score, p.audits])).toEqual([[null, 0], [100, 1]]);
    expect(c.comparisons[0]).toMatchObject({ comparable: true, state: 'not-participating', missingIn: [2022], delta: null, panel: null, base: { from: 0, to: 1 } });
    // Nor is D, absent in 2023.
    expect(overall({ kind: 'structure', code: 'D' }).comparisons[0]).toMatchObject({ state: 'not-participating', missingIn: [2023], delta: null });
  });

  it('a change on fewer than 3 audits is given but flagged; 3 audits each side is comparable', () => {
    expect(overall({ kind: 'structure', code: 'B' }).comparisons[0]).toMatchObject({ state: 'small-base', base: { from: 2, to: 2 }, delta: 50 - 25 });
    const a = overall({ kind: 'structure', code: 'A' }).comparisons[0]!;
    expect(a).toMatchObject({ state: 'comparable', base: { from: 3, to: 3 } });
    expect(a.delta).toBeCloseTo(100 * 5 / 6 - 50, 10);
    // E took part in both editions but had nothing applicable at the traitement step in 2022: no score, no delta.
    const e = trends(g.db, { scope: { kind: 'structure', code: 'E' }, level: 'step' }).series.find((s) => s.key === 'traitement')!;
    expect(e.comparisons[0]).toMatchObject({ state: 'no-score', missingIn: [2022], delta: null });
  });

  it('a category change is computed on the same panel, with the full-panel values and their bases beside it', () => {
    const s = overall({ kind: 'category', code: 'ville-plus-50k' });
    // Full panel: 2022 A + B + E = (3 + 1 + 1) / (6 + 4 + 1); 2023 A + B + C + E = (5 + 2 + 2 + 1) / (6 + 4 + 2 + 2).
    expect(s.points[0]!.score).toBeCloseTo(100 * 5 / 11, 10);
    expect(s.points[1]!.score).toBeCloseTo(100 * 10 / 14, 10);
    expect(s.points.map((p) => [p.structures, p.audits, p.suppressed])).toEqual([[3, 6, null], [4, 7, null]]);
    // Same panel {A, B, E}: 2022 5 / 11, 2023 (5 + 2 + 1) / (6 + 4 + 2); C, new in 2023, is left out.
    const cmp = s.comparisons[0]!;
    expect(cmp.panel).toMatchObject({ structures: 3, audits: { from: 6, to: 6 }, suppressed: null });
    expect(cmp.panel!.from).toBeCloseTo(100 * 5 / 11, 10);
    expect(cmp.panel!.to).toBeCloseTo(100 * 8 / 12, 10);
    expect(cmp.state).toBe('comparable');
    expect(cmp.delta).toBeCloseTo(100 * 8 / 12 - 100 * 5 / 11, 10);
    expect(cmp.delta).not.toBeCloseTo(s.points[1]!.score! - s.points[0]!.score!, 3);
  });

  it('the panel is per key: a structure without a score at a step in one edition is out of that step’s panel', () => {
    const t = trends(g.db, { scope: { kind: 'category', code: 'ville-plus-50k' }, level: 'step' }).series.find((s) => s.key === 'traitement')!;
    // traitement: A 0 / 3 → 2 / 3, B 0 / 2 → 0 / 2; E (no score in 2022) and C (absent) are out. Panel audits 5 and 5.
    expect(t.comparisons[0]).toMatchObject({ state: 'comparable', panel: { structures: 2, from: 0, to: 40, audits: { from: 5, to: 5 } }, delta: 40 });
    const acces = trends(g.db, { scope: { kind: 'category', code: 'ville-plus-50k' }, level: 'step' }).series.find((s) => s.key === 'acces')!;
    // acces: A 3 / 3 → 3 / 3, B 1 / 2 → 2 / 2, E 1 / 1 → 0 / 1: (5 / 6) → (5 / 6).
    expect(acces.comparisons[0]?.panel?.structures).toBe(3);
    expect(acces.comparisons[0]?.delta).toBeCloseTo(0, 10);
  });

  it('"Ensemble" is on the same panel too; a group with no structure in both editions has no change', () => {
    const all = overall({ kind: 'edition', code: '' });
    // D (2022 only) and C (2023 only) are out of the panel: {A, B, E} as for the category.
    expect(all.points[0]!.score).toBeCloseTo(100 * 11 / 17, 10);
    expect(all.comparisons[0]?.panel?.structures).toBe(3);
    expect(all.comparisons[0]?.delta).toBeCloseTo(100 * 8 / 12 - 100 * 5 / 11, 10);
    const region = overall({ kind: 'category', code: 'region' });
    expect(region.comparisons[0]).toMatchObject({ state: 'no-score', delta: null, panel: { structures: 0, from: null, to: null } });
  });

  it('the CLI prints the bases and the states in words', async () => {
    const lines: string[] = [];
    const io: CliIo = { out: (t) => { lines.push(t); }, err: (t) => { lines.push(t); }, interactive: false };
    expect(await main(['trends', '--structure', 'C', '--db', g.file], io)).toBe(0);
    expect(lines.join('\n')).toContain('Non participant en 2022');
    expect(lines.join('\n')).toContain('100,0 (1 aud.)');
    lines.length = 0;
    expect(await main(['trends', '--structure', 'B', '--db', g.file], io)).toBe(0);
    expect(lines.join('\n')).toContain('+25,0 — Base faible (2 audits)');
    lines.length = 0;
    expect(await main(['trends', '--category', 'ville-plus-50k', '--level', 'step', '--db', g.file], io)).toBe(0);
    expect(lines.join('\n')).toContain('+40,0 — Même panel : 2 structures');
    // E's 2022 audit counts in the full panel's base (observed, not applicable): 6 audits, 2 structures scored.
    expect(lines.join('\n')).toContain('0,0 (2 str., 6 aud.)');
  });
});

describe('group trends under the disclosure rule', () => {
  it('withholds the points and the same-panel change of a category with fewer than 3 other structures', () => {
    const h = new Fixture({ disclosureControl: true });
    try {
      h.edition(2022).edition(2023).referential(0, [item('T1', 'acces', 'd1')]);
      h.structure('A', 'region').structure('B', 'region');
      for (const code of ['P', 'Q', 'R', 'S']) h.structure(code, 'ville-plus-50k');
      for (const e of [2022, 2023]) {
        for (const code of ['A', 'B', 'P', 'Q', 'R', 'S']) for (let i = 0; i < 3; i += 1) h.audit(e, code, 'telephone', { T1: e === 2023 ? 1 : 0 });
      }
      refreshAggregates(h.db, { editions: [2022, 2023] });
      const small = trends(h.db, { scope: { kind: 'category', code: 'region' }, level: 'overall' }).series[0]!;
      for (const p of small.points) expect(p).toMatchObject({ score: null, compliantWeight: null, compliant: null, structures: null, suppressed: 'group-too-small' });
      expect(small.comparisons[0]).toMatchObject({ state: 'withheld', delta: null, panel: { structures: null, from: null, to: null, suppressed: 'group-too-small' } });
      // 4 structures: 3 others besides the reader, the rule's default threshold: shown.
      const shown = trends(h.db, { scope: { kind: 'category', code: 'ville-plus-50k' }, level: 'overall' }).series[0]!;
      expect(shown.points.map((p) => [p.score, p.structures, p.suppressed])).toEqual([[0, 4, null], [100, 4, null]]);
      expect(shown.comparisons[0]).toMatchObject({ state: 'comparable', delta: 100, panel: { structures: 4 } });
      // A structure's own trend is not a group figure.
      expect(trends(h.db, { scope: { kind: 'structure', code: 'A' }, level: 'overall' }).series[0]?.comparisons[0]).toMatchObject({ state: 'comparable', delta: 100 });
    } finally {
      h.close();
    }
  });

  it('withholds a same panel that differs from the full group by 1 to 3 structures (their score by subtraction)', () => {
    const h = new Fixture({ disclosureControl: true });
    try {
      h.edition(2022).edition(2023).referential(0, [item('T1', 'acces', 'd1')]);
      const codes = ['P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W'];
      for (const code of codes) h.structure(code, 'ville-plus-50k');
      // 2022: P–U (6); 2023: P–W (8): two newcomers, whose pooled score full − panel would give.
      for (const code of codes) for (let i = 0; i < 3; i += 1) {
        if (!['V', 'W'].includes(code)) h.audit(2022, code, 'telephone', { T1: 0 });
        h.audit(2023, code, 'telephone', { T1: i === 0 ? 1 : 0 });
      }
      refreshAggregates(h.db, { editions: [2022, 2023] });
      const series = trends(h.db, { scope: { kind: 'category', code: 'ville-plus-50k' }, level: 'overall' }).series[0]!;
      expect(series.points.map((p) => p.structures)).toEqual([6, 8]);
      expect(series.comparisons[0]).toMatchObject({ state: 'withheld', delta: null, panel: { structures: null, suppressed: 'group-too-small' } });
      // With four newcomers (3 others among them), the panel and its change are shown.
      for (const code of ['X', 'Y']) {
        h.structure(code, 'ville-plus-50k');
        for (let i = 0; i < 3; i += 1) h.audit(2023, code, 'telephone', { T1: 1 });
      }
      refreshAggregates(h.db, { editions: [2023] });
      const shown = trends(h.db, { scope: { kind: 'category', code: 'ville-plus-50k' }, level: 'overall' }).series[0]!;
      expect(shown.comparisons[0]).toMatchObject({ panel: { structures: 6, suppressed: null } });
      expect(shown.comparisons[0]?.delta).not.toBeNull();
    } finally {
      h.close();
    }
  });
});
