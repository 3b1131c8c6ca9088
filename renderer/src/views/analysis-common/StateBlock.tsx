/**
 * The designed non-data states of an analysis view, built on the app's shared states
 * (components/states): loading skeleton, empty ("Aucune donnée pour cette édition" and what to do
 * next) and error (the API's message and a retry button).
 */
import { EmptyState as AppEmptyState, ErrorBanner, Skeleton } from '../../components/states/index.js';
import { commonMessages } from './messages.js';
import { useMessages } from './use-messages.js';

export function LoadingState({ label, lines = 6 }: { label?: string; lines?: number }): React.JSX.Element {
  const { m } = useMessages(commonMessages);
  return (
    <div className="bx-loading">
      <Skeleton lines={lines} block label={label ?? m.loading} />
    </div>
  );
}

/** No data: says so and, unless `noImportLink`, offers the way to get some (the Import view). */
export function EmptyState({ title, hint, testId, noImportLink }: { title?: string; hint?: string; testId?: string; noImportLink?: boolean }): React.JSX.Element {
  const { m } = useMessages(commonMessages);
  return (
    <AppEmptyState
      title={title ?? m.emptyTitle}
      text={hint ?? m.emptyHint}
      icon="chart"
      testId={testId ?? 'empty-state'}
      actions={noImportLink ? undefined : <a className="btn btn-primary" href="#/import">{m.goImport}</a>}
    />
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }): React.JSX.Element {
  const { m } = useMessages(commonMessages);
  return <ErrorBanner error={error} onRetry={onRetry} title={m.errorTitle} />;
}
