/** Shown for a navigation entry whose view is not built yet. */
import { Page, PageHeader } from '../components/layout/PageHeader.js';
import { EmptyState } from '../components/states/index.js';
import { useI18n } from '../i18n/index.js';

export function ComingSoon(): React.JSX.Element {
  const { t } = useI18n();
  return (
    <Page>
      <PageHeader title={t('app.title')} />
      <div className="card"><EmptyState icon="sparkle" title={t('app.underConstruction')} /></div>
    </Page>
  );
}
