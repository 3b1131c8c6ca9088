/**
 * The one place ag-grid is configured: community modules only, the barometer theme (theming API,
 * themeQuartz with the app's palette), French widget texts, and the "no animation" rule (tests and
 * users who prefer reduced motion).
 */
import {
  CellStyleModule, ClientSideRowModelModule, ColumnApiModule, ColumnAutoSizeModule, CsvExportModule, DateFilterModule, EventApiModule, GridStateModule,
  InfiniteRowModelModule, LargeTextEditorModule, LocaleModule, ModuleRegistry, NumberEditorModule, NumberFilterModule, QuickFilterModule, RowApiModule,
  RowAutoHeightModule, RowStyleModule, ScrollApiModule, SelectEditorModule, TextEditorModule, TextFilterModule, TooltipModule, themeQuartz,
  type Module,
} from 'ag-grid-community';
import type { Lang } from '../../../../shared/domain.js';
import { AG_GRID_LOCALE_FR } from './locale-fr.js';

/**
 * The community modules the app's grids use, and only those (not `AllCommunityModule`): every
 * module registered adds its services to each grid created, and its code to the grid's chunk.
 * With this list the chunk is a third smaller and a grid is created faster (issue 11). A feature
 * whose module is missing does not work and ag-grid says so in the console (error #200): the e2e
 * suites, which fail on console errors, go through every grid of the app (test/e2e/grid-modules).
 */
export const GRID_MODULES: readonly Module[] = [
  ClientSideRowModelModule, // rows in memory: DataGrid, the Scores grid
  InfiniteRowModelModule, // server-paged rows: InfiniteGrid (Explorer)
  TextFilterModule, NumberFilterModule, DateFilterModule, // DataGrid's column filters (`filter: true`, agNumberColumnFilter)
  QuickFilterModule, // search boxes (quickFilterText)
  TextEditorModule, NumberEditorModule, SelectEditorModule, LargeTextEditorModule, // corrections in the Explorer
  CellStyleModule, RowStyleModule, // cellStyle / cellClassRules, getRowClass
  RowAutoHeightModule, // wrapped import messages (autoHeight)
  TooltipModule, // tooltipField, headerTooltip
  LocaleModule, // French widget texts
  GridStateModule, // initialState (remembered columns and sort)
  ColumnApiModule, RowApiModule, ScrollApiModule, EventApiModule, // column state, chooser, row reads, ensureColumnVisible, listeners
  ColumnAutoSizeModule, // double-click on a column's edge fits it to its content
  CsvExportModule, // « Exporter en CSV » of the grids' toolbar
];

let registered = false;
export function ensureGridModules(): void {
  if (registered) return;
  ModuleRegistry.registerModules([...GRID_MODULES]);
  registered = true;
}

export const gridTheme = themeQuartz.withParams({
  accentColor: '#1d4f91',
  backgroundColor: '#ffffff',
  foregroundColor: '#1f2a3a',
  borderColor: '#dfe5ee',
  browserColorScheme: 'light',
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fontSize: 13,
  headerFontSize: 12.5,
  headerFontWeight: 650,
  headerBackgroundColor: '#f3f6fa',
  headerTextColor: '#33415a',
  oddRowBackgroundColor: '#fafbfd',
  rowHoverColor: '#eef4fc',
  selectedRowBackgroundColor: '#e3edfa',
  rowHeight: 34,
  headerHeight: 38,
  spacing: 6,
  cellHorizontalPadding: 10,
  wrapperBorderRadius: 8,
  borderRadius: 4,
  rangeSelectionBorderColor: '#0b63ce',
});

export function gridLocaleText(lang: Lang): Record<string, string> | undefined {
  return lang === 'fr' ? { ...AG_GRID_LOCALE_FR } : undefined;
}

/**
 * Tab and Shift+Tab leave the grid instead of visiting every cell (crossing the Scores grid took
 * 968 presses): the browser moves focus to the next or previous control of the page; inside the
 * grid, the arrow keys move from cell to cell and from the header to the rows. Spread on every
 * AgGridReact of the app.
 */
export const gridKeyboard = {
  tabToNextCell: (): false => false,
  tabToNextHeader: (): false => false,
} as const;

/** Row animations are off in tests (stable screenshots) and for users who prefer reduced motion. */
export function gridAnimations(): boolean {
  if (typeof window === 'undefined') return false;
  if (window.__BAROMETER_TEST__) return false;
  return !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}

/** CSV in the user's conventions: `;` separates columns for French spreadsheets. */
export function csvSeparator(lang: Lang): string {
  return lang === 'fr' ? ';' : ',';
}
