/**
 * echarts options of the Fiche structure: peer distribution with the "vous êtes ici" marker,
 * compared radar, trend over editions.
 */
import type { ChartOption, ChartTable } from '../../components/charts/index.js';
import { ROLE_COLORS, formatScore } from '../../components/charts/index.js';
import type { Lang } from '../../../../shared/domain.js';
import type { DistributionRow, RadarModel, TrendLine } from './profile-model.js';

export function distributionOption(rows: readonly DistributionRow[], labels: { youAreHere: string; peers: string; median: string }, lang: Lang): ChartOption {
  const minScore = Math.min(...rows.map((r) => Math.min(r.min, r.score ?? r.min)));
  // Ticks every 10 (or 20 on a wide range), the axis starting on a tick so labels never collide.
  const interval = 100 - minScore > 55 ? 20 : 10;
  const axisMin = Math.max(0, Math.floor((minScore - 2) / interval) * interval);
  return {
    grid: { left: 8, right: 20, top: 36, bottom: 26, containLabel: true },
    legend: { top: 0, left: 0, data: [labels.youAreHere, labels.peers] },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', min: axisMin, max: 100, interval },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true, axisLabel: { width: 190, overflow: 'truncate' } },
    series: [
      {
        type: 'boxplot',
        name: labels.peers,
        data: rows.map((r) => [r.min, r.q1, r.median, r.q3, r.max]),
        boxWidth: [6, 16],
        itemStyle: { color: '#e3f1f1', borderColor: ROLE_COLORS.peers, borderWidth: 1.5 },
        tooltip: {
          formatter: (p) => {
            const r = rows[p.dataIndex];
            if (!r) return '';
            return `<strong>${r.label}</strong><br/>${labels.peers} (n = ${r.n})<br/>min ${formatScore(r.min, lang)} · Q1 ${formatScore(r.q1, lang)}<br/>${labels.median} ${formatScore(r.median, lang)}<br/>Q3 ${formatScore(r.q3, lang)} · max ${formatScore(r.max, lang)}`;
          },
        },
      },
      {
        type: 'scatter',
        name: labels.youAreHere,
        data: rows.map((r, i) => (r.score === null ? [null, i] : [r.score, i])),
        symbol: 'diamond',
        symbolSize: 14,
        z: 5,
        itemStyle: { color: ROLE_COLORS.marker, borderColor: '#fff', borderWidth: 1.5 },
        tooltip: {
          formatter: (p) => {
            const r = rows[p.dataIndex];
            return r ? `<strong>${r.label}</strong><br/>${labels.youAreHere} : ${formatScore(r.score, lang)}` : '';
          },
        },
        label: {
          show: true,
          position: 'top',
          distance: 6,
          fontSize: 11,
          fontWeight: 600,
          color: ROLE_COLORS.marker,
          formatter: (p) => (p.dataIndex === 0 ? labels.youAreHere : ''),
        },
      },
    ],
  };
}

export function distributionTable(rows: readonly DistributionRow[], labels: { youAreHere: string; median: string; level: string }): ChartTable {
  return {
    columns: [labels.level, labels.youAreHere, 'n', 'Min', 'Q1', labels.median, 'Q3', 'Max'],
    rows: rows.map((r) => [r.label, r.score, r.n, r.min, r.q1, r.median, r.q3, r.max]),
  };
}

export function radarOption(model: RadarModel, labels: { structure: string; peerMedian: string; privateMedian: string }): ChartOption {
  const hasPrivate = model.privateMedian.some((v) => v !== null);
  const values = (list: Array<number | null>): number[] => list.map((v) => v ?? 0);
  const minValue = Math.min(...[...model.structure, ...model.peerMedian, ...model.privateMedian].filter((v): v is number => v !== null));
  const floor = Math.max(0, Math.floor(minValue / 10) * 10 - 10);
  return {
    legend: { bottom: 0, data: [labels.structure, labels.peerMedian, ...(hasPrivate ? [labels.privateMedian] : [])] },
    tooltip: { trigger: 'item' },
    radar: {
      center: ['50%', '50%'],
      radius: '62%',
      splitNumber: 4,
      indicator: model.axes.map((a) => ({ name: a.label.length > 22 ? `${a.label.slice(0, 21)}…` : a.label, min: floor, max: 100 })),
      axisName: { fontSize: 10.5 },
    },
    series: [{
      type: 'radar',
      symbolSize: 5,
      data: [
        { name: labels.structure, value: values(model.structure), itemStyle: { color: ROLE_COLORS.primary }, lineStyle: { width: 2.5, color: ROLE_COLORS.primary }, areaStyle: { color: 'rgba(29,79,145,0.16)' } },
        { name: labels.peerMedian, value: values(model.peerMedian), itemStyle: { color: ROLE_COLORS.peers }, lineStyle: { width: 2, type: 'dashed', color: ROLE_COLORS.peers } },
        ...(hasPrivate ? [{ name: labels.privateMedian, value: values(model.privateMedian), itemStyle: { color: ROLE_COLORS.private }, lineStyle: { width: 2, type: 'dotted' as const, color: ROLE_COLORS.private } }] : []),
      ],
    }],
  };
}

export function radarTable(model: RadarModel, labels: { structure: string; peerMedian: string; privateMedian: string; level: string }): ChartTable {
  return {
    columns: [labels.level, labels.structure, labels.peerMedian, labels.privateMedian],
    rows: model.axes.map((a, i) => [a.label, model.structure[i] ?? null, model.peerMedian[i] ?? null, model.privateMedian[i] ?? null]),
  };
}

export function trendOption(structure: TrendLine, category: TrendLine | null, labels: { structure: string; category: string; notComparable: string }, lang: Lang): ChartOption {
  const editions = structure.editions.map(String);
  const categoryValues = category ? structure.editions.map((e) => category.values[category.editions.indexOf(e)] ?? null) : [];
  const all = [...structure.values, ...categoryValues].filter((v): v is number => v !== null);
  const floor = all.length ? Math.max(0, Math.floor(Math.min(...all) / 10) * 10 - 10) : 0;
  return {
    grid: { left: 8, right: 24, top: 44, bottom: 26, containLabel: true },
    legend: { top: 0, left: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: editions, boundaryGap: true },
    yAxis: { type: 'value', min: floor, max: 100 },
    series: [
      {
        type: 'line',
        name: labels.structure,
        data: structure.values,
        connectNulls: false,
        symbolSize: 8,
        itemStyle: { color: ROLE_COLORS.primary },
        lineStyle: { width: 3, color: ROLE_COLORS.primary },
        label: { show: true, position: 'top', fontSize: 11, formatter: (p) => formatScore(typeof p.value === 'number' ? p.value : null, lang) },
        markLine: structure.breaks.length
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: ROLE_COLORS.reference, type: 'dashed' },
              label: { formatter: labels.notComparable, position: 'insideEndTop', color: ROLE_COLORS.muted, fontSize: 11 },
              data: structure.breaks.map((b) => ({ xAxis: String(b.to) })),
            }
          : undefined,
      },
      ...(category
        ? [{
            type: 'line' as const,
            name: labels.category,
            data: categoryValues,
            symbolSize: 6,
            itemStyle: { color: ROLE_COLORS.peers },
            lineStyle: { width: 2, type: 'dashed' as const, color: ROLE_COLORS.peers },
          }]
        : []),
    ],
  };
}
