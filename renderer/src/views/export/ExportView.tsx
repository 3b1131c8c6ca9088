/**
 * Export: the barometer tables workbook of an edition, and per structure (all, a selection, or
 * one) its results workbook, its PDF report or both, in French or English, names optionally
 * masked. Batches run as jobs (progress bar, cancel), the workbooks first and then the reports
 * when both are asked; when done the view shows where the files are and opens the folder
 * (desktop) or offers download links (browser mode).
 */
import { useId, useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { ExportBatchResult, ExportFileResult, StructureOption } from '../../../../shared/api-types.js';
import type { Lang } from '../../../../shared/domain.js';
import { invoke, isDesktop } from '../../api/client.js';
import { useJob } from '../../api/jobs.js';
import { useEdition } from '../../state/edition.js';
import { Card, Page, PageHeader } from '../../components/layout/PageHeader.js';
import { SelectField } from '../../components/ui/Select.js';
import { ProgressBar } from '../../components/ui/ProgressBar.js';
import { Banner, ErrorBanner } from '../../components/states/index.js';
import { Icon } from '../../components/ui/Icon.js';
import { LoadingState } from '../analysis-common/StateBlock.js';
import { EmptyState } from '../analysis-common/StateBlock.js';
import { formatCount } from '../analysis-common/format.js';
import { StructurePicker } from '../structure/StructurePicker.js';
import '../analysis-common/analysis.css';
import { DisclosureRuleCard } from './DisclosureRuleCard.js';
import { useI18n } from '../../i18n/index.js';

type Scope = 'all' | 'selection' | 'one';
/** What is written per structure: the Excel workbook, the PDF report, or both. */
type Format = 'xlsx' | 'pdf' | 'both';

/** The folder of a file path, whatever the platform's separator. */
function folderOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut > 0 ? file.slice(0, cut) : file;
}

