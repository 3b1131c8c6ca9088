/**
 * Browser mode under pressure and against a curious caller, through real HTTP on 127.0.0.1:
 * a bounded flood of heavy calls leaves the server serving (every answer 200, 503 or 413, never a
 * dropped connection), an answer past the cap is refused with 413 instead of being built,
 * `shell.openPath` opens only the exports folder and what the app wrote (one refusal for an
 * existing and a missing file elsewhere, symlinks resolved), and the one-time launch code is
 * exchanged once for an HttpOnly session cookie that then authorises the API.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../shared/contract.js';
import type { AppInfo, ExportFileResult, OpenPathResult } from '../../shared/api-types.js';
import { startBrowserServer, type BrowserServer } from '../../main/server/http-server.js';
import { OPEN_REFUSED_MESSAGE } from '../../main/api/openable-files.js';
import { tempDir } from './helpers.js';
import { seededWorkspaceFile } from './api-test-helpers.js';

interface RawAnswer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One request on its own connection (no keep-alive pooling), with a timeout so a test always ends. */
function request(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }, timeoutMs = 120_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, agent: false,
      headers: { Host: `127.0.0.1:${port}`, ...(options.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

function apiCall(server: BrowserServer, method: string, input: unknown, auth: Record<string, string> = { Authorization: `Bearer ${server.token}` }): Promise<RawAnswer> {
  return request(server.port, { method: 'POST', path: `/api/${method}`, headers: { 'Content-Type': 'application/json', ...auth }, body: JSON.stringify({ input }) });
}

function envelope<T>(answer: RawAnswer): ApiResponse<T> {
  return JSON.parse(answer.body) as ApiResponse<T>;
}

function okResult<T>(answer: RawAnswer): T {
  const body = envelope<T>(answer);
  if (!body.ok) throw new Error(`${answer.status} ${body.error.code}: ${body.error.message}`);
  return body.result;
}

let dir: string;
let workspacePath: string;

beforeAll(() => {
  dir = tempDir('barometre-hardening-');
  workspacePath = seededWorkspaceFile(dir, { structures: 60, itemsPerChannel: 6 }).file;
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function options(sub: string, extra: Record<string, unknown> = {}) {
  return {
    workspacePath,
    prefsFile: path.join(dir, sub, 'prefs.json'),
    stagingDir: path.join(dir, sub, 'staging'),
    resourcesDir: path.join(dir, sub, 'resources'),
    staticDir: path.join(dir, 'no-renderer'),
    ...extra,
  };
}

describe('admission control and bounded answers', () => {
  it('a flood of 300 concurrent item-level score tables leaves the server serving: 200, 503 or 413, nothing dropped', async () => {
    const server = await startBrowserServer(options('flood', { admissionLimits: {
      analytics: { active: 2, queued: 20 }, explorer: { active: 2, queued: 20 }, exports: { active: 1, queued: 4 }, upload: { active: 1, queued: 2 }, other: { active: 8, queued: 64 },
    } }));
    try {
      const answers = await Promise.allSettled(Array.from({ length: 300 }, () => apiCall(server, 'analytics.scores', { edition: 2024, level: 'item' })));
      const statuses = answers.map((a) => (a.status === 'fulfilled' ? a.value.status : `rejected: ${String(a.reason)}`));
      expect(statuses.filter((s) => s !== 200 && s !== 503 && s !== 413)).toEqual([]);
      const served = answers.find((a) => a.status === 'fulfilled' && a.value.status === 200);
      if (served?.status !== 'fulfilled') throw new Error('no 200');
      expect(okResult<unknown[]>(served.value).length).toBeGreaterThan(60);
      // Every slot is given back once the answers have left (none leaked by a refused or departed caller).
      for (let tries = 0; tries < 500 && Object.values(server.admissionState()).some((g) => g.running + g.queued > 0); tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(Object.values(server.admissionState()).every((g) => g.running === 0 && g.queued === 0)).toBe(true);
      // Still serving afterwards, heavy and light calls alike.
      expect(okResult<AppInfo>(await apiCall(server, 'app.info', {})).workspacePath).toBe(workspacePath);
      expect((await apiCall(server, 'analytics.scores', { edition: 2024, level: 'item' })).status).toBe(200);
    } finally {
      await server.close();
    }
  }, 180_000);

  it('a call beyond the running and waiting slots of its kind gets 503 at once; the others are served', async () => {
    const server = await startBrowserServer(options('busy', { admissionLimits: {
      analytics: { active: 1, queued: 1 }, explorer: { active: 1, queued: 1 }, exports: { active: 1, queued: 1 }, upload: { active: 1, queued: 1 }, other: { active: 4, queued: 4 },
    } }));
    try {
      // Two calls whose bodies are still arriving: one holds the slot, one waits for it.
      const body = JSON.stringify({ input: { edition: 2024, level: 'overall' } });
      const slow = [0, 1].map(() => {
        let sendRest!: () => void;
        const answer = new Promise<RawAnswer>((resolve, reject) => {
          const req = http.request({
            host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/analytics.scores', agent: false,
            headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
          }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => { text += c; });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
          });
          req.on('error', reject);
          req.write(body.slice(0, 5));
          sendRest = () => req.end(body.slice(5));
        });
        return { answer, sendRest: () => sendRest() };
      });
      // Both are admitted (or waiting) once the server has seen their headers: wait for that.
      for (let tries = 0; tries < 200 && (await apiCall(server, 'analytics.editions', {})).status !== 503; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const busy = await apiCall(server, 'analytics.scores', { edition: 2024, level: 'overall' });
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('1');
      expect(envelope(busy)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Serveur occupé/) as unknown } });
      // Another kind of call is not held up by the analytics queue.
      expect((await apiCall(server, 'app.info', {})).status).toBe(200);
      for (const s of slow) s.sendRest();
      const answers = await Promise.all(slow.map((s) => s.answer));
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect((await apiCall(server, 'analytics.scores', { edition: 2024, level: 'overall' })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('an answer past the cap is refused with 413 « requête trop lourde », and a smaller one still served', async () => {
    const server = await startBrowserServer(options('cap', { maxAnswerBytes: 20_000 }));
    try {
      const heavy = await apiCall(server, 'analytics.scores', { edition: 2024, level: 'item' });
      expect(heavy.status).toBe(413);
      expect(envelope(heavy)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^Requête trop lourde/) as unknown } });
      expect(heavy.body.length).toBeLessThan(2_000);
      const light = await apiCall(server, 'analytics.scores', { edition: 2024, level: 'overall' });
      expect(light.status).toBe(200);
      // Written in chunks, the answer is still exactly the JSON of the result, with its length.
      expect(Number(light.headers['content-length'])).toBe(Buffer.byteLength(light.body));
      expect(okResult<Array<{ code: string }>>(light).length).toBe(60);
    } finally {
      await server.close();
    }
  });

  it('a non-staging call with a body above 1 MB is refused before it is parsed', async () => {
    const server = await startBrowserServer(options('body'));
    try {
      const answer = await apiCall(server, 'app.info', { padding: 'x'.repeat(1_100_000) });
      expect(answer.status).toBe(413);
      expect(okResult<AppInfo>(await apiCall(server, 'app.info', {})).mode).toBe('browser');
    } finally {
      await server.close();
    }
  });
});

describe('shell.openPath in browser mode', () => {
  let server: BrowserServer;
  let written: ExportFileResult;

  beforeAll(async () => {
    server = await startBrowserServer(options('open'));
    written = okResult<ExportFileResult>(await apiCall(server, 'exports.tables', { edition: 2024 }));
  }, 120_000);

  afterAll(async () => {
    await server.close();
  });

  it('answers a download URL for a file the app wrote in the exports folder', async () => {
    const answer = await apiCall(server, 'shell.openPath', { path: written.path });
    expect(answer.status).toBe(200);
    const opened = okResult<OpenPathResult>(answer);
    expect(opened.opened).toBe(false);
    expect(opened.downloadUrl).toContain('/api/download?path=');
    const download = await request(server.port, { path: opened.downloadUrl! });
    expect(download.status).toBe(200);
  });

  it('refuses any other path with the same answer whether it exists or not (no oracle)', async () => {
    const missingOutside = path.join(dir, 'absent', 'rien.xlsx');
    const answers = await Promise.all(['/etc/passwd', '/etc/shadow', missingOutside, workspacePath, `${path.dirname(written.path)}/../../../espace.barometre.sqlite`]
      .map((p) => apiCall(server, 'shell.openPath', { path: p })));
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body).toBe(answers[0]!.body);
    }
    expect(envelope(answers[0]!)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: OPEN_REFUSED_MESSAGE, text: { key: 'api.openRefused' } } });
  });

  it('refuses a symbolic link in the exports folder that points outside it', async () => {
    const link = path.join(path.dirname(written.path), 'lien.xlsx');
    fs.symlinkSync(workspacePath, link);
    const answer = await apiCall(server, 'shell.openPath', { path: link });
    expect(answer.status).toBe(403);
    expect(envelope(answer)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('one-time launch code', () => {
  let server: BrowserServer;

  beforeAll(async () => {
    server = await startBrowserServer(options('code'));
  });

  afterAll(async () => {
    await server.close();
  });

  it('is exchanged once for an HttpOnly SameSite=Strict cookie and a redirect to the clean address', async () => {
    const launch = new URL(server.launchUrl());
    expect(launch.searchParams.has('token')).toBe(false);
    expect(launch.href).not.toContain(server.token);
    const first = await request(server.port, { path: `${launch.pathname}${launch.search}` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = first.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(server.token);
    const cookie = setCookie.split(';')[0]!;

    // The cookie alone authorises API calls and the event stream's origin checks stay in force.
    expect(okResult<AppInfo>(await apiCall(server, 'app.info', {}, { Cookie: cookie })).mode).toBe('browser');
    const foreign = await apiCall(server, 'app.info', {}, { Cookie: cookie, Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);

    // Used twice: refused, and no cookie given.
    const second = await request(server.port, { path: `${launch.pathname}${launch.search}` });
    expect(second.status).toBe(403);
    expect(second.headers['set-cookie']).toBeUndefined();
  });

  it('refuses an unknown code, a forged cookie and a call with neither token nor cookie', async () => {
    expect((await request(server.port, { path: '/?code=invente' })).status).toBe(403);
    const name = `barometre_session_${server.port}`;
    expect((await apiCall(server, 'app.info', {}, { Cookie: `${name}=${server.token}` })).status).toBe(403);
    expect((await apiCall(server, 'app.info', {}, {})).status).toBe(401);
    // The Bearer token (e2e harness, scripts) keeps working.
    expect((await apiCall(server, 'app.info', {})).status).toBe(200);
  });
});
