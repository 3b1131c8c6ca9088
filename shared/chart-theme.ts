/**
 * The barometer's visual identity for charts: a sober AFNOR-like navy/blue/teal palette, system
 * fonts, light grid lines. Series colours are fixed by role (the structure, its peers, the private
 * panel) so the same thing has the same colour in every view. Shared: the screens' charts and the
 * first paint of the Scores view's charts drawn by the server (main/report/scores-charts-svg.ts)
 * use the same theme.
 */

export const BAROMETER_THEME_NAME = 'barometre';

/** Colours by role: views use these rather than palette positions. */
export const ROLE_COLORS = {
  /** The structure being looked at, the public sector. */
  primary: '#1d4f91',
  /** Its peers (median, distribution). */
  peers: '#1a9c9c',
  /** The private panel, a comparison group. */
  private: '#e0913a',
  /** Reference figures (brochure, targets). */
  reference: '#8a96a8',
  /** "Vous êtes ici" marker. */
  marker: '#c2334d',
  text: '#1f2a3a',
  muted: '#5b6779',
  grid: '#e3e8ef',
} as const;

export const PALETTE = [
  ROLE_COLORS.primary,
  ROLE_COLORS.peers,
  ROLE_COLORS.private,
  ROLE_COLORS.reference,
  '#6d4fa3',
  '#3f8f4f',
  '#c2334d',
  '#9c7a2e',
];

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

const axis = {
  axisLine: { show: true, lineStyle: { color: '#b8c2d0' } },
  axisTick: { show: false },
  axisLabel: { color: ROLE_COLORS.muted, fontSize: 12 },
  splitLine: { show: true, lineStyle: { color: ROLE_COLORS.grid } },
  nameTextStyle: { color: ROLE_COLORS.muted },
};

export const BAROMETER_THEME = {
  color: PALETTE,
  backgroundColor: 'transparent',
  textStyle: { fontFamily: FONT, color: ROLE_COLORS.text },
  title: {
    textStyle: { fontSize: 15, fontWeight: 600, color: ROLE_COLORS.text },
    subtextStyle: { color: ROLE_COLORS.muted },
  },
  legend: { textStyle: { color: ROLE_COLORS.text }, icon: 'roundRect', itemWidth: 14, itemHeight: 10 },
  tooltip: {
    backgroundColor: 'rgba(255,255,255,0.97)',
    borderColor: '#cfd7e3',
    textStyle: { color: ROLE_COLORS.text, fontSize: 13 },
    extraCssText: 'box-shadow: 0 4px 14px rgba(20,40,80,.15); border-radius: 6px;',
  },
  categoryAxis: { ...axis, splitLine: { show: false } },
  valueAxis: { ...axis, axisLine: { show: false } },
  radar: {
    axisName: { color: ROLE_COLORS.text, fontSize: 12 },
    splitLine: { lineStyle: { color: ROLE_COLORS.grid } },
    splitArea: { show: true, areaStyle: { color: ['#fbfcfe', '#f3f6fa'] } },
    axisLine: { lineStyle: { color: '#cfd7e3' } },
  },
  bar: { itemStyle: { borderRadius: [3, 3, 0, 0] } },
  line: { symbolSize: 7, lineStyle: { width: 2.5 } },
  boxplot: { itemStyle: { color: '#e6f4f4', borderColor: ROLE_COLORS.peers, borderWidth: 1.5 } },
};
