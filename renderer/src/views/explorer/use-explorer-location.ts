/**
 * The Explorer's table and filters as state that lives in the address (`#/explorer?…`, replaced,
 * not pushed: Back leaves the Explorer) and in the session (the Explorer opened again from the
 * menu comes back on them). The edition chosen in the top bar drives the edition filter, except
 * when the address chose one.
 */
import { useEffect, useRef, useState } from 'react';
import type { ExplorerFilters } from '../../../../shared/api-types.js';
import type { ExplorerTable } from '../../api/queries/explorer.js';
import { useRoute } from '../../state/router.js';
import { explorerLocationOf, explorerQueryOf, withEdition } from './explorer-url.js';

const LAST_QUERY_KEY = 'barometer.explorer.query';

function rememberQuery(query: string): void {
  try {
    window.sessionStorage.setItem(LAST_QUERY_KEY, query);
  } catch {
    // Storage refused (private mode): the address still carries the filters.
  }
}

function lastQuery(): string {
  try {
    return window.sessionStorage.getItem(LAST_QUERY_KEY) ?? '';
  } catch {
    return '';
  }
}

export interface ExplorerLocationState {
  table: ExplorerTable;
  setTable: (table: ExplorerTable) => void;
  filters: ExplorerFilters;
  setFilters: (filters: ExplorerFilters) => void;
}

/**
 * `edition` (the top bar's) and `known` (the workspace's editions) must be loaded when the hook
 * first runs: they seed the first filters.
 */
export function useExplorerLocation(edition: number | null, known: readonly number[]): ExplorerLocationState {
  const route = useRoute();
  const [start] = useState(() => withEdition(explorerLocationOf(route.params.toString() === '' ? new URLSearchParams(lastQuery()) : route.params), edition, known));
  const [table, setTable] = useState<ExplorerTable>(start.table);
  const [filters, setFilters] = useState<ExplorerFilters>(start.filters);

  // A new edition in the top bar applies, unless the address chose the edition and the top bar is
  // only settling on its default as the page loads.
  const previousEdition = useRef(edition);
  useEffect(() => {
    const previous = previousEdition.current;
    previousEdition.current = edition;
    if (edition === null || (start.editionChosen && (previous === null || previous === edition))) return;
    setFilters((current) => (current.edition === edition ? current : { ...current, edition }));
  }, [edition, start.editionChosen]);

  const query = explorerQueryOf({ table, filters });
  const written = useRef(query);
  useEffect(() => {
    written.current = query;
    rememberQuery(query);
    const target = `#/explorer?${query}`;
    if (window.location.hash !== target) window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${target}`);
  }, [query]);

  // A link to other filters while the Explorer is open (`#/explorer?…` from elsewhere) applies them.
  const routeQuery = route.params.toString();
  const editionNow = useRef({ edition, known });
  editionNow.current = { edition, known };
  useEffect(() => {
    if (routeQuery === '' || routeQuery === written.current) return;
    const next = withEdition(explorerLocationOf(new URLSearchParams(routeQuery)), editionNow.current.edition, editionNow.current.known);
    setTable(next.table);
    setFilters(next.filters);
  }, [routeQuery]);

  return { table, setTable, filters, setFilters };
}
