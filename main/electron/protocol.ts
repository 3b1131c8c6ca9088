/**
 * The `app://barometre/` protocol the desktop UI is served from (never `file://`): files of the
 * built renderer only, with the same strict CSP as browser mode and an SPA fallback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { APP_HOST } from '../../shared/ipc-channels.js';
import { CSP } from '../server/security.js';
import { contentType, NOT_BUILT_PAGE, resolveStatic } from '../server/static-files.js';

export async function appProtocolResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };
  if (url.host !== APP_HOST) return new Response('Introuvable', { status: 404, headers });
  const index = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(index)) return new Response(NOT_BUILT_PAGE, { headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
  let file = resolveStatic(rendererDir, url.pathname);
  if (!file || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    if (path.extname(url.pathname) !== '') return new Response('Introuvable', { status: 404, headers });
    file = index;
  }
  const body = await fs.promises.readFile(file);
  return new Response(body, { headers: { ...headers, 'Content-Type': contentType(file) } });
}

/** `app://barometre` for a frame URL of our protocol (Node's URL gives "null" as origin of custom schemes). */
export function originOf(frameUrl: string | undefined): string | null {
  if (!frameUrl) return null;
  try {
    const url = new URL(frameUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}
