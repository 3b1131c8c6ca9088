/**
 * The barometer tables as the executive report of issue 9 §4, written for real and read back
 * (SheetJS for values, ExcelJS for styles, JSZip for the pictures and the print setup): the key
 * messages equal the analytics service's disclosed output, the Étapes / Canaux / Déterminants
 * grids equal `disclosedGroupScores` cell by cell ("—" where withheld), no determinant code appears
 * anywhere, the charts are PNG pictures, every source file up to the edition is listed, and
 * `--lang en` prints the referential's English labels and names the ones it lacks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { buildFixture } from './export-fixture.js';
import type { Fixture } from './export-fixture.js';
import { disclosedGroupScores, headlineIndicators, winners } from '../../main/analytics/index.js';
import type { DisclosedGroupScoreRow, GroupKind } from '../../shared/analytics-types.js';
import { writeBarometerTables } from '../../main/export/barometer-tables.js';
import { horizontalBarsSvg } from '../../main/export/barometer-charts.js';

type Row = unknown[];

const DETERMINANT_CODES = ['DET-ACC', 'DET-COU', 'DET-FIA', 'DET-REA'];

function readBook(file: string): XLSX.WorkBook {
  return XLSX.read(fs.readFileSync(file), { cellStyles: true, cellNF: true });
}

function rowsOf(wb: XLSX.WorkBook, sheet: string): Row[] {
  const ws = wb.Sheets[sheet];
  if (!ws) throw new Error(`no sheet ${sheet}`);
  return XLSX.utils.sheet_to_json<Row>(ws, { header: 1, raw: true, defval: null, blankrows: true });
}

/** The rows under the header row whose first cell is `firstHeader`, up to the first empty row. */
function table(wb: XLSX.WorkBook, sheet: string, firstHeader: string): { header: Row; rows: Row[] } {
  const all = rowsOf(wb, sheet);
  const at = all.findIndex((r) => r[0] === firstHeader);
  if (at < 0) throw new Error(`no header ${firstHeader} in ${sheet}`);
  const rows: Row[] = [];
  for (let i = at + 1; i < all.length; i += 1) {
    const r = all[i] as Row;
    if (r.every((c) => c === null || c === '')) break;
    rows.push(r);
  }
  return { header: all[at] as Row, rows };
}

/** Every text of every cell of every sheet. */
function allText(wb: XLSX.WorkBook): string {
  return wb.SheetNames.flatMap((name) => rowsOf(wb, name).flat()).filter((c) => c !== null).map(String).join('\n');
}

const close = (actual: unknown, expected: number | null): void => {
  if (expected === null) expect(actual === null || actual === undefined || actual === '').toBe(true);
  else expect(actual as number).toBeCloseTo(expected, 9);
};

/** A grid cell: the disclosed score, "—" when withheld, empty when there is nothing to score. */
function expectCell(actual: unknown, g: DisclosedGroupScoreRow | undefined): void {
  if (g && g.score === null && g.withheld.includes('score')) expect(actual).toBe('—');
  else close(actual, g?.score ?? null);
}

const rowsAt = (fx: Fixture, level: 'overall' | 'step' | 'channel' | 'determinant', lang: 'fr' | 'en' = 'fr'): DisclosedGroupScoreRow[] =>
  (['category', 'sector', 'edition'] as GroupKind[]).flatMap((kind) => disclosedGroupScores(fx.db, { edition: 2023, kind, level, lang }));

const fr1 = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const frInt = new Intl.NumberFormat('fr-FR');
const frPct = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

