/**
 * What the Scores view asks for first, started at start-up when the address opens on it (the
 * registry's `prefetch`), in parallel with the view's chunk (ag-grid and echarts: the longest
 * download and parse of the app) instead of after it: the score matrix of the levels shown by
 * default, the winners, the distribution by category, then the ranking of the category the view
 * charts first. Same keys and inputs as the view's own queries, so the view finds them in flight
 * or done. Kept out of the view's chunk: only keys and the API client.
 * The edition, language and first category the view showed last are remembered in this browser:
 * the same queries start at once with them, without waiting for the three start-up answers that
 * decide the edition (one round trip less before the grid's data; when the guess is wrong, the
 * right queries follow as before and the guessed ones are simply not used).
 */
import type { QueryClient } from '@tanstack/react-query';
import type { MatrixLevel, ScoreMatrix } from '../../../../shared/analytics-types.js';
import { GROUP_LEVELS, type Lang } from '../../../../shared/domain.js';
import { ensureApiQuery, fetchApiQuery, prefetchApiQuery } from '../../api/query.js';
import { storedLang } from '../../i18n/index.js';
import { EDITION_SETTING, rememberedEdition } from '../../state/edition.js';

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
  const { edition, lang, category } = value as Record<string, unknown>;
  if (typeof edition !== 'number' || !Number.isInteger(edition) || (lang !== 'fr' && lang !== 'en')) return null;
  return { edition, lang, category: typeof category === 'string' ? category : null };
}

/** The view's first queries for one edition and language; resolves to the matrix. */
function startScoresQueries(client: QueryClient, edition: number, lang: Lang, category: string | null): Promise<ScoreMatrix> {
  const matrix = fetchApiQuery(client, 'analytics.scoreMatrix', { edition, levels: matrixLevels(INITIAL_SHOWN), lang });
  prefetchApiQuery(client, 'analytics.winners', { edition, lang });
  prefetchApiQuery(client, 'analytics.groupScores', { edition, level: 'overall', lang });
  if (category) prefetchApiQuery(client, 'analytics.rankings', { edition, category, lang });
  return matrix;
}

export async function prefetchScoresView(client: QueryClient): Promise<void> {
  const last = lastScoresShown();
  // A guess that proves wrong (another workspace, an edition gone) only costs its own answers.
  if (last) startScoresQueries(client, last.edition, last.lang, last.category).catch(() => undefined);
  // The three start-up queries are already in flight (startup.ts): these join them.
  const [app, info, stored] = await Promise.all([
    ensureApiQuery(client, 'app.info', {}),
    ensureApiQuery(client, 'workspace.info', {}),
    ensureApiQuery(client, 'settings.get', { key: EDITION_SETTING }),
  ]);
  // The language and edition the view will use (the same rules as I18nProvider and EditionProvider).
  const lang = storedLang() ?? app.lang;
  const edition = rememberedEdition(info.editions, typeof stored.value === 'number' ? stored.value : null);
  if (edition === null) return;
  // Joins the guessed queries when the guess was right (same keys), else asks the right ones.
  const matrix = await startScoresQueries(client, edition, lang, null);
  // The ranking chart opens on the matrix's first category (the API sorts structures by category).
  const firstCategory = matrix.structures.category[0];
  if (firstCategory) prefetchApiQuery(client, 'analytics.rankings', { edition, category: firstCategory, lang });
}
