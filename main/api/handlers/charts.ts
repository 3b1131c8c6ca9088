/**
 * `charts.*`: the first paint of the Scores view's charts, drawn by the server as SVG from the
 * same answers the screen charts (`analytics.groupScores`, `analytics.rankings`, read through their
 * handlers, so through the result cache and the disclosure rule) and the same option builder
 * (shared/scores-charts.ts). echarts is loaded by the first call, never at server start.
 */
import type { DomainMethods, HandlerMap } from '../context.js';
import { analyticsHandlers } from './analytics.js';
import { distributionChart, rankingChart, type ChartSvg } from '../../../shared/scores-charts.js';

/**
 * Each drawing kept with the answer it was drawn from: those answers stay in the result cache until
 * the data changes, and a drawing with them (60-120 ms of the server's time per chart on a national
 * edition, asked again at every load of the Scores view). A new answer, a new drawing.
 */
const drawings = new WeakMap<object, Map<string, ChartSvg | null>>();

function drawnOnce(answer: object, key: string, draw: () => ChartSvg | null): ChartSvg | null {
  let drawn = drawings.get(answer);
  if (drawn === undefined) {
    drawn = new Map();
    drawings.set(answer, drawn);
  }
  if (!drawn.has(key)) drawn.set(key, draw());
  return drawn.get(key) ?? null;
}

export const chartsHandlers: HandlerMap<DomainMethods<'charts'>> = {
  'charts.scoresSvg': async (ctx, input) => {
    const lang = input.lang ?? ctx.lang;
    const { drawChartSvg } = await import('../../report/scores-charts-svg.js');
    if (input.chart === 'distribution') {
      const groups = await analyticsHandlers['analytics.groupScores'](ctx, { edition: input.edition, level: 'overall', lang });
      // The series name and the median's word only appear in tooltips, which a static SVG has not.
      return drawnOnce(groups, `distribution\u0000${lang}\u0000${input.width}`, () => {
        const chart = distributionChart(groups, lang, { title: '', median: '' });
        return chart.empty ? null : drawChartSvg(chart.option, input.width, chart.height);
      });
    }
    if (!input.category) return null;
    const ranking = await analyticsHandlers['analytics.rankings'](ctx, { edition: input.edition, category: input.category, lang });
    return drawnOnce(ranking, `ranking\u0000${lang}\u0000${input.width}`, () => {
      const chart = rankingChart(ranking.entries, lang);
      return chart.empty ? null : drawChartSvg(chart.option, input.width, chart.height);
    });
  },
};
