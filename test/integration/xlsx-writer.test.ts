/**
 * The project's own xlsx writer (main/export/xlsx-writer/) behind the workbook kit: a spec that
 * uses every feature of the kit is written, then read back by ExcelJS (values, number formats,
 * fonts and fills, merges, frozen panes, autofilter, colour scales, pictures, print setup, footer,
 * properties) and opened by LibreOffice, a real spreadsheet program, which must print it to PDF
 * with its texts. A second workbook checks the split of a table over the row limit and the sheet
 * name rules.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { writeWorkbook } from '../../main/export/workbook-kit.js';
import type { ChartImage, WorkbookSpec } from '../../main/export/workbook-kit.js';
import { makeTempDir } from '../temp-dirs.js';

const dir = makeTempDir('xlsx-writer-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const hasLibreOffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0 && spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;

const chart: ChartImage = {
  svg: '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150"><rect x="10" y="10" width="280" height="130" fill="#1d4f91"/></svg>',
  width: 300, height: 150, col: 1, top: 10,
};
const created = new Date('2026-12-01T10:00:00Z');
const auditDate = new Date(Date.UTC(2023, 4, 17));
const LONG_COMMENT = 'Un commentaire assez long pour passer à la ligne dans sa colonne : l’accueil téléphonique a répondu après sept sonneries, sans se présenter.';

const spec: WorkbookSpec = {
  title: 'Essai & contrôle <rédacteur>',
  subject: 'Rédacteur xlsx du projet',
  keywords: '2023 essai',
  description: 'Toutes les fonctions du kit',
  lang: 'fr',
  created,
  sheets: [
    {
      kind: 'report', name: 'Synthèse', title: 'Synthèse — essai', subtitle: ['Baromètre Expérience Citoyen · édition 2023'], grid: [12, 12, 12, 12, 12, 12],
      blocks: [
        { kind: 'figures', figures: [
          { label: 'Score global (sur 100)', value: 72.46, kind: 'score', span: 2 },
          { label: 'Rang dans la catégorie', value: '3e sur 12', span: 2 },
          { label: 'Repère retenu', value: null, span: 2 },
        ] },
        { kind: 'heading', text: 'Graphiques' },
        { kind: 'charts', charts: [chart] },
        { kind: 'pageBreak' },
        { kind: 'bullets', lines: ['Premier constat', 'Second constat'] },
        { kind: 'table', columns: [{ header: 'Déterminant', span: 3 }, { header: 'Score', kind: 'score' }, { header: 'Écart', kind: 'delta', span: 2 }], rows: [['Accueil', 71.25, 3.4], ['Délai', null, null]] },
        { kind: 'notes', lines: ['« — » : chiffre non diffusé.'] },
      ],
    },
    {
      kind: 'table', name: 'Scores', title: 'Scores par critère', subtitle: ['Édition 2023 · toutes catégories'],
      columns: [
        { header: 'Code', kind: 'code' },
        { header: 'Libellé', kind: 'text' },
        { header: 'Score', kind: 'score', colorScale: true },
        { header: 'Taux d’échec', kind: 'percent' },
        { header: 'Audits', kind: 'int' },
        { header: 'Écart', kind: 'delta' },
        { header: 'Date', kind: 'date' },
        { header: 'Retenu', kind: 'flag' },
        { header: 'Commentaire', kind: 'wrap' },
        { header: 'Moyenne', kind: 'number' },
      ],
      rows: [
        ['ACC-01', 'Ensemble', 68.5, 0.125, 1234, 2.5, auditDate, 'Oui', '', 1234.56],
        ['ACC-02', '=SUM(A1:A9)', 54.25, 0.3, 12, -4.75, auditDate, 'Non', LONG_COMMENT, 12.5],
        ['ACC-03', '  espaces gardés', 91, 0, 7, 0, null, 'Oui', 'R&D <b>gras</b>', null],
      ],
      freezeColumns: 2,
      boldRows: [0],
      notes: ['Source : audits mystère 2023.'],
      blocks: [{ title: 'Par canal', columns: [{ header: 'Code', kind: 'code' }, { header: 'Libellé' }, { header: 'Score', kind: 'score', colorScale: true }], rows: [['TEL', 'Téléphone', 61.5], ['WEB', 'Site internet', 77]] }],
    },
    { kind: 'table', name: 'Vide', title: 'Aucun audit', columns: [{ header: 'Code', kind: 'code' }], rows: [], emptyMessage: 'Aucune ligne pour cette édition.' },
    {
      kind: 'notes', name: 'Lisez-moi', title: 'Lisez-moi', subtitle: ['Comment lire ce classeur'],
      sections: [{ heading: 'Méthode', lines: ['Un texte libre sur toute la largeur.', { label: 'Audits', value: 26000, kind: 'int' }, { label: 'Généré le', value: created, kind: 'date' }, { label: 'Publié', value: true }] }],
    },
  ],
};

async function zipText(file: string, part: string): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const entry = zip.file(part);
  if (!entry) throw new Error(`${part} absent de ${file}`);
  return entry.async('string');
}

describe('the project’s xlsx writer, through the workbook kit', () => {
  const file = path.join(dir, 'toutes-fonctions.xlsx');

  it('writes every feature of the kit, read back by ExcelJS', async () => {
    const written = await writeWorkbook(file, spec);
    expect(written.sheets).toEqual(['Synthèse', 'Scores', 'Vide', 'Lisez-moi']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(written.sheets);

    // Properties.
    expect(wb.creator).toBe('Baromètre Expérience Citoyen');
    expect(wb.title).toBe('Essai & contrôle <rédacteur>');
    expect(wb.subject).toBe('Rédacteur xlsx du projet');
    expect(wb.keywords).toBe('2023 essai');
    expect(wb.created?.toISOString()).toBe(created.toISOString());

    // The table sheet: values as numbers, dates, text; number formats per kind; styles.
    const ws = wb.getWorksheet('Scores')!;
    expect(ws.getCell('A1').value).toBe('Scores par critère');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('A1').font?.size).toBe(14);
    const header = 4;
    expect(ws.getRow(header).getCell(3).value).toBe('Score');
    expect(ws.getRow(header).getCell(3).fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } });
    expect(ws.getRow(header).getCell(3).font?.color?.argb).toBe('FFFFFFFF');
    const first = ws.getRow(header + 1);
    expect(first.getCell(1).value).toBe('ACC-01');
    expect(first.getCell(1).numFmt).toBe('@');
    expect(first.getCell(3).value).toBe(68.5);
    expect(first.getCell(3).numFmt).toBe('0.0');
    expect(first.getCell(4).value).toBe(0.125);
    expect(first.getCell(4).numFmt).toBe('0.0 %');
    expect(first.getCell(5).value).toBe(1234);
    expect(first.getCell(5).numFmt).toBe('#,##0');
    expect(first.getCell(6).numFmt).toBe('+0.0;-0.0;0.0');
    expect((first.getCell(7).value as Date).toISOString()).toBe(auditDate.toISOString());
    expect(first.getCell(7).numFmt).toBe('dd/mm/yyyy');
    expect(first.getCell(8).alignment?.horizontal).toBe('center');
    expect(first.getCell(10).numFmt).toBe('#,##0.0');
    // Bold row: bold font on a light fill; the others are plain, with a thin bottom border.
    expect(first.getCell(3).font?.bold).toBe(true);
    expect(first.getCell(3).fill).toMatchObject({ fgColor: { argb: 'FFEAF0F7' } });
    const second = ws.getRow(header + 2);
    expect(second.getCell(3).font?.bold).toBeFalsy();
    expect(second.getCell(3).border?.bottom?.style).toBe('thin');
    // A formula-looking text stays text; markup and ampersands survive; leading spaces are kept.
    expect(second.getCell(2).value).toBe('=SUM(A1:A9)');
    expect(second.getCell(2).formula).toBeUndefined();
    expect(ws.getRow(header + 3).getCell(9).value).toBe('R&D <b>gras</b>');
    expect(ws.getRow(header + 3).getCell(2).value).toBe('  espaces gardés');
    // A long comment wraps, in a row made tall enough.
    expect(second.getCell(9).alignment?.wrapText).toBe(true);
    expect(second.height).toBeGreaterThan(15);
    // An empty cell of a styled column still carries the column's border.
    expect(ws.getRow(header + 3).getCell(10).value).toBeNull();
    expect(ws.getRow(header + 3).getCell(10).border?.bottom?.style).toBe('thin');
    // Frozen header and label columns, autofilter over the table, subtitle merged across it.
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: header, showGridLines: false });
    expect(ws.autoFilter).toBe(`A${header}:J${header + 3}`);
    expect(ws.getCell('A2').isMerged).toBe(true);
    expect(ws.getCell('J2').isMerged).toBe(true);
    // Column widths from the content; the wrap column is wider than the code column.
    expect(ws.getColumn(9).width).toBeGreaterThan(ws.getColumn(1).width!);
    // Colour scales: the main table's Score column and the block's.
    const scales = (ws as unknown as { conditionalFormattings: Array<{ ref: string; rules: Array<{ type: string; color: Array<{ argb: string }> }> }> }).conditionalFormattings;
    expect(scales.map((s) => s.ref)).toEqual([`C${header + 1}:C${header + 3}`, `C${header + 9}:C${header + 10}`]);
    expect(scales[0]?.rules[0]?.type).toBe('colorScale');
    expect(scales[0]?.rules[0]?.color.map((c) => c.argb)).toEqual(['FFF8696B', 'FFFFEB84', 'FF63BE7B']);
    // Notes and the block under the table.
    expect(ws.getRow(header + 5).getCell(1).value).toBe('Source : audits mystère 2023.');
    expect(ws.getRow(header + 7).getCell(1).value).toBe('Par canal');
    expect(ws.getRow(header + 9).getCell(2).value).toBe('Téléphone');
    // Print: landscape on A4, one page wide, header row repeated, footer with the page number.
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${header}:${header}` });
    expect(ws.headerFooter.oddFooter).toBe('&L&8Essai && contrôle <rédacteur>&R&8Page &P / &N');

    // The report sheet: tiles merged over their span, "—" for a withheld figure, picture, page break.
    const report = wb.getWorksheet('Synthèse')!;
    expect(report.getCell('A4').value).toBe(72.46);
    expect(report.getCell('A4').numFmt).toBe('0.0');
    expect(report.getCell('A4').font?.size).toBe(20);
    expect(report.getCell('B4').isMerged).toBe(true);
    expect(report.getCell('E4').value).toBe('—');
    expect(report.getCell('A5').value).toBe('Score global (sur 100)');
    expect(report.views[0]?.state).not.toBe('frozen');
    const images = report.getImages();
    expect(images).toHaveLength(1);
    expect(images[0]?.range.tl.nativeCol).toBe(1);
    const medium = wb.getImage(Number(images[0]?.imageId));
    expect(medium.extension).toBe('png');
    expect([...(medium.buffer as unknown as Uint8Array).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const cells: string[] = [];
    report.eachRow((row) => row.eachCell((cell) => { if (typeof cell.value === 'string') cells.push(cell.value); }));
    expect(cells).toEqual(expect.arrayContaining(['•  Premier constat', 'Déterminant', 'Accueil', '« — » : chiffre non diffusé.']));
    const reportXml = await zipText(file, 'xl/worksheets/sheet1.xml');
    expect(reportXml).toMatch(/<rowBreaks count="1" manualBreakCount="1"><brk id="\d+" max="16383" man="1"\/><\/rowBreaks><drawing r:id="rId1"\/>/);

    // The empty table says so; the notes sheet keeps numbers, dates and booleans as such.
    expect(wb.getWorksheet('Vide')!.getRow(4).getCell(1).value).toBe('Aucune ligne pour cette édition.');
    const notes = wb.getWorksheet('Lisez-moi')!;
    const byLabel = new Map<string, unknown>();
    notes.eachRow((row) => { if (typeof row.getCell(1).value === 'string') byLabel.set(row.getCell(1).value as string, row.getCell(2).value); });
    expect(byLabel.get('Audits')).toBe(26000);
    expect((byLabel.get('Généré le') as Date).toISOString()).toBe(created.toISOString());
    expect(byLabel.get('Publié')).toBe(true);
    expect(notes.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    // Print titles and the filter range as Excel names them.
    const workbookXml = await zipText(file, 'xl/workbook.xml');
    expect(workbookXml).toContain('<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;Scores&apos;!$4:$4</definedName>'.replace(/&apos;/g, "'"));
    expect(workbookXml).toContain('<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">\'Scores\'!$A$4:$J$7</definedName>');
  });

  it.skipIf(!hasLibreOffice)('is opened and printed by LibreOffice', () => {
    const out = path.join(dir, 'pdf');
    fs.mkdirSync(out, { recursive: true });
    const profile = path.join(dir, 'lo-profile');
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, file], { stdio: 'ignore', timeout: 180_000 });
    const pdf = path.join(out, 'toutes-fonctions.pdf');
    expect(fs.existsSync(pdf)).toBe(true);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const expected of ['Synthèse — essai', 'Score global (sur 100)', '3e sur 12', 'Premier constat', 'Scores par critère', 'ACC-02', '=SUM(A1:A9)', 'R&D <b>gras</b>', 'Par canal', 'Aucun audit', 'Lisez-moi', 'Un texte libre sur toute la largeur.', 'Page 1 /']) {
      expect(text, expected).toContain(expected);
    }
    // Scores print with one decimal and percentages as such (whatever the locale's decimal mark).
    expect(text).toMatch(/68[.,]5/);
    expect(text).toMatch(/12[.,]5 ?%/);
    expect(text).toMatch(/17\/05\/2023/);
  }, 240_000);

  it('splits a table over the row limit and names every sheet within Excel’s rules', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => [`L${i + 1}`, i + 1]);
    const split: WorkbookSpec = {
      title: 'Découpage', subject: 'Découpage', lang: 'fr', created,
      sheets: [
        { kind: 'table', name: 'Résultats: 2023/2024 [détail] * très long nom de feuille', title: 'Résultats', columns: [{ header: 'Ligne', kind: 'code' }, { header: 'Rang', kind: 'int' }], rows },
        { kind: 'table', name: 'Résultats: 2023/2024 [détail] * très long nom de feuille', title: 'Encore', columns: [{ header: 'Ligne', kind: 'code' }], rows: [['x']] },
      ],
    };
    const target = path.join(dir, 'decoupage.xlsx');
    const written = await writeWorkbook(target, split, { maxRowsPerSheet: 12 });
    for (const name of written.sheets) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[:\\/?*[\]]/);
    }
    expect(new Set(written.sheets.map((n) => n.toLowerCase())).size).toBe(written.sheets.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(target);
    expect(wb.worksheets.map((w) => w.name)).toEqual(written.sheets);
    // Every row of the first table once, in order, across its parts; no part over the limit.
    const parts = written.sheets.slice(0, -1);
    expect(parts.length).toBeGreaterThan(1);
    const seen: unknown[] = [];
    for (const name of parts) {
      const ws = wb.getWorksheet(name)!;
      expect(ws.rowCount).toBeLessThanOrEqual(12);
      ws.eachRow((row) => { const v = row.getCell(1).value; if (typeof v === 'string' && /^L\d+$/.test(v)) seen.push(v); });
    }
    expect(seen).toEqual(rows.map((r) => r[0]));
  });

  it('streams a large sheet and many distinct strings in chunks, read back whole', async () => {
    // ~2.5 MB of sheet XML and ~1 MB of distinct strings: both go out through streamed zip entries.
    const count = 12_000;
    const rows = Array.from({ length: count }, (_, i) => [`S${String(i).padStart(6, '0')}`, `Structure numéro ${i} — commune de test, libellé assez long pour peser`, i / 10, (i % 100) / 100]);
    const big: WorkbookSpec = {
      title: 'Grand tableau', subject: 'Flux', lang: 'fr', created,
      sheets: [{ kind: 'table', name: 'Détail', title: 'Détail', columns: [{ header: 'Code', kind: 'code' }, { header: 'Nom', kind: 'text', width: 40 }, { header: 'Score', kind: 'score', colorScale: true }, { header: 'Taux', kind: 'percent' }], rows }],
    };
    const target = path.join(dir, 'grand.xlsx');
    await writeWorkbook(target, big);
    const sheetXml = await zipText(target, 'xl/worksheets/sheet1.xml');
    expect(sheetXml.length).toBeGreaterThan(1_000_000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(target);
    const ws = wb.getWorksheet('Détail')!;
    const header = 3;
    expect(ws.rowCount).toBe(header + count);
    const last = ws.getRow(header + count);
    expect(last.getCell(1).value).toBe(rows[count - 1]![0]);
    expect(last.getCell(2).value).toBe(rows[count - 1]![1]);
    expect(last.getCell(3).value).toBe(rows[count - 1]![2]);
    expect(ws.getRow(header + 5000).getCell(2).value).toBe(rows[4999]![1]);
    expect(ws.autoFilter).toBe(`A${header}:D${header + count}`);
  });

  it('leaves no file behind when writing fails', async () => {
    const target = path.join(dir, 'echec.xlsx');
    const broken = { ...spec, sheets: [{ kind: 'report', name: 'Cassé', title: 'Cassé', grid: [10], blocks: [{ kind: 'charts', charts: [{ ...chart, svg: 'pas du SVG' }] }] }] } as WorkbookSpec;
    await expect(writeWorkbook(target, broken)).rejects.toThrow();
    // The file is opened asynchronously: a removal that did not wait for it would see it reappear.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fs.existsSync(target)).toBe(false);
  });
});
