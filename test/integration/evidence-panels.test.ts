/**
 * `explorer.evidence` for a panel of the Comparaisons view (scope `panel`), through the real
 * router on a seeded workspace whose labels are set by `labels.setHeld`: a label's holders, its
 * non-holders and « all » list exactly the panel's structures (and their audits), their figures
 * are the comparison's; a small panel, and a panel that leaves only a few structures out of its
 * sector, open nothing (the disclosure rule of the comparison, "rest too small" included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiOutput, ApiResponse } from '../../shared/contract.js';
import { observationsPage } from '../../main/explorer/observations.js';
import { openWorkspace } from '../../main/db/connection.js';
import { createTestCore, TEST_ORIGIN, type TestCore } from './api-test-helpers.js';

const EDITION = 2024;
const caller = { origin: TEST_ORIGIN };
let t: TestCore;
/** Public structures (7 public categories of 12 structures each), and the 12 of the private panel. */
let publicCodes: string[];
let allCodes: string[];
/** Every third public structure holds Qualivilles; three hold Marianne; all public but two hold Services Publics+. */
let qualivilles: string[];
let marianne: string[];
let servicesPublics: string[];

function ok<M extends ApiMethod>(_method: M, response: ApiResponse<unknown>): ApiOutput<M> {
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.result as ApiOutput<M>;
}

const evidence = async (panel: string, level: 'overall' | 'channel' = 'overall', key = 'overall', clientMode?: boolean) =>
  ok('explorer.evidence', await t.core.router.call('explorer.evidence', { edition: EDITION, level, key, scope: { kind: 'panel', code: panel }, ...(clientMode ? { clientMode } : {}) }, caller));

