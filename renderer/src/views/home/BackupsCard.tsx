/**
 * Accueil « Sauvegardes » card: the workspace's backup copies (date, reason, size) with
 * « Restaurer… » (confirmed; the replaced workspace is kept aside by the main side), « Créer une
 * sauvegarde », « Enregistrer une copie » and « Vérifier l'espace » (SQLite's full integrity check,
 * `workspace.check`). Backups are taken, rotated and checked in main/workspace/backup.ts.
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AppMode, ExportFileResult } from '../../../../shared/api-types.js';
import type { BackupEntry, BackupReason, WorkspaceCheck } from '../../../../shared/workspace-types.js';
import { invoke } from '../../api/client.js';
import { invalidateApi, useApiQuery } from '../../api/query.js';
import { Card } from '../../components/layout/PageHeader.js';
import { Banner, ErrorBanner, Skeleton } from '../../components/states/index.js';
import { ConfirmDialog } from '../../components/ui/Dialog.js';
import { Icon } from '../../components/ui/Icon.js';
import { useI18n } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/messages-fr.js';

/** Copies shown; older ones stay restorable from the command line (`barometer restore --list`). */
const SHOWN = 8;

const REASON_KEYS: Record<BackupReason, MessageKey> = {
  manuelle: 'backups.reason.manuelle',
  import: 'backups.reason.import',
  correction: 'backups.reason.correction',
  'avant-restauration': 'backups.reason.avantRestauration',
  migration: 'backups.reason.migration',
};

export function BackupsCard({ mode }: { mode: AppMode | undefined }): React.JSX.Element {
  const { t, tn, fmt } = useI18n();
  const client = useQueryClient();
  const backups = useApiQuery('workspace.backups', {});
  const [toRestore, setToRestore] = useState<BackupEntry | null>(null);

  const create = useMutation({
    mutationFn: () => invoke('workspace.backup', {}),
    onSuccess: () => invalidateApi(client, 'workspace.backups'),
  });
  const restore = useMutation({
    mutationFn: (name: string) => invoke('workspace.restore', { name }),
    onSuccess: async () => {
      setToRestore(null);
      // Every figure comes from the restored file now.
      await client.invalidateQueries();
    },
  });
  const check = useMutation({ mutationFn: () => invoke('workspace.check', {}) });
  const saveCopy = useMutation({
    mutationFn: async (): Promise<ExportFileResult | null> => {
      if (mode !== 'desktop') return invoke('workspace.saveCopy', {});
      const choice = await invoke('dialogs.saveFile', { title: t('backups.saveCopy'), defaultName: 'copie.barometre.sqlite', filters: [{ name: t('backups.fileFilter'), extensions: ['sqlite'] }] });
      if (!choice.supported) return invoke('workspace.saveCopy', {});
      return choice.path ? invoke('workspace.saveCopy', { path: choice.path }) : null;
    },
  });

  const list = backups.data ?? [];
  return (
    <Card
      title={t('backups.title')}
      testId="backups-card"
      actions={(
        <div className="toolbar">
          <button type="button" className="btn btn-sm" onClick={() => check.mutate()} disabled={check.isPending} data-testid="check-workspace">
            <Icon name="check" size={16} />{check.isPending ? t('backups.checking') : t('backups.check')}
          </button>
          <button type="button" className="btn btn-sm" onClick={() => saveCopy.mutate()} disabled={saveCopy.isPending}>{t('backups.saveCopy')}</button>
          <button type="button" className="btn btn-sm btn-primary" onClick={() => create.mutate()} disabled={create.isPending} data-testid="create-backup">
            {create.isPending ? t('backups.creating') : t('backups.create')}
          </button>
        </div>
      )}
    >
      <div className="stack">
        <p className="subtle" style={{ margin: 0 }}>{t('backups.hint')}</p>
        {check.data && <CheckResult result={check.data} />}
        {check.isError && <ErrorBanner error={check.error} />}
        {create.isError && <ErrorBanner error={create.error} />}
        {saveCopy.isError && <ErrorBanner error={saveCopy.error} />}
        {saveCopy.data && (
          <Banner tone="success" actions={saveCopy.data.downloadUrl && <a className="btn btn-sm" href={saveCopy.data.downloadUrl} download={saveCopy.data.fileName}>{t('backups.download')}</a>}>
            {t('backups.copySaved', { path: saveCopy.data.path })}
          </Banner>
        )}
        {restore.data && <Banner tone="success">{t('backups.restored', { name: restore.data.restored, aside: restore.data.previousKeptAs })}</Banner>}
        {backups.isPending ? <Skeleton lines={3} /> : backups.isError ? <ErrorBanner error={backups.error} onRetry={() => void backups.refetch()} /> : list.length === 0 ? (
          <p className="muted" style={{ margin: 0 }}>{t('backups.empty')}</p>
        ) : (
          <table className="table" data-testid="backups-table">
            <caption className="visually-hidden">{t('backups.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backups.date')}</th>
                <th scope="col">{t('backups.reason')}</th>
                <th scope="col" className="num">{t('backups.size')}</th>
                <th scope="col"><span className="visually-hidden">{t('backups.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {list.slice(0, SHOWN).map((entry) => (
                <tr key={entry.name}>
                  <th scope="row" title={entry.name} style={{ fontWeight: 'normal' }}>{fmt.dateTime(entry.createdAt)}</th>
                  <td>{t(REASON_KEYS[entry.reason])}</td>
                  <td className="num">{fmt.bytes(entry.bytes)}</td>
                  <td style={{ textAlign: 'right' }}>
                    <button type="button" className="btn btn-sm" onClick={() => { restore.reset(); setToRestore(entry); }} aria-label={`${t('backups.restore')} ${fmt.dateTime(entry.createdAt)}`}>
                      {t('backups.restore')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.length > SHOWN && <p className="subtle" style={{ margin: 0 }}>{tn('backups.more', list.length - SHOWN)}</p>}
      </div>
      <ConfirmDialog
        open={toRestore !== null}
        title={t('backups.confirmTitle')}
        confirmLabel={t('backups.confirmRestore')}
        danger
        busy={restore.isPending}
        onConfirm={() => toRestore && restore.mutate(toRestore.name)}
        onCancel={() => { setToRestore(null); restore.reset(); }}
      >
        {toRestore && <p>{t('backups.confirmText', { date: fmt.dateTime(toRestore.createdAt), reason: t(REASON_KEYS[toRestore.reason]).toLocaleLowerCase() })}</p>}
        {restore.isError && <ErrorBanner error={restore.error} />}
      </ConfirmDialog>
    </Card>
  );
}

function CheckResult({ result }: { result: WorkspaceCheck }): React.JSX.Element {
  const { t, fmt } = useI18n();
  return (
    <Banner tone={result.ok ? 'success' : 'error'} title={result.ok ? t('backups.checkOk') : t('backups.checkFailed')} testId="check-result">
      {result.message}
      {!result.ok && result.problems.length > 0 && (
        <ul style={{ margin: '6px 0 0', paddingLeft: 18 }}>
          {result.problems.slice(0, 5).map((problem) => <li key={problem}>{problem}</li>)}
        </ul>
      )}
      <div className="subtle">{t('backups.checkedAt', { date: fmt.dateTime(result.checkedAt) })}</div>
    </Banner>
  );
}
