/**
 * The workspace chooser's main side on real files: the file browser confined to the home and app
 * data folders (`..`, absolute paths elsewhere, symbolic links leading out: refused), the recent
 * list (most recent first, missing files marked, removable), and « Nouvel espace », « Ouvrir… »,
 * « Enregistrer une copie » and « Démo » through the API router in browser mode, on real SQLite
 * workspace files.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo, JobProgressEvent, RecentWorkspace } from '../../shared/api-types.js';
import type { ApiResponse } from '../../shared/contract.js';
import type { FolderListing } from '../../shared/file-browser-types.js';
import type { WorkspaceInfo } from '../../shared/workspace-types.js';
import { AppError } from '../../shared/errors.js';
import { openWorkspace } from '../../main/db/connection.js';
import { browseRoots, confineExistingWorkspace, confineNewFile, listFolder } from '../../main/workspace/file-browser.js';
import { describeRecent, forgetRecent, MAX_RECENT, touchRecent } from '../../main/workspace/recent.js';
import { createTestCore, TEST_ORIGIN, type TestCore } from './api-test-helpers.js';
import { tempDir } from './helpers.js';

const caller = { origin: TEST_ORIGIN };

function ok<T>(response: ApiResponse<T>): T {
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.result;
}

function errorOf(response: ApiResponse): { code: string; message: string } {
  if (response.ok) throw new Error('expected an error');
  return response.error;
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/**
 * home/            projets/{a.barometre.sqlite, b.sqlite, notes.txt}, .cache/, lien-interne → projets,
 *                  lien-sortant → outside/, fichier-sortant.sqlite → outside/secret.sqlite
 * app-data/        demo.barometre.sqlite
 * outside/         secret.sqlite
 */
function buildTree(): { base: string; home: string; appData: string; outside: string } {
  const base = fs.realpathSync(tempDir('barometre-chooser-'));
  const home = path.join(base, 'home');
  const appData = path.join(base, 'app-data');
  const outside = path.join(base, 'outside');
  for (const dir of [path.join(home, 'projets'), path.join(home, '.cache'), appData, outside]) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(home, 'projets', 'a.barometre.sqlite'), '');
  fs.writeFileSync(path.join(home, 'projets', 'b.sqlite'), '');
  fs.writeFileSync(path.join(home, 'projets', 'notes.txt'), 'pas un espace');
  fs.writeFileSync(path.join(appData, 'demo.barometre.sqlite'), '');
  fs.writeFileSync(path.join(outside, 'secret.sqlite'), 'secret');
  fs.symlinkSync(path.join(home, 'projets'), path.join(home, 'lien-interne'));
  fs.symlinkSync(outside, path.join(home, 'lien-sortant'));
  fs.symlinkSync(path.join(outside, 'secret.sqlite'), path.join(home, 'fichier-sortant.sqlite'));
  return { base, home, appData, outside };
}

