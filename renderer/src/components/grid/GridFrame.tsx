/** The toolbar + grid box shared by DataGrid and InfiniteGrid. */
import type { ReactNode } from 'react';
import type { GridApi } from 'ag-grid-community';
import { csvSafeText } from '../../../../shared/safe-text.js';
import { csvCell } from './csv-cell.js';
import { useI18n } from '../../i18n/index.js';
import { Icon } from '../ui/Icon.js';
import { csvSeparator } from './grid-setup.js';
import { ColumnChooser } from './ColumnChooser.js';

export interface GridToolbarOptions {
  /** Controls on the left of the toolbar (filters, tabs…). */
  toolbar?: ReactNode;
  /** Extra buttons on the right, before the CSV button. */
  actions?: ReactNode;
  /** When set, a "Exporter la vue (CSV)" button exports the rows as shown (sort, columns) to this file. */
  exportFileName?: string;
  /** Text beside the buttons, e.g. the row count. */
  status?: ReactNode;
  /** Shows "Colonnes par défaut" (only meaningful with a persisted column state). */
  canResetColumns?: boolean;
}

/**
 * Downloads the grid's current view as CSV (`;` in French), through ag-grid community's exporter,
 * with the same guard as every file the app writes: text a spreadsheet would take for a formula
 * stays text (numbers the grid formats itself are numbers, never prefixed).
 */
export function exportGridCsv(api: GridApi, fileName: string, lang: 'fr' | 'en'): void {
  api.exportDataAsCsv({
    fileName: fileName.endsWith('.csv') ? fileName : `${fileName}.csv`,
    columnSeparator: csvSeparator(lang),
    processCellCallback: csvCell,
    processHeaderCallback: (p) => csvSafeText(p.api.getDisplayNameForColumn(p.column, 'csv') ?? ''),
  });
}

export function GridFrame({ api, options, onResetColumns, height, children, testId }: {
  api: GridApi | null;
  options: GridToolbarOptions;
  onResetColumns: () => void;
  height: number | string;
  children: ReactNode;
  testId?: string;
}): React.JSX.Element {
  const { t, lang } = useI18n();
  const { toolbar, actions, exportFileName, status, canResetColumns } = options;
  const showBar = Boolean(toolbar || actions || exportFileName || status || canResetColumns);
  return (
    <div className="grid-frame" style={{ height }} data-testid={testId}>
      {showBar && (
        <div className="grid-toolbar">
          {toolbar}
          <div className="grow" />
          {status && <span className="muted nowrap" aria-live="polite">{status}</span>}
          {canResetColumns && <ColumnChooser api={api} />}
          {canResetColumns && (
            <button type="button" className="btn btn-sm btn-ghost" onClick={onResetColumns} disabled={!api}>{t('common.resetColumns')}</button>
          )}
          {actions}
          {exportFileName && (
            <button type="button" className="btn btn-sm" disabled={!api} onClick={() => api && exportGridCsv(api, exportFileName, lang)} data-testid="export-csv">
              <Icon name="download" size={15} />{t('common.exportCsv')}
            </button>
          )}
        </div>
      )}
      <div className="grid-box">{children}</div>
    </div>
  );
}
