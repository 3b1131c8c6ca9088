/**
 * French (or English) number formatting for chart tooltips, axis labels and the screen-reader
 * table: `72,4`, `38,0 %`. Cached Intl formatters: tooltips format on every mouse move. Shared:
 * the server draws the Scores view's first charts with the same labels.
 */
import type { Lang } from './domain.js';

const cache = new Map<string, Intl.NumberFormat>();

function formatter(lang: Lang, digits: number, style: 'decimal' | 'percent'): Intl.NumberFormat {
  const key = `${lang}|${digits}|${style}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      style,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    cache.set(key, found);
  }
  return found;
}

/** `72,4` (a score out of 100); an em dash when there is no value. */
export function formatScore(value: number | null | undefined, lang: Lang = 'fr', digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatter(lang, digits, 'decimal').format(value);
}

/** `38,0 %` from a value already in percent (38 → `38,0 %`). */
export function formatPercent(value: number | null | undefined, lang: Lang = 'fr', digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatter(lang, digits, 'percent').format(value / 100);
}

/** Integers with thousands separators: `1 250`. */
export function formatCount(value: number | null | undefined, lang: Lang = 'fr'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatter(lang, 0, 'decimal').format(value);
}

/** A tooltip value formatter for echarts (`valueFormatter`), tolerant of arrays and nulls. */
export function tooltipFormatter(lang: Lang, kind: 'score' | 'percent' = 'score'): (value: unknown) => string {
  return (value: unknown): string => {
    const n = Array.isArray(value) ? value[value.length - 1] : value;
    const num = typeof n === 'number' ? n : typeof n === 'string' && n !== '' ? Number(n) : NaN;
    if (!Number.isFinite(num)) return '—';
    return kind === 'percent' ? formatPercent(num, lang) : formatScore(num, lang);
  };
}

/**
 * A long axis name on two balanced lines, cut at the space nearest its middle, so a radar's labels
 * stay whole inside the chart (and its PNG) instead of ending in « … » after 21 characters. Only a
 * name too long for two lines is shortened, at its end.
 */
export function wrapAxisName(name: string, lineLength = 24): string {
  if (name.length <= lineLength) return name;
  const middle = name.length / 2;
  let cut = -1;
  for (let i = 0; i < name.length; i++) {
    if (name[i] === ' ' && (cut < 0 || Math.abs(i - middle) < Math.abs(cut - middle))) cut = i;
  }
  if (cut < 0) return name.length > 2 * lineLength ? `${name.slice(0, 2 * lineLength - 1)}…` : name;
  const first = name.slice(0, cut);
  const second = name.slice(cut + 1);
  const room = lineLength + 6;
  return `${first}\n${second.length > room ? `${second.slice(0, room - 1).trimEnd()}…` : second}`;
}
