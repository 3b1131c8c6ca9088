/**
 * What a preview or a commit reported: per file, its status and the new / changed / unchanged
 * counts of audits, observations, structures and items; then every problem in a sortable,
 * filterable grid (by code and by column) that can be exported to CSV.
 */
import { useMemo, useState } from 'react';
import type { ColDef } from 'ag-grid-community';
import type { ConflictChoices, Diff, ImportFileReport, ImportProblem, ImportResult } from '../../../../shared/import-types.js';
import { DataGrid } from '../../components/grid/index.js';
import { Card } from '../../components/layout/PageHeader.js';
import { Banner } from '../../components/states/index.js';
import { SelectField } from '../../components/ui/Select.js';
import { useI18n } from '../../i18n/index.js';
import { kindLabel, problemCodeLabel, statusLabel } from './labels.js';
import { ChangesGrid } from './ChangesGrid.js';

type Entity = 'audits' | 'observations' | 'structures' | 'items';
const ENTITIES: readonly Entity[] = ['audits', 'observations', 'structures', 'items'];

function DiffCell({ diff }: { diff: Diff }): React.JSX.Element {
  const { fmt, t } = useI18n();
  if (diff.new + diff.changed + diff.unchanged === 0) return <span className="subtle">—</span>;
  return (
    <span className="diff" title={`${t('import.new')} / ${t('import.changed')} / ${t('import.unchanged')}`}>
      <span className="diff-new">+{fmt.integer(diff.new)}</span>
      <span className="diff-changed">~{fmt.integer(diff.changed)}</span>
      <span className="diff-same">={fmt.integer(diff.unchanged)}</span>
    </span>
  );
}

const STATUS_TONE: Record<ImportFileReport['status'], string> = {
  imported: 'badge-success', unchanged: 'badge-neutral', refused: 'badge-danger', preview: 'badge-info',
};

