/**
 * The workspace chooser, the same in both modes: the open workspace's path, « Nouvel espace… »,
 * « Ouvrir… », « Enregistrer une copie… », « Démo », and the recent workspaces (missing files
 * marked, removable). The desktop app asks its native dialogs for a path; browser mode shows the
 * main side's confined file browser instead. A modal dialog: focus moves in, Tab stays inside,
 * Escape goes back (from the file browser) or closes, focus returns to the opener.
 *
 * `WorkspaceChooserButton` opens it; the top bar's instance also answers the desktop File menu
 * (« Ouvrir un espace de travail… », « Nouvel espace de travail… », « Espaces récents »).
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { AppInfo, AppMode, ExportFileResult } from '../../../../shared/api-types.js';
import { invoke, on } from '../../api/client.js';
import { useAppInfo } from '../../api/queries/app.js';
import { useRecentWorkspaces } from '../../api/queries/workspace.js';
import { useI18n } from '../../i18n/index.js';
import { Banner, ErrorBanner, Skeleton } from '../states/index.js';
import { Icon } from '../ui/Icon.js';
import { useModalFocus } from '../ui/use-modal-focus.js';
import { FileBrowserPanel, type BrowsePurpose } from './FileBrowserPanel.js';
import { RecentWorkspaceList } from './RecentWorkspaceList.js';
import { useForgetRecent, useSaveCopy, useWorkspaceSwitch, type SwitchRequest } from './use-workspace-chooser.js';
import './workspace.css';

/** What to do as soon as the chooser opens (the desktop menu's commands). */
export type ChooserStart = { action: 'open' | 'create' } | { action: 'openPath'; path: string } | null;

export interface WorkspaceChooserProps {
  open: boolean;
  start: ChooserStart;
  onClose: () => void;
}

export function WorkspaceChooser({ open, start, onClose }: WorkspaceChooserProps): React.JSX.Element | null {
  if (!open) return null;
  return <ChooserDialog start={start} onClose={onClose} />;
}

/** A copy's default name: the open workspace's name with `-copie`. */
function copyName(info: AppInfo | undefined): string {
  const base = (info?.workspaceName ?? 'espace').replace(/\.barometre\.sqlite$|\.sqlite$/i, '');
  return `${base}-copie.barometre.sqlite`;
}

