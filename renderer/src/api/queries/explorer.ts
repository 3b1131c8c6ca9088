/**
 * The Explorer's data: facets for the filter bar, and page fetchers for ag-grid's infinite row
 * model (never the whole table), plus the xlsx export of the current filter.
 */
import { useMutation } from '@tanstack/react-query';
import type { ExplorerFilters, ExplorerPage, AuditRow, ObservationRow, SortModelEntry } from '../../../../shared/api-types.js';
import type { Lang } from '../../../../shared/domain.js';
import { invoke } from '../client.js';
import { useApiQuery } from '../query.js';

export type ExplorerTable = 'audits' | 'observations';

export function useExplorerFacets(edition: number | null, lang: Lang, enabled = true) {
  return useApiQuery(
    'explorer.facets',
    { ...(edition === null ? {} : { edition }), lang },
    { keepPrevious: true, enabled },
  );
}

export function useStructureSearch(search: string, edition: number | null, limit = 50, markAudited = false, enabled = true) {
  return useApiQuery(
    'explorer.structures',
    { ...(search ? { search } : {}), ...(edition === null ? {} : { edition }), ...(markAudited ? { markAudited } : {}), limit },
    { keepPrevious: true, enabled },
  );
}

export interface PageRequest {
  startRow: number;
  endRow: number;
  sortModel: SortModelEntry[];
  filters: ExplorerFilters;
  lang: Lang;
}

export function fetchAuditsPage(request: PageRequest): Promise<ExplorerPage<AuditRow>> {
  return invoke('explorer.audits', request);
}

export function fetchObservationsPage(request: PageRequest): Promise<ExplorerPage<ObservationRow>> {
  return invoke('explorer.observations', request);
}

export function useExplorerExport() {
  return useMutation({
    mutationFn: (input: { table: ExplorerTable; filters: ExplorerFilters; sortModel: SortModelEntry[]; columns?: string[]; lang: Lang }) =>
      invoke('explorer.export', input),
  });
}
