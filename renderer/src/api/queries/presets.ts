/** Named column mappings saved from the Import view. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ColumnMapping } from '../../../../shared/columns.js';
import { invoke } from '../client.js';
import { useApiQuery } from '../query.js';
import { toApiMapping } from './imports.js';

export const presetKeys = {
  all: ['presets'] as const,
  list: () => [...presetKeys.all, 'list'] as const,
};

export function usePresets() {
  return useApiQuery(presetKeys.list(), 'presets.list', {});
}

export function useSavePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, mapping }: { name: string; mapping: ColumnMapping }) => invoke('presets.save', { name, mapping: toApiMapping(mapping) }),
    onSuccess: () => client.invalidateQueries({ queryKey: presetKeys.all }),
  });
}

export function useDeletePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => invoke('presets.delete', { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: presetKeys.all }),
  });
}
