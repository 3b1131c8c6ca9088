/**
 * The views of the app, in navigation order: id, hash path, label, icon, group, and the component
 * (loaded lazily, one chunk per view). Ctrl+1..7 follows this order. Every view is imported by
 * name, so a mistyped file is a build error; an address no view owns shows « Page introuvable »
 * (AppShell).
 */
import type { QueryClient } from '@tanstack/react-query';
import { lazy, type ComponentType } from 'react';
import { prefetchSetting } from '../api/queries/app.js';
import { gridSettingKey } from '../components/grid/use-column-state.js';
import { EXPLORER_GRID_KEYS } from './explorer/grid-keys.js';
import { prefetchScoresView } from './scores/prefetch.js';
import type { MessageKey } from '../i18n/index.js';
import type { IconName } from '../components/ui/Icon.js';
import type { Route } from '../state/router.js';

export type ViewId = 'home' | 'import' | 'explorer' | 'scores' | 'structure' | 'comparisons' | 'export' | 'referential' | 'entry';
export type ViewGroup = 'data' | 'analysis';

type ViewComponent = ComponentType;
type ViewModule = { default: ViewComponent };

export interface ViewDef {
  id: ViewId;
  /** First path segment: `#/explorer`. Home is `#/`. */
  segment: string;
  labelKey: MessageKey;
  icon: IconName;
  group: ViewGroup;
  Component: ViewComponent;
  /** Starts loading the view's chunk (at start-up, for the view the address opens on). */
  preload: () => void;
  /** Starts loading the view's chunk; resolves once it is loaded (or failed: the view then says so). */
  loaded: () => Promise<void>;
  /** Starts the queries the view needs before it can show anything, in parallel with its chunk. */
  prefetch?: (client: QueryClient) => void;
}

/**
 * One chunk per view, loaded once: `preload()` and React's `lazy` share the same promise. Once the
 * chunk is there the view renders directly, not through `lazy`: a lazy component suspends at its
 * first render even when its chunk is loaded, and React keeps the fallback it then shows for at
 * least 300 ms (its Suspense throttle), which can hold the first view back when its data is there
 * sooner (issue 11).
 */
function lazyView(load: () => Promise<ViewModule>): Pick<ViewDef, 'Component' | 'preload' | 'loaded'> {
  let loading: Promise<ViewModule> | null = null;
  let loadedView: ViewComponent | null = null;
  const once = (): Promise<ViewModule> => (loading ??= load().then((module) => {
    loadedView = module.default;
    return module;
  }));
  const Lazy = lazy(once);
  function View(): React.JSX.Element {
    const Loaded = loadedView;
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return { Component: View, preload: () => void once().catch(() => undefined), loaded: () => once().then(() => undefined, () => undefined) };
}

export const VIEWS: readonly ViewDef[] = [
  { id: 'home', segment: '', labelKey: 'nav.home', icon: 'home', group: 'data', ...lazyView(() => import('./home/HomeView.js')) },
  { id: 'import', segment: 'import', labelKey: 'nav.import', icon: 'upload', group: 'data', ...lazyView(() => import('./import/ImportView.js')) },
  {
    id: 'explorer', segment: 'explorer', labelKey: 'nav.explorer', icon: 'table', group: 'data', ...lazyView(() => import('./explorer/ExplorerView.js')),
    // The grid waits for its remembered columns before it is created (no flash of default columns).
    prefetch: (client) => prefetchSetting(client, gridSettingKey(EXPLORER_GRID_KEYS.audits)),
  },
  {
    id: 'scores', segment: 'scores', labelKey: 'nav.scores', icon: 'chart', group: 'analysis', ...lazyView(() => import('./scores/ScoresView.js')),
    // Its data is asked for while ag-grid and echarts download and parse, not after.
    prefetch: (client) => void prefetchScoresView(client).catch(() => undefined),
  },
  { id: 'structure', segment: 'structure', labelKey: 'nav.structure', icon: 'building', group: 'analysis', ...lazyView(() => import('./structure/StructureView.js')) },
  { id: 'comparisons', segment: 'comparisons', labelKey: 'nav.comparisons', icon: 'scale', group: 'analysis', ...lazyView(() => import('./comparisons/ComparisonsView.js')) },
  { id: 'export', segment: 'export', labelKey: 'nav.export', icon: 'download', group: 'analysis', ...lazyView(() => import('./export/ExportView.js')) },
  // Last, so Ctrl+1..7 keep their views; shown with the data views in the sidebar.
  { id: 'referential', segment: 'referential', labelKey: 'nav.referential', icon: 'file', group: 'data', ...lazyView(() => import('./referential/ReferentialView.js')) },
  // Audit entry (« Saisie d'audit »): `#/entry/CODE` is « Nouvel audit » for a structure (linked from its Fiche).
  { id: 'entry', segment: 'entry', labelKey: 'nav.entry', icon: 'check', group: 'data', ...lazyView(() => import('./entry/EntryView.js')) },
];

/** The view a route shows; `home` for `#/` and `#/home`; null for an unknown path. */
export function viewForRoute(route: Route): ViewDef | null {
  const first = route.segments[0] ?? '';
  if (first === 'home') return VIEWS[0] ?? null;
  // The former Public / privé view's address: the Comparaisons view, which opens that comparison.
  if (first === 'public-private') return VIEWS.find((view) => view.id === 'comparisons') ?? null;
  return VIEWS.find((view) => view.segment === first) ?? null;
}

export function viewHref(view: ViewDef): string {
  return view.segment ? `#/${view.segment}` : '#/';
}
