/**
 * Query keys of the analysis views' own hooks. They live under the 'analytics' root like the API
 * layer's, so "invalidate everything but app" after an import or a workspace switch refreshes them.
 */
import type { Lang, Level } from '../../../../shared/domain.js';

export const analysisKeys = {
  all: ['analytics', 'views'] as const,
  scores: (edition: number, level: Level, category: string | null, lang: Lang) => [...analysisKeys.all, 'scores', edition, level, category, lang] as const,
  groupScores: (edition: number, level: Level, lang: Lang) => [...analysisKeys.all, 'groupScores', edition, level, lang] as const,
  ranking: (edition: number, category: string, lang: Lang) => [...analysisKeys.all, 'ranking', edition, category, lang] as const,
  winners: (edition: number, lang: Lang) => [...analysisKeys.all, 'winners', edition, lang] as const,
  peers: (code: string, edition: number, lang: Lang) => [...analysisKeys.all, 'peers', code, edition, lang] as const,
  failedItems: (code: string, edition: number, limit: number, lang: Lang) => [...analysisKeys.all, 'failedItems', code, edition, limit, lang] as const,
  trends: (code: string, level: Level, lang: Lang) => [...analysisKeys.all, 'trends', code, level, lang] as const,
  headline: (edition: number, lang: Lang) => [...analysisKeys.all, 'headline', edition, lang] as const,
  structure: (code: string) => [...analysisKeys.all, 'structure', code] as const,
};
