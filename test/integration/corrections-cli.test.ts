/**
 * `barometer correct` and `barometer corrections [undo]` through the CLI entry on a real workspace
 * file (the hand-computed dataset: A overall 60), each invocation with its own connection.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import type { CorrectionEntry, CorrectionResult, CorrectionUndoResult } from '../../shared/correction-types.js';
import { handDataset, type Fixture } from './analytics-fixture.js';

let f: Fixture;
beforeEach(() => {
  f = handDataset();
  f.db.close();
});
afterEach(() => f.close());

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; }, interactive: false };
  const code = await main([...args, '--db', f.file], io);
  return { code, out, err };
}

async function json<T>(args: string[]): Promise<T> {
  const r = await run([...args, '--json']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as T;
}

const overallA = async (): Promise<number> => (await json<Array<{ structure: string; score: number }>>(['scores', '--structure', 'A']))[0]!.score;

describe('barometer correct / corrections', () => {
  it('corrects an answer, shows the score move, lists the history and undoes it', async () => {
    const done = await run(['correct', '--audit', 'A1', '--item', 'TEL-02', '--answer', 'Conforme', '--reason', 'Enregistrement réécouté', '--user', 'Camille']);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toContain('réponse : « Non conforme » → « Conforme »');
    expect(done.out).toContain('Score global de Alpha en 2023 : 60,0 → 70,0.');
    expect(await overallA()).toBe(70);

    const history = await json<CorrectionEntry[]>(['corrections', '--structure', 'A']);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ auditReference: 'A1', itemCode: 'TEL-02', before: 'Non conforme', after: 'Conforme', reason: 'Enregistrement réécouté', userName: 'Camille', current: true });
    expect(await json<CorrectionEntry[]>(['corrections', '--audit', 'B1'])).toEqual([]);
    const listed = await run(['corrections']);
    expect(listed.out).toMatch(/TEL-02 +Réponse +« Non conforme » +« Conforme » +Enregistrement réécouté +Camille +en vigueur/);

    const undone = await json<CorrectionUndoResult>(['corrections', 'undo', '--id', String(history[0]!.id)]);
    expect(undone.undone.map((e) => e.id)).toEqual([history[0]!.id]);
    expect(await overallA()).toBe(60);
    const again = await run(['corrections', 'undo', '--last']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('Aucune correction à annuler');
  });

  it('gives one session per invocation, undone as a whole with a backup', async () => {
    const first = await json<CorrectionResult>(['correct', '--audit', 'A3', '--item', 'MEL-01', '--measure', '00:20:00', '--reason', 'Horodatage relu']);
    // The label of MEL-01 names no unit: minutes, as the importer reads it; 20 ≤ 24 → compliant, A 9 / 10.
    expect(first.observation).toMatchObject({ compliant: 1, measure: 20, raw: '00:20:00' });
    expect(await overallA()).toBe(90);
    const session = first.entries[0]!.sessionId;
    await json<CorrectionResult>(['correct', '--audit', 'A1', '--item', 'TEL-02', '--comment', 'rappel', '--reason', 'Précision', '--session', session]);
    const other = await json<CorrectionResult>(['correct', '--audit', 'B1', '--item', 'TEL-01', '--answer', 'Non', '--reason', 'Pas de décroché']);
    expect(other.entries[0]!.sessionId).not.toBe(session);

    const undone = await run(['corrections', 'undo', '--session', session]);
    expect(undone.code).toBe(0);
    expect(undone.out).toContain('2 correction(s) annulée(s)');
    expect(undone.out).toMatch(/Sauvegarde prise avant l'annulation : sauvegardes\/.*correction/);
    expect(await overallA()).toBe(60);
    const remaining = await json<CorrectionEntry[]>(['corrections', '--session', other.entries[0]!.sessionId]);
    expect(remaining.map((e) => e.current)).toEqual([true]);
  });

  it('refuses a correction without reason, an invalid answer, and unknown undo targets, in French', async () => {
    const noReason = await run(['correct', '--audit', 'A1', '--item', 'TEL-02', '--answer', 'Oui']);
    expect(noReason.code).not.toBe(0);
    expect(noReason.err).toContain('Le motif est obligatoire');
    const invalid = await run(['correct', '--audit', 'A1', '--item', 'TEL-02', '--answer', 'Bof', '--reason', 'x']);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain("« Bof » n'est pas une réponse oui / non / sans objet");
    const twoTargets = await run(['corrections', 'undo', '--id', '1', '--last']);
    expect(twoTargets.err).toContain('une seule cible');
    const unknown = await run(['corrections', 'undo', '--id', '999']);
    expect(unknown.err).toContain('Correction n° 999 introuvable');
    expect((await run(['correct', '--help'])).out).toContain('--reason');
  });
});
