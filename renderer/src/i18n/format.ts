/**
 * Number and date formatting for the interface: Intl `fr-FR` (French) or `en-GB` (English), so a
 * percentage reads `38,0 %` and a date `27/11/2026`. Missing values render as an em dash.
 * Pure: unit-testable without React.
 */
import type { Lang } from '../../../shared/domain.js';

export const LOCALES: Readonly<Record<Lang, string>> = { fr: 'fr-FR', en: 'en-GB' };
export const MISSING = '—';

export interface Formatters {
  locale: string;
  /** A number with a fixed count of decimals (0 by default): `12 345`, `3,5`. */
  number: (value: number | null | undefined, digits?: number) => string;
  /** A whole count: `12 345`. */
  integer: (value: number | null | undefined) => string;
  /** A percentage given on a 0–100 scale (scores, shares): `38,0 %`. */
  percent: (value: number | null | undefined, digits?: number) => string;
  /** A fraction given on a 0–1 scale: 0.38 → `38,0 %`. */
  ratio: (value: number | null | undefined, digits?: number) => string;
  /** A score on 0–100 with one decimal: `72,4`. */
  score: (value: number | null | undefined) => string;
  /** A signed difference in points: `+3,2 pts`. */
  delta: (value: number | null | undefined) => string;
  /** A calendar date (ISO `2026-11-27`, a date-time, or a Date): `27/11/2026`. */
  date: (value: string | Date | null | undefined) => string;
  /** Date and time: `27/11/2026 14:05`. */
  dateTime: (value: string | Date | null | undefined) => string;
  /** File sizes: `1,2 Mo` / `1.2 MB`. */
  bytes: (value: number | null | undefined) => string;
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

const isMissing = (value: number | null | undefined): value is null | undefined =>
  value === null || value === undefined || Number.isNaN(value);

/** Calendar dates (YYYY-MM-DD) are read as such, never shifted by the time zone. */
function toDate(value: string | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 12));
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** Built on first use and kept: creating an Intl format costs far more than using one. */
function lazily<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export function createFormatters(lang: Lang): Formatters {
  const locale = LOCALES[lang];
  // Grid cells call these for every value: one lookup by digit count, not a cache key per call.
  const fixedFormats: Intl.NumberFormat[] = [];
  const percentFormats: Intl.NumberFormat[] = [];
  const fixed = (digits: number) => (fixedFormats[digits] ??= numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  const percentFormat = (digits: number) => (percentFormats[digits] ??= numberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }));
  const dateFormat = lazily(() => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }));
  const calendarDayFormat = lazily(() => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }));
  const dateTimeFormat = lazily(() => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }));
  const isCalendarDay = (value: string | Date): boolean => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

  return {
    locale,
    number: (value, digits = 0) => (isMissing(value) ? MISSING : fixed(digits).format(value)),
    integer: (value) => (isMissing(value) ? MISSING : fixed(0).format(value)),
    percent: (value, digits = 1) => (isMissing(value) ? MISSING : percentFormat(digits).format(value / 100)),
    ratio: (value, digits = 1) => (isMissing(value) ? MISSING : percentFormat(digits).format(value)),
    score: (value) => (isMissing(value) ? MISSING : fixed(1).format(value)),
    delta: (value) => {
      if (isMissing(value)) return MISSING;
      const text = fixed(1).format(Math.abs(value));
      const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
      return `${sign}${text}\u00a0pts`;
    },
    date: (value) => {
      if (value === null || value === undefined || value === '') return MISSING;
      const date = toDate(value);
      if (!date) return String(value);
      return isCalendarDay(value) ? calendarDayFormat().format(date) : dateFormat().format(date);
    },
    dateTime: (value) => {
      if (value === null || value === undefined || value === '') return MISSING;
      const date = toDate(value);
      return date ? dateTimeFormat().format(date) : String(value);
    },
    bytes: (value) => {
      if (isMissing(value)) return MISSING;
      const units = lang === 'fr' ? ['o', 'ko', 'Mo', 'Go'] : ['B', 'kB', 'MB', 'GB'];
      let size = value;
      let unit = 0;
      while (size >= 1024 && unit < units.length - 1) {
        size /= 1024;
        unit += 1;
      }
      return `${fixed(unit === 0 ? 0 : 1).format(size)}\u00a0${units[unit]}`;
    },
  };
}
