/**
 * The charts of the barometer tables' key-messages sheet, as SVG drawn by echarts' server-side
 * renderer (main/report/charts-svg.ts, shared with the PDF report: same colours). They only draw
 * figures they are given (already disclosed); a withheld figure has no bar and says so on its axis.
 */
import type { EChartsOption } from 'echarts';
import { ROLE_COLORS, renderSvg } from '../report/charts-svg.js';
import type { ChartSize } from '../report/charts-svg.js';
import { PICTURE_FONT } from './chart-images.js';

export interface BarDatum {
  label: string;
  /** null: withheld or without a score (no bar; `missingLabel` is printed instead). */
  value: number | null;
  /** Drawn in the private panel's colour. */
  private?: boolean;
}

export interface ChartText {
  title: string;
  /** Printed in place of a withheld value. */
  missing: string;
  format: (value: number) => string;
}

/** A long label on lines of about `max` characters, cut at spaces only (never truncated). */
export function wrapLabel(text: string, max: number): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && current.length + 1 + word.length > max) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines.join('\n');
}

function draw(option: EChartsOption, size: ChartSize): string {
  return renderSvg({ textStyle: { fontFamily: PICTURE_FONT, color: ROLE_COLORS.text }, ...option }, size);
}

const TITLE = (text: string): EChartsOption['title'] => ({ text, left: 0, top: 0, textStyle: { fontSize: 13, fontWeight: 'bold', color: ROLE_COLORS.text, fontFamily: PICTURE_FONT } });

/**
 * Horizontal bars on a 0–100 scale, top to bottom in the given order, the value at the end of each
 * bar; `reference` draws a dashed line (the edition's score) across them.
 */
export function horizontalBarsSvg(data: readonly BarDatum[], text: ChartText, size: ChartSize, reference?: { label: string; value: number | null }, wrapAt = 26): string {
  const shown = [...data].reverse();
  return draw({
    title: TITLE(text.title),
    grid: { left: 8, right: 48, top: 34, bottom: 18, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, interval: 20, axisLabel: { fontSize: 9, color: ROLE_COLORS.muted }, splitLine: { lineStyle: { color: ROLE_COLORS.grid } } },
    yAxis: {
      type: 'category',
      data: shown.map((d) => wrapLabel(d.label, wrapAt)),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#cfd7e3' } },
      axisLabel: { fontSize: 10, color: ROLE_COLORS.text, lineHeight: 12 },
    },
    series: [{
      type: 'bar',
      barMaxWidth: 16,
      data: shown.map((d) => ({
        value: d.value ?? 0,
        itemStyle: { color: d.value === null ? 'rgba(0,0,0,0)' : d.private ? ROLE_COLORS.private : ROLE_COLORS.primary, borderRadius: [0, 2, 2, 0] },
        label: {
          show: true,
          position: d.value === null ? 'insideLeft' : 'right',
          fontSize: 10,
          color: d.value === null ? ROLE_COLORS.muted : ROLE_COLORS.text,
          formatter: () => (d.value === null ? text.missing : text.format(d.value)),
        },
      })),
      markLine: reference && reference.value !== null
        ? {
          symbol: 'none',
          silent: true,
          lineStyle: { color: ROLE_COLORS.reference, type: 'dashed', width: 1.5 },
          label: { show: true, position: 'end', fontSize: 9, color: ROLE_COLORS.muted, formatter: () => `${reference.label}\n${text.format(reference.value as number)}` },
          data: [{ xAxis: reference.value }],
        }
        : undefined,
    }],
  }, size);
}

export interface GroupedBarsInput {
  categories: string[];
  series: Array<{ name: string; values: Array<number | null>; private?: boolean }>;
}

/** Vertical grouped bars on a 0–100 scale (public vs private panel per indicator), values on top. */
export function groupedBarsSvg(input: GroupedBarsInput, text: ChartText, size: ChartSize): string {
  return draw({
    title: TITLE(text.title),
    legend: { top: 22, left: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 10, color: ROLE_COLORS.text } },
    grid: { left: 8, right: 8, top: 52, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: input.categories.map((c) => wrapLabel(c, 24)),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#cfd7e3' } },
      axisLabel: { fontSize: 10, color: ROLE_COLORS.text, interval: 0, lineHeight: 12 },
    },
    yAxis: { type: 'value', min: 0, max: 100, interval: 25, axisLabel: { fontSize: 9, color: ROLE_COLORS.muted }, splitLine: { lineStyle: { color: ROLE_COLORS.grid } } },
    series: input.series.map((s) => ({
      type: 'bar' as const,
      name: s.name,
      barMaxWidth: 42,
      itemStyle: { color: s.private ? ROLE_COLORS.private : ROLE_COLORS.primary },
      data: s.values.map((v) => ({
        value: v ?? 0,
        label: { show: true, position: 'top' as const, fontSize: 10, color: ROLE_COLORS.text, formatter: () => (v === null ? text.missing : text.format(v)) },
      })),
    })),
  }, size);
}
