/**
 * Exact diffs before an import is committed, on real files and a real workspace: the preview of a
 * corrected file lists each value it changes (structure, audit, item, old → new), the history
 * keeps the real counts of the commit, contradictory rows of one file are refused together with
 * one reason, and a value corrected by hand in the workspace is a conflict: the correction is kept
 * unless the user takes the file's value, for that value or for all.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { main } from '../../main/cli/index.js';
import { importFiles, listImports } from '../../main/import/index.js';
import type { ImportChange } from '../../shared/import-types.js';
import { tempWorkspace } from './helpers.js';
import { LONG_HEADER, LONG_ROWS, writeCsv, writeSmallBarometer, type Row } from '../fixtures/small-barometer.js';

/** The parts of a change a person reads, in one line. */
function line(c: ImportChange): string {
  return `${c.structureCode} ${c.auditRef} ${c.itemCode ?? '-'} ${c.field}: ${c.before ?? '∅'} → ${c.after ?? '∅'} (ligne ${c.row})`;
}

function observation(db: Db, reference: string, item: string): { compliant: number | null; measure: number | null; raw: string | null; comment: string | null } {
  return db.prepare(`SELECT o.compliant, o.measure, o.raw, o.comment FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.reference = ? AND o.item_code = ?`).get(reference, item) as never;
}

function snapshot(db: Db): string {
  return ['audit', 'observation', 'structure'].map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all())).join('\n');
}

/** A corrected copy of the long results file (CSV: header on row 1, data from row 2). */
function correctedRows(): Row[] {
  const rows = LONG_ROWS.map((r) => [...r]);
  rows[1]![7] = 'Non'; // row 3: A1 TEL-02 Oui → Non
  rows[2]![8] = 'Réponse complète après relance'; // row 4: A1 TEL-03 comment
  rows[6]![7] = '25'; // row 8: A3 MEL-01 12 h → 25 h (over the 24 h threshold)
  rows[8]![4] = '22/09/2023'; // rows 10–11: A4 moved to the 22nd
  rows[9]![4] = '22/09/2023';
  rows.push([2023, '270000002', 'Ville de Montclair (démo)', 'A3', '20/09/2023', 'Courriel', 'MEL-03', 'Oui', null]); // row 12: new in A3
  return rows;
}

