/**
 * The Scores view's charts drawn as SVG on the server (echarts' server-side renderer, no DOM): the
 * screen shows them at once, with the grid, instead of waiting for echarts (0,7 MB of script) to
 * be loaded, evaluated and laid out in the page (issue 11); echarts takes over the plot when the
 * page is idle, for tooltips and saving. The option comes from shared/scores-charts.ts, the same
 * builder as the screen's, and the theme from shared/chart-theme.ts; only the chart types and
 * components the screen registers for these charts are used (renderer/.../echarts-setup.ts), so
 * the layout is the screen's. Loaded by the first call that draws (not at server start).
 */
import * as echarts from 'echarts/core';
import { BarChart, BoxplotChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
// echarts' own text measurer (zrender, its rendering library): without a canvas in Node, it
// estimates widths from a table of Arial-like glyph widths.
import { platformApi } from 'zrender/lib/core/platform.js';
import { BAROMETER_THEME, BAROMETER_THEME_NAME } from '../../shared/chart-theme.js';
import type { ChartSvg, ScoresChartOption } from '../../shared/scores-charts.js';

echarts.use([BarChart, BoxplotChart, GridComponent, TooltipComponent, LabelLayout, SVGRenderer]);
echarts.registerTheme(BAROMETER_THEME_NAME, BAROMETER_THEME);

/**
 * The screen's font (system-ui: Segoe UI, San Francisco, DejaVu Sans…) is up to a tenth wider than
 * the Arial-like widths echarts estimates without a canvas: text in that font is measured that much
 * wider, so a long category name is cut (« … ») where the browser would draw it past the chart's
 * edge. Other fonts (the PDF's charts, main/report/charts-svg.ts) keep echarts' own estimate.
 */
const SCREEN_FONT_WIDTH_RATIO = 1.1;
const estimateWidth = platformApi.measureText;
const screenFont = /system-ui/;
echarts.setPlatformAPI({
  measureText: (text, font) => {
    const measured = estimateWidth(text, font);
    return font && screenFont.test(font) ? { width: measured.width * SCREEN_FONT_WIDTH_RATIO } : measured;
  },
});

/** Draws one option at one size; the SVG scales to its box (viewBox) when the box differs a little. */
export function drawChartSvg(option: ScoresChartOption, width: number, height: number): ChartSvg {
  const chart = echarts.init(null, BAROMETER_THEME_NAME, { renderer: 'svg', ssr: true, width, height });
  try {
    // Nothing animates in a first paint; the hover styles (<style>) are the live chart's business.
    chart.setOption({ ...option, animation: false }, { notMerge: true });
    return { svg: chart.renderToSVGString().replace(/<style[\s\S]*?<\/style>/g, ''), width, height };
  } finally {
    // setOption wakes zrender's frame loop (a 16 ms timer): stopped with the instance.
    chart.getZr().animation.stop();
    chart.dispose();
  }
}
