/** Data of the Comparaisons view: the comparison asked and what a comparison can be chosen among. */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ComparisonChoices, ComparisonResult, ComparisonSpec } from '../../../../shared/comparison-types.js';
import type { Lang } from '../../../../shared/domain.js';
import type { ApiError } from '../../api/client.js';
import { useApiQuery } from '../../api/query.js';

export function useComparison(edition: number | null, spec: ComparisonSpec, lang: Lang): UseQueryResult<ComparisonResult, ApiError> {
  return useApiQuery('analytics.compare',
    { edition: edition ?? 0, a: spec.a, b: spec.b, lang }, { enabled: edition !== null });
}

export function useComparisonChoices(edition: number | null, lang: Lang): UseQueryResult<ComparisonChoices, ApiError> {
  return useApiQuery('analytics.comparisonChoices', { edition: edition ?? 0, lang }, { enabled: edition !== null });
}
