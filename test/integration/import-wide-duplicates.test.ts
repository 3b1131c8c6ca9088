/**
 * Wide layout (one row per audit, one column per item) with the same audit on two rows: the rows
 * add up to one audit, items answered alike collapse, items answered differently are refused on
 * both rows with the long layout's reason (« réponses contradictoires, ligne N et ligne M »),
 * naming the item's column. Real .xlsx written by ExcelJS, real workspace, rejects workbook read back.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { importFiles } from '../../main/import/index.js';
import { tempWorkspace } from './helpers.js';
import { WIDE_HEADER, writeSmallBarometer, type Row } from '../fixtures/small-barometer.js';

const SHEET = 'Audits';

/** Title on row 1, blank row 2, header on row 3: data rows are 4, 5, 6, 7 as Excel shows them. */
async function writeWideXlsx(file: string, rows: Row[]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(SHEET);
  sheet.addRow(['Résultats 2023 — export plateforme']);
  sheet.addRow([]);
  sheet.addRow(WIDE_HEADER);
  for (const row of rows) sheet.addRow(row);
  await book.xlsx.writeFile(file);
  return file;
}

const ROWS: Row[] = [
  [2023, '060000001', 'Ville de Valbrune (démo)', 'A1', '15/09/2023', 'Téléphone', 3, 'Oui', null, null, null, null], // row 4
  [2023, '270000002', 'Ville de Montclair (démo)', 'A3', '20/09/2023', 'Courriel', null, null, null, 12, 'Non', null], // row 5
  // row 6: A1 again. TEL-01 answered alike (collapses), TEL-02 contradicts row 4, TEL-03 only here.
  [2023, '060000001', 'Ville de Valbrune (démo)', 'A1', '15/09/2023', 'Téléphone', 3, 'Non', 'Non', null, null, null],
  [2023, 'PRV000004', 'Enseigne Alpha Services (démo)', 'A4', '21/09/2023', 'Courriel', null, null, null, 2, 'Oui', null], // row 7
];

const REASON = "le critère TEL-02 de l'audit A1 : réponses contradictoires, ligne 4 et ligne 6";

function observations(db: Db, reference: string): Record<string, { compliant: number | null; measure: number | null }> {
  const rows = db.prepare(`SELECT o.item_code AS code, o.compliant, o.measure FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.reference = ? ORDER BY o.item_code`).all(reference) as Array<{ code: string; compliant: number | null; measure: number | null }>;
  return Object.fromEntries(rows.map((r) => [r.code, { compliant: r.compliant, measure: r.measure }]));
}

describe('wide layout: the same audit on two rows', () => {
  let db: Db;
  let dir: string;
  let file: string;

  beforeEach(async () => {
    ({ db, dir } = tempWorkspace());
    const small = writeSmallBarometer(dir);
    importFiles(db, { files: [small.referential, small.structures] });
    file = await writeWideXlsx(path.join(dir, 'resultats-doublons.xlsx'), ROWS);
  });

  it('refuses the contradictory item on both rows, naming file, sheet, row and the item column; nothing else is a problem', () => {
    const [preview] = importFiles(db, { files: [file], dryRun: true, skipInvalid: true }).files;
    expect(preview).toMatchObject({ kind: 'results', layout: 'wide', status: 'preview' });
    expect(preview!.problems).toEqual([
      { file: 'resultats-doublons.xlsx', sheet: SHEET, row: 4, column: 'H (TEL-02)', value: 'Oui', code: 'CONFLICTING_DUPLICATE', message: REASON },
      { file: 'resultats-doublons.xlsx', sheet: SHEET, row: 6, column: 'H (TEL-02)', value: 'Non', code: 'CONFLICTING_DUPLICATE', message: REASON },
    ]);
    // The preview counts A1 once, with its two non-contradictory items.
    expect(preview).toMatchObject({ audits: { new: 3 }, observations: { new: 6 } });

    // Without --skip-invalid the file is refused whole and nothing is written.
    const [refused] = importFiles(db, { files: [file] }).files;
    expect(refused!.status).toBe('refused');
    expect(db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(0);
  });

  it('with skip-invalid imports the rest of the audit and writes both rows to the rejects workbook', () => {
    const [report] = importFiles(db, { files: [file], skipInvalid: true }, { rejectsDir: path.join(dir, 'rejets') }).files;
    expect(report).toMatchObject({ status: 'imported', rowsRead: 4, rowsRejected: 2, audits: { new: 3 } });

    // One audit A1, from both rows: TEL-01 collapsed, TEL-03 from row 6, TEL-02 left out.
    expect(db.prepare(`SELECT COUNT(*) FROM audit WHERE reference = 'A1'`).pluck().get()).toBe(1);
    expect(observations(db, 'A1')).toEqual({
      'TEL-01': { compliant: 1, measure: 3 },
      'TEL-03': { compliant: 0, measure: null },
    });
    expect(observations(db, 'A3')).toEqual({ 'MEL-01': { compliant: 1, measure: 12 }, 'MEL-02': { compliant: 0, measure: null } });
    expect(Object.keys(observations(db, 'A4'))).toEqual(['MEL-01', 'MEL-02']);

    const book = XLSX.read(fs.readFileSync(report!.rejectsFile!));
    const sheet = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 });
    expect(sheet[0]![sheet[0]!.length - 1]).toBe('Motif du rejet');
    expect(sheet.slice(1).map((r) => [r[0], r[4], String(r[r.length - 1])])).toEqual([
      [4, 'A1', `H (TEL-02) : ${REASON}`],
      [6, 'A1', `H (TEL-02) : ${REASON}`],
    ]);
  });

  it('two rows answering every item alike are one audit and no problem', async () => {
    const same = await writeWideXlsx(path.join(dir, 'resultats-repetes.xlsx'), [ROWS[0]!, ROWS[1]!, ROWS[0]!]);
    const [report] = importFiles(db, { files: [same] }).files;
    expect(report).toMatchObject({ status: 'imported', problemCount: 0, audits: { new: 2 }, observations: { new: 4 } });
    expect(observations(db, 'A1')).toEqual({ 'TEL-01': { compliant: 1, measure: 3 }, 'TEL-02': { compliant: 1, measure: null } });
  });
});
