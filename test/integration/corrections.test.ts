/**
 * Corrections of observations (main/corrections) on a real workspace file, the hand-computed
 * dataset of analytics-fixture.ts (A overall 6 / 10 = 60): one correction changes exactly one
 * observation, refreshes the scores, is in the history, and undo puts every observation and every
 * score cache table back exactly.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import {
  correctObservation, correctionUserName, listCorrections, observationCellStates, setCorrectionUserName, undoCorrection, undoLastCorrection, undoSession,
} from '../../main/corrections/index.js';
import { scoreRowsFromScratch } from '../../main/analytics/from-scratch.js';
import { refreshAggregates } from '../../main/analytics/refresh.js';
import { handDataset, type Fixture } from './analytics-fixture.js';

let f: Fixture;
let db: Db;
beforeEach(() => {
  f = handDataset();
  db = f.db;
  // The fixture's aggregates are computed on first read: compute them now, as an import would.
  refreshAggregates(db, { editions: [2023] });
});
afterEach(() => f.close());

const observations = (): unknown[] => db.prepare('SELECT * FROM observation ORDER BY audit_id, item_code').all();
/** Every materialised aggregate (the refresh time aside), in key order. */
function scoreTables(): Record<string, unknown[]> {
  return {
    score_cache: db.prepare('SELECT * FROM score_cache ORDER BY edition, structure_code, level, key').all(),
    score_cache_item: db.prepare('SELECT * FROM score_cache_item ORDER BY edition, structure_code').all(),
    score_stats: db.prepare('SELECT * FROM score_stats ORDER BY edition, group_kind, group_code, level, key').all(),
    score_unscored_item: db.prepare('SELECT * FROM score_unscored_item ORDER BY edition, item_code').all(),
    score_cache_edition: db.prepare('SELECT edition, structures, observations FROM score_cache_edition ORDER BY edition').all(),
  };
}
const overall = (structure: string): number | null => db.prepare(`SELECT score FROM score_cache WHERE edition = 2023 AND structure_code = ? AND level = 'overall'`).pluck().get(structure) as number | null;
const auditId = (reference: string): number => db.prepare('SELECT id FROM audit WHERE reference = ?').pluck().get(reference) as number;
const base = { edition: 2023, reason: 'Erreur de saisie de l’enquêteur', userName: 'Analyste A', sessionId: 'session-1' };

