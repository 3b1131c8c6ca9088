/**
 * Backups and restore on real workspace files: a copy taken while another connection writes is
 * consistent, rotation keeps N (never the last migration copy), restore replaces the file and
 * keeps the previous one aside, a foreign or damaged copy is refused with the workspace untouched,
 * an import takes one copy when it writes and none for a preview; the CLI and the API on top.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import { openWorkspace } from '../../main/db/connection.js';
import { backupFolder, listBackupCopies } from '../../main/db/backups.js';
import { backupBefore, createBackup, restoreBackup, rotateBackups, saveCopy } from '../../main/workspace/backup.js';
import { APPLICATION_ID } from '../../main/db/workspace-identity.js';
import type { ApiResponse } from '../../shared/contract.js';
import type { BackupEntry, RestoreResult } from '../../shared/workspace-types.js';
import type { AppError } from '../../shared/errors.js';
import { createTestCore, TEST_ORIGIN } from './api-test-helpers.js';
import { tempDir } from './helpers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[]): Promise<Run> {
  const io: CliIo & { stdout: string; stderr: string } = {
    stdout: '',
    stderr: '',
    interactive: false,
    out(text: string) { io.stdout += `${text}\n`; },
    err(text: string) { io.stderr += `${text}\n`; },
  };
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function auditCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM audit').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** A generated barometer (10 structures, 2023): setup files imported into a template workspace, results kept for later. */
let sources: { setup: string[]; results: string };
let template: string;
let withResults: string;

beforeAll(async () => {
  const dir = tempDir('barometre-backup-src-');
  const generated = await run(['generate', '--out', path.join(dir, 'sources'), '--structures', '10', '--editions', '2023', '--formats', 'csv', '--layout', 'long', '--seed', '5', '--json']);
  expect(generated.code).toBe(0);
  const files = (JSON.parse(generated.stdout) as { files: Array<{ name: string; path: string }> }).files;
  sources = { setup: files.filter((f) => !f.name.startsWith('resultats')).map((f) => f.path), results: files.find((f) => f.name.startsWith('resultats'))!.path };
  template = path.join(dir, 'modele.sqlite');
  expect((await run(['import', ...sources.setup, '--db', template])).code).toBe(0);
  // A first import into an empty workspace protects nothing: no copy.
  expect(listBackupCopies(template)).toEqual([]);
  withResults = path.join(dir, 'avec-resultats.sqlite');
  fs.copyFileSync(template, withResults);
  expect((await run(['import', sources.results, '--db', withResults])).code).toBe(0);
});

function copyOf(source: string): string {
  const file = path.join(tempDir('barometre-backup-'), 'espace.sqlite');
  fs.copyFileSync(source, file);
  return file;
}

