/** The open workspace: counts, recent workspaces, opening/creating one (invalidates every query). */
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AppInfo } from '../../../../shared/api-types.js';
import { invoke } from '../client.js';
import { prefetchApiQuery, useApiQuery } from '../query.js';

export const workspaceKeys = {
  all: ['workspace'] as const,
  info: () => [...workspaceKeys.all, 'info'] as const,
  recent: () => [...workspaceKeys.all, 'recent'] as const,
};

/** After a workspace switch or an import/undo: every cached figure may be stale. */
export async function invalidateWorkspaceData(client: QueryClient): Promise<void> {
  await client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'app' });
}

export function prefetchWorkspaceInfo(client: QueryClient): void {
  prefetchApiQuery(client, workspaceKeys.info(), 'workspace.info', {});
}

export function useWorkspaceInfo() {
  return useApiQuery(workspaceKeys.info(), 'workspace.info', {});
}

export function useRecentWorkspaces(enabled = true) {
  return useApiQuery(workspaceKeys.recent(), 'workspace.recent', {}, { enabled });
}

function useWorkspaceSwitch<I>(open: (input: I) => Promise<AppInfo>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: open,
    onSuccess: async (info) => {
      client.setQueryData(['app', 'info'], info);
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
