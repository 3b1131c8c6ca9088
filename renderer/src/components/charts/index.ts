/** The chart wrapper's public surface: views import from here only. */
export { Chart, type ChartProps, type ChartPoint, type DrillChoices } from './Chart.js';
export { type ChartOption } from './echarts-setup.js';
export { type ChartTable, tableFromCategoryOption } from './chart-table.js';
export { ROLE_COLORS, PALETTE } from './chart-theme.js';
export { scoreColor, SCORE_STOPS, SCORE_TEXT_COLOR, contrastRatio } from './score-scale.js';
export { formatScore, formatPercent, formatCount, tooltipFormatter, wrapAxisName } from './chart-format.js';
export { chartFileName } from './chart-file-name.js';
