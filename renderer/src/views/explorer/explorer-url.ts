/**
 * The Explorer's table and filters kept in the address (`#/explorer?tab=observations&edition=2024
 * &channel=email`): a reload, a bookmark or a link from another view (the Fiche structure's
 * "see its audits") opens the same rows. Parsed leniently: an unknown key or a malformed value is
 * dropped, never an error.
 */
import type { ExplorerFilters } from '../../../../shared/api-types.js';
import type { ExplorerTable } from '../../api/queries/explorer.js';

export interface ExplorerLocation {
  table: ExplorerTable;
  filters: ExplorerFilters;
  /**
   * Whether the address chose the edition (a year, or `edition=all` for every edition); if not,
   * the edition selected in the top bar applies.
   */
  editionChosen: boolean;
}

/** Text filters, in the order they are written to the address. */
const TEXT_KEYS = ['category', 'sector', 'region', 'departement', 'channel', 'step', 'determinant', 'item', 'structure', 'search'] as const;
const MAX_LENGTH = 200;
const ALL_EDITIONS = 'all';

export function explorerLocationOf(params: URLSearchParams): ExplorerLocation {
  const filters: ExplorerFilters = {};
  const edition = params.get('edition');
  if (edition !== null && /^\d{4}$/.test(edition)) filters.edition = Number(edition);
  const editionChosen = filters.edition !== undefined || edition === ALL_EDITIONS;
  for (const key of TEXT_KEYS) {
    const value = params.get(key)?.trim();
    if (value && value.length <= MAX_LENGTH) filters[key] = value;
  }
  return { table: params.get('tab') === 'observations' ? 'observations' : 'audits', filters, editionChosen };
}

/**
 * The query string for a table and its filters (`tab` only when not the default; the edition
 * always, `all` when none is filtered, so that choice survives a reload too).
 */
export function explorerQueryOf({ table, filters }: Pick<ExplorerLocation, 'table' | 'filters'>): string {
  const params = new URLSearchParams();
  if (table !== 'audits') params.set('tab', table);
  params.set('edition', filters.edition === undefined ? ALL_EDITIONS : String(filters.edition));
  for (const key of TEXT_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  return params.toString();
}

/** `#/explorer?…` for links from other views. */
export function explorerHref(location: Pick<ExplorerLocation, 'table' | 'filters'>): string {
  const query = explorerQueryOf(location);
  return `#/explorer${query ? `?${query}` : ''}`;
}

/**
 * A location without an edition of its own takes the top bar's; so does one naming an edition the
 * workspace does not have (an old bookmark, another workspace's link). `edition=all` stays.
 */
export function withEdition(location: ExplorerLocation, edition: number | null, known: readonly number[]): ExplorerLocation {
  const chosen = location.filters.edition;
  if (location.editionChosen && (chosen === undefined || known.includes(chosen))) return location;
  const filters: ExplorerFilters = { ...location.filters };
  delete filters.edition;
  if (edition !== null) filters.edition = edition;
  return { ...location, editionChosen: false, filters };
}
