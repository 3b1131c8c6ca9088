/**
 * French (or English) number formatting for chart tooltips, axis labels and the screen-reader
 * table: `72,4`, `38,0 %`. Cached Intl formatters: tooltips format on every mouse move.
 */
import type { Lang } from '../../../../shared/domain.js';

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
