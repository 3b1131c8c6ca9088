/**
 * An import run opens and detects every file before importing the first, and an xlsx workbook
 * keeps the worksheet its detection inflated. Several results workbooks in one run (a national
 * history: one ~130 MB worksheet per edition) must not all stay inflated through the run: only
 * the first results file keeps its worksheet, the others inflate theirs again when imported.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { importFiles, keepOneInflatedSheet, type Opened } from '../../main/import/index.js';
import { openWorkbook } from '../../main/import/readers/open-workbook.js';
import { detectWorkbook } from '../../main/import/detect.js';
import { knownItemCodes } from '../../main/import/referential-lookup.js';
import { tempDir } from './helpers.js';
import { WIDE_HEADER, WIDE_ROWS, writeSheet, writeSmallBarometer, type Row } from '../fixtures/small-barometer.js';

/** The small barometer's wide results, moved to another edition. */
function editionRows(edition: number): Row[] {
  return WIDE_ROWS.map((row) => [edition, row[1]!, row[2]!, `${row[3]}-${edition}`, String(row[4]).replace('2023', String(edition)), ...row.slice(5)]);
}

describe('worksheets held by an import run', () => {
  it('keeps the inflated worksheet of the first results file only, and still imports every file', () => {
    const dir = tempDir('held-sheets-');
    const small = writeSmallBarometer(dir);
    const db = openWorkspace(path.join(dir, 'espace.sqlite'));
    importFiles(db, { files: [small.structures] }, { backup: false });
    const results = [2023, 2024, 2025].map((edition) => writeSheet(path.join(dir, `resultats-${edition}.xlsx`), WIDE_HEADER, editionRows(edition)));
    importFiles(db, { files: [small.referential] }, { backup: false });

    const opened: Opened[] = [small.referential, ...results].map((file) => {
      const workbook = openWorkbook(file);
      const detection = detectWorkbook(workbook, file, { knownItems: knownItemCodes(db) });
      return { file, workbook, detection, report: {} as Opened['report'] };
    });
    keepOneInflatedSheet(opened);
    const held = opened.map((entry) => entry.workbook!.takeSheetXml!(entry.detection!.sheet) !== null);
    // The referential (small, not a results file) and the first results file keep theirs.
    expect(held).toEqual([true, true, false, false]);

    const reports = importFiles(db, { files: results }, { backup: false }).files;
    expect(reports.map((r) => [r.status, r.editions, r.audits.new])).toEqual([2023, 2024, 2025].map((edition) => ['imported', [edition], WIDE_ROWS.length]));
    expect(db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(3 * WIDE_ROWS.length);
    db.close();
  });
});
