/**
 * The analysis views' pure models: the Scores grid pivot (one row per structure, positions from
 * the category rankings), the Fiche structure's KPIs, distribution rows and radar, the trend line,
 * the Comparaisons view's choice of panels, and the French formatting helpers of the views.
 */
import { describe, expect, it } from 'vitest';
import type { CategoryRanking, DisclosedGroupScoreRow, PeerRow, StructureScoreRow, TrendsResult } from '../../shared/analytics-types.js';
import { categoriesOf, pivotScores, scoreColumns } from '../../renderer/src/views/scores/score-table.js';
import { distributionRows, kpisOf, radarModel, sharesRank, trendLine } from '../../renderer/src/views/structure/profile-model.js';
import { rankAndPercentile } from '../../main/analytics/score-math.js';
import { trendChangeText, trendNotes, trendTable } from '../../renderer/src/views/structure/structure-charts.js';
import { messages } from '../../renderer/src/views/structure/messages.js';
import { choiceOf, comparisonFor, comparisonFromParams, comparisonQuery } from '../../renderer/src/views/comparisons/comparison-model.js';
import { parseComparison } from '../../shared/comparison-types.js';
import { formatDate, formatDelta, formatRank, mean, median } from '../../renderer/src/views/analysis-common/format.js';

const counts = { compliantWeight: 0, applicableWeight: 0, observations: 0, applicable: 0, compliant: 0, audits: 13 };

function scoreRow(structure: string, level: StructureScoreRow['level'], key: string, score: number | null, category = 'region'): StructureScoreRow {
  return { ...counts, edition: 2023, structure, name: `Nom ${structure}`, category, categoryLabel: `Cat ${category}`, sector: 'public', level, key, label: `L ${key}`, score };
}

function peerRow(level: PeerRow['level'], key: string, score: number | null, stats: Partial<PeerRow> = {}): PeerRow {
  return {
    ...scoreRow('S1', level, key, score),
    n: 5, mean: 70, median: 71, q1: 65, q3: 78, min: 50, max: 90, rank: 2, percentile: 70, others: 10, suppressed: null, withheld: [],
    ...stats,
  };
}

describe('Scores grid pivot', () => {
  const rowsByLevel = {
    overall: [scoreRow('A', 'overall', 'overall', 80), scoreRow('B', 'overall', 'overall', 70, 'departement')],
    step: [scoreRow('A', 'step', 'acces', 75), scoreRow('A', 'step', 'traitement', null), scoreRow('B', 'step', 'acces', 60, 'departement')],
  };

  it('makes one column per level and key, in the API order', () => {
    expect(scoreColumns(rowsByLevel).map((c) => c.field)).toEqual(['overall:overall', 'step:acces', 'step:traitement']);
  });

  it('makes one row per structure with its scores and its position in its category', () => {
    const ranking: CategoryRanking = {
      edition: 2023, category: 'region', categoryLabel: 'Cat region', sector: 'public', awardsWinner: true,
      entries: [
        { structure: 'Z', name: 'Z', category: 'region', categoryLabel: '', sector: 'public', position: 1, rank: 1, score: 90, compliantWeight: 0, applicableWeight: 0, observations: 0, audits: 0, traitementScore: null, decidedBy: 'score' },
        { structure: 'A', name: 'A', category: 'region', categoryLabel: '', sector: 'public', position: 2, rank: 2, score: 80, compliantWeight: 0, applicableWeight: 0, observations: 0, audits: 0, traitementScore: null, decidedBy: null },
        { structure: 'Y', name: 'Y', category: 'region', categoryLabel: '', sector: 'public', position: 3, rank: null, score: null, compliantWeight: 0, applicableWeight: 0, observations: 0, audits: 0, traitementScore: null, decidedBy: null },
      ],
    };
    const rows = pivotScores(rowsByLevel, [ranking]);
    expect(rows).toHaveLength(2);
    const a = rows.find((r) => r.structure === 'A');
    // Ranked among the 2 entries that have a score (Y has none).
    expect(a).toMatchObject({ position: 2, rankedIn: 2, audits: 13, scores: { 'overall:overall': 80, 'step:acces': 75, 'step:traitement': null } });
    const b = rows.find((r) => r.structure === 'B');
    expect(b).toMatchObject({ position: null, rankedIn: null, scores: { 'overall:overall': 70, 'step:acces': 60 } });
    expect(categoriesOf(rows)).toEqual([{ code: 'region', label: 'Cat region' }, { code: 'departement', label: 'Cat departement' }]);
  });
});

