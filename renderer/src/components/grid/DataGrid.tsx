/**
 * ag-grid over rows already in memory (small lists: import problems, history, rankings).
 * Sortable and filterable columns by default, French widget texts, the barometer theme, optional
 * persisted column state and CSV export of the current view. Large tables use InfiniteGrid.
 */
import { useMemo, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GetRowIdFunc, GridApi, GridReadyEvent, RowClassParams } from 'ag-grid-community';
import { useI18n } from '../../i18n/index.js';
import { Skeleton } from '../states/index.js';
import { ensureGridModules, gridAnimations, gridKeyboard, gridLocaleText, gridTheme } from './grid-setup.js';
import { followCellLinkOnEnter } from './cell-links.js';
import { GridFrame, type GridToolbarOptions } from './GridFrame.js';
import { useColumnState } from './use-column-state.js';

ensureGridModules();

export interface DataGridProps<Row> extends GridToolbarOptions {
  /** Accessible name of the grid (read by screen readers). */
  ariaLabel: string;
  rowData: Row[] | undefined;
  columnDefs: ColDef<Row>[];
  /** Persist the column state under `grid.<stateKey>` in the workspace's settings. */
  stateKey?: string;
  /** Total height of toolbar + grid (default 420 px). */
  height?: number | string;
  /** Text typed in a quick-search box: filters every column. */
  quickFilterText?: string;
  getRowId?: GetRowIdFunc<Row>;
  getRowClass?: (params: RowClassParams<Row>) => string | string[] | undefined;
  defaultColDef?: ColDef<Row>;
  /** Shows the grid's own loading overlay. */
  loading?: boolean;
  onApiReady?: (api: GridApi<Row>) => void;
  testId?: string;
}

export function DataGrid<Row>(props: DataGridProps<Row>): React.JSX.Element {
  const { lang } = useI18n();
  const { ariaLabel, rowData, columnDefs, stateKey, height = 420, quickFilterText, getRowId, getRowClass, loading, onApiReady, testId } = props;
  const [api, setApi] = useState<GridApi<Row> | null>(null);
  const columnState = useColumnState(stateKey, lang);
  const localeText = useMemo(() => gridLocaleText(lang), [lang]);
  const defaultColDef = useMemo<ColDef<Row>>(() => ({ sortable: true, filter: true, resizable: true, minWidth: 80, ...props.defaultColDef }), [props.defaultColDef]);

  const onGridReady = (event: GridReadyEvent<Row>): void => {
    setApi(event.api);
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
      {columnState.ready ? (
        <div style={{ height: '100%' }} role="region" aria-label={ariaLabel}>
          <AgGridReact<Row>
            // The locale is read once at creation: a new key rebuilds the grid when the language changes.
            key={lang}
            theme={gridTheme}
            rowData={rowData}
            initialState={columnState.initialState}
            columnDefs={columnDefs}
            defaultColDef={defaultColDef}
            localeText={localeText}
            animateRows={gridAnimations()}
            quickFilterText={quickFilterText}
            getRowId={getRowId}
            getRowClass={getRowClass}
            loading={loading ?? rowData === undefined}
            enableCellTextSelection
            ensureDomOrder
            {...gridKeyboard}
            tooltipShowDelay={400}
            onGridReady={onGridReady}
            onCellKeyDown={followCellLinkOnEnter}
            onSortChanged={persist}
            onColumnMoved={(event) => event.finished && persist()}
            onColumnResized={(event) => event.finished && persist()}
            onColumnVisible={persist}
            onColumnPinned={persist}
          />
        </div>
      ) : (
        <Skeleton lines={6} />
      )}
    </GridFrame>
  );
}
