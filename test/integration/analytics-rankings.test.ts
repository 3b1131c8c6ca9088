/**
 * The winner order on real rows: (1) exact overall score, (2) score at the traitement step,
 * (3) applicable weight, (4) structure code. Items: T1 (acces, w2), T2 (traitement, w1),
 * T3 (traitement, w2); every structure in ville-moins-20k unless stated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture } from './analytics-fixture.js';
import type { ItemDef } from './analytics-fixture.js';
import { categoryRanking, winners } from '../../main/analytics/index.js';

const ITEMS: ItemDef[] = [
  { code: 'T1', channel: 'telephone', step: 'acces', determinant: 'd1', weight: 2 },
  { code: 'T2', channel: 'telephone', step: 'traitement', determinant: 'd2', weight: 1 },
  { code: 'T3', channel: 'telephone', step: 'traitement', determinant: 'd2', weight: 2 },
];

let f: Fixture | undefined;
afterEach(() => f?.close());

function setup(): Fixture {
  f = new Fixture();
  f.edition(2023).referential(0, ITEMS);
  return f;
}

describe('winners with an explicit tie-break', () => {
  it('goes to the applicable weight when the score and the traitement score are both tied', () => {
    const w = setup();
    w.structure('S1', 'ville-moins-20k').structure('S2', 'ville-moins-20k');
    // S1: T1 ✓ 2, T2 ✗ 1, T3 ✓ 2 → 4 / 5 = 80; traitement: T3 2 over T2 1 + T3 2 → 2 / 3
    w.audit(2023, 'S1', 'telephone', { T1: 1, T2: 0, T3: 1 });
    // S2, audit 1: T1 ✓ 2, T2 ✓ 1, T3 ✗ 2 → 3 over 5; audit 2: all ✓ → 5 over 5; total 8 / 10 = 80 (tie)
    // S2 traitement: T2 1 + 1, T3 0 + 2 → 4 over 1 + 2 + 1 + 2 = 6 → 2 / 3 (tie again)
    w.audit(2023, 'S2', 'telephone', { T1: 1, T2: 1, T3: 0 });
    w.audit(2023, 'S2', 'telephone', { T1: 1, T2: 1, T3: 1 });
    // → next rule: applicable weight 10 (S2) > 5 (S1): S2 wins
    const ranking = categoryRanking(w.db, { edition: 2023, category: 'ville-moins-20k' });
    expect(ranking.entries.map((e) => [e.structure, e.score, e.rank, e.position])).toEqual([['S2', 80, 1, 1], ['S1', 80, 1, 2]]);
    expect(ranking.entries[0]?.decidedBy).toBe('applicableWeight');
    expect(winners(w.db, { edition: 2023 })[0]).toMatchObject({ structure: 'S2', decidedBy: 'applicableWeight' });
  });

  it('uses the traitement score before the applicable weight', () => {
    const w = setup();
    w.structure('S1', 'ville-moins-20k').structure('S2', 'ville-moins-20k');
    // S1: T1 ✗ (2), T3 ✓ (2) → 2/4 = 50; traitement 2/2 = 100
    w.audit(2023, 'S1', 'telephone', { T1: 0, T3: 1 });
    // S2, two audits of T1 ✓ 2, T3 ✗ 2 → 4 / 8 = 50 (tie); traitement 0 / 4 = 0; applicable weight 8 > 4
    w.audit(2023, 'S2', 'telephone', { T1: 1, T3: 0 });
    w.audit(2023, 'S2', 'telephone', { T1: 1, T3: 0 });
    // S2 has more applicable weight but a lower traitement score: S1 wins on rule 2
    const [winner] = winners(w.db, { edition: 2023 });
    expect(winner).toMatchObject({ structure: 'S1', score: 50, traitementScore: 100, decidedBy: 'traitement', participants: 2 });
  });

  it('falls back to the structure code, and never awards the private panel', () => {
    const w = setup();
    w.structure('B2', 'ville-moins-20k').structure('A9', 'ville-moins-20k').structure('P1', 'panel-prive');
    // identical answers: 100 overall, 100 traitement, weight 3 → code order: A9 before B2
    w.audit(2023, 'B2', 'telephone', { T1: 1, T2: 1 });
    w.audit(2023, 'A9', 'telephone', { T1: 1, T2: 1 });
    w.audit(2023, 'P1', 'telephone', { T1: 1, T2: 1, T3: 1 });
    expect(winners(w.db, { edition: 2023 }).map((x) => [x.category, x.structure, x.decidedBy])).toEqual([['ville-moins-20k', 'A9', 'code']]);
  });
});