describe('Fiche structure model', () => {
  const peers = [
    peerRow('overall', 'overall', 76, { median: 71, max: 88, n: 12, rank: 3, percentile: 79.2 }),
    peerRow('step', 'acces', 80),
    peerRow('channel', 'email', null),
    peerRow('determinant', 'courtoisie', 66, { n: 0, min: null, q1: null, median: null, q3: null, max: null }),
    peerRow('determinant', 'reactivite', 72, { median: 74 }),
    peerRow('determinant', 'clarte', 90, { median: 80 }),
  ];

  it('reads the KPI figures from the overall row', () => {
    expect(kpisOf(peers)).toEqual({ score: 76, rank: 3, n: 12, percentile: 79.2, sharesRank: false, median: 71, best: 88, audits: 13, observations: 0, vsMedian: 5, withheld: false, others: 10 });
    expect(kpisOf([])).toBeNull();
  });

  it('says « ex æquo » only when another structure has the very same score (read back from the engine\'s rank and percentile)', () => {
    const sample = [41.5, 55, 55, 60.25, 72, 72, 72, 80, 91.75, 91.75, 99];
    for (const score of new Set(sample)) {
      const { rank, percentile } = rankAndPercentile(sample, score);
      const tied = sample.filter((s) => s === score).length > 1;
      expect(sharesRank(rank, percentile, sample.length), `score ${score}`).toBe(tied);
    }
    expect(sharesRank(null, null, null)).toBe(false);
    expect(sharesRank(1, 50, 1)).toBe(false);
  });

  it('carries what the disclosure rule withholds: nulls, no gap to a median it does not show, the note flag', () => {
    const small = [peerRow('overall', 'overall', 76, { n: null, mean: null, median: null, q1: null, q3: null, min: null, max: null, rank: null, percentile: null, others: 2, suppressed: 'group-too-small', withheld: ['n', 'mean', 'median', 'q1', 'q3', 'min', 'max', 'rank', 'percentile'] })];
    expect(kpisOf(small)).toMatchObject({ score: 76, rank: null, n: null, median: null, best: null, vsMedian: null, withheld: true, others: 2 });
    expect(distributionRows(small, ['overall'])).toEqual([]);
  });

  it('keeps only rows with a peer distribution, in level order', () => {
    const rows = distributionRows(peers, ['overall', 'step', 'channel', 'determinant']);
    expect(rows.map((r) => r.key)).toEqual(['overall', 'acces', 'email', 'reactivite', 'clarte']);
    expect(rows[2]).toMatchObject({ key: 'email', score: null, min: 50, max: 90 });
  });

  it('builds the radar on the keys the structure has a score for, with the private median', () => {
    const privateGroups = [
      { level: 'determinant', groupKind: 'sector', group: 'prive', key: 'clarte', median: 85 },
      { level: 'determinant', groupKind: 'sector', group: 'public', key: 'clarte', median: 10 },
      { level: 'step', groupKind: 'sector', group: 'prive', key: 'reactivite', median: 11 },
    ] as DisclosedGroupScoreRow[];
    const radar = radarModel(peers, privateGroups, 'determinant');
    expect(radar.axes.map((a) => a.key)).toEqual(['courtoisie', 'reactivite', 'clarte']);
    expect(radar.structure).toEqual([66, 72, 90]);
    expect(radar.peerMedian).toEqual([null, 74, 80]);
    expect(radar.privateMedian).toEqual([null, null, 85]);
  });

  it('aligns a trend on its editions, with bases, gaps and how each change reads', () => {
    const point = { ...counts, structures: null, suppressed: null };
    const change = { reasons: [], panel: null, base: { from: 13, to: 13 } };
    const result: TrendsResult = {
      scope: { kind: 'structure', code: 'S1' }, scopeLabel: 'S1', level: 'overall', editions: [2021, 2022, 2023],
      series: [{
        level: 'overall', key: 'overall', label: 'Global',
        points: [{ ...point, edition: 2021, score: 70 }, { ...point, edition: 2022, score: null, audits: 0 }, { ...point, edition: 2023, score: 75, audits: 2 }],
        comparisons: [
          { ...change, from: 2021, to: 2022, comparable: true, reason: null, state: 'not-participating', missingIn: [2022], delta: null, base: { from: 13, to: 0 } },
          { ...change, from: 2022, to: 2023, comparable: false, reason: 'items changés', state: 'not-participating', missingIn: [2022], delta: null, base: { from: 0, to: 2 } },
        ],
      }],
    };
    const line = trendLine(result);
    expect(line).toMatchObject({ editions: [2021, 2022, 2023], values: [70, null, 75], gaps: [null, 'not-participating', null] });
    expect(line?.bases).toEqual([{ audits: 13, structures: null }, { audits: 0, structures: null }, { audits: 2, structures: null }]);
    // A non-participating edition is not a referential break: the note says "non participant", not "référentiel modifié".
    expect(line?.breaks).toEqual([]);
    expect(line?.changes.map((c) => [c.state, c.missingIn, c.base])).toEqual([['not-participating', [2022], 0], ['not-participating', [2022], 0]]);
    const texts = messages.fr;
    const table = trendTable(line!, null, { structure: 'S1', category: 'Villes', texts }, 'fr');
    expect(table.rows.map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['2021', 70, '13 audits', null],
      ['2022', null, 'Non participant en 2022', 'Non participant en 2022'],
      ['2023', 75, '2 audits', 'Non participant en 2022'],
    ]);
    expect(trendLine(undefined)).toBeNull();
  });

  it('words a group change on the same panel, a small base and a withheld point', () => {
    const group: TrendsResult = {
      scope: { kind: 'category', code: 'c' }, scopeLabel: 'Villes', level: 'overall', editions: [2022, 2023],
      series: [{
        level: 'overall', key: 'overall', label: 'Global',
        points: [{ ...counts, edition: 2022, score: 60, structures: 41, suppressed: null, audits: 520 }, { ...counts, edition: 2023, score: 64, structures: 44, suppressed: null, audits: 560 }],
        comparisons: [{
          from: 2022, to: 2023, comparable: true, reason: null, reasons: [], state: 'comparable', missingIn: [], base: { from: 500, to: 510 }, delta: 2.5,
          panel: { structures: 40, from: 61, to: 63.5, audits: { from: 500, to: 510 }, suppressed: null },
        }],
      }],
    };
    const line = trendLine(group)!;
    expect(line.bases).toEqual([{ audits: 520, structures: 41 }, { audits: 560, structures: 44 }]);
    expect(line.changes[0]).toMatchObject({ state: 'comparable', delta: 2.5, panel: 40, base: 500 });
    const texts = messages.fr;
    expect(trendChangeText(line.changes[0]!, texts, 'fr')).toBe('Même panel : 40 structures');
    expect(trendChangeText({ ...line.changes[0]!, state: 'small-base', base: 2, panel: null }, texts, 'fr')).toBe('Base faible (2 audits)');
    expect(trendChangeText({ ...line.changes[0]!, state: 'small-base', base: 2 }, texts, 'fr')).toBe('Base faible (2 audits) — même panel : 40 structures');
    expect(trendChangeText({ ...line.changes[0]!, state: 'withheld', panel: null, delta: null }, messages.en, 'en')).toBe('Withheld: too few structures');
    const notes = trendNotes(line, line, { category: 'Villes', texts, breakNote: () => 'break' }, 'fr');
    expect(notes).toEqual(['Villes, 2022→2023 : +2,5 points sur le même panel (40 structures notées dans les deux éditions) ; les scores affichés portent sur toutes les structures de chaque édition.']);
    const withheld = trendLine({ ...group, series: [{ ...group.series[0]!, points: group.series[0]!.points.map((p) => ({ ...p, score: null, structures: null, suppressed: 'group-too-small' as const })) }] })!;
    expect(withheld.gaps).toEqual(['withheld', 'withheld']);
  });
});

