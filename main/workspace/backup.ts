/**
 * Backups of a workspace and restoring one. Copies go to `sauvegardes/` beside the workspace,
 * named `<workspace>-YYYYMMDD-HHMMSS-<reason>.sqlite` (main/db/backups.ts finds them):
 * - `createBackup` / `saveCopy` use SQLite's online backup API (better-sqlite3 `db.backup`): a
 *   consistent copy while the workspace stays open and jobs keep writing;
 * - `backupBefore` is the synchronous form for code that runs inside a synchronous pipeline (the
 *   import, a future correction session): `VACUUM INTO`, SQLite's other consistent online copy
 *   (one read transaction; the copy is also compacted);
 * - every copy is written under a temporary name, flushed, then renamed: never a half file;
 * - rotation keeps the `backup.keep` most recent copies (workspace setting, default 10) and never
 *   deletes the most recent migration copy;
 * - `restoreBackup` replaces the workspace with a copy only after the copy proved sound (our
 *   application id or schema, `integrity_check` ok, a schema this version knows), keeping the
 *   replaced file as `…-avant-restauration.sqlite`. The caller closes its connection first.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import type { BackupEntry, BackupReason, RestoreResult } from '../../shared/workspace-types.js';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index.js';
import { probeWorkspace, readSqliteHeader } from '../db/workspace-identity.js';
import { sqliteFailureToAppError } from '../db/sqlite-errors.js';
import { backupFileName, backupFolder, listBackupCopies, type BackupCopy } from '../db/backups.js';

export const DEFAULT_BACKUP_KEEP = 10;
/** Workspace setting: how many backup copies rotation keeps (≥ 1). */
export const BACKUP_KEEP_SETTING = 'backup.keep';
/** Workspace setting: take a copy before each import that writes (default true). */
export const BACKUP_BEFORE_IMPORT_SETTING = 'backup.beforeImport';

export interface BackupSettings {
  keep: number;
  beforeImport: boolean;
}

export function backupSettings(db: Db): BackupSettings {
  const keep = readSetting(db, BACKUP_KEEP_SETTING);
  const beforeImport = readSetting(db, BACKUP_BEFORE_IMPORT_SETTING);
  return {
    keep: typeof keep === 'number' && Number.isInteger(keep) && keep >= 1 ? keep : DEFAULT_BACKUP_KEEP,
    beforeImport: beforeImport !== false,
  };
}

function readSetting(db: Db, key: string): unknown {
  try {
    const raw = db.prepare('SELECT value_json FROM setting WHERE key = ?').pluck().get(key) as string | undefined;
    return raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    return undefined; // No setting table (a damaged schema): defaults.
  }
}

/** The backups of `file` as the API lists them, most recent first. */
export function listBackups(file: string): BackupEntry[] {
  return listBackupCopies(file).map(toEntry);
}

function toEntry(copy: BackupCopy): BackupEntry {
  return { name: copy.name, reason: copy.reason, createdAt: copy.modifiedAt, bytes: copy.bytes };
}

/** A free name in `sauvegardes/` for a copy taken now (the folder is created). */
function reserveBackupPath(file: string, reason: BackupReason, now: Date): string {
  const folder = backupFolder(file);
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw copyFailed(path.join(folder, backupFileName(file, reason, now)), error, file);
  }
  for (let attempt = 1; ; attempt += 1) {
    const candidate = path.join(folder, backupFileName(file, reason, now, attempt));
    if (!fs.existsSync(candidate) && !fs.existsSync(`${candidate}.partiel`)) return candidate;
  }
}

/** Online backup API copy into `sauvegardes/`, then rotation. */
export async function createBackup(db: Db, reason: BackupReason = 'manuelle', now = new Date()): Promise<BackupEntry> {
  const file = db.name;
  const target = reserveBackupPath(file, reason, now);
  await writeCopy(file, target, (tmp) => db.backup(tmp).then(() => undefined));
  rotateBackups(file, backupSettings(db).keep);
  return entryFor(target, reason);
}

/**
 * Synchronous copy before a change (reason `import`, `correction`): `VACUUM INTO`, consistent
 * while other connections write. Returns null when the workspace holds nothing yet (a copy of an
 * empty workspace protects nothing) or when the setting turned copies before imports off.
 */
export function backupBefore(db: Db, reason: Extract<BackupReason, 'import' | 'correction'>, now = new Date()): BackupEntry | null {
  const settings = backupSettings(db);
  if (reason === 'import' && !settings.beforeImport) return null;
  const holdsData = db.prepare('SELECT EXISTS(SELECT 1 FROM import) OR EXISTS(SELECT 1 FROM audit) OR EXISTS(SELECT 1 FROM structure)').pluck().get() === 1;
  if (!holdsData) return null;
  const file = db.name;
  const target = reserveBackupPath(file, reason, now);
  writeCopySync(file, target, (tmp) => {
    db.prepare('VACUUM INTO ?').run(tmp);
  });
  rotateBackups(file, settings.keep);
  return entryFor(target, reason);
}

