/**
 * `entry.*` through the real router on a seeded workspace: inputs checked by the contract's
 * schemas, a field saved per call with the session carried along, errors as `{ code, message }`
 * in French, and the analysis answers (cached per data version) showing the completed audit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiOutput, ApiResponse } from '../../shared/contract.js';
import { createTestCore, TEST_ORIGIN, type TestCore } from './api-test-helpers.js';

let t: TestCore;
const caller = { origin: TEST_ORIGIN };

beforeEach(() => {
  t = createTestCore({ seed: { editions: [2024], structures: 12, auditsPerStructure: 2, itemsPerChannel: 3 } });
});
afterEach(async () => {
  await t.close();
});

/** The result of a successful call, typed by the contract. */
function ok<M extends ApiMethod>(_method: M, response: ApiResponse<unknown>): ApiOutput<M> {
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.result as ApiOutput<M>;
}

describe('entry API', () => {
  it('creates, fills and completes an audit; the peers answer follows', async () => {
    const prepared = ok('entry.prepare', await t.core.router.call('entry.prepare', { structure: 'S0001', edition: 2024 }, caller));
    expect(prepared.channels.map((c) => c.items)).toEqual(prepared.channels.map(() => 3));
    expect(prepared.suggestedReference).toBe('DIAG-S0001-1');

    const before = ok('analytics.peers', await t.core.router.call('analytics.peers', { code: 'S0001', edition: 2024, level: 'channel' }, caller));
    const created = ok('entry.createAudit', await t.core.router.call('entry.createAudit', { structure: 'S0001', channel: 'telephone', date: '10/05/2024' }, caller));
    const sheet = ok('entry.sheet', await t.core.router.call('entry.sheet', { auditId: created.auditId }, caller));
    const codes = sheet.groups.flatMap((g) => g.determinants.flatMap((d) => d.items.map((i) => i.code)));
    expect(codes).toHaveLength(3);
    let sessionId = created.sessionId;
    for (const itemCode of codes) {
      const saved = ok('entry.setField', await t.core.router.call('entry.setField', { auditId: created.auditId, itemCode, field: 'answer', value: 'Non', sessionId }, caller));
      sessionId = saved.sessionId;
    }
    expect(sessionId).toBe(created.sessionId);

    const refused = await t.core.router.call('entry.setField', { auditId: created.auditId, itemCode: codes[0]!, field: 'answer', value: 'peut-être', sessionId }, caller);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining("n'est pas une réponse oui / non / sans objet") });
    const badShape = await t.core.router.call('entry.setField', { auditId: created.auditId, itemCode: codes[0]!, field: 'note', value: 'x' } as never, caller);
    expect(badShape.ok).toBe(false);
    if (!badShape.ok) expect(badShape.error.code).toBe('INVALID_INPUT');

    ok('entry.complete', await t.core.router.call('entry.complete', { auditId: created.auditId }, caller));
    const after = ok('analytics.peers', await t.core.router.call('analytics.peers', { code: 'S0001', edition: 2024, level: 'channel' }, caller));
    const phoneBefore = before.find((r) => r.key === 'telephone');
    const phoneAfter = after.find((r) => r.key === 'telephone')!;
    // Three more non-compliant telephone observations: the channel's sums moved.
    expect(phoneAfter.observations).toBe((phoneBefore?.observations ?? 0) + 3);
    expect(phoneAfter.applicableWeight).toBe((phoneBefore?.applicableWeight ?? 0) + 3);

    const history = ok('imports.list', await t.core.router.call('imports.list', {}, caller));
    expect(history[0]).toMatchObject({ id: created.sessionId, format: 'saisie', counts: { audits: { new: 1 }, observations: { new: 3 } } });
  });
});
