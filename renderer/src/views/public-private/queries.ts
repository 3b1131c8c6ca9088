/** Data of the Public / privé view: headline indicators by sector and pooled sector scores. */
import type { UseQueryResult } from '@tanstack/react-query';
import type { DisclosedGroupScoreRow, IndicatorRow } from '../../../../shared/analytics-types.js';
import type { Lang, Level } from '../../../../shared/domain.js';
import type { ApiError } from '../../api/client.js';
import { useApiQuery } from '../../api/query.js';
import { analysisKeys } from '../analysis-common/query-keys.js';

export function useHeadline(edition: number | null, lang: Lang): UseQueryResult<IndicatorRow[], ApiError> {
  return useApiQuery(analysisKeys.headline(edition ?? 0, lang), 'analytics.headline', { edition: edition ?? 0, lang }, { enabled: edition !== null });
}

export function useSectorScores(edition: number | null, level: Level, lang: Lang): UseQueryResult<DisclosedGroupScoreRow[], ApiError> {
  return useApiQuery(analysisKeys.groupScores(edition ?? 0, level, lang), 'analytics.groupScores', { edition: edition ?? 0, level, lang }, { enabled: edition !== null });
}