/** « Enregistrer une copie » : an online backup API copy at `dest` (replaced if it exists). */
export async function saveCopy(db: Db, dest: string): Promise<string> {
  const resolved = path.resolve(dest);
  if (resolved === path.resolve(db.name)) throw AppError.keyed('INVALID_INPUT', 'backup.copyIsWorkspace');
  fs.mkdirSync(path.dirname(resolved), { recursive: true });
  await writeCopy(db.name, resolved, (tmp) => db.backup(tmp).then(() => undefined));
  return resolved;
}

/** Default name of « Enregistrer une copie » in the exports folder. */
export function copyFileName(file: string, now = new Date()): string {
  return backupFileName(file, 'manuelle', now).replace(/-manuelle\.sqlite$/, '-copie.sqlite');
}

async function writeCopy(workspace: string, target: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${target}.partiel`;
  try {
    await write(tmp);
    flushAndRename(tmp, target);
  } catch (error) {
    removeQuietly(tmp);
    throw copyFailed(target, error, workspace);
  }
}

function writeCopySync(workspace: string, target: string, write: (tmp: string) => void): void {
  const tmp = `${target}.partiel`;
  try {
    write(tmp);
    flushAndRename(tmp, target);
  } catch (error) {
    removeQuietly(tmp);
    throw copyFailed(target, error, workspace);
  }
}

function copyFailed(target: string, error: unknown, workspace: string): AppError {
  if (error instanceof AppError) return error;
  // Damaged pages, a full disk, a lock: the shared explanation (it names the copy to restore).
  const explained = sqliteFailureToAppError(error, { file: workspace, operation: { key: 'sqlite.operation.backup' } });
  if (explained && explained.code !== 'INTERNAL') return explained;
  return AppError.keyed('WORKSPACE_INVALID', 'backup.copyFailed', { copy: path.basename(target), reason: (error as Error).message }, { target });
}

/** fsync then rename: after a power cut, the copy is either whole under its name or absent. */
function flushAndRename(tmp: string, target: string): void {
  const fd = fs.openSync(tmp, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
}

function entryFor(target: string, reason: BackupReason): BackupEntry {
  const stat = fs.statSync(target);
  return { name: path.basename(target), reason, createdAt: stat.mtime.toISOString(), bytes: stat.size };
}

/** Deletes copies beyond the `keep` most recent, never the most recent migration copy. Returns the names deleted. */
export function rotateBackups(file: string, keep: number): string[] {
  const copies = listBackupCopies(file);
  const lastMigration = copies.find((c) => c.reason === 'migration');
  const deleted: string[] = [];
  for (const copy of copies.slice(Math.max(1, keep))) {
    if (copy === lastMigration) continue;
    try {
      fs.rmSync(copy.path);
      removeQuietly(`${copy.path}-wal`);
      deleted.push(copy.name);
    } catch {
      // Read-only or in use: it stays, the next rotation tries again.
    }
  }
  return deleted;
}

export interface RestoreOptions {
  nativeBinding?: string;
  now?: Date;
}

/** Restores the listed copy named `name` (never a path: the API names what it lists). */
export function restoreBackup(file: string, name: string, options: RestoreOptions = {}): RestoreResult {
  const copy = listBackupCopies(file).find((c) => c.name === name);
  if (!copy) throw AppError.keyed('NOT_FOUND', 'backup.notListed', { name }, { name });
  return restoreFromFile(file, copy.path, options);
}

/**
 * Replaces the workspace `file` with the copy `source` (the CLI may name any file). The copy is
 * first copied beside the workspace and checked there; only a sound copy replaces the workspace,
 * by an atomic rename, after the current file was copied to `sauvegardes/…-avant-restauration.sqlite`.
 * Any failure before the rename leaves the workspace byte-for-byte as it was.
 */
export function restoreFromFile(file: string, source: string, options: RestoreOptions = {}): RestoreResult {
  const resolved = path.resolve(file);
  const from = path.resolve(source);
  if (from === resolved) throw AppError.keyed('INVALID_INPUT', 'backup.restoreSelf');
  if (!fs.existsSync(from)) throw AppError.keyed('NOT_FOUND', 'backup.copyNotFound', { copy: source });
  const staged = `${resolved}.restauration.tmp`;
  cleanStaged(staged);
  try {
    fs.copyFileSync(from, staged);
    // A copy set aside with its journal (a restore of a damaged file) comes back whole.
    if (fs.existsSync(`${from}-wal`)) fs.copyFileSync(`${from}-wal`, `${staged}-wal`);
    verifyRestorable(staged, path.basename(from), options.nativeBinding);
    const flush = fs.openSync(staged, 'r+');
    try {
      fs.fsyncSync(flush);
    } finally {
      fs.closeSync(flush);
    }
  } catch (error) {
    cleanStaged(staged);
    if (error instanceof AppError) throw error;
    throw AppError.keyed('WORKSPACE_INVALID', 'backup.prepareFailed', { copy: path.basename(from), reason: (error as Error).message });
  }

  let previousKeptAs = '';
  try {
    if (fs.existsSync(resolved)) previousKeptAs = setCurrentAside(resolved, options);
    fs.renameSync(staged, resolved);
  } catch (error) {
    cleanStaged(staged);
    if (error instanceof AppError) throw error;
    const params = { file: path.basename(resolved), reason: (error as Error).message };
    throw previousKeptAs
      ? AppError.keyed('CONFLICT', 'backup.replaceFailedKept', { ...params, kept: previousKeptAs }, { file: resolved })
      : AppError.keyed('CONFLICT', 'backup.replaceFailed', params, { file: resolved });
  }
  return { restored: path.basename(from), previousKeptAs };
}

/**
 * The copy must be one of our workspaces (application id, or our tables before migration 004),
 * fully sound (integrity_check), of a schema this version can open. The staged copy is ours to
 * write: its journal is merged and it leaves WAL mode so no side file travels with it.
 */
function verifyRestorable(staged: string, shownName: string, nativeBinding?: string): void {
  const refuse = (why: string, code: 'WORKSPACE_INVALID' | 'WORKSPACE_FOREIGN' | 'WORKSPACE_CORRUPT' | 'WORKSPACE_TOO_NEW' = 'WORKSPACE_INVALID'): AppError =>
    AppError.keyed(code, 'backup.notRestorable', { copy: shownName, reason: why }, { file: shownName });
  try {
    readSqliteHeader(staged);
    const kind = probeWorkspace(staged, { busyTimeoutMs: 2000, ...(nativeBinding ? { nativeBinding } : {}) });
    if (kind === 'empty') throw refuse("c'est une base vide, pas un espace de travail.");
  } catch (error) {
    if (error instanceof AppError && error.message.startsWith('La copie')) throw error;
    const code = error instanceof AppError && (error.code === 'WORKSPACE_FOREIGN' || error.code === 'WORKSPACE_CORRUPT') ? error.code : 'WORKSPACE_INVALID';
    throw refuse(code === 'WORKSPACE_FOREIGN' ? "ce n'est pas un espace de travail du Baromètre." : code === 'WORKSPACE_CORRUPT' ? 'elle est endommagée.' : "ce n'est pas un espace de travail valide.", code);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(staged, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) throw refuse(`elle vient d'une version plus récente de l'application (schéma ${version}).`, 'WORKSPACE_TOO_NEW');
    const problems = (db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') throw refuse(`elle est endommagée (${problems.slice(0, 3).join(' ; ')}).`, 'WORKSPACE_CORRUPT');
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuse(`elle est illisible (${(error as Error).message}).`, 'WORKSPACE_CORRUPT');
  } finally {
    db?.close();
  }
}

/** Copies the current workspace to `sauvegardes/…-avant-restauration.sqlite`; returns that name. */
function setCurrentAside(file: string, options: RestoreOptions): string {
  mergeJournal(file, options.nativeBinding);
  const aside = reserveBackupPath(file, 'avant-restauration', options.now ?? new Date());
  const tmp = `${aside}.partiel`;
  fs.copyFileSync(file, tmp);
  flushAndRename(tmp, aside);
  // A journal still there (a damaged file that could not be checkpointed) belongs to the old file:
  // it goes with the copy, never replayed into the restored one.
  if (fs.existsSync(`${file}-wal`)) fs.renameSync(`${file}-wal`, `${aside}-wal`);
  removeQuietly(`${file}-shm`);
  return path.basename(aside);
}

/**
 * Folds the `-wal` journal into the file so the copy set aside is whole. Refused when another
 * program is reading or writing (the checkpoint cannot complete): replacing the file under it
 * would lose its work. A file SQLite cannot open (damaged) is set aside as it is.
 */
function mergeJournal(file: string, nativeBinding?: string): void {
  if (!fs.existsSync(`${file}-wal`)) return;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch {
    return;
  }
  try {
    db.pragma('busy_timeout = 1000');
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (result && result.busy !== 0) throw AppError.keyed('CONFLICT', 'backup.fileBusy', { file: path.basename(file) }, { file });
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw AppError.keyed('CONFLICT', 'backup.fileBusy', { file: path.basename(file) }, { file });
  } finally {
    db.close();
  }
}

function cleanStaged(staged: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) removeQuietly(`${staged}${suffix}`);
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Nothing to do: a leftover temporary file is harmless and named as such.
  }
}

