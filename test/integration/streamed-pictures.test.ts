/**
 * Charts in streamed workbooks (main/export/xlsx-writer/drawing.ts): the pictures of two report
 * sheets are anchored where the kit places them, read back by ExcelJS's own reader, and the
 * package declares its drawings, with a page break kept after a committed row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { writeWorkbook } from '../../main/export/workbook-kit.js';
import type { ChartImage, WorkbookSpec } from '../../main/export/workbook-kit.js';
import { makeTempDir } from '../temp-dirs.js';

const dir = makeTempDir('streamed-pictures-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const svg = (color: string): string => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect x="10" y="10" width="180" height="80" fill="${color}"/></svg>`;

describe('pictures in a streamed workbook', () => {
  it('anchors every chart of every report sheet, readable by ExcelJS, with its content type', async () => {
    const left: ChartImage = { svg: svg('#1d4f91'), width: 200, height: 100, col: 0, top: 0 };
    const right: ChartImage = { svg: svg('#1a9c9c'), width: 200, height: 100, col: 3, top: 10 };
    const other: ChartImage = { svg: svg('#e0913a'), width: 120, height: 60, col: 1, top: 0 };
    const spec: WorkbookSpec = {
      title: 'Essai', subject: 'Images', lang: 'fr',
      sheets: [
        { kind: 'report', name: 'Synthèse', title: 'Synthèse', grid: [12, 12, 12, 12, 12, 12], blocks: [
          { kind: 'heading', text: 'Graphiques' },
          { kind: 'charts', charts: [left, right] },
          { kind: 'pageBreak' },
          { kind: 'notes', lines: ['Après les graphiques'] },
        ] },
        { kind: 'table', name: 'Données', title: 'Données', columns: [{ header: 'Clé', kind: 'text' }, { header: 'Score', kind: 'score' }], rows: [['a', 50], ['b', 75]] },
        { kind: 'report', name: 'Autre', title: 'Autre', grid: [10, 10, 10], blocks: [{ kind: 'charts', charts: [other] }] },
      ],
    } as WorkbookSpec;
    const file = path.join(dir, 'images.xlsx');
    await writeWorkbook(file, spec);

    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const types = await zip.file('[Content_Types].xml')!.async('string');
    expect(types).toContain('/xl/drawings/drawing1.xml');
    expect(types).toContain('/xl/drawings/drawing2.xml');
    expect(types).toMatch(/Extension="png"/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const synthese = wb.getWorksheet('Synthèse')!;
    const images = synthese.getImages();
    expect(images).toHaveLength(2);
    const [a, b] = images.map((img) => img.range.tl) as Array<{ nativeCol: number; nativeRow: number; nativeRowOff: number }>;
    // Heading on rows 3-4 (after the title), the charts' block starts one row lower.
    expect(a?.nativeCol).toBe(0);
    expect(b?.nativeCol).toBe(3);
    expect(b?.nativeRow).toBe(a?.nativeRow);
    expect(b?.nativeRowOff).toBe(Math.round((10 / 20) * 20 * 9525));
    expect(wb.getWorksheet('Données')!.getImages()).toHaveLength(0);
    expect(wb.getWorksheet('Autre')!.getImages()).toHaveLength(1);
    for (const img of [...images, ...wb.getWorksheet('Autre')!.getImages()]) {
      const medium = wb.getImage(Number(img.imageId));
      expect([...(medium.buffer as unknown as Uint8Array).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheetXml).toMatch(/<rowBreaks[^>]*>.*<brk id="\d+"/s);
    expect(sheetXml.indexOf('<drawing ')).toBeGreaterThan(sheetXml.indexOf('<rowBreaks'));
  });
});
