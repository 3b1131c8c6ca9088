/**
 * Migration 13 (comment index written by the observation writers): the per-row INSERT trigger of
 * the observation comment index is gone; the import indexes the comments it inserts (batched new
 * audits and single rows added to existing audits), the update and delete triggers stay. A comment
 * imported (wide: the audit's, long: the observation's), typed in, corrected, is found by the
 * Explorer's quick search, and undoing the import removes it from the index.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion, type Db } from '../../main/db/connection.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration013 } from '../../main/db/migrations/013-comment-index-writers.js';
import { observationsPage } from '../../main/explorer/observations.js';
import { auditsPage } from '../../main/explorer/audits.js';
import { importFiles, undoLastImport } from '../../main/import/index.js';
import { correctObservation } from '../../main/corrections/correct.js';
import { createEntryAudit } from '../../main/entry/entry-audit.js';
import { setEntryField } from '../../main/entry/entry-fields.js';
import { tempDir, tempWorkspace } from './helpers.js';
import { LONG_HEADER, LONG_ROWS, WIDE_HEADER, WIDE_ROWS, writeCsv, writeSheet, writeSmallBarometer } from '../fixtures/small-barometer.js';

const searchedObservations = (db: Db, text: string): string[] =>
  observationsPage(db, { startRow: 0, endRow: 100_000, filters: { search: text } }).rows.map((r) => `${r.reference}|${r.itemCode}`).sort();
const searchedAudits = (db: Db, text: string): string[] =>
  auditsPage(db, { startRow: 0, endRow: 1000, filters: { search: text } }).rows.map((a) => a.reference).sort();
const indexedObservations = (db: Db): number => db.prepare('SELECT COUNT(*) FROM observation_comment').pluck().get() as number;
const commentedObservations = (db: Db): number => db.prepare(`SELECT COUNT(*) FROM observation WHERE comment IS NOT NULL AND comment <> ''`).pluck().get() as number;
const triggers = (db: Db): string[] => db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%comment_search%' ORDER BY name`).pluck().all() as string[];

/** The long rows with a comment on A2 / MEL-02, and an extra item (MEL-03) commented on A3. */
function longRowsWithComments(): typeof LONG_ROWS {
  const rows = LONG_ROWS.map((r) => (r[3] === 'A2' && r[6] === 'MEL-02' ? [...r.slice(0, 8), 'Délai de réponse dépassé, œuvre'] : r));
  rows.push([2023, '270000002', 'Ville de Montclair (démo)', 'A3', '20/09/2023', 'Courriel', 'MEL-03', 'Oui', 'Rendez-vous reporté']);
  return rows;
}

