/**
 * Audit entry's API calls: the form's preparation and the sheet are queries; creating an audit,
 * saving a field and completing are mutations. The entry session (an import row of format
 * 'saisie') is remembered for the tab, so a reload keeps writing into the same sitting.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiInput } from '../../../../shared/contract.js';
import type { Lang } from '../../../../shared/domain.js';
import { invoke } from '../../api/client.js';
import { invalidateApi, useApiQuery } from '../../api/query.js';
import { invalidateWorkspaceData } from '../../api/queries/workspace.js';

const SESSION_KEY = 'barometer.entry.session';

export function rememberedSession(): number | undefined {
  try {
    const value = Number(window.sessionStorage.getItem(SESSION_KEY));
    return Number.isInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

export function rememberSession(sessionId: number): void {
  try {
    window.sessionStorage.setItem(SESSION_KEY, String(sessionId));
  } catch {
    // Private mode: the session then lasts as long as the view.
  }
}

export function usePrepareEntry(structure: string | null, edition: number | null) {
  return useApiQuery(
    'entry.prepare',
    { structure: structure ?? '', ...(edition === null ? {} : { edition }) }, { enabled: structure !== null, keepPrevious: true, staleTime: 0 });
}

export function useEntrySheet(auditId: number | null, lang: Lang) {
  return useApiQuery('entry.sheet', { auditId: auditId ?? 1, lang }, { enabled: auditId !== null, staleTime: Infinity });
}

export function useCreateAudit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiInput<'entry.createAudit'>) => invoke('entry.createAudit', input),
    onSuccess: (created) => {
      rememberSession(created.sessionId);
      void invalidateApi(client, 'entry', 'imports');
    },
  });
}

export function useCompleteAudit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (auditId: number) => invoke('entry.complete', { auditId }),
    // Scores changed for the whole edition.
    onSuccess: () => void invalidateWorkspaceData(client),
  });
}

/** Saves one field; callers chain the calls so each carries the session the previous one got. */
export function saveField(input: ApiInput<'entry.setField'>) {
  return invoke('entry.setField', input);
}
