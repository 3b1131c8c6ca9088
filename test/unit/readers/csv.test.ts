import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { decodeCsvBytes, detectSeparator, parseCsvRows, type CsvSeparator } from '../../../main/import/readers/csv.js';
import type { SheetRow } from '../../../main/import/readers/types.js';
import { expectedRows } from './reader-helpers.js';
import { csvLine, encodeWindows1252 } from '../../fixtures/readers/encode.js';

const parse = (text: string, separator: CsvSeparator = ';'): SheetRow[] => [...parseCsvRows(text, 0, separator, 'test.csv')];

describe('CSV encoding detection', () => {
  const text = 'Structure;Réponse\nMairie de Cernay;Reçu œuvre 12 €\n';

  it('tells UTF-8 with BOM, UTF-8 and Windows-1252 apart and decodes each', () => {
    const bom = decodeCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    expect(bom).toEqual({ text, encoding: 'utf-8-bom' });
    expect(decodeCsvBytes(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsvBytes(encodeWindows1252(text))).toEqual({ text, encoding: 'windows-1252' });
  });

  it('reads pure ASCII as UTF-8', () => {
    expect(decodeCsvBytes(Buffer.from('a;b\n1;2\n')).encoding).toBe('utf-8');
  });
});

describe('CSV separator detection', () => {
  it('finds ; , and tab', () => {
    expect(detectSeparator('a;b;c\n1;2;3\n')).toBe(';');
    expect(detectSeparator('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectSeparator('a\tb\tc\n1\t2\t3\n')).toBe('\t');
  });

  it('ignores title rows and decimal commas', () => {
    const text = 'Baromètre Expérience Citoyen, édition 2023\n\nCode;Note;Délai\n06;12,5;3,25\n27;8,75;1,5\n';
    expect(detectSeparator(text)).toBe(';');
  });

  it('does not count separators inside quotes', () => {
    expect(detectSeparator('"a;b";"c;d;e",x\n"f;g",h\n')).toBe(',');
    expect(detectSeparator('nom,commentaire\n"Dupont","oui; très bien; merci"\n"Martin","non; rien"\n')).toBe(',');
  });

  it('prefers ; when nothing tells (one column)', () => {
    expect(detectSeparator('Code\n06\n27\n')).toBe(';');
  });
});

describe('CSV records', () => {
  it('handles doubled quotes, separators and line breaks inside quotes, CRLF and LF', () => {
    const rows = parse('a;"b ""c"";d";"line1\r\nline2"\r\nx;y\nz');
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b "c";d', 'line1\r\nline2'] },
      { row: 2, cells: ['x', 'y'] },
      { row: 3, cells: ['z'] },
    ]);
  });

  it('keeps text as text, empty cells as null, trims trailing empties and skips blank records', () => {
    const rows = parse('Titre;;\n;;\n\nCode;Dép.;\n06; 1,5 ;\n;x;;\n');
    expect(rows).toEqual([
      { row: 1, cells: ['Titre'] },
      { row: 4, cells: ['Code', 'Dép.'] },
      { row: 5, cells: ['06', ' 1,5 '] },
      { row: 6, cells: [null, 'x'] },
    ]);
  });

  it('refuses an unterminated quote, naming the line', () => {
    try {
      parse('a;b\n1;"jamais fermé\n2;3\n');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('FILE_UNREADABLE');
      expect((error as AppError).message).toContain('ligne 2');
    }
  });

  it('reads back any table written with Excel quoting (property)', () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.string({ unit: fc.constantFrom('a', 'é', ' ', ';', ',', '\t', '"', '\n', '\r', '0', '6', '€'), maxLength: 8 }),
    );
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(table, fc.constantFrom<CsvSeparator>(';', ',', '\t'), (rows, separator) => {
      const text = rows.map((row) => csvLine(row, separator)).join('\r\n');
      expect(parse(text, separator)).toEqual(expectedRows(rows));
    }), { numRuns: 300 });
  });
});
