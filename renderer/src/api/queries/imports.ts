/**
 * Imports: staging the browser's bytes, detection, the history and undo. The preview and the
 * commit are jobs (see api/jobs.ts: `useJob('imports.preview')`, `useJob('imports.commit')`).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ColumnMapping } from '../../../../shared/columns.js';
import type { StagedFile } from '../../../../shared/api-types.js';
import type { ApiInput } from '../../../../shared/contract.js';
import { invoke, isDesktop, uploadFile } from '../client.js';
import { useApiQuery } from '../query.js';
import { invalidateWorkspaceData } from './workspace.js';

/** A column mapping as the API accepts it. */
export type ApiMapping = NonNullable<ApiInput<'imports.detect'>['mapping']>;

export function useImportHistory() {
  return useApiQuery('imports.list', {});
}

/** Detection of one staged file, redone whenever the user's mapping changes. */
export function useDetection(path: string | null, mapping: ColumnMapping | null) {
  return useApiQuery(
    'imports.detect',
    { path: path ?? '', ...(mapping ? { mapping: toApiMapping(mapping) } : {}) },
    { enabled: path !== null, staleTime: Infinity, keepPrevious: true },
  );
}

function toBase64(bytes: Uint8Array): string {
  // Chunked: String.fromCharCode over millions of arguments would overflow the stack.
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/**
 * Sends a file the user dropped or picked to the main side and returns the server-side path to
 * import from: raw upload in browser mode, base64 over IPC on desktop (a dropped file has no path
 * a sandboxed renderer may read).
 */
export async function stageFile(file: File): Promise<StagedFile> {
  if (!isDesktop()) return uploadFile(file);
  const bytes = new Uint8Array(await file.arrayBuffer());
  return invoke('imports.stage', { name: file.name, dataBase64: toBase64(bytes) });
}

/** The mapping as the contract takes it: fields, `item:CODE` for wide-layout item columns, or null. */
export function toApiMapping(mapping: ColumnMapping): ApiMapping {
  return mapping as ApiMapping;
}

/** Hand corrections the undo of the last import would replace: asked only while the confirmation is open. */
export function useUndoCheck(enabled: boolean) {
  return useApiQuery('imports.undoCheck', {}, { enabled, staleTime: 0 });
}

/** `force`: the user confirmed replacing the corrections the check listed. */
export function useUndoImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ force }: { force: boolean }) => invoke('imports.undo', force ? { force: true } : {}),
    onSuccess: () => invalidateWorkspaceData(client),
  });
}
