/**
 * The import history (ag-grid) and "Annuler le dernier import", behind a confirmation. The
 * confirmation first asks which hand corrections made since that import the undo would replace,
 * and lists them: confirming then undoes with `force` (they are marked undone in their history).
 */
import { useMemo, useState } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { Diff, ImportRecord, OverriddenCorrection } from '../../../../shared/import-types.js';
import { useImportHistory, useUndoCheck, useUndoImport } from '../../api/queries/imports.js';
import { DataGrid } from '../../components/grid/index.js';
import { Card } from '../../components/layout/PageHeader.js';
import { Banner, EmptyState, ErrorBanner, Skeleton } from '../../components/states/index.js';
import { ConfirmDialog } from '../../components/ui/Dialog.js';
import { Icon } from '../../components/ui/Icon.js';
import { useI18n } from '../../i18n/index.js';
import { kindLabel } from './labels.js';

// A handful of rows: sorting is enough, column filters would only crowd the headers.
const HISTORY_COLUMNS: ColDef<ImportRecord> = { filter: false };

/** Rows an import wrote: new and changed (a corrected file adds nothing but changes values). */
function written(diff: Diff | undefined): number | null {
  return diff ? diff.new + diff.changed : null;
}

function writtenText(diff: Diff | undefined, fmt: ReturnType<typeof useI18n>['fmt']): string {
  return diff ? `+${fmt.integer(diff.new)} ~${fmt.integer(diff.changed)}` : '—';
}

export function ImportHistory({ busy }: { busy: boolean }): React.JSX.Element {
  const { t, fmt } = useI18n();
  const history = useImportHistory();
  const undo = useUndoImport();
  const [confirming, setConfirming] = useState(false);
  const check = useUndoCheck(confirming);
  const lastActive = history.data?.find((record) => record.status === 'active') ?? null;
  const overridden = check.data?.corrections ?? [];

  const columnDefs = useMemo<ColDef<ImportRecord>[]>(() => [
    { field: 'importedAt', headerName: t('import.hist.date'), width: 150, valueFormatter: (p) => fmt.dateTime(p.value as string), sort: 'desc' },
    { field: 'fileName', headerName: t('import.hist.file'), flex: 2, minWidth: 200, tooltipField: 'fileName' },
    { field: 'kind', headerName: t('import.hist.kind'), flex: 1, minWidth: 140, valueFormatter: (p) => kindLabel(t, p.value as ImportRecord['kind']) },
    { field: 'edition', headerName: t('import.hist.edition'), width: 95 },
    { field: 'rowsRead', headerName: t('import.hist.rows'), width: 115, type: 'numericColumn', valueFormatter: (p) => fmt.integer(p.value as number) },
    { field: 'rowsRejected', headerName: t('import.hist.rejected'), width: 105, type: 'numericColumn', valueFormatter: (p) => fmt.integer(p.value as number) },
    { colId: 'audits', headerName: t('import.hist.audits'), headerTooltip: `${t('import.new')} / ${t('import.changed')}`, width: 140, type: 'numericColumn', valueGetter: (p) => written(p.data?.counts.audits), valueFormatter: (p) => writtenText(p.data?.counts.audits, fmt) },
    { colId: 'observations', headerName: t('import.hist.observations'), headerTooltip: `${t('import.new')} / ${t('import.changed')}`, width: 170, type: 'numericColumn', valueGetter: (p) => written(p.data?.counts.observations), valueFormatter: (p) => writtenText(p.data?.counts.observations, fmt) },
    {
      field: 'status', headerName: t('import.hist.status'), width: 105,
      valueFormatter: (p) => t(p.value === 'active' ? 'import.hist.active' : 'import.hist.undone'),
      cellRenderer: (p: ICellRendererParams<ImportRecord>) => (
        <span className={`badge ${p.value === 'active' ? 'badge-success' : 'badge-neutral'}`}>{t(p.value === 'active' ? 'import.hist.active' : 'import.hist.undone')}</span>
      ),
    },
  ], [t, fmt]);

  return (
    <Card
      title={t('import.history')}
      testId="import-history"
      actions={(
        <button type="button" className="btn btn-sm btn-danger" disabled={!lastActive || busy || undo.isPending} onClick={() => setConfirming(true)} data-testid="undo-import">
          <Icon name="undo" size={15} />{t('import.undo')}
        </button>
      )}
    >
      <div className="stack">
        {undo.isSuccess && (
          <Banner tone="success">
            {undo.data.overriddenCorrections.length > 0
              ? t('import.undoDoneCorrections', { file: undo.data.fileName, count: fmt.integer(undo.data.overriddenCorrections.length) })
              : t('import.undoDone', { file: undo.data.fileName })}
          </Banner>
        )}
        {undo.isError && <ErrorBanner error={undo.error} />}
        {history.isPending ? <Skeleton lines={4} /> : history.isError ? (
          <ErrorBanner error={history.error} onRetry={() => void history.refetch()} />
        ) : history.data.length === 0 ? (
          <EmptyState icon="file" title={t('import.historyEmpty')} />
        ) : (
          <DataGrid<ImportRecord>
            ariaLabel={t('import.history')}
            rowData={history.data}
            columnDefs={columnDefs}
            getRowId={(p) => String(p.data.id)}
            height={Math.min(440, 110 + history.data.length * 34)}
            defaultColDef={HISTORY_COLUMNS}
            stateKey="import.history"
            exportFileName="historique-imports"
            testId="history-grid"
          />
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('import.undoConfirmTitle')}
        danger
        confirmLabel={overridden.length > 0 ? t('import.undoReplaceCorrections') : t('import.undo')}
        cancelLabel={t('import.keep')}
        busy={undo.isPending || check.isFetching || check.isError}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          undo.mutate({ force: overridden.length > 0 });
        }}
      >
        <div className="stack" style={{ gap: 8 }}>
          <p>{t('import.undoConfirmText', { file: lastActive?.fileName ?? '' })}</p>
          {check.isFetching ? <p className="muted">{t('import.undoCorrectionsChecking')}</p> : null}
          {check.isError ? <ErrorBanner error={check.error} /> : null}
          {!check.isFetching && overridden.length > 0 ? <OverriddenCorrections corrections={overridden} /> : null}
        </div>
      </ConfirmDialog>
    </Card>
  );
}

