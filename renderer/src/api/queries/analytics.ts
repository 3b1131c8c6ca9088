/**
 * Analytics hooks (main/analytics through the contract). Each hook takes `edition: number | null`
 * (usually from `useEdition()`) and stays idle while a required input is null; the interface
 * language is added so labels come back in the user's language. Keys live under 'analytics', so
 * imports and workspace switches refresh them.
 */
import type { Level } from '../../../../shared/domain.js';
import { useI18n } from '../../i18n/index.js';
import { useApiQuery } from '../query.js';

export type IndicatorBy = 'structure' | 'category' | 'sector' | 'edition';

export const analyticsKeys = {
  all: ['analytics'] as const,
  editions: () => [...analyticsKeys.all, 'editions'] as const,
  completeness: (edition: number | null, lang: string) => [...analyticsKeys.all, 'completeness', edition, lang] as const,
  scores: (edition: number | null, level: Level, category: string | null, lang: string) => [...analyticsKeys.all, 'scores', edition, level, category, lang] as const,
  groupScores: (edition: number | null, level: Level, lang: string) => [...analyticsKeys.all, 'groupScores', edition, level, lang] as const,
  peers: (code: string | null, edition: number | null, level: Level | null, lang: string) => [...analyticsKeys.all, 'peers', code, edition, level, lang] as const,
  failedItems: (code: string | null, edition: number | null, limit: number, lang: string) => [...analyticsKeys.all, 'failedItems', code, edition, limit, lang] as const,
  rankings: (edition: number | null, category: string | null, lang: string) => [...analyticsKeys.all, 'rankings', edition, category, lang] as const,
  winners: (edition: number | null, lang: string) => [...analyticsKeys.all, 'winners', edition, lang] as const,
  indicators: (edition: number | null, items: readonly string[], by: IndicatorBy | null, lang: string) => [...analyticsKeys.all, 'indicators', edition, items, by, lang] as const,
  headline: (edition: number | null, lang: string) => [...analyticsKeys.all, 'headline', edition, lang] as const,
  trends: (scope: { code?: string | null; category?: string | null; sector?: string | null }, level: Level, lang: string) => [...analyticsKeys.all, 'trends', scope, level, lang] as const,
};

// While an input is incomplete the query is disabled; these placeholders only satisfy the types.
const NO_EDITION = 1990;
const NO_CODE = '-';

export function useEditions() {
  return useApiQuery(analyticsKeys.editions(), 'analytics.editions', {});
}

/** Completeness warnings; without an edition the main side takes the latest. */
export function useCompleteness(edition: number | null, enabled = true) {
  const { lang } = useI18n();
  return useApiQuery(analyticsKeys.completeness(edition, lang), 'analytics.completeness', { ...(edition === null ? {} : { edition }), lang }, { enabled });
}

export function useScores(edition: number | null, level: Level, category: string | null = null) {
  const { lang } = useI18n();
  return useApiQuery(
    analyticsKeys.scores(edition, level, category, lang),
    'analytics.scores',
    { edition: edition ?? NO_EDITION, level, ...(category ? { category } : {}), lang },
    { enabled: edition !== null, keepPrevious: true },
  );
}

export function useGroupScores(edition: number | null, level: Level) {
  const { lang } = useI18n();
  return useApiQuery(analyticsKeys.groupScores(edition, level, lang), 'analytics.groupScores', { edition: edition ?? NO_EDITION, level, lang }, { enabled: edition !== null, keepPrevious: true });
}

export function usePeers(code: string | null, edition: number | null, level: Level | null = null) {
  const { lang } = useI18n();
  return useApiQuery(
    analyticsKeys.peers(code, edition, level, lang),
    'analytics.peers',
    { code: code || NO_CODE, edition: edition ?? NO_EDITION, ...(level ? { level } : {}), lang },
    { enabled: Boolean(code) && edition !== null },
  );
}

export function useFailedItems(code: string | null, edition: number | null, limit = 20) {
  const { lang } = useI18n();
  return useApiQuery(
    analyticsKeys.failedItems(code, edition, limit, lang),
    'analytics.failedItems',
    { code: code || NO_CODE, edition: edition ?? NO_EDITION, limit, lang },
    { enabled: Boolean(code) && edition !== null },
  );
}

export function useRankings(edition: number | null, category: string | null) {
  const { lang } = useI18n();
  return useApiQuery(
    analyticsKeys.rankings(edition, category, lang),
    'analytics.rankings',
    { edition: edition ?? NO_EDITION, category: category || NO_CODE, lang },
    { enabled: edition !== null && Boolean(category), keepPrevious: true },
  );
}

export function useWinners(edition: number | null) {
  const { lang } = useI18n();
  return useApiQuery(analyticsKeys.winners(edition, lang), 'analytics.winners', { edition: edition ?? NO_EDITION, lang }, { enabled: edition !== null });
}

export function useIndicators(edition: number | null, items: readonly string[], by: IndicatorBy | null = null) {
  const { lang } = useI18n();
  return useApiQuery(
    analyticsKeys.indicators(edition, items, by, lang),
    'analytics.indicators',
    { edition: edition ?? NO_EDITION, items: items.length ? [...items] : [NO_CODE], ...(by ? { by } : {}), lang },
    { enabled: edition !== null && items.length > 0 },
  );
}

export function useHeadline(edition: number | null) {
  const { lang } = useI18n();
  return useApiQuery(analyticsKeys.headline(edition, lang), 'analytics.headline', { edition: edition ?? NO_EDITION, lang }, { enabled: edition !== null });
}

export function useTrends(level: Level, scope: { code?: string | null; category?: string | null; sector?: 'public' | 'prive' | null } = {}, enabled = true) {
  const { lang } = useI18n();
  return useApiQuery(
    analyticsKeys.trends(scope, level, lang),
    'analytics.trends',
    { ...(scope.code ? { code: scope.code } : {}), ...(scope.category ? { category: scope.category } : {}), ...(scope.sector ? { sector: scope.sector } : {}), level, lang },
    { enabled },
  );
}
