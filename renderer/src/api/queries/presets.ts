/** Named column mappings saved from the Import view. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ColumnMapping } from '../../../../shared/columns.js';
import { invoke } from '../client.js';
import { invalidateApi, useApiQuery } from '../query.js';
import { toApiMapping } from './imports.js';

export function usePresets() {
  return useApiQuery('presets.list', {});
}

export function useSavePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, mapping }: { name: string; mapping: ColumnMapping }) => invoke('presets.save', { name, mapping: toApiMapping(mapping) }),
    onSuccess: () => invalidateApi(client, 'presets'),
  });
}

export function useDeletePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => invoke('presets.delete', { name }),
    onSuccess: () => invalidateApi(client, 'presets'),
  });
}