describe('import changes', () => {
  let db: Db;
  let dir: string;
  let file: string;

  beforeEach(() => {
    ({ db, dir, file } = tempWorkspace());
    const files = writeSmallBarometer(dir);
    importFiles(db, { files: [files.referential, files.structures, files.long] });
  });

  it('the preview of a corrected file lists every value it changes, writing nothing', () => {
    const before = snapshot(db);
    const file = writeCsv(path.join(dir, 'resultats-corriges.csv'), LONG_HEADER, correctedRows());
    const [report] = importFiles(db, { files: [file], dryRun: true }).files;
    expect(report).toMatchObject({ status: 'preview', audits: { new: 0, changed: 3, unchanged: 1 }, observations: { new: 1, changed: 3, unchanged: 7 } });
    expect(report!.changes.map(line)).toEqual([
      '060000001 A1 TEL-02 answer: Conforme → Non conforme (ligne 3)',
      '060000001 A1 TEL-03 comment: Réponse incomplète → Réponse complète après relance (ligne 4)',
      '270000002 A3 MEL-01 answer: Conforme → Non conforme (ligne 8)',
      '270000002 A3 MEL-01 measure: 12 → 25 (ligne 8)',
      '270000002 A3 MEL-03 answer: ∅ → Conforme (ligne 12)',
      'PRV000004 A4 - auditDate: 2023-09-21 → 2023-09-22 (ligne 10)',
    ]);
    expect(report!.changes[0]).toMatchObject({ edition: 2023, structureName: 'Ville de Valbrune (démo)', key: '2023|A1|TEL-02|answer', correction: null, resolution: null });
    expect(report).toMatchObject({ changeCount: 6, conflictCount: 0, keptCorrections: 0 });
    expect(snapshot(db)).toBe(before);

    // The commit does what the preview said, and the history keeps its real counts.
    const [committed] = importFiles(db, { files: [file] }).files;
    expect(committed!.changes.map(line)).toEqual(report!.changes.map(line));
    expect(observation(db, 'A3', 'MEL-01')).toMatchObject({ compliant: 0, measure: 25 });
    const [last] = listImports(db);
    expect(last!.counts).toMatchObject({ audits: { new: 0, changed: 3 }, observations: { new: 1, changed: 3 } });
  });

  it('refuses both rows of contradictory answers with one reason, and says so in the rejects workbook', () => {
    const rows = correctedRows();
    rows.push([2023, '060000001', 'Ville de Valbrune (démo)', 'A1', '15/09/2023', 'Téléphone', 'TEL-01', '7', null]); // row 13 contradicts row 2 (3 rings)
    const file = writeCsv(path.join(dir, 'contradictoire.csv'), LONG_HEADER, rows);

    // Without skip-invalid the file is refused whole, both rows named.
    const [refused] = importFiles(db, { files: [file] }).files;
    expect(refused!.status).toBe('refused');
    const duplicates = refused!.problems.filter((p) => p.code === 'CONFLICTING_DUPLICATE');
    expect(duplicates.map((p) => [p.row, p.value])).toEqual([[2, '3'], [13, '7']]);
    for (const p of duplicates) expect(p.message).toBe("le critère TEL-01 de l'audit A1 : réponses contradictoires, ligne 2 et ligne 13");

    // With skip-invalid the rest of the audit goes in; TEL-01 keeps the workspace's value.
    const [report] = importFiles(db, { files: [file], skipInvalid: true }, { rejectsDir: path.join(dir, 'rejets') }).files;
    expect(report).toMatchObject({ status: 'imported', rowsRejected: 2 });
    expect(observation(db, 'A1', 'TEL-01')).toMatchObject({ measure: 3, compliant: 1 });
    expect(observation(db, 'A1', 'TEL-02')).toMatchObject({ compliant: 0 });
    expect(report!.changes.some((c) => c.itemCode === 'TEL-01')).toBe(false);
    const book = XLSX.read(fs.readFileSync(report!.rejectsFile!));
    const sheet = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 });
    expect(sheet.slice(1).map((r) => [r[0], String(r[r.length - 1])])).toEqual([
      [2, "H (Réponse) : le critère TEL-01 de l'audit A1 : réponses contradictoires, ligne 2 et ligne 13"],
      [13, "H (Réponse) : le critère TEL-01 de l'audit A1 : réponses contradictoires, ligne 2 et ligne 13"],
    ]);
  });

  it('names every row when an answer is given three times', () => {
    const rows = LONG_ROWS.map((r) => [...r]);
    rows.push([2023, '060000001', 'Ville de Valbrune (démo)', 'A1', '15/09/2023', 'Téléphone', 'TEL-02', 'Non', null]);
    rows.push([2023, '060000001', 'Ville de Valbrune (démo)', 'A1', '15/09/2023', 'Téléphone', 'TEL-02', 'Oui', null]);
    const file = writeCsv(path.join(dir, 'trois.csv'), LONG_HEADER, rows);
    const [report] = importFiles(db, { files: [file], dryRun: true }).files;
    const duplicates = report!.problems.filter((p) => p.code === 'CONFLICTING_DUPLICATE');
    expect(duplicates.map((p) => p.row)).toEqual([3, 12, 13]);
    expect(duplicates[0]!.message).toMatch(/réponses contradictoires, lignes 3, 12 et 13$/);
  });

  describe('a value corrected by hand in the workspace', () => {
    /** The analyst corrected A1 TEL-02 from Conforme to Non conforme; the new file still says Oui. */
    function correctByHand(): void {
      const auditId = db.prepare(`SELECT id FROM audit WHERE reference = 'A1'`).pluck().get() as number;
      if (db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'observation_correction'`).get() === undefined) {
        throw new Error('migration 6 (observation_correction) is expected in this tree');
      }
      db.prepare(`UPDATE observation SET compliant = 0, raw = 'Non conforme' WHERE audit_id = ? AND item_code = 'TEL-02'`).run(auditId);
      db.prepare(`INSERT INTO observation_correction(audit_id, item_code, field, before_value, after_value, reason, user_name, corrected_at, session_id)
        VALUES (?, 'TEL-02', 'answer', 'Conforme', 'Non conforme', 'Écoute de l''enregistrement', 'Claire', '2026-11-27T10:00:00Z', 's1')`).run(auditId);
    }

    function fileChangingTheCorrectedValue(): string {
      const rows = LONG_ROWS.map((r) => [...r]);
      rows[1]![8] = 'Présentation rapide'; // row 3: A1 TEL-02 still « Oui », a comment added
      rows[6]![7] = '25'; // row 8: A3 MEL-01 → 25 h
      return writeCsv(path.join(dir, 'resultats-v2.csv'), LONG_HEADER, rows);
    }

    it('is a conflict in the preview; by default the correction is kept and the rest imported', () => {
      correctByHand();
      const file = fileChangingTheCorrectedValue();
      const [preview] = importFiles(db, { files: [file], dryRun: true }).files;
      const conflict = preview!.changes.find((c) => c.itemCode === 'TEL-02' && c.field === 'answer')!;
      expect(conflict).toMatchObject({
        before: 'Non conforme', after: 'Conforme', row: 3, resolution: 'keep-correction',
        correction: { value: 'Non conforme', userName: 'Claire', correctedAt: '2026-11-27T10:00:00Z', reason: "Écoute de l'enregistrement" },
      });
      // The comment of that observation was not corrected: no conflict there.
      expect(preview!.changes.find((c) => c.itemCode === 'TEL-02' && c.field === 'comment')).toMatchObject({ before: null, after: 'Présentation rapide', correction: null, resolution: null });
      expect(preview).toMatchObject({ conflictCount: 1, keptCorrections: 1 });

      const [committed] = importFiles(db, { files: [file] }).files;
      expect(committed).toMatchObject({ status: 'imported', conflictCount: 1, keptCorrections: 1 });
      expect(observation(db, 'A1', 'TEL-02')).toEqual({ compliant: 0, measure: null, raw: 'Non conforme', comment: 'Présentation rapide' });
      expect(observation(db, 'A3', 'MEL-01')).toMatchObject({ compliant: 0, measure: 25 });
    });

    it('takes the file for one conflict, or for all, when the user says so', () => {
      correctByHand();
      const file = fileChangingTheCorrectedValue();
      const [one] = importFiles(db, { files: [file], dryRun: true, conflicts: { byKey: { '2023|A1|TEL-02|answer': 'take-file' } } }).files;
      expect(one!.changes.find((c) => c.key === '2023|A1|TEL-02|answer')!.resolution).toBe('take-file');
      expect(one).toMatchObject({ conflictCount: 1, keptCorrections: 0 });

      // A choice for one value wins over the choice for all.
      const [mixed] = importFiles(db, { files: [file], dryRun: true, conflicts: { all: 'take-file', byKey: { '2023|A1|TEL-02|answer': 'keep-correction' } } }).files;
      expect(mixed).toMatchObject({ keptCorrections: 1 });

      const [committed] = importFiles(db, { files: [file], conflicts: { all: 'take-file' } }).files;
      expect(committed).toMatchObject({ status: 'imported', conflictCount: 1, keptCorrections: 0 });
      expect(observation(db, 'A1', 'TEL-02')).toMatchObject({ compliant: 1, raw: 'Oui', comment: 'Présentation rapide' });
    });

    it('keeping the only change leaves the file unchanged', () => {
      correctByHand();
      const [report] = importFiles(db, { files: [writeCsv(path.join(dir, 'original.csv'), LONG_HEADER, LONG_ROWS)] }).files;
      expect(report).toMatchObject({ status: 'unchanged', conflictCount: 1, keptCorrections: 1, observations: { changed: 0 } });
      expect(observation(db, 'A1', 'TEL-02')).toMatchObject({ compliant: 0 });
    });

    it('an undone correction is no conflict', () => {
      correctByHand();
      db.prepare(`UPDATE observation_correction SET undone_at = '2026-11-27T11:00:00Z'`).run();
      const [report] = importFiles(db, { files: [fileChangingTheCorrectedValue()], dryRun: true }).files;
      expect(report!.changes.find((c) => c.key === '2023|A1|TEL-02|answer')).toMatchObject({ correction: null, resolution: null });
      expect(report!.conflictCount).toBe(0);
    });
  });

  it('the command line lists the changes of a dry run, takes the file when asked, and counts them in `imports`', async () => {
    db.close();
    const cli = async (args: string[]): Promise<{ code: number; out: string }> => {
      let out = '';
      const code = await main([...args, '--db', file], { interactive: false, out: (t: string) => { out += `${t}\n`; }, err: (t: string) => { out += `${t}\n`; } });
      return { code, out };
    };
    const corrected = writeCsv(path.join(dir, 'resultats-corriges.csv'), LONG_HEADER, correctedRows());
    const dry = await cli(['import', corrected, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('6 valeur(s) modifiée(s) dans des audits existants :');
    expect(dry.out).toContain('060000001 · audit A1 · TEL-02 · réponse : Conforme → Non conforme');
    expect(dry.out).toContain('270000002 · audit A3 · MEL-01 · mesure : 12 → 25');
    expect(dry.out).toContain('PRV000004 · audit A4 · date : 2023-09-21 → 2023-09-22');
    const done = await cli(['import', corrected, '--take-file']);
    expect(done.code).toBe(0);
    const history = await cli(['imports']);
    expect(history.out).toMatch(/resultats-corriges\.csv.*\+0 ~3.*\+1 ~3/);
  });
});
