/**
 * The analytics commands through the CLI entry (`main(argv, io)`) on the hand-computed dataset of
 * analytics-fixture.ts, with a captured io: the JSON shapes of the issue and readable tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import { handDataset } from './analytics-fixture.js';
import type { Fixture } from './analytics-fixture.js';

let f: Fixture;
let file: string;
beforeAll(() => {
  f = handDataset();
  file = f.file;
  // The CLI opens its own connection: the fixture's stays open only for cleanup.
});
afterAll(() => f.close());

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; }, interactive: false };
  const code = await main([...args, '--db', file], io);
  return { code, out, err };
}

async function json<T>(args: string[]): Promise<T> {
  const r = await run([...args, '--json']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as T;
}

describe('barometer scores', () => {
  it('gives the overall scores of the latest edition as the issue’s JSON rows', async () => {
    const rows = await json<Array<Record<string, unknown>>>(['scores']);
    const a = rows.find((r) => r.structure === 'A');
    // A: 6 / 10 → 60 (see analytics-scores.test.ts)
    expect(a).toMatchObject({ structure: 'A', name: 'Alpha', category: 'ville-plus-50k', sector: 'public', level: 'overall', key: 'overall', score: 60, compliantWeight: 6, applicableWeight: 10, observations: 6 });
    expect(rows.find((r) => r.structure === 'E')?.score).toBeNull();
    expect(rows).toHaveLength(5);
  });
  it('filters by level, structure and category', async () => {
    const steps = await json<Array<{ key: string; score: number }>>(['scores', '--level', 'step', '--structure', 'A', '--edition', '2023']);
    // acces 5 / 8 = 62.5, traitement 1 / 2 = 50
    expect(steps.map((r) => [r.key, r.score])).toEqual([['acces', 62.5], ['traitement', 50]]);
    const category = await json<Array<{ structure: string }>>(['scores', '--category', 'ville-plus-50k']);
    expect(category.map((r) => r.structure)).toEqual(['B', 'A', 'C']);
    const pooled = await json<Array<{ group: string; score: number }>>(['scores', '--by', 'category']);
    // ville-plus-50k pooled: 14 / 20 = 70
    expect(pooled.find((r) => r.group === 'ville-plus-50k')?.score).toBe(70);
  });
  it('prints a French table by default and refuses a bad level', async () => {
    const table = await run(['scores']);
    expect(table.code).toBe(0);
    expect(table.out).toContain('Alpha');
    expect(table.out).toContain('60,0');
    const bad = await run(['scores', '--level', 'planet']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--level/);
  });
});

describe('barometer peers, winners, indicators, trends, completeness', () => {
  it('peers CODE gives the benchmark per level and key', async () => {
    const rows = await json<Array<Record<string, unknown>>>(['peers', 'A']);
    const overall = rows.find((r) => r.level === 'overall');
    expect(overall).toMatchObject({ key: 'overall', score: 60, n: 3, median: 60, q3: 80, max: 100, rank: 2, percentile: 50 });
    expect(Object.keys(overall ?? {})).toEqual(expect.arrayContaining(['n', 'mean', 'median', 'q1', 'q3', 'min', 'max', 'rank', 'percentile']));
    expect(rows.some((r) => r.level === 'item' && r.key === 'MEL-01')).toBe(true);
    const missing = await run(['peers', 'NOPE']);
    expect(missing.code).toBe(1);
  });
  it('winners gives one row per awarding category with a scored structure', async () => {
    expect(await json(['winners'])).toEqual([expect.objectContaining({ category: 'ville-plus-50k', structure: 'B', name: 'Bravo', score: 100 })]);
  });
  it('indicators gives the headline table and one item by sector or category', async () => {
    const headline = await json<Array<{ item: string; group: string; rate: number; audits: number }>>(['indicators']);
    expect(headline.map((r) => [r.item, r.group, r.audits])).toEqual([['MEL-01', 'public', 3], ['MEL-01', 'prive', 1], ['MEL-02', 'public', 2], ['MEL-02', 'prive', 1]]);
    const bySector = await json<Array<{ item: string; group: string; rate: number; audits: number }>>(['indicators', '--item', 'MEL-01', '--by', 'sector']);
    // public 2 / 3 audits, private 1 / 1
    expect(bySector.map((r) => ({ item: r.item, group: r.group, audits: r.audits }))).toEqual([{ item: 'MEL-01', group: 'public', audits: 3 }, { item: 'MEL-01', group: 'prive', audits: 1 }]);
    expect(bySector[0]?.rate).toBeCloseTo(200 / 3, 10);
    const byCategory = await json<Array<{ group: string }>>(['indicators', '--item', 'MEL-01', '--by', 'category']);
    expect(byCategory.map((r) => r.group)).toEqual(['ville-plus-50k', 'panel-prive']);
    const table = await run(['indicators']);
    expect(table.out).toContain('Courriels répondus en moins de 24 h');
  });
  it('trends and completeness answer in JSON and as tables', async () => {
    const t = await json<{ editions: number[]; series: Array<{ key: string }> }>(['trends', '--structure', 'A', '--level', 'step']);
    expect(t.editions).toEqual([2023]);
    expect(t.series.map((s) => s.key)).toEqual(['acces', 'traitement']);
    const c = await json<{ expectedAudits: number; auditCount: unknown[] }>(['completeness']);
    // every structure has 1 to 3 audits against 13 expected
    expect(c.expectedAudits).toBe(13);
    expect(c.auditCount).toHaveLength(5);
    const table = await run(['completeness']);
    expect(table.out).toContain('Items en vigueur jamais observés : 0');
  });
});
