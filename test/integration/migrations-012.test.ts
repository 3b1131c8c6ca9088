/**
 * Migration 12 (comment search keys): a version-11 workspace's comments are indexed on migration
 * (non-empty ones only), the triggers follow every later write (plain SQL, cascading deletes,
 * VACUUM), and the Explorer's quick search finds comments whatever their accents, case and
 * punctuation — after an import, a correction of a comment and its undo, an audit typed in, and
 * an import undone.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion, type Db } from '../../main/db/connection.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration012 } from '../../main/db/migrations/012-comment-search.js';
import { observationsPage } from '../../main/explorer/observations.js';
import { auditsPage } from '../../main/explorer/audits.js';
import { importFiles, undoLastImport } from '../../main/import/index.js';
import { correctObservation } from '../../main/corrections/correct.js';
import { undoLastCorrection } from '../../main/corrections/undo.js';
import { createEntryAudit } from '../../main/entry/entry-audit.js';
import { setEntryField } from '../../main/entry/entry-fields.js';
import { matchesSearch } from '../../shared/text.js';
import { seedWorkspace } from './api-seed.js';
import { tempDir, tempWorkspace } from './helpers.js';
import { LONG_HEADER, LONG_ROWS, writeCsv, writeSmallBarometer } from '../fixtures/small-barometer.js';

/** `audit reference|item` of every observation the Explorer's quick search returns for `text`. */
function searchedObservations(db: Db, text: string, edition?: number): string[] {
  const page = observationsPage(db, { startRow: 0, endRow: 100_000, filters: { search: text, ...(edition ? { edition } : {}) } });
  return page.rows.map((r) => `${r.reference}|${r.itemCode}`).sort();
}

/** The same, by reading every comment and matching it in JavaScript (the rule of `matchesSearch`). */
function referenceObservations(db: Db, text: string): string[] {
  const rows = db.prepare('SELECT a.reference, o.item_code AS itemCode, o.comment FROM observation o JOIN audit a ON a.id = o.audit_id WHERE o.comment IS NOT NULL').all() as Array<{ reference: string; itemCode: string; comment: string }>;
  return rows.filter((r) => r.comment !== '' && matchesSearch(r.comment, text)).map((r) => `${r.reference}|${r.itemCode}`).sort();
}

const indexedObservations = (db: Db): number => db.prepare('SELECT COUNT(*) FROM observation_comment').pluck().get() as number;
const commentedObservations = (db: Db): number => db.prepare(`SELECT COUNT(*) FROM observation WHERE comment IS NOT NULL AND comment <> ''`).pluck().get() as number;

