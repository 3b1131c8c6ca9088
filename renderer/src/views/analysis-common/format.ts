/**
 * Formatting for the analysis views: scores, percents and counts (see the chart wrapper) plus
 * dates as the French read them (`27/11/2026`) and ranks (`3 / 42`).
 */
import type { Lang } from '../../../../shared/domain.js';
export { formatCount, formatPercent, formatScore } from '../../components/charts/chart-format.js';

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/** `2026-11-27` (or an ISO date-time) → `27/11/2026`; the raw text when it is not a date. */
export function formatDate(value: string | null | undefined, lang: Lang = 'fr'): string {
  if (!value) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(lang, format);
  }
  return format.format(date);
}

/** `3 / 42`; an em dash without a rank. */
export function formatRank(rank: number | null | undefined, n: number | null | undefined): string {
  if (rank === null || rank === undefined) return '—';
  return n ? `${rank} / ${n}` : String(rank);
}

/** A signed difference in points: `+4,2 pts` / `−1,0 pt`. */
export function formatDelta(value: number | null | undefined, lang: Lang = 'fr'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(value));
  const sign = value > 0.05 ? '+' : value < -0.05 ? '−' : '±';
  const unit = lang === 'fr' ? (Math.abs(value) < 2 ? 'pt' : 'pts') : 'pts';
  return `${sign}${abs}\u00a0${unit}`;
}

/** Median of numbers (for groups the API gives only as individual scores); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] as number;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] as number) + hi) / 2;
}

/** Arithmetic mean; null when empty. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}
