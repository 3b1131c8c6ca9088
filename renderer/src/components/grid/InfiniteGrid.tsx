/**
 * ag-grid's INFINITE row model over a server-paged source: the grid asks for blocks of rows as the
 * user scrolls (`fetchRows({ startRow, endRow, sortModel })`), so a table of a million rows never
 * sits in the page. Sorting is done by the server (the sort model goes with each block); filters
 * live outside the grid and change `refreshKey`, which resets the grid to its first block.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, GridReadyEvent, IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { SortModelEntry } from '../../../../shared/api-types.js';
import { ApiError } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { ErrorBanner, Skeleton } from '../states/index.js';
import { ensureGridModules, gridAnimations, gridKeyboard, gridLocaleText, gridTheme } from './grid-setup.js';
import { followCellLinkOnEnter } from './cell-links.js';
import { GridFrame, type GridToolbarOptions } from './GridFrame.js';
import { forgetEarlyBlocks, requestEarly, takeEarly } from './early-blocks.js';
import { useColumnState } from './use-column-state.js';
import { markOnce } from '../../perf.js';

ensureGridModules();

export interface BlockRequest {
  startRow: number;
  endRow: number;
  sortModel: SortModelEntry[];
}

export interface Block<Row> {
  rows: Row[];
  /** Total rows for the current filters (ag-grid's `lastRow`). */
  lastRow: number;
}

export interface InfiniteGridProps<Row> extends GridToolbarOptions {
  ariaLabel: string;
  columnDefs: ColDef<Row>[];
  /** Fetches one block; called by the grid as the user scrolls. */
  fetchRows: (request: BlockRequest) => Promise<Block<Row>>;
  /** Changes whenever the rows must be fetched again from the start (filters, language). */
  refreshKey: string;
  /** Told the total row count after each block (null while unknown). */
  onRowCount?: (count: number | null) => void;
  /** Told the sort model whenever it changes (for server-side exports of the same view). */
  onSortModel?: (sortModel: SortModelEntry[]) => void;
  stateKey?: string;
  height?: number | string;
  /** Rows per block (default 100). */
  blockSize?: number;
  getRowId?: (row: Row) => string;
  onApiReady?: (api: GridApi<Row>) => void;
  testId?: string;
}

export function InfiniteGrid<Row>(props: InfiniteGridProps<Row>): React.JSX.Element {
  const { lang } = useI18n();
  const { ariaLabel, columnDefs, refreshKey, onRowCount, onSortModel, stateKey, height = '100%', blockSize = 100, getRowId, onApiReady, testId } = props;
  const [api, setApi] = useState<GridApi<Row> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const columnState = useColumnState(stateKey, lang);
  if (columnState.ready) markOnce('grid-mount');
  const localeText = useMemo(() => gridLocaleText(lang), [lang]);
  const fetchRef = useRef(props.fetchRows);
  fetchRef.current = props.fetchRows;
  const countRef = useRef(onRowCount);
  countRef.current = onRowCount;

  // The first block is asked for as soon as the saved columns (hence the sort) are known, while
  // ag-grid is still being created (a few hundred ms on a slow machine), instead of after it.
  const gridId = stateKey ?? ariaLabel;
  if (columnState.ready && api === null) {
    const request: BlockRequest = { startRow: 0, endRow: blockSize, sortModel: columnState.initialState?.sort?.sortModel ?? [] };
    requestEarly(gridId, blockKey(gridId, refreshKey, request), () => props.fetchRows(request));
  }

  // A new datasource object makes the grid drop its cache and start again from row 0.
  const datasource = useMemo<IDatasource>(() => ({
    getRows: (params: IGetRowsParams) => {
      markOnce('grid-first-request');
      const sortModel = params.sortModel.map((entry) => ({ colId: entry.colId, sort: entry.sort }));
      const request: BlockRequest = { startRow: params.startRow, endRow: params.endRow, sortModel };
      (takeEarly<Block<Row>>(blockKey(gridId, refreshKey, request)) ?? fetchRef.current(request))
        .then((block) => {
          setError(null);
          markOnce('grid-first-block');
          countRef.current?.(block.lastRow);
          params.successCallback(block.rows, block.lastRow);
        })
        .catch((cause: unknown) => {
          setError(ApiError.from(cause));
          params.failCallback();
        });
    },
    // refreshKey is the reason to rebuild (gridId names the grid's cached blocks and does not
    // change under a live grid); the fetcher itself is read from a ref at call time.
  }), [refreshKey, gridId]);

  useEffect(() => {
    countRef.current?.(null);
  }, [refreshKey]);
  useEffect(() => () => forgetEarlyBlocks(gridId), [gridId]);

  const defaultColDef = useMemo<ColDef<Row>>(() => ({ sortable: true, resizable: true, filter: false, minWidth: 70, suppressHeaderMenuButton: false }), []);

  // The sort can come from the remembered state, without any sort event: told at creation too.
  const reportSort = (gridApi: GridApi<Row>): void => {
    onSortModel?.(gridApi.getColumnState().filter((c) => c.sort).sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0)).map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' })));
  };
  const onGridReady = (event: GridReadyEvent<Row>): void => {
    markOnce('grid-ready');
    setApi(event.api);
    reportSort(event.api);
    onApiReady?.(event.api);
  };
  const persist = (): void => {
    if (api) columnState.save(api as GridApi);
  };

  return (
    <GridFrame
      api={api as GridApi | null}
      options={{ ...props, canResetColumns: Boolean(stateKey) && props.canResetColumns !== false }}
      onResetColumns={() => api && columnState.reset(api as GridApi)}
      height={height}
      testId={testId}
    >
      {error && <div style={{ marginBottom: 8 }}><ErrorBanner error={error} onRetry={() => api?.refreshInfiniteCache()} /></div>}
      {columnState.ready ? (
        <div style={{ height: '100%' }} role="region" aria-label={ariaLabel}>
          <AgGridReact<Row>
            key={lang}
            theme={gridTheme}
            rowModelType="infinite"
            datasource={datasource}
            initialState={columnState.initialState}
            cacheBlockSize={blockSize}
            maxBlocksInCache={20}
            infiniteInitialRowCount={1}
            maxConcurrentDatasourceRequests={2}
            rowBuffer={4}
            blockLoadDebounceMillis={60}
            columnDefs={columnDefs}
            defaultColDef={defaultColDef}
            localeText={localeText}
            animateRows={gridAnimations()}
            getRowId={getRowId ? (params) => getRowId(params.data) : undefined}
            enableCellTextSelection
            ensureDomOrder
            {...gridKeyboard}
            tooltipShowDelay={400}
            onGridReady={onGridReady}
            onCellKeyDown={followCellLinkOnEnter}
            onSortChanged={(event) => {
              persist();
              reportSort(event.api);
            }}
            onColumnMoved={(event) => event.finished && persist()}
            onColumnResized={(event) => event.finished && persist()}
            onColumnVisible={persist}
            onColumnPinned={persist}
          />
        </div>
      ) : (
        <Skeleton lines={8} />
      )}
    </GridFrame>
  );
}

function blockKey(gridId: string, refreshKey: string, request: BlockRequest): string {
  return JSON.stringify([gridId, refreshKey, request.startRow, request.endRow, request.sortModel]);
}
