/**
 * Data of the Scores view: every structure's scores at the four grid levels, the category
 * rankings (tie-break applied by the engine) and the winners.
 */
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import type { CategoryRanking, StructureScoreRow, Winner } from '../../../../shared/analytics-types.js';
import type { Lang } from '../../../../shared/domain.js';
import { invoke, type ApiError } from '../../api/client.js';
import { useApiQuery } from '../../api/query.js';
import { analysisKeys } from '../analysis-common/query-keys.js';
import { GRID_LEVELS, type GridLevel } from './score-table.js';

export interface LevelScores {
  rowsByLevel: Partial<Record<GridLevel, StructureScoreRow[]>>;
  isPending: boolean;
  error: ApiError | null;
  refetch: () => void;
}

/**
 * The grid's levels in parallel, each fetched only once its columns are shown (determinants are
 * 20 columns × every structure: not worth loading until asked for); pending until the overall
 * level has answered.
 */
export function useGridScores(edition: number | null, lang: Lang, shown: Partial<Record<GridLevel, boolean>> = {}): LevelScores {
  const combined = useQueries({
    queries: GRID_LEVELS.map((level) => ({
      queryKey: analysisKeys.scores(edition ?? 0, level, null, lang),
      queryFn: () => invoke('analytics.scores', { edition: edition ?? 0, level, lang }),
      enabled: edition !== null && (level === 'overall' || shown[level] !== false),
      placeholderData: (previous: StructureScoreRow[] | undefined) => previous,
    })),
    combine: combineLevels,
  });
  return { ...combined, isPending: edition !== null && combined.isPending };
}

/**
 * Module-level, so TanStack Query re-runs it only when a result changes: `rowsByLevel` keeps its
 * identity between renders, and the view's memoised pivot (2 000 rows on a national edition) is
 * recomputed only when an answer arrives.
 */
function combineLevels(results: Array<UseQueryResult<StructureScoreRow[]>>): LevelScores {
  const rowsByLevel: Partial<Record<GridLevel, StructureScoreRow[]>> = {};
  GRID_LEVELS.forEach((level, i) => {
    const data = results[i]?.data;
    if (data) rowsByLevel[level] = data;
  });
  return {
    rowsByLevel,
    isPending: results[0]?.isPending ?? true,
    // invoke() rejects with ApiError only.
    error: (results.find((r) => r.error)?.error as ApiError | undefined) ?? null,
    refetch: () => results.forEach((r) => void r.refetch()),
  };
}

/** One ranking per category (the engine applies the tie-break). */
export function useRankings(edition: number | null, categories: readonly string[], lang: Lang): { rankings: CategoryRanking[]; isPending: boolean } {
  return useQueries({
    queries: categories.map((category) => ({
      queryKey: analysisKeys.ranking(edition ?? 0, category, lang),
      queryFn: () => invoke('analytics.rankings', { edition: edition ?? 0, category, lang }),
      enabled: edition !== null,
    })),
    combine: combineRankings,
  });
}

/** Module-level for the same reason as `combineLevels`: one new list per answer, not per render. */
function combineRankings(results: Array<UseQueryResult<CategoryRanking>>): { rankings: CategoryRanking[]; isPending: boolean } {
  return {
    rankings: results.flatMap((r) => (r.data ? [r.data] : [])),
    isPending: results.some((r) => r.isPending),
  };
}

export function useWinners(edition: number | null, lang: Lang) {
  return useApiQuery(analysisKeys.winners(edition ?? 0, lang), 'analytics.winners', { edition: edition ?? 0, lang }, { enabled: edition !== null }) as UseQueryResult<Winner[], ApiError>;
}
