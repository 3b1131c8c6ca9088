/**
 * Hash routing (`#/import`, `#/explorer`, `#/structure/CODE`): works the same from the desktop's
 * custom protocol and from the browser-mode HTTP server, and survives reloads.
 */
import { useEffect, useState } from 'react';

export interface Route {
  /** The whole path without the leading `#`: `/structure/21750001600000`. */
  path: string;
  /** Decoded path segments: `['structure', '21750001600000']`. */
  segments: string[];
  /** Query parameters after `?` in the hash: `#/explorer?channel=email`. */
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart = '/', query = ''] = raw.split('?', 2);
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  const segments = path.split('/').filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  return { path, segments, params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** Goes to a path (`/structure/CODE`); segments are encoded by `routePath`. */
export function navigate(path: string): void {
  const target = `#${path.startsWith('/') ? path : `/${path}`}`;
  if (window.location.hash !== target) window.location.hash = target;
}

/** Builds an encoded path: `routePath('structure', code)` → `/structure/21%2F75`. */
export function routePath(...segments: string[]): string {
  return `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
}

/** Builds an `href` for links: `href={routeHref('structure', code)}`. */
export function routeHref(...segments: string[]): string {
  return `#${routePath(...segments)}`;
}