describe('barometer tables: the executive report', () => {
  let fx: Fixture;
  let out: string;
  let file: string;
  let wb: XLSX.WorkBook;

  beforeAll(async () => {
    fx = buildFixture();
    out = path.join(fx.dir, 'out');
    // Sources of several editions: the 2024 file is after the edition and must not be listed.
    const add = fx.db.prepare(`INSERT INTO import (file_name, sha256, format, kind, layout, mapping_json, edition, imported_at, rows_read)
      VALUES (?, ?, 'xlsx', ?, 'long', '{}', ?, '2026-11-02T10:00:00Z', 10)`);
    add.run('resultats-2022.csv', '22'.repeat(32), 'results', 2022);
    add.run('referentiel-2023.xlsx', '33'.repeat(32), 'referential', 2023);
    add.run('structures.xlsx', '44'.repeat(32), 'structures', null);
    add.run('resultats-2024.xlsx', '55'.repeat(32), 'results', 2024);
    // English labels for most of the referential; one determinant and two items without.
    fx.db.prepare("UPDATE item SET label_en = 'EN: ' || code WHERE code NOT IN ('TEL-03', 'VIS-02')").run();
    fx.db.prepare("UPDATE determinant SET label_en = NULL WHERE code = 'DET-FIA'").run();
    file = (await writeBarometerTables(fx.db, { edition: 2023, outFile: path.join(out, 'tables.xlsx') })).file;
    wb = readBook(file);
  });
  afterAll(() => fx.cleanup());

  it('opens on the key messages: figures equal the disclosed service output', () => {
    expect(wb.SheetNames[0]).toBe('Messages clés');
    const rows = rowsOf(wb, 'Messages clés');
    const whole = disclosedGroupScores(fx.db, { edition: 2023, kind: 'edition', level: 'overall' })[0]!;
    const sectors = disclosedGroupScores(fx.db, { edition: 2023, kind: 'sector', level: 'overall' });
    const pub = sectors.find((s) => s.group === 'public')!;
    const priv = sectors.find((s) => s.group === 'prive')!;
    // The key figure tiles: numbers, not text.
    const labelsAt = rows.findIndex((r) => r.includes('Structures évaluées'));
    const tiles = (rows[labelsAt - 1] as Row).filter((c) => c !== null);
    expect(tiles[0]).toBe(whole.structures);
    expect(tiles[1]).toBe(whole.audits);
    close(tiles[2], whole.score);
    close(tiles[3], pub.score);
    close(tiles[4], priv.score);

    const text = rows.flat().filter((c) => typeof c === 'string').join('\n');
    expect(text).toContain(`${frInt.format(whole.structures)} structures évaluées (${frInt.format(pub.structures)} du secteur public, ${frInt.format(priv.structures)} du panel privé), ${frInt.format(whole.audits)} audits mystère`);
    expect(text).toContain(`Score global de l'édition : ${fr1.format(whole.score!)} / 100 (secteur public : ${fr1.format(pub.score!)} ; panel privé : ${fr1.format(priv.score!)}).`);
    const head = headlineIndicators(fx.db, { edition: 2023 });
    const mel1 = (g: string) => head.find((h) => h.item === 'MEL-01' && h.group === g)!;
    expect(text).toContain(`Courriels répondus en moins de 24 h : ${frPct.format(mel1('public').rate! / 100)} (public, ${frInt.format(mel1('public').audits)} audits) contre ${frPct.format(mel1('prive').rate! / 100)} (privé, ${frInt.format(mel1('prive').audits)} audits).`);

    // Best and weakest determinants of the edition, from the disclosed edition rows.
    const dets = disclosedGroupScores(fx.db, { edition: 2023, kind: 'edition', level: 'determinant' }).filter((g) => g.score !== null).sort((a, b) => b.score! - a.score!);
    expect(dets.length).toBe(4);
    const [first, second] = dets;
    expect(text).toContain(`Déterminants les mieux notés : ${first!.label} (${fr1.format(first!.score!)}) et ${second!.label} (${fr1.format(second!.score!)}).`);
    const [last, beforeLast] = [...dets].reverse();
    expect(text).toContain(`Déterminants les moins bien notés : ${last!.label} (${fr1.format(last!.score!)}) et ${beforeLast!.label} (${fr1.format(beforeLast!.score!)}).`);
  });

  it('names the winners with their score only where the disclosure rule allows it', () => {
    const { rows } = table(wb, 'Messages clés', 'Catégorie');
    const expected = winners(fx.db, { edition: 2023 });
    expect(rows).toHaveLength(expected.length);
    // The fixture's categories are all under 10 other structures: every winner's score is withheld.
    expect(expected.every((w) => w.score === null)).toBe(true);
    expected.forEach((w, i) => {
      const r = (rows[i] as Row).filter((c) => c !== null);
      expect(r[0]).toBe(w.categoryLabel);
      expect(r[1]).toBe(w.name);
      expect(r[2]).toBe('—');
      expect(String(r[3])).toContain('moins de 10 autres structures');
    });
    expect(rowsOf(wb, 'Messages clés').flat().join(' ')).toContain('Règle de confidentialité');
  });

  it('Étapes and Canaux are category × step / channel grids equal to disclosedGroupScores', () => {
    for (const [sheet, level] of [['Étapes', 'step'], ['Canaux', 'channel']] as const) {
      const expected = rowsAt(fx, level);
      const { header, rows } = table(wb, sheet, 'Catégorie ou groupe');
      const keys = [...new Map(expected.map((g) => [g.key, g.label])).entries()];
      expect(header.slice(1)).toEqual(keys.map(([, label]) => label));
      const groups = [...new Map(expected.map((g) => [`${g.groupKind}:${g.group}`, g])).values()];
      expect(rows).toHaveLength(groups.length);
      expect(rows.map((r) => r[0])).toEqual([
        ...groups.filter((g) => g.groupKind === 'category').map((g) => g.groupLabel),
        'Secteur public', 'Secteur privé', 'Ensemble',
      ]);
      groups.forEach((g, i) => keys.forEach(([key], k) => {
        expectCell((rows[i] as Row)[k + 1], expected.find((x) => x.groupKind === g.groupKind && x.group === g.group && x.key === key));
      }));
      // The smallest category (3 structures, 2 others) is withheld: the grid says "—", with the reason.
      expect(rows.find((r) => r[0] === 'Villes de 20 000 à 50 000 habitants')?.slice(1).every((c) => c === '—')).toBe(true);
      expect(rowsOf(wb, sheet).flat().join(' ')).toContain('score non diffusé, le groupe compte moins de 3 autres structures');
    }
  });

  it('Déterminants: one row per determinant (best first), one column per group, equal to disclosedGroupScores', () => {
    const expected = rowsAt(fx, 'determinant');
    const { header, rows } = table(wb, 'Déterminants', 'Déterminant');
    const groups = [...new Map(expected.map((g) => [`${g.groupKind}:${g.group}`, g])).values()];
    expect(header.length).toBe(groups.length + 1);
    expect(header[header.length - 1]).toBe('Ensemble');
    const whole = expected.filter((g) => g.groupKind === 'edition').sort((a, b) => b.score! - a.score!);
    expect(rows.map((r) => r[0])).toEqual(whole.map((g) => g.label));
    whole.forEach((d, i) => groups.forEach((g, k) => {
      expectCell((rows[i] as Row)[k + 1], expected.find((x) => x.groupKind === g.groupKind && x.group === g.group && x.key === d.key));
    }));
  });

  it('shows no determinant code anywhere (cells, sheet names, properties)', async () => {
    const text = allText(wb);
    for (const code of DETERMINANT_CODES) expect(text).not.toContain(code);
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml'))) {
      const xml = await zip.files[name]!.async('string');
      for (const code of DETERMINANT_CODES) expect(xml, name).not.toContain(code);
    }
  });

  it('carries the charts as PNG pictures on the key-messages sheet, on a page of their own', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const media = Object.keys(zip.files).filter((n) => /^xl\/media\/.+\.png$/.test(n));
    expect(media.length).toBe(3);
    for (const name of media) {
      const png = await zip.files[name]!.async('nodebuffer');
      expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
      // Rendered at twice the size it is shown, and not blank (a flat image compresses to almost nothing).
      expect(png.readUInt32BE(16)).toBeGreaterThan(600);
      expect(png.length).toBeGreaterThan(10_000);
    }
    const rels = await zip.files['xl/worksheets/_rels/sheet1.xml.rels']!.async('string');
    expect(rels).toContain('drawing');
    const drawing = await zip.files['xl/drawings/drawing1.xml']!.async('string');
    expect(drawing.match(/<xdr:pic>/g)?.length).toBe(3);
    const sheet1 = await zip.files['xl/worksheets/sheet1.xml']!.async('string');
    expect(sheet1).toMatch(/<pageSetup [^>]*orientation="landscape"/);
    expect(sheet1).toMatch(/<pageSetup [^>]*fitToWidth="1"/);
    expect(sheet1).toMatch(/<rowBreaks [^>]*count="1"/);
  });

  it('draws each picture with its title (the pictures carry no caption of their own in the sheet)', () => {
    const svg = horizontalBarsSvg([{ label: 'Départements', value: 71.5 }], { title: 'Score global par catégorie', missing: 'non diffusé', format: (v) => v.toFixed(1) }, { width: 480, height: 240 });
    expect(svg).toContain('Score global par catégorie');
    expect(svg).toContain('Départements');
  });

  it('wraps long names instead of cutting them', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const keys = book.getWorksheet('Messages clés')!;
    const bullets: ExcelJS.Cell[] = [];
    keys.eachRow((row) => {
      const v = row.getCell(1).value;
      if (typeof v === 'string' && v.startsWith('•')) bullets.push(row.getCell(1));
    });
    expect(bullets.length).toBeGreaterThanOrEqual(5);
    for (const c of bullets) expect(c.alignment?.wrapText).toBe(true);
    const grid = book.getWorksheet('Déterminants')!;
    const header = grid.getRow(5);
    expect(header.getCell(1).value).toBe('Déterminant');
    // The determinant column and the category headers wrap; the header row is tall enough for three lines.
    expect(grid.getRow(6).getCell(1).alignment?.wrapText).toBe(true);
    expect(header.getCell(2).alignment?.wrapText).toBe(true);
    expect(header.height).toBeGreaterThanOrEqual(3 * 13);
    // A subtitle longer than the table is merged across it and wrapped, not cut at the table's edge.
    const steps = book.getWorksheet('Étapes')!;
    expect(steps.getCell('A2').alignment?.wrapText).toBe(true);
    expect(steps.getCell('A2').isMerged).toBe(true);
  });

  it('Méthode lists every source file of every edition up to the edition, and none after it', () => {
    const text = rowsOf(wb, 'Méthode').flat().filter((c) => c !== null).map(String).join('\n');
    for (const f of ['resultats-2023.xlsx', 'resultats-2022.csv', 'referentiel-2023.xlsx', 'structures.xlsx']) expect(text).toContain(f);
    expect(text).toContain('22'.repeat(32));
    expect(text).not.toContain('resultats-2024.xlsx');
    expect(text).not.toContain('ancien-fichier-annule.xlsx');
  });

  it('--lang en: English labels from the referential, and a note naming the ones it lacks', async () => {
    const en = readBook((await writeBarometerTables(fx.db, { edition: 2023, lang: 'en', outFile: path.join(out, 'tables-en.xlsx') })).file);
    expect(en.SheetNames[0]).toBe('Key messages');
    const text = allText(en);
    expect(text).toContain('structures assessed');
    expect(text).toContain('Emails answered within 24 hours');
    for (const code of DETERMINANT_CODES) expect(text).not.toContain(code);
    // Determinants in English where the referential has it, in French where it does not.
    const dets = table(en, 'Determinants', 'Determinant').rows.map((r) => r[0]);
    expect(dets).toEqual(expect.arrayContaining(['Accessibility', 'Courtesy', 'Responsiveness', 'Fiabilité de la réponse']));
    expect(dets).toEqual(rowsAt(fx, 'determinant', 'en').filter((g) => g.groupKind === 'edition').sort((a, b) => b.score! - a.score!).map((g) => g.label));
    expect(table(en, 'Steps', 'Category or group').rows.map((r) => r[0])).toContain('Public sector');
    // The missing labels: one determinant (by its French label, never its code) and two items.
    const note = text.split('\n').find((l) => l.includes('without an English version'));
    expect(note).toBeDefined();
    expect(note).toContain('3 label(s)');
    expect(note).toContain('Fiabilité de la réponse');
    expect(note).toContain('TEL-03');
    expect(note).toContain('VIS-02');
    expect(rowsOf(en, 'Method').flat().join(' ')).toContain('Translation');
    // The French workbook has no such note.
    expect(allText(wb)).not.toContain('sans version anglaise');
  });
});
