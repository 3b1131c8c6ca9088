/**
 * Data of the Scores view: the score matrix of the edition (every structure × the grid's levels,
 * with each structure's position in its category), the ranking of the category charted, and the
 * winners.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { CategoryRanking, MatrixLevel, ScoreMatrix, Winner } from '../../../../shared/analytics-types.js';
import type { ChartSvg, ScoresChartKind } from '../../../../shared/scores-charts.js';
import type { Lang } from '../../../../shared/domain.js';
import type { ApiError } from '../../api/client.js';
import { useApiQuery } from '../../api/query.js';
import type { GridLevel } from './score-table.js';
import { chartSvgInput, matrixLevels } from './prefetch.js';

export interface GridScores {
  matrix: ScoreMatrix | null;
  isPending: boolean;
  error: ApiError | null;
  refetch: () => void;
}

/**
 * The matrix of the levels shown (overall always; determinants are 20 columns: not loaded until
 * asked for). Switching a level on keeps the current grid until the wider matrix arrives.
 */
export function useGridScores(edition: number | null, lang: Lang, shown: Partial<Record<GridLevel, boolean>> = {}): GridScores {
  const levels: MatrixLevel[] = matrixLevels(shown);
  // The same call (so the same key) as the start-up prefetch (prefetch.ts).
  const query = useApiQuery('analytics.scoreMatrix', { edition: edition ?? 0, levels, lang }, { enabled: edition !== null, keepPrevious: true });
  return {
    matrix: query.data ?? null,
    isPending: edition !== null && query.isPending,
    error: query.error ?? null,
    refetch: () => void query.refetch(),
  };
}

/** The ranking of the category charted (the engine applies the tie-break). */
export function useRanking(edition: number | null, category: string | null, lang: Lang): UseQueryResult<CategoryRanking, ApiError> {
  return useApiQuery(
    'analytics.rankings',
    { edition: edition ?? 0, category: category ?? '-', lang },
    { enabled: edition !== null && category !== null, keepPrevious: true },
  );
}

export function useWinners(edition: number | null, lang: Lang) {
  return useApiQuery('analytics.winners', { edition: edition ?? 0, lang }, { enabled: edition !== null }) as UseQueryResult<Winner[], ApiError>;
}

/**
 * The server's SVG of one chart at the plot's width (null until known), shown until echarts draws
 * the live chart. The previous SVG stays while another width or category is drawn: it scales.
 */
export function useChartSvg(chart: ScoresChartKind, edition: number | null, category: string | null, width: number | null, lang: Lang): ChartSvg | null {
  const enabled = edition !== null && width !== null && (chart === 'distribution' || category !== null);
  // The same input (so the same key) as the start-up prefetch (prefetch.ts).
  const query = useApiQuery('charts.scoresSvg', chartSvgInput(chart, edition ?? 0, category, width ?? 0, lang), { enabled, keepPrevious: true });
  return query.data ?? null;
}
