/**
 * Saisie d'audit (`#/entry`, `#/entry/CODE`, `#/entry/CODE/AUDIT`): choose the audited structure,
 * create the audit (« Nouvel audit »), then enter it item by item by keyboard. Reached from the
 * navigation and from the Fiche structure.
 */
import { CATEGORIES, labelOf } from '../../../../shared/domain.js';
import { Card, Page, PageHeader } from '../../components/layout/PageHeader.js';
import { ErrorBanner, Skeleton } from '../../components/states/index.js';
import { navigate, routePath, useRoute } from '../../state/router.js';
import { EmptyState } from '../analysis-common/StateBlock.js';
import { StructurePicker } from '../structure/StructurePicker.js';
import { NewAuditForm } from './NewAuditForm.js';
import { EntrySheetPanel } from './EntrySheetPanel.js';
import { EntryAuditList } from './EntryAuditList.js';
import { usePrepareEntry } from './queries.js';
import './entry.css';
import { useI18n } from '../../i18n/index.js';

export default function EntryView(): React.JSX.Element {
  const { t, lang } = useI18n();
  const route = useRoute();
  const code = route.segments[1] ?? null;
  const auditId = route.segments[2] !== undefined && /^\d+$/.test(route.segments[2]) ? Number(route.segments[2]) : null;
  const prepared = usePrepareEntry(code, null);

  const picker = (
    <StructurePicker
      edition={null}
      label={t('entry.pickerLabel')}
      placeholder={t('entry.pickerPlaceholder')}
      noResult={t('entry.pickerNoResult')}
      currentName={prepared.data?.structure.name}
      onPick={(picked) => navigate(routePath('entry', picked.code))}
      testId="entry-structure-picker"
    />
  );

  if (code !== null && auditId !== null) {
    return <Page testId="entry-view"><EntrySheetPanel code={code} auditId={auditId} /></Page>;
  }

  if (code === null) {
    return (
      <Page testId="entry-view">
        <PageHeader title={t('entry.title')} subtitle={t('entry.subtitleNone')} actions={picker} />
        <Card><EmptyState title={t('entry.chooseTitle')} hint={t('entry.chooseText')} testId="entry-choose" noImportLink /></Card>
      </Page>
    );
  }

  const data = prepared.data;
  return (
    <Page testId="entry-view">
      <PageHeader
        title={data ? t('entry.newTitle', { name: data.structure.name }) : t('entry.title')}
        subtitle={data ? t('entry.newSubtitle', { category: labelOf(CATEGORIES, data.structure.category, lang) }) : t('entry.subtitleNone')}
        actions={picker}
      />
      {prepared.isError ? <ErrorBanner error={prepared.error} onRetry={() => void prepared.refetch()} /> : null}
      {prepared.isPending ? <Skeleton lines={6} /> : null}
      {data ? (
        <div className="entry-columns">
          <NewAuditForm preparation={data} />
          <EntryAuditList code={data.structure.code} audits={data.audits} />
        </div>
      ) : null}
    </Page>
  );
}
