/**
 * Browser mode's stand-in for the native file dialogs: folders and workspace files of the user's
 * home folder and the app's data folder, listed by the main side (`workspace.browse`, which
 * refuses anything outside them). `open` picks a workspace file; `create` and `copy` pick a folder
 * and a new file name.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { BrowseRootId, FolderEntry } from '../../../../shared/file-browser-types.js';
import { useI18n } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/messages-fr.js';
import { ErrorBanner, Skeleton } from '../states/index.js';
import { Icon } from '../ui/Icon.js';
import { joinPath, useFolder, workspaceFileName } from './use-workspace-chooser.js';

export type BrowsePurpose = 'open' | 'create' | 'copy';

const ROOT_KEYS: Record<BrowseRootId, MessageKey> = { home: 'workspaces.root.home', appData: 'workspaces.root.appData' };

export interface FileBrowserPanelProps {
  purpose: BrowsePurpose;
  /** Suggested file name for `create` and `copy`. */
  defaultName: string;
  busy: boolean;
  /** `open`: the chosen workspace; `create`/`copy`: the new file's full path. */
  onChoose: (path: string) => void;
}

export function FileBrowserPanel({ purpose, defaultName, busy, onChoose }: FileBrowserPanelProps): React.JSX.Element {
  const { t, fmt } = useI18n();
  const [folder, setFolder] = useState<string | undefined>(undefined);
  const [name, setName] = useState(defaultName);
  const listing = useFolder(folder, true);
  const nameId = useId();
  const listLabelId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const data = listing.data;

  // After moving to another folder, keyboard focus goes to its first entry (or stays put when empty).
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current || listing.isFetching) return;
    moved.current = false;
    listRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [data, listing.isFetching]);
  const go = (path: string): void => {
    moved.current = true;
    setFolder(path);
  };

  const chooseEntry = (entry: FolderEntry): void => {
    if (entry.kind === 'folder') go(entry.path);
    else if (purpose === 'open') onChoose(entry.path);
    else setName(entry.name); // Saving next to an existing file: start from its name (the main side refuses to overwrite).
  };
  const fileName = workspaceFileName(name);

  return (
    <div className="stack file-browser" data-testid="file-browser">
      <div className="row" style={{ gap: 8 }}>
        <div className="segmented" role="group" aria-label={t('workspaces.roots')}>
          {(data?.roots ?? []).map((root) => (
            <button key={root.id} type="button" aria-pressed={data?.root === root.id} onClick={() => go(root.path)} title={root.path}>
              {t(ROOT_KEYS[root.id])}
            </button>
          ))}
        </div>
        <button type="button" className="btn btn-sm" disabled={!data?.parent} onClick={() => data?.parent && go(data.parent)} data-testid="folder-up">
          <Icon name="undo" size={14} />{t('workspaces.up')}
        </button>
      </div>
      <div className="subtle">
        {t('workspaces.location')} : <code data-testid="browse-path" style={{ wordBreak: 'break-all' }}>{data?.path ?? '…'}</code>
      </div>
      {listing.isError && <ErrorBanner error={listing.error} />}
      <div className="file-browser-list" aria-busy={listing.isFetching}>
        <span id={listLabelId} className="visually-hidden">{t('workspaces.entries')}</span>
        {listing.isPending ? <Skeleton lines={4} /> : data && data.entries.length === 0 ? (
          <p className="muted" style={{ margin: 8 }}>{t('workspaces.folderEmpty')}</p>
        ) : (
          <ul ref={listRef} aria-labelledby={listLabelId}>
            {data?.entries.map((entry) => (
              <li key={entry.path}>
                <button
                  type="button"
                  className="file-browser-entry"
                  onClick={() => chooseEntry(entry)}
                  disabled={busy}
                  data-kind={entry.kind}
                >
                  <Icon name={entry.kind === 'folder' ? 'folder' : 'database'} size={16} />
                  {/* The accessible name starts with what the button does, then the visible name. */}
                  <span className="grow file-browser-name">
                    <span className="visually-hidden">{t(entry.kind === 'folder' ? 'workspaces.folderPrefix' : purpose === 'open' ? 'workspaces.openFilePrefix' : 'workspaces.reuseNamePrefix')} </span>
                    {entry.name}
                  </span>
                  {entry.kind === 'workspace' && (
                    <span className="subtle">{fmt.bytes(entry.bytes ?? 0)} · {fmt.dateTime(entry.modifiedAt ?? null)}</span>
                  )}
                  {entry.kind === 'folder' && <Icon name="chevronRight" size={14} />}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {data?.truncated && <p className="subtle" style={{ margin: 0 }}>{t('workspaces.truncated')}</p>}
      {purpose !== 'open' && (
        <form
          className="row"
          style={{ alignItems: 'flex-end' }}
          onSubmit={(event) => {
            event.preventDefault();
            if (data && fileName) onChoose(joinPath(data.path, fileName));
          }}
        >
          <div className="field grow">
            <label className="field-label" htmlFor={nameId}>{t('workspaces.fileName')}</label>
            <input id={nameId} className="input" value={name} onChange={(event) => setName(event.target.value)} data-testid="workspace-file-name" autoComplete="off" spellCheck={false} />
            <span className="field-hint">{t('workspaces.fileNameHint')}</span>
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy || !data || !fileName} data-testid="browse-confirm">
            {purpose === 'create' ? t('workspaces.create') : t('workspaces.saveHere')}
          </button>
        </form>
      )}
    </div>
  );
}
