/**
 * What the app starts before React's first render: the queries every view waits for (app info,
 * workspace info, remembered edition) and the chunk and queries of the view the address opens on.
 * Without this they would start one after another, each behind a render, on the page's critical
 * path (on the Explorer, its first API calls now leave about 200 ms sooner).
 */
import type { QueryClient } from '@tanstack/react-query';
import { prefetchAppInfo, prefetchSetting } from './api/queries/app.js';
import { prefetchWorkspaceInfo } from './api/queries/workspace.js';
import { EDITION_SETTING } from './state/edition.js';
import { parseHash } from './state/router.js';
import { viewForRoute } from './views/registry.js';

export function startEarly(client: QueryClient, hash: string): void {
  const view = viewForRoute(parseHash(hash));
  view?.preload();
  prefetchAppInfo(client);
  prefetchWorkspaceInfo(client);
  prefetchSetting(client, EDITION_SETTING);
  view?.prefetch?.(client);
}
