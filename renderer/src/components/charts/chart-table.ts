/**
 * The data behind a chart as a plain table, for screen readers (a visually hidden <table> beside
 * the canvas) and for anyone who wants the figures. Derived from a category-axis option when the
 * view does not give one.
 */
import type { ChartOption } from './echarts-setup.js';

export interface ChartTable {
  /** Header of the first column (the category axis), then one per series. */
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function cellValue(point: unknown): string | number | null {
  if (typeof point === 'number' || typeof point === 'string') return point;
  if (point && typeof point === 'object' && 'value' in point) {
    const value = (point as { value: unknown }).value;
    if (typeof value === 'number' || typeof value === 'string') return value;
    if (Array.isArray(value)) {
      const last: unknown = value[value.length - 1];
      return typeof last === 'number' || typeof last === 'string' ? last : null;
    }
  }
  return null;
}

/**
 * Rows = categories of the first category axis (x or y), columns = series with array data.
 * Returns null when the option is not of that shape (radar, boxplot…: the view passes its table).
 */
export function tableFromCategoryOption(option: ChartOption, firstColumn: string): ChartTable | null {
  const axes = [...asArray(option.xAxis), ...asArray(option.yAxis)] as Array<{ type?: string; data?: unknown[] }>;
  const categoryAxis = axes.find((axis) => axis.type === 'category' && Array.isArray(axis.data));
  if (!categoryAxis?.data) return null;
  const categories = categoryAxis.data.map((c) => (typeof c === 'object' && c && 'value' in c ? String((c as { value: unknown }).value) : String(c)));
  const series = asArray(option.series as Array<{ name?: string; data?: unknown[]; type?: string }> | undefined)
    .filter((s) => Array.isArray(s.data) && s.type !== 'boxplot');
  if (series.length === 0) return null;
  return {
    columns: [firstColumn, ...series.map((s, i) => s.name ?? `Série ${i + 1}`)],
    rows: categories.map((category, row) => [category, ...series.map((s) => cellValue(s.data?.[row]))]),
  };
}
