/**
 * What the Scores view showed last in this browser (edition, language, first category, chart
 * width) and the first questions it asks, as pure data: read by the start-up prefetch
 * (prefetch.ts) and by the requests sent before the app's code is evaluated (early-requests.ts),
 * so both ask exactly what the view then asks (same inputs, so the same query keys). No React,
 * no query client: this module is evaluated first, before the app.
 */
import type { MatrixLevel } from '../../../../shared/analytics-types.js';
import type { ApiInput, ApiMethod } from '../../../../shared/contract.js';
import { GROUP_LEVELS, type Lang } from '../../../../shared/domain.js';
import type { ScoresChartKind } from '../../../../shared/scores-charts.js';

/** Levels the grid shows when the view opens (determinants are asked for on demand). */
export const INITIAL_SHOWN = { step: true, channel: true, determinant: false } as const;

const LEVEL_ORDER: readonly MatrixLevel[] = GROUP_LEVELS;

/** The matrix levels for the levels shown (overall always). */
export function matrixLevels(shown: Partial<Record<Exclude<MatrixLevel, 'overall'>, boolean>>): MatrixLevel[] {
  return LEVEL_ORDER.filter((level) => level === 'overall' || shown[level] !== false);
}

/** What the view showed last in this browser: where the next start-up prefetch begins. */
export interface ScoresShown {
  edition: number;
  lang: Lang;
  /** The category its ranking chart showed first (the matrix's first), if any. */
  category: string | null;
  /** The width of its charts' plots in pixels (as `chartSvgWidth` gives it), if measured. */
  chartWidth: number | null;
}

/** A plot's width as the server is asked to draw it: whole pixels, within what the API accepts. */
export function chartSvgWidth(width: number): number {
  return Math.min(4000, Math.max(100, Math.round(width)));
}

/** The input of `charts.scoresSvg`, one shape for the view and the prefetch (so one cache key). */
export function chartSvgInput(chart: ScoresChartKind, edition: number, category: string | null, width: number, lang: Lang) {
  return chart === 'ranking' && category !== null ? { chart, edition, category, width, lang } : { chart, edition, width, lang };
}

const SHOWN_KEY = 'barometer.scores.shown';

export function rememberScoresShown(shown: ScoresShown): void {
  try {
    window.localStorage.setItem(SHOWN_KEY, JSON.stringify(shown));
  } catch {
    // Storage refused (private mode, quota): the next start waits for the start-up answers.
  }
}

/** The remembered `ScoresShown`, or null when there is none or it is not one. */
export function lastScoresShown(): ScoresShown | null {
  try {
    return parseScoresShown(window.localStorage.getItem(SHOWN_KEY));
  } catch {
    return null;
  }
}

/** A stored `ScoresShown` read back; null for anything else (absent, edited by hand, older format). */
export function parseScoresShown(text: string | null): ScoresShown | null {
  let value: unknown;
  try {
    value = JSON.parse(text ?? 'null');
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { edition, lang, category, chartWidth } = value as Record<string, unknown>;
  if (typeof edition !== 'number' || !Number.isInteger(edition) || (lang !== 'fr' && lang !== 'en')) return null;
  return {
    edition,
    lang,
    category: typeof category === 'string' ? category : null,
    chartWidth: typeof chartWidth === 'number' && Number.isFinite(chartWidth) ? chartSvgWidth(chartWidth) : null,
  };
}

/** One API question: method and input, as the view asks it. */
export type ApiQuestion = { [M in ApiMethod]: [M, ApiInput<M>] }[ApiMethod];

/**
 * The view's first questions for one edition and language (the matrix first), with the ranking
 * of `category` and the charts' SVGs at `chartWidth` when they are known.
 */
export function scoresQuestions(edition: number, lang: Lang, category: string | null, chartWidth: number | null): ApiQuestion[] {
  const questions: ApiQuestion[] = [
    ['analytics.scoreMatrix', { edition, levels: matrixLevels(INITIAL_SHOWN), lang }],
    ['analytics.winners', { edition, lang }],
    ['analytics.groupScores', { edition, level: 'overall', lang }],
  ];
  if (category) questions.push(['analytics.rankings', { edition, category, lang }]);
  if (chartWidth !== null) {
    questions.push(['charts.scoresSvg', chartSvgInput('distribution', edition, null, chartWidth, lang)]);
    if (category) questions.push(['charts.scoresSvg', chartSvgInput('ranking', edition, category, chartWidth, lang)]);
  }
  return questions;
}
