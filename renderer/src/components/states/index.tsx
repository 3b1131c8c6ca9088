/**
 * Designed states every view uses: error banner (the French `{code, message}` of the API),
 * empty state, loading skeletons, and `QueryState`, which picks one of them for a query.
 */
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { errorCodeTitle, localizedErrorMessage } from '../../../../shared/error-messages.js';
import { ApiError } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { Icon, type IconName } from '../ui/Icon.js';

export type BannerTone = 'error' | 'warning' | 'info' | 'success';
const TONE_ICON: Record<BannerTone, IconName> = { error: 'error', warning: 'alert', info: 'info', success: 'check' };

export interface BannerProps {
  tone: BannerTone;
  title?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}

/** A message strip: errors and warnings are announced (role alert / status). */
export function Banner({ tone, title, children, actions, testId }: BannerProps): React.JSX.Element {
  return (
    <div className={`banner banner-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <Icon name={TONE_ICON[tone]} className="banner-icon" />
      <div className="banner-body">
        {title && <div className="banner-title">{title}</div>}
        {children && <div>{children}</div>}
      </div>
      {actions && <div className="banner-actions">{actions}</div>}
    </div>
  );
}

/** The text of an API error in the interface's language (the server's French message when the catalogue has none). */
export function useErrorMessage(): (error: unknown) => string {
  const { lang } = useI18n();
  return (error) => localizedErrorMessage(ApiError.from(error), lang);
}

/**
 * An API error as the user should read it: the catalogue text in the interface's language (else
 * the main side's French message), the code in small print. In English, an error the catalogue
 * does not cover is titled by its code's meaning, so the reader knows what happened.
 */
export function ErrorBanner({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }): React.JSX.Element {
  const { t, lang } = useI18n();
  const apiError = ApiError.from(error);
  const message = localizedErrorMessage(apiError, lang);
  const defaultTitle = lang === 'en' && !apiError.text && apiError.code !== 'NETWORK' ? errorCodeTitle(apiError.code, lang) : t('state.error.title');
  return (
    <Banner
      tone="error"
      title={title ?? defaultTitle}
      testId="error-banner"
      actions={onRetry && <button type="button" className="btn btn-sm" onClick={onRetry}>{t('state.error.retry')}</button>}
    >
      {message}
      {apiError.code !== 'INTERNAL' && <span className="subtle"> · {t('state.error.code', { code: apiError.code })}</span>}
    </Banner>
  );
}

export interface EmptyStateProps {
  title: string;
  text?: ReactNode;
  icon?: IconName;
  actions?: ReactNode;
  testId?: string;
}

export function EmptyState({ title, text, icon = 'database', actions, testId }: EmptyStateProps): React.JSX.Element {
  return (
    <div className="empty-state" data-testid={testId}>
      <div className="empty-state-icon"><Icon name={icon} size={26} /></div>
      <div className="empty-state-title">{title}</div>
      {text && <p className="empty-state-text">{text}</p>}
      {actions && <div className="empty-state-actions">{actions}</div>}
    </div>
  );
}

/** Grey placeholder lines while content loads (`aria-busy` on the container). */
export function Skeleton({ lines = 3, block = false, label }: { lines?: number; block?: boolean; label?: string }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div aria-busy="true" role="status" aria-label={label ?? t('app.loading')}>
      {block && <div className="skeleton skeleton-block" />}
      {Array.from({ length: lines }, (_, index) => (
        <div key={index} className="skeleton skeleton-line" style={{ width: `${92 - ((index * 17) % 40)}%` }} />
      ))}
    </div>
  );
}

/** Skeleton cards for a row of figures. */
export function StatSkeleton({ count = 4 }: { count?: number }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="stat-grid" aria-busy="true" role="status" aria-label={t('app.loading')}>
      {Array.from({ length: count }, (_, index) => (
        <div key={index} className="stat"><div className="skeleton skeleton-line" style={{ width: '50%' }} /><div className="skeleton" style={{ height: 28, width: '70%' }} /></div>
      ))}
    </div>
  );
}

/**
 * Renders the right state of a query: skeleton while pending, error banner (with retry) on error,
 * `empty` when `isEmpty(data)`, else `children(data)`.
 */
export function QueryState<T>({ query, children, skeleton, isEmpty, empty }: {
  query: UseQueryResult<T, unknown>;
  children: (data: T) => ReactNode;
  skeleton?: ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
}): React.JSX.Element {
  if (query.isPending) return <>{skeleton ?? <Skeleton />}</>;
  if (query.isError) return <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty && empty !== undefined && isEmpty(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