export default function ExportView(): React.JSX.Element {
  const { t, lang: uiLang } = useI18n();
  const { edition: selectedEdition, editions, loading } = useEdition();
  const [editionChoice, setEditionChoice] = useState<number | null>(null);
  const edition = editionChoice ?? selectedEdition;
  const [lang, setLang] = useState<Lang>(uiLang);
  // Comments go out masked unless the analyst asks for an internal copy.
  const [keepPersonalData, setKeepPersonalData] = useState(false);
  const maskNames = !keepPersonalData;
  const [scope, setScope] = useState<Scope>('all');
  const [selection, setSelection] = useState<StructureOption[]>([]);
  const [one, setOne] = useState<StructureOption | null>(null);
  const [format, setFormat] = useState<Format>('xlsx');
  const ids = { lang: useId(), scope: useId(), mask: useId(), format: useId() };

  const tables = useMutation({ mutationFn: (input: { edition: number; lang: Lang }) => invoke('exports.tables', input) });
  const single = useMutation({ mutationFn: (input: { code: string; edition: number; lang: Lang; maskNames: boolean }) => invoke('exports.structureWorkbook', input) });
  const singleReport = useMutation({ mutationFn: (input: { code: string; edition: number; lang: Lang; maskNames: boolean }) => invoke('exports.report', input) });
  const batch = useJob('exports.structures');
  const reportBatch = useJob('exports.reports');
  // Cancelling "both" also stops the reports that would follow the workbooks.
  const chainCancelled = useRef(false);

  if (loading) {
    return (
      <Page testId="export-view">
        <PageHeader title={t('export.title')} subtitle={t('export.subtitle')} />
        <LoadingState />
      </Page>
    );
  }
  if (edition === null) {
    return (
      <Page testId="export-view">
        <PageHeader title={t('export.title')} subtitle={t('export.subtitle')} />
        <EmptyState hint={t('export.noEdition')} />
      </Page>
    );
  }

  const editionInfo = editions.find((e) => e.year === edition);
  const count = scope === 'all' ? editionInfo?.structures ?? 0 : scope === 'selection' ? selection.length : one ? 1 : 0;
  const running = batch.state.status === 'running' || reportBatch.state.status === 'running';
  const workbooks = format !== 'pdf';
  const reports = format !== 'xlsx';
  const current = reportBatch.state.status === 'running' ? reportBatch : batch;

  const exportStructures = (): void => {
    single.reset();
    singleReport.reset();
    batch.reset();
    reportBatch.reset();
    if (scope === 'one') {
      if (!one) return;
      if (workbooks) single.mutate({ code: one.code, edition, lang, maskNames });
      if (reports) singleReport.mutate({ code: one.code, edition, lang, maskNames });
      return;
    }
    const input = { edition, lang, maskNames, ...(scope === 'selection' ? { codes: selection.map((s) => s.code) } : {}) };
    chainCancelled.current = false;
    void (async () => {
      if (workbooks && (await batch.run(input)) === null) return;
      if (reports && !chainCancelled.current) await reportBatch.run(input);
    })();
  };
  const cancel = (): void => {
    chainCancelled.current = true;
    batch.cancel();
    reportBatch.cancel();
  };
  const buttonLabel = scope === 'one'
    ? (format === 'xlsx' ? t('export.structureButton') : format === 'pdf' ? t('export.reportButton') : t('export.bothButton'))
    : t(format === 'xlsx' ? 'export.structuresButton' : format === 'pdf' ? 'export.reportsButton' : 'export.bothsButton', { n: formatCount(count, uiLang) });

  return (
    <Page testId="export-view">
      <PageHeader title={t('export.title')} subtitle={t('export.subtitle')} />

      <Card title={t('export.settingsTitle')}>
        <div className="bx-form-grid">
          <SelectField
            label={t('export.edition')}
            value={String(edition)}
            onChange={(v) => setEditionChoice(Number(v))}
            options={editions.map((e) => ({ value: String(e.year), label: `${e.year} · ${formatCount(e.structures, uiLang)} structures` }))}
            testId="export-edition"
          />
          <fieldset className="bx-radio-group">
            <legend>{t('export.language')}</legend>
            {(['fr', 'en'] as const).map((l) => (
              <label key={l} className="check">
                <input type="radio" name={ids.lang} value={l} checked={lang === l} onChange={() => setLang(l)} />
                {l === 'fr' ? t('export.langFr') : t('export.langEn')}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label className="check" htmlFor={ids.mask}>
              <input id={ids.mask} type="checkbox" checked={keepPersonalData} onChange={(e) => setKeepPersonalData(e.target.checked)} data-testid="export-keep-personal-data" />
              {t('export.keepPersonalData')}
            </label>
            <span className="field-hint">{t('export.keepPersonalDataHint')}</span>
          </div>
        </div>
      </Card>

      <DisclosureRuleCard />

      <div className="bx-two-cols">
        <Card title={t('export.tablesTitle')} testId="export-tables">
          <div className="stack">
            <p className="muted">{t('export.tablesText')}</p>
            <div className="row">
              <button type="button" className="btn btn-primary" disabled={tables.isPending} onClick={() => tables.mutate({ edition, lang })} data-testid="export-tables-button">
                <Icon name="download" /> {tables.isPending ? t('export.running') : t('export.tablesButton')}
              </button>
            </div>
            {tables.isPending ? <ProgressBar fraction={null} label={t('export.progress')} /> : null}
            {tables.isError ? <ErrorBanner error={tables.error} /> : null}
            {tables.data ? <FileResult title={t('export.doneTables')} file={tables.data} /> : null}
          </div>
        </Card>

        <Card title={t('export.structuresTitle')} testId="export-structures">
          <div className="stack">
            <p className="muted">{t('export.structuresText')}</p>
            <fieldset className="bx-radio-group" data-testid="export-format">
              <legend>{t('export.format')}</legend>
              {(['xlsx', 'pdf', 'both'] as const).map((f) => (
                <label key={f} className="check">
                  <input type="radio" name={ids.format} value={f} checked={format === f} onChange={() => setFormat(f)} disabled={running} />
                  {f === 'xlsx' ? t('export.formatXlsx') : f === 'pdf' ? t('export.formatPdf') : t('export.formatBoth')}
                </label>
              ))}
            </fieldset>
            <fieldset className="bx-radio-group">
              <legend>{t('export.scope')}</legend>
              {(['all', 'selection', 'one'] as const).map((s) => (
                <label key={s} className="check">
                  <input type="radio" name={ids.scope} value={s} checked={scope === s} onChange={() => setScope(s)} />
                  {s === 'all' ? t('export.scopeAll', { n: formatCount(editionInfo?.structures ?? 0, uiLang) }) : s === 'selection' ? t('export.scopeSelection') : t('export.scopeOne')}
                </label>
              ))}
            </fieldset>
            {scope === 'selection' ? (
              <div className="stack">
                <StructurePicker
                  edition={edition}
                  label={t('export.pick')}
                  placeholder={t('export.pickPlaceholder')}
                  noResult={t('export.pickNoResult')}
                  onPick={(o) => setSelection((list) => (list.some((s) => s.code === o.code) ? list : [...list, o]))}
                />
                {selection.length === 0 ? <p className="subtle">{t('export.noneSelected')}</p> : (
                  <>
                    <p className="subtle" aria-live="polite">{t('export.selected', { n: selection.length })}</p>
                    <ul className="bx-chips" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                      {selection.map((s) => (
                        <li key={s.code} className="bx-chip">
                          {s.name}
                          <button type="button" aria-label={t('export.remove', { name: s.name })} onClick={() => setSelection((list) => list.filter((x) => x.code !== s.code))}>
                            <Icon name="close" size={14} />
                          </button>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </div>
            ) : null}
            {scope === 'one' ? (
              <div className="stack">
                <StructurePicker edition={edition} label={t('export.pickOne')} placeholder={one?.name ?? t('export.pickPlaceholder')} noResult={t('export.pickNoResult')} onPick={setOne} currentName={one?.name} />
                {one ? <p className="subtle">{one.name} · <span className="bx-code">{one.code}</span></p> : <p className="subtle">{t('export.noneSelected')}</p>}
              </div>
            ) : null}
            <div className="row">
              <button type="button" className="btn btn-teal" disabled={running || single.isPending || singleReport.isPending || count === 0} onClick={exportStructures} data-testid="export-structures-button">
                <Icon name="download" /> {buttonLabel}
              </button>
              {running ? <button type="button" className="btn" onClick={cancel} data-testid="export-cancel">{t('export.cancel')}</button> : null}
            </div>
            {running ? (
              <div className="stack" data-testid="export-progress">
                <ProgressBar fraction={current.state.status === 'running' ? current.state.progress?.fraction ?? null : null} label={t('export.progress')} />
                <span className="subtle" aria-live="polite">
                  {format === 'both' ? `${current === reportBatch ? t('export.stepReports') : t('export.stepWorkbooks')} · ` : ''}
                  {current.state.status === 'running' ? current.state.progress?.label ?? t('export.running') : ''}
                </span>
              </div>
            ) : null}
            {single.isPending || singleReport.isPending ? <ProgressBar fraction={null} label={t('export.progress')} /> : null}
            {batch.state.status === 'cancelled' || reportBatch.state.status === 'cancelled' ? <Banner tone="info">{t('export.cancelled')}</Banner> : null}
            {batch.state.status === 'error' ? <ErrorBanner error={batch.state.error} /> : null}
            {reportBatch.state.status === 'error' ? <ErrorBanner error={reportBatch.state.error} /> : null}
            {single.isError ? <ErrorBanner error={single.error} /> : null}
            {singleReport.isError ? <ErrorBanner error={singleReport.error} /> : null}
            {batch.state.status === 'done' ? <BatchResult title={t('export.doneStructures', { n: batch.state.result.count })} result={batch.state.result} /> : null}
            {reportBatch.state.status === 'done' ? <BatchResult title={t('export.doneReports', { n: reportBatch.state.result.count })} result={reportBatch.state.result} testId="export-reports-result" /> : null}
            {single.data && scope === 'one' ? <FileResult title={t('export.doneOne')} file={single.data} /> : null}
            {singleReport.data && scope === 'one' ? <FileResult title={t('export.doneReport')} file={singleReport.data} testId="export-report-result" /> : null}
          </div>
        </Card>
      </div>
    </Page>
  );
}

function OpenFolderButton({ path, label }: { path: string; label: string }): React.JSX.Element | null {
  if (!isDesktop()) return null;
  return (
    <button type="button" className="btn btn-sm" onClick={() => void invoke('shell.openPath', { path })}>
      <Icon name="folder" size={16} /> {label}
    </button>
  );
}

function FileResult({ title, file, testId = 'export-result' }: { title: string; file: ExportFileResult; testId?: string }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="bx-result" role="status" data-testid={testId}>
      <Banner tone="success" title={title}>
        <div className="bx-result">
          <span className="subtle">{t('export.file')}</span>
          <code className="bx-path" data-testid="export-path">{file.path}</code>
          <div className="row">
            {file.downloadUrl ? (
              <a className="btn btn-sm" href={file.downloadUrl} download={file.fileName} data-testid="export-download">
                <Icon name="download" size={16} /> {t('export.download')} {file.fileName}
              </a>
            ) : null}
            {isDesktop() ? (
              <button type="button" className="btn btn-sm" onClick={() => void invoke('shell.openPath', { path: file.path })}>
                <Icon name="file" size={16} /> {t('export.openFile')}
              </button>
            ) : null}
            <OpenFolderButton path={folderOf(file.path)} label={t('export.openFolder')} />
          </div>
        </div>
      </Banner>
    </div>
  );
}

function BatchResult({ title, result, testId = 'export-batch-result' }: { title: string; result: ExportBatchResult; testId?: string }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="bx-result" role="status" data-testid={testId}>
      <Banner tone="success" title={title}>
        <div className="bx-result">
          <span className="subtle">{t('export.folder')}</span>
          <code className="bx-path">{result.folder}</code>
          <OpenFolderButton path={result.folder} label={t('export.openFolder')} />
          {result.downloadUrls && result.downloadUrls.length > 0 ? (
            <ul className="bx-files" aria-label={t('export.downloadAll')}>
              {result.files.map((file, i) => {
                const url = result.downloadUrls?.[i];
                const name = file.split(/[\\/]/).pop() ?? file;
                return <li key={file}>{url ? <a href={url} download={name}>{name}</a> : name}</li>;
              })}
            </ul>
          ) : null}
        </div>
      </Banner>
    </div>
  );
}
