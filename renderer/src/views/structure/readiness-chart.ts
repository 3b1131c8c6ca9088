/** The gauge of a structure's score on one label (0–100), drawn through the chart wrapper. */
import type { ChartOption, ChartTable } from '../../components/charts/index.js';
import { ROLE_COLORS, formatScore } from '../../components/charts/index.js';
import type { Lang } from '../../../../shared/domain.js';

export function readinessGaugeOption(score: number | null, lang: Lang): ChartOption {
  return {
    series: [{
      type: 'gauge',
      min: 0,
      max: 100,
      startAngle: 200,
      endAngle: -20,
      radius: '95%',
      center: ['50%', '58%'],
      progress: { show: true, width: 16, itemStyle: { color: ROLE_COLORS.primary } },
      axisLine: { lineStyle: { width: 16, color: [[1, '#e3e8ef']] } },
      axisTick: { show: false },
      splitLine: { show: false },
      axisLabel: { show: false },
      pointer: { show: false },
      anchor: { show: false },
      title: { show: false },
      detail: { offsetCenter: [0, '0%'], fontSize: 28, fontWeight: 'bold', formatter: () => formatScore(score, lang) },
      data: [{ value: score ?? 0 }],
    }],
  };
}

export function readinessGaugeTable(label: string, scoreHeader: string, score: number | null): ChartTable {
  return { columns: ['Label', scoreHeader], rows: [[label, score]] };
}