describe('taking backups', () => {
  it('copies a consistent snapshot while another connection keeps writing', async () => {
    const file = copyOf(withResults);
    const db = openWorkspace(file);
    const writer = new Database(file);
    const audits = auditCount(file);
    // Another connection writes a transaction it commits during the copy: the copy holds either
    // all of it or none of it, never a torn page.
    writer.exec('BEGIN');
    writer.prepare(`INSERT INTO setting(key, value_json) VALUES ('test.marker', '1')`).run();
    const copying = createBackup(db, 'manuelle');
    writer.exec('COMMIT');
    const entry = await copying;
    writer.close();
    db.close();

    expect(entry.name).toMatch(/^espace-\d{8}-\d{6}-manuelle\.sqlite$/);
    const copy = path.join(backupFolder(file), entry.name);
    const check = new Database(copy, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(check.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(audits);
    check.close();
    expect(fs.readdirSync(backupFolder(file)).filter((n) => n.endsWith('.partiel'))).toEqual([]);
  });

  it('rotation keeps the N most recent copies and never the last migration copy', async () => {
    const file = copyOf(template);
    const migrationCopy = `${file}.v3-2026-01-01T00-00-00-000Z.bak`;
    fs.copyFileSync(file, migrationCopy);
    fs.utimesSync(migrationCopy, new Date('2026-01-01'), new Date('2026-01-01'));
    const db = openWorkspace(file);
    db.prepare(`INSERT INTO setting(key, value_json) VALUES ('backup.keep', '3')`).run();
    const made: BackupEntry[] = [];
    for (let i = 0; i < 5; i += 1) made.push(await createBackup(db, 'manuelle', new Date(2026, 11, 6, 10, 0, i)));
    db.close();
    const left = listBackupCopies(file);
    // 3 most recent manual copies, plus the migration copy that rotation never deletes.
    expect(left.map((c) => c.name)).toEqual([...made.slice(2).map((m) => m.name).reverse(), path.basename(migrationCopy)]);
    expect(rotateBackups(file, 1)).toEqual(made.slice(2, 4).map((m) => m.name).reverse());
    expect(listBackupCopies(file).map((c) => c.reason)).toEqual(['manuelle', 'migration']);
  });

  it('saves a copy at a chosen path, refusing to overwrite the workspace itself', async () => {
    const file = copyOf(withResults);
    const db = openWorkspace(file);
    const target = path.join(path.dirname(file), 'copies', 'a-envoyer.sqlite');
    expect(await saveCopy(db, target)).toBe(target);
    await expect(saveCopy(db, file)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    db.close();
    expect(auditCount(target)).toBe(auditCount(file));
  });
});

describe('restoring', () => {
  it('replaces the workspace with a copy and keeps the replaced file aside', async () => {
    const file = copyOf(template);
    const db = openWorkspace(file);
    const entry = await createBackup(db, 'manuelle');
    db.close();
    expect((await run(['import', sources.results, '--db', file])).code).toBe(0);
    const imported = auditCount(file);
    expect(imported).toBeGreaterThan(0);
    const importCopies = listBackupCopies(file).filter((c) => c.reason === 'import');
    expect(importCopies).toHaveLength(1);

    const result = restoreBackup(file, entry.name);
    expect(result.restored).toBe(entry.name);
    expect(result.previousKeptAs).toMatch(/^espace-\d{8}-\d{6}(-\d+)?-avant-restauration\.sqlite$/);
    expect(auditCount(file)).toBe(0);
    expect(auditCount(path.join(backupFolder(file), result.previousKeptAs))).toBe(imported);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.includes('restauration.tmp'))).toEqual([]);
    // The restored workspace opens and works.
    const reopened = openWorkspace(file);
    expect(reopened.prepare('SELECT COUNT(*) FROM structure').pluck().get()).toBeGreaterThan(0);
    reopened.close();
  });

  it('refuses a foreign or damaged copy and leaves the workspace byte-for-byte untouched', async () => {
    const file = copyOf(withResults);
    const before = sha256(file);
    const folder = backupFolder(file);
    fs.mkdirSync(folder, { recursive: true });

    const foreign = path.join(folder, 'espace-20260101-120000-manuelle.sqlite');
    const other = new Database(foreign);
    other.exec('CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places(url) VALUES (\'https://example.org\')');
    other.close();
    expect(() => restoreBackup(file, path.basename(foreign))).toThrow(expect.objectContaining({ code: 'WORKSPACE_FOREIGN', message: expect.stringMatching(/n'a pas été modifié/) }));

    const damaged = path.join(folder, 'espace-20260101-130000-manuelle.sqlite');
    fs.copyFileSync(withResults, damaged);
    const size = fs.statSync(damaged).size;
    const fd = fs.openSync(damaged, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(size / 4096 / 2) * 4096);
    fs.closeSync(fd);
    expect(() => restoreBackup(file, path.basename(damaged))).toThrow(expect.objectContaining({ code: 'WORKSPACE_CORRUPT' }));

    const truncated = path.join(folder, 'espace-20260101-140000-manuelle.sqlite');
    fs.writeFileSync(truncated, fs.readFileSync(withResults).subarray(0, 50));
    expect(() => restoreBackup(file, path.basename(truncated))).toThrow(expect.objectContaining({ code: 'WORKSPACE_INVALID' }));

    expect(() => restoreBackup(file, '../avec-resultats.sqlite')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(folder).filter((n) => n.includes('avant-restauration'))).toEqual([]);
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.includes('restauration.tmp'))).toEqual([]);
  });
});

describe('automatic backup before an import', () => {
  it('takes one copy when the import writes, none for a preview', async () => {
    const file = copyOf(template);
    const preview = await run(['import', sources.results, '--dry-run', '--db', file]);
    expect(preview.code).toBe(0);
    expect(listBackupCopies(file)).toEqual([]);

    const imported = await run(['import', sources.results, ...sources.setup, '--db', file]);
    expect(imported.code).toBe(0);
    const copies = listBackupCopies(file);
    expect(copies.map((c) => c.reason)).toEqual(['import']);
    // The copy is the workspace as it was before the run: setup only, no audits.
    expect(auditCount(copies[0]!.path)).toBe(0);
  });

  it('can be turned off with the setting backup.beforeImport', () => {
    const file = copyOf(template);
    const db = openWorkspace(file);
    db.prepare(`INSERT INTO setting(key, value_json) VALUES ('backup.beforeImport', 'false')`).run();
    expect(backupBefore(db, 'import')).toBeNull();
    expect(backupBefore(db, 'correction')?.reason).toBe('correction');
    db.close();
  });
});

describe('barometer backup / restore', () => {
  it('backs up, lists and restores the latest copy from the command line', async () => {
    const file = copyOf(template);
    const backup = await run(['backup', '--db', file, '--json']);
    expect(backup.code).toBe(0);
    const entry = JSON.parse(backup.stdout) as BackupEntry;
    expect(entry.reason).toBe('manuelle');
    expect((await run(['import', sources.results, '--db', file])).code).toBe(0);

    const list = await run(['restore', '--list', '--db', file]);
    expect(list.stdout).toContain(entry.name);
    expect(list.stdout).toMatch(/avant import/);

    // The most recent copy is the one the import took: the workspace without results.
    const restored = await run(['restore', '--latest', '--db', file]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/Espace de travail restauré depuis « espace-\d{8}-\d{6}(-\d+)?-import\.sqlite »/);
    expect(auditCount(file)).toBe(0);

    const out = path.join(path.dirname(file), 'copie.sqlite');
    expect((await run(['backup', '--out', out, '--db', file])).code).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
  });
});

describe('workspace.* backup methods of the API', () => {
  const call = async <T>(core: ReturnType<typeof createTestCore>, method: string, input: unknown = {}): Promise<ApiResponse<T>> =>
    (await core.core.router.call(method, input, { origin: TEST_ORIGIN })) as ApiResponse<T>;
  let test: ReturnType<typeof createTestCore>;
  beforeAll(() => {
    test = createTestCore();
  });
  afterAll(async () => {
    await test.close();
  });

  it('creates, lists and restores by name only, and tells every window', async () => {
    const created = await call<BackupEntry>(test, 'workspace.backup');
    expect(created.ok).toBe(true);
    const name = created.ok ? created.result.name : '';
    test.core.context.session.db.prepare(`INSERT INTO setting(key, value_json) VALUES ('test.apres', '1')`).run();

    const listed = await call<BackupEntry[]>(test, 'workspace.backups');
    expect(listed.ok && listed.result.map((b) => b.name)).toEqual([name]);

    const path = await call(test, 'workspace.restore', { name: '../espace.barometre.sqlite' });
    expect(path.ok).toBe(false);
    expect(!path.ok && (path.error as AppError).code).toBe('INVALID_INPUT');

    const restored = await call<RestoreResult>(test, 'workspace.restore', { name });
    expect(restored.ok).toBe(true);
    expect(test.core.context.session.db.prepare(`SELECT COUNT(*) FROM setting WHERE key = 'test.apres'`).pluck().get()).toBe(0);
    expect(test.events.some((e) => e.event === 'workspace.changed')).toBe(true);

    const copy = await call<{ path: string }>(test, 'workspace.saveCopy');
    expect(copy.ok && fs.existsSync(copy.result.path)).toBe(true);
  });
});

describe('workspace.restore after a job', () => {
  const LINGERING_TASKS = pathToFileURL(path.join(import.meta.dirname, 'job-runner-close-tasks.ts')).href;

  it('waits for a finished job’s worker to end its own threads before replacing the file', async () => {
    // An import's worker folds the journal into the workspace on a thread of its own after its
    // result: the file must not be replaced under that connection.
    const test = createTestCore({ tasksModule: LINGERING_TASKS });
    try {
      const call = async <T>(method: string, input: unknown = {}): Promise<ApiResponse<T>> =>
        (await test.core.router.call(method, input, { origin: TEST_ORIGIN })) as ApiResponse<T>;
      const created = await call<BackupEntry>('workspace.backup');
      const name = created.ok ? created.result.name : '';
      const started = await call<{ jobId: string }>('exports.reports', { edition: 2024, codes: ['S0001'] });
      expect(started.ok).toBe(true);
      await test.waitFor((m) => m.event === 'job.done');
      const marker = `${test.file}.fil-termine`;
      expect(fs.existsSync(marker)).toBe(false);
      const restored = await call<RestoreResult>('workspace.restore', { name });
      expect(restored.ok).toBe(true);
      // The job's own thread had ~0.4 s left when its result came: the restore waited for it.
      expect(fs.readFileSync(marker, 'utf8')).toBe('fini');
    } finally {
      await test.close();
    }
  });
});
