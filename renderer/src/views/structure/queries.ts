/**
 * Data of the Fiche structure: first who the structure is and whether it has audits in the
 * edition (`workspace.structureStatus`); then, only for an audited structure, the structure
 * against its peers at every level, the private panel's distribution (radar), its trend and its
 * category's, and the items it failed most.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { FailedItem } from '../../../../shared/api-types.js';
import type { DisclosedGroupScoreRow, PeerRow, TrendsResult } from '../../../../shared/analytics-types.js';
import type { StructureStatus } from '../../../../shared/structure-status-types.js';
import type { Lang, Level } from '../../../../shared/domain.js';
import type { ApiError } from '../../api/client.js';
import { useApiQuery } from '../../api/query.js';

/** Asked once the selected edition is known (null when the workspace has none: the service picks). */
export function useStructureStatus(code: string | null, edition: number | null, ready: boolean): UseQueryResult<StructureStatus, ApiError> {
  return useApiQuery(
    'workspace.structureStatus',
    edition === null ? { code: code ?? '-' } : { code: code ?? '-', edition },
    { enabled: !!code && ready },
  );
}

export function usePeers(code: string | null, edition: number | null, lang: Lang): UseQueryResult<PeerRow[], ApiError> {
  return useApiQuery(
    'analytics.peers',
    { code: code ?? '-', edition: edition ?? 0, lang },
    { enabled: !!code && edition !== null },
  );
}

export function useGroupScores(edition: number | null, level: Level, lang: Lang): UseQueryResult<DisclosedGroupScoreRow[], ApiError> {
  return useApiQuery(
    'analytics.groupScores',
    { edition: edition ?? 0, level, lang },
    { enabled: edition !== null },
  );
}

export function useStructureTrend(code: string | null, level: Level, lang: Lang): UseQueryResult<TrendsResult, ApiError> {
  return useApiQuery(
    'analytics.trends',
    { code: code ?? '-', level, lang },
    { enabled: !!code },
  );
}

export function useCategoryTrend(category: string | null, level: Level, lang: Lang): UseQueryResult<TrendsResult, ApiError> {
  return useApiQuery(
    'analytics.trends',
    { category: category ?? '-', level, lang },
    { enabled: !!category },
  );
}

export function useFailedItems(code: string | null, edition: number | null, lang: Lang, limit = 12): UseQueryResult<FailedItem[], ApiError> {
  return useApiQuery(
    'analytics.failedItems',
    { code: code ?? '-', edition: edition ?? 0, limit, lang },
    { enabled: !!code && edition !== null },
  );
}
