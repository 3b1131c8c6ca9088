/**
 * Corrections of observations (corrections.* methods): the history of a scope, the grid's cell
 * states, and the mutations. Every mutation refetches every workspace query: scores, rankings,
 * peers and indicators all move with a corrected answer.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiInput } from '../../../../shared/contract.js';
import type { ObservationCellState } from '../../../../shared/correction-types.js';
import { invoke } from '../client.js';
import { useApiQuery } from '../query.js';
import { invalidateWorkspaceData } from './workspace.js';

export type CorrectionScope = ApiInput<'corrections.history'>;

export function useCorrectionHistory(scope: CorrectionScope, enabled = true) {
  return useApiQuery('corrections.history', scope, { enabled, keepPrevious: true });
}

export function useCorrectionSession() {
  return useApiQuery('corrections.session', {}, { staleTime: Number.POSITIVE_INFINITY });
}

export function fetchCellStates(keys: Array<{ auditId: number; itemCode: string }>): Promise<ObservationCellState[]> {
  return keys.length === 0 ? Promise.resolve([]) : invoke('corrections.cellStates', { keys });
}

export function useCorrect() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiInput<'corrections.correct'>) => invoke('corrections.correct', input),
    onSuccess: () => invalidateWorkspaceData(client),
  });
}

export function useUndoCorrection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (target: { id: number } | { sessionId: string }) => ('id' in target
      ? invoke('corrections.undo', { id: target.id })
      : invoke('corrections.undoSession', { sessionId: target.sessionId })),
    onSuccess: () => invalidateWorkspaceData(client),
  });
}
