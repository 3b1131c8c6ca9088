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
 * right queries follow as before and the guessed ones are simply not used). The width of the
 * charts' plots is remembered too: the server's SVGs of the two charts (charts.scoresSvg, their
 * first paint) are asked for at once, at that width.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ScoreMatrix } from '../../../../shared/analytics-types.js';
import type { Lang } from '../../../../shared/domain.js';
import { ensureApiQuery, fetchApiQuery, prefetchApiQuery } from '../../api/query.js';
import { storedLang } from '../../i18n/index.js';
import { EDITION_SETTING, rememberedEdition } from '../../state/edition.js';
import { chartSvgInput, lastScoresShown, scoresQuestions } from './shown.js';

// What the view remembers and asks first is pure data (shown.ts), read before the app too.
export { chartSvgInput, chartSvgWidth, INITIAL_SHOWN, lastScoresShown, matrixLevels, parseScoresShown, rememberScoresShown, type ScoresShown } from './shown.js';

/** The view's first queries for one edition and language (shown.ts); resolves to the matrix. */
function startScoresQueries(client: QueryClient, edition: number, lang: Lang, category: string | null, chartWidth: number | null): Promise<ScoreMatrix> {
  const [matrixQuestion, ...others] = scoresQuestions(edition, lang, category, chartWidth);
  for (const [method, input] of others) prefetchApiQuery(client, method, input as never);
  return fetchApiQuery(client, 'analytics.scoreMatrix', matrixQuestion![1] as { edition: number });
}

export async function prefetchScoresView(client: QueryClient): Promise<void> {
  const last = lastScoresShown();
  // A guess that proves wrong (another workspace, an edition gone) only costs its own answers.
  if (last) startScoresQueries(client, last.edition, last.lang, last.category, last.chartWidth).catch(() => undefined);
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
  const chartWidth = last?.chartWidth ?? null;
  const matrix = await startScoresQueries(client, edition, lang, null, chartWidth);
  // The ranking chart opens on the matrix's first category (the API sorts structures by category).
  const firstCategory = matrix.structures.category[0];
  if (firstCategory) prefetchApiQuery(client, 'analytics.rankings', { edition, category: firstCategory, lang });
  if (firstCategory && chartWidth !== null) prefetchApiQuery(client, 'charts.scoresSvg', chartSvgInput('ranking', edition, firstCategory, chartWidth, lang));
}