describe('file browser confined to the home and app data folders', () => {
  let tree: ReturnType<typeof buildTree>;
  let roots: ReturnType<typeof browseRoots>;

  beforeAll(() => {
    tree = buildTree();
    roots = browseRoots({ home: tree.home, appData: tree.appData });
  });
  afterAll(() => fs.rmSync(tree.base, { recursive: true, force: true }));

  it('lists folders and *.sqlite files, hides dot entries, and leaves out links leading outside', () => {
    expect(roots).toEqual([{ id: 'home', path: tree.home }, { id: 'appData', path: tree.appData }]);
    const top = listFolder(undefined, roots);
    expect(top.path).toBe(tree.home);
    expect(top.root).toBe('home');
    expect(top.parent).toBeNull();
    expect(top.entries.map((e) => [e.name, e.kind])).toEqual([['lien-interne', 'folder'], ['projets', 'folder']]);
    expect(listFolder(tree.home, roots, { showHidden: true }).entries.map((e) => e.name)).toContain('.cache');

    const projets = listFolder(path.join(tree.home, 'projets'), roots);
    expect(projets.entries.map((e) => [e.name, e.kind])).toEqual([['a.barometre.sqlite', 'workspace'], ['b.sqlite', 'workspace']]);
    expect(projets.parent).toBe(tree.home);
    expect(projets.entries[0]!.bytes).toBe(0);
    // A link that stays inside is followed; the listing names the real folder.
    expect(listFolder(path.join(tree.home, 'lien-interne'), roots).path).toBe(path.join(tree.home, 'projets'));

    const appData = listFolder(tree.appData, roots);
    expect(appData.root).toBe('appData');
    expect(appData.parent).toBeNull();
    expect(appData.entries.map((e) => e.name)).toEqual(['demo.barometre.sqlite']);
  });

  it('refuses `..`, absolute paths elsewhere, relative paths and symbolic links escaping the roots', () => {
    const refusals = [
      path.join(tree.home, '..'),
      `${tree.home}/projets/../../outside`,
      tree.outside,
      '/etc',
      '/',
      path.join(tree.home, 'lien-sortant'),
      path.join(tree.home, 'lien-sortant', 'sous-dossier-absent'),
    ];
    for (const requested of refusals) {
      const error = thrown(() => listFolder(requested, roots));
      expect(error.code, requested).toBe('FORBIDDEN');
      expect(error.message).toContain('le navigateur de fichiers se limite à votre dossier personnel et le dossier de l\'application');
    }
    expect(thrown(() => listFolder('projets', roots)).code).toBe('INVALID_INPUT');
    expect(thrown(() => listFolder(path.join(tree.home, 'absent'), roots)).code).toBe('NOT_FOUND');
    expect(thrown(() => listFolder(path.join(tree.home, 'projets', 'b.sqlite'), roots)).message).toContain("n'est pas un dossier");

    // Opening: the link's target is outside, whatever the link's own name says.
    expect(thrown(() => confineExistingWorkspace(path.join(tree.home, 'fichier-sortant.sqlite'), roots)).code).toBe('FORBIDDEN');
    expect(thrown(() => confineExistingWorkspace(path.join(tree.outside, 'secret.sqlite'), roots)).code).toBe('FORBIDDEN');
    expect(thrown(() => confineExistingWorkspace(path.join(tree.home, 'projets', 'notes.txt'), roots)).code).toBe('INVALID_INPUT');
    expect(confineExistingWorkspace(path.join(tree.home, 'lien-interne', 'b.sqlite'), roots)).toBe(path.join(tree.home, 'projets', 'b.sqlite'));

    // Creating: the folder is resolved and checked, the name must be new and end in .sqlite.
    expect(thrown(() => confineNewFile(path.join(tree.home, 'lien-sortant', 'nouveau.sqlite'), roots)).code).toBe('FORBIDDEN');
    expect(thrown(() => confineNewFile(path.join(tree.home, '..', 'nouveau.sqlite'), roots)).code).toBe('FORBIDDEN');
    expect(thrown(() => confineNewFile('/etc/nouveau.sqlite', roots)).code).toBe('FORBIDDEN');
    expect(thrown(() => confineNewFile(path.join(tree.home, 'projets', 'a.barometre.sqlite'), roots)).code).toBe('CONFLICT');
    // A link in the way is never written through.
    expect(thrown(() => confineNewFile(path.join(tree.home, 'fichier-sortant.sqlite'), roots)).code).toBe('CONFLICT');
    expect(thrown(() => confineNewFile(path.join(tree.home, 'projets', 'rapport.txt'), roots)).code).toBe('INVALID_INPUT');
    expect(thrown(() => confineNewFile('nouveau.sqlite', roots)).code).toBe('INVALID_INPUT');
    expect(confineNewFile(path.join(tree.home, 'lien-interne', 'nouveau.barometre.sqlite'), roots)).toBe(path.join(tree.home, 'projets', 'nouveau.barometre.sqlite'));
    expect(fs.readFileSync(path.join(tree.outside, 'secret.sqlite'), 'utf8')).toBe('secret');
  });
});