describe('migration 13: comment index written by the observation writers', () => {
  it('is registered as version 13, after 012, and drops only the two insert triggers', () => {
    expect(migration013.version).toBe(13);
    expect(MIGRATIONS[MIGRATIONS.indexOf(migration013) - 1]!.version).toBe(12);
    const file = path.join(tempDir(), 'w.sqlite');
    const v12 = openWorkspace(file, { targetVersion: 12 });
    expect(triggers(v12)).toContain('observation_comment_search_insert');
    v12.close();
    const db = openWorkspace(file);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(13);
    expect(triggers(db)).toEqual([
      'audit_comment_search_delete', 'audit_comment_search_update',
      'observation_comment_search_delete', 'observation_comment_search_update',
    ]);
    db.close();
  });

  it('indexes the comments an import inserts (new audits, items added to an existing audit), an entry, a correction; undo removes them', () => {
    const { db, dir } = tempWorkspace();
    const files = writeSmallBarometer(dir);
    importFiles(db, { files: [files.referential, files.structures] });
    // Wide: the comment column is the audit's.
    const wide = writeSheet(path.join(dir, 'large-commentaires.xlsx'), [...WIDE_HEADER, 'Commentaire'],
      WIDE_ROWS.map((r) => [...r, r[3] === 'A4' ? 'Accueil très aimable, cœur de ville' : null]));
    importFiles(db, { files: [wide] });
    expect(searchedAudits(db, 'coeur ville aimable')).toEqual(['A4']);
    expect(indexedObservations(db)).toBe(0);
    // The import indexed its audits' comments in one statement; a comment changed later (a
    // correction, a re-import) is re-indexed by the update trigger, which stays.
    expect(triggers(db)).not.toContain('audit_comment_search_insert');
    db.prepare(`UPDATE audit SET comment = 'Œuvre d''art à l''entrée' WHERE reference = 'A4'`).run();
    expect(searchedAudits(db, 'oeuvre entree')).toEqual(['A4']);
    expect(searchedAudits(db, 'coeur ville aimable')).toEqual([]);
    db.prepare(`UPDATE audit SET comment = 'Accueil très aimable, cœur de ville' WHERE reference = 'A4'`).run();
    expect(searchedAudits(db, 'oeuvre entree')).toEqual([]);

    // Long, on the same audits: new observations (A3 / MEL-03) go in one by one, changed ones by UPDATE.
    importFiles(db, { files: [writeCsv(path.join(dir, 'long.csv'), LONG_HEADER, longRowsWithComments())] });
    expect(searchedObservations(db, 'reponse incomplete')).toEqual(['A1|TEL-03']);
    expect(searchedObservations(db, 'delai depasse oeuvre')).toEqual(['A2|MEL-02']);
    expect(searchedObservations(db, 'rendez vous')).toEqual(['A3|MEL-03']);
    expect(indexedObservations(db)).toBe(commentedObservations(db));
    expect(indexedObservations(db)).toBe(3);

    // Undoing the long import: A3 / MEL-03 is deleted, A2 / MEL-02 and A1 / TEL-03 get their
    // before-images back (no comment); the audit comment of the wide file stays.
    undoLastImport(db);
    expect(searchedObservations(db, 'rendez vous')).toEqual([]);
    expect(searchedObservations(db, 'delai depasse')).toEqual([]);
    expect(searchedObservations(db, 'reponse incomplete')).toEqual([]);
    expect(searchedAudits(db, 'coeur ville aimable')).toEqual(['A4']);
    expect(indexedObservations(db)).toBe(0);

    // Typed in: the answer is inserted without a comment, the comment saved afterwards.
    const created = createEntryAudit(db, { structure: '270000002', channel: 'email', date: '22/09/2023', edition: 2023, reference: 'SAISIE-1' });
    setEntryField(db, { auditId: created.auditId, itemCode: 'MEL-02', field: 'answer', value: 'Non' });
    setEntryField(db, { auditId: created.auditId, itemCode: 'MEL-02', field: 'comment', value: 'Pas de réponse à la relance' });
    expect(searchedObservations(db, 'relance')).toEqual(['SAISIE-1|MEL-02']);

    // Corrected by hand.
    correctObservation(db, { edition: 2023, auditReference: 'A1', itemCode: 'TEL-02', comment: 'Attente trop longue', reason: 'Oubli', userName: 'Test' });
    expect(searchedObservations(db, 'attente longue')).toEqual(['A1|TEL-02']);
    expect(indexedObservations(db)).toBe(commentedObservations(db));
    db.close();
  });

  it('a national-size batch of new audits indexes each comment once, whatever the batch boundaries', () => {
    const { db, dir } = tempWorkspace();
    const files = writeSmallBarometer(dir);
    importFiles(db, { files: [files.referential, files.structures] });
    // 300 audits × 3 items (more than one 128-row batch), every seventh observation commented.
    const rows: typeof LONG_ROWS = [];
    let n = 0;
    for (let a = 0; a < 300; a++) {
      for (const item of ['MEL-01', 'MEL-02', 'MEL-03']) {
        rows.push([2023, '270000002', 'Ville de Montclair (démo)', `N${a}`, '20/09/2023', 'Courriel', item, item === 'MEL-01' ? '5' : 'Oui', n++ % 7 === 0 ? `Délai n°${n}` : null]);
      }
    }
    const [report] = importFiles(db, { files: [writeCsv(path.join(dir, 'many.csv'), LONG_HEADER, rows)] }).files;
    expect(report!.status).toBe('imported');
    expect(indexedObservations(db)).toBe(Math.ceil(900 / 7));
    expect(indexedObservations(db)).toBe(commentedObservations(db));
    expect(searchedObservations(db, 'delai')).toHaveLength(Math.ceil(900 / 7));
    // The index's rows point at the observations that hold the comments.
    expect(db.prepare(`SELECT COUNT(*) FROM observation_comment k JOIN observation o ON o.audit_id = k.audit_id AND o.item_code = k.item_code WHERE o.comment LIKE 'Délai%'`).pluck().get()).toBe(Math.ceil(900 / 7));
    undoLastImport(db);
    expect(indexedObservations(db)).toBe(0);
    db.close();
  });

  it('a workspace kept at version 12 (insert trigger in place) is not indexed twice', () => {
    const dir = tempDir();
    const db = openWorkspace(path.join(dir, 'w.sqlite'), { targetVersion: 12 });
    const files = writeSmallBarometer(dir);
    const [, , long] = importFiles(db, { files: [files.referential, files.structures, files.long] }).files;
    expect(long!.status).toBe('imported');
    expect(indexedObservations(db)).toBe(1);
    expect(searchedObservations(db, 'reponse incomplete')).toEqual(['A1|TEL-03']);
    db.close();
  });
});
