/**
 * The checks every browser-mode request passes before anything else: the Host header must name
 * our own loopback address and port (a DNS-rebinding page has its own host name there), a present
 * Origin must be ours (no cross-origin calls, and no CORS headers are ever sent), and the per-run
 * token must match, compared in constant time.
 */
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The Content-Security-Policy of every page the server returns. */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  // The first page URL carries the token: never send it on as a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function newToken(): string {
  return crypto.randomBytes(32).toString('hex');
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowedHosts(port).has(host);
}

/** True when the request has no Origin (same-origin GET, non-browser client) or our own. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) {
    // Browsers label cross-site requests even when they omit Origin.
    return req.headers['sec-fetch-site'] !== 'cross-site';
  }
  return allowedOrigins(port).includes(origin.toLowerCase());
}

export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The token of a request: `Authorization: Bearer …`, else `?token=` (EventSource and downloads cannot set headers). */
export function requestToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return allowQuery ? url.searchParams.get('token') : null;
}
