/**
 * `charts.scoresSvg`: the Scores view's charts drawn by the server, through a real API core on a
 * real seeded workspace. The SVG shows what the screen's chart shows (the same answers, the same
 * option builder): the categories whose distribution the disclosure rule lets through and no
 * other, the first structures of a ranking with their French scores, names escaped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import type { CategoryRanking, DisclosedGroupScoreRow } from '../../shared/analytics-types.js';
import type { ApiResponse } from '../../shared/contract.js';
import type { ChartSvg } from '../../shared/scores-charts.js';
import { createTestCore, TEST_ORIGIN, type TestCore } from './api-test-helpers.js';

let t: TestCore;
const caller = { origin: TEST_ORIGIN };
const EDITION = 2024;

function ok<T>(response: ApiResponse<unknown>): T {
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.result as T;
}

beforeEach(() => {
  // 15 structures per category: enough others for the distribution to be shown (k >= 10).
  t = createTestCore({ seed: { structures: 120 } });
});
afterEach(async () => {
  await t.close();
});

/** Text content of the SVG's <text> elements, entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => (m[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
}

describe('charts.scoresSvg', () => {
  it('draws the distribution of the categories the disclosure rule shows, at the width asked', async () => {
    const groups = ok<DisclosedGroupScoreRow[]>(await t.core.router.call('analytics.groupScores', { edition: EDITION, level: 'overall', lang: 'fr' }, caller));
    const shown = groups.filter((g) => g.groupKind === 'category' && g.n !== null && g.n > 0 && g.min !== null);
    expect(shown.length).toBeGreaterThan(0);
    const chart = ok<ChartSvg>(await t.core.router.call('charts.scoresSvg', { chart: 'distribution', edition: EDITION, width: 640, lang: 'fr' }, caller));
    expect(chart.width).toBe(640);
    expect(chart.height).toBe(Math.max(260, shown.length * 34 + 50));
    expect(chart.svg).toMatch(/^<svg[^>]* width="640" height="\d+"/);
    expect(chart.svg).toContain(`viewBox="0 0 640 ${chart.height}"`);
    const labels = texts(chart.svg);
    for (const g of shown) expect(labels.some((l) => g.groupLabel.startsWith(l.replace(/…$/, '')))).toBe(true);
    // The scale's numbers are drawn too: the SVG is the chart, not only its labels.
    expect(labels).toContain('100');
  });

  it('draws a chart once per data version and width, and again once the data changed', async () => {
    const ask = async (width: number): Promise<ChartSvg | null> => ok<ChartSvg | null>(await t.core.router.call('charts.scoresSvg', { chart: 'distribution', edition: EDITION, width, lang: 'fr' }, caller));
    const first = await ask(640);
    expect(first).not.toBeNull();
    expect(await ask(640)).toBe(first);
    const wider = await ask(900);
    expect(wider).not.toBe(first);
    expect(wider!.width).toBe(900);
    // A stricter rule withholds the categories: the drawing follows, it is not the one kept.
    ok(await t.core.router.call('analytics.setDisclosureRule', { meanMinOthers: 3, distributionMinOthers: 50 }, caller));
    expect(await ask(640)).toBeNull();
  });

  it('draws no distribution when the disclosure rule withholds every category', async () => {
    ok(await t.core.router.call('analytics.setDisclosureRule', { meanMinOthers: 3, distributionMinOthers: 50 }, caller));
    const groups = ok<DisclosedGroupScoreRow[]>(await t.core.router.call('analytics.groupScores', { edition: EDITION, level: 'overall', lang: 'fr' }, caller));
    expect(groups.filter((g) => g.groupKind === 'category' && g.min !== null)).toEqual([]);
    const chart = ok<ChartSvg | null>(await t.core.router.call('charts.scoresSvg', { chart: 'distribution', edition: EDITION, width: 640 }, caller));
    expect(chart).toBeNull();
  });

  it('draws the first structures of a ranking with their scores in French, and refuses an unknown category', async () => {
    const ranking = ok<CategoryRanking>(await t.core.router.call('analytics.rankings', { edition: EDITION, category: 'ville-plus-50k', lang: 'fr' }, caller));
    const ranked = ranking.entries.filter((e) => e.score !== null);
    expect(ranked.length).toBeGreaterThan(0);
    const chart = ok<ChartSvg>(await t.core.router.call('charts.scoresSvg', { chart: 'ranking', edition: EDITION, category: 'ville-plus-50k', width: 500, lang: 'fr' }, caller));
    const labels = texts(chart.svg);
    const first = ranked[0]!;
    expect(labels.some((l) => l.startsWith(`${first.position}. `))).toBe(true);
    const score = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(first.score!);
    expect(labels).toContain(score);
    expect(score).toMatch(/,/);
    const unknown = await t.core.router.call('charts.scoresSvg', { chart: 'ranking', edition: EDITION, category: 'NOPE', width: 500 }, caller);
    expect(unknown.ok ? null : unknown.error.code).toBe('NOT_FOUND');
  });

  it('escapes the names it draws', async () => {
    const db = openWorkspace(t.file);
    db.prepare(`UPDATE structure SET name = '<img src=x onerror=alert(1)> & ' || name WHERE category = 'ville-plus-50k'`).run();
    db.close();
    const chart = ok<ChartSvg>(await t.core.router.call('charts.scoresSvg', { chart: 'ranking', edition: EDITION, category: 'ville-plus-50k', width: 900, lang: 'en' }, caller));
    expect(chart.svg).not.toContain('<img');
    expect(chart.svg).toContain('&lt;img');
    expect(texts(chart.svg).some((l) => l.includes('<img src=x onerror=alert(1)> & '))).toBe(true);
  });
});
