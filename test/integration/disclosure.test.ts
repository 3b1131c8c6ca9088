/**
 * Statistical disclosure control across every surface: on categories of 2, 5, 10 and 11
 * structures (1, 4, 9 and 10 others), what the CLI's JSON, the barometer tables and the
 * per-structure workbooks show is what the rule allows, and no figure the rule withholds leaks
 * as a number: another structure's exact overall score (a non-round number, so a hit is a leak,
 * not a coincidence) appears nowhere in a deliverable read by a structure it concerns.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { buildFixture, type Fixture } from './export-fixture.js';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import { readCache } from '../../main/analytics/cache-read.js';
import { DEFAULT_DISCLOSURE_RULE, disclosureFor, disclosureRule, peerBenchmark, saveDisclosureRule, winners } from '../../main/analytics/index.js';
import { failedItems } from '../../main/explorer/failed-items.js';
import { writeBarometerTables } from '../../main/export/barometer-tables.js';
import { writeStructureWorkbook } from '../../main/export/structure-workbook.js';
import { writeStructureReport } from '../../main/report/batch.js';
import type { PeerRow } from '../../shared/analytics-types.js';
import { CATEGORIES, labelOf } from '../../shared/domain.js';

const SIZES = { 'ville-plus-50k': 11, 'ville-20k-50k': 10, 'ville-moins-20k': 5, region: 2, 'panel-prive': 4 } as const;
const DISTRIBUTION = ['median', 'q1', 'q3', 'min', 'max', 'rank', 'percentile'] as const;

let fx: Fixture;
let out: string;

beforeAll(() => {
  fx = buildFixture({ perCategory: { ...SIZES }, editions: [2023], revision: false });
  out = path.join(fx.dir, 'out');
  fs.mkdirSync(out);
});
afterAll(() => { if (!process.env.KEEP_FIXTURE) fx.cleanup(); else console.log('fixture kept in', fx.dir); });

async function cliJson<T>(args: string[]): Promise<T> {
  let text = '';
  const io: CliIo = { out: (t) => { text += `${t}\n`; }, err: () => undefined, interactive: false };
  expect(await main([...args, '--json', '--db', fx.file], io)).toBe(0);
  return JSON.parse(text) as T;
}

/** Every number in every cell of the named sheets (all when omitted) of a workbook. */
function numbersIn(file: string, sheets?: readonly string[]): number[] {
  const wb = XLSX.read(fs.readFileSync(file));
  const found: number[] = [];
  for (const name of sheets ?? wb.SheetNames) {
    for (const [ref, cell] of Object.entries(wb.Sheets[name] ?? {})) {
      if (!ref.startsWith('!') && typeof (cell as XLSX.CellObject).v === 'number') found.push((cell as XLSX.CellObject).v as number);
    }
  }
  return found;
}

const overallScores = (category: string): Map<string, number> =>
  new Map(readCache(fx.db, { edition: 2023, category, level: 'overall' }).filter((r) => r.score !== null).map((r) => [r.structure, r.score as number]));

/** The scores that would betray a structure: non-round ones (a round 100 can occur by chance). */
const revealing = (scores: Iterable<number>): number[] => [...scores].filter((s) => Math.abs(s * 10 - Math.round(s * 10)) > 1e-6);

const contains = (haystack: number[], needle: number): boolean => haystack.some((v) => Math.abs(v - needle) < 1e-9);