function ChooserDialog({ start, onClose }: { start: ChooserStart; onClose: () => void }): React.JSX.Element {
  const { t } = useI18n();
  const app = useAppInfo();
  const mode: AppMode | undefined = app.data?.mode;
  const recent = useRecentWorkspaces();
  const forget = useForgetRecent();
  const switcher = useWorkspaceSwitch(onClose);
  const saveCopy = useSaveCopy();
  const [browse, setBrowse] = useState<BrowsePurpose | null>(null);
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const initialRef = useRef<HTMLHeadingElement>(null);

  // Escape leaves the file browser first, then the dialog. The focus hook needs a stable callback.
  const browseRef = useRef(browse);
  browseRef.current = browse;
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const switcherRef = useRef<{ reset: () => void }[]>([]);
  /** Back to the main panel, without the messages of the file browser's attempts. */
  const back = useCallback(() => {
    for (const mutation of switcherRef.current) mutation.reset();
    setBrowse(null);
  }, []);
  const onEscape = useCallback(() => {
    if (browseRef.current) back();
    else onCloseRef.current();
  }, [back]);
  useModalFocus(true, dialogRef, initialRef, onEscape);

  // Each panel change: focus on its heading, so a screen reader says where the user is.
  const firstPanel = useRef(true);
  useEffect(() => {
    if (firstPanel.current) {
      firstPanel.current = false;
      return;
    }
    initialRef.current?.focus();
  }, [browse]);

  switcherRef.current = [switcher, saveCopy];

  const run = (request: SwitchRequest): void => {
    saveCopy.reset();
    switcher.mutate(request);
  };

  /** Desktop: the native dialogs choose the path (`dialogs.*`, main/electron/main.ts). */
  const nativeOpen = async (create: boolean): Promise<void> => {
    const choice = await invoke('dialogs.openWorkspace', { create });
    if (choice.supported && choice.path) run({ kind: create ? 'create' : 'open', path: choice.path });
  };
  const nativeCopy = async (): Promise<void> => {
    const choice = await invoke('dialogs.saveFile', { title: t('workspaces.browseCopyTitle'), defaultName: copyName(app.data), filters: [{ name: t('workspaces.fileFilter'), extensions: ['sqlite'] }] });
    if (choice.supported && choice.path) saveCopy.mutate(choice.path);
  };

  const startWith = (purpose: BrowsePurpose): void => {
    switcher.reset();
    saveCopy.reset();
    if (mode === 'desktop') {
      void (purpose === 'copy' ? nativeCopy() : nativeOpen(purpose === 'create'));
    } else {
      setBrowse(purpose);
    }
  };

  // The desktop menu's command, once, when the mode is known.
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !start || !mode) return;
    started.current = true;
    if (start.action === 'openPath') run({ kind: 'open', path: start.path });
    else startWith(start.action);
    // Once per opening: `run` and `startWith` are new functions each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [start, mode]);

  const busy = switcher.isPending || saveCopy.isPending;
  const title = browse === 'open' ? t('workspaces.browseOpenTitle') : browse === 'create' ? t('workspaces.browseNewTitle') : browse === 'copy' ? t('workspaces.browseCopyTitle') : t('workspaces.title');

  return (
    <div className="dialog-backdrop" onMouseDown={(event) => { if (event.target === event.currentTarget) onClose(); }}>
      <div className="dialog workspace-chooser" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={dialogRef} data-testid="workspace-chooser">
        <div className="dialog-header row" style={{ flexWrap: 'nowrap' }}>
          <h2 id={titleId} ref={initialRef} tabIndex={-1} className="grow">{title}</h2>
          <button type="button" className="btn btn-sm btn-ghost" onClick={onClose} aria-label={t('workspaces.close')} title={t('workspaces.close')}>
            <Icon name="close" size={16} />
          </button>
        </div>
        <div className="dialog-body stack workspace-chooser-body">
          <div className="workspace-current">
            <span className="subtle">{t('workspaces.current')}</span>
            <code data-testid="chooser-current-path">{app.data?.workspacePath ?? '…'}</code>
          </div>

          {switcher.isError && <ErrorBanner error={switcher.error} />}
          {saveCopy.isError && <ErrorBanner error={saveCopy.error} />}
          {saveCopy.data && <CopySaved result={saveCopy.data} />}
          {busy && <p className="subtle" role="status" style={{ margin: 0 }}>{switcher.isPending ? t('workspaces.switching') : t('workspaces.saving')}</p>}

          {browse ? (
            <>
              {mode === 'browser' && <p className="subtle" style={{ margin: 0 }}>{t('workspaces.browserHint')}</p>}
              <FileBrowserPanel
                purpose={browse}
                defaultName={browse === 'copy' ? copyName(app.data) : 'nouvel-espace.barometre.sqlite'}
                busy={busy}
                onChoose={(path) => {
                  if (browse === 'copy') saveCopy.mutate(path);
                  else run({ kind: browse === 'create' ? 'create' : 'open', path });
                }}
              />
              {browse === 'copy' && (
                <div className="row">
                  <span className="subtle grow">{t('workspaces.downloadHint')}</span>
                  <button type="button" className="btn btn-sm" disabled={busy} onClick={() => saveCopy.mutate(undefined)} data-testid="copy-download">
                    <Icon name="download" size={14} />{t('workspaces.downloadCopy')}
                  </button>
                </div>
              )}
            </>
          ) : (
            <>
              <div className="workspace-actions" role="group" aria-label={t('workspaces.actions')}>
                <button type="button" className="btn" onClick={() => startWith('create')} disabled={busy} data-testid="chooser-new">
                  <Icon name="file" size={16} />{t('workspaces.new')}
                </button>
                <button type="button" className="btn" onClick={() => startWith('open')} disabled={busy} data-testid="chooser-open">
                  <Icon name="folder" size={16} />{t('workspaces.open')}
                </button>
                <button type="button" className="btn" onClick={() => startWith('copy')} disabled={busy} data-testid="chooser-copy">
                  <Icon name="download" size={16} />{t('workspaces.saveCopy')}
                </button>
                <button type="button" className="btn" onClick={() => run({ kind: 'demo' })} disabled={busy} title={t('workspaces.demoHint')} data-testid="chooser-demo">
                  <Icon name="sparkle" size={16} />{t('workspaces.demo')}
                </button>
              </div>
              <section aria-labelledby={`${titleId}-recent`} className="stack" style={{ gap: 8 }}>
                <h3 id={`${titleId}-recent`} className="workspace-section-title">{t('workspaces.recent')}</h3>
                {recent.isPending ? <Skeleton lines={3} /> : recent.isError ? <ErrorBanner error={recent.error} /> : (recent.data ?? []).length === 0 ? (
                  <p className="muted" style={{ margin: 0 }}>{t('workspaces.recentEmpty')}</p>
                ) : (
                  <RecentWorkspaceList
                    list={recent.data ?? []}
                    currentPath={app.data?.workspacePath ?? null}
                    busy={busy || forget.isPending}
                    onOpen={(path) => run({ kind: 'open', path })}
                    onForget={(path) => forget.mutate(path)}
                  />
                )}
                {forget.isError && <ErrorBanner error={forget.error} />}
              </section>
              {mode === 'browser' && <p className="subtle" style={{ margin: 0 }}>{t('workspaces.startHint')}</p>}
            </>
          )}
        </div>
        <div className="dialog-actions">
          {browse && (
            <button type="button" className="btn" onClick={back} data-testid="chooser-back">{t('workspaces.back')}</button>
          )}
          <button type="button" className="btn" onClick={onClose}>{t('workspaces.close')}</button>
        </div>
      </div>
    </div>
  );
}

