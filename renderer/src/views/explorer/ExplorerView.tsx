/**
 * Explorer: audits and observations in ag-grid's infinite row model, paged from SQLite by the
 * `explorer.*` methods (only the visible blocks are ever in the page), filtered by the filter bar,
 * sorted by the server, column state remembered, exported as CSV (loaded rows, by the grid) or as
 * Excel (every row of the current filter, written by the main side). In the observations table the
 * answer, measure and comment can be corrected in place (observation-corrections.tsx).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditRow, ExplorerFilters, ObservationRow, SortModelEntry } from '../../../../shared/api-types.js';
import { fetchAuditsPage, fetchObservationsPage, useExplorerExport, useExplorerFacets, type ExplorerTable } from '../../api/queries/explorer.js';
import { openOrDownload } from '../../api/queries/exports.js';
import { useWorkspaceInfo } from '../../api/queries/workspace.js';
import { InfiniteGrid, type BlockRequest } from '../../components/grid/index.js';
import { Page, PageHeader } from '../../components/layout/PageHeader.js';
import { Banner, EmptyState, ErrorBanner, Skeleton } from '../../components/states/index.js';
import { Icon } from '../../components/ui/Icon.js';
import { useI18n } from '../../i18n/index.js';
import { useEdition } from '../../state/edition.js';
import { auditColumns, observationColumns } from './columns.js';
import { FilterBar } from './FilterBar.js';
import { EXPLORER_GRID_KEYS } from './grid-keys.js';
import { useExplorerLocation } from './use-explorer-location.js';
import { useObservationCorrections } from './observation-corrections.js';
import './explorer.css';

const TABLES: readonly ExplorerTable[] = ['audits', 'observations'];
export default function ExplorerView(): React.JSX.Element {
  const { t } = useI18n();
  const { loading: editionLoading } = useEdition();
  const workspace = useWorkspaceInfo();

  const hasAudits = (workspace.data?.editions ?? []).some((e) => e.audits > 0);
  if (workspace.isPending || editionLoading) return <Page><Skeleton lines={2} /><Skeleton block lines={6} /></Page>;
  if (workspace.isError) return <Page><ErrorBanner error={workspace.error} onRetry={() => void workspace.refetch()} /></Page>;
  if (!hasAudits) {
    return (
      <Page testId="view-explorer">
        <PageHeader title={t('explorer.title')} subtitle={t('explorer.subtitle')} />
        <div className="card">
          <EmptyState icon="table" title={t('explorer.emptyTitle')} text={t('explorer.emptyText')} actions={<a className="btn btn-primary" href="#/import">{t('home.goImport')}</a>} />
        </div>
      </Page>
    );
  }
  return <ExplorerTables />;
}

/**
 * The tables and their filters, mounted once the workspace and its selected edition are known:
 * the first filters (hence the first block, fetched early) are the right ones from the start.
 */
