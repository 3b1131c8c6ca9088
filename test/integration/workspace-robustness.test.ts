/**
 * Workspaces that are not well: a full disk during an import, another program holding the lock,
 * corrupt pages, a read-only file, another application's database, a `-wal` journal that is not
 * the workspace's. Each on a real SQLite file, through the CLI and the API router as the user meets
 * them: a French message, no "SqliteError" nor stack trace (unless --debug), nothing written.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import type { OpenOptions } from '../../main/db/connection.js';
import { openWorkspace } from '../../main/db/connection.js';
import { assertDeliverableSource, workspaceHealth } from '../../main/db/health.js';
import { APPLICATION_ID } from '../../main/db/workspace-identity.js';
import { LATEST_SCHEMA_VERSION } from '../../main/db/migrations/index.js';
import type { ApiResponse } from '../../shared/contract.js';
import type { WorkspaceCheck } from '../../shared/workspace-types.js';
import type { AppError } from '../../shared/errors.js';
import { createTestCore, TEST_ORIGIN } from './api-test-helpers.js';
import { tempDir } from './helpers.js';

const caller = { origin: TEST_ORIGIN };
/** What must never reach a user without --debug. */
const TECHNICAL = /SqliteError|\n\s+at |Erreur inattendue/;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], options: OpenOptions = {}): Promise<Run> {
  const io: CliIo & { stdout: string; stderr: string } = {
    stdout: '',
    stderr: '',
    interactive: false,
    out(text: string) { io.stdout += `${text}\n`; },
    err(text: string) { io.stderr += `${text}\n`; },
  };
  const code = await main(args, io, options);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Row count of every table, read without writing anything. */
function tableCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/**
 * Overwrites a page in the middle of the table that holds the most pages with garbage (a fixed
 * pseudo-random pattern), as a failing disk or an interrupted copy would. Returns the page number.
 */
function corruptMiddlePage(file: string): number {
  const db = new Database(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const biggest = db.prepare(`SELECT name FROM dbstat GROUP BY name ORDER BY COUNT(*) DESC LIMIT 1`).pluck().get() as string;
  const pages = db.prepare('SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno').pluck().all(biggest) as number[];
  db.close();
  expect(fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0).toBe(false);
  const page = pages[Math.floor(pages.length / 2)]!;
  const garbage = Buffer.alloc(pageSize);
  let state = 12345;
  for (let i = 0; i < pageSize; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    garbage[i] = state >>> 24;
  }
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, garbage, 0, pageSize, (page - 1) * pageSize);
  fs.closeSync(fd);
  return page;
}

/** A generated barometer (10 structures, 2023, CSV long), imported once into a template workspace. */
let sources: { dir: string; setup: string[]; results: string };
let withoutResults: string;
let withResults: string;

beforeAll(async () => {
  const dir = tempDir('barometre-robust-');
  const generated = await run(['generate', '--out', path.join(dir, 'sources'), '--structures', '10', '--editions', '2023', '--formats', 'csv', '--layout', 'long', '--seed', '3', '--json']);
  expect(generated.code).toBe(0);
  const files = (JSON.parse(generated.stdout) as { files: Array<{ name: string; path: string }> }).files;
  sources = { dir, setup: files.filter((f) => !f.name.startsWith('resultats')).map((f) => f.path), results: files.find((f) => f.name.startsWith('resultats'))!.path };
  withoutResults = path.join(dir, 'modele-sans-resultats.sqlite');
  expect((await run(['import', ...sources.setup, '--db', withoutResults])).code).toBe(0);
  withResults = path.join(dir, 'modele-avec-resultats.sqlite');
  fs.copyFileSync(withoutResults, withResults);
  expect((await run(['import', sources.results, '--db', withResults])).code).toBe(0);
});

afterAll(() => {
  fs.rmSync(sources.dir, { recursive: true, force: true });
});

/** A fresh copy of a template workspace in its own folder. */
function copyOf(template: string, name = 'espace.sqlite'): string {
  const file = path.join(tempDir('barometre-robust-'), name);
  fs.copyFileSync(template, file);
  return file;
}

describe('disk full during an import', () => {
  it('says the disk is full in French, writes nothing, and leaves an intact workspace', async () => {
    const file = copyOf(withoutResults);
    const before = tableCounts(file);
    const raw = new Database(file, { readonly: true });
    const pages = raw.pragma('page_count', { simple: true }) as number;
    raw.close();
    // SQLite's max_page_count caps the file a few pages above its size: the import cannot fit.
    const full = await run(['import', sources.results, '--db', file, '--json'], { maxPageCount: pages + 3 });
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/^Erreur : Le disque est plein : l'import n'a rien écrit, l'espace de travail est inchangé ; libérez au moins [\d\s\u202f]+ Mo/);
    expect(full.stderr).not.toMatch(TECHNICAL);
    expect((JSON.parse(full.stdout) as { error: { code: string } }).error.code).toBe('DISK_FULL');
    expect(tableCounts(file)).toEqual(before);
    expect(integrity(file)).toBe('ok');

    // --debug adds the technical detail for a bug report.
    const debug = await run(['import', sources.results, '--db', file, '--debug'], { maxPageCount: pages + 3 });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/Le disque est plein/);
    expect(debug.stderr).toMatch(/SqliteError: database or disk is full\n\s+at /);

    // With room again, the same import goes through: the workspace was left usable.
    expect((await run(['import', sources.results, '--db', file])).code).toBe(0);
    expect(tableCounts(file).observation).toBeGreaterThan(before.observation!);
  });

  it('the API router answers a SQLite failure with its French message, never the SqliteError text', async () => {
    const full = createTestCore({
      handlers: {
        'workspace.recent': () => {
          // A real SqliteError (not one openWorkspace already explained) thrown inside a handler.
          const capped = openWorkspace(path.join(tempDir(), 'plein.sqlite'));
          try {
            capped.pragma(`max_page_count = ${capped.pragma('page_count', { simple: true }) as number}`);
            capped.exec(`INSERT INTO setting(key, value_json) SELECT 'k' || value, hex(randomblob(3000)) FROM json_each('[1,2,3,4,5]')`);
          } finally {
            capped.close();
          }
          return [];
        },
      },
    });
    try {
      const response = await full.core.router.call('workspace.recent', {}, caller);
      expect(response.ok).toBe(false);
      if (response.ok) return;
      expect(response.error.code).toBe('DISK_FULL');
      expect(response.error.message).toMatch(/^Le disque est plein : l'opération n'a rien écrit/);
      expect(response.error.message).not.toMatch(TECHNICAL);
    } finally {
      await full.close();
    }
  });
});

