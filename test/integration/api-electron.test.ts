/**
 * The thin Electron layer, checked without an Electron binary: the preload bundle (built with
 * esbuild as scripts/build-main.js does, then run in a VM with a stand-in `electron` module)
 * exposes only `invoke` and `on`; the `app://` protocol serves the renderer with the CSP and
 * nothing outside it; the caller origin is derived correctly; the French menu has its shortcuts.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CHANNEL, API_EVENT_CHANNEL, APP_ORIGIN } from '../../shared/contract.js';
import type { MenuCommandEvent } from '../../shared/api-types.js';
import { appProtocolResponse, originOf } from '../../main/electron/protocol.js';
import { menuTemplate } from '../../main/electron/menu-template.js';
import { electronNativeBinding } from '../../main/electron/native-binding.js';
import { CSP } from '../../main/server/security.js';
import { tempDir } from './helpers.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('preload', () => {
  let exposed: Record<string, Record<string, (...args: unknown[]) => unknown>>;
  let invoked: unknown[][];
  let eventHandler: ((event: unknown, message: unknown) => void) | null = null;

  beforeAll(async () => {
    const result = await build({
      entryPoints: [path.join(root, 'main/electron/preload.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, external: ['electron'], logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    exposed = {};
    invoked = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, (...args: unknown[]) => unknown>) => { exposed[name] = api; } },
      ipcRenderer: {
        invoke: (...args: unknown[]) => { invoked.push(args); return Promise.resolve({ ok: true, result: 'pong' }); },
        on: (channel: string, handler: (event: unknown, message: unknown) => void) => { if (channel === API_EVENT_CHANNEL) eventHandler = handler; },
      },
    };
    const sandbox = { require: (name: string) => { if (name === 'electron') return electron; throw new Error(`preload may not require ${name}`); }, module: { exports: {} }, exports: {}, console };
    vm.runInNewContext(code, sandbox);
  });

  it('exposes exactly { invoke, on } as window.barometer, never ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['barometer']);
    expect(Object.keys(exposed.barometer!).sort()).toEqual(['invoke', 'on']);
  });

  it('invokes through the one API channel', async () => {
    await expect(exposed.barometer!.invoke!('app.info', {})).resolves.toEqual({ ok: true, result: 'pong' });
    expect(invoked).toEqual([[API_CHANNEL, 'app.info', {}]]);
    await expect(exposed.barometer!.invoke!(42)).rejects.toThrow();
  });

  it('dispatches events to listeners until they unsubscribe, and refuses unknown events', () => {
    const seen: unknown[] = [];
    const off = exposed.barometer!.on!('job.progress', (p: unknown) => seen.push(p)) as () => void;
    eventHandler!({}, { event: 'job.progress', payload: { jobId: 'a' } });
    eventHandler!({}, { event: 'job.done', payload: { jobId: 'a' } });
    off();
    eventHandler!({}, { event: 'job.progress', payload: { jobId: 'b' } });
    expect(seen).toEqual([{ jobId: 'a' }]);
    expect(() => exposed.barometer!.on!('anything', () => undefined)).toThrow();
  });
});

describe('app:// protocol', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('barometre-protocol-');
    fs.mkdirSync(path.join(dir, 'renderer', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'renderer', 'assets', 'a.js'), 'export {}');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves renderer files with the CSP and falls back to index.html', async () => {
    const index = await appProtocolResponse(path.join(dir, 'renderer'), `${APP_ORIGIN}/`);
    expect(index.headers.get('content-security-policy')).toBe(CSP);
    expect(await index.text()).toContain('root');
    const asset = await appProtocolResponse(path.join(dir, 'renderer'), `${APP_ORIGIN}/assets/a.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(await (await appProtocolResponse(path.join(dir, 'renderer'), `${APP_ORIGIN}/scores`)).text()).toContain('root');
  });

  it('never serves a file outside the renderer folder or for another host', async () => {
    const escape = await appProtocolResponse(path.join(dir, 'renderer'), `${APP_ORIGIN}/..%2fsecret.txt`);
    expect(await escape.text()).not.toBe('secret');
    const other = await appProtocolResponse(path.join(dir, 'renderer'), 'app://autre/index.html');
    expect(other.status).toBe(404);
  });

  it('derives the caller origin of a frame URL', () => {
    expect(originOf(`${APP_ORIGIN}/index.html#/scores`)).toBe(APP_ORIGIN);
    expect(originOf('https://evil.example/x')).toBe('https://evil.example');
    expect(originOf('file:///etc/passwd')).not.toBe(APP_ORIGIN);
    expect(originOf(undefined)).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});

describe('menus and native binding', () => {
  it('has French menus with the shortcuts, recent workspaces and commands sent to the renderer', () => {
    const sent: MenuCommandEvent[] = [];
    const template = menuTemplate({ recent: [{ path: '/d/a.sqlite', name: 'a.sqlite', openedAt: '', exists: true }], isMac: false, dev: false, send: (c) => sent.push(c) });
    expect(template.map((m) => m.label)).toEqual(['Fichier', 'Édition', 'Affichage', 'Aide']);
    const file = template[0]!.submenu as Array<{ label?: string; accelerator?: string; click?: () => void; submenu?: Array<{ click?: () => void }> }>;
    expect(file.find((i) => i.label === 'Ouvrir un espace de travail…')!.accelerator).toBe('CmdOrCtrl+O');
    expect(file.find((i) => i.label === 'Nouvel espace de travail…')!.accelerator).toBe('CmdOrCtrl+N');
    expect(file.find((i) => i.label === 'Importer des fichiers…')!.accelerator).toBe('CmdOrCtrl+I');
    file.find((i) => i.label === 'Espaces récents')!.submenu![0]!.click!();
    expect(sent).toEqual([{ command: 'workspace.open', path: '/d/a.sqlite' }]);
    const view = template[2]!.submenu as Array<{ label?: string; accelerator?: string; role?: string }>;
    expect(view.filter((i) => i.accelerator?.match(/^CmdOrCtrl\+[1-6]$/)).map((i) => i.label)).toEqual(['Accueil', 'Import', 'Explorateur', 'Scores', 'Fiche structure', 'Comparaisons']);
    expect(view.some((i) => i.role === 'reload')).toBe(false);
    const dev = menuTemplate({ recent: [], isMac: false, dev: true, send: () => undefined });
    expect((dev[2]!.submenu as Array<{ role?: string }>).some((i) => i.role === 'reload')).toBe(true);
  });

  it('uses the Electron build of better-sqlite3 only when it is shipped', () => {
    const dir = tempDir('barometre-native-');
    expect(electronNativeBinding(dir)).toBeUndefined();
    fs.mkdirSync(path.join(dir, 'native', 'electron'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'native', 'electron', 'better_sqlite3.node'), '');
    expect(electronNativeBinding(dir)).toBe(path.join(dir, 'native', 'electron', 'better_sqlite3.node'));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