function CopySaved({ result }: { result: ExportFileResult }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <Banner
      tone="success"
      testId="copy-saved"
      actions={result.downloadUrl && <a className="btn btn-sm" href={result.downloadUrl} download={result.fileName}>{t('workspaces.download')}</a>}
    >
      {t('workspaces.copySaved', { path: result.path })}
    </Banner>
  );
}

/**
 * A button that opens the chooser. `menu`: this instance also answers the desktop File menu (only
 * one instance should, the top bar's).
 */
export function WorkspaceChooserButton({ menu, className, label, testId }: { menu?: boolean; className?: string; label?: string; testId?: string }): React.JSX.Element {
  const { t } = useI18n();
  const [state, setState] = useState<{ open: boolean; start: ChooserStart }>({ open: false, start: null });
  const close = useCallback(() => setState({ open: false, start: null }), []);

  useEffect(() => {
    if (!menu) return undefined;
    return on('menu.command', (event) => {
      if (event.command === 'workspace.open') setState({ open: true, start: event.path ? { action: 'openPath', path: event.path } : { action: 'open' } });
      else if (event.command === 'workspace.create') setState({ open: true, start: { action: 'create' } });
    });
  }, [menu]);

  return (
    <>
      <button
        type="button"
        className={className ?? 'btn btn-sm'}
        onClick={() => setState({ open: true, start: null })}
        aria-haspopup="dialog"
        data-testid={testId ?? 'open-workspace-chooser'}
      >
        <Icon name="folder" size={16} />{label ?? t('workspaces.menuButton')}
      </button>
      <WorkspaceChooser open={state.open} start={state.start} onClose={close} />
    </>
  );
}
