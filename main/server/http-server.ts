/**
 * Browser mode: the same router as the desktop app, over HTTP on 127.0.0.1 (random free port),
 * with a per-run token on every API call. Routes:
 *   POST /api/<method>         body `{ "input": … }` → `{ ok, result }` | `{ ok: false, error }`
 *   GET  /api/events?token=    Server-Sent Events: `job.progress`, `job.done`, `workspace.changed`
 *   POST /api/upload?name=     raw bytes → `{ ok: true, result: StagedFile }` (size-limited)
 *   GET  /api/download?path=&token=   a file of the exports folder or the staging area
 *   GET  /?code=               one-time launch code → session cookie, redirect to `/` (launch-codes.ts)
 *   GET  anything else         the built renderer (dist/renderer), SPA fallback, strict CSP
 * Every request must carry our Host (DNS rebinding) and, when present, our Origin; no CORS. API
 * calls carry the token (`Authorization: Bearer`) or the session cookie; they pass admission
 * control (admission.ts: bounded concurrency per kind of call, 503 beyond) and their answers are
 * bounded (json-answer.ts: 413 past 32 MB, written in chunks).
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ApiResponse } from '../../shared/contract.js';
import { AppError, type ErrorCode, type SerializedError } from '../../shared/errors.js';
import type { OpenPathResult } from '../../shared/api-types.js';
import { createApiCore, type ApiCore, type ApiCoreOptions } from '../api/core.js';
import type { PlatformServices } from '../api/context.js';
import { MAX_STAGED_BYTES, isInside } from '../api/staging.js';
import { SECURITY_HEADERS, allowedOrigins, hostAllowed, newToken, originAllowed, requestToken, tokensEqual } from './security.js';
import { contentType, serveStatic } from './static-files.js';
import { Admission, BUSY_MESSAGE, DEFAULT_ADMISSION_LIMITS, callClassOf, type AdmissionLimits, type CallClass, type Release } from './admission.js';
import { MAX_ANSWER_BYTES, serializeBounded, writeChunks } from './json-answer.js';
import { LaunchCodes, sessionCookie, sessionCookieHeader } from './launch-codes.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** JSON bodies: `imports.stage` carries base64 files up to ~70 MB; every other call is small. */
const MAX_STAGE_JSON_BYTES = 80 * 1024 * 1024;
const MAX_JSON_BYTES = 1024 * 1024;
/** Open event streams at once (each UI tab holds one). */
const MAX_SSE_CLIENTS = 32;
const SSE_HEARTBEAT_MS = 25_000;

export interface BrowserServerOptions extends Partial<Omit<ApiCoreOptions, 'platform' | 'allowedOrigins'>> {
  workspacePath: string;
  /** 0 (default): a random free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Built renderer; default `dist/renderer` of the repository. */
  staticDir?: string;
  /** Concurrency per kind of call (default: admission.ts). */
  admissionLimits?: AdmissionLimits;
  /** Largest answer sent, in bytes of JSON (default 32 MB). */
  maxAnswerBytes?: number;
}

export interface BrowserServer {
  /** `http://127.0.0.1:PORT/?token=…`: what to open in the browser (never on a command line). */
  url: string;
  /** `http://127.0.0.1:PORT/?code=…`: a one-time address (valid once, 60 s) for a browser started by us. */
  launchUrl(): string;
  /** Calls running and waiting per kind (tests, diagnostics). */
  admissionState(): Record<CallClass, { running: number; queued: number }>;
  origin: string;
  token: string;
  port: number;
  core: ApiCore;
  close(): Promise<void>;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNKNOWN_METHOD: 404,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CANCELLED: 409,
  NOTHING_TO_UNDO: 409,
  WORKSPACE_TOO_NEW: 422,
  WORKSPACE_INVALID: 422,
  // Another application's database, refused untouched: the request was understood, the file is wrong.
  WORKSPACE_FOREIGN: 422,
  FILE_UNREADABLE: 422,
  FILE_HOSTILE: 422,
  LAYOUT_UNKNOWN: 422,
  IMPORT_REFUSED: 422,
  INTERNAL: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

const JSON_HEADERS = { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

/** Small answers (errors, uploads). */
function sendJson(res: ServerResponse, status: number, body: ApiResponse, extraHeaders: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, ...extraHeaders });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, error: SerializedError, extraHeaders: Record<string, string> = {}): void {
  sendJson(res, status, { ok: false, error }, extraHeaders);
}

function tooHeavyMessage(maxBytes: number): string {
  const megabytes = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(maxBytes / (1024 * 1024));
  return `Requête trop lourde : la réponse dépasserait ${megabytes} Mo. Réduisez la sélection (une catégorie plutôt que toute l'édition au niveau « critère », par exemple).`;
}

