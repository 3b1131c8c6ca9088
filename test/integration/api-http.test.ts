/**
 * Browser mode through real HTTP (node fetch / http.request against a real server on 127.0.0.1):
 * the token, the Host and Origin checks, the JSON envelope and status codes, Server-Sent Events of
 * a job running in a real worker, upload → detect → preview → commit with the real import service,
 * downloads limited to the exports and staging folders, and the static renderer with its CSP.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../shared/contract.js';
import type { JobDoneEvent, StagedFile } from '../../shared/api-types.js';
import type { FileDetection, ImportResult } from '../../shared/import-types.js';
import { startBrowserServer, type BrowserServer } from '../../main/server/http-server.js';
import { CSP } from '../../main/server/security.js';
import { tempDir } from './helpers.js';
import { seededWorkspaceFile, TEST_TASKS } from './api-test-helpers.js';
import { writeSmallBarometer } from '../fixtures/small-barometer.js';

function serverOptions(dir: string, workspacePath: string, extra: Record<string, unknown> = {}) {
  return {
    workspacePath,
    prefsFile: path.join(dir, 'prefs.json'),
    stagingDir: path.join(dir, 'staging'),
    resourcesDir: path.join(dir, 'resources'),
    ...extra,
  };
}

async function call<T = unknown>(server: BrowserServer, method: string, input: unknown, token = server.token): Promise<{ status: number; body: ApiResponse<T> }> {
  const response = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ input }),
  });
  return { status: response.status, body: (await response.json()) as ApiResponse<T> };
}

function result<T>(response: { body: ApiResponse<T> }): T {
  if (!response.body.ok) throw new Error(`${response.body.error.code}: ${response.body.error.message}`);
  return response.body.result;
}

/** A raw request with chosen headers (fetch will not let a test forge Host). */
function rawRequest(port: number, options: { method?: string; path: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/** Reads SSE messages until `stop` says so; returns them all. */
async function readEvents(server: BrowserServer, stop: (event: string, data: unknown) => boolean, onOpen: () => Promise<void>): Promise<Array<{ event: string; data: unknown }>> {
  const controller = new AbortController();
  const response = await fetch(`${server.origin}/api/events?token=${server.token}`, { signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const seen: Array<{ event: string; data: unknown }> = [];
  let buffer = '';
  await onOpen();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (!event || !data) continue;
      const parsed: unknown = JSON.parse(data);
      seen.push({ event, data: parsed });
      if (stop(event, parsed)) {
        controller.abort();
        return seen;
      }
    }
  }
  return seen;
}

describe('browser mode over HTTP', () => {
  let dir: string;
  let server: BrowserServer;
  let staticDir: string;

  beforeAll(async () => {
    dir = tempDir('barometre-http-');
    staticDir = path.join(dir, 'renderer');
    fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Baromètre</title><div id="root"></div>');
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    const { file } = seededWorkspaceFile(dir);
    server = await startBrowserServer(serverOptions(dir, file, { staticDir, tasksModule: TEST_TASKS }));
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 with a random port and a 64-hex token in the printed URL', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  });

  it('answers a valid call with 200 { ok: true, result }', async () => {
    const response = await call<{ mode: string; version: string }>(server, 'app.info', {});
    expect(response.status).toBe(200);
    expect(result(response).mode).toBe('browser');
    const page = result(await call<{ rows: Array<{ edition: number }>; lastRow: number }>(server, 'explorer.audits', { startRow: 0, endRow: 10, filters: { edition: 2024 } }));
    expect(page.rows).toHaveLength(10);
    expect(page.rows.every((r) => r.edition === 2024)).toBe(true);
  });

  it('answers invalid input with 400 INVALID_INPUT and an unknown method with 404 UNKNOWN_METHOD', async () => {
    const invalid = await call(server, 'explorer.audits', { startRow: -1, endRow: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.ok ? null : invalid.body.error.code).toBe('INVALID_INPUT');
    const unknown = await call(server, 'admin.runSql', { sql: 'DROP TABLE audit' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.ok ? null : unknown.body.error.code).toBe('UNKNOWN_METHOD');
    const notJson = await fetch(`${server.origin}/api/app.info`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` }, body: '{not json' });
    expect(notJson.status).toBe(400);
  });

  it('refuses a call without the token (401) or with a wrong one (403)', async () => {
    const missing = await call(server, 'app.info', {}, '');
    expect(missing.status).toBe(401);
    expect(missing.body.ok).toBe(false);
    const wrong = await call(server, 'app.info', {}, 'a'.repeat(64));
    expect(wrong.status).toBe(403);
    // The query-string token is accepted only where a header cannot be sent (events, downloads).
    const viaQuery = await fetch(`${server.origin}/api/app.info?token=${server.token}`, { method: 'POST', body: '{}' });
    expect(viaQuery.status).toBe(401);
    const events = await fetch(`${server.origin}/api/events`);
    expect(events.status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin, and sends no CORS headers', async () => {
    const body = JSON.stringify({ input: {} });
    const headers = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' };
    const rebinding = await rawRequest(server.port, { method: 'POST', path: '/api/app.info', headers: { ...headers, Host: `evil.example:${server.port}` }, body });
    expect(rebinding.status).toBe(403);
    const page = await rawRequest(server.port, { path: '/', headers: { Host: 'evil.example' } });
    expect(page.status).toBe(403);
    const crossOrigin = await rawRequest(server.port, { method: 'POST', path: '/api/app.info', headers: { ...headers, Host: `127.0.0.1:${server.port}`, Origin: 'https://evil.example' }, body });
    expect(crossOrigin.status).toBe(403);
    const localhost = await rawRequest(server.port, { method: 'POST', path: '/api/app.info', headers: { ...headers, Host: `localhost:${server.port}`, Origin: `http://localhost:${server.port}` }, body });
    expect(localhost.status).toBe(200);
    expect(localhost.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('streams job progress and the result of a worker job over Server-Sent Events', async () => {
    let jobId = '';
    const events = await readEvents(
      server,
      (event, data) => event === 'job.done' && (data as JobDoneEvent).jobId === jobId,
      async () => {
        const staged = result(await call<StagedFile>(server, 'imports.stage', { name: 'x.csv', dataBase64: Buffer.from('a;b').toString('base64') }));
        jobId = result(await call<{ jobId: string }>(server, 'imports.preview', { files: [staged.path] })).jobId;
      },
    );
    const progress = events.filter((e) => e.event === 'job.progress' && (e.data as { jobId: string }).jobId === jobId);
    expect(progress.length).toBeGreaterThan(0);
    expect((progress.at(-1)!.data as { progress: { fraction: number } }).progress.fraction).toBe(1);
    const done = events.at(-1)!.data as JobDoneEvent;
    expect(done.ok).toBe(true);
  });

  it('serves the renderer with the strict CSP, falls back to index.html for client routes, and refuses traversal', async () => {
    const index = await fetch(`${server.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CSP);
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await index.text()).toContain('id="root"');
    const route = await fetch(`${server.origin}/explorer`);
    expect(await route.text()).toContain('id="root"');
    const asset = await fetch(`${server.origin}/assets/app.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    const missingAsset = await fetch(`${server.origin}/assets/nope.js`);
    expect(missingAsset.status).toBe(404);
    const traversal = await rawRequest(server.port, { path: '/..%2f..%2fpackage.json', headers: { Host: `127.0.0.1:${server.port}` } });
    expect(traversal.body).not.toContain('"dependencies"');
  });

  it('limits downloads to the exports and staging folders', async () => {
    const staged = result(await call<StagedFile>(server, 'imports.stage', { name: 'rapport.csv', dataBase64: Buffer.from('bonjour').toString('base64') }));
    const ok = await fetch(`${server.origin}/api/download?path=${encodeURIComponent(staged.path)}&token=${server.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toContain('attachment');
    expect(await ok.text()).toBe('bonjour');
    const outside = path.join(dir, 'secret.txt');
    fs.writeFileSync(outside, 'secret');
    const refused = await fetch(`${server.origin}/api/download?path=${encodeURIComponent(outside)}&token=${server.token}`);
    expect(refused.status).toBe(404);
    const noToken = await fetch(`${server.origin}/api/download?path=${encodeURIComponent(staged.path)}`);
    expect(noToken.status).toBe(401);
  });

  it('lets a page reopen only recent workspaces, never create or open arbitrary files', async () => {
    const current = result(await call<{ workspacePath: string }>(server, 'app.info', {})).workspacePath;
    expect((await call(server, 'workspace.open', { path: current })).status).toBe(200);
    const other = path.join(dir, 'other.sqlite');
    expect((await call(server, 'workspace.create', { path: other })).status).toBe(403);
    expect(fs.existsSync(other)).toBe(false);
    expect((await call(server, 'workspace.open', { path: path.join(dir, 'prefs.json') })).status).toBe(403);
    expect(result(await call<{ supported: boolean }>(server, 'dialogs.openFiles', {})).supported).toBe(false);
  });

  it('refuses to read files outside the staging area in browser mode', async () => {
    const outside = path.join(dir, 'outside.csv');
    fs.writeFileSync(outside, 'a;b\n');
    const response = await call(server, 'imports.detect', { path: outside });
    expect(response.status).toBe(403);
  });
});

describe('browser mode with the real import service', () => {
  let dir: string;
  let server: BrowserServer;

  beforeAll(async () => {
    dir = tempDir('barometre-http-import-');
    server = await startBrowserServer(serverOptions(dir, path.join(dir, 'vide.barometre.sqlite'), { staticDir: path.join(dir, 'absent') }));
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a French "build the renderer" page when dist/renderer is missing', async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('npm run build:renderer');
  });

  it('uploads files, detects them, previews and commits the import in a worker, then pages the rows', async () => {
    fs.mkdirSync(path.join(dir, 'sources'));
    const sources = writeSmallBarometer(path.join(dir, 'sources'));
    const staged: StagedFile[] = [];
    for (const file of [sources.referential, sources.structures, sources.long]) {
      const response = await fetch(`${server.origin}/api/upload?name=${encodeURIComponent(path.basename(file))}`, {
        method: 'POST', headers: { Authorization: `Bearer ${server.token}` }, body: fs.readFileSync(file),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as ApiResponse<StagedFile>;
      staged.push(result({ body }));
    }
    expect(staged.map((s) => s.name)).toEqual(['referentiel.xlsx', 'structures.csv', 'resultats-long.csv']);
    const detection = result(await call<FileDetection>(server, 'imports.detect', { path: staged[2]!.path }));
    expect(detection).toMatchObject({ kind: 'results', layout: 'long', fileName: 'resultats-long.csv' });
    expect(detection.columns.length).toBeGreaterThan(0);

    const runJob = async (method: 'imports.preview' | 'imports.commit'): Promise<ImportResult> => {
      let jobId = '';
      const events = await readEvents(server, (event, data) => event === 'job.done' && (data as JobDoneEvent).jobId === jobId, async () => {
        jobId = result(await call<{ jobId: string }>(server, method, { files: staged.map((s) => s.path) })).jobId;
      });
      const done = events.at(-1)!.data as JobDoneEvent;
      if (!done.ok) throw new Error(done.error.message);
      return done.result as ImportResult;
    };
    const preview = await runJob('imports.preview');
    expect(preview.files.map((f) => f.status)).toEqual(['preview', 'preview', 'preview']);
    expect(result(await call<{ lastRow: number }>(server, 'explorer.audits', { startRow: 0, endRow: 100 })).lastRow).toBe(0);

    const committed = await runJob('imports.commit');
    expect(committed.files.every((f) => f.status === 'imported')).toBe(true);
    const audits = committed.files.reduce((n, f) => n + f.audits.new, 0);
    const observations = committed.files.reduce((n, f) => n + f.observations.new, 0);
    expect(result(await call<{ lastRow: number }>(server, 'explorer.audits', { startRow: 0, endRow: 100 })).lastRow).toBe(audits);
    const obs = result(await call<{ lastRow: number; rows: Array<{ itemLabel: string | null }> }>(server, 'explorer.observations', { startRow: 0, endRow: 100 }));
    expect(obs.lastRow).toBe(observations);
    expect(obs.rows.every((r) => r.itemLabel !== null)).toBe(true);
    const history = result(await call<Array<{ fileName: string }>>(server, 'imports.list', {}));
    expect(history).toHaveLength(3);
  });
});
