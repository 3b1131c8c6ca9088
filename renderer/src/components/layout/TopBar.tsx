/**
 * The top bar: the open workspace's name, the demo badge, the workspace chooser, the edition selector (app state read by
 * every view through `useEdition()`), the "mode client" switch (masks personal data in the audit
 * comments shown, `useClientMode()`), and the FR/EN switch.
 */
import { useId } from 'react';
import type { AppInfo } from '../../../../shared/api-types.js';
import type { Lang } from '../../../../shared/domain.js';
import { useI18n } from '../../i18n/index.js';
import { useClientMode } from '../../state/client-mode.js';
import { useEdition } from '../../state/edition.js';
import { Icon } from '../ui/Icon.js';
import { WorkspaceChooserButton } from '../workspace/WorkspaceChooser.js';

const LANGS: ReadonlyArray<{ lang: Lang; label: string; name: string }> = [
  { lang: 'fr', label: 'FR', name: 'Français' },
  { lang: 'en', label: 'EN', name: 'English' },
];

export function TopBar({ info, isDemo }: { info: AppInfo | undefined; isDemo: boolean }): React.JSX.Element {
  const { t, lang, setLang, fmt } = useI18n();
  const { edition, editions, setEdition } = useEdition();
  const { clientMode, setClientMode } = useClientMode();
  const clientModeId = useId();
  const editionId = useId();
  const langLabelId = useId();

  return (
    <header className="topbar">
      <div className="topbar-workspace">
        <Icon name="database" />
        <div>
          <div className="topbar-workspace-label">{t('app.workspace')}</div>
          <div className="topbar-workspace-name" title={info?.workspacePath} data-testid="workspace-name">{info?.workspaceName ?? '…'}</div>
        </div>
        {isDemo && <span className="badge badge-demo" title={t('app.demoBadgeHint')} data-testid="demo-badge">{t('app.demoBadge')}</span>}
        {/* The workspace chooser; this instance also answers the desktop File menu. */}
        <WorkspaceChooserButton menu testId="topbar-workspaces" />
      </div>
      <div className="topbar-spacer" />
      <div className="topbar-controls">
        <div className="topbar-control">
          <label htmlFor={editionId}>{t('app.edition')}</label>
          <select
            id={editionId}
            className="select select-sm"
            value={edition ?? ''}
            disabled={editions.length === 0}
            onChange={(event) => setEdition(Number(event.target.value))}
            data-testid="edition-select"
          >
            {editions.length === 0 && <option value="">{t('app.noEdition')}</option>}
            {editions.map((e) => (
              <option key={e.year} value={e.year}>{e.year} · {fmt.integer(e.structures)} structures</option>
            ))}
          </select>
        </div>
        <div className="topbar-control" title={t('app.clientModeHint')}>
          <label className="check" htmlFor={clientModeId}>
            <input
              id={clientModeId}
              type="checkbox"
              role="switch"
              checked={clientMode}
              onChange={(event) => setClientMode(event.target.checked)}
              data-testid="client-mode"
            />
            {t('app.clientMode')}
          </label>
        </div>
        <div className="topbar-control">
          <span id={langLabelId}><Icon name="globe" size={16} /><span className="visually-hidden">{t('app.language')}</span></span>
          <div className="segmented" role="group" aria-labelledby={langLabelId}>
            {LANGS.map((entry) => (
              <button
                key={entry.lang}
                type="button"
                lang={entry.lang}
                aria-pressed={lang === entry.lang}
                aria-label={`${entry.label} – ${entry.name}`}
                title={entry.name}
                onClick={() => setLang(entry.lang)}
                data-testid={`lang-${entry.lang}`}
              >
                {entry.label}
              </button>
            ))}
          </div>
        </div>
      </div>
    </header>
  );
}