describe('migration 12: comment search keys', () => {
  it('is registered as version 12, after 011', () => {
    expect(migration012.version).toBe(12);
    expect(MIGRATIONS[MIGRATIONS.indexOf(migration012) - 1]!.version).toBe(11);
    expect(migration012.readableWithout).toBe(true);
  });

  it('indexes the comments a version-11 workspace holds, then follows every write', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const v11 = openWorkspace(file, { targetVersion: 11 });
    seedWorkspace(v11, { editions: [2024], structures: 20, auditsPerStructure: 6, itemsPerChannel: 3 });
    v11.exec(`
      UPDATE observation SET comment = 'Prise de rendez-vous impossible' WHERE audit_id = 1 AND item_code = (SELECT MIN(item_code) FROM observation WHERE audit_id = 1);
      UPDATE observation SET comment = 'CŒUR de ville : signalétique absente' WHERE audit_id = 2 AND item_code = (SELECT MIN(item_code) FROM observation WHERE audit_id = 2);
      UPDATE observation SET comment = '' WHERE audit_id = 3;
      UPDATE audit SET comment = 'Rendez-vous fixé à l''accueil' WHERE id = 5;
    `);
    expect(schemaVersion(v11)).toBe(11);
    v11.close();

    // Pinned at 12: this test inserts rows by plain SQL, which migration 013 leaves to the writers to index.
    const db = openWorkspace(file, { targetVersion: 12 });
    expect(schemaVersion(db)).toBe(12);
    // Only non-empty comments are indexed.
    expect(indexedObservations(db)).toBe(commentedObservations(db));
    expect(indexedObservations(db)).toBeGreaterThan(2);
    expect(db.prepare('SELECT COUNT(*) FROM audit_comment_search').pluck().get()).toBe(db.prepare(`SELECT COUNT(*) FROM audit WHERE comment IS NOT NULL AND comment <> ''`).pluck().get());

    const delai = searchedObservations(db, 'delai');
    expect(delai.length).toBeGreaterThan(0);
    expect(delai).toEqual(referenceObservations(db, 'delai'));
    expect(searchedObservations(db, 'DÉLAI dépas')).toEqual(delai);
    expect(searchedObservations(db, 'rendez vous')).toEqual(referenceObservations(db, 'rendez-vous'));
    expect(searchedObservations(db, 'rendez vous')).toHaveLength(1);
    expect(searchedObservations(db, 'coeur signaletique')).toHaveLength(1);
    expect(searchedObservations(db, 'cœur')).toHaveLength(1);
    // Every word must match; punctuation alone finds nothing.
    expect(searchedObservations(db, 'rendez signaletique')).toEqual([]);
    expect(searchedObservations(db, ' ; - ')).toEqual([]);
    // The audits grid: the audit's own comment.
    const audits = auditsPage(db, { startRow: 0, endRow: 1000, filters: { search: 'rendez vous accueil' } });
    expect(audits.rows.map((a) => a.id)).toEqual([5]);
    expect(auditsPage(db, { startRow: 0, endRow: 1000, filters: { search: 'accueil souriant' } }).lastRow).toBe(db.prepare(`SELECT COUNT(*) FROM audit WHERE comment = 'Accueil souriant'`).pluck().get());

    // Writes after the migration: insert, change, clear, delete, cascade.
    const anyItem = db.prepare('SELECT item_code FROM observation WHERE audit_id = 7 LIMIT 1').pluck().get() as string;
    db.prepare(`UPDATE observation SET comment = 'Délai de réponse : 3 jours' WHERE audit_id = 7 AND item_code = ?`).run(anyItem);
    expect(searchedObservations(db, 'delai reponse')).toHaveLength(1);
    db.prepare(`UPDATE observation SET comment = 'Réponse rapide' WHERE audit_id = 7 AND item_code = ?`).run(anyItem);
    expect(searchedObservations(db, 'delai reponse')).toEqual([]);
    expect(searchedObservations(db, 'reponse rapide')).toHaveLength(1);
    db.prepare(`UPDATE observation SET comment = NULL WHERE audit_id = 7 AND item_code = ?`).run(anyItem);
    expect(searchedObservations(db, 'reponse rapide')).toEqual([]);
    db.prepare(`UPDATE observation SET compliant = 1 - coalesce(compliant, 0) WHERE audit_id = 1`).run();
    expect(searchedObservations(db, 'rendez vous')).toHaveLength(1);
    db.prepare('DELETE FROM audit WHERE id IN (1, 5)').run();
    expect(searchedObservations(db, 'rendez vous')).toEqual([]);
    expect(auditsPage(db, { startRow: 0, endRow: 10, filters: { search: 'rendez vous' } }).lastRow).toBe(0);
    db.prepare(`INSERT INTO audit(edition, reference, structure_code, channel, comment, import_id) VALUES (2024, 'NEW-1', 'S0001', 'email', 'Œuvre d''art à l''entrée', 1)`).run();
    expect(auditsPage(db, { startRow: 0, endRow: 10, filters: { search: 'oeuvre entree' } }).rows.map((a) => a.reference)).toEqual(['NEW-1']);
    // The index agrees with the comments after all this, and survives a VACUUM.
    expect(indexedObservations(db)).toBe(commentedObservations(db));
    db.exec('VACUUM');
    expect(searchedObservations(db, 'delai')).toEqual(referenceObservations(db, 'delai'));
    expect(db.prepare(`SELECT COUNT(*) FROM observation_comment k WHERE NOT EXISTS (SELECT 1 FROM observation o WHERE o.audit_id = k.audit_id AND o.item_code = k.item_code AND o.comment <> '')`).pluck().get()).toBe(0);
    db.close();
  });

  it('finds comments typed without accents after an import, a correction and its undo, an entry, an import undone', () => {
    const { db, dir } = tempWorkspace();
    const files = writeSmallBarometer(dir);
    importFiles(db, { files: [files.referential, files.structures, files.long] });
    // « Réponse incomplète » on A1 / TEL-03.
    expect(searchedObservations(db, 'reponse incomplete')).toEqual(['A1|TEL-03']);
    expect(searchedObservations(db, 'REPONSE-INCOMPL')).toEqual(['A1|TEL-03']);

    correctObservation(db, { edition: 2023, auditReference: 'A1', itemCode: 'TEL-03', comment: 'Délai de rappel non tenu', reason: 'Saisie erronée', userName: 'Test' });
    expect(searchedObservations(db, 'delai rappel')).toEqual(['A1|TEL-03']);
    expect(searchedObservations(db, 'incomplete')).toEqual([]);
    undoLastCorrection(db);
    expect(searchedObservations(db, 'delai rappel')).toEqual([]);
    expect(searchedObservations(db, 'incomplete')).toEqual(['A1|TEL-03']);

    // An audit typed in: its comment saved field by field.
    const created = createEntryAudit(db, { structure: '270000002', channel: 'email', date: '22/09/2023', edition: 2023, reference: 'SAISIE-1' });
    setEntryField(db, { auditId: created.auditId, itemCode: 'MEL-02', field: 'answer', value: 'Non' });
    setEntryField(db, { auditId: created.auditId, itemCode: 'MEL-02', field: 'comment', value: 'Pas de rendez-vous proposé' });
    expect(searchedObservations(db, 'rendez vous propose')).toEqual(['SAISIE-1|MEL-02']);
    setEntryField(db, { auditId: created.auditId, itemCode: 'MEL-02', field: 'comment', value: '' });
    expect(searchedObservations(db, 'rendez vous propose')).toEqual([]);

    // A corrected file changes the comment; undoing that import brings the old one back.
    const changed = LONG_ROWS.map((r) => (r[3] === 'A1' && r[6] === 'TEL-03' ? [...r.slice(0, 8), 'Hôtesse très aimable, délai court'] : r));
    importFiles(db, { files: [writeCsv(path.join(dir, 'corrige.csv'), LONG_HEADER, changed)] });
    expect(searchedObservations(db, 'hotesse delai')).toEqual(['A1|TEL-03']);
    expect(searchedObservations(db, 'incomplete')).toEqual([]);
    undoLastImport(db);
    expect(searchedObservations(db, 'hotesse')).toEqual([]);
    expect(searchedObservations(db, 'incomplete')).toEqual(['A1|TEL-03']);
    expect(indexedObservations(db)).toBe(commentedObservations(db));
    db.close();
  });
});
