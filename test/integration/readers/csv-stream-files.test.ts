/**
 * CSV files streamed from disk by openWorkbook: the same rows as the in-memory reader over a file
 * larger than one default chunk (1 Mio), every pass reads the file afresh, an abandoned pass
 * closes its file, and a file gone between open and read gives a clear refusal.
 */
import { existsSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { decodeCsvBytes, openCsv, parseCsvRows } from '../../../main/import/readers/csv.js';
import { openWorkbook } from '../../../main/import/readers/open-workbook.js';
import type { OpenedWorkbook, SheetRow } from '../../../main/import/readers/types.js';
import { csvLine, encodeWindows1252 } from '../../fixtures/readers/encode.js';
import { makeTempDir } from '../../temp-dirs.js';

let dir = '';
const file = (name: string): string => path.join(dir, name);
const rowsOf = (workbook: OpenedWorkbook): SheetRow[] => [...workbook.rows(workbook.sheetNames[0] ?? '')];

beforeAll(() => {
  dir = makeTempDir('csv-stream-');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A long-layout results file: audit columns repeated on each item row, some quoted comments. */
function longLayout(rows: number): string {
  const lines = [csvLine(['Édition', 'Code structure', 'Structure', 'Catégorie', 'Réf. audit', 'Canal', 'Code critère', 'Réponse', 'Commentaire'], ';')];
  for (let r = 0; r < rows; r += 1) {
    const audit = Math.floor(r / 40);
    const comment = r % 17 === 0 ? `Accueil « très » aimable ; rappel\r\nle ${r} à 12 € – œuvre` : r % 5 === 0 ? 'RAS' : null;
    lines.push(csvLine(['2023', `0${87762739 + (audit % 300)}`, `Mairie de Saint-Étienne-${audit % 300}`, 'Villes de plus de 50 000 habitants',
      `2023-${String(audit).padStart(6, '0')}-01`, 'Téléphone', `TEL-${String((r % 40) + 1).padStart(2, '0')}`, r % 3 === 0 ? 'Non' : 'Oui', comment], ';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('CSV streamed from disk', () => {
  const text = longLayout(20_000);

  for (const encoding of ['utf-8', 'utf-8-bom', 'windows-1252'] as const) {
    it(`reads a ${encoding} file of several chunks like the in-memory text parser`, () => {
      const bytes = encoding === 'windows-1252' ? encodeWindows1252(text)
        : encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
        : Buffer.from(text, 'utf8');
      expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
      const name = `long-${encoding}.csv`;
      writeFileSync(file(name), bytes);
      const workbook = openWorkbook(file(name));
      expect(workbook.csvDialect).toEqual({ encoding, separator: ';' });
      const rows = rowsOf(workbook);
      expect(rows).toEqual([...parseCsvRows(decodeCsvBytes(readFileSync(file(name))).text, 0, ';', name)]);
      expect(rows).toHaveLength(20_001);
      // Record numbers, not physical lines: quoted line breaks do not shift them.
      expect(rows[17 * 3 + 1]).toMatchObject({ row: 17 * 3 + 2, cells: expect.arrayContaining([`Accueil « très » aimable ; rappel\r\nle ${17 * 3} à 12 € – œuvre`]) as unknown });
      // A second pass reads the file again, from the start.
      expect(rowsOf(workbook)).toEqual(rows);
      const estimate = workbook.estimatedRows(workbook.sheetNames[0] ?? '');
      expect(Math.abs(estimate - 20_001) / 20_001).toBeLessThan(0.15);
    });
  }

  it('gives the same rows from the file as from its bytes in memory', () => {
    writeFileSync(file('same.csv'), text);
    expect(rowsOf(openWorkbook(file('same.csv')))).toEqual(rowsOf(openCsv(readFileSync(file('same.csv')), 'same.csv', { chunkBytes: 4096 })));
  });

  it.runIf(existsSync('/proc/self/fd'))('closes the file of a pass left before its end', () => {
    writeFileSync(file('abandoned.csv'), text);
    const workbook = openWorkbook(file('abandoned.csv'));
    const sheet = workbook.sheetNames[0] ?? '';
    const before = readdirSync('/proc/self/fd').length;
    for (let pass = 0; pass < 50; pass += 1) {
      for (const row of workbook.rows(sheet)) if (row.row > 3) break;
    }
    expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(before + 1);
  });

  it('refuses to read a file removed after it was opened, naming it', () => {
    writeFileSync(file('gone.csv'), 'a;b\n1;2\n');
    const workbook = openWorkbook(file('gone.csv'));
    unlinkSync(file('gone.csv'));
    try {
      rowsOf(workbook);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('FILE_UNREADABLE');
      expect((error as AppError).message).toContain('gone.csv');
    }
  });
});