describe('correctObservation', () => {
  it('changes exactly one observation, refreshes the scores and writes the history', () => {
    const before = observations();
    const scoresBefore = scoreTables();
    expect(overall('A')).toBe(60);

    const result = correctObservation(db, { ...base, auditReference: 'A1', itemCode: 'TEL-02', answer: 'Conforme' });

    const after = observations() as Array<Record<string, unknown>>;
    const changed = after.filter((row, i) => JSON.stringify(row) !== JSON.stringify(before[i]));
    expect(after).toHaveLength(before.length);
    expect(changed).toEqual([{ audit_id: auditId('A1'), item_code: 'TEL-02', compliant: 1, measure: null, raw: 'Conforme', comment: null, import_id: 1 }]);
    // A: 7 / 10 now; its peers' ranks move with it.
    expect(overall('A')).toBe(70);
    expect(scoreTables()).not.toEqual(scoresBefore);
    // The cache equals a computation from scratch on the corrected observations.
    const fromScratch = scoreRowsFromScratch(db, 2023).find((r) => r.structure === 'A' && r.level === 'overall');
    expect(fromScratch).toMatchObject({ compliantWeight: 7, applicableWeight: 10 });
    expect(result.refreshedEditions).toEqual([2023]);
    expect(result.observation).toMatchObject({ compliant: 1, raw: 'Conforme' });

    const history = listCorrections(db, { auditReference: 'A1', edition: 2023 });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      auditReference: 'A1', structureCode: 'A', structureName: 'Alpha', itemCode: 'TEL-02', field: 'answer',
      before: 'Non conforme', after: 'Conforme', reason: 'Erreur de saisie de l’enquêteur', userName: 'Analyste A', sessionId: 'session-1', undoneAt: null, current: true,
    });
    expect(history[0]!.changeId).toBe(history[0]!.id);
    expect(listCorrections(db, { structureCode: 'A' })).toHaveLength(1);
    expect(listCorrections(db, { structureCode: 'B' })).toHaveLength(0);
    expect(observationCellStates(db, [{ auditId: auditId('A1'), itemCode: 'TEL-02' }, { auditId: auditId('A1'), itemCode: 'TEL-01' }])).toEqual([
      { auditId: auditId('A1'), itemCode: 'TEL-02', answerType: 'oui-non', threshold: null, corrected: ['answer'] },
      { auditId: auditId('A1'), itemCode: 'TEL-01', answerType: 'oui-non', threshold: null, corrected: [] },
    ]);

    // Undo: every observation and every aggregate exactly as before.
    const undone = undoCorrection(db, history[0]!.id);
    expect(undone.undone.map((e) => e.id)).toEqual([history[0]!.id]);
    expect(observations()).toEqual(before);
    expect(scoreTables()).toEqual(scoresBefore);
    expect(overall('A')).toBe(60);
    const kept = listCorrections(db, { auditId: auditId('A1') });
    expect(kept[0]).toMatchObject({ current: false });
    expect(kept[0]!.undoneAt).not.toBeNull();
    expect(listCorrections(db, { auditId: auditId('A1'), includeUndone: false })).toHaveLength(0);
    expect(observationCellStates(db, [{ auditId: auditId('A1'), itemCode: 'TEL-02' }])[0]!.corrected).toEqual([]);
    expect(() => undoCorrection(db, history[0]!.id)).toThrow(/déjà annulée/);
  });

  it('judges a measure against the item threshold, in the item unit, and records the answer it changes', () => {
    // MEL-01: seuil-max 24 (hours). A3 was non-compliant without a measure.
    const result = correctObservation(db, { ...base, auditReference: 'A3', itemCode: 'MEL-01', measure: '20,5' });
    expect(result.observation).toMatchObject({ compliant: 1, measure: 20.5, raw: '20,5' });
    expect(result.entries.map((e) => [e.field, e.before, e.after])).toEqual([['measure', null, '20.5'], ['answer', 'Non conforme', 'Conforme']]);
    expect(new Set(result.entries.map((e) => e.changeId)).size).toBe(1);
    // A: 9 / 10.
    expect(overall('A')).toBe(90);
    // A number from a grid editor reads back with a French comma; above the threshold → non-compliant.
    const again = correctObservation(db, { ...base, auditReference: 'A3', itemCode: 'MEL-01', measure: 30 });
    expect(again.observation).toMatchObject({ compliant: 0, measure: 30, raw: '30' });
    expect(overall('A')).toBe(60);
    // A measure and an answer that contradicts it.
    expect(() => correctObservation(db, { ...base, auditReference: 'A3', itemCode: 'MEL-01', measure: 40, answer: 'Conforme' })).toThrow(/contredit/);
  });

  it('refuses what the importer refuses, and a correction without reason or without change', () => {
    const one = { ...base, auditReference: 'A1', itemCode: 'TEL-02' };
    expect(() => correctObservation(db, { ...one, answer: 'Peut-être' })).toThrow(/n'est pas une réponse oui \/ non/);
    expect(() => correctObservation(db, { ...one, measure: 3 })).toThrow(/pas de mesure/);
    expect(() => correctObservation(db, { ...one, answer: 'Oui', reason: '  ' })).toThrow(/motif/);
    expect(() => correctObservation(db, { ...one, answer: 'Non' })).toThrow(/Rien ne change/);
    expect(() => correctObservation(db, { ...one, itemCode: 'TEL-99', answer: 'Oui' })).toThrow(/pas d'observation/);
    expect(() => correctObservation(db, { ...one, auditReference: 'Z9', answer: 'Oui' })).toThrow(/introuvable/);
    expect(() => correctObservation(db, { ...base, auditReference: 'A3', itemCode: 'MEL-01', measure: '-3' })).toThrow(/négative/);
    expect(db.prepare('SELECT COUNT(*) FROM observation_correction').pluck().get()).toBe(0);
    // « Sans objet » takes the item out of the denominator: A 6 / 9.
    correctObservation(db, { ...one, answer: 'Sans objet' });
    expect(overall('A')).toBeCloseTo(66.667, 2);
  });

  it('corrects a comment without touching the answer or the scores', () => {
    const scores = scoreTables();
    const result = correctObservation(db, { ...base, auditReference: 'B1', itemCode: 'TEL-01', comment: 'Décroché à la 2e sonnerie' });
    expect(result.entries.map((e) => [e.field, e.before, e.after])).toEqual([['comment', null, 'Décroché à la 2e sonnerie']]);
    expect(result.observation).toMatchObject({ compliant: 1, raw: null, comment: 'Décroché à la 2e sonnerie' });
    expect(scoreTables().score_cache).toEqual(scores.score_cache);
    correctObservation(db, { ...base, auditReference: 'B1', itemCode: 'TEL-01', comment: '' });
    expect(db.prepare('SELECT comment FROM observation WHERE audit_id = ? AND item_code = ?').pluck().get(auditId('B1'), 'TEL-01')).toBeNull();
  });

  it('undoes in order: a value corrected again must be undone from the latest; a value changed since is not clobbered', () => {
    const first = correctObservation(db, { ...base, auditReference: 'A1', itemCode: 'TEL-02', answer: 'Oui' }).entries[0]!;
    const second = correctObservation(db, { ...base, auditReference: 'A1', itemCode: 'TEL-02', answer: 'NA' }).entries[0]!;
    expect(second.before).toBe('Conforme');
    expect(() => undoCorrection(db, first.id)).toThrow(new RegExp(`correction n° ${second.id}`));
    expect(listCorrections(db, { itemCode: 'TEL-02' }).map((e) => e.current)).toEqual([true, false]);
    undoLastCorrection(db);
    expect(overall('A')).toBe(70);
    // The earlier correction is again the one in force.
    expect(listCorrections(db, { itemCode: 'TEL-02' }).map((e) => e.current)).toEqual([false, true]);
    undoCorrection(db, first.id);
    expect(overall('A')).toBe(60);

    const third = correctObservation(db, { ...base, auditReference: 'C1', itemCode: 'TEL-01', answer: 'Oui' }).entries[0]!;
    // An import rewrote the value meanwhile: undo must not throw that away.
    db.prepare('UPDATE observation SET compliant = NULL, raw = ? WHERE audit_id = ? AND item_code = ?').run('NA', auditId('C1'), 'TEL-01');
    expect(() => undoCorrection(db, third.id)).toThrow(/a changé depuis/);
    expect(() => undoLastCorrection(db)).toThrow(/a changé depuis/);
  });

  it('undoes a whole session after a backup copy, leaving other sessions alone', () => {
    const scores = scoreTables();
    const rows = observations();
    correctObservation(db, { ...base, sessionId: 'autre', auditReference: 'P1', itemCode: 'MEL-02', comment: 'gardé' });
    const keptRows = observations();
    const keptScores = scoreTables();
    correctObservation(db, { ...base, auditReference: 'A1', itemCode: 'TEL-02', answer: 'Oui' });
    correctObservation(db, { ...base, auditReference: 'A3', itemCode: 'MEL-01', measure: 2 });
    correctObservation(db, { ...base, auditReference: 'A1', itemCode: 'TEL-02', comment: 'rappel' });
    correctObservation(db, { ...base, auditReference: 'B2', itemCode: 'MEL-02', answer: 'Non' });
    // B: 6 / 7 with MEL-02 of B2 non-compliant.
    expect(overall('B')).toBeCloseTo(85.714, 2);

    const result = undoSession(db, 'session-1');
    expect(result.undone).toHaveLength(5);
    expect(result.backup).toMatch(/correction/);
    expect(fs.existsSync(path.join(f.dir, 'sauvegardes', result.backup!))).toBe(true);
    expect(observations()).toEqual(keptRows);
    expect(scoreTables()).toEqual(keptScores);
    expect(() => undoSession(db, 'session-1')).toThrow(/Aucune correction/);
    undoSession(db, 'autre');
    expect(observations()).toEqual(rows);
    expect(scoreTables()).toEqual(scores);
  });
});

describe('user name', () => {
  it('is the OS user until set in the workspace', () => {
    expect(correctionUserName(db)).toEqual({ userName: os.userInfo().username, configured: false });
    expect(setCorrectionUserName(db, ' Camille Martin ')).toEqual({ userName: 'Camille Martin', configured: true });
    const entry = correctObservation(db, { edition: 2023, auditReference: 'A1', itemCode: 'TEL-02', answer: 'Oui', reason: 'vérifié' }).entries[0]!;
    expect(entry.userName).toBe('Camille Martin');
    expect(entry.sessionId).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(setCorrectionUserName(db, '').configured).toBe(false);
  });
});
