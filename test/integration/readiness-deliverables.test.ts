/**
 * The readiness section of a structure's deliverables, on the hand-built workspace of
 * readiness-fixture.ts: the PDF report (read back with pdftotext) and the workbook (read back
 * with ExcelJS) show the labels the structure does not hold, with the engine's figures; a label
 * the structure holds is left out, and with every label held there is no section at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from './analytics-fixture.js';
import { buildReadinessFixture } from './readiness-fixture.js';
import { writeStructureReport } from '../../main/report/batch.js';
import { writeStructureWorkbook } from '../../main/export/structure-workbook.js';
import { setHeldLabels } from '../../main/import/labels-held.js';

let f: Fixture;
beforeAll(() => { f = buildReadinessFixture(); });
afterAll(() => f.close());

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
}

describe('readiness in the PDF report', () => {
  it('prints a section per label not held, with its score and the items to fix by weight, comments masked', async () => {
    const out = path.join(f.dir, 'rapport-S1.pdf');
    await writeStructureReport(f.db, { structure: 'S1', edition: 2023, outFile: out });
    const text = pdfText(out);
    expect(text).toContain('Préparation aux labels');
    expect(text).toContain('Qualivilles — score 42,9 / 100');
    expect(text).toContain('0 critère atteint sur 3, 2 à corriger, 1 jamais observé');
    expect(text).toContain('Services Publics+ — score 80,0 / 100');
    const section = text.slice(text.indexOf('Préparation aux labels'));
    // TEL-01 (weight 3) before TEL-02 (weight 1) under Qualivilles.
    expect(section.indexOf('(TEL-01)')).toBeGreaterThan(0);
    expect(section.indexOf('(TEL-01)')).toBeLessThan(section.indexOf('(TEL-02)'));
    expect(section).toContain('Mme [nom]');
    expect(text).not.toContain('Dupont');
    if (process.env.READINESS_PNG_DIR) {
      // A look at the page: pdftoppm -png -r 70.
      execFileSync('pdftoppm', ['-png', '-r', '70', out, path.join(process.env.READINESS_PNG_DIR, 'rapport-S1')]);
    }
  });

  it('leaves out a label the structure holds, and the whole section when it holds them all', async () => {
    setHeldLabels(f.db, 'S1', ['Qualivilles'], 'test');
    const one = path.join(f.dir, 'rapport-S1-b.pdf');
    await writeStructureReport(f.db, { structure: 'S1', edition: 2023, outFile: one });
    const text = pdfText(one);
    expect(text).toContain('Services Publics+ — score 80,0');
    expect(text).not.toContain('Qualivilles — score');
    setHeldLabels(f.db, 'S1', ['Qualivilles', 'Services Publics+'], 'test');
    const none = path.join(f.dir, 'rapport-S1-c.pdf');
    await writeStructureReport(f.db, { structure: 'S1', edition: 2023, outFile: none });
    expect(pdfText(none)).not.toContain('Préparation aux labels');
    setHeldLabels(f.db, 'S1', [], 'test');
  });
});

describe('readiness in the structure workbook', () => {
  it('has a sheet with every item to fix and the summary per label', async () => {
    const out = path.join(f.dir, 'S1.xlsx');
    await writeStructureWorkbook(f.db, { structure: 'S1', edition: 2023, outFile: out });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const names = book.worksheets.map((w) => w.name);
    expect(names.indexOf('Préparation labels')).toBe(names.indexOf('Plan d’action') + 1);
    const sheet = book.getWorksheet('Préparation labels');
    expect(sheet).toBeDefined();
    const rows: unknown[][] = [];
    sheet!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const items = rows.filter((r) => r[2] === 'TEL-01' || r[2] === 'TEL-02').map((r) => [r[0], r[1], r[2], r[6], r[7], r[9], r[10]]);
    expect(items).toEqual([
      ['Qualivilles', 1, 'TEL-01', 3, 0.5, 2, 1],
      ['Qualivilles', 2, 'TEL-02', 1, 0, 1, 1],
      ['Services Publics+', 1, 'TEL-02', 1, 0, 1, 1],
    ]);
    const summary = rows.find((r) => r[0] === 'Services Publics+' && r[1] === 80);
    expect(summary?.slice(0, 7)).toEqual(['Services Publics+', 80, 2, 1, 1, 0, 1]);
    expect(JSON.stringify(rows)).not.toContain('Dupont');
    expect(fs.existsSync(out)).toBe(true);
  });
});
