/**
 * echarts options of the Fiche structure: peer distribution with the "vous êtes ici" marker,
 * compared radar, trend over editions.
 */
import type { ChartOption, ChartTable } from '../../components/charts/index.js';
import { ROLE_COLORS, formatCount, formatScore, wrapAxisName } from '../../components/charts/index.js';
import type { Lang } from '../../../../shared/domain.js';
import type { DistributionRow, RadarModel, TrendChange, TrendLine } from './profile-model.js';

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
        // The marker's label sits above it, or on its left near the right edge, where above it
        // would be cut (« You are he… » once, in English, for a score in the nineties).
        data: rows.map((r, i) => ({
          value: r.score === null ? [null, i] : [r.score, i],
          ...(i === 0 && r.score !== null && r.score > 100 - (100 - axisMin) * 0.12 ? { label: { position: 'left' as const, distance: 10 } } : {}),
        })),
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
  // A median the disclosure rule withholds is absent, never drawn at the centre as a 0.
  const hasPeers = model.peerMedian.some((v) => v !== null);
  const hasPrivate = model.privateMedian.some((v) => v !== null);
  const values = (list: Array<number | null>): Array<number | '-'> => list.map((v) => v ?? '-');
  const minValue = Math.min(...[...model.structure, ...model.peerMedian, ...model.privateMedian].filter((v): v is number => v !== null));
  const floor = Math.max(0, Math.floor(minValue / 10) * 10 - 10);
  return {
    legend: { bottom: 0, data: [labels.structure, ...(hasPeers ? [labels.peerMedian] : []), ...(hasPrivate ? [labels.privateMedian] : [])] },
    tooltip: { trigger: 'item' },
    radar: {
      center: ['50%', '48%'],
      radius: '46%',
      axisNameGap: 8,
      splitNumber: 4,
      // Names whole, on two lines only where the side of the chart leaves no room for one (near the
      // top and bottom a second line would run into the neighbour's); the scale (score out of 100)
      // read on the first axis only, so the figure, on screen or saved as PNG, says what its rings
      // are worth.
      indicator: model.axes.map((a, i) => ({
        name: wrapAxisName(a.label, radarLineLength(i, model.axes.length)),
        min: floor,
        max: 100,
        ...(i === 0 ? { axisLabel: { show: true, fontSize: 9.5, color: ROLE_COLORS.muted, showMaxLabel: true, formatter: (value: number) => String(Math.round(value)) } } : {}),
      })),
      axisName: { fontSize: 10.5, lineHeight: 12 },
    },
    series: [{
      type: 'radar',
      symbolSize: 5,
      data: [
        { name: labels.structure, value: values(model.structure), itemStyle: { color: ROLE_COLORS.primary }, lineStyle: { width: 2.5, color: ROLE_COLORS.primary }, areaStyle: { color: 'rgba(29,79,145,0.16)' } },
        ...(hasPeers ? [{ name: labels.peerMedian, value: values(model.peerMedian), itemStyle: { color: ROLE_COLORS.peers }, lineStyle: { width: 2, type: 'dashed' as const, color: ROLE_COLORS.peers } }] : []),
        ...(hasPrivate ? [{ name: labels.privateMedian, value: values(model.privateMedian), itemStyle: { color: ROLE_COLORS.private }, lineStyle: { width: 2, type: 'dotted' as const, color: ROLE_COLORS.private } }] : []),
      ],
    }],
  };
}

/**
 * Characters an axis name may take on one line: what is left beside the circle at that angle in
 * the narrowest card (about 460 px wide at 1280 × 720, radius 46 %, ~6 px a character).
 */
function radarLineLength(index: number, count: number): number {
  const halfWidth = 230;
  const radius = 0.46 * halfWidth;
  const side = Math.abs(Math.sin((2 * Math.PI * index) / count)) * radius;
  return Math.max(14, Math.floor((halfWidth - side - 10) / 6));
}

