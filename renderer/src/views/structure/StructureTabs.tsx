/**
 * The tabs of the Fiche structure: the profile against peers (`#/structure/CODE`) and the labels
 * (`#/structure/CODE/labels`). The tab is in the address, so a link or a reload keeps it.
 */
import { navigate, routePath } from '../../state/router.js';
import { useI18n } from '../../i18n/index.js';

export type StructureTab = 'profile' | 'labels';

export function structureTabOf(segments: readonly string[]): StructureTab {
  return segments[2] === 'labels' ? 'labels' : 'profile';
}

export function StructureTabs({ code, current }: { code: string; current: StructureTab }): React.JSX.Element {
  const { t } = useI18n();
  const tabs: Array<{ id: StructureTab; label: string; path: string }> = [
    { id: 'profile', label: t('labels.tabProfile'), path: routePath('structure', code) },
    { id: 'labels', label: t('labels.tabLabels'), path: routePath('structure', code, 'labels') },
  ];
  return (
    <div className="tabs" role="tablist" aria-label={t('labels.tabsLabel')} data-testid="structure-tabs">
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          className="tab"
          aria-selected={current === tab.id}
          onClick={() => navigate(tab.path)}
          data-testid={`structure-tab-${tab.id}`}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
