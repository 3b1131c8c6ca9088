/**
 * Data of the Labels tab of the Fiche structure: readiness for each label of the edition, the
 * labels the structure holds, and the two edits (labels held, a label's required rate). Every
 * edit refreshes the tab's queries (the "held" flag and the items to fix depend on both).
 */
import { useMutation, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import type { HeldLabel, LabelDefinition, LabelReadiness } from '../../../../shared/readiness-types.js';
import type { Lang } from '../../../../shared/domain.js';
import { invoke, type ApiError } from '../../api/client.js';
import { invalidateApi, useApiQuery } from '../../api/query.js';

/** What a label edit makes stale: the label lists and every readiness figure. */
const LABEL_QUERIES = ['labels', 'analytics.readiness'];

/** Comments come as written (`maskNames: false`): the screen masks them in client mode. */
export function useReadiness(code: string, edition: number, lang: Lang): UseQueryResult<LabelReadiness[], ApiError> {
  return useApiQuery('analytics.readiness', { code, edition, lang, maskNames: false });
}

export function useHeldLabels(code: string): UseQueryResult<HeldLabel[], ApiError> {
  return useApiQuery('labels.held', { code });
}

export function useLabelList(edition: number): UseQueryResult<LabelDefinition[], ApiError> {
  return useApiQuery('labels.list', { edition });
}

export function useSetHeldLabels(code: string): UseMutationResult<HeldLabel[], ApiError, string[]> {
  const client = useQueryClient();
  return useMutation<HeldLabel[], ApiError, string[]>({
    mutationFn: (labels) => invoke('labels.setHeld', { code, labels }),
    onSuccess: () => void invalidateApi(client, ...LABEL_QUERIES),
  });
}

export function useSetRequiredRate(): UseMutationResult<{ label: string; requiredRate: number }, ApiError, { label: string; requiredRate: number }> {
  const client = useQueryClient();
  return useMutation<{ label: string; requiredRate: number }, ApiError, { label: string; requiredRate: number }>({
    mutationFn: (input) => invoke('labels.setRequiredRate', input),
    onSuccess: () => void invalidateApi(client, ...LABEL_QUERIES),
  });
}
