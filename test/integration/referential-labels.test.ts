/**
 * The Référentiel view's data (items by step, versions, changes between versions) on a hand-built
 * workspace, and the labels API end to end through the router (real SQLite file): an item's
 * source label edited in one transaction with its trail, readiness as the analytics service
 * computes it, labels held and required rates set, invalid input refused at the boundary.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Fixture } from './analytics-fixture.js';
import { referentialView } from '../../main/analytics/referential-view.js';
import { editSourceLabel } from '../../main/import/source-label-edit.js';
import { structureReadiness } from '../../main/analytics/readiness.js';
import { openWorkspace } from '../../main/db/connection.js';
import type { ApiResponse } from '../../shared/contract.js';
import type { LabelReadiness, ReferentialView } from '../../shared/readiness-types.js';
import { createTestCore, TEST_ORIGIN, type TestCore } from './api-test-helpers.js';

describe('referential view', () => {
  it('lists the items in force by step, the versions and what changed from the previous one', () => {
    const f = new Fixture();
    try {
      f.edition(2023).edition(2024).referential(0, [
        { code: 'A-01', channel: 'telephone', step: 'traitement', determinant: 'd1', weight: 1 },
        { code: 'B-01', channel: 'telephone', step: 'acces', determinant: 'd1', weight: 1 },
        { code: 'C-01', channel: 'email', step: 'information', determinant: 'd2', weight: 2 },
      ]).referential(2024, [
        { code: 'A-01', channel: 'telephone', step: 'traitement', determinant: 'd1', weight: 1 },
        { code: 'B-01', channel: 'telephone', step: 'acces', determinant: 'd1', weight: 2 },
        { code: 'D-01', channel: 'email', step: 'acces', determinant: 'd2', weight: 1 },
      ]);
      f.db.prepare(`UPDATE item SET source_label = 'Qualivilles' WHERE code = 'A-01' AND valid_from = 2024`).run();
      const v2024 = referentialView(f.db, { edition: 2024 });
      expect([v2024.validFrom, v2024.previousValidFrom]).toEqual([2024, 0]);
      // By step in the journey's order (accès, information, traitement), then code.
      expect(v2024.items.map((i) => [i.code, i.step, i.editions])).toEqual([['B-01', 'acces', [2023, 2024]], ['D-01', 'acces', [2024]], ['A-01', 'traitement', [2023, 2024]]]);
      expect(v2024.items.find((i) => i.code === 'A-01')?.labels).toEqual(['Qualivilles']);
      // Added, removed, then changed (field by field), by code within each.
      expect(v2024.changes).toEqual([
        { code: 'D-01', kind: 'added', fields: [], label: 'Item D-01' },
        { code: 'C-01', kind: 'removed', fields: [], label: 'Item C-01' },
        { code: 'A-01', kind: 'changed', fields: [{ field: 'sourceLabel', before: null, after: 'Qualivilles' }], label: 'Item A-01' },
        { code: 'B-01', kind: 'changed', fields: [{ field: 'weight', before: '1', after: '2' }], label: 'Item B-01' },
      ]);
      expect(v2024.sets).toEqual([{ validFrom: 0, editions: [2023], items: 3 }, { validFrom: 2024, editions: [2024], items: 3 }]);
      const v2023 = referentialView(f.db, { edition: 2023 });
      expect([v2023.validFrom, v2023.previousValidFrom, v2023.changes]).toEqual([0, null, []]);
    } finally {
      f.close();
    }
  });

  it('edits a source label in one transaction, in the known spelling, with a trail', () => {
    const f = new Fixture();
    try {
      f.edition(2023).referential(0, [{ code: 'A-01', channel: 'telephone', step: 'acces', determinant: 'd1', weight: 1 }, { code: 'B-01', channel: 'telephone', step: 'acces', determinant: 'd1', weight: 1 }]);
      f.db.prepare(`UPDATE item SET source_label = 'Services Publics+' WHERE code = 'B-01'`).run();
      expect(editSourceLabel(f.db, { validFrom: 0, code: 'A-01', labels: ['qualivilles ; services publics +'], user: 'Claire' }))
        .toEqual({ validFrom: 0, code: 'A-01', sourceLabel: 'qualivilles; Services Publics+', changed: true });
      expect(editSourceLabel(f.db, { validFrom: 0, code: 'A-01', labels: ['qualivilles', 'Services Publics+'], user: 'Claire' }).changed).toBe(false);
      expect(f.db.prepare('SELECT item_code, before_value, after_value, user_name FROM referential_edit').all())
        .toEqual([{ item_code: 'A-01', before_value: null, after_value: 'qualivilles; Services Publics+', user_name: 'Claire' }]);
      expect(() => editSourceLabel(f.db, { validFrom: 0, code: 'Z-99', labels: [], user: 'Claire' })).toThrow(/introuvable/);
    } finally {
      f.close();
    }
  });
});

describe('labels API through the router', () => {
  let t: TestCore;
  const caller = { origin: TEST_ORIGIN };
  beforeEach(() => { t = createTestCore({ seed: { editions: [2023], structures: 12 } }); });
  afterEach(async () => { await t.close(); });

  async function call<T>(method: string, input: unknown): Promise<ApiResponse<T>> {
    return await t.core.router.call(method as never, input as never, caller) as ApiResponse<T>;
  }
  async function ok<T>(method: string, input: unknown): Promise<T> {
    const r = await call<T>(method, input);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.result;
  }

  it('labels items, computes readiness as the service does, and keeps labels held and rates', async () => {
    const view = await ok<ReferentialView>('referential.view', { edition: 2023 });
    const [first, second] = view.items;
    await ok('referential.setSourceLabel', { validFrom: first!.validFrom, code: first!.code, labels: ['Qualivilles'] });
    await ok('referential.setSourceLabel', { validFrom: second!.validFrom, code: second!.code, labels: ['Qualivilles; Services Publics+'] });
    expect((await ok<Array<{ after: string }>>('referential.history', { code: second!.code })).map((h) => h.after)).toEqual(['Qualivilles; Services Publics+']);
    expect(await ok('labels.list', { edition: 2023 })).toEqual([{ label: 'Qualivilles', items: 2, requiredRate: 100 }, { label: 'Services Publics+', items: 1, requiredRate: 100 }]);

    const db = openWorkspace(t.file);
    const structure = db.prepare('SELECT structure_code FROM audit WHERE edition = 2023 LIMIT 1').pluck().get() as string;
    db.close();
    await ok('labels.setRequiredRate', { label: 'qualivilles', requiredRate: 40 });
    await ok('labels.setHeld', { code: structure, labels: ['Services publics +'] });
    expect(await ok('labels.held', { code: structure })).toEqual([{ label: 'Services Publics+', source: 'manual' }]);
    const answer = await ok<LabelReadiness[]>('analytics.readiness', { code: structure, edition: 2023 });
    const check = openWorkspace(t.file);
    try {
      expect(answer).toEqual(structureReadiness(check, { edition: 2023, structure }));
    } finally {
      check.close();
    }
    expect(answer.map((r) => [r.label, r.requiredRate, r.held])).toEqual([['Qualivilles', 40, false], ['Services Publics+', 100, true]]);

    const refused = await call('labels.setRequiredRate', { label: 'Qualivilles', requiredRate: 120 });
    expect(refused.ok).toBe(false);
    const unknown = await call('analytics.readiness', { code: structure, edition: 2023, label: 'Marianne' });
    expect(unknown.ok ? null : unknown.error.code).toBe('NOT_FOUND');
    const nobody = await call('labels.setHeld', { code: 'INCONNUE', labels: ['Qualivilles'] });
    expect(nobody.ok ? null : nobody.error.code).toBe('NOT_FOUND');
  });
});