describe('recent list', () => {
  it('puts the latest first, once each, at most MAX_RECENT, marks missing files and forgets one on request', () => {
    const dir = fs.realpathSync(tempDir('barometre-recent-'));
    const files = Array.from({ length: MAX_RECENT + 2 }, (_, i) => path.join(dir, `e${i}.sqlite`));
    for (const file of files) fs.writeFileSync(file, '');
    let list = files.reduce((acc, file, i) => touchRecent(acc, file, new Date(Date.UTC(2026, 0, 1 + i))), [] as ReturnType<typeof touchRecent>);
    expect(list.map((r) => path.basename(r.path))).toEqual(files.slice(-MAX_RECENT).reverse().map((f) => path.basename(f)));
    list = touchRecent(list, files[5]!, new Date(Date.UTC(2026, 5, 1)));
    expect(list[0]).toEqual({ path: files[5], openedAt: '2026-06-01T00:00:00.000Z' });
    expect(list.filter((r) => r.path === files[5])).toHaveLength(1);
    fs.rmSync(files[5]!);
    const described = describeRecent(list);
    expect(described[0]).toMatchObject({ name: 'e5.sqlite', exists: false });
    expect(described.slice(1).every((r) => r.exists)).toBe(true);
    expect(forgetRecent(list, files[5]!).map((r) => r.path)).not.toContain(files[5]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('workspace chooser through the API router, browser mode', () => {
  let t: TestCore;
  let tree: ReturnType<typeof buildTree>;
  const savedEnv = { HOME: process.env.HOME, BAROMETER_HOME: process.env.BAROMETER_HOME };

  beforeEach(() => {
    tree = buildTree();
    // The roots are read from the environment at each call: the home folder and BAROMETER_HOME.
    process.env.HOME = tree.home;
    process.env.BAROMETER_HOME = tree.appData;
    t = createTestCore({ platform: { mode: 'browser' } });
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(tree.base, { recursive: true, force: true });
    process.env.HOME = savedEnv.HOME;
    if (savedEnv.BAROMETER_HOME === undefined) delete process.env.BAROMETER_HOME;
    else process.env.BAROMETER_HOME = savedEnv.BAROMETER_HOME;
  });

  const call = (method: string, input: unknown) => t.core.router.call(method, input, caller);

  it('browses the roots and answers a path outside them with a French refusal', async () => {
    // The open workspace lies outside the roots: the listing starts at the home folder.
    const top = ok(await call('workspace.browse', {})) as FolderListing;
    expect(top.path).toBe(tree.home);
    expect(top.roots.map((r) => r.id)).toEqual(['home', 'appData']);
    const refused = errorOf(await call('workspace.browse', { path: path.join(tree.home, '..', 'outside') }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/^Accès refusé à « .* » : le navigateur de fichiers se limite à votre dossier personnel/);
    expect(errorOf(await call('workspace.browse', { path: path.join(tree.home, 'lien-sortant') })).code).toBe('FORBIDDEN');
  });

  it('creates a new workspace, closing the old connection; saves a copy; reopens both; forgets a missing one', async () => {
    const oldDb = t.core.context.session.db;
    const seededStructures = t.seed.structures;
    const created = path.join(tree.home, 'projets', 'nouveau.barometre.sqlite');
    const info = ok(await call('workspace.create', { path: created })) as AppInfo;
    expect(info.workspacePath).toBe(created);
    expect(oldDb.open).toBe(false);
    expect(t.events.filter((e) => e.event === 'workspace.changed').map((e) => (e.payload as AppInfo).workspacePath)).toEqual([created]);
    expect((ok(await call('workspace.info', {})) as WorkspaceInfo).editions).toEqual([]);
    // A real workspace file, marked as ours.
    const probe = new Database(created, { readonly: true });
    expect(probe.pragma('application_id', { simple: true })).toBe(0x42454331);
    probe.close();

    // Outside the roots, over an existing file, or under another name: refused, nothing written.
    expect(errorOf(await call('workspace.create', { path: path.join(tree.outside, 'x.sqlite') })).code).toBe('FORBIDDEN');
    expect(fs.existsSync(path.join(tree.outside, 'x.sqlite'))).toBe(false);
    expect(errorOf(await call('workspace.create', { path: created })).code).toBe('CONFLICT');
    expect(errorOf(await call('workspace.create', { path: path.join(tree.home, 'x.txt') })).code).toBe('INVALID_INPUT');

    // The seeded workspace (outside the roots) is reopened from the recent list.
    const recent = ok(await call('workspace.recent', {})) as RecentWorkspace[];
    expect(recent.map((r) => r.path)).toEqual([created, t.file]);
    ok(await call('workspace.open', { path: t.file }));
    expect((ok(await call('app.info', {})) as AppInfo).workspacePath).toBe(t.file);

    // « Enregistrer une copie » inside the roots: a consistent online copy, never over a file.
    const copy = path.join(tree.appData, 'copie.barometre.sqlite');
    const saved = ok(await call('workspace.saveCopy', { path: copy })) as { path: string; fileName: string; downloadUrl?: string };
    expect(saved).toEqual({ path: copy, fileName: 'copie.barometre.sqlite' });
    const copyDb = openWorkspace(copy, { readonly: true });
    expect(copyDb.prepare('SELECT COUNT(*) FROM structure').pluck().get()).toBe(seededStructures);
    copyDb.close();
    expect(errorOf(await call('workspace.saveCopy', { path: copy })).code).toBe('CONFLICT');
    expect(errorOf(await call('workspace.saveCopy', { path: path.join(tree.outside, 'fuite.sqlite') })).code).toBe('FORBIDDEN');
    expect(fs.existsSync(path.join(tree.outside, 'fuite.sqlite'))).toBe(false);

    // « Ouvrir… » : the copy, picked in the browser, opens with its data.
    ok(await call('workspace.open', { path: copy }));
    expect((ok(await call('workspace.info', {})) as WorkspaceInfo).structures).toBe(seededStructures);
    // A file the recent list does not know, outside the roots: refused.
    expect(errorOf(await call('workspace.open', { path: path.join(tree.outside, 'secret.sqlite') })).code).toBe('FORBIDDEN');
    expect(errorOf(await call('workspace.open', { path: path.join(tree.home, 'fichier-sortant.sqlite') })).code).toBe('FORBIDDEN');

    // The created workspace disappears: listed as missing, then removed from the list.
    fs.rmSync(created);
    const withMissing = ok(await call('workspace.recent', {})) as RecentWorkspace[];
    expect(withMissing.map((r) => [path.basename(r.path), r.exists])).toEqual([
      ['copie.barometre.sqlite', true], [path.basename(t.file), true], ['nouveau.barometre.sqlite', false],
    ]);
    expect(errorOf(await call('workspace.open', { path: created })).code).toBe('NOT_FOUND');
    const after = ok(await call('workspace.forgetRecent', { path: created })) as RecentWorkspace[];
    expect(after.map((r) => r.path)).toEqual([copy, t.file]);
    const onDisk = JSON.parse(fs.readFileSync(t.core.context.prefs.file, 'utf8')) as { recent: Array<{ path: string }> };
    expect(onDisk.recent.map((r) => r.path)).toEqual([copy, t.file]);
  });

  it("refuses another application's database untouched and keeps the current workspace", async () => {
    const foreign = path.join(tree.home, 'projets', 'compta.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE facture (id INTEGER PRIMARY KEY, montant REAL); INSERT INTO facture (montant) VALUES (12.5);');
    db.close();
    const before = fs.readFileSync(foreign);
    const refused = errorOf(await call('workspace.open', { path: foreign }));
    expect(refused.code).toBe('WORKSPACE_FOREIGN');
    expect(refused.message).toContain("« compta.sqlite » n'est pas un espace de travail du Baromètre");
    expect(fs.readFileSync(foreign).equals(before)).toBe(true);
    expect((ok(await call('app.info', {})) as AppInfo).workspacePath).toBe(t.file);
    expect(t.core.context.session.db.open).toBe(true);
  });

  it('refuses to switch while a job runs, and switches once it is over', async () => {
    const staged = ok(await call('imports.stage', { name: 'a.csv', dataBase64: Buffer.from('x').toString('base64') })) as { path: string };
    const started = ok(await call('imports.commit', { files: [staged.path] })) as { jobId: string };
    await t.waitFor((m) => m.event === 'job.progress' && (m.payload as JobProgressEvent).jobId === started.jobId);
    const target = path.join(tree.appData, 'pendant.barometre.sqlite');
    const refused = errorOf(await call('workspace.create', { path: target }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('Une tâche est en cours');
    expect(fs.existsSync(target)).toBe(false);
    expect(errorOf(await call('workspace.open', { path: t.file })).code).toBe('CONFLICT');
    expect(errorOf(await call('workspace.openDemo', {})).code).toBe('CONFLICT');
    ok(await call('jobs.cancel', { jobId: started.jobId }));
    await t.waitFor((m) => m.event === 'job.done');
    await t.core.context.jobs.idle();
    expect((ok(await call('workspace.create', { path: target })) as AppInfo).workspacePath).toBe(target);
  });

  it('opens the demo copy from the app data folder', async () => {
    const bundled = path.join(t.dir, 'resources', 'demo', 'demo.barometre.sqlite');
    fs.mkdirSync(path.dirname(bundled), { recursive: true });
    fs.copyFileSync(t.file, bundled);
    // The app data folder already holds a (stand-in) demo: the user's copy is the one opened.
    fs.rmSync(path.join(tree.appData, 'demo.barometre.sqlite'));
    const info = ok(await call('workspace.openDemo', {})) as AppInfo;
    expect(info.workspacePath).toBe(path.join(tree.appData, 'demo.barometre.sqlite'));
    expect(fs.existsSync(bundled)).toBe(true);
    expect((ok(await call('workspace.recent', {})) as RecentWorkspace[])[0]!.path).toBe(info.workspacePath);
  });
});
