/** The charts' number formatting lives in shared/ (the server draws the Scores view's first charts with it too). */
export { formatCount, formatPercent, formatScore, tooltipFormatter, wrapAxisName } from '../../../../shared/chart-format.js';
