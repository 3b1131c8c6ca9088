/** The navigation sidebar: brand, the views in two groups, `aria-current` on the open one. */
import { useI18n } from '../../i18n/index.js';
import { VIEWS, viewHref, type ViewDef, type ViewGroup } from '../../views/registry.js';
import { Icon } from '../ui/Icon.js';

const GROUPS: ReadonlyArray<{ id: ViewGroup; key: 'nav.group.data' | 'nav.group.analysis' }> = [
  { id: 'data', key: 'nav.group.data' },
  { id: 'analysis', key: 'nav.group.analysis' },
];

export function Sidebar({ current, version }: { current: ViewDef | null; version?: string }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <aside className="sidebar">
      <div className="brand">
        <div className="brand-mark" aria-hidden="true">B</div>
        <div className="brand-text">
          <span className="brand-title">{t('app.brand')}</span>
          <span className="brand-subtitle">{t('app.brandSub')}</span>
        </div>
      </div>
      <nav className="nav" aria-label={t('app.mainNav')}>
        {GROUPS.map((group) => (
          <div className="nav-group" key={group.id}>
            <div className="nav-group-title" id={`nav-group-${group.id}`}>{t(group.key)}</div>
            <ul aria-labelledby={`nav-group-${group.id}`}>
              {VIEWS.filter((view) => view.group === group.id).map((view) => {
                const index = VIEWS.indexOf(view) + 1;
                const active = current?.id === view.id;
                return (
                  <li key={view.id}>
                    <a
                      className="nav-link"
                      href={viewHref(view)}
                      aria-current={active ? 'page' : undefined}
                      aria-keyshortcuts={`Control+${index}`}
                      data-testid={`nav-${view.id}`}
                    >
                      <Icon name={view.icon} className="nav-icon" />
                      <span>{t(view.labelKey)}</span>
                      <span className="nav-shortcut" aria-hidden="true">{t('app.shortcutHint', { n: index })}</span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </nav>
      {version && <div className="sidebar-foot">{t('app.version', { version })}</div>}
    </aside>
  );
}
