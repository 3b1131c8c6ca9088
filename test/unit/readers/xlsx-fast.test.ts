import { describe, expect, it } from 'vitest';
import { openWorkbookBytes } from '../../../main/import/readers/open-workbook.js';
import type { OpenedWorkbook, ReaderOptions, SheetRow } from '../../../main/import/readers/types.js';
import { errorOf } from './reader-helpers.js';
import { buildZip, minimalXlsxEntries, sheetXml } from '../../fixtures/readers/zip-builder.js';

const SST = '<sst xmlns="x"><si><t>Code</t></si><si><t>Oui</t></si><si><r><t>Non </t></r><r><rPr><b/></rPr><t>conforme</t></r></si></sst>';
const STYLES = '<styleSheet xmlns="x"><numFmts count="1"><numFmt numFmtId="164" formatCode="00"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>';

function book(sheetData: string, extra: Parameters<typeof minimalXlsxEntries>[1] = { sharedStrings: SST, styles: STYLES }, options: ReaderOptions = {}): OpenedWorkbook {
  return openWorkbookBytes(buildZip(minimalXlsxEntries(sheetXml(sheetData), extra)), 'test.xlsx', options);
}

function rowsOf(workbook: OpenedWorkbook): SheetRow[] {
  return [...workbook.rows(workbook.sheetNames[0] ?? '')];
}

