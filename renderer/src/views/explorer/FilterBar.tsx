/** The Explorer's filters: dropdowns fed by `explorer.facets`, and a debounced quick search. */
import { useEffect, useState } from 'react';
import type { ExplorerFacets, ExplorerFilters } from '../../../../shared/api-types.js';
import { useStructureSearch } from '../../api/queries/explorer.js';
import { SelectField, TextField } from '../../components/ui/Select.js';
import { SearchableSelect } from '../../components/ui/SearchableSelect.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';

type SelectKey = 'category' | 'departement' | 'region' | 'sector' | 'channel' | 'step' | 'determinant' | 'item';
/** Lists long enough to be typed into (« rhone », « tel 02 »); the short ones stay plain selects. */
const TYPEABLE: ReadonlySet<SelectKey> = new Set(['region', 'departement', 'item']);
const SELECTS: ReadonlyArray<{ key: SelectKey; facet: keyof Omit<ExplorerFacets, 'editions'> }> = [
  { key: 'category', facet: 'categories' },
  { key: 'sector', facet: 'sectors' },
  { key: 'region', facet: 'regions' },
  { key: 'departement', facet: 'departements' },
  { key: 'channel', facet: 'channels' },
  { key: 'step', facet: 'steps' },
  { key: 'determinant', facet: 'determinants' },
  { key: 'item', facet: 'items' },
];

export function FilterBar({ filters, facets, onChange }: {
  filters: ExplorerFilters;
  facets: ExplorerFacets | undefined;
  onChange: (filters: ExplorerFilters) => void;
}): React.JSX.Element {
  const { t } = useI18n();
  const [search, setSearch] = useState(filters.search ?? '');

  // Debounced: one request when the user pauses typing, not one per key.
  useEffect(() => {
    const trimmed = search.trim();
    if ((filters.search ?? '') === trimmed) return undefined;
    const timer = window.setTimeout(() => onChange({ ...filters, search: trimmed || undefined }), 300);
    return () => window.clearTimeout(timer);
  }, [search, filters, onChange]);

  useEffect(() => {
    if (filters.search === undefined) setSearch('');
  }, [filters.search]);

  const set = (key: keyof ExplorerFilters, value: string): void => {
    const next: ExplorerFilters = { ...filters };
    if (value === '') delete next[key];
    else if (key === 'edition') next.edition = Number(value);
    else next[key as Exclude<keyof ExplorerFilters, 'edition'>] = value;
    onChange(next);
  };
  const active = Object.entries(filters).filter(([, value]) => value !== undefined && value !== '').length;

  return (
    <div className="filter-bar" role="search" aria-label={t('explorer.filters')} data-testid="filter-bar">
      <SelectField
        label={t('explorer.filter.edition')}
        value={filters.edition === undefined ? '' : String(filters.edition)}
        options={(facets?.editions ?? []).map((year) => ({ value: String(year), label: String(year) }))}
        emptyLabel={t('common.all')}
        onChange={(value) => set('edition', value)}
        size="sm"
        testId="filter-edition"
      />
      {SELECTS.map(({ key, facet }) => (TYPEABLE.has(key) ? (
        <SearchableSelect
          key={key}
          label={t(`explorer.filter.${key}` as MessageKey)}
          value={filters[key] ?? ''}
          options={facets?.[facet] ?? []}
          emptyLabel={t('common.all')}
          noResult={t('explorer.filter.noMatch')}
          onChange={(value) => set(key, value)}
          testId={`filter-${key}`}
        />
      ) : (
        <SelectField
          key={key}
          label={t(`explorer.filter.${key}` as MessageKey)}
          value={filters[key] ?? ''}
          options={facets?.[facet] ?? []}
          emptyLabel={t('common.all')}
          onChange={(value) => set(key, value)}
          size="sm"
          testId={`filter-${key}`}
        />
      )))}
      {filters.structure && <StructureChip code={filters.structure} edition={filters.edition ?? null} onRemove={() => set('structure', '')} />}
      <TextField
        className="filter-search"
        label={t('explorer.filter.search')}
        type="search"
        value={search}
        placeholder={t('explorer.filter.searchPlaceholder')}
        onChange={setSearch}
        testId="filter-search"
      />
      <div className="field filter-clear">
        <span className="field-label" aria-hidden="true">&nbsp;</span>
        <button type="button" className="btn btn-sm btn-ghost" disabled={active === 0} onClick={() => { setSearch(''); onChange({}); }}>
          {t('explorer.filter.clear')}{active > 0 ? ` (${active})` : ''}
        </button>
      </div>
    </div>
  );
}

/** The structure filter (set by a link from its Fiche): shown with the structure's name, removable. */
function StructureChip({ code, edition, onRemove }: { code: string; edition: number | null; onRemove: () => void }): React.JSX.Element {
  const { t } = useI18n();
  const match = useStructureSearch(code, edition, 5);
  const name = match.data?.find((structure) => structure.code === code)?.name;
  const label = name ? `${name} (${code})` : code;
  return (
    <div className="field filter-structure">
      <span className="field-label">{t('explorer.filter.structure')}</span>
      <button type="button" className="filter-chip" onClick={onRemove} aria-label={t('explorer.filter.removeStructure', { name: label })} data-testid="filter-structure">
        <span className="filter-chip__text" title={label}>{label}</span>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
