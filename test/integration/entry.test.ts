/**
 * Audit entry (main/entry): an audit created for a structure, answered field by field with the
 * importer's rules, each field saved in its own transaction, the progress over the items in force
 * of its channel, scores refreshed on completion, and the session as an undoable import.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture, type ItemDef } from './analytics-fixture.js';
import { completeEntryAudit, createEntryAudit, entrySheet, prepareEntry, setEntryField } from '../../main/entry/index.js';
import { listImports, undoLastImport } from '../../main/import/history.js';
import { structureScores } from '../../main/analytics/scores.js';

const ITEMS: ItemDef[] = [
  { code: 'TEL-01', channel: 'telephone', step: 'acces', determinant: 'accessibilite', weight: 2, answerType: 'seuil-max', threshold: 5, label: 'Décroché avant la 5e sonnerie (sonneries)' },
  { code: 'TEL-02', channel: 'telephone', step: 'acces', determinant: 'attente', weight: 1, answerType: 'seuil-max', threshold: 2, label: "Temps d'attente (minutes)" },
  { code: 'TEL-03', channel: 'telephone', step: 'information', determinant: 'courtoisie', weight: 1 },
  { code: 'TEL-04', channel: 'telephone', step: 'traitement', determinant: 'fiabilite', weight: 3 },
  { code: 'MEL-01', channel: 'email', step: 'traitement', determinant: 'reactivite', weight: 2 },
];

let fixture: Fixture | null = null;
afterEach(() => {
  fixture?.close();
  fixture = null;
});

function workspace(): Fixture {
  fixture = new Fixture();
  fixture.edition(2026).referential(0, ITEMS).structure('S1', 'ville-plus-50k', 'public', 'Ville de Saisie');
  return fixture;
}

describe('audit entry', () => {
  it('prepares the form: channels with items in force, next DIAG reference, even for an edition not yet in the workspace', () => {
    const f = workspace();
    const prep = prepareEntry(f.db, { structure: 'S1', edition: 2027 });
    expect(prep.channels).toEqual([{ code: 'telephone', items: 4 }, { code: 'email', items: 1 }]);
    expect(prep.suggestedReference).toBe('DIAG-S1-1');
    // Reading as if 2027 existed left nothing behind.
    expect(f.db.prepare('SELECT COUNT(*) FROM edition WHERE year = 2027').pluck().get()).toBe(0);
    expect(() => prepareEntry(f.db, { structure: 'INCONNUE' })).toThrow(/La structure « INCONNUE » n'existe pas/);
  });

  it('creates an audit with a generated reference, in one entry session shown in the import history', () => {
    const f = workspace();
    const first = createEntryAudit(f.db, { structure: 'S1', channel: 'telephone', date: '03/03/2026' });
    expect(first.reference).toBe('DIAG-S1-1');
    const second = createEntryAudit(f.db, { structure: 'S1', channel: 'email', date: '2026-03-04', sessionId: first.sessionId });
    expect(second.reference).toBe('DIAG-S1-2');
    expect(second.sessionId).toBe(first.sessionId);
    const typed = createEntryAudit(f.db, { structure: 'S1', channel: 'email', date: '05/03/2026', reference: 'MON-REF', sessionId: first.sessionId });
    expect(typed.reference).toBe('MON-REF');

    const session = listImports(f.db).find((r) => r.id === first.sessionId)!;
    expect(session).toMatchObject({ format: 'saisie', kind: 'results', edition: 2026, status: 'active' });
    expect(session.fileName).toMatch(/^Saisie clavier — séance du \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}$/);
    expect(session.counts.audits?.new).toBe(3);
    expect(f.db.prepare('SELECT COUNT(*) FROM audit WHERE import_id = ?').pluck().get(first.sessionId)).toBe(3);
  });

  it('refuses an invalid audit with the importer’s reasons, and a reference already used', () => {
    const f = workspace();
    expect(() => createEntryAudit(f.db, { structure: 'S1', channel: 'telephone', date: '31/02/2026' })).toThrow(/Date : « 31\/02\/2026 » n'est pas une date valide/);
    expect(() => createEntryAudit(f.db, { structure: 'S1', channel: 'telephone', date: '02/01/2025', edition: 2026 })).toThrow(/hors de l'édition 2026/);
    expect(() => createEntryAudit(f.db, { structure: 'S1', channel: 'fax', date: '02/01/2026' })).toThrow(/« fax » n'est pas un canal connu/);
    expect(() => createEntryAudit(f.db, { structure: 'S1', channel: 'visite', date: '02/01/2026' })).toThrow(/Aucun critère du canal « Visite » n'est en vigueur pour l'édition 2026/);
    createEntryAudit(f.db, { structure: 'S1', channel: 'telephone', date: '02/01/2026', reference: 'R1' });
    expect(() => createEntryAudit(f.db, { structure: 'S1', channel: 'telephone', date: '03/01/2026', reference: 'R1' })).toThrow(/« R1 » existe déjà dans l'édition 2026/);
    // Nothing half-written: one audit, one session (the refused ones created none).
    expect(f.db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(1);
    expect(f.db.prepare(`SELECT COUNT(*) FROM import WHERE format = 'saisie'`).pluck().get()).toBe(1);
  });

  it('saves each field at once, judged like an imported answer, and counts progress over the channel’s items', () => {
    const f = workspace();
    const { auditId, sessionId } = createEntryAudit(f.db, { structure: 'S1', channel: 'telephone', date: '03/03/2026' });
    let sheet = entrySheet(f.db, { auditId });
    expect(sheet.progress).toEqual({ answered: 0, total: 4 });
    expect(sheet.groups.map((g) => [g.step, g.determinants.map((d) => [d.determinant, d.items.map((i) => i.code)])])).toEqual([
      ['acces', [['accessibilite', ['TEL-01']], ['attente', ['TEL-02']]]],
      ['information', [['courtoisie', ['TEL-03']]]],
      ['traitement', [['fiabilite', ['TEL-04']]]],
    ]);
    expect(sheet.groups[0]!.determinants[1]!.items[0]).toMatchObject({ answerType: 'seuil-max', threshold: 2, unit: 'minutes' });
    // A count (rings) names no unit; a yes/no item has none.
    expect(sheet.groups[0]!.determinants[0]!.items[0]).toMatchObject({ code: 'TEL-01', unit: null });
    expect(sheet.groups[1]!.determinants[0]!.items[0]).toMatchObject({ code: 'TEL-03', answerType: 'oui-non', unit: null });

    const saved = setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-01', field: 'answer', value: '3' });
    expect(saved.answer).toMatchObject({ compliant: 1, measure: 3, raw: '3' });
    expect(saved.progress).toEqual({ answered: 1, total: 4 });
    // A duration is converted into the item's unit, then judged against the threshold.
    expect(setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-02', field: 'answer', value: '2 min 30' }).answer).toMatchObject({ compliant: 0, measure: 2.5 });
    expect(setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-03', field: 'answer', value: 'Oui' }).answer).toMatchObject({ compliant: 1, measure: null });
    expect(setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-04', field: 'answer', value: 'Sans objet' }).answer).toMatchObject({ compliant: null });
    setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-03', field: 'comment', value: '  Accueil aimable  ' });

    // Every field is in the file, not in memory: a fresh read sees them.
    sheet = entrySheet(f.db, { auditId });
    expect(sheet.progress).toEqual({ answered: 4, total: 4 });
    expect(sheet.answers.find((a) => a.itemCode === 'TEL-03')).toMatchObject({ compliant: 1, comment: 'Accueil aimable' });
    // Changing an answer keeps the comment; clearing it removes the observation.
    expect(setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-03', field: 'answer', value: 'N' }).answer).toMatchObject({ compliant: 0, comment: 'Accueil aimable' });
    expect(setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-04', field: 'answer', value: '' })).toMatchObject({ answer: null, progress: { answered: 3, total: 4 } });
    const session = listImports(f.db).find((r) => r.id === sessionId)!;
    expect(session.counts.observations?.new).toBe(3);
  });

  it('refuses invalid fields with a French reason and writes nothing', () => {
    const f = workspace();
    const { auditId, sessionId } = createEntryAudit(f.db, { structure: 'S1', channel: 'telephone', date: '03/03/2026' });
    expect(() => setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-03', field: 'answer', value: 'peut-être' })).toThrow(/Critère TEL-03 : « peut-être » n'est pas une réponse oui \/ non \/ sans objet/);
    expect(() => setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-01', field: 'answer', value: 'beaucoup' })).toThrow(/Critère TEL-01 : « beaucoup » n'est ni une mesure ni une réponse reconnue/);
    expect(() => setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-01', field: 'answer', value: '-2' })).toThrow(/mesure négative/);
    expect(() => setEntryField(f.db, { auditId, sessionId, itemCode: 'MEL-01', field: 'answer', value: 'Oui' })).toThrow(/« MEL-01 » n'est pas en vigueur pour le canal de cet audit/);
    expect(() => setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-03', field: 'comment', value: 'sans réponse' })).toThrow(/donnez d'abord la réponse/);
    expect(() => setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-03', field: 'answer', value: 'O' })).not.toThrow();
    expect(() => setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-03', field: 'comment', value: 'x'.repeat(2001) })).toThrow(/dépasse 2000 caractères/);
    expect(f.db.prepare('SELECT item_code, compliant, comment FROM observation WHERE audit_id = ?').all(auditId)).toEqual([{ item_code: 'TEL-03', compliant: 1, comment: null }]);
  });

  it('refreshes the scores when the audit is completed, then refuses further entry', () => {
    const f = workspace();
    const { auditId, sessionId } = createEntryAudit(f.db, { structure: 'S1', channel: 'telephone', date: '03/03/2026' });
    setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-01', field: 'answer', value: '2' }); // compliant, weight 2
    setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-04', field: 'answer', value: 'Non' }); // weight 3
    // Not yet completed: the edition's aggregates are not recomputed field by field.
    expect(f.db.prepare('SELECT COUNT(*) FROM score_cache WHERE edition = 2026').pluck().get()).toBe(0);
    const done = completeEntryAudit(f.db, { auditId });
    expect(done).toMatchObject({ status: 'completed', progress: { answered: 2, total: 4 } });
    const overall = structureScores(f.db, { edition: 2026, structure: 'S1', level: 'overall' });
    expect(overall[0]).toMatchObject({ compliantWeight: 2, applicableWeight: 5, score: 40 });
    expect(() => setEntryField(f.db, { auditId, sessionId, itemCode: 'TEL-03', field: 'answer', value: 'Oui' })).toThrow(/est terminé/);
    expect(() => completeEntryAudit(f.db, { auditId })).toThrow(/est terminé/);
  });

  it('a later session changing an earlier answer is undone like an import: the earlier answer comes back', () => {
    const f = workspace();
    const first = createEntryAudit(f.db, { structure: 'S1', channel: 'telephone', date: '03/03/2026' });
    setEntryField(f.db, { auditId: first.auditId, sessionId: first.sessionId, itemCode: 'TEL-03', field: 'answer', value: 'Oui' });
    // A file import in between: the next field opens a new session.
    f.newImport();
    const later = setEntryField(f.db, { auditId: first.auditId, sessionId: first.sessionId, itemCode: 'TEL-03', field: 'answer', value: 'Non' });
    expect(later.sessionId).not.toBe(first.sessionId);
    setEntryField(f.db, { auditId: first.auditId, sessionId: later.sessionId, itemCode: 'TEL-04', field: 'answer', value: 'Oui' });
    expect(() => setEntryField(f.db, { auditId: first.auditId, sessionId: later.sessionId, itemCode: 'TEL-03', field: 'answer', value: 'Oui' })).not.toThrow();
    expect(listImports(f.db).find((r) => r.id === later.sessionId)!.counts.observations).toMatchObject({ new: 1, changed: 1 });

    const undone = undoLastImport(f.db);
    expect(undone.importId).toBe(later.sessionId);
    expect(f.db.prepare('SELECT item_code, compliant, import_id FROM observation WHERE audit_id = ? ORDER BY item_code').all(first.auditId))
      .toEqual([{ item_code: 'TEL-03', compliant: 1, import_id: first.sessionId }]);
    undoLastImport(f.db); // the file import in between
    undoLastImport(f.db); // the first session: its audit goes, with its entry state
    expect(f.db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(0);
    expect(f.db.prepare('SELECT COUNT(*) FROM audit_entry').pluck().get()).toBe(0);
  });

  it('an audit that came from a file is not entered here', () => {
    const f = workspace();
    const auditId = f.audit(2026, 'S1', 'telephone', { 'TEL-03': 1 });
    expect(() => entrySheet(f.db, { auditId })).toThrow(/vient d'un fichier importé/);
    expect(() => setEntryField(f.db, { auditId, itemCode: 'TEL-03', field: 'answer', value: 'Non' })).toThrow(/vient d'un fichier importé/);
  });
});
