/**
 * The exact changes of an import, value by value (structure, audit, item, field, before → after,
 * file row), filterable by field and by conflict, exported to CSV with the grid's safe export.
 * A value corrected by hand in the workspace is a conflict: in the preview the user keeps the
 * correction (default) or takes the file's value, per value or for all; the commit sends the choice.
 */
import { useMemo, useState } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { ChangeField, ConflictChoice, ConflictChoices, ImportChange, ImportFileReport } from '../../../../shared/import-types.js';
import { DataGrid } from '../../components/grid/index.js';
import { Banner } from '../../components/states/index.js';
import { SelectField } from '../../components/ui/Select.js';
import { useI18n } from '../../i18n/index.js';

type ChangeRow = ImportChange & { fileName: string };

const FIELDS: readonly ChangeField[] = ['answer', 'measure', 'comment', 'auditDate', 'auditTime', 'scenario', 'auditor', 'auditComment', 'structure', 'channel'];

/** What the import does with a conflict under the user's choices (null: no conflict, the file's value is written). */
export function effectiveChoice(change: ImportChange, choices: ConflictChoices): ConflictChoice | null {
  if (!change.correction) return null;
  return choices.byKey?.[change.key] ?? choices.all ?? 'keep-correction';
}

export function ChangesGrid({ files, mode, choices, onChoices }: {
  files: ImportFileReport[];
  mode: 'preview' | 'commit';
  choices: ConflictChoices;
  onChoices?: (choices: ConflictChoices) => void;
}): React.JSX.Element | null {
  const { fmt, t } = useI18n();
  const [field, setField] = useState('');
  const [conflict, setConflict] = useState('');
  const rows = useMemo<ChangeRow[]>(() => files.flatMap((f) => (f.changes ?? []).map((c) => ({ ...c, fileName: f.fileName }))), [files]);
  const total = files.reduce((sum, f) => sum + (f.changeCount ?? 0), 0);
  const conflicts = rows.filter((r) => r.correction !== null);
  const editable = mode === 'preview' && onChoices !== undefined;
  // In the preview the choices live here; after a commit, the rows say what was done.
  const decisionOf = (row: ImportChange): ConflictChoice | null => (editable ? effectiveChoice(row, choices) : row.resolution);
  const shown = useMemo(() => rows.filter((r) => (!field || r.field === field)
    && (!conflict || (conflict === 'yes') === (r.correction !== null))), [rows, field, conflict]);

  const columnDefs = useMemo<ColDef<ChangeRow>[]>(() => {
    const fieldLabel = (value: ChangeField): string => t(`importChanges.field_${value}`);
    const text = (value: string | null): string => value ?? t('importChanges.empty');
    const decisionText = (row: ChangeRow | undefined): string => {
      if (!row) return '';
      const decision = editable ? effectiveChoice(row, choices) : row.resolution;
      return decision === 'keep-correction' ? t('importChanges.keep') : decision === 'take-file' ? t('importChanges.take') : t('importChanges.written');
    };
    const columns: ColDef<ChangeRow>[] = [
      { field: 'structureName', headerName: t('importChanges.colStructure'), flex: 2, minWidth: 170, tooltipField: 'structureName', valueGetter: (p) => p.data?.structureName ?? p.data?.structureCode ?? '' },
      { field: 'structureCode', headerName: t('importChanges.colStructureCode'), width: 115, cellClass: 'mono' },
      { field: 'edition', headerName: t('importChanges.colEdition'), width: 85 },
      { field: 'auditRef', headerName: t('importChanges.colAudit'), width: 110, cellClass: 'mono' },
      { field: 'itemCode', headerName: t('importChanges.colItem'), width: 100, cellClass: 'mono', valueFormatter: (p) => (p.value as string | null) ?? '—' },
      { field: 'field', headerName: t('importChanges.colField'), width: 130, valueFormatter: (p) => fieldLabel(p.value as ChangeField) },
      { field: 'before', headerName: t('importChanges.colBefore'), flex: 1, minWidth: 150, tooltipValueGetter: (p) => text(p.data?.before ?? null), valueFormatter: (p) => text(p.value as string | null), cellClass: 'diff-before' },
      { field: 'after', headerName: t('importChanges.colAfter'), flex: 1, minWidth: 150, tooltipValueGetter: (p) => text(p.data?.after ?? null), valueFormatter: (p) => text(p.value as string | null), cellClass: 'diff-after' },
      { field: 'row', headerName: t('importChanges.colRow'), width: 80, type: 'numericColumn', filter: 'agNumberColumnFilter' },
      {
        colId: 'correction', headerName: t('importChanges.colCorrection'), flex: 1, minWidth: 200,
        valueGetter: (p) => {
          const c = p.data?.correction;
          return c ? t('importChanges.correctionText', { user: c.userName, date: fmt.date(c.correctedAt), reason: c.reason }) : '';
        },
        tooltipValueGetter: (p) => (p.value as string) || undefined,
      },
      {
        // Pinned: the choice stays in view however narrow the window.
        colId: 'decision', headerName: t('importChanges.colDecision'), width: 200, pinned: 'right',
        valueGetter: (p) => decisionText(p.data),
        // The select takes the arrow keys while it has focus (not the grid's navigation).
        suppressKeyboardEvent: (p) => editable && (p.event.target as HTMLElement | null)?.tagName === 'SELECT',
        cellRenderer: (p: ICellRendererParams<ChangeRow>) => {
          const row = p.data;
          if (!row || !editable || !row.correction) return <span className={row?.correction ? 'badge badge-warning' : 'subtle'}>{decisionText(row)}</span>;
          return (
            <select
              className="select select-sm"
              aria-label={t('importChanges.decisionFor', { item: row.itemCode ?? row.field, audit: row.auditRef })}
              value={effectiveChoice(row, choices) ?? 'keep-correction'}
              onChange={(event) => onChoices?.({ ...choices, byKey: { ...choices.byKey, [row.key]: event.target.value as ConflictChoice } })}
              data-testid="conflict-choice"
            >
              <option value="keep-correction">{t('importChanges.keep')}</option>
              <option value="take-file">{t('importChanges.take')}</option>
            </select>
          );
        },
      },
    ];
    if (files.length > 1) columns.unshift({ field: 'fileName', headerName: t('importChanges.colFile'), width: 180 });
    return columns;
  }, [t, fmt, files.length, editable, choices, onChoices]);

  if (total === 0) return null;
  const kept = conflicts.filter((r) => decisionOf(r) === 'keep-correction').length;
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="changes">
      <div className="row">
        <h3 className="grow">{t('importChanges.title')} <span className="badge badge-info">{t(total === 1 ? 'importChanges.countOne' : 'importChanges.count', { count: fmt.integer(total) })}</span>
          {total > rows.length && <span className="subtle"> · {t('importChanges.shown', { shown: fmt.integer(rows.length), count: fmt.integer(total) })}</span>}
        </h3>
      </div>
      <p className="subtle">{t(mode === 'preview' ? 'importChanges.intro' : 'importChanges.introDone')}</p>
      {conflicts.length > 0 && (
        <Banner
          tone="warning"
          title={mode === 'preview' ? (conflicts.length === 1 ? t('importChanges.conflictTitleOne') : t('importChanges.conflictTitle', { count: fmt.integer(conflicts.length) })) : undefined}
          testId="conflicts"
          actions={editable ? (
            <>
              <button type="button" className="btn btn-sm" onClick={() => onChoices?.({ all: 'keep-correction' })} data-testid="keep-all">{t('importChanges.keepAll')}</button>
              <button type="button" className="btn btn-sm" onClick={() => onChoices?.({ all: 'take-file' })} data-testid="take-all">{t('importChanges.takeAll')}</button>
            </>
          ) : undefined}
        >
          {mode === 'preview' ? `${t('importChanges.conflictText')} ` : ''}{t('importChanges.conflictDone', { kept: fmt.integer(kept), taken: fmt.integer(conflicts.length - kept) })}
        </Banner>
      )}
      <DataGrid<ChangeRow>
        ariaLabel={t('importChanges.title')}
        rowData={shown}
        columnDefs={columnDefs}
        getRowId={(p) => `${p.data.fileName}|${p.data.key}`}
        height={380}
        exportFileName="modifications-import"
        stateKey="import.changes"
        toolbar={(
          <>
            <SelectField label={t('importChanges.filterField')} value={field} onChange={setField} options={FIELDS.filter((f) => rows.some((r) => r.field === f)).map((f) => ({ value: f, label: t(`importChanges.field_${f}`) }))} emptyLabel={t('common.all')} size="sm" testId="change-field-filter" />
            <SelectField label={t('importChanges.filterConflict')} value={conflict} onChange={setConflict} options={[{ value: 'yes', label: t('importChanges.onlyConflicts') }, { value: 'no', label: t('importChanges.noConflicts') }]} emptyLabel={t('common.all')} size="sm" testId="change-conflict-filter" />
          </>
        )}
        testId="changes-grid"
      />
    </div>
  );
}