export function radarTable(model: RadarModel, labels: { structure: string; peerMedian: string; privateMedian: string; level: string }): ChartTable {
  return {
    columns: [labels.level, labels.structure, labels.peerMedian, labels.privateMedian],
    rows: model.axes.map((a, i) => [a.label, model.structure[i] ?? null, model.peerMedian[i] ?? null, model.privateMedian[i] ?? null]),
  };
}

/** The Fiche's trend words (the dictionary's `structure.trend*` texts), templates filled here. */
export type TrendTexts = Record<
  | 'trendNotComparable' | 'trendBase' | 'trendBaseOne' | 'trendBaseGroup' | 'trendNotParticipating' | 'trendNotParticipatingShort' | 'trendWithheld'
  | 'trendNoScore' | 'trendSmallBase' | 'trendSmallBaseOne' | 'trendSamePanel' | 'trendComparable' | 'trendChange' | 'trendCategoryNote'
  | 'trendCategoryWithheld' | 'trendColEdition' | 'trendColAudits' | 'trendColCategoryBase' | 'trendColReading',
  string
>;

const fill = (template: string, values: Record<string, string | number>): string => template.replace(/\{(\w+)\}/g, (all, k: string) => (k in values ? String(values[k]) : all));
const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** "13 audits", or for a group "41 structures notées, 520 audits"; the gap's words when there is no value. */
function baseText(line: TrendLine, i: number, texts: TrendTexts, lang: Lang): string {
  const gap = line.gaps[i];
  const edition = line.editions[i] as number;
  if (gap === 'not-participating') return fill(texts.trendNotParticipating, { year: edition });
  if (gap === 'withheld') return texts.trendWithheld;
  const base = line.bases[i] ?? { audits: 0, structures: null };
  if (base.structures !== null) return fill(texts.trendBaseGroup, { structures: formatCount(base.structures, lang), audits: formatCount(base.audits, lang) });
  return base.audits === 1 ? texts.trendBaseOne : fill(texts.trendBase, { n: formatCount(base.audits, lang) });
}

/** How a change reads: "Non participant en 2022", "Base faible (2 audits)", "Comparable — même panel : 41 structures"… */
export function trendChangeText(change: TrendChange, texts: TrendTexts, lang: Lang): string {
  const panel = change.panel !== null ? fill(texts.trendSamePanel, { n: formatCount(change.panel, lang) }) : null;
  const withPanel = (text: string): string => (panel ? `${text} — ${panel}` : text);
  switch (change.state) {
    case 'not-participating': return change.missingIn.map((year) => fill(texts.trendNotParticipating, { year })).join(' ; ');
    case 'not-comparable': return texts.trendNotComparable;
    case 'no-score': return change.missingIn.map((year) => fill(texts.trendNoScore, { year })).join(' ; ') || texts.trendWithheld;
    case 'withheld': return texts.trendWithheld;
    case 'small-base': return withPanel(change.base === 1 ? texts.trendSmallBaseOne : fill(texts.trendSmallBase, { n: formatCount(change.base, lang) }));
    // A group's comparable change reads "Même panel : 41 structures", as in the workbooks.
    case 'comparable': return panel ? `${panel.charAt(0).toUpperCase()}${panel.slice(1)}` : texts.trendComparable;
  }
}

const signed = (delta: number, lang: Lang): string => `${delta > 0 ? '+' : ''}${formatScore(delta, lang)}`;

