/**
 * Real workbooks written by ExcelJS and by SheetJS (xlsx with shared strings and with inline
 * strings, xls, ods) into a temp dir, read back through openWorkbook: our fast xlsx reader and
 * the SheetJS path must agree with what was written and with each other.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkbook } from '../../../main/import/readers/open-workbook.js';
import type { OpenedWorkbook, SheetRow } from '../../../main/import/readers/types.js';
import { makeTempDir } from '../../temp-dirs.js';

let dir = '';
const file = (name: string): string => path.join(dir, name);
const rowsOf = (workbook: OpenedWorkbook, sheet = workbook.sheetNames[0] ?? ''): SheetRow[] => [...workbook.rows(sheet)];

/** The rows every producer below writes, as the readers must give them back. */
const EXPECTED: SheetRow[] = [
  { row: 1, cells: ['Baromètre Expérience Citoyen 2023'] },
  { row: 3, cells: ['Code structure', 'Département', 'Structure', 'Réponse', 'Total', 'Commentaire'] },
  { row: 4, cells: ['06', '06', 'Mairie de Cannes', 'Oui', 12, 'l\'accueil & « bien »'] },
  { row: 5, cells: ['27', '27', 'Vernon', null, 54, null, true] },
  { row: 7, cells: [null, null, null, '#N/A', 0.1] },
];

beforeAll(async () => {
  dir = makeTempDir('readers-producers-');

  // ExcelJS: shared strings, merged title, formulas with cached results, "00" format.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Résultats');
  ws.getCell('A1').value = 'Baromètre Expérience Citoyen 2023';
  ws.mergeCells('A1:D1');
  ws.getRow(3).values = ['Code structure', 'Département', 'Structure', 'Réponse', 'Total', 'Commentaire'];
  ws.getCell('A4').value = '06';
  ws.getCell('B4').value = 6;
  ws.getCell('B4').numFmt = '00';
  ws.getCell('C4').value = 'Mairie de Cannes';
  ws.getCell('D4').value = 'Oui';
  ws.getCell('E4').value = { formula: 'B4*2', result: 12 };
  ws.getCell('F4').value = 'l\'accueil & « bien »';
  ws.getCell('A5').value = '27';
  ws.getCell('B5').value = 27;
  ws.getCell('B5').numFmt = '00';
  ws.getCell('C5').value = 'Vernon';
  ws.mergeCells('C5:D5');
  ws.getCell('E5').value = { formula: 'B5*2', result: 54 };
  ws.getCell('G5').value = true;
  ws.getCell('D7').value = { error: '#N/A' };
  ws.getCell('E7').value = 0.1;
  ws.getCell('H9').numFmt = '00'; // a styled blank cell: no value, no row
  wb.addWorksheet('Vide');
  await wb.xlsx.writeFile(file('exceljs.xlsx'));

  const wb1904 = new ExcelJS.Workbook();
  wb1904.properties.date1904 = true;
  wb1904.addWorksheet('Dates').getCell('A1').value = 1;
  await wb1904.xlsx.writeFile(file('exceljs-1904.xlsx'));

  // SheetJS: the same table, as cell objects.
  const sheet: XLSX.WorkSheet = XLSX.utils.aoa_to_sheet([
    ['Baromètre Expérience Citoyen 2023'],
    [],
    ['Code structure', 'Département', 'Structure', 'Réponse', 'Total', 'Commentaire'],
    ['06', 6, 'Mairie de Cannes', 'Oui', 12, 'l\'accueil & « bien »'],
    ['27', 27, 'Vernon', null, 54, null, true],
    [],
    [null, null, null, null, 0.1],
  ]);
  const set = (ref: string, cell: XLSX.CellObject): void => {
    sheet[ref] = cell;
  };
  set('B4', { t: 'n', v: 6, z: '00' });
  set('B5', { t: 'n', v: 27, z: '00' });
  set('E4', { t: 'n', v: 12, f: 'B4*2' });
  set('E5', { t: 'n', v: 54, f: 'B5*2' });
  set('D7', { t: 'e', v: 0x2a, w: '#N/A' });
  sheet['!merges'] = [XLSX.utils.decode_range('A1:D1'), XLSX.utils.decode_range('C5:D5')];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Résultats');
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([]), 'Vide');
  writeFileSync(file('sheetjs-inline.xlsx'), XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST: false }) as Buffer);
  writeFileSync(file('sheetjs-sst.xlsx'), XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer);
  writeFileSync(file('sheetjs.xls'), XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer);
  writeFileSync(file('sheetjs.ods'), XLSX.write(book, { type: 'buffer', bookType: 'ods' }) as Buffer);

  const book1904 = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book1904, XLSX.utils.aoa_to_sheet([[1]]), 'Dates');
  book1904.Workbook = { WBProps: { date1904: true } };
  writeFileSync(file('sheetjs-1904.xlsx'), XLSX.write(book1904, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  writeFileSync(file('sheetjs-1904.xls'), XLSX.write(book1904, { type: 'buffer', bookType: 'biff8' }) as Buffer);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['exceljs.xlsx', 'fast'],
  ['exceljs.xlsx', 'sheetjs'],
  ['sheetjs-inline.xlsx', 'fast'],
  ['sheetjs-inline.xlsx', 'sheetjs'],
  ['sheetjs-sst.xlsx', 'fast'],
  ['sheetjs-sst.xlsx', 'sheetjs'],
  ['sheetjs.xls', 'fast'],
] as const)('%s read with the %s engine', (name, engine) => {
  it('gives back the table: title row, merged cells, blanks, formulas cached, 06 kept as text', () => {
    const workbook = openWorkbook(file(name), { xlsxEngine: engine });
    expect(workbook.format).toBe(name.endsWith('.xls') ? 'xls' : 'xlsx');
    expect(workbook.fileName).toBe(name);
    expect(workbook.sheetNames).toEqual(['Résultats', 'Vide']);
    expect(workbook.date1904).toBe(false);
    expect(rowsOf(workbook)).toEqual(EXPECTED);
  });

  it('yields no rows for the empty sheet and estimates the data sheet', () => {
    const workbook = openWorkbook(file(name), { xlsxEngine: engine });
    expect(rowsOf(workbook, 'Vide')).toEqual([]);
    const estimate = workbook.estimatedRows('Résultats');
    expect(estimate).toBeGreaterThanOrEqual(5);
    expect(estimate).toBeLessThanOrEqual(9);
  });
});

