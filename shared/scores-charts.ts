/**
 * The two charts of the Scores view, as echarts options: the distribution of overall scores per
 * category (box plot) and the ranking of one category (bars). One builder for both places that
 * draw them: the server draws their first paint as SVG (main/report/scores-charts-svg.ts, sent by
 * `charts.scoresSvg`) and the screen draws the live chart with echarts once it is loaded; the two
 * never differ. Withheld figures are already out of the inputs (the disclosure rule of
 * main/analytics gives `null`): a category without a distribution has no box, a structure without
 * a score has no bar.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, BoxplotSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { CategoryRanking, DisclosedGroupScoreRow } from './analytics-types.js';
import type { Lang } from './domain.js';
import { formatScore } from './chart-format.js';
import { ROLE_COLORS } from './chart-theme.js';

export type ScoresChartOption = ComposeOption<BarSeriesOption | BoxplotSeriesOption | GridComponentOption | TooltipComponentOption>;

/**
 * The axis labels inside the chart's box: echarts 6's own layout, the same with or without the
 * legacy `containLabel` feature registered (the PDF's charts register it in the server process;
 * the screen does not), so the server's SVG and the screen's chart are laid out alike.
 */
const LABELS_INSIDE = { outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' } as const;

/** The ranking chart shows the first structures of the category: never more than it has. */
export const RANKING_SHOWN = 15;

export interface RankingChart {
  /** Structures of the category with a score, in ranking order (all of them, for the subtitle). */
  ranked: CategoryRanking['entries'];
  option: ScoresChartOption;
  /** Plot height in pixels. */
  height: number;
  empty: boolean;
}

export function rankingChart(entries: CategoryRanking['entries'], lang: Lang): RankingChart {
  const ranked = entries.filter((e) => e.score !== null);
  const shown = ranked.slice(0, RANKING_SHOWN).reverse();
  const option: ScoresChartOption = {
    grid: { left: 8, right: 48, top: 8, bottom: 24, ...LABELS_INSIDE },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', data: shown.map((e) => `${e.position}. ${e.name}`), axisLabel: { width: 260, overflow: 'truncate' } },
    series: [{
      type: 'bar',
      name: lang === 'fr' ? 'Score global' : 'Overall score',
      data: shown.map((e) => e.score ?? 0),
      barMaxWidth: 18,
      itemStyle: { color: ROLE_COLORS.primary, borderRadius: [0, 3, 3, 0] },
      label: { show: true, position: 'right', formatter: (p) => formatScore(typeof p.value === 'number' ? p.value : null, lang), color: ROLE_COLORS.text, fontSize: 11 },
    }],
  };
  return { ranked, option, height: Math.max(260, Math.min(RANKING_SHOWN, ranked.length) * 26 + 40), empty: ranked.length === 0 };
}

export interface DistributionTexts {
  /** The series' name (the chart's title), shown in its tooltip. */
  title: string;
  /** « Médiane » / « Median », in the tooltip and the data table. */
  median: string;
}

export interface DistributionChart {
  /** The categories drawn (those whose distribution the disclosure rule shows). */
  categories: DisclosedGroupScoreRow[];
  option: ScoresChartOption;
  /** The figures as a table, for screen readers (the chart's data-table alternative). */
  table: { columns: string[]; rows: Array<Array<string | number | null>> };
  height: number;
  empty: boolean;
}

/** The box plot of overall scores per category (the groups of `analytics.groupScores` at the overall level). */
export function distributionChart(groups: readonly DisclosedGroupScoreRow[], lang: Lang, texts: DistributionTexts): DistributionChart {
  // A category whose distribution the disclosure rule withholds (min null) has no box to draw.
  const categories = groups.filter((g) => g.groupKind === 'category' && g.n !== null && g.n > 0 && g.min !== null);
  const option: ScoresChartOption = {
    grid: { left: 8, right: 24, top: 12, bottom: 28, ...LABELS_INSIDE },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), max: 100 },
    yAxis: { type: 'category', data: categories.map((g) => g.groupLabel), inverse: true, axisLabel: { width: 220, overflow: 'truncate' } },
    series: [{
      type: 'boxplot',
      name: texts.title,
      data: categories.map((g) => [g.min ?? 0, g.q1 ?? 0, g.median ?? 0, g.q3 ?? 0, g.max ?? 0]),
      itemStyle: { color: '#e3f1f1', borderColor: ROLE_COLORS.peers, borderWidth: 1.5 },
      boxWidth: [8, 22],
      tooltip: {
        formatter: (p) => {
          const g = categories[(p as { dataIndex: number }).dataIndex];
          if (!g) return '';
          return `<strong>${g.groupLabel}</strong><br/>n = ${g.n}<br/>min ${formatScore(g.min, lang)} · Q1 ${formatScore(g.q1, lang)}<br/>${texts.median} ${formatScore(g.median, lang)}<br/>Q3 ${formatScore(g.q3, lang)} · max ${formatScore(g.max, lang)}`;
        },
      },
    }],
  };
  const table = {
    columns: [lang === 'fr' ? 'Catégorie' : 'Category', 'n', 'Min', 'Q1', texts.median, 'Q3', 'Max'],
    rows: categories.map((g) => [g.groupLabel, g.n, g.min, g.q1, g.median, g.q3, g.max]),
  };
  return { categories, option, table, height: Math.max(260, categories.length * 34 + 50), empty: categories.length === 0 };
}

/** The Scores view's charts the server can draw (`charts.scoresSvg`). */
export type ScoresChartKind = 'distribution' | 'ranking';

/** A chart drawn as SVG by the server: shown at once, until echarts takes over the plot. */
export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
}
