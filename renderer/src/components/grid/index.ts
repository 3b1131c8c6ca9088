/** The grid wrapper: views import from here, never from ag-grid directly for setup. */
export { DataGrid, type DataGridProps } from './DataGrid.js';
export { InfiniteGrid, type InfiniteGridProps, type Block, type BlockRequest } from './InfiniteGrid.js';
export { exportGridCsv, type GridToolbarOptions } from './GridFrame.js';
export { gridTheme, gridLocaleText, gridAnimations, gridKeyboard, ensureGridModules, csvSeparator } from './grid-setup.js';
export { useColumnState, gridSettingKey } from './use-column-state.js';
