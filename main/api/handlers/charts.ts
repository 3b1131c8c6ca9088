/**
 * `charts.*`: the first paint of the Scores view's charts, drawn by the server as SVG from the
 * same answers the screen charts (`analytics.groupScores`, `analytics.rankings`, as their handlers
 * answer them, so through the result cache and the disclosure rule) and the same option builder
 * (shared/scores-charts.ts). echarts is loaded by the first call, never at server start.
 */
import type { DomainMethods, HandlerMap } from '../context.js';
import { analysisResults, resultKey } from '../../analytics/result-cache.js';
import { groupScoresAnswer, rankingAnswer } from './analytics.js';
import { distributionChart, rankingChart } from '../../../shared/scores-charts.js';

export const chartsHandlers: HandlerMap<DomainMethods<'charts'>> = {
  'charts.scoresSvg': async (ctx, input) => {
    const lang = input.lang ?? ctx.lang;
    const { drawChartSvg } = await import('../../report/scores-charts-svg.js');
    // Kept in the result cache until the data changes, like the answers it is drawn from (60-120
    // ms of the server's time per chart on a national edition, asked at every load of the view).
    return analysisResults.get(ctx.db, resultKey('charts.scoresSvg', ctx.lang, input), () => {
      if (input.chart === 'distribution') {
        const groups = groupScoresAnswer(ctx, { edition: input.edition, level: 'overall', lang });
        // The series name and the median's word only appear in tooltips, which a static SVG has not.
        const chart = distributionChart(groups, lang, { title: '', median: '' });
        return chart.empty ? null : drawChartSvg(chart.option, input.width, chart.height);
      }
      if (!input.category) return null;
      const chart = rankingChart(rankingAnswer(ctx, { edition: input.edition, category: input.category, lang }).entries, lang);
      return chart.empty ? null : drawChartSvg(chart.option, input.width, chart.height);
    });
  },
};