/** Audits of the edition of `codes`, counted by plain SQL. */
function auditsOf(codes: readonly string[]): number {
  const db = openWorkspace(t.file);
  try {
    return db.prepare('SELECT COUNT(*) FROM audit WHERE edition = ? AND structure_code IN (SELECT value FROM json_each(?))').pluck().get(EDITION, JSON.stringify(codes)) as number;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  t = createTestCore({ seed: { editions: [EDITION], structures: 96, auditsPerStructure: 6, itemsPerChannel: 3 } });
  const db = openWorkspace(t.file);
  const structures = db.prepare('SELECT code, sector FROM structure ORDER BY code').all() as Array<{ code: string; sector: string }>;
  db.close();
  allCodes = structures.map((s) => s.code);
  publicCodes = structures.filter((s) => s.sector === 'public').map((s) => s.code);
  qualivilles = publicCodes.filter((_, i) => i % 3 === 0);
  marianne = publicCodes.slice(0, 3);
  servicesPublics = publicCodes.slice(2);
  for (const code of publicCodes) {
    const labels = [
      ...(qualivilles.includes(code) ? ['Qualivilles'] : []),
      ...(marianne.includes(code) ? ['Marianne'] : []),
      ...(servicesPublics.includes(code) ? ['Services Publics+'] : []),
    ];
    if (labels.length > 0) ok('labels.setHeld', await t.core.router.call('labels.setHeld', { code, labels }, caller));
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('evidence of a comparison panel', () => {
  it('the workspace has the panels the test expects', () => {
    expect(publicCodes).toHaveLength(84);
    expect(allCodes).toHaveLength(96);
    expect(qualivilles).toHaveLength(28);
  });

  it('label holders: exactly the panel\'s structures and audits, the comparison\'s score, the population said', async () => {
    const result = await evidence('label:Qualivilles');
    expect(result.scope).toEqual({ kind: 'panel', code: 'label:Qualivilles', label: 'Labellisées Qualivilles' });
    expect(result.withheld).toBeNull();
    expect(result.structures!.map((s) => s.structure).sort()).toEqual([...qualivilles].sort());
    const audits = auditsOf(qualivilles);
    expect(audits).toBe(28 * 6);
    expect(result.structures!.reduce((sum, s) => sum + s.audits, 0)).toBe(audits);
    expect(result.totals).toMatchObject({ structures: 28, audits });
    expect(result.population).toEqual({ panel: { kind: 'label', label: 'Qualivilles', held: true }, structures: 28, audits });
    // The Explorer's filters cannot select a label's holders: no link.
    expect(result.explorerFilters).toBeNull();
    const comparison = ok('analytics.compare', await t.core.router.call('analytics.compare', { edition: EDITION, a: { kind: 'label', label: 'Qualivilles', held: true }, b: { kind: 'label', label: 'Qualivilles', held: false } }, caller));
    const overall = comparison.rows.find((r) => r.level === 'overall')!;
    expect(result.totals.score).toBe(overall.a.score);
    expect(result.totals.compliantWeight).toBe(overall.a.compliantWeight);
    // The non-holders: the other public structures, never a private one.
    const rest = await evidence('no-label:qualivilles');
    const nonHolders = publicCodes.filter((c) => !qualivilles.includes(c));
    expect(rest.structures!.map((s) => s.structure).sort()).toEqual(nonHolders.sort());
    expect(rest.totals.audits).toBe(auditsOf(nonHolders));
    expect(rest.totals.score).toBe(overall.b.score);
  });

  it('label holders at one channel: the members with a score there, the sums of their rows', async () => {
    const result = await evidence('label:Qualivilles', 'channel', 'email');
    expect(result.keyLabel).not.toBe('');
    expect(result.structures!.map((s) => s.structure).sort()).toEqual([...qualivilles].sort());
    const db = openWorkspace(t.file);
    try {
      const emailAudits = db.prepare(`SELECT COUNT(*) FROM audit WHERE edition = ? AND channel = 'email' AND structure_code IN (SELECT value FROM json_each(?))`).pluck().get(EDITION, JSON.stringify(qualivilles)) as number;
      expect(emailAudits).toBeGreaterThan(0);
      expect(result.totals.audits).toBe(emailAudits);
    } finally {
      db.close();
    }
  });

  it('« all »: every audited structure, the Explorer filtered to the same observations', async () => {
    const result = await evidence('all', 'channel', 'telephone');
    expect(result.scope.label).toBe('Toutes les structures');
    expect(result.structures!.map((s) => s.structure).sort()).toEqual([...allCodes].sort());
    expect(result.population).toMatchObject({ panel: { kind: 'all' }, structures: 96, audits: auditsOf(allCodes) });
    expect(result.explorerFilters).toEqual({ edition: EDITION, channel: 'telephone' });
    const db = openWorkspace(t.file);
    try {
      expect(observationsPage(db, { startRow: 0, endRow: 1, filters: result.explorerFilters! }).lastRow).toBe(result.totals.observations);
    } finally {
      db.close();
    }
    // Sector and category panels keep their Explorer filter.
    expect((await evidence('sector:prive')).explorerFilters).toEqual({ edition: EDITION, sector: 'prive' });
    expect((await evidence('not-category:region')).explorerFilters).toBeNull();
  });

  it('a three-structure panel opens nothing: no figure, no structure, no sum', async () => {
    const result = await evidence('label:Marianne');
    expect(result.withheld).toMatchObject({ reason: 'group-too-small', others: 2 });
    expect(result.structures).toBeNull();
    expect(result.explorerFilters).toBeNull();
    expect(Object.values(result.totals).every((v) => v === null)).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(new RegExp(marianne.join('|')));
    // Its bases stay said, as in the comparison.
    expect(result.population).toMatchObject({ structures: 3, audits: 18 });
  });

  it('the public sector minus two structures opens nothing either (their figures would follow by difference)', async () => {
    const comparison = ok('analytics.compare', await t.core.router.call('analytics.compare', { edition: EDITION, a: { kind: 'label', label: 'Services Publics+', held: true }, b: { kind: 'label', label: 'Services Publics+', held: false } }, caller));
    expect(comparison.rows.find((r) => r.level === 'overall')!.a.withheldBecause).toBe('rest-too-small');
    const result = await evidence('label:Services Publics+');
    expect(result.withheld?.reason).toBe('rest-too-small');
    expect(result.structures).toBeNull();
    expect(Object.values(result.totals).every((v) => v === null)).toBe(true);
    const small = await evidence('no-label:Services Publics+');
    expect(small.withheld?.reason).toBe('group-too-small');
    expect(JSON.stringify(small)).not.toMatch(new RegExp(publicCodes.slice(0, 2).join('|')));
  });

  it('client mode lists no structure; an unreadable panel is refused', async () => {
    expect(await evidence('label:Qualivilles', 'overall', 'overall', true)).toMatchObject({ structures: null, withheld: { reason: 'client-mode' } });
    const response = await t.core.router.call('explorer.evidence', { edition: EDITION, level: 'overall', key: 'overall', scope: { kind: 'panel', code: 'tout' } }, caller);
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.error.message).toContain('Panel à comparer illisible');
  });
});