function ExplorerTables(): React.JSX.Element {
  const i18n = useI18n();
  const { t, lang, fmt } = i18n;
  const { edition, editions } = useEdition();
  const known = useMemo(() => editions.map((e) => e.year), [editions]);
  const { table, setTable, filters, setFilters } = useExplorerLocation(edition, known);
  const [count, setCount] = useState<number | null>(null);
  const [sortModel, setSortModel] = useState<SortModelEntry[]>([]);
  // The filter lists (hundreds of options) wait for the first rows: drawn while the grid starts,
  // they delayed the rows the analyst opened the view for. They come at once when a list filter is
  // already set (its select must show its label), and after 1,5 s at the latest (a failed block).
  const [rowsShown, setRowsShown] = useState(false);
  const listFilterSet = Object.entries(filters).some(([key, value]) => key !== 'edition' && key !== 'search' && key !== 'structure' && value !== undefined);
  const facets = useExplorerFacets(filters.edition ?? null, lang, rowsShown || listFilterSet);
  const onRowCount = useCallback((next: number | null) => {
    setCount(next);
    if (next !== null) setRowsShown(true);
  }, []);
  useEffect(() => {
    const timer = window.setTimeout(() => setRowsShown(true), 1500);
    return () => window.clearTimeout(timer);
  }, []);
  const exporter = useExplorerExport();
  // The "workbook written" message speaks of the rows it was written for: gone once they change.
  const resetExport = exporter.reset;
  useEffect(() => resetExport(), [table, filters, resetExport]);

  const corrections = useObservationCorrections();
  const refreshKey = JSON.stringify({ table, filters, lang });
  const { wrapFetch, decorate } = corrections;
  const fetchRows = useCallback((request: BlockRequest) => {
    const page = { ...request, filters, lang };
    return table === 'audits' ? fetchAuditsPage(page) : wrapFetch((r) => fetchObservationsPage({ ...r, filters, lang }))(request);
  }, [table, filters, lang, wrapFetch]);

  const auditDefs = useMemo(() => auditColumns(i18n), [i18n]);
  const observationDefs = useMemo(() => decorate(observationColumns(i18n)), [i18n, decorate]);
  const onFilters = useCallback((next: ExplorerFilters) => setFilters(next), [setFilters]);

  const countText = count === null ? t('explorer.counting') : count === 1 ? t('explorer.countOne') : t('explorer.count', { count: fmt.integer(count) });

  const exportXlsx = (): void => {
    exporter.mutate({ table, filters, sortModel, lang }, { onSuccess: (file) => void openOrDownload(file) });
  };

  return (
    <Page fill testId="view-explorer">
      <PageHeader title={t('explorer.title')} subtitle={t('explorer.subtitle')} />
      <div className="explorer-card card">
        <div className="tabs" role="tablist" aria-label={t('explorer.tables')}>
          {TABLES.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-selected={table === name}
              aria-controls="explorer-panel"
              tabIndex={table === name ? 0 : -1}
              className="tab"
              onClick={() => { setTable(name); setCount(null); }}
              onKeyDown={(event) => {
                if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
                  const next = TABLES[(TABLES.indexOf(name) + 1) % TABLES.length] ?? 'audits';
                  setTable(next);
                  document.getElementById(`tab-${next}`)?.focus();
                }
              }}
              data-testid={`tab-${name}`}
            >
              {t(`explorer.tab.${name}`)}
            </button>
          ))}
        </div>
        <FilterBar filters={filters} facets={facets.data} onChange={onFilters} />
        {facets.isError && <ErrorBanner error={facets.error} />}
        {exporter.isError && <ErrorBanner error={exporter.error} />}
        {exporter.isSuccess && (
          <Banner tone="success" actions={<button type="button" className="btn btn-sm btn-ghost" onClick={() => exporter.reset()}>{t('common.close')}</button>}>
            {t('explorer.exported', { file: exporter.data.fileName })}
          </Banner>
        )}
        <div className="explorer-grid" id="explorer-panel" role="tabpanel" aria-labelledby={`tab-${table}`}>
          {count === 0 && <div className="explorer-nomatch" role="status">{t('explorer.noMatch')}</div>}
          {table === 'audits' ? (
            <InfiniteGrid<AuditRow>
              key="audits"
              ariaLabel={t('explorer.tab.audits')}
              columnDefs={auditDefs}
              fetchRows={fetchRows as (request: BlockRequest) => Promise<{ rows: AuditRow[]; lastRow: number }>}
              refreshKey={refreshKey}
              onRowCount={onRowCount}
              onSortModel={setSortModel}
              stateKey={EXPLORER_GRID_KEYS.audits}
              getRowId={(row) => String(row.id)}
              status={<span data-testid="row-count">{countText}</span>}
              exportFileName={`audits-${filters.edition ?? 'toutes-editions'}`}
              actions={<XlsxButton busy={exporter.isPending} onClick={exportXlsx} />}
              testId="explorer-grid"
            />
          ) : (
            <InfiniteGrid<ObservationRow>
              key="observations"
              ariaLabel={t('explorer.tab.observations')}
              columnDefs={observationDefs}
              fetchRows={fetchRows as (request: BlockRequest) => Promise<{ rows: ObservationRow[]; lastRow: number }>}
              refreshKey={refreshKey}
              onRowCount={onRowCount}
              onSortModel={setSortModel}
              stateKey={EXPLORER_GRID_KEYS.observations}
              onApiReady={corrections.onApiReady}
              status={<span data-testid="row-count">{countText}</span>}
              exportFileName={`observations-${filters.edition ?? 'toutes-editions'}`}
              actions={<XlsxButton busy={exporter.isPending} onClick={exportXlsx} />}
              testId="explorer-grid"
            />
          )}
        </div>
        {table === 'observations' && corrections.elements}
        <p className="subtle">{t('explorer.csvHint')}</p>
      </div>
    </Page>
  );
}

function XlsxButton({ busy, onClick }: { busy: boolean; onClick: () => void }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <button type="button" className="btn btn-sm" onClick={onClick} disabled={busy} data-testid="export-xlsx">
      <Icon name="download" size={15} />{busy ? t('explorer.exporting') : t('common.exportXlsx')}
    </button>
  );
}