/** An API answer of any size: chunked and bounded; 413 instead of an answer past `maxBytes`. */
async function sendApiAnswer(res: ServerResponse, status: number, body: ApiResponse, maxBytes: number): Promise<void> {
  const answer = serializeBounded(body, maxBytes);
  if (!answer) {
    sendError(res, 413, { code: 'INVALID_INPUT', message: tooHeavyMessage(maxBytes), details: { maxBytes } });
    return;
  }
  res.writeHead(status, { ...JSON_HEADERS, 'Content-Length': String(answer.bytes) });
  await writeChunks(res, answer);
}

/** 503 for a caller turned away; its unread body is dropped with the connection. */
function sendBusy(req: IncomingMessage, res: ServerResponse): void {
  sendError(res, 503, { code: 'CONFLICT', message: BUSY_MESSAGE }, { 'Retry-After': '1', Connection: 'close' });
  req.resume();
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(AppError.keyed('INVALID_INPUT', 'api.requestTooLarge', { limit }));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(AppError.keyed('INVALID_INPUT', 'api.requestTooLarge', { limit }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Streams an upload into the staging area, refusing it past the size limit. */
function receiveUpload(req: IncomingMessage, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_STAGED_BYTES) {
      reject(AppError.keyed('INVALID_INPUT', 'api.fileTooLarge', { limit: MAX_STAGED_BYTES }));
      req.resume();
      return;
    }
    const out = fs.createWriteStream(target, { mode: 0o600 });
    let size = 0;
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      out.destroy();
      fs.rmSync(target, { force: true });
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_STAGED_BYTES) {
        fail(AppError.keyed('INVALID_INPUT', 'api.fileTooLarge', { limit: MAX_STAGED_BYTES }));
        req.destroy();
      }
    });
    req.on('error', fail);
    out.on('error', fail);
    out.on('finish', () => {
      if (!failed) resolve(size);
    });
    req.pipe(out);
  });
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = newToken();
  // What the session cookie carries: distinct from the token, so neither reveals the other.
  const cookieSecret = newToken();
  const launchCodes = new LaunchCodes();
  const admission = new Admission(options.admissionLimits ?? DEFAULT_ADMISSION_LIMITS);
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const staticDir = options.staticDir ?? path.join(REPO_ROOT, 'dist', 'renderer');
  let port = 0;
  let core: ApiCore | null = null;

  const downloadable = (file: string): boolean => {
    if (!core) return false;
    return isInside(core.context.session.exportsFolder(), file) || core.context.staging.contains(file);
  };
  const downloadUrl = (file: string): string => `/api/download?path=${encodeURIComponent(file)}&token=${token}`;
  const platform: PlatformServices = {
    mode: 'browser',
    downloadUrl: (file) => downloadUrl(file),
    openPath: (file): Promise<OpenPathResult> => {
      if (downloadable(file) && fs.statSync(file).isFile()) return Promise.resolve({ opened: false, downloadUrl: downloadUrl(file) });
      return Promise.resolve({ opened: false });
    },
  };

  const {
    port: wantedPort, host: _host, staticDir: _staticDir, admissionLimits: _limits, maxAnswerBytes: _maxAnswer, ...coreOptions
  } = options;
  core = createApiCore({
    ...coreOptions,
    workspacePath: options.workspacePath,
    platform,
    version: options.version ?? readVersion(),
    resourcesDir: options.resourcesDir ?? path.join(REPO_ROOT, 'resources'),
  });
  const api = core;

  const sseClients = new Set<ServerResponse>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, { code: 'INTERNAL', message: `Erreur interne : ${(error as Error).message}` });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) {
      sendError(res, 403, { code: 'FORBIDDEN', message: 'Hôte refusé.' });
      return;
    }
    if (!originAllowed(req, port)) {
      sendError(res, 403, { code: 'FORBIDDEN', message: 'Origine refusée.' });
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const method = req.method ?? 'GET';

    if (!url.pathname.startsWith('/api/')) {
      if (method !== 'GET' && method !== 'HEAD') {
        sendError(res, 405, { code: 'INVALID_INPUT', message: 'Méthode HTTP non permise.' });
        return;
      }
      if (url.searchParams.has('code')) {
        exchangeLaunchCode(url.searchParams.get('code') ?? '', res);
        return;
      }
      serveStatic(staticDir, url.pathname, res, method === 'HEAD');
      return;
    }

    const route = url.pathname.slice('/api/'.length);
    const allowQueryToken = method === 'GET' && (route === 'events' || route === 'download');
    const given = requestToken(req, url, allowQueryToken);
    const cookie = sessionCookie(req, port);
    if (!given && !cookie) {
      sendError(res, 401, { code: 'FORBIDDEN', message: 'Jeton d’accès manquant.' });
      return;
    }
    if (given ? !tokensEqual(given, token) : !tokensEqual(cookie, cookieSecret)) {
      sendError(res, 403, { code: 'FORBIDDEN', message: 'Jeton d’accès invalide.' });
      return;
    }

    if (route === 'events' && method === 'GET') {
      if (sseClients.size >= MAX_SSE_CLIENTS) {
        sendBusy(req, res);
        return;
      }
      openEventStream(res);
      return;
    }
    if (route === 'download' && method === 'GET') {
      sendDownload(url.searchParams.get('path') ?? '', res);
      return;
    }
    if (method !== 'POST') {
      sendError(res, 405, { code: 'INVALID_INPUT', message: 'Les méthodes de l’API s’appellent en POST.' });
      return;
    }

    // Admitted before the body is read: a waiting or refused call holds no memory for it.
    let closed = false;
    res.once('close', () => {
      closed = true;
    });
    const entered = admission.enter(callClassOf(route), (abandon) => res.once('close', abandon));
    if (!entered) {
      sendBusy(req, res);
      return;
    }
    let release: Release;
    try {
      release = await entered;
    } catch {
      return; // The client went away while waiting.
    }
    // The slot is held until the answer has left or the client is gone (maybe already: then at once).
    if (closed || res.destroyed || req.socket.destroyed) {
      release();
      return;
    }
    res.once('close', release);
    await admitted(route, url, req, res);
  }

  async function admitted(route: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (route === 'upload') {
      const name = url.searchParams.get('name') ?? 'fichier';
      const target = api.context.staging.reserve(name);
      try {
        const size = await receiveUpload(req, target);
        sendJson(res, 200, { ok: true, result: { path: target, name: path.basename(target), size } });
      } catch (error) {
        const serialized = error instanceof AppError ? error.toJSON() : { code: 'INTERNAL' as const, message: (error as Error).message };
        sendError(res, serialized.code === 'INVALID_INPUT' ? 413 : 500, serialized);
      }
      return;
    }
    let input: unknown;
    try {
      const body = await readBody(req, route === 'imports.stage' ? MAX_STAGE_JSON_BYTES : MAX_JSON_BYTES);
      const parsed: unknown = body.length ? JSON.parse(body.toString('utf8')) : {};
      input = parsed !== null && typeof parsed === 'object' && 'input' in parsed ? (parsed as { input: unknown }).input : undefined;
    } catch (error) {
      const message = error instanceof AppError ? error.message : 'Corps de requête illisible : JSON attendu, de la forme { "input": … }.';
      sendError(res, error instanceof AppError ? 413 : 400, { code: 'INVALID_INPUT', message });
      return;
    }
    // The token proved the caller is our page (or a local client holding it): its origin is ours.
    const origin = req.headers.origin?.toLowerCase() ?? `http://127.0.0.1:${port}`;
    // A caller who left while its body was read gets nothing computed for it.
    if (res.destroyed || req.socket.destroyed) return;
    const response = await api.router.call(route, input, { origin });
    if (res.destroyed) return;
    await sendApiAnswer(res, response.ok ? 200 : httpStatusOf(response.error.code), response, maxAnswerBytes);
  }

  /** `/?code=…`: a valid code sets the session cookie and redirects to the address without it. */
  function exchangeLaunchCode(code: string, res: ServerResponse): void {
    if (!launchCodes.redeem(code)) {
      res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end("Lien d'ouverture expiré ou déjà utilisé. Relancez « npm start », ou ouvrez l'adresse affichée dans le terminal.\n");
      return;
    }
    res.writeHead(303, {
      ...SECURITY_HEADERS,
      'Set-Cookie': sessionCookieHeader(port, cookieSecret),
      Location: '/',
      'Cache-Control': 'no-store',
    });
    res.end();
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    sseClients.add(res);
    const unsubscribe = api.subscribe((message) => {
      res.write(`event: ${message.event}\ndata: ${JSON.stringify(message.payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), SSE_HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      sseClients.delete(res);
    });
  }

  function sendDownload(file: string, res: ServerResponse): void {
    if (!file || !downloadable(file) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      sendError(res, 404, { code: 'NOT_FOUND', message: 'Fichier introuvable ou non téléchargeable.' });
      return;
    }
    const name = path.basename(file);
    const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': contentType(file),
      'Content-Length': String(fs.statSync(file).size),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wantedPort ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  for (const origin of allowedOrigins(port)) api.router.allowOrigin(origin);
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    launchUrl: () => `${origin}/?code=${launchCodes.issue()}`,
    admissionState: () => admission.state(),
    origin,
    token,
    port,
    core: api,
    async close() {
      for (const client of sseClients) client.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await api.close();
    },
  };
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
