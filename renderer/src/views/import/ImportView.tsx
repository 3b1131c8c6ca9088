/**
 * Import: files come in (drop or pick; in browser mode their bytes are uploaded and the staged
 * path is used from then on), each is detected and its mapping can be corrected or taken from a
 * preset; a preview shows new / changed / unchanged and every problem; the commit runs as a job
 * with progress and Cancel; the history below allows undoing the last import.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ColumnMapping } from '../../../../shared/columns.js';
import type { ConflictChoices, ImportRequest, ImportResult } from '../../../../shared/import-types.js';
import { ApiError, invoke, isDesktop } from '../../api/client.js';
import { useJob, type JobState } from '../../api/jobs.js';
import { stageFile, toApiMapping } from '../../api/queries/imports.js';
import { invalidateWorkspaceData } from '../../api/queries/workspace.js';
import { Card, Page, PageHeader } from '../../components/layout/PageHeader.js';
import { Banner, ErrorBanner } from '../../components/states/index.js';
import { Icon } from '../../components/ui/Icon.js';
import { ProgressBar } from '../../components/ui/ProgressBar.js';
import { useI18n } from '../../i18n/index.js';
import { DropZone } from './DropZone.js';
import { FilePanel, type PendingFile } from './FilePanel.js';
import { ImportHistory } from './ImportHistory.js';
import { ImportReport } from './ImportReport.js';
import './import.css';

let nextKey = 1;

export default function ImportView(): React.JSX.Element {
  const { t, lang } = useI18n();
  const client = useQueryClient();
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [report, setReport] = useState<{ mode: 'preview' | 'commit'; result: ImportResult } | null>(null);
  // Values corrected by hand that the files change: keep the correction unless the user says otherwise.
  const [conflicts, setConflicts] = useState<ConflictChoices>({});
  const preview = useJob('imports.preview');
  const commit = useJob('imports.commit');
  const filesRef = useRef(files);
  filesRef.current = files;

  const update = useCallback((key: string, patch: Partial<PendingFile>) => {
    setFiles((list) => list.map((file) => (file.key === key ? { ...file, ...patch } : file)));
  }, []);

  const addFiles = useCallback((incoming: File[]) => {
    const added: PendingFile[] = incoming.map((file) => ({
      key: `f${nextKey++}`, name: file.name, size: file.size, status: 'staging', path: null, error: null, mapping: null,
    }));
    setFiles((list) => [...list, ...added]);
    setReport(null);
    preview.reset();
    commit.reset();
    added.forEach((pending, index) => {
      const file = incoming[index];
      if (!file) return;
      stageFile(file)
        .then((staged) => update(pending.key, { status: 'ready', path: staged.path }))
        .catch((error: unknown) => update(pending.key, { status: 'error', error: ApiError.from(error) }));
    });
  }, [update, preview, commit]);

  // Desktop: the system dialog gives paths the main side reads directly (no upload, no copy).
  const pickNative = useCallback(async () => {
    const picked = await invoke('dialogs.openFiles', {
      title: t('import.pick'),
      filters: [{ name: t('import.title'), extensions: ['xlsx', 'xls', 'ods', 'csv', 'txt'] }],
    });
    if (!picked.supported || picked.paths.length === 0) return;
    const added: PendingFile[] = picked.paths.map((path) => ({
      key: `f${nextKey++}`, name: path.split(/[\\/]/).pop() ?? path, size: 0, status: 'ready', path, error: null, mapping: null,
    }));
    setFiles((list) => [...list, ...added]);
    setReport(null);
  }, [t]);

  const ready = files.filter((file) => file.status === 'ready' && file.path !== null);
  const staging = files.some((file) => file.status === 'staging');
  const running = preview.state.status === 'running' || commit.state.status === 'running';

  const request = useMemo((): ImportRequest => {
    const mappings: Record<string, ColumnMapping> = {};
    for (const file of ready) if (file.mapping && file.path) mappings[file.path] = toApiMapping(file.mapping) as ColumnMapping;
    return {
      files: ready.map((file) => file.path as string),
      ...(skipInvalid ? { skipInvalid: true } : {}),
      ...(Object.keys(mappings).length ? { mappings } : {}),
      ...(conflicts.all || Object.keys(conflicts.byKey ?? {}).length ? { conflicts } : {}),
      lang,
    };
  }, [ready, skipInvalid, lang, conflicts]);

  const runPreview = async (): Promise<void> => {
    setReport(null);
    setConflicts({});
    commit.reset();
    const { conflicts: _choices, ...fresh } = request;
    const result = await preview.run({ ...fresh, dryRun: true } as Parameters<typeof preview.run>[0]);
    if (result) setReport({ mode: 'preview', result });
  };

  const runCommit = async (): Promise<void> => {
    const result = await commit.run(request as Parameters<typeof commit.run>[0]);
    if (result) {
      setReport({ mode: 'commit', result });
      // Imported files leave the batch; refused ones stay so their mapping can be fixed.
      const refused = new Set(result.files.filter((f) => f.status === 'refused').map((f) => f.file));
      setFiles((list) => list.filter((file) => file.path !== null && refused.has(file.path)));
      await invalidateWorkspaceData(client);
    }
  };

  const setMapping = (key: string, mapping: ColumnMapping | null): void => {
    update(key, { mapping });
    // The preview no longer matches what would be imported.
    if (report?.mode === 'preview') setReport(null);
  };

  return (
    <Page testId="view-import">
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />

      <Card
        title={t('import.stepFiles')}
        actions={files.length > 0 && (
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => { setFiles([]); setReport(null); }} disabled={running}>{t('import.clear')}</button>
        )}
      >
        <div className="stack">
          <DropZone onFiles={addFiles} onPickNative={isDesktop() ? () => void pickNative() : undefined} compact={files.length > 0} />
          {files.length > 0 && (
            <div className="stack" aria-label={t('import.filesTitle')} role="list">
              {files.map((file, index) => (
                <div role="listitem" key={file.key}>
                  <FilePanel
                    file={file}
                    defaultExpanded={index === 0 || files.length <= 2}
                    disabled={running}
                    onMapping={(mapping) => setMapping(file.key, mapping)}
                    onRemove={() => { setFiles((list) => list.filter((f) => f.key !== file.key)); setReport(null); }}
                  />
                </div>
              ))}
            </div>
          )}
        </div>
      </Card>

      <Card title={t('import.stepCheck')} testId="import-actions">
        <div className="stack">
          <div className="row" style={{ alignItems: 'flex-start' }}>
            <label className="check grow">
              <input type="checkbox" checked={skipInvalid} onChange={(e) => { setSkipInvalid(e.target.checked); if (report?.mode === 'preview') setReport(null); }} disabled={running} data-testid="skip-invalid" />
              <span>
                <strong>{t('import.skipInvalid')}</strong>
                <br />
                <span className="subtle">{t('import.skipInvalidHint')}</span>
              </span>
            </label>
            <button type="button" className="btn" onClick={() => void runPreview()} disabled={running || staging || ready.length === 0} data-testid="preview-button">
              <Icon name="search" size={16} />{t('import.preview')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void runCommit()} disabled={running || staging || ready.length === 0} data-testid="commit-button">
              <Icon name="upload" size={16} />{t('import.commit')}
            </button>
          </div>
          <JobStatus state={preview.state} runningLabel={t('import.previewRunning')} onCancel={preview.cancel} cancelLabel={t('common.cancel')} />
          <JobStatus state={commit.state} runningLabel={t('import.commitRunning')} onCancel={commit.cancel} cancelLabel={t('import.cancelJob')} testId="commit-progress" />
        </div>
      </Card>

      {report && <ImportReport result={report.result} mode={report.mode} conflicts={conflicts} {...(report.mode === 'preview' ? { onConflicts: setConflicts } : {})} />}

      <ImportHistory busy={running} />
    </Page>
  );
}

function JobStatus<R>({ state, runningLabel, onCancel, cancelLabel, testId }: {
  state: JobState<R>;
  runningLabel: string;
  onCancel: () => void;
  cancelLabel: string;
  testId?: string;
}): React.JSX.Element | null {
  const { t, fmt } = useI18n();
  if (state.status === 'running') {
    const fraction = state.progress?.fraction ?? null;
    return (
      <div className="job-status" data-testid={testId}>
        <div className="row">
          <strong className="grow" aria-live="polite">{state.progress?.label || runningLabel}</strong>
          {fraction !== null && <span className="muted">{fmt.ratio(fraction, 0)}</span>}
          <button type="button" className="btn btn-sm btn-danger" onClick={onCancel} data-testid="cancel-job">{cancelLabel}</button>
        </div>
        <ProgressBar fraction={fraction} label={runningLabel} />
      </div>
    );
  }
  if (state.status === 'cancelled') return <Banner tone="info">{t('import.cancelled')}</Banner>;
  if (state.status === 'error') return <ErrorBanner error={state.error} />;
  return null;
}
