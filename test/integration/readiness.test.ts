/**
 * Label readiness (main/analytics/readiness.ts) on a small hand-built workspace (real SQLite), and
 * the `barometer readiness` command's JSON. Hand computation:
 *
 *   item    weight  labels                           S1's audits (1 compliant, 0 not, – n/a)
 *   TEL-01  3       Qualivilles                      A1: 1   A2: 0          → 1/2 = 50 %
 *   TEL-02  1       Qualivilles; Services Publics+   A1: 0   A2: –          → 0/1 = 0 %
 *   MEL-01  2       Services Publics+                A3: 1   A4: 1          → 2/2 = 100 %
 *   MEL-02  1       Baromètre (not a label)          A3: 0   A4: 1
 *   MEL-03  2       Qualivilles                      never observed
 *
 *   Qualivilles: Σ weight compliant = 3×1 + 1×0 = 3; Σ weight applicable = 3×2 + 1×1 = 7 → 300/7 %;
 *     3 items, none met at 100 %, TEL-01 (weight 3) then TEL-02 (weight 1) to fix, MEL-03 not observed;
 *     at a required 50 %: TEL-01 met, only TEL-02 to fix.
 *   Services Publics+: (0 + 2×2) / (1 + 2×2) = 4/5 → 80 %; MEL-01 met, TEL-02 to fix.
 * S2 (same category) fails everything: it must not move S1's figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from './analytics-fixture.js';
import { buildReadinessFixture } from './readiness-fixture.js';
import { labelReadiness, structureReadiness } from '../../main/analytics/readiness.js';
import { labelsInForce, setRequiredRate } from '../../main/analytics/label-definitions.js';
import { setHeldLabels } from '../../main/import/labels-held.js';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';

let f: Fixture;

beforeAll(() => { f = buildReadinessFixture(); });
afterAll(() => f.close());

describe('label readiness on a hand-computed fixture', () => {
  it('lists the labels of the referential, "Baromètre" items being no label', () => {
    expect(labelsInForce(f.db, 2023)).toEqual([
      { label: 'Qualivilles', items: 3, requiredRate: 100 },
      { label: 'Services Publics+', items: 2, requiredRate: 100 },
    ]);
  });

  it('scores the label items with the reference method and ranks the items to fix by weight', () => {
    const r = labelReadiness(f.db, { edition: 2023, structure: 'S1', label: 'qualivilles' });
    expect(r).toMatchObject({ structure: 'S1', name: 'Ville Une', label: 'Qualivilles', edition: 2023, compliantWeight: 3, applicableWeight: 7, items: 3, met: 0, notObserved: 1, requiredRate: 100, held: false });
    expect(r.score).toBeCloseTo(300 / 7, 12);
    expect(r.toFix.map((t) => [t.item, t.weight, t.rate, t.audits])).toEqual([['TEL-01', 3, 50, 2], ['TEL-02', 1, 0, 1]]);
    // Evidence: the non-compliant audit, its comment masked by shared/personal-data.ts.
    expect(r.toFix[0]?.evidence).toEqual([{ reference: 'A2', date: '2023-10-02', channel: 'telephone', answer: null, measure: null, comment: 'Mme [nom] a raccroché, rappeler au [téléphone]' }]);
    expect(structureReadiness(f.db, { edition: 2023, structure: 'S1', label: 'Qualivilles', keepNames: true })[0]?.toFix[0]?.evidence[0]?.comment).toContain('Dupont');
  });

  it('follows the required rate of the label', () => {
    setRequiredRate(f.db, 'QUALIVILLES', 50);
    const r = labelReadiness(f.db, { edition: 2023, structure: 'S1', label: 'Qualivilles' });
    expect([r.met, r.requiredRate, r.toFix.map((t) => t.item)]).toEqual([1, 50, ['TEL-02']]);
    setRequiredRate(f.db, 'Qualivilles', 100);
  });

  it('gives every label at once, and says which the structure holds', () => {
    setHeldLabels(f.db, 'S1', ['services publics +'], 'test');
    const all = structureReadiness(f.db, { edition: 2023, structure: 'S1' });
    expect(all.map((r) => [r.label, r.score, r.met, r.toFix.map((t) => t.item), r.held])).toEqual([
      ['Qualivilles', 300 / 7, 0, ['TEL-01', 'TEL-02'], false],
      ['Services Publics+', 80, 1, ['TEL-02'], true],
    ]);
    setHeldLabels(f.db, 'S1', [], 'test');
  });

  it('refuses an unknown label, naming the known ones', () => {
    expect(() => labelReadiness(f.db, { edition: 2023, structure: 'S1', label: 'Marianne' })).toThrow(/« Qualivilles », « Services Publics\+ »/);
    expect(() => labelReadiness(f.db, { edition: 2023, structure: 'S1', label: 'Baromètre' })).toThrow(/Label inconnu/);
  });
});

describe('barometer readiness', () => {
  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; }, interactive: false };
    const code = await main([...args, '--db', f.file], io);
    return { code, out, err };
  }

  it('answers the JSON shape of the issue', async () => {
    const r = await run(['readiness', 'S1', '--label', 'Services Publics+', '--edition', '2023', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(body).slice(0, 7)).toEqual(['structure', 'label', 'edition', 'score', 'items', 'met', 'toFix']);
    expect(body).toMatchObject({ structure: 'S1', label: 'Services Publics+', edition: 2023, score: 80, items: 2, met: 1 });
    expect(body.toFix).toEqual([{ item: 'TEL-02', label: 'Item TEL-02', rate: 0, audits: 1, weight: 1, compliant: 0, channel: 'telephone', step: 'information', determinant: 'courtoisie',
      evidence: [{ reference: 'A1', date: null, channel: 'telephone', answer: null, measure: null, comment: null }] }]);
  });

  it('prints a readable summary and masks the evidence by default', async () => {
    const r = await run(['readiness', 'S1', '--label', 'Qualivilles']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Score sur les critères du label : 42,9');
    expect(r.out).toMatch(/TEL-01\s+Décroché en moins de 5 sonneries\s+3\s+50,0 %/);
    const json = await run(['readiness', 'S1', '--label', 'Qualivilles', '--json']);
    expect(json.out).not.toContain('Dupont');
  });

  it('fails clearly on an unknown label', async () => {
    const r = await run(['readiness', 'S1', '--label', 'Marianne']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Label inconnu');
  });
});
