/**
 * What the workspace chooser does, as hooks: switch (open, create, demo — every query refetched,
 * back to Accueil), forget a recent entry, list a folder (browser mode), save a copy. The switch
 * mutations themselves live with the other workspace queries (api/queries/workspace.ts).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ExportFileResult, RecentWorkspace } from '../../../../shared/api-types.js';
import { invoke } from '../../api/client.js';
import { setApiQueryData, useApiQuery } from '../../api/query.js';
import { useCreateWorkspace, useOpenDemo, useOpenWorkspace } from '../../api/queries/workspace.js';
import { navigate } from '../../state/router.js';

export type SwitchRequest = { kind: 'open'; path: string } | { kind: 'create'; path: string } | { kind: 'demo' };

/**
 * One switch at a time, whatever its kind. On success the views start again from Accueil: a
 * filtered explorer address or a structure code may mean nothing in the other workspace.
 */
export function useWorkspaceSwitch(onSwitched?: () => void) {
  const open = useOpenWorkspace();
  const create = useCreateWorkspace();
  const demo = useOpenDemo();
  const mutation = useMutation({
    mutationFn: (request: SwitchRequest) => (request.kind === 'open'
      ? open.mutateAsync(request.path)
      : request.kind === 'create' ? create.mutateAsync(request.path) : demo.mutateAsync()),
    onSuccess: () => {
      navigate('/');
      onSwitched?.();
    },
  });
  return mutation;
}

export function useForgetRecent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => invoke('workspace.forgetRecent', { path }),
    onSuccess: (list: RecentWorkspace[]) => setApiQueryData(client, 'workspace.recent', {}, list),
  });
}

/** A folder of the file browser (browser mode); `path` undefined: where the main side starts. */
export function useFolder(path: string | undefined, enabled: boolean) {
  return useApiQuery('workspace.browse', path === undefined ? {} : { path }, { enabled, staleTime: 0, keepPrevious: true });
}

/** « Enregistrer une copie » : at `path`, or in the exports folder (browser mode downloads it from there). */
export function useSaveCopy() {
  return useMutation({
    mutationFn: (path: string | undefined): Promise<ExportFileResult> => invoke('workspace.saveCopy', path === undefined ? {} : { path }),
  });
}

/** A name typed by the user as a workspace file name: `.barometre.sqlite` added unless it ends in `.sqlite`. */
export function workspaceFileName(typed: string): string {
  const name = typed.trim();
  if (!name) return '';
  return /\.sqlite$/i.test(name) ? name : `${name}.barometre.sqlite`;
}

/** Joins a folder and a file name with the folder's own separator (POSIX or Windows paths). */
export function joinPath(folder: string, name: string): string {
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}
