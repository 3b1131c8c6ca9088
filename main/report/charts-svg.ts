/**
 * The report's charts as SVG strings, drawn by echarts' server-side renderer (no browser, no
 * canvas): the same library and role colours as the screens, so the PDF and the Fiche structure
 * look alike.
 *
 * Speed (a batch draws thousands): only the chart types and components the report draws are
 * loaded (echarts/core), and one SSR instance per chart size is kept and handed each new option
 * with `notMerge` (the whole model is rebuilt from the option, nothing of the previous chart
 * stays) rather than created and disposed per chart; the SVG is the same, but for zrender's
 * internal class counters. The instances are renewed every CHART_RENDERS_PER_INSTANCE charts.
 */
import * as echarts from 'echarts/core';
import { BarChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, RadarComponent, TitleComponent } from 'echarts/components';
import { LegacyGridContainLabel } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

// `grid.containLabel` (the bar chart) needs the legacy layout feature the full build bundles; the
// tables workbook's pictures carry their title (main/export/barometer-charts.ts).
echarts.use([RadarChart, BarChart, RadarComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, LegacyGridContainLabel, SVGRenderer]);

/** Colours by role, as the screens' chart theme (renderer/src/components/charts/chart-theme.ts). */
export const ROLE_COLORS = {
  primary: '#1d4f91',
  peers: '#1a9c9c',
  private: '#e0913a',
  reference: '#8a96a8',
  text: '#1f2a3a',
  muted: '#5b6779',
  grid: '#e3e8ef',
} as const;

/** The family name the PDF registers its font under: SVG text is drawn with it. */
export const CHART_FONT = 'ReportSans';

export interface ChartSize {
  width: number;
  height: number;
}

const CHART_RENDERS_PER_INSTANCE = 500;
const instances = new Map<string, { chart: echarts.ECharts; renders: number }>();

function chartInstance(size: ChartSize): echarts.ECharts {
  const key = `${size.width}x${size.height}`;
  let entry = instances.get(key);
  if (entry && entry.renders >= CHART_RENDERS_PER_INSTANCE) {
    entry.chart.dispose();
    entry = undefined;
  }
  if (!entry) {
    entry = { chart: echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height }), renders: 0 };
    instances.set(key, entry);
  }
  entry.renders += 1;
  return entry.chart;
}

function drawOn(chart: echarts.ECharts, option: EChartsOption): string {
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT, color: ROLE_COLORS.text }, ...option }, { notMerge: true });
    return chart.renderToSVGString().replace(/<style[\s\S]*?<\/style>/g, '');
  } finally {
    // setOption wakes zrender's frame loop (a 16 ms timer, which would keep a finished CLI
    // process alive): nothing animates in a static SVG, so it is stopped after each chart.
    chart.getZr().animation.stop();
  }
}

function dropInstance(size: ChartSize, chart: echarts.ECharts): void {
  chart.dispose();
  instances.delete(`${size.width}x${size.height}`);
}

/** Renders an option to an SVG string; hover styles (useless on paper) are dropped. */
export function renderSvg(option: EChartsOption, size: ChartSize): string {
  const chart = chartInstance(size);
  try {
    return drawOn(chart, option);
  } catch (error) {
    // A chart that failed half-way is not reused.
    dropInstance(size, chart);
    throw error;
  }
}

export interface RadarInput {
  axes: string[];
  structure: Array<number | null>;
  category: Array<number | null>;
  privatePanel: Array<number | null>;
  labels: { structure: string; category: string; privatePanel: string };
}

/** Long axis names on two lines ("Réseaux\nsociaux"), so they stay inside the chart. */
function wrapAxisName(name: string): string {
  if (name.length <= 12) return name;
  const cut = name.indexOf(' ', Math.floor(name.length / 2) - 3);
  const at = cut > 0 ? cut : name.lastIndexOf(' ');
  return at > 0 ? `${name.slice(0, at)}\n${name.slice(at + 1)}` : name;
}