describe('xlsx-fast cell types', () => {
  it('decodes every cell type from the cached values, formulas ignored', () => {
    const rows = rowsOf(book(
      '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="str"><f>A1&amp;"x"</f><v>a &amp; b</v></c>' +
      '<c r="D2" t="inlineStr"><is><r><t>in</t></r><r><t xml:space="preserve">line </t></r></is></c><c r="E2" t="b"><v>1</v></c>' +
      '<c r="F2" t="b"><v>0</v></c><c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="H2" t="n"><f>1+1</f><v>2</v></c>' +
      '<c r="I2"><v>-12.5</v></c><c r="J2"><v>1.5E-3</v></c><c r="K2" t="d"><v>2023-03-15T00:00:00Z</v></c><c r="L2" s="1"><v>6</v></c>' +
      '<c r="M2"><v>0.1</v></c><c r="N2"><v>123456789012345678</v></c></row>',
    ));
    expect(rows).toEqual([{
      row: 2,
      cells: ['Code', 'Non conforme', 'a & b', 'inline ', true, false, '#DIV/0!', 2, -12.5, 0.0015, '2023-03-15T00:00:00Z', '06', 0.1, Number('123456789012345678')],
    }]);
  });

  it('parses decimals exactly like Number()', () => {
    const values = ['0.1', '0.3', '12.345', '-0.07', '99999999999.9999', '3.14159265358979', '1e5', '0.000001'];
    const data = `<row r="1">${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}1"><v>${v}</v></c>`).join('')}</row>`;
    expect(rowsOf(book(data))[0]?.cells).toEqual(values.map(Number));
  });

  it('places cells and rows that have no r attribute', () => {
    const rows = rowsOf(book(
      '<row><c t="s"><v>1</v></c><c/><c><v>3</v></c></row><row r="5"><c><v>1</v></c><c r="D5"><v>4</v></c><c><v>5</v></c></row><row><c r="B7"><v>7</v></c></row>',
    ));
    expect(rows).toEqual([
      { row: 1, cells: ['Oui', null, 3] },
      { row: 5, cells: [1, null, null, 4, 5] },
      { row: 7, cells: [null, 7] },
    ]);
  });

  it('skips missing and empty rows, keeping real row numbers, and trims trailing empties', () => {
    const rows = rowsOf(book(
      '<row r="3" spans="1:4"><c r="A3" t="s"><v>0</v></c><c r="B3" s="1"/><c r="C3" t="str"><v></v></c></row>' +
      '<row r="4"/><row r="6"><c r="C6" s="1"/></row><row r="9"><c r="B9"><v>9</v></c></row>',
    ));
    expect(rows).toEqual([
      { row: 3, cells: ['Code'] },
      { row: 9, cells: [null, 9] },
    ]);
  });

  it('reads namespace-prefixed parts', () => {
    const sheet = '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>1</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>';
    const entries = minimalXlsxEntries(sheet, { sharedStrings: SST });
    const workbook = openWorkbookBytes(buildZip(entries), 'p.xlsx');
    expect([...workbook.rows('Feuil1')]).toEqual([{ row: 1, cells: ['Oui', 'b'] }]);
  });

  it('reads date1904 from workbookPr, as 1 or true', () => {
    for (const [attribute, expected] of [['date1904="1"', true], ['date1904="true"', true], ['date1904="0"', false], ['', false]] as const) {
      const workbook = `<workbook xmlns:r="r"><workbookPr ${attribute}/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`;
      expect(book('', { workbook }).date1904).toBe(expected);
    }
  });

  it('gives sheet names in workbook order and estimates rows from the dimension', () => {
    const workbook = '<workbook xmlns:r="r"><sheets><sheet name="R&amp;D" sheetId="1" r:id="rId1"/></sheets></workbook>';
    const sheet = `<worksheet><dimension ref="A1:C500"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`;
    const opened = openWorkbookBytes(buildZip(minimalXlsxEntries(sheet, { workbook })), 'd.xlsx');
    expect(opened.sheetNames).toEqual(['R&D']);
    expect(opened.estimatedRows('R&D')).toBe(500);
  });

  it('estimates the rows of a large sheet without dimension from its head, inflated or not', () => {
    // Rows of varying width (1 to 3 cells), so the head's rows are not all the size of the average.
    const rows = Array.from({ length: 40_000 }, (_, k) => {
      const cells = Array.from({ length: 1 + (k % 3) }, (__, c) => `<c r="${'ABC'[c]}${k + 1}"><v>${k * 7 + c}</v></c>`).join('');
      return `<row r="${k + 1}">${cells}</row>`;
    }).join('');
    const opened = openWorkbookBytes(buildZip(minimalXlsxEntries(`<worksheet><sheetData>${rows}</sheetData></worksheet>`)), 'grand.xlsx');
    const before = opened.estimatedRows('Feuil1');
    // Reading the rows inflates the whole sheet and keeps it: the estimate then reads its head too.
    expect([...opened.rows('Feuil1')]).toHaveLength(40_000);
    const after = opened.estimatedRows('Feuil1');
    // An estimate for a progress bar: the head's row numbers are shorter than the last ones.
    for (const estimate of [before, after]) {
      expect(estimate).toBeGreaterThan(40_000 * 0.8);
      expect(estimate).toBeLessThan(40_000 * 1.2);
    }
  });

  it('yields no rows for an empty sheet, and refuses a workbook without sheets', () => {
    expect(rowsOf(book(''))).toEqual([]);
    const emptyData = openWorkbookBytes(buildZip(minimalXlsxEntries('<worksheet><sheetData/></worksheet>')), 'e.xlsx');
    expect([...emptyData.rows('Feuil1')]).toEqual([]);
    const noSheets = '<workbook><sheets/></workbook>';
    expect(errorOf(() => book('', { workbook: noSheets })).code).toBe('FILE_UNREADABLE');
  });

  it('names the sheets that exist when asked for an unknown one', () => {
    const error = errorOf(() => book('').rows('Inconnue'));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('Feuil1');
  });
});

describe('xlsx-fast refusals', () => {
  it('refuses a DOCTYPE in the prolog, inside the sheet data and in other parts', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>';
    const inProlog = errorOf(() => [...openWorkbookBytes(buildZip(minimalXlsxEntries(bomb)), 'b.xlsx').rows('Feuil1')]);
    expect(inProlog.code).toBe('FILE_HOSTILE');
    expect(inProlog.message).toContain('xl/worksheets/sheet1.xml');
    const inData = errorOf(() => rowsOf(book('<row r="1"><c><v>1</v></c></row><!DOCTYPE x><row r="2"><c><v>2</v></c></row>')));
    expect(inData.code).toBe('FILE_HOSTILE');
    const inSst = errorOf(() => rowsOf(book('<row r="1"><c t="s"><v>0</v></c></row>', { sharedStrings: '<!DOCTYPE x [<!ENTITY a "b">]><sst><si><t>&a;</t></si></sst>' })));
    expect(inSst.code).toBe('FILE_HOSTILE');
    const inWorkbook = errorOf(() => book('', { workbook: '<!DOCTYPE w><workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>' }));
    expect(inWorkbook.code).toBe('FILE_HOSTILE');
  });

  it('refuses a DOCTYPE spelt in mixed case (<!DocType) in a sheet prolog and in the shared strings', () => {
    const bomb = '<?xml version="1.0"?><!DocType lolz [<!ENTITY lol "lol">]><worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&lol;</t></is></c></row></sheetData></worksheet>';
    const inProlog = errorOf(() => [...openWorkbookBytes(buildZip(minimalXlsxEntries(bomb)), 'b.xlsx').rows('Feuil1')]);
    expect(inProlog.code).toBe('FILE_HOSTILE');
    expect(inProlog.message).toContain('xl/worksheets/sheet1.xml');
    const inSst = errorOf(() => rowsOf(book('<row r="1"><c t="s"><v>0</v></c></row>', { sharedStrings: '<!doCTYPE x [<!ENTITY a "b">]><sst><si><t>&a;</t></si></sst>' })));
    expect(inSst.code).toBe('FILE_HOSTILE');
  });

  it('refuses a shared string index out of range and a column beyond XFD', () => {
    expect(errorOf(() => rowsOf(book('<row r="1"><c r="A1" t="s"><v>99</v></c></row>'))).code).toBe('FILE_UNREADABLE');
    expect(errorOf(() => rowsOf(book('<row r="1"><c r="ZZZZ1"><v>1</v></c></row>'))).code).toBe('FILE_UNREADABLE');
  });

  it('refuses a sheet that would make it allocate billions of blank cells', () => {
    // Each ~45-byte row holds one cell at column XFD: 16,384 cells per row.
    const rows = Array.from({ length: 5000 }, (_, r) => `<row r="${r + 1}"><c r="XFD${r + 1}"><v>1</v></c></row>`).join('');
    const error = errorOf(() => rowsOf(book(rows)));
    expect(error.code).toBe('FILE_HOSTILE');
    // The same cells near column A are fine.
    const near = Array.from({ length: 5000 }, (_, r) => `<row r="${r + 1}"><c r="D${r + 1}"><v>1</v></c></row>`).join('');
    expect(rowsOf(book(near)).length).toBe(5000);
  });

  it('refuses a sheet cut in the middle of a cell', () => {
    expect(errorOf(() => rowsOf(book('<row r="1"><c r="A1" t="s"><v>0'))).code).toBe('FILE_UNREADABLE');
  });

  it('stops with CANCELLED when the token is cancelled between rows', () => {
    const cancel = { cancelled: false };
    const workbook = book('<row r="1"><c><v>1</v></c></row><row r="2"><c><v>2</v></c></row><row r="3"><c><v>3</v></c></row>', undefined, { cancel });
    const seen: number[] = [];
    const error = errorOf(() => {
      for (const row of workbook.rows('Feuil1')) {
        seen.push(row.row);
        cancel.cancelled = true;
      }
    });
    expect(error.code).toBe('CANCELLED');
    expect(seen).toEqual([1]);
  });
});
