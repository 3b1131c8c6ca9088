/**
 * Files on disk through openWorkbook: CSV in the three encodings with each separator, content
 * sniffing whatever the extension says, and the files a reader must refuse (hostile, truncated,
 * not a spreadsheet, empty), quickly and with a French message naming the file.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { openWorkbook } from '../../../main/import/readers/open-workbook.js';
import type { OpenedWorkbook, ReaderOptions, SheetRow } from '../../../main/import/readers/types.js';
import { csvLine, encodeWindows1252 } from '../../fixtures/readers/encode.js';
import { buildZip, minimalXlsxEntries, sheetXml, zeroBomb } from '../../fixtures/readers/zip-builder.js';
import { makeTempDir } from '../../temp-dirs.js';

let dir = '';
const file = (name: string): string => path.join(dir, name);
const rowsOf = (workbook: OpenedWorkbook): SheetRow[] => [...workbook.rows(workbook.sheetNames[0] ?? '')];

/** Opens and reads every row; returns the AppError thrown on the way. */
function refusal(name: string, options: ReaderOptions = {}): AppError {
  try {
    const workbook = openWorkbook(file(name), options);
    for (const sheet of workbook.sheetNames) {
      for (const _row of workbook.rows(sheet)) {
        // read every row: some refusals only happen while a sheet is inflated and scanned
      }
    }
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

beforeAll(() => {
  dir = makeTempDir('readers-files-');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('CSV files', () => {
  const table: (string | null)[][] = [
    ['Baromètre Expérience Citoyen – édition 2023'],
    [],
    ['Code structure', 'Structure', 'Réponse', 'Délai (h)', 'Commentaire'],
    ['06', 'Mairie de Cannes', 'Oui', '12,5', 'Accueil très aimable'],
    ['27', 'Vernon', 'Non', '', 'Reçu un « œuvre » à 12 €; puis\nrappel'],
    ['60', 'Cernay', 'NA', '48', null],
  ];
  const expected: SheetRow[] = [
    { row: 1, cells: ['Baromètre Expérience Citoyen – édition 2023'] },
    { row: 3, cells: ['Code structure', 'Structure', 'Réponse', 'Délai (h)', 'Commentaire'] },
    { row: 4, cells: ['06', 'Mairie de Cannes', 'Oui', '12,5', 'Accueil très aimable'] },
    { row: 5, cells: ['27', 'Vernon', 'Non', null, 'Reçu un « œuvre » à 12 €; puis\nrappel'] },
    { row: 6, cells: ['60', 'Cernay', 'NA', '48'] },
  ];

  const encodings = {
    'utf-8': (text: string) => Buffer.from(text, 'utf8'),
    'utf-8-bom': (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
    'windows-1252': encodeWindows1252,
  } as const;

  for (const [encoding, encode] of Object.entries(encodings)) {
    for (const separator of [';', ',', '\t'] as const) {
      for (const eol of ['\r\n', '\n']) {
        it(`reads ${encoding}, separator ${JSON.stringify(separator)}, ${JSON.stringify(eol)} line ends`, () => {
          const name = `t-${encoding}-${separator === '\t' ? 'tab' : separator}-${eol.length}.csv`;
          writeFileSync(file(name), encode(table.map((row) => csvLine(row, separator)).join(eol) + eol));
          const workbook = openWorkbook(file(name));
          expect(workbook.format).toBe('csv');
          expect(workbook.csvDialect).toEqual({ encoding, separator });
          expect(workbook.sheetNames).toEqual([name.replace(/\.csv$/, '')]);
          expect(workbook.date1904).toBe(false);
          expect(rowsOf(workbook)).toEqual(expected);
          expect(workbook.estimatedRows(workbook.sheetNames[0] ?? '')).toBeGreaterThanOrEqual(6);
        });
      }
    }
  }

  it('honours an Excel "sep=" first line', () => {
    writeFileSync(file('sep.csv'), 'sep=,\r\na;b,c\r\n1;2,3\r\n');
    const workbook = openWorkbook(file('sep.csv'));
    expect(workbook.csvDialect?.separator).toBe(',');
    expect(rowsOf(workbook)).toEqual([{ row: 1, cells: ['a;b', 'c'] }, { row: 2, cells: ['1;2', '3'] }]);
  });

  it('reads by content, not by extension: a CSV named .xlsx is read as CSV', () => {
    writeFileSync(file('export.xlsx'), 'Code;Réponse\n06;Oui\n');
    const workbook = openWorkbook(file('export.xlsx'));
    expect(workbook.format).toBe('csv');
    expect(rowsOf(workbook)).toEqual([{ row: 1, cells: ['Code', 'Réponse'] }, { row: 2, cells: ['06', 'Oui'] }]);
  });
});

describe('content sniffing of real workbooks whatever their extension', () => {
  it('reads an xlsx named .xls and an xls named .xlsx', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('F').getCell('A1').value = 'ok';
    await wb.xlsx.writeFile(file('really-xlsx.xls'));
    expect(openWorkbook(file('really-xlsx.xls')).format).toBe('xlsx');
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['ok']]), 'F');
    writeFileSync(file('really-xls.xlsx'), XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer);
    const xls = openWorkbook(file('really-xls.xlsx'));
    expect(xls.format).toBe('xls');
    expect(rowsOf(xls)).toEqual([{ row: 1, cells: ['ok'] }]);
  });
});

describe('refused files', () => {
  it('refuses a zip bomb sheet (2 GiB of zeros in 2 MB) as hostile, with default limits', () => {
    writeFileSync(file('bomb.xlsx'), buildZip(minimalXlsxEntries({ name: 'xl/worksheets/sheet1.xml', ...zeroBomb(128) })));
    const error = refusal('bomb.xlsx');
    expect(error.code).toBe('FILE_HOSTILE');
    expect(error.message).toContain('bomb.xlsx');
    expect(error.message).toContain('xl/worksheets/sheet1.xml');
    expect(error.details).toMatchObject({ file: 'bomb.xlsx' });
  });

  it('refuses a bomb lying about its size (declares 100 KB) while inflating it', () => {
    writeFileSync(file('liar.xlsx'), buildZip(minimalXlsxEntries({ name: 'xl/worksheets/sheet1.xml', ...zeroBomb(128), declaredSize: 100_000 })));
    const workbook = openWorkbook(file('liar.xlsx'));
    expect(workbook.sheetNames).toEqual(['Feuil1']);
    const error = refusal('liar.xlsx');
    expect(error.code).toBe('FILE_HOSTILE');
    expect(error.message).toMatch(/mensong/);
  });

  it('refuses a sheet over a custom entry limit', () => {
    const big = sheetXml(Array.from({ length: 2000 }, (_, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>${r}</v></c></row>`).join(''));
    writeFileSync(file('big.xlsx'), buildZip(minimalXlsxEntries(big)));
    expect(refusal('big.xlsx', { limits: { maxEntryBytes: 10_000 } }).code).toBe('FILE_HOSTILE');
    expect(rowsOf(openWorkbook(file('big.xlsx'))).length).toBe(2000);
  });

  it('refuses XML with a DOCTYPE (entity expansion) in an xlsx and in an ods', () => {
    const lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
    writeFileSync(file('doctype.xlsx'), buildZip(minimalXlsxEntries(`${lol}<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&lol1;</t></is></c></row></sheetData></worksheet>`)));
    expect(refusal('doctype.xlsx').code).toBe('FILE_HOSTILE');
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['ok']]), 'F');
    const ods = XLSX.write(book, { type: 'buffer', bookType: 'ods' }) as Buffer;
    const zip = XLSX.CFB.read(ods, { type: 'buffer' });
    const content = XLSX.CFB.find(zip, 'content.xml');
    if (!content?.content) throw new Error('no content.xml in the ods');
    const xml = Buffer.from(content.content as Uint8Array).toString('utf8');
    writeFileSync(file('doctype.ods'), buildZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', method: 0 },
      { name: 'content.xml', data: xml.replace('?>', `?>${lol.replace('<?xml version="1.0"?>', '')}`) },
    ]));
    expect(refusal('doctype.ods').code).toBe('FILE_HOSTILE');
  });

  it('refuses a truncated xlsx', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('F');
    for (let r = 1; r <= 200; r += 1) ws.addRow([`ligne ${r}`, r]);
    await wb.xlsx.writeFile(file('whole.xlsx'));
    const whole = readFileSync(file('whole.xlsx'));
    writeFileSync(file('truncated.xlsx'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    const error = refusal('truncated.xlsx');
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toContain('truncated.xlsx');
    expect(error.message).toMatch(/tronqué/);
  });

  it('refuses a PNG and a PDF renamed .xlsx, saying what they are', () => {
    writeFileSync(file('image.xlsx'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]));
    const png = refusal('image.xlsx');
    expect(png.code).toBe('FILE_UNREADABLE');
    expect(png.message).toMatch(/PNG/);
    writeFileSync(file('doc.xlsx'), Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n', 'latin1'), Buffer.from([0, 1, 2, 3, 4])]));
    expect(refusal('doc.xlsx').message).toMatch(/PDF/);
  });

  it('refuses binary junk, UTF-16 text and HTML passed off as a spreadsheet', () => {
    writeFileSync(file('junk.xls'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
    expect(refusal('junk.xls').code).toBe('FILE_UNREADABLE');
    writeFileSync(file('unicode.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\tb\r\n', 'utf16le')]));
    expect(refusal('unicode.csv').message).toMatch(/UTF-16/);
    writeFileSync(file('page.xls'), '<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>');
    expect(refusal('page.xls').message).toMatch(/HTML/);
  });

  it('refuses an empty file, a blank CSV, and a workbook without sheets', () => {
    writeFileSync(file('empty.xlsx'), Buffer.alloc(0));
    const empty = refusal('empty.xlsx');
    expect(empty.code).toBe('FILE_UNREADABLE');
    expect(empty.message).toMatch(/vide/);
    writeFileSync(file('blank.csv'), '\r\n  \r\n');
    expect(refusal('blank.csv').code).toBe('FILE_UNREADABLE');
    writeFileSync(file('nosheet.xlsx'), buildZip(minimalXlsxEntries(sheetXml(''), { workbook: '<workbook><sheets/></workbook>' })));
    expect(refusal('nosheet.xlsx').message).toMatch(/aucune feuille/);
  });

  it('reads a workbook whose only sheet is empty as no rows (the pipeline reports it)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Vide');
    await wb.xlsx.writeFile(file('only-empty.xlsx'));
    const workbook = openWorkbook(file('only-empty.xlsx'));
    expect(workbook.sheetNames).toEqual(['Vide']);
    expect(rowsOf(workbook)).toEqual([]);
  });

  it('refuses a file over the size limit before reading it, and a zip that is not a workbook', () => {
    writeFileSync(file('large.csv'), 'a;b\n'.repeat(1000));
    expect(refusal('large.csv', { limits: { maxFileBytes: 1000 } }).code).toBe('FILE_HOSTILE');
    writeFileSync(file('word.xlsx'), buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]));
    expect(refusal('word.xlsx').message).toMatch(/Word/);
    expect(refusal('missing.xlsx').code).toBe('FILE_UNREADABLE');
  });
});
