/**
 * The readers' caps (limits.ts) on small hand-built inputs: settings parsed as the CLI gives
 * them, the CSV caps on fields, record length and cells (lowered so that tiny inputs hit them),
 * and the ODS cell count that runs before SheetJS expands repeated rows and columns.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_HEADERS, FIELDS, fieldsForHeader } from '../../../shared/columns.js';
import { normalizeLabel } from '../../../shared/text.js';
import { openCsv, parseCsvRows } from '../../../main/import/readers/csv.js';
import { DEFAULT_READER_LIMITS, limitHint, parseLimitSetting, resolveLimits, type ReaderLimits } from '../../../main/import/readers/limits.js';
import { countOdsCells } from '../../../main/import/readers/ods-cells.js';
import type { SheetRow } from '../../../main/import/readers/types.js';
import { errorOf } from './reader-helpers.js';

describe('limit settings', () => {
  it('parses NAME=VALUE with binary multiples, and says why a setting is wrong', () => {
    expect(parseLimitSetting('maxCells=80000000')).toEqual({ name: 'maxCells', value: 80_000_000 });
    expect(parseLimitSetting('maxSheetBytes=1G')).toEqual({ name: 'maxSheetBytes', value: 1024 ** 3 });
    expect(parseLimitSetting('maxCsvRecordBytes=4M')).toEqual({ name: 'maxCsvRecordBytes', value: 4 * 1024 ** 2 });
    expect(parseLimitSetting('maxCells = 1_000_000')).toEqual({ name: 'maxCells', value: 1_000_000 });
    expect(parseLimitSetting('maxCels=3')).toEqual({ error: expect.stringMatching(/limite inconnue « maxCels ».*maxCells/) as unknown });
    expect(parseLimitSetting('maxCells')).toEqual({ error: expect.stringMatching(/NOM=VALEUR/) as unknown });
    expect(parseLimitSetting('maxCells=0')).toEqual({ error: expect.stringMatching(/valeur invalide/) as unknown });
  });

  it('keeps the default of a cap left unset or set to nonsense', () => {
    const limits = resolveLimits({ maxCells: 10, maxCsvFields: Number.NaN, maxSheetBytes: -1 });
    expect(limits.maxCells).toBe(10);
    expect(limits.maxCsvFields).toBe(DEFAULT_READER_LIMITS.maxCsvFields);
    expect(limits.maxSheetBytes).toBe(DEFAULT_READER_LIMITS.maxSheetBytes);
  });

  it('tells how to raise a cap with twice its value as the example', () => {
    expect(limitHint('maxCells', 50_000_000)).toBe('limite « maxCells », réglable : barometer import --limit maxCells=100000000');
    expect(limitHint('maxSheetBytes', 512 * 1024 ** 2)).toMatch(/--limit maxSheetBytes=1G$/);
  });

  it('leaves room for a national edition: long CSV of 1.7 M rows × 12 columns, wide sheets of 410 columns', () => {
    expect(DEFAULT_READER_LIMITS.maxCells).toBeGreaterThanOrEqual(2 * 1_690_000 * 12);
    expect(DEFAULT_READER_LIMITS.maxCsvFields).toBeGreaterThanOrEqual(410);
  });
});

describe('CSV caps', () => {
  const read = (text: string, limits: Partial<ReaderLimits>, chunkBytes?: number): SheetRow[] => {
    const workbook = openCsv(Buffer.from(text, 'utf8'), 'caps.csv', { limits, ...(chunkBytes ? { chunkBytes } : {}) });
    return [...workbook.rows(workbook.sheetNames[0] ?? '')];
  };

  it('refuses a record with more fields than maxCsvFields, naming the line and the cap', () => {
    const text = 'a;b;c\n1;2;3;4;5;6\n';
    for (const chunkBytes of [undefined, 3]) {
      const error = errorOf(() => read(text, { maxCsvFields: 5 }, chunkBytes));
      expect(error.code).toBe('FILE_HOSTILE');
      expect(error.message).toMatch(/« caps\.csv ».*la ligne 2 compte au moins 6 champs.*limite de 5 champs.*maxCsvFields.*--limit maxCsvFields=10/);
      expect(error.details).toMatchObject({ limit: 'maxCsvFields', row: 2 });
    }
    expect(read(text, { maxCsvFields: 6 }).map((r) => r.cells.length)).toEqual([3, 6]);
  });

  it('refuses a record longer than maxCsvRecordBytes, and an unclosed quote with its own words', () => {
    const long = `a;b\n1;${'x'.repeat(300)}\n`;
    for (const chunkBytes of [undefined, 16]) {
      expect(errorOf(() => read(long, { maxCsvRecordBytes: 100 }, chunkBytes)).message).toMatch(/la ligne 2 fait au moins [\d\s ]+ octets.*maxCsvRecordBytes/);
    }
    expect(read(long, { maxCsvRecordBytes: 400 })[1]?.cells[1]).toBe('x'.repeat(300));
    const unclosed = `a;b\n1;"${'x'.repeat(300)}\n2;3\n`;
    expect(errorOf(() => read(unclosed, { maxCsvRecordBytes: 100 }, 16)).message).toMatch(/la ligne 2 ouvre un guillemet qui n'est pas refermé.*maxCsvRecordBytes/);
  });

  it('refuses a sheet with more non-empty cells than maxCells, counting only non-empty ones', () => {
    const text = 'a;;b\n1;;2\n3;;4\n';
    expect(read(text, { maxCells: 6 })).toHaveLength(3);
    const error = errorOf(() => read(`${text}5;;6\n`, { maxCells: 6 }));
    expect(error.message).toMatch(/la feuille « caps » compte au moins 8 cellules non vides \(ligne 4\).*limite de 6 cellules.*maxCells/);
    expect(errorOf(() => [...parseCsvRows(text, 0, ';', 'texte.csv', undefined, resolveLimits({ maxCells: 5 }))]).message).toMatch(/maxCells/);
  });
});

describe('ODS cell count before SheetJS expands repetitions', () => {
  const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
  const content = (tables: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`);
  const text = (value: string, attributes = ''): string => `<table:table-cell office:value-type="string"${attributes}><text:p>${value}</text:p></table:table-cell>`;

  it('multiplies the repetitions of non-empty cells and rows', () => {
    const xml = content(`<table:table table:name="Données"><table:table-row table:number-rows-repeated="3">${text('a', ' table:number-columns-repeated="4"')}${text('b')}</table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="2"/></table:table-row></table:table>`);
    // 3 rows × (4 + 1) text cells; a self-closing float cell holds no text:p, SheetJS builds nothing.
    expect(countOdsCells(xml)).toEqual({ sheets: [{ name: 'Données', cells: 15 }], total: 15 });
  });

  it('counts a float cell with content, and declares a 17 G bomb in a few bytes', () => {
    const bomb = content('<table:table table:name="B"><table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"></table:table-cell></table:table-row></table:table>');
    expect(countOdsCells(bomb).total).toBe(1_048_576 * 16_384);
  });

  it("does not count LibreOffice's trailing empty rows and columns, covered cells, or comments", () => {
    const xml = content(`<table:table table:name="F"><table:table-column table:number-columns-repeated="1024"/><table:table-row>${text('a')}<table:table-cell table:number-columns-repeated="1023"/></table:table-row>`
      + '<table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
      + `<table:table-row><table:covered-table-cell table:number-columns-repeated="500"><text:p>x</text:p></table:covered-table-cell></table:table-row>`
      + `<!-- <table:table-row table:number-rows-repeated="99999">${text('z', ' table:number-columns-repeated="999"')}</table:table-row> --></table:table>`);
    expect(countOdsCells(xml).total).toBe(1);
  });

  it('reads repetitions as SheetJS does (`+rows`, `parseInt(columns)`) whatever the namespace prefix', () => {
    const xml = Buffer.from('<o:document-content><t:table t:name="P"><t:table-row t:number-rows-repeated="1e3"><t:table-cell t:number-columns-repeated="7x"><x:p>v</x:p></t:table-cell></t:table-row></t:table></o:document-content>');
    expect(countOdsCells(xml)).toEqual({ sheets: [{ name: 'P', cells: 7000 }], total: 7000 });
  });
});

describe('header lookup (run on every cell of the first 40 rows, so a 1 M-field line stays fast)', () => {
  it('finds, for every known spelling, the same fields in the same order as comparing with each spelling', () => {
    for (const field of FIELDS) {
      for (const spelling of FIELD_HEADERS[field]) {
        const naive = FIELDS.filter((f) => FIELD_HEADERS[f].some((h) => normalizeLabel(h) === normalizeLabel(spelling)));
        expect(fieldsForHeader(`  ${spelling.toUpperCase()} `)).toEqual(naive);
      }
    }
    expect(fieldsForHeader('Label')).toEqual(['itemLabel', 'sourceLabel']);
    expect(fieldsForHeader('TEL-04')).toEqual([]);
  });

  it('gives the caller its own array', () => {
    fieldsForHeader('Label').push('edition');
    expect(fieldsForHeader('Label')).toEqual(['itemLabel', 'sourceLabel']);
  });
});