export function trendOption(structure: TrendLine, category: TrendLine | null, labels: { structure: string; category: string; texts: TrendTexts }, lang: Lang): ChartOption {
  const { texts } = labels;
  const editions = structure.editions.map(String);
  const categoryIndex = (i: number): number => (category ? category.editions.indexOf(structure.editions[i] as number) : -1);
  const categoryValues = category ? structure.editions.map((_, i) => category.values[categoryIndex(i)] ?? null) : [];
  const all = [...structure.values, ...categoryValues].filter((v): v is number => v !== null);
  const floor = all.length ? Math.max(0, Math.floor(Math.min(...all) / 10) * 10 - 10) : 0;
  // Tooltip: each value with its base, and the change from the previous edition as the engine reads it.
  const tooltipOf = (i: number): string => {
    const lines = [`<strong>${editions[i] ?? ''}</strong>`];
    const change = i > 0 ? structure.changes[i - 1] : undefined;
    lines.push(`${escapeHtml(labels.structure)} : ${structure.values[i] === null ? '—' : formatScore(structure.values[i], lang)} (${escapeHtml(baseText(structure, i, texts, lang))})`);
    if (change) lines.push(`${fill(texts.trendChange, { from: change.from, to: change.to })} : ${change.delta === null ? '' : `${signed(change.delta, lang)} — `}${escapeHtml(trendChangeText(change, texts, lang))}`);
    const c = categoryIndex(i);
    if (category && c >= 0) {
      lines.push(`${escapeHtml(labels.category)} : ${category.values[c] === null ? '—' : formatScore(category.values[c], lang)} (${escapeHtml(baseText(category, c, texts, lang))})`);
      const groupChange = c > 0 ? category.changes[c - 1] : undefined;
      if (groupChange) lines.push(`${fill(texts.trendChange, { from: groupChange.from, to: groupChange.to })} : ${groupChange.delta === null ? '' : `${signed(groupChange.delta, lang)} — `}${escapeHtml(trendChangeText(groupChange, texts, lang))}`);
    }
    return lines.join('<br/>');
  };
  return {
    grid: { left: 8, right: 24, top: 44, bottom: 40, containLabel: true },
    legend: { top: 0, left: 0 },
    tooltip: { trigger: 'axis', formatter: (params) => tooltipOf((Array.isArray(params) ? params[0]?.dataIndex : params.dataIndex) ?? 0) },
    // An edition without the structure reads "Non participant" under its year, never an empty point.
    xAxis: {
      type: 'category',
      data: editions,
      boundaryGap: true,
      axisLabel: { formatter: (value: string, i: number) => (structure.gaps[i] === 'not-participating' ? `${value}\n${texts.trendNotParticipatingShort}` : value) },
    },
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
              label: { formatter: texts.trendNotComparable, position: 'insideEndTop', color: ROLE_COLORS.muted, fontSize: 11 },
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

/** The chart's data as a table: each edition's values with their bases, and how each change reads. */
export function trendTable(structure: TrendLine, category: TrendLine | null, labels: { structure: string; category: string; texts: TrendTexts }, lang: Lang): ChartTable {
  const { texts } = labels;
  return {
    columns: [texts.trendColEdition, labels.structure, texts.trendColAudits, texts.trendColReading, ...(category ? [labels.category, texts.trendColCategoryBase] : [])],
    rows: structure.editions.map((edition, i) => {
      const change = i > 0 ? structure.changes[i - 1] : undefined;
      const c = category ? category.editions.indexOf(edition) : -1;
      return [
        String(edition),
        structure.values[i] ?? null,
        baseText(structure, i, texts, lang),
        change ? `${change.delta === null ? '' : `${signed(change.delta, lang)} — `}${trendChangeText(change, texts, lang)}` : null,
        ...(category ? [c >= 0 ? category.values[c] ?? null : null, c >= 0 ? baseText(category, c, texts, lang) : null] : []),
      ];
    }),
  };
}

/** Notes under the chart: the referential breaks of the structure, then the category's same-panel changes. */
export function trendNotes(structure: TrendLine, category: TrendLine | null, labels: { category: string; texts: TrendTexts; breakNote: (b: TrendLine['breaks'][number]) => string }, lang: Lang): string[] {
  const { texts } = labels;
  const categoryNotes = (category?.changes ?? []).flatMap((c): string[] => {
    if (c.state === 'withheld') return [fill(texts.trendCategoryWithheld, { category: labels.category, from: c.from, to: c.to })];
    if (c.delta === null || c.panel === null) return [];
    return [fill(texts.trendCategoryNote, { category: labels.category, from: c.from, to: c.to, delta: signed(c.delta, lang), n: formatCount(c.panel, lang) })];
  });
  return [...structure.breaks.map(labels.breakNote), ...categoryNotes];
}
