/**
 * Serves the built renderer (dist/renderer) with the strict CSP and an SPA fallback to
 * index.html; when the renderer was never built, a short French page says how to build it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './security.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  // Reports downloaded in browser mode (exports.report / exports.reports).
  '.pdf': 'application/pdf',
};

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Baromètre Expérience Citoyen</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Baromètre Expérience Citoyen</h1>
<p>L'interface n'a pas encore été construite. Dans le dossier du projet, lancez&nbsp;:</p>
<pre>npm run build:renderer</pre>
<p>puis rechargez cette page.</p>
</body></html>`;

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Resolves a URL path inside `root`, or null when it would leave it. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const target = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  const rel = path.relative(root, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return target;
}

export function serveStatic(root: string, urlPath: string, res: ServerResponse, head: boolean): void {
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(head ? undefined : NOT_BUILT_PAGE);
    return;
  }
  let file = resolveStatic(root, urlPath);
  if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!file || !fs.existsSync(file)) {
    // SPA fallback: a path without extension is a client route; a missing asset is a 404.
    if (path.extname(urlPath) === '') file = index;
    else {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(head ? undefined : 'Introuvable');
      return;
    }
  }
  const isHtml = file.endsWith('.html');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentType(file),
    // Hashed assets can be cached; the HTML entry must always be fresh.
    'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  if (head) {
    res.end();
    return;
  }
  fs.createReadStream(file).pipe(res);
}
