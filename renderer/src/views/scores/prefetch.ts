/**
 * What the Scores view asks for first, started at start-up when the address opens on it (the
 * registry's `prefetch`), in parallel with the view's chunk (ag-grid and echarts: the longest
 * download and parse of the app) instead of after it: the score matrix of the levels shown by
 * default, the winners, the distribution by category, then the ranking of the category the view
 * charts first. Same keys and inputs as the view's own queries, so the view finds them in flight
 * or done. Kept out of the view's chunk: only keys and the API client.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { MatrixLevel } from '../../../../shared/analytics-types.js';
import { GROUP_LEVELS } from '../../../../shared/domain.js';
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

export async function prefetchScoresView(client: QueryClient): Promise<void> {
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
  const levels = matrixLevels(INITIAL_SHOWN);
  const matrix = fetchApiQuery(client, 'analytics.scoreMatrix', { edition, levels, lang });
  prefetchApiQuery(client, 'analytics.winners', { edition, lang });
  prefetchApiQuery(client, 'analytics.groupScores', { edition, level: 'overall', lang });
  // The ranking chart opens on the matrix's first category (the API sorts structures by category).
  const firstCategory = (await matrix).structures.category[0];
  if (firstCategory) prefetchApiQuery(client, 'analytics.rankings', { edition, category: firstCategory, lang });
}