/** Radar of the structure's scores per axis, with its category and the private panel where disclosed. */
export function radarSvg(input: RadarInput, size: ChartSize): string {
  const present = (list: Array<number | null>): boolean => list.some((v) => v !== null);
  const all = [...input.structure, ...input.category, ...input.privatePanel].filter((v): v is number => v !== null);
  const floor = all.length ? Math.max(0, Math.floor(Math.min(...all) / 10) * 10 - 10) : 0;
  // A missing value is drawn at the centre of the radar rather than hiding the whole polygon.
  const values = (list: Array<number | null>): number[] => list.map((v) => v ?? floor);
  const series = [
    { name: input.labels.structure, value: values(input.structure), symbolSize: 4, itemStyle: { color: ROLE_COLORS.primary }, lineStyle: { width: 2.2, color: ROLE_COLORS.primary }, areaStyle: { color: 'rgba(29,79,145,0.15)' } },
    ...(present(input.category) ? [{ name: input.labels.category, value: values(input.category), symbolSize: 3, itemStyle: { color: ROLE_COLORS.peers }, lineStyle: { width: 1.6, type: 'dashed' as const, color: ROLE_COLORS.peers } }] : []),
    ...(present(input.privatePanel) ? [{ name: input.labels.privatePanel, value: values(input.privatePanel), symbolSize: 3, itemStyle: { color: ROLE_COLORS.private }, lineStyle: { width: 1.6, type: 'dotted' as const, color: ROLE_COLORS.private } }] : []),
  ];
  return renderSvg({
    legend: { bottom: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 10, color: ROLE_COLORS.text }, data: series.map((s) => s.name) },
    radar: {
      center: ['50%', '45%'],
      radius: '55%',
      splitNumber: 4,
      indicator: input.axes.map((name) => ({ name: wrapAxisName(name), min: floor, max: 100 })),
      axisName: { fontSize: 10, color: ROLE_COLORS.text },
      splitLine: { lineStyle: { color: ROLE_COLORS.grid } },
      splitArea: { show: true, areaStyle: { color: ['#fbfcfe', '#f3f6fa'] } },
      axisLine: { lineStyle: { color: '#cfd7e3' } },
    },
    series: [{ type: 'radar', data: series }],
  }, size);
}

export interface QuartileBarInput {
  score: number | null;
  /** null: withheld, the marks are left out. */
  quartiles: { q1: number; median: number; q3: number } | null;
  labels: { structure: string; q1: string; median: string; q3: string };
  formatScore: (v: number) => string;
}

/**
 * One horizontal bar: the overall score on a 0–100 scale, with the category's interquartile range
 * as a band and its median as a line (no text on the marks: close quartiles would collide; the
 * PDF prints their values under the chart).
 */
export function quartileBarSvg(input: QuartileBarInput, size: ChartSize): string {
  const q = input.quartiles;
  return renderSvg({
    grid: { left: 6, right: 14, top: 8, bottom: 20, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, interval: 20, axisLabel: { fontSize: 9, color: ROLE_COLORS.muted }, splitLine: { lineStyle: { color: ROLE_COLORS.grid } } },
    yAxis: { type: 'category', data: [''], axisTick: { show: false }, axisLine: { show: false } },
    series: [{
      type: 'bar',
      name: input.labels.structure,
      data: [input.score ?? 0],
      barWidth: 24,
      z: 3,
      itemStyle: { color: ROLE_COLORS.primary, borderRadius: [0, 3, 3, 0] },
      label: { show: input.score !== null, position: 'insideLeft', color: '#ffffff', fontSize: 11, fontWeight: 'bold', formatter: () => (input.score === null ? '' : input.formatScore(input.score)) },
      markArea: q
        ? { silent: true, itemStyle: { color: 'rgba(26,156,156,0.18)', borderColor: ROLE_COLORS.peers, borderWidth: 1 }, label: { show: false }, data: [[{ xAxis: q.q1 }, { xAxis: q.q3 }]] }
        : undefined,
      markLine: q
        ? { symbol: 'none', silent: true, lineStyle: { color: ROLE_COLORS.peers, width: 2.2, type: 'solid' }, label: { show: false }, data: [{ xAxis: q.median }] }
        : undefined,
    }],
  }, size);
}