describe('Comparaisons: the panels of the address and of the list', () => {
  const choices = { edition: 2023, labels: [{ label: 'Qualivilles', holders: 14 }], categories: [{ code: 'region', label: 'Régions', structures: 2 }, { code: 'departement', label: 'Départements', structures: 8 }] };

  it('opens on public vs private, and reads back what it writes', () => {
    expect(comparisonFromParams(new URLSearchParams())).toEqual({ a: { kind: 'sector', sector: 'public' }, b: { kind: 'sector', sector: 'prive' } });
    expect(comparisonFromParams(new URLSearchParams('a=nonsense&b=sector:prive')).a).toEqual({ kind: 'sector', sector: 'public' });
    const labelled = comparisonFor('label:Qualivilles', choices, null, null);
    expect(labelled).toEqual({ a: { kind: 'label', label: 'Qualivilles', held: true }, b: { kind: 'label', label: 'Qualivilles', held: false } });
    expect(comparisonFromParams(new URLSearchParams(comparisonQuery(labelled)))).toEqual(labelled);
    expect(choiceOf(labelled).id).toBe('label:Qualivilles');
  });

  it('keeps the categories chosen, and never compares a category with itself', () => {
    expect(comparisonFor('category-rest', choices, null, null)).toEqual({ a: { kind: 'category', category: 'region' }, b: { kind: 'not-category', category: 'region' } });
    const two = comparisonFor('categories', choices, 'departement', 'departement');
    expect(two).toEqual({ a: { kind: 'category', category: 'departement' }, b: { kind: 'category', category: 'region' } });
    expect(choiceOf(two)).toEqual({ id: 'categories', categoryA: 'departement', categoryB: 'region' });
    // No category in the edition: back to the default comparison.
    expect(comparisonFor('category-rest', { ...choices, categories: [] }, null, null).a).toEqual({ kind: 'sector', sector: 'public' });
  });

  it('reads "A vs B" and a single panel compared with its complement', () => {
    expect(parseComparison('label:Services Publics+')).toEqual({ a: { kind: 'label', label: 'Services Publics+', held: true }, b: { kind: 'label', label: 'Services Publics+', held: false } });
    expect(parseComparison('category:region vs category:departement')?.b).toEqual({ kind: 'category', category: 'departement' });
    expect(parseComparison('category:region')?.b).toEqual({ kind: 'not-category', category: 'region' });
    expect(parseComparison('all')).toBeNull();
    expect(parseComparison('colour:blue')).toBeNull();
  });
});

