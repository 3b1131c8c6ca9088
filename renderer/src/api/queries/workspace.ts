/** The open workspace: counts, recent workspaces, opening/creating one (invalidates every query). */
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AppInfo } from '../../../../shared/api-types.js';
import { invoke } from '../client.js';
import { invalidateApiExcept, prefetchApiQuery, setApiQueryData, useApiQuery } from '../query.js';

/** After a workspace switch or an import/undo: every cached figure may be stale. */
export async function invalidateWorkspaceData(client: QueryClient): Promise<void> {
  await invalidateApiExcept(client, 'app');
}

export function prefetchWorkspaceInfo(client: QueryClient): void {
  prefetchApiQuery(client, 'workspace.info', {});
}

export function useWorkspaceInfo() {
  return useApiQuery('workspace.info', {});
}

export function useRecentWorkspaces(enabled = true) {
  return useApiQuery('workspace.recent', {}, { enabled });
}

function useWorkspaceSwitch<I>(open: (input: I) => Promise<AppInfo>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: open,
    onSuccess: async (info) => {
      setApiQueryData(client, 'app.info', {}, info);
      await client.invalidateQueries();
    },
  });
}

export function useOpenDemo() {
  return useWorkspaceSwitch((_: void) => invoke('workspace.openDemo', {}));
}

export function useOpenWorkspace() {
  return useWorkspaceSwitch((path: string) => invoke('workspace.open', { path }));
}

export function useCreateWorkspace() {
  return useWorkspaceSwitch((path: string) => invoke('workspace.create', { path }));
}
