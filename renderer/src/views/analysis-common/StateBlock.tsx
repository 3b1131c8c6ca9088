/**
 * The designed non-data states of an analysis view, built on the app's shared states
 * (components/states): loading skeleton, empty ("Aucune donnée pour cette édition" and what to do
 * next) and error (the API's message and a retry button).
 */
import { EmptyState as AppEmptyState, ErrorBanner, Skeleton } from '../../components/states/index.js';
import { useI18n } from '../../i18n/index.js';

export function LoadingState({ label, lines = 6 }: { label?: string; lines?: number }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="bx-loading">
      <Skeleton lines={lines} block label={label ?? t('analysis.loading')} />
    </div>
  );
}

/** No data: says so and, unless `noImportLink`, offers the way to get some (the Import view). */
export function EmptyState({ title, hint, testId, noImportLink }: { title?: string; hint?: string; testId?: string; noImportLink?: boolean }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <AppEmptyState
      title={title ?? t('analysis.emptyTitle')}
      text={hint ?? t('analysis.emptyHint')}
      icon="chart"
      testId={testId ?? 'empty-state'}
      actions={noImportLink ? undefined : <a className="btn btn-primary" href="#/import">{t('analysis.goImport')}</a>}
    />
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }): React.JSX.Element {
  const { t } = useI18n();
  return <ErrorBanner error={error} onRetry={onRetry} title={t('analysis.errorTitle')} />;
}
