/** Data of the Référentiel view: the referential in force for an edition, and the source-label edit. */
import { useMutation, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import type { Lang } from '../../../../shared/domain.js';
import type { ReferentialView } from '../../../../shared/readiness-types.js';
import type { ApiOutput } from '../../../../shared/contract.js';
import { invoke, type ApiError } from '../../api/client.js';
import { invalidateApi, useApiQuery } from '../../api/query.js';

export function useReferential(edition: number | null, lang: Lang): UseQueryResult<ReferentialView, ApiError> {
  return useApiQuery('referential.view', { ...(edition === null ? {} : { edition }), lang }, { keepPrevious: true });
}

type SetSourceLabelInput = { validFrom: number; code: string; labels: string[] };

/** Saves an item's labels; the referential and every label figure (readiness) are read again. */
export function useSetSourceLabel(): UseMutationResult<ApiOutput<'referential.setSourceLabel'>, ApiError, SetSourceLabelInput> {
  const client = useQueryClient();
  return useMutation<ApiOutput<'referential.setSourceLabel'>, ApiError, SetSourceLabelInput>({
    mutationFn: (input) => invoke('referential.setSourceLabel', input),
    onSuccess: () => {
      void invalidateApi(client, 'referential', 'labels', 'analytics.readiness');
    },
  });
}
