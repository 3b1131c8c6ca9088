/**
 * `corrections.*` through the router of a real API core on a seeded workspace: the contract's
 * validation (reason required), a correction seen by the grid's cell states and by the scores,
 * the history, undo of the app run's session, the user name setting.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiOutput, ApiResponse } from '../../shared/contract.js';
import type { ObservationRow } from '../../shared/api-types.js';
import { createTestCore, TEST_ORIGIN, type TestCore } from './api-test-helpers.js';

let t: TestCore;
const caller = { origin: TEST_ORIGIN };
beforeEach(() => {
  t = createTestCore();
});
afterEach(async () => {
  await t.close();
});

async function call<M extends ApiMethod>(method: M, input: unknown): Promise<ApiOutput<M>> {
  const response = (await t.core.router.call(method, input, caller)) as ApiResponse<ApiOutput<M>>;
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.result;
}

describe('corrections API', () => {
  it('corrects, marks the cell, moves the score, lists and undoes the session', async () => {
    const page = await call('explorer.observations', { startRow: 0, endRow: 50, filters: {} });
    const row = (page.rows as ObservationRow[]).find((r) => r.compliant === 0)!;
    const overall = async (): Promise<number | null> => {
      const scores = await call('analytics.scores', { edition: row.edition, level: 'overall' });
      return scores.find((s) => s.structure === row.structureCode)!.score;
    };
    const scoreBefore = await overall();

    const refused = await t.core.router.call('corrections.correct', { auditId: row.auditId, itemCode: row.itemCode, answer: 'Conforme', reason: ' ' }, caller);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'INVALID_INPUT' });

    const result = await call('corrections.correct', { auditId: row.auditId, itemCode: row.itemCode, answer: 'Conforme', reason: 'Réécoute' });
    expect(result.entries[0]).toMatchObject({ field: 'answer', before: 'Non conforme', after: 'Conforme' });
    const { sessionId } = await call('corrections.session', {});
    expect(result.entries[0]!.sessionId).toBe(sessionId);
    expect(await overall()).toBeGreaterThan(scoreBefore!);

    const states = await call('corrections.cellStates', { keys: [{ auditId: row.auditId, itemCode: row.itemCode }] });
    expect(states).toEqual([{ auditId: row.auditId, itemCode: row.itemCode, answerType: 'oui-non', threshold: null, corrected: ['answer'] }]);
    expect(await call('corrections.history', { structureCode: row.structureCode })).toHaveLength(1);

    const undone = await call('corrections.undoSession', {});
    expect(undone.undone).toHaveLength(1);
    expect(await overall()).toBe(scoreBefore);
  });

  it('reads and sets the user name', async () => {
    expect((await call('corrections.userName', {})).configured).toBe(false);
    expect(await call('corrections.setUserName', { userName: 'Camille' })).toEqual({ userName: 'Camille', configured: true });
    expect(await call('corrections.userName', {})).toEqual({ userName: 'Camille', configured: true });
  });
});
