/**
 * The recent workspaces, most recent first: name, folder, last opening (or « Fichier introuvable »
 * for a moved or deleted file), « Ouvrir » and « Retirer ». Shown in the chooser and on Accueil.
 */
import type { RecentWorkspace } from '../../../../shared/api-types.js';
import { useI18n } from '../../i18n/index.js';
import { Icon } from '../ui/Icon.js';

export interface RecentWorkspaceListProps {
  list: readonly RecentWorkspace[];
  currentPath: string | null;
  busy: boolean;
  onOpen: (path: string) => void;
  onForget: (path: string) => void;
  /** At most this many entries (Accueil shows a few; the chooser all). */
  limit?: number;
}

export function RecentWorkspaceList({ list, currentPath, busy, onOpen, onForget, limit }: RecentWorkspaceListProps): React.JSX.Element {
  const { t, fmt } = useI18n();
  const shown = limit === undefined ? list : list.slice(0, limit);
  return (
    <ul className="workspace-recent-list" data-testid="recent-workspaces">
      {shown.map((entry) => {
        const current = entry.path === currentPath;
        return (
          <li key={entry.path} className="workspace-recent-item" data-missing={entry.exists ? undefined : 'true'}>
            <Icon name={entry.exists ? 'database' : 'alert'} size={16} />
            <div className="grow" style={{ minWidth: 0 }}>
              <div className="workspace-recent-name" title={entry.path}>{entry.name}</div>
              <div className="subtle workspace-recent-path" title={entry.path}>{entry.path}</div>
              <div className="subtle">
                {entry.exists ? t('workspaces.openedAt', { date: fmt.dateTime(entry.openedAt) }) : <span className="badge badge-warning">{t('workspaces.missing')}</span>}
              </div>
            </div>
            {current ? (
              <span className="badge badge-current">{t('workspaces.isCurrent')}</span>
            ) : (
              <>
                <button
                  type="button"
                  className="btn btn-sm"
                  disabled={!entry.exists || busy}
                  onClick={() => onOpen(entry.path)}
                  aria-label={t('workspaces.openRecentLabel', { name: entry.name })}
                >
                  {t('workspaces.openRecent')}
                </button>
                <button
                  type="button"
                  className="btn btn-sm btn-ghost"
                  disabled={busy}
                  onClick={() => onForget(entry.path)}
                  aria-label={t('workspaces.forgetLabel', { name: entry.name })}
                  title={t('workspaces.forgetLabel', { name: entry.name })}
                >
                  <Icon name="close" size={14} />{t('workspaces.forget')}
                </button>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