/** The corrections an undo would replace, so the person confirming knows exactly which. */
function OverriddenCorrections({ corrections }: { corrections: OverriddenCorrection[] }): React.JSX.Element {
  const { t, fmt } = useI18n();
  const fieldLabel = (field: OverriddenCorrection['field']): string => t(field === 'answer' ? 'corrections.fieldAnswer' : field === 'measure' ? 'corrections.fieldMeasure' : 'corrections.fieldComment');
  return (
    <div className="stack" style={{ gap: 6 }} data-testid="undo-overridden-corrections">
      <Banner tone="warning">{t('import.undoCorrectionsIntro', { count: fmt.integer(corrections.length) })}</Banner>
      <div style={{ maxHeight: 220, overflow: 'auto' }}>
        <table className="table bx-table">
          <thead>
            <tr>
              <th scope="col">{t('import.undoCorrection.structure')}</th>
              <th scope="col">{t('import.undoCorrection.audit')}</th>
              <th scope="col">{t('import.undoCorrection.item')}</th>
              <th scope="col">{t('import.undoCorrection.field')}</th>
              <th scope="col">{t('import.undoCorrection.by')}</th>
              <th scope="col">{t('import.undoCorrection.at')}</th>
            </tr>
          </thead>
          <tbody>
            {corrections.map((c) => (
              <tr key={c.id}>
                <td>{c.structureCode}</td>
                <td>{c.auditRef}</td>
                <td>{c.itemCode}</td>
                <td>{fieldLabel(c.field)}</td>
                <td>{c.userName}</td>
                <td>{fmt.dateTime(c.correctedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