describe('view formatting', () => {
  it('formats dates, ranks and deltas the French way', () => {
    expect(formatDate('2026-11-27')).toBe('27/11/2026');
    expect(formatDate('2026-11-27T10:00:00Z')).toBe('27/11/2026');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('hier')).toBe('hier');
    expect(formatRank(3, 42)).toBe('3 / 42');
    expect(formatRank(null, 42)).toBe('—');
    expect(formatDelta(4.25).replace('\u00a0', ' ')).toBe('+4,3 pts');
    expect(formatDelta(-1).replace('\u00a0', ' ')).toBe('−1,0 pt');
    expect(formatDelta(4.25, 'en').replace('\u00a0', ' ')).toBe('+4.3 pts');
  });

  it('computes medians and means', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNull();
  });
});

describe('Fiche radar under the disclosure rule', () => {
  it('draws no peer median the rule withholds (never a 0 at the centre), and keeps the private panel', async () => {
    const { radarOption } = await import('../../renderer/src/views/structure/structure-charts.js');
    const labels = { structure: 'Ville', peerMedian: 'Médiane des pairs', privateMedian: 'Panel privé' };
    const model = { axes: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }, { key: 'c', label: 'C' }], structure: [70, 80, 90], peerMedian: [null, null, null], privateMedian: [60, null, 75] };
    const option = radarOption(model, labels) as { legend: { data: string[] }; series: Array<{ data: Array<{ name: string; value: unknown[] }> }> };
    expect(option.legend.data).toEqual(['Ville', 'Panel privé']);
    const data = option.series[0]!.data;
    expect(data.map((d) => d.name)).toEqual(['Ville', 'Panel privé']);
    expect(data[1]!.value).toEqual([60, '-', 75]);
    const shown = radarOption({ ...model, peerMedian: [65, 70, 72] }, labels) as typeof option;
    expect(shown.series[0]!.data.map((d) => d.name)).toEqual(['Ville', 'Médiane des pairs', 'Panel privé']);
  });
});