describe('ods written by SheetJS', () => {
  it('gives back the table (06 as text; ods keeps no "00" format through SheetJS)', () => {
    const workbook = openWorkbook(file('sheetjs.ods'));
    expect(workbook.format).toBe('ods');
    expect(workbook.sheetNames).toEqual(['Résultats', 'Vide']);
    const rows = rowsOf(workbook);
    expect(rows.map((r) => r.row)).toEqual([1, 3, 4, 5, 7]);
    expect(rows[2]?.cells[0]).toBe('06');
    expect(rows[2]?.cells[4]).toBe(12);
    expect(rows[3]?.cells[6]).toBe(true);
    expect(rows[4]?.cells[4]).toBe(0.1);
    expect(rowsOf(workbook, 'Vide')).toEqual([]);
  });
});

describe('1904 date system', () => {
  it.each(['exceljs-1904.xlsx', 'sheetjs-1904.xlsx', 'sheetjs-1904.xls'])('%s says date1904 with both engines', (name) => {
    expect(openWorkbook(file(name)).date1904).toBe(true);
    expect(openWorkbook(file(name), { xlsxEngine: 'sheetjs' }).date1904).toBe(true);
    expect(openWorkbook(file('exceljs.xlsx')).date1904).toBe(false);
  });
});

describe('a wide sheet', () => {
  it('reads the same rows with both engines (ExcelJS streaming writer, 300 rows × 410 columns)', async () => {
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file('wide.xlsx'), useSharedStrings: true });
    const sheet = writer.addWorksheet('Large');
    for (let r = 0; r < 300; r += 1) {
      const values: (string | number | undefined)[] = new Array<string | number | undefined>(410);
      values[0] = `A-${r}`;
      for (let c = 10 + (r % 7); c < 410; c += 5 + (r % 3)) values[c] = (r + c) % 4 === 0 ? 'Oui' : (r + c) % 4 === 1 ? 'Non' : (r * c) / 8;
      sheet.addRow(values).commit();
    }
    sheet.commit();
    await writer.commit();
    const fast = rowsOf(openWorkbook(file('wide.xlsx')));
    const reference = rowsOf(openWorkbook(file('wide.xlsx'), { xlsxEngine: 'sheetjs' }));
    expect(fast.length).toBe(300);
    expect(fast).toEqual(reference);
    expect(fast[299]?.cells[0]).toBe('A-299');
  });
});
