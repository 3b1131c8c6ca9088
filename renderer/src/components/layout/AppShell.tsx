/**
 * The app frame: skip link, sidebar, top bar and the current view (lazy, with a loading state and
 * an error boundary). Owns the global keyboard shortcuts (Ctrl+1..7 switch views) and the desktop
 * menu's `menu.command` events.
 */
import { Component, Suspense, useEffect, useRef, type ErrorInfo, type ReactNode } from 'react';
import { on } from '../../api/client.js';
import { useAppInfo } from '../../api/queries/app.js';
import { useWorkspaceInfo } from '../../api/queries/workspace.js';
import { useI18n } from '../../i18n/index.js';
import { navigate, useRoute } from '../../state/router.js';
import { VIEWS, viewForRoute, viewHref } from '../../views/registry.js';
import { Page } from './PageHeader.js';
import { Sidebar } from './Sidebar.js';
import { TopBar } from './TopBar.js';
import { EmptyState, ErrorBanner, Skeleton } from '../states/index.js';

class ViewErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error !== null) this.setState({ error: null });
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('View crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error !== null) return <Page><ErrorBanner error={this.state.error} onRetry={() => this.setState({ error: null })} /></Page>;
    return this.props.children;
  }
}

function ViewLoading(): React.JSX.Element {
  const { t } = useI18n();
  return <Page><Skeleton lines={2} label={t('app.viewLoading')} /><Skeleton block lines={4} label={t('app.viewLoading')} /></Page>;
}

function NotFound(): React.JSX.Element {
  const { t } = useI18n();
  return (
    <Page>
      <div className="card">
        <EmptyState icon="info" title={t('state.notFound')} text={t('state.notFoundText')} actions={<a className="btn btn-primary" href="#/">{t('state.backHome')}</a>} />
      </div>
    </Page>
  );
}

export function AppShell(): React.JSX.Element {
  const { t } = useI18n();
  const route = useRoute();
  const view = viewForRoute(route);
  const appInfo = useAppInfo();
  const workspace = useWorkspaceInfo();
  const mainRef = useRef<HTMLElement>(null);
  const isDemo = Boolean(appInfo.data?.isDemo || workspace.data?.isDemo);

  // Ctrl+1..7 (⌘ on macOS) switches views, from anywhere, including inside the grid.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const index = Number(event.key);
      if (!Number.isInteger(index) || index < 1 || index > VIEWS.length) return;
      const target = VIEWS[index - 1];
      if (!target) return;
      event.preventDefault();
      window.location.hash = viewHref(target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The desktop menu drives navigation too.
  useEffect(() => on('menu.command', (event) => {
    if (event.command.startsWith('view.')) {
      const id = event.command.slice('view.'.length);
      const target = VIEWS.find((v) => v.id === id);
      if (target) window.location.hash = viewHref(target);
    } else if (event.command === 'import.files') {
      navigate('/import');
    }
  }), []);

  // Each view change: the page title follows, and focus goes to the content for screen readers.
  const viewLabel = view ? t(view.labelKey) : t('state.notFound');
  const firstRender = useRef(true);
  useEffect(() => {
    document.title = `${viewLabel} · ${t('app.title')}`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [viewLabel, t, view?.id]);

  const ViewComponent = view?.Component;
  return (
    <div className="app">
      <a className="skip-link" href="#main-content" onClick={(event) => { event.preventDefault(); mainRef.current?.focus(); }}>{t('app.skipToContent')}</a>
      <Sidebar current={view} version={appInfo.data?.version} />
      <TopBar info={appInfo.data} isDemo={isDemo} />
      <main className="main" id="main-content" ref={mainRef} tabIndex={-1} aria-label={viewLabel} data-view={view?.id ?? 'not-found'}>
        <ViewErrorBoundary resetKey={route.path}>
          <Suspense fallback={<ViewLoading />}>
            {ViewComponent ? <ViewComponent /> : <NotFound />}
          </Suspense>
        </ViewErrorBoundary>
      </main>
    </div>
  );
}