describe('the disclosure rule on categories of 2, 5, 10 and 11 structures', () => {
  it('peers --json: every row withholds exactly what its number of others requires, as null with the reason', async () => {
    for (const category of Object.keys(SIZES)) {
      const code = fx.structures.find((s) => s.category === category)!.code;
      const rows = await cliJson<PeerRow[]>(['peers', code, '--level', 'all']);
      expect(rows.length).toBeGreaterThan(10);
      for (const r of rows) {
        // Others counted independently from the cache: the category's structures with a score, less this one.
        const others = readCache(fx.db, { edition: 2023, category, level: r.level, key: r.key }).filter((c) => c.score !== null && c.structure !== code).length;
        expect(r.others, `${code} ${r.level}/${r.key}`).toBe(others);
        const expected = disclosureFor(others, DEFAULT_DISCLOSURE_RULE);
        expect(r.withheld).toEqual(expected.withheld);
        expect(r.suppressed).toBe(others < 10 ? 'group-too-small' : null);
        for (const stat of r.withheld) expect((r as unknown as Record<string, unknown>)[stat], `${code} ${r.level}/${r.key} ${stat}`).toBeNull();
        if (others < 10) for (const stat of DISTRIBUTION) expect(r[stat]).toBeNull();
        if (others < 3) expect([r.n, r.mean]).toEqual([null, null]);
        if (others >= 10 && r.score !== null) expect([r.median, r.rank]).not.toContain(null);
      }
    }
  });

  it('no per-structure workbook holds another structure’s exact score where the rule withholds it', async () => {
    for (const category of ['region', 'ville-moins-20k', 'ville-20k-50k'] as const) {
      const scores = overallScores(category);
      for (const [code, own] of scores) {
        const file = (await writeStructureWorkbook(fx.db, { structure: code, edition: 2023, outFile: path.join(out, `${code}.xlsx`) })).file;
        const all = numbersIn(file);
        expect(contains(all, own)).toBe(true); // its own score is there: the scan works
        // Its own scores at every level are its to see (and may equal a peer's by chance).
        const mine = readCache(fx.db, { edition: 2023, structure: code }).flatMap((r) => (r.score === null ? [] : [r.score]));
        const numbers = all.filter((v) => !contains(mine, v));
        for (const other of revealing([...scores].filter(([c]) => c !== code).map(([, s]) => s))) {
          expect(contains(numbers, other), `${code}'s workbook shows a peer's score ${other}`).toBe(false);
        }
      }
    }
  });

  it('the barometer tables hold no member’s exact score for categories under 11, the winner’s from 11', async () => {
    const file = (await writeBarometerTables(fx.db, { edition: 2023, outFile: path.join(out, 'tables.xlsx') })).file;
    const wb = XLSX.read(fs.readFileSync(file));
    // A member's overall score could only leak through its category's rows of the overall-level
    // sheets (a figure of another group or level may equal it by chance: the fixture's scores
    // share denominators); the level sheets are checked column by column below.
    const overallSheets = wb.SheetNames.filter((n) => !['Étapes', 'Canaux', 'Déterminants', 'Détail des scores', 'Tendances', 'Méthode'].includes(n));
    expect(overallSheets).toEqual(expect.arrayContaining(['Lauréats', 'Distribution']));
    const rowsOf = (label: string): number[] => overallSheets.flatMap((name) => XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name]!, { header: 1, raw: true, defval: null })
      .filter((row) => row.includes(label)).flatMap((row) => row.filter((v): v is number => typeof v === 'number')));
    for (const category of ['region', 'ville-moins-20k', 'ville-20k-50k'] as const) {
      const numbers = rowsOf(labelOf(CATEGORIES, category));
      expect(numbers.length).toBeGreaterThan(0);
      for (const s of revealing(overallScores(category).values())) expect(contains(numbers, s), `${category}: ${s}`).toBe(false);
    }
    // Level grids (category × step / channel): a category under 3 others shows "—", never a number.
    for (const sheet of ['Étapes', 'Canaux']) {
      const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheet]!, { header: 1, raw: true, defval: null });
      for (const [category, size] of Object.entries(SIZES)) {
        const row = rows.find((r) => r[0] === labelOf(CATEGORIES, category))!;
        if (size - 1 < 3) expect(row.slice(1).every((v) => v === '—' || v === null), `${sheet} ${category}`).toBe(true);
      }
    }
    // The levels' detail: in a category's rows, the distribution columns are empty under 10
    // others, and n, mean and pooled score too ("—") under 3.
    for (const sheet of ['Détail des scores']) {
      const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheet]!, { header: 1, raw: true, defval: null });
      const header = rows.find((r) => r[1] === 'Type de groupe')!;
      const col = (name: string): number => {
        expect(header, sheet).toContain(name);
        return header.indexOf(name);
      };
      for (const [category, size] of Object.entries(SIZES)) {
        const mine = rows.filter((r) => r[2] === labelOf(CATEGORIES, category));
        expect(mine.length, `${sheet} ${category}`).toBeGreaterThan(0);
        for (const r of mine) {
          const empty = (name: string): boolean => r[col(name)] === null || r[col(name)] === '' || r[col(name)] === '—';
          if (size - 1 < 10) for (const name of ['Médiane', '1er quartile', '3e quartile', 'Minimum', 'Maximum']) expect(empty(name), `${sheet} ${category} ${name}`).toBe(true);
          if (size - 1 < 3) for (const name of ['Score (ensemble des observations)', 'Moyenne', 'n (structures notées)']) expect(empty(name), `${sheet} ${category} ${name}`).toBe(true);
        }
      }
    }
    const numbers = numbersIn(file);
    const list = winners(fx.db, { edition: 2023 });
    expect(list.find((w) => w.category === 'region')).toMatchObject({ score: null, suppressed: 'group-too-small' });
    expect(list.find((w) => w.category === 'ville-20k-50k')).toMatchObject({ score: null, others: 9 });
    const big = list.find((w) => w.category === 'ville-plus-50k')!;
    expect(big.score).not.toBeNull();
    expect(contains(numbers, big.score!)).toBe(true);
  });

  it('no PDF report shows another structure’s score, as the report prints it, where the rule withholds it', async () => {
    const fr1 = (v: number): string => new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v).replace(/[\u00a0\u202f]/g, ' ');
    for (const category of ['region', 'ville-moins-20k'] as const) {
      const scores = overallScores(category);
      for (const [code, own] of scores) {
        const { file } = await writeStructureReport(fx.db, { structure: code, edition: 2023, outFile: path.join(out, `${code}.pdf`) });
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
        expect(text).toContain(fr1(own)); // its own score is printed: the scan works
        // Its own scores at every level, and the figures the rule lets through, may equal a peer's once rounded.
        const allowed = new Set(readCache(fx.db, { edition: 2023, structure: code }).flatMap((r) => (r.score === null ? [] : [fr1(r.score)])));
        for (const p of peerBenchmark(fx.db, { edition: 2023, structure: code })) for (const v of [p.mean, p.median, p.q1, p.q3, p.max]) if (v !== null) allowed.add(fr1(v));
        for (const [other, score] of scores) {
          if (other === code || allowed.has(fr1(score))) continue;
          expect(new RegExp(`(^|[^\\d,])${fr1(score).replace(',', '\\,')}([^\\d]|$)`, 'm').test(text), `${code}'s report shows ${other}'s score ${fr1(score)}`).toBe(false);
        }
      }
    }
  });

  it('the peers’ failure rate of the Fiche needs 3 other structures', () => {
    for (const category of ['region', 'ville-moins-20k'] as const) {
      const code = fx.structures.find((s) => s.category === category)!.code;
      const items = failedItems(fx.db, { code, edition: 2023, limit: 50 });
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        expect(item.peersSuppressed).toBe(item.peersOthers < 3 ? 'group-too-small' : null);
        if (item.peersOthers < 3) expect(item.peersFailureRate).toBeNull();
      }
      if (category === 'region') expect(items.every((i) => i.peersFailureRate === null)).toBe(true);
    }
  });

  it('barometer disclosure shows and sets the rule; a bad threshold is refused in French', async () => {
    expect(await cliJson(['disclosure'])).toEqual(DEFAULT_DISCLOSURE_RULE);
    expect(await cliJson(['disclosure', '--distribution', '12'])).toEqual({ meanMinOthers: 3, distributionMinOthers: 12 });
    expect(disclosureRule(fx.db)).toEqual({ meanMinOthers: 3, distributionMinOthers: 12 });
    let err = '';
    const io: CliIo = { out: () => undefined, err: (t) => { err += t; }, interactive: false };
    expect(await main(['disclosure', '--mean', 'trois', '--db', fx.file], io)).not.toBe(0);
    expect(err).toContain('--mean attend un nombre entier');
    saveDisclosureRule(fx.db, { ...DEFAULT_DISCLOSURE_RULE });
  });

  it('follows the workspace setting: thresholds 1 and 4 show the median of 4 others', () => {
    const code = fx.structures.find((s) => s.category === 'ville-moins-20k')!.code;
    const before = peerBenchmark(fx.db, { edition: 2023, structure: code, level: 'overall' })[0]!;
    expect(before.median).toBeNull();
    saveDisclosureRule(fx.db, { meanMinOthers: 1, distributionMinOthers: 4 });
    try {
      const after = peerBenchmark(fx.db, { edition: 2023, structure: code, level: 'overall' })[0]!;
      expect(after).toMatchObject({ others: 4, suppressed: null, withheld: [] });
      expect(after.median).not.toBeNull();
      // A setting can never make the distribution threshold lower than the mean's.
      expect(saveDisclosureRule(fx.db, { meanMinOthers: 5, distributionMinOthers: 2 })).toEqual({ meanMinOthers: 5, distributionMinOthers: 5 });
    } finally {
      saveDisclosureRule(fx.db, { ...DEFAULT_DISCLOSURE_RULE });
    }
  });
});
