/**
 * `imports undo` never silently throws away a hand correction made after the import it undoes: on
 * a real workspace, an import changes A1 TEL-02, an analyst then corrects that value by hand;
 * undoing the import is refused (keyed CONFLICT naming structure, audit, item; nothing changed),
 * and with force it undoes, marks the correction undone with a note naming the import, and lists
 * it on the undone import. Also through the CLI (`imports undo`, `--force`).
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { openWorkspace } from '../../main/db/connection.js';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import { checkUndoLastImport, importFiles, listImports, undoLastImport } from '../../main/import/index.js';
import { correctObservation, listCorrections } from '../../main/corrections/index.js';
import { AppError } from '../../shared/errors.js';
import { renderErrorText } from '../../shared/error-messages.js';
import { tempWorkspace } from './helpers.js';
import { LONG_HEADER, LONG_ROWS, writeCsv, writeSmallBarometer } from '../fixtures/small-barometer.js';

function snapshot(db: Db): string {
  return ['audit', 'observation', 'observation_correction', 'import'].map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all())).join('\n');
}

function answer(db: Db, reference: string, item: string): number | null | undefined {
  return db.prepare(`SELECT o.compliant FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.reference = ? AND o.item_code = ?`).pluck().get(reference, item) as number | null | undefined;
}

describe('undoing an import after hand corrections', () => {
  let db: Db;
  let dir: string;
  let file: string;
  let changedImport: number;

  beforeEach(() => {
    ({ db, dir, file } = tempWorkspace());
    const small = writeSmallBarometer(dir);
    importFiles(db, { files: [small.referential, small.structures, small.long] });
    // A corrected file: A1 TEL-02 Oui → Non (row 3).
    const rows = LONG_ROWS.map((r) => [...r]);
    rows[1]![7] = 'Non';
    const corrected = writeCsv(path.join(dir, 'resultats-corriges.csv'), LONG_HEADER, rows);
    const [report] = importFiles(db, { files: [corrected] }).files;
    changedImport = report!.importId!;
    expect(answer(db, 'A1', 'TEL-02')).toBe(0);
    // After that import, by hand: A1 TEL-02 back to Conforme (touched by the import), A2 MEL-02 (not touched).
    correctObservation(db, { auditReference: 'A1', itemCode: 'TEL-02', answer: 'Conforme', reason: 'Enregistrement réécouté', userName: 'Camille' });
    correctObservation(db, { auditReference: 'A2', itemCode: 'MEL-02', answer: 'Non conforme', reason: 'Formule absente', userName: 'Camille' });
  });

  it('refuses by default with a keyed error naming the correction, and changes nothing', () => {
    const before = snapshot(db);
    const check = checkUndoLastImport(db);
    expect(check).toMatchObject({ importId: changedImport, fileName: 'resultats-corriges.csv' });
    expect(check.corrections.map((c) => [c.structureCode, c.auditRef, c.itemCode, c.field, c.after, c.userName])).toEqual([
      ['060000001', 'A1', 'TEL-02', 'answer', 'Conforme', 'Camille'],
    ]);

    let error: unknown;
    try { undoLastImport(db); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(AppError);
    const refused = error as AppError;
    expect(refused.code).toBe('CONFLICT');
    expect(refused.text?.key).toBe('import.undoOverridesCorrections');
    expect(refused.message).toContain(`l'import n° ${changedImport} (« resultats-corriges.csv »)`);
    expect(refused.message).toContain('1 correction(s)');
    expect(refused.message).toContain('060000001 · A1 · TEL-02');
    expect(renderErrorText(refused.text!, 'en')).toContain('would replace 1 correction(s) made by hand');
    expect(snapshot(db)).toBe(before);
    expect(listImports(db)[0]!.status).toBe('active');
  });

  it('with force undoes the import, marks the correction undone with a note, and keeps the other one', () => {
    const result = undoLastImport(db, { force: true });
    expect(result.importId).toBe(changedImport);
    expect(result.overriddenCorrections.map((c) => `${c.auditRef} ${c.itemCode}`)).toEqual(['A1 TEL-02']);
    // The value is the one before the undone import (the first file said Oui).
    expect(answer(db, 'A1', 'TEL-02')).toBe(1);
    expect(answer(db, 'A2', 'MEL-02')).toBe(0);

    const history = listCorrections(db, {});
    const replaced = history.find((e) => e.itemCode === 'TEL-02')!;
    expect(replaced.undoneAt).not.toBeNull();
    expect(replaced.current).toBeFalsy();
    expect(replaced.reason).toMatch(new RegExp(`^Enregistrement réécouté — remplacée par l'annulation de l'import n° ${changedImport} \\(« resultats-corriges\\.csv »\\) le \\d{2}/\\d{2}/\\d{4}`));
    const kept = history.find((e) => e.itemCode === 'MEL-02')!;
    expect(kept).toMatchObject({ undoneAt: null, reason: 'Formule absente' });

    const undone = listImports(db).find((i) => i.id === changedImport)!;
    expect(undone.status).toBe('undone');
    expect(undone.overriddenCorrections?.map((c) => c.id)).toEqual([replaced.id]);
    // The next undo (the first file, which created A1) no longer meets that correction, but
    // meets A2 MEL-02, corrected after it too.
    expect(checkUndoLastImport(db).corrections.map((c) => c.itemCode)).toEqual(['MEL-02']);
  });

  it('through the CLI: refused with the list and exit code 1, then --force', async () => {
    db.close();
    const run = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const io: CliIo = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; }, interactive: false };
      const code = await main([...args, '--db', file], io);
      return { code, out, err };
    };
    const refused = await run(['imports', 'undo']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('060000001 · A1 · TEL-02');
    expect(refused.err).toContain('--force');

    const forced = await run(['imports', 'undo', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.out).toContain(`Import n° ${changedImport} (resultats-corriges.csv) annulé`);
    expect(forced.out).toMatch(/1 correction\(s\) faite\(s\) à la main depuis cet import remplacée\(s\)/);
    expect(forced.out).toContain('060000001 · A1 · TEL-02 (answer, Camille)');

    db = openWorkspace(file);
    expect(answer(db, 'A1', 'TEL-02')).toBe(1);
    db.close();
  });
});