export function ImportReport({ result, mode, conflicts = {}, onConflicts }: {
  result: ImportResult;
  mode: 'preview' | 'commit';
  /** The user's choices for values corrected by hand that the files change (preview only). */
  conflicts?: ConflictChoices;
  onConflicts?: (choices: ConflictChoices) => void;
}): React.JSX.Element {
  const { t, tn, fmt } = useI18n();
  const problems = useMemo(() => result.files.flatMap((file) => file.problems), [result]);
  const problemCount = result.files.reduce((sum, file) => sum + file.problemCount, 0);
  const refused = result.files.filter((file) => file.status === 'refused').length;
  // « Import terminé. » only when something was imported or found already there.
  const doneTitle = refused === 0 ? t('import.done') : refused === result.files.length ? t('import.doneNothing') : tn('import.doneWithRefusals', refused);
  const title = mode === 'preview' ? t('import.previewTitle') : doneTitle;

  return (
    <Card
      title={title}
      actions={mode === 'preview' && <span className="subtle">{t('import.previewHint')}</span>}
      testId={mode === 'preview' ? 'import-preview' : 'import-result'}
    >
      <div className="stack" style={{ gap: 16 }}>
        <div className="mapping-scroll" tabIndex={0} role="region" aria-label={title}>
          <table className="table table-wrap-head" data-testid="report-table">
            <thead>
              <tr>
                <th scope="col">{t('import.problem.file')}</th>
                <th scope="col">{t('import.hist.kind')}</th>
                <th scope="col">{t('import.hist.status')}</th>
                {ENTITIES.map((entity) => <th key={entity} scope="col">{t(`import.entity.${entity}`)}</th>)}
                <th scope="col" className="num">{t('import.rowsRead')}</th>
                <th scope="col" className="num">{t('import.hist.rejected')}</th>
                <th scope="col" className="num">{t('import.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {result.files.map((file) => (
                <tr key={file.file}>
                  <th scope="row" className="file-name">{file.fileName}</th>
                  <td>{kindLabel(t, file.kind)}</td>
                  <td><span className={`badge ${STATUS_TONE[file.status]}`}>{statusLabel(t, file.status)}</span></td>
                  {ENTITIES.map((entity) => <td key={entity}><DiffCell diff={file[entity]} /></td>)}
                  <td className="num">{fmt.integer(file.rowsRead)}</td>
                  <td className="num">{fmt.integer(file.rowsRejected)}</td>
                  <td className="num">{file.problemCount > 0 ? <span className="badge badge-warning">{fmt.integer(file.problemCount)}</span> : '0'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="subtle diff-legend">
          <span className="diff-new">+</span> {t('import.new').toLowerCase()} · <span className="diff-changed">~</span> {t('import.changed').toLowerCase()} · <span className="diff-same">=</span> {t('import.unchanged').toLowerCase()}
        </p>
        {result.files.filter((f) => f.rejectsFile).map((f) => (
          <Banner key={f.file} tone="info">{t('import.rejectsFile', { file: f.rejectsFile ?? '' })}</Banner>
        ))}
        <ChangesGrid files={result.files} mode={mode} choices={conflicts} {...(onConflicts ? { onChoices: onConflicts } : {})} />
        {problemCount === 0 ? <Banner tone="success">{t('import.noProblems')}</Banner> : <ProblemsGrid problems={problems} total={problemCount} />}
      </div>
    </Card>
  );
}

function ProblemsGrid({ problems, total }: { problems: ImportProblem[]; total: number }): React.JSX.Element {
  const { t, tn, fmt } = useI18n();
  const [code, setCode] = useState('');
  const [column, setColumn] = useState('');
  const codes = useMemo(() => [...new Set(problems.map((p) => p.code))].sort(), [problems]);
  const columns = useMemo(() => [...new Set(problems.map((p) => p.column).filter((c): c is string => Boolean(c)))].sort(), [problems]);
  const rows = useMemo(() => problems.filter((p) => (!code || p.code === code) && (!column || p.column === column)), [problems, code, column]);

  const columnDefs = useMemo<ColDef<ImportProblem>[]>(() => [
    // Widths that leave the message its room from 1280 px on (no horizontal scroll to read it).
    { field: 'file', headerName: t('import.problem.file'), flex: 0.6, minWidth: 130, tooltipField: 'file' },
    { field: 'sheet', headerName: t('import.problem.sheet'), width: 100 },
    { field: 'row', headerName: t('import.problem.row'), width: 80, type: 'numericColumn', filter: 'agNumberColumnFilter' },
    { field: 'column', headerName: t('import.problem.column'), width: 140 },
    { field: 'value', headerName: t('import.problem.value'), width: 110 },
    // The code's words, not the code: the filter, the sort and the CSV read the same text.
    { colId: 'code', headerName: t('import.problem.code'), width: 170, valueGetter: (p) => (p.data ? problemCodeLabel(t, p.data.code) : '') },
    // Wrapped, never cut: a refusal's reason is the one thing the user must read whole.
    { field: 'message', headerName: t('import.problem.message'), flex: 2, minWidth: 220, wrapText: true, autoHeight: true, cellClass: 'cell-wrap' },
  ], [t]);

  return (
    <div className="stack" style={{ gap: 8 }} data-testid="problems">
      <div className="row">
        <h3 className="grow">{t('import.problems')} <span className="badge badge-warning">{tn('import.problemsCount', total)}</span>
          {total > problems.length && <span className="subtle"> · {t('import.problemsShown', { shown: fmt.integer(problems.length), count: fmt.integer(total) })}</span>}
        </h3>
      </div>
      <DataGrid<ImportProblem>
        ariaLabel={t('import.problems')}
        rowData={rows}
        columnDefs={columnDefs}
        height={360}
        exportFileName="problemes-import"
        stateKey="import.problems"
        status={t(rows.length === 1 ? 'common.row' : 'common.rows', { count: fmt.integer(rows.length) })}
        toolbar={(
          <>
            <SelectField label={t('import.problem.code')} value={code} onChange={setCode} options={codes.map((c) => ({ value: c, label: problemCodeLabel(t, c) }))} emptyLabel={t('common.all')} size="sm" testId="problem-code-filter" />
            <SelectField label={t('import.problem.column')} value={column} onChange={setColumn} options={columns.map((c) => ({ value: c, label: c }))} emptyLabel={t('common.all')} size="sm" testId="problem-column-filter" />
          </>
        )}
        testId="problems-grid"
      />
    </div>
  );
}
