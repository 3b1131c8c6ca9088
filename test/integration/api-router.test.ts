/**
 * The router through a real API core on a real SQLite workspace: valid, invalid, unknown and
 * foreign calls; settings; workspace switching; and jobs running in real worker threads
 * (progress events, result, cancellation through the shared flag).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openWorkspace } from '../../main/db/connection.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobDoneEvent, JobProgressEvent } from '../../shared/api-types.js';
import type { ApiResponse } from '../../shared/contract.js';
import { createTestCore, TEST_ORIGIN, type TestCore } from './api-test-helpers.js';

let t: TestCore;
const caller = { origin: TEST_ORIGIN };

beforeEach(() => {
  t = createTestCore();
});
afterEach(async () => {
  await t.close();
});

function ok<T>(response: ApiResponse<T>): T {
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.result;
}

describe('router', () => {
  it('answers a valid call with the handler result', async () => {
    const info = ok(await t.core.router.call('app.info', undefined, caller)) as { version: string; mode: string; workspacePath: string; lang: string };
    expect(info.version).toBe('9.9.9');
    expect(info.mode).toBe('desktop');
    expect(info.workspacePath).toBe(t.file);
    expect(info.lang).toBe('fr');
    const ws = ok(await t.core.router.call('workspace.info', {}, caller)) as { editions: Array<{ year: number; audits: number }> };
    expect(ws.editions.map((e) => e.year)).toEqual(t.seed.editions);
    expect(ws.editions.reduce((n, e) => n + e.audits, 0)).toBe(t.seed.audits);
  });

  it('answers workspace.info from memory until the data changes, on this connection or another', async () => {
    type Info = { structures: number };
    const first = ok(await t.core.router.call('workspace.info', {}, caller)) as Info;
    expect(ok(await t.core.router.call('workspace.info', {}, caller))).toBe(first);
    // Another program commits (the CLI, an import worker): the next answer is read again.
    const other = openWorkspace(t.file);
    try {
      other.prepare("INSERT INTO structure(code, name, category, sector, source) VALUES ('ZZ-NEUVE', 'Mairie neuve', ?, ?, 'structures')")
        .run(...(other.prepare('SELECT category, sector FROM structure LIMIT 1').raw(true).get() as [string, string]));
    } finally {
      other.close();
    }
    const second = ok(await t.core.router.call('workspace.info', {}, caller)) as Info;
    expect(second.structures).toBe(first.structures + 1);
    expect(ok(await t.core.router.call('workspace.info', {}, caller))).toBe(second);
    // Any write through the API on this very connection (a workspace setting) drops the answer too.
    ok(await t.core.router.call('settings.set', { key: 'ui.test', value: 1 }, caller));
    const third = ok(await t.core.router.call('workspace.info', {}, caller));
    expect(third).not.toBe(second);
    expect(third).toEqual(second);
  });

  it('rejects invalid input with INVALID_INPUT, a French message and the zod issues', async () => {
    const response = await t.core.router.call('settings.set', { key: 'bad key!', value: 1, extra: true }, caller);
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('INVALID_INPUT');
    expect(response.error.message).toMatch(/Paramètres invalides/);
    const details = response.error.details as Array<{ path: string[]; code: string }>;
    expect(details.some((d) => d.path[0] === 'key')).toBe(true);
    expect(details.some((d) => d.code === 'unrecognized_keys')).toBe(true);
    // A missing input for a method that needs one is invalid too.
    const missing = await t.core.router.call('explorer.audits', undefined, caller);
    expect(missing.ok ? null : missing.error.code).toBe('INVALID_INPUT');
  });

  it('rejects unknown methods, including prototype names', async () => {
    for (const name of ['nope.nothing', '__proto__', 'toString', 'constructor']) {
      const response = await t.core.router.call(name, {}, caller);
      expect(response.ok ? null : response.error.code).toBe('UNKNOWN_METHOD');
    }
  });

  it('rejects a foreign or missing caller origin with FORBIDDEN before anything runs', async () => {
    for (const origin of ['https://evil.example', 'file://', null]) {
      const response = await t.core.router.call('settings.set', { key: 'x', value: 1 }, { origin });
      expect(response.ok ? null : response.error.code).toBe('FORBIDDEN');
    }
    const stored = ok(await t.core.router.call('settings.get', { key: 'x' }, caller)) as { value: unknown };
    expect(stored.value).toBeNull();
  });

  it('maps service errors to serialisable { code, message, details }', async () => {
    const response = await t.core.router.call('analytics.peers', { code: 'S0001', edition: 1999 }, caller);
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('NOT_FOUND');
    expect(JSON.parse(JSON.stringify(response))).toEqual(response);
  });

  it('reports an unexpected exception as INTERNAL without a stack trace', async () => {
    const broken = createTestCore({ handlers: { 'workspace.recent': () => { throw new TypeError('boom'); } } });
    const errors = console.error;
    console.error = () => undefined;
    try {
      const response = await broken.core.router.call('workspace.recent', {}, caller);
      expect(response.ok).toBe(false);
      if (response.ok) return;
      expect(response.error.code).toBe('INTERNAL');
      expect(response.error.message).toContain('boom');
      expect(response.error.message).not.toMatch(/\n\s+at /);
      expect(response.error.details).toBeUndefined();
    } finally {
      console.error = errors;
      await broken.close();
    }
  });
});

describe('settings and workspaces', () => {
  it('stores JSON settings in the workspace and refuses the demo flag', async () => {
    const columns = [{ colId: 'edition', width: 90 }, { colId: 'structureName', hide: false }];
    ok(await t.core.router.call('settings.set', { key: 'explorer.columns.audits', value: columns }, caller));
    expect(ok(await t.core.router.call('settings.get', { key: 'explorer.columns.audits' }, caller))).toEqual({ key: 'explorer.columns.audits', value: columns });
    const row = t.core.context.session.db.prepare(`SELECT value_json FROM setting WHERE key = 'explorer.columns.audits'`).pluck().get() as string;
    expect(JSON.parse(row)).toEqual(columns);
    ok(await t.core.router.call('settings.set', { key: 'explorer.columns.audits', value: null }, caller));
    expect((ok(await t.core.router.call('settings.get', { key: 'explorer.columns.audits' }, caller)) as { value: unknown }).value).toBeNull();
    const demo = await t.core.router.call('settings.set', { key: 'demo', value: true }, caller);
    expect(demo.ok ? null : demo.error.code).toBe('FORBIDDEN');
  });

  it('switches language, creates and opens workspaces, and remembers them as recent', async () => {
    expect((ok(await t.core.router.call('app.setLanguage', { lang: 'en' }, caller)) as { lang: string }).lang).toBe('en');
    const other = path.join(t.dir, 'autre.barometre.sqlite');
    const created = ok(await t.core.router.call('workspace.create', { path: other }, caller)) as { workspacePath: string; lang: string };
    expect(created.workspacePath).toBe(other);
    expect(created.lang).toBe('en');
    expect(t.events.some((e) => e.event === 'workspace.changed')).toBe(true);
    expect((ok(await t.core.router.call('workspace.info', {}, caller)) as { editions: unknown[] }).editions).toEqual([]);
    const again = await t.core.router.call('workspace.create', { path: other }, caller);
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
    ok(await t.core.router.call('workspace.open', { path: t.file }, caller));
    const recent = ok(await t.core.router.call('workspace.recent', {}, caller)) as Array<{ path: string; exists: boolean }>;
    expect(recent.map((r) => r.path)).toEqual([t.file, other]);
    expect(recent.every((r) => r.exists)).toBe(true);
    const missing = await t.core.router.call('workspace.open', { path: path.join(t.dir, 'absent.sqlite') }, caller);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    // The failed open left the current workspace in place.
    expect((ok(await t.core.router.call('app.info', {}, caller)) as { workspacePath: string }).workspacePath).toBe(t.file);
  });

  it('opens the demo: copies the bundled demo into the app data folder once, then flags it', async () => {
    const home = process.env.BAROMETER_HOME;
    process.env.BAROMETER_HOME = path.join(t.dir, 'home');
    try {
      const missing = await t.core.router.call('workspace.openDemo', {}, caller);
      expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
      const bundled = path.join(t.core.context.resourcesDir, 'demo', 'demo.barometre.sqlite');
      fs.mkdirSync(path.dirname(bundled), { recursive: true });
      const demoDb = openWorkspace(bundled);
      demoDb.prepare(`INSERT INTO setting(key, value_json) VALUES ('demo', 'true')`).run();
      demoDb.pragma('wal_checkpoint(TRUNCATE)');
      demoDb.close();
      const info = ok(await t.core.router.call('workspace.openDemo', {}, caller)) as { workspacePath: string; isDemo: boolean };
      expect(info.workspacePath).toBe(path.join(t.dir, 'home', 'demo.barometre.sqlite'));
      expect(info.isDemo).toBe(true);
      expect(fs.existsSync(info.workspacePath)).toBe(true);
    } finally {
      if (home === undefined) delete process.env.BAROMETER_HOME;
      else process.env.BAROMETER_HOME = home;
    }
  });

  it('answers desktop-only dialogs with { supported: false } when the platform has none', async () => {
    expect(ok(await t.core.router.call('dialogs.openFiles', {}, caller))).toEqual({ supported: false });
    expect(ok(await t.core.router.call('dialogs.openWorkspace', { create: true }, caller))).toEqual({ supported: false });
  });
});

describe('jobs through real worker threads', () => {
  it('runs a job: returns a jobId at once, then progress events, then job.done with the result', async () => {
    const staged = ok(await t.core.router.call('imports.stage', { name: 'a.csv', dataBase64: Buffer.from('x;y\n1;2\n').toString('base64') }, caller)) as { path: string };
    const started = ok(await t.core.router.call('imports.preview', { files: [staged.path] }, caller)) as { jobId: string };
    expect(started.jobId).toMatch(/^[0-9a-f-]{36}$/);
    const done = (await t.waitFor((m) => m.event === 'job.done' && (m.payload as JobDoneEvent).jobId === started.jobId)).payload as JobDoneEvent;
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    // The worker opened its own connection on the same workspace file and read it.
    expect(done.result).toEqual({ steps: 10, editions: t.seed.editions.length, workspacePath: t.file });
    const progress = t.events.filter((e) => e.event === 'job.progress').map((e) => e.payload as JobProgressEvent).filter((p) => p.jobId === started.jobId);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.method === 'imports.preview')).toBe(true);
    const fractions = progress.map((p) => p.progress.fraction ?? 0);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(fractions.at(-1)).toBe(1);
  });

  it('cancels a running job through the shared flag: job.done carries CANCELLED', async () => {
    const staged = ok(await t.core.router.call('imports.stage', { name: 'b.csv', dataBase64: Buffer.from('x').toString('base64') }, caller)) as { path: string };
    const started = ok(await t.core.router.call('imports.commit', { files: [staged.path] }, caller)) as { jobId: string };
    await t.waitFor((m) => m.event === 'job.progress' && (m.payload as JobProgressEvent).jobId === started.jobId);
    expect((ok(await t.core.router.call('jobs.list', {}, caller)) as Array<{ jobId: string }>).map((j) => j.jobId)).toContain(started.jobId);
    expect(ok(await t.core.router.call('jobs.cancel', { jobId: started.jobId }, caller))).toEqual({ cancelled: true });
    const done = (await t.waitFor((m) => m.event === 'job.done' && (m.payload as JobDoneEvent).jobId === started.jobId)).payload as JobDoneEvent;
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error.code).toBe('CANCELLED');
    expect(ok(await t.core.router.call('jobs.cancel', { jobId: started.jobId }, caller))).toEqual({ cancelled: false });
    expect(ok(await t.core.router.call('jobs.list', {}, caller))).toEqual([]);
  });

  it('queues jobs one at a time, cancels a queued one at once, and reports a failing task as job.done with its error', async () => {
    const stage = (name: string): string => t.core.context.staging.stage(name, Buffer.from('x')).path;
    const a = ok(await t.core.router.call('imports.preview', { files: [stage('a.csv')] }, caller)) as { jobId: string };
    const b = ok(await t.core.router.call('imports.commit', { files: [stage('b.csv')] }, caller)) as { jobId: string };
    const c = ok(await t.core.router.call('imports.preview', { files: [stage('fail.csv')] }, caller)) as { jobId: string };
    // b is still queued behind a: cancelling it ends it without ever starting a worker.
    expect(ok(await t.core.router.call('jobs.cancel', { jobId: b.jobId }, caller))).toEqual({ cancelled: true });
    const doneC = (await t.waitFor((m) => m.event === 'job.done' && (m.payload as JobDoneEvent).jobId === c.jobId)).payload as JobDoneEvent;
    const order = t.events.filter((e) => e.event === 'job.done').map((e) => (e.payload as JobDoneEvent).jobId);
    expect(order).toEqual([b.jobId, a.jobId, c.jobId]);
    expect(doneC.ok ? null : doneC.error).toEqual({ code: 'IMPORT_REFUSED', message: 'Échec voulu par le test.' });
    const doneB = t.events.find((e) => e.event === 'job.done' && (e.payload as JobDoneEvent).jobId === b.jobId)!.payload as JobDoneEvent;
    expect(doneB.ok ? null : doneB.error.code).toBe('CANCELLED');
  });
});
