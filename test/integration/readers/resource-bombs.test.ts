/**
 * Issue 13: files built to exhaust time or memory, written in a temp dir, each refused with the
 * name of the cap it hits (and how to raise it) or read correctly; and reader failures told in
 * French, naming the file, without the library's English. Timings and peak memory are not
 * asserted here (the machine is shared); they are measured apart and reported.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { openWorkbook } from '../../../main/import/readers/open-workbook.js';
import type { OpenedWorkbook, ReaderOptions, SheetRow } from '../../../main/import/readers/types.js';
import { buildZip, minimalXlsxEntries, sheetXml } from '../../fixtures/readers/zip-builder.js';
import { makeTempDir } from '../../temp-dirs.js';

let dir = '';
const file = (name: string): string => path.join(dir, name);
const rowsOf = (workbook: OpenedWorkbook): SheetRow[] => [...workbook.rows(workbook.sheetNames[0] ?? '')];

/** Opens and reads every row of every sheet; returns the AppError thrown on the way. */
function refusal(name: string, options: ReaderOptions = {}): AppError {
  try {
    const workbook = openWorkbook(file(name), options);
    for (const sheet of workbook.sheetNames) {
      for (const _row of workbook.rows(sheet)) {
        // every row: some caps are only reached while a sheet is scanned
      }
    }
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

/** The message with the narrow no-break spaces of French numbers ("17 179 869 184") as plain spaces. */
const plain = (error: AppError): string => error.message.replace(/[\u202f\u00a0]/g, ' ');

/** Words of SheetJS's, V8's or Node's own messages that must never reach the user. */
const ENGLISH = /\b(Cannot|undefined|properties|reading|Error|Truncated|Record|Unexpected|Invalid|string longer|file size|Bad|Unsupported)\b/;

beforeAll(() => {
  dir = makeTempDir('readers-bombs-');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('CSV monsters', () => {
  it('refuses one line of 60 Mo (30 M fields) on the fields cap, naming it', () => {
    const line = Buffer.alloc(60 * 1024 * 1024, 'a;');
    line[line.length - 1] = 10;
    writeFileSync(file('une-ligne.csv'), line);
    const error = refusal('une-ligne.csv');
    expect(error.code).toBe('FILE_HOSTILE');
    expect(plain(error)).toMatch(/^Le fichier « une-ligne\.csv » est refusé par précaution : la ligne 1 compte au moins 16 385 champs, au-delà de la limite de 16 384 champs \(limite « maxCsvFields », réglable : barometer import --limit maxCsvFields=32768\)\.$/);
  });

  it('refuses one line of 1 M fields, then on its length once the fields cap is raised, and reads it once both are', () => {
    writeFileSync(file('million.csv'), `${Array.from({ length: 1_000_000 }, (_, i) => `v${i % 10}`).join(';')}\n`);
    expect(refusal('million.csv').message).toMatch(/maxCsvFields/);
    expect(plain(refusal('million.csv', { limits: { maxCsvFields: 2_000_000 } }))).toMatch(/la ligne 1 fait au moins .* octets, au-delà de la limite de 1 Mo \(limite « maxCsvRecordBytes »/);
    const rows = rowsOf(openWorkbook(file('million.csv'), { limits: { maxCsvFields: 2_000_000, maxCsvRecordBytes: 8 * 1024 * 1024 } }));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.cells).toHaveLength(1_000_000);
    expect(rows[0]?.cells[999_999]).toBe('v9');
  });

  it('reads 10,000 columns × 50 rows whole and right', () => {
    const lines = Array.from({ length: 50 }, (_, r) => Array.from({ length: 10_000 }, (_, c) => (c % 7 === 0 ? '' : `${r}.${c}`)).join(';'));
    writeFileSync(file('large.csv'), `${lines.join('\r\n')}\r\n`);
    const rows = rowsOf(openWorkbook(file('large.csv')));
    expect(rows).toHaveLength(50);
    expect(rows[49]?.row).toBe(50);
    expect(rows[49]?.cells).toHaveLength(10_000);
    expect(rows[49]?.cells[9_999]).toBe('49.9999');
    expect(rows[12]?.cells[7]).toBeNull();
  });
});

const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

/** An ODS around the given tables (`<table:table>` elements), as LibreOffice lays it out. */
function odsFile(tables: string): Buffer {
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;
  return buildZip([
    { name: 'mimetype', data: ODS_MIME, method: 0 },
    { name: 'META-INF/manifest.xml', data: `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="${ODS_MIME}"/></manifest:manifest>` },
    { name: 'styles.xml', data: '<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>' },
    { name: 'content.xml', data: content },
  ]);
}
const textCell = (value: string, attributes = ''): string => `<table:table-cell office:value-type="string"${attributes}><text:p>${value}</text:p></table:table-cell>`;

describe('ODS repetition bombs', () => {
  it('refuses 1,048,576 rows × 16,384 repeated cells (17 G cells in a small file) before SheetJS expands them', () => {
    const bytes = odsFile(`<table:table table:name="Bombe"><table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"><text:p>1</text:p></table:table-cell></table:table-row></table:table>`);
    expect(bytes.length).toBeLessThan(40_000);
    writeFileSync(file('bombe.ods'), bytes);
    const error = refusal('bombe.ods');
    expect(error.code).toBe('FILE_HOSTILE');
    expect(plain(error)).toMatch(/« bombe\.ods ».*la feuille « Bombe » déclare 17 179 869 184 cellules non vides.*au-delà de la limite de 2 000 000 cellules \(limite « maxCellsOdsXls », réglable : barometer import --limit maxCellsOdsXls=4000000\)\. .*\.xlsx/);
  });

  it('refuses 2,000 rows each with one cell repeated 16,384 times', () => {
    writeFileSync(file('lignes.ods'), odsFile(`<table:table table:name="F">${`<table:table-row>${textCell('x', ' table:number-columns-repeated="16384"')}</table:table-row>`.repeat(2000)}</table:table>`));
    expect(plain(refusal('lignes.ods'))).toMatch(/déclare 32 768 000 cellules non vides.*maxCellsOdsXls/);
  });

  it("imports a sheet followed by LibreOffice's 1,048,576 trailing empty rows", () => {
    const data = `<table:table-row>${textCell('Code structure')}${textCell('Réf. audit')}<table:table-cell table:number-columns-repeated="1022"/></table:table-row>`
      + `<table:table-row>${textCell('06')}${textCell('A-1')}<table:table-cell table:number-columns-repeated="1022"/></table:table-row>`;
    writeFileSync(file('libreoffice.ods'), odsFile(`<table:table table:name="Feuille1"><table:table-column table:number-columns-repeated="1024"/>${data}<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>`));
    expect(rowsOf(openWorkbook(file('libreoffice.ods')))).toEqual([
      { row: 1, cells: ['Code structure', 'Réf. audit'] },
      { row: 2, cells: ['06', 'A-1'] },
    ]);
  });

  it('expands honest repetitions under the cap, and refuses them once the cap is set below', () => {
    writeFileSync(file('repetes.ods'), odsFile(`<table:table table:name="R"><table:table-row table:number-rows-repeated="3">${textCell('Oui', ' table:number-columns-repeated="2"')}</table:table-row></table:table>`));
    expect(rowsOf(openWorkbook(file('repetes.ods')))).toEqual([1, 2, 3].map((row) => ({ row, cells: ['Oui', 'Oui'] })));
    expect(refusal('repetes.ods', { limits: { maxCellsOdsXls: 5 } }).message).toMatch(/la feuille « R » déclare 6 cellules non vides.*limite de 5 cellules/);
  });
});

describe('xlsx parts too big to hold', () => {
  /** A part that declares `size` bytes over garbage: refused before inflating, else it would be "damaged". */
  const lying = (name: string, size: number): { name: string; compressed: Buffer; uncompressedSize: number } =>
    ({ name, compressed: Buffer.alloc(Math.ceil(size / 150), 0xa5), uncompressedSize: size });

  it('refuses a 700 Mo shared strings part before inflating a byte, naming the file and the cap', () => {
    const entries = minimalXlsxEntries(sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'));
    entries.push(lying('xl/sharedStrings.xml', 700 * 1024 * 1024));
    writeFileSync(file('textes.xlsx'), buildZip(entries));
    const error = refusal('textes.xlsx');
    expect(error.code).toBe('FILE_HOSTILE');
    expect(plain(error)).toMatch(/^Le fichier « textes\.xlsx » est refusé par précaution : la table des textes partagés \(élément « xl\/sharedStrings\.xml »\) déclare 700 Mo une fois décompressé, au-delà de la limite de 256 Mo \(limite « maxSharedStringsBytes », réglable : barometer import --limit maxSharedStringsBytes=512M\)\.$/);
  });

  it('refuses a sheet declaring 1 000 Mo before inflating it', () => {
    writeFileSync(file('feuille.xlsx'), buildZip(minimalXlsxEntries(lying('xl/worksheets/sheet1.xml', 1000 * 1024 * 1024))));
    expect(plain(refusal('feuille.xlsx'))).toMatch(/la feuille « Feuil1 » \(élément « xl\/worksheets\/sheet1\.xml »\) déclare 1 000 Mo .*maxSheetBytes/);
  });

  it('names the file when the shared strings fail while a sheet is read', () => {
    const entries = minimalXlsxEntries(sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), { sharedStrings: '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si></sst>' });
    const sst = entries.find((entry) => entry.name === 'xl/sharedStrings.xml');
    if (sst) sst.crc = 12345;
    writeFileSync(file('crc.xlsx'), buildZip(entries));
    expect(refusal('crc.xlsx').message).toMatch(/^Le fichier « crc\.xlsx » est illisible : la somme de contrôle de l'élément « xl\/sharedStrings\.xml » est fausse/);
  });

  it('counts non-empty cells of a sheet against maxCells', () => {
    const rows = Array.from({ length: 10 }, (_, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>${r}</v></c><c r="C${r + 1}"><v>1</v></c></row>`).join('');
    writeFileSync(file('cellules.xlsx'), buildZip(minimalXlsxEntries(sheetXml(rows))));
    expect(rowsOf(openWorkbook(file('cellules.xlsx'), { limits: { maxCells: 20 } }))).toHaveLength(10);
    expect(plain(refusal('cellules.xlsx', { limits: { maxCells: 19 } }))).toMatch(/la feuille « Feuil1 » compte au moins 20 cellules non vides \(ligne 10\).*maxCells/);
  });
});

describe('.xls failures in French', () => {
  const table = [['Code structure', 'Réf. audit', 'Canal'], ...Array.from({ length: 300 }, (_, i) => [`S${i}`, `A-${i}`, 'Courriel'])];
  const goodXls = (): Buffer => {
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(table), 'Feuil1');
    return XLSX.write(workbook, { type: 'buffer', bookType: 'biff8' }) as Buffer;
  };

  it('counts the cells of a .xls against maxCellsOdsXls before SheetJS reads it', () => {
    writeFileSync(file('comptes.xls'), goodXls());
    expect(rowsOf(openWorkbook(file('comptes.xls')))).toHaveLength(301);
    expect(plain(refusal('comptes.xls', { limits: { maxCellsOdsXls: 900 } }))).toMatch(/ses feuilles comptent en tout 903 cellules non vides, au-delà de la limite de 900 cellules \(limite « maxCellsOdsXls »/);
  });

  it('turns every damaged .xls into a French message naming the file, without English and without console noise', () => {
    const good = goodXls();
    const errorLog = vi.spyOn(console, 'error');
    let refused = 0;
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    try {
      for (let trial = 0; trial < 120; trial += 1) {
        let bytes = Buffer.from(good);
        if (trial % 2 === 0) bytes = bytes.subarray(0, 8 + Math.floor(random() * (bytes.length - 8)));
        else for (let k = 0; k < 12; k += 1) bytes[512 + Math.floor(random() * (bytes.length - 512))] = Math.floor(random() * 256);
        writeFileSync(file('abîmé.xls'), bytes);
        let error: AppError | null = null;
        try {
          const workbook = openWorkbook(file('abîmé.xls'));
          for (const sheet of workbook.sheetNames) for (const _row of workbook.rows(sheet)) { /* read all */ }
        } catch (caught) {
          if (!(caught instanceof AppError)) throw caught;
          error = caught;
        }
        if (error === null) continue;
        refused += 1;
        expect(error.code).toBe('FILE_UNREADABLE');
        expect(error.message).toMatch(/^Le fichier « abîmé\.xls » est illisible : /);
        expect(error.message).not.toMatch(ENGLISH);
      }
    } finally {
      errorLog.mockRestore();
    }
    expect(refused).toBeGreaterThan(30);
    expect(errorLog).not.toHaveBeenCalled();
  });

  it('says what to do with a .xls SheetJS cannot parse, keeping its words in details only', () => {
    const bytes = goodXls();
    writeFileSync(file('coupé.xls'), bytes.subarray(0, 300));
    const error = refusal('coupé.xls');
    expect(error.message).toMatch(/« coupé\.xls ».*réenregistrez-le au format \.xlsx depuis Excel ou LibreOffice/);
    expect(error.message).not.toMatch(ENGLISH);
    expect(error.details).toMatchObject({ file: 'coupé.xls', cause: expect.any(String) as unknown });
  });
});