describe('another program holds the workspace', () => {
  it('reads go on; a write gives up after the busy timeout with « ouvert par un autre programme »', async () => {
    const file = copyOf(withoutResults);
    const before = tableCounts(file);
    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      // WAL: readers are not blocked by a writer.
      const info = await run(['info', '--db', file, '--json'], { busyTimeoutMs: 200 });
      expect(info.code).toBe(0);
      expect(info.stderr).toBe('');

      const started = Date.now();
      const locked = await run(['import', sources.results, '--db', file, '--json'], { busyTimeoutMs: 200 });
      expect(Date.now() - started).toBeLessThan(4000);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toMatch(/^Erreur : L'espace est ouvert par un autre programme \(« espace\.sqlite »\) qui y écrit : après 0,2 s d'attente, l'import a renoncé sans rien écrire\./);
      expect(locked.stderr).not.toMatch(TECHNICAL);
      expect((JSON.parse(locked.stdout) as { error: { code: string } }).error.code).toBe('WORKSPACE_LOCKED');
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect(tableCounts(file)).toEqual(before);
    expect((await run(['import', sources.results, '--db', file], { busyTimeoutMs: 200 })).code).toBe(0);
  });
});

describe('corrupt pages in the middle of a workspace', () => {
  it('is detected on open: commands warn and exit 3, exports refuse, check diagnoses, nothing is written', async () => {
    const file = copyOf(withResults);
    // A copy a migration left beside it: the message must point at it.
    const backup = `${file}.v3-2026-11-02T10-00-00-000Z.bak`;
    fs.copyFileSync(withResults, backup);
    corruptMiddlePage(file);
    const damaged = sha256(file);

    const info = await run(['info', '--db', file]);
    expect(info.code).not.toBe(0);
    expect(info.stderr).toMatch(/ATTENTION : l'espace de travail « espace\.sqlite » est endommagé/);
    expect(info.stderr).toMatch(/les exports de livrables sont refusés/);
    expect(info.stderr).toContain(`Une copie de sauvegarde peut être restaurée : « ${path.basename(backup)} »`);
    expect(info.stderr).not.toMatch(TECHNICAL);

    const out = path.join(path.dirname(file), 'tableaux.xlsx');
    const exported = await run(['export', 'tables', '--edition', '2023', '--out', out, '--db', file]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(/Erreur : Export refusé : l'espace de travail « espace\.sqlite » est endommagé/);
    expect(fs.existsSync(out)).toBe(false);

    const imported = await run(['import', sources.results, '--db', file]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/endommagé/);
    expect(imported.stderr).not.toMatch(TECHNICAL);

    const check = await run(['check', '--db', file, '--json']);
    expect(check.code).toBe(3);
    const result = JSON.parse(check.stdout) as WorkspaceCheck;
    expect(result).toMatchObject({ ok: false, openCheck: 'failed', readonly: true, latestBackup: backup });
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.message).toMatch(/est endommagé : \d+ problèmes? trouvés?/);

    // Every command ran read-only: the damaged file was not touched, not even by a checkpoint.
    expect(sha256(file)).toBe(damaged);
  });

  it('a workspace too large for the open-time check is checked before its first deliverable, which it refuses when damaged', async () => {
    const file = copyOf(withResults);
    corruptMiddlePage(file);
    // quickCheckMaxBytes 0: treated as a national workspace, not checked when opened.
    const info = await run(['info', '--db', file], { quickCheckMaxBytes: 0 });
    expect(info.stderr).not.toMatch(/endommagé/);
    const out = path.join(path.dirname(file), 'tableaux.xlsx');
    const exported = await run(['export', 'tables', '--edition', '2023', '--out', out, '--db', file], { quickCheckMaxBytes: 0 });
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(/Export refusé : l'espace de travail « espace\.sqlite » est endommagé/);
    expect(fs.existsSync(out)).toBe(false);
    // An intact one, unchecked at opening, exports after its check.
    const sound = copyOf(withResults);
    const ok = await run(['export', 'tables', '--edition', '2023', '--out', path.join(path.dirname(sound), 't.xlsx'), '--db', sound], { quickCheckMaxBytes: 0 });
    expect(ok.code).toBe(0);
  });

  it('an intact workspace passes `barometer check` with exit code 0', async () => {
    const file = copyOf(withResults);
    const check = await run(['check', '--db', file]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/« espace\.sqlite » est intact/);
  });

  it('the API: workspace.check reports the damage and every export refuses', async () => {
    const t = createTestCore();
    try {
      const ok = <T>(response: ApiResponse<T>): T => {
        if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
        return response.result;
      };
      expect(ok(await t.core.router.call('workspace.check', undefined, caller))).toMatchObject({ ok: true, openCheck: 'ok', problems: [] });
      const broken = path.join(t.dir, 'endommage.barometre.sqlite');
      fs.copyFileSync(t.file, broken);
      corruptMiddlePage(broken);
      ok(await t.core.router.call('workspace.open', { path: broken }, caller));
      const check = ok(await t.core.router.call('workspace.check', undefined, caller)) as WorkspaceCheck;
      expect(check.ok).toBe(false);
      expect(check.message).toMatch(/endommagé/);
      const edition = t.seed.editions[0]!;
      for (const [method, input] of [['exports.tables', { edition }], ['exports.structures', { edition }]] as const) {
        const response = await t.core.router.call(method, input, caller);
        expect(response.ok).toBe(false);
        if (!response.ok) {
          expect(response.error.code).toBe('WORKSPACE_CORRUPT');
          expect(response.error.message).toMatch(/^Export refusé/);
        }
      }
    } finally {
      await t.close();
    }
  });
});

describe('read-only workspaces', () => {
  it('opens read-only for reading; a write is refused with « lecture seule », file unchanged', async () => {
    const file = copyOf(withResults);
    const before = sha256(file);
    const db = openWorkspace(file, { readonly: true });
    expect(workspaceHealth(db)).toMatchObject({ readonlyReason: 'requested', check: 'ok' });
    expect(() => assertDeliverableSource(db)).not.toThrow();
    db.close();

    const info = await run(['info', '--db', file, '--json'], { readonly: true });
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ editions: [{ year: 2023 }] });
    const write = await run(['imports', 'undo', '--db', file], { readonly: true });
    expect(write.code).toBe(1);
    expect(write.stderr).toMatch(/^Erreur : L'espace de travail « espace\.sqlite » est en lecture seule/);
    expect(write.stderr).not.toMatch(TECHNICAL);
    expect(sha256(file)).toBe(before);
  });

  it('a read-only workspace is read as it is when only optional migrations are missing; otherwise it must be migrated first', () => {
    const v3 = path.join(tempDir(), 'v3.sqlite');
    openWorkspace(v3, { targetVersion: 3 }).close();
    const before = sha256(v3);
    let refused: unknown;
    try {
      openWorkspace(v3, { readonly: true });
    } catch (e) {
      refused = e;
    }
    // 006 (corrections) and 008 (labels) hold tables every view reads.
    expect((refused as AppError).code).toBe('WORKSPACE_READONLY');
    expect(sha256(v3)).toBe(before);
    // 009 (the score matrix) adds nothing a reader needs: a read-only workspace at 8 is read as it is.
    const v8 = path.join(tempDir(), 'v8.sqlite');
    openWorkspace(v8, { targetVersion: 8 }).close();
    const db = openWorkspace(v8, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    db.close();

    const v1 = path.join(tempDir(), 'v1.sqlite');
    openWorkspace(v1, { targetVersion: 1 }).close();
    let error: unknown;
    try {
      openWorkspace(v1, { readonly: true });
    } catch (e) {
      error = e;
    }
    expect((error as AppError).code).toBe('WORKSPACE_READONLY');
    expect((error as AppError).message).toMatch(new RegExp(`doit être mis à jour .*\\(schéma 1 → ${LATEST_SCHEMA_VERSION}\\) mais il est en lecture seule`));
  });

  // As root (the development machine) chmod does not stop a write: this runs for other users.
  it.runIf(process.getuid?.() !== 0)('a file protected with chmod 0444 opens read-only by itself', async () => {
    const file = copyOf(withResults);
    fs.chmodSync(file, 0o444);
    const info = await run(['info', '--db', file]);
    expect(info.code).toBe(0);
    expect(info.stderr).toMatch(/ouvert en lecture seule/);
    const write = await run(['imports', 'undo', '--db', file]);
    expect(write.stderr).toMatch(/lecture seule/);
  });
});

describe('databases that are not workspaces', () => {
  it('refuses another application\'s database untouched, naming the file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'places.sqlite');
    const other = new Database(file);
    other.exec(`CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT); CREATE TABLE moz_bookmarks(id INTEGER PRIMARY KEY, fk INTEGER);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO moz_places(url) SELECT 'https://exemple.fr/' || i FROM n;`);
    other.close();
    const before = sha256(file);
    for (const args of [['info'], ['import', sources.results], ['check']]) {
      const result = await run([...args, '--db', file, '--json']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^Erreur : « places\.sqlite » n'est pas un espace de travail du Baromètre : c'est une base SQLite d'une autre application \(tables « moz_places », « moz_bookmarks »\)\. Le fichier n'a pas été modifié/);
      expect((JSON.parse(result.stdout) as { error: { code: string } }).error.code).toBe('WORKSPACE_FOREIGN');
    }
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['places.sqlite']);
  });

  it('refuses a file with our table names but user_version 0, and a database with another application_id', () => {
    const dir = tempDir();
    const lookalike = path.join(dir, 'ressemblant.sqlite');
    const db = new Database(lookalike);
    db.exec(['edition', 'structure', 'category', 'channel', 'item', 'audit', 'observation', 'import', 'setting'].map((t) => `CREATE TABLE "${t}"(x);`).join(''));
    db.close();
    const marked = path.join(dir, 'autre-appli.sqlite');
    const other = new Database(marked);
    other.pragma('application_id = 1234');
    other.pragma('user_version = 3');
    other.exec('CREATE TABLE audit(x)');
    other.close();
    for (const file of [lookalike, marked]) {
      const before = sha256(file);
      expect(() => openWorkspace(file)).toThrow(/n'est pas un espace de travail du Baromètre/);
      expect(sha256(file)).toBe(before);
    }
  });

  it('refuses a file that is not SQLite at all, untouched', () => {
    const file = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(file, 'des notes, pas une base '.repeat(100));
    const before = sha256(file);
    expect(() => openWorkspace(file)).toThrow(/« notes\.sqlite » n'est pas un espace de travail valide : ce n'est pas une base SQLite/);
    expect(sha256(file)).toBe(before);
  });

  it('makes a new workspace of an empty file: 0 bytes, or an SQLite database without any table', () => {
    const dir = tempDir();
    const zero = path.join(dir, 'vide.sqlite');
    fs.writeFileSync(zero, '');
    const noTables = path.join(dir, 'sans-table.sqlite');
    const raw = new Database(noTables);
    raw.exec('CREATE TABLE provisoire(x); DROP TABLE provisoire;');
    raw.close();
    expect(fs.statSync(noTables).size).toBeGreaterThan(0);
    for (const file of [zero, noTables]) {
      const db = openWorkspace(file);
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      expect(db.prepare('SELECT application FROM workspace_marker').pluck().get()).toBe('Baromètre Expérience Citoyen');
      db.close();
    }
  });
});

describe('a -wal journal that is not the workspace\'s', () => {
  it('sets garbage aside instead of replaying it, and says so', async () => {
    const file = copyOf(withResults);
    const before = tableCounts(file);
    const garbage = crypto.randomBytes(9000);
    fs.writeFileSync(`${file}-wal`, garbage);
    const info = await run(['info', '--db', file, '--json']);
    expect(info.code).toBe(0);
    expect(info.stderr).toMatch(/Le journal « espace\.sqlite-wal » trouvé à côté de l'espace n'était pas le sien \(en-tête illisible\) : il n'a pas été rejoué et a été mis de côté sous « espace\.sqlite-wal\.ecarte-/);
    const aside = fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith('espace.sqlite-wal.ecarte-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(path.dirname(file), aside[0]!)).equals(garbage)).toBe(true);
    expect(tableCounts(file)).toEqual(before);
    expect(integrity(file)).toBe('ok');
  });

  it('sets aside a valid journal of another database (its first page is not ours)', async () => {
    const file = copyOf(withResults);
    const before = tableCounts(file);
    const otherFile = path.join(tempDir(), 'autre.sqlite');
    const other = new Database(otherFile);
    other.pragma('journal_mode = WAL');
    other.pragma('wal_autocheckpoint = 0');
    other.exec(`CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places(url) VALUES ('https://exemple.fr/');`);
    fs.copyFileSync(`${otherFile}-wal`, `${file}-wal`);
    other.close();
    const info = await run(['info', '--db', file]);
    expect(info.code).toBe(0);
    expect(info.stderr).toMatch(/n'était pas le sien \(journal d'une autre base de données\)/);
    expect(tableCounts(file)).toEqual(before);
  });

  it('replays the workspace\'s own journal after a crash (nothing set aside)', () => {
    const file = copyOf(withoutResults);
    // A second process's connection left committed frames in the WAL without a checkpoint:
    // copy the file and its journal as they are on disk, as a crash would leave them.
    const writer = new Database(file);
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec(`INSERT INTO setting(key, value_json) VALUES ('apres-crash', '1')`);
    const crashed = path.join(tempDir(), 'espace.sqlite');
    fs.copyFileSync(file, crashed);
    fs.copyFileSync(`${file}-wal`, `${crashed}-wal`);
    writer.close();
    const db = openWorkspace(crashed);
    expect(workspaceHealth(db).walSetAside).toBeNull();
    expect(db.prepare(`SELECT value_json FROM setting WHERE key = 'apres-crash'`).pluck().get()).toBe('1');
    db.close();
  });
});
