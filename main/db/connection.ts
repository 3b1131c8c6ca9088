/**
 * Opens a workspace file: one writer connection, WAL, foreign keys, synchronous FULL, then brings
 * the schema up to date. A copy of the file is taken before any migration; a file written by a
 * newer version of the app is refused rather than guessed at.
 *
 * Before anything is written, the file must prove it is a workspace (workspace-identity.ts):
 * another application's SQLite database is refused untouched, and a `-wal` journal that is not
 * this file's is set aside rather than replayed. Then `PRAGMA quick_check` runs (files up to
 * `quickCheckMaxBytes`): a damaged workspace is reopened read-only, so nothing can make it worse,
 * and the connection's health (health.ts) says so — the CLI warns, exports refuse. A file that
 * cannot be written (protected, read-only medium) opens read-only instead of failing.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/types.js';
import { damageNotice, quickCheck, recordHealth, type ReadonlyReason } from './health.js';
import { sqliteFailureToAppError } from './sqlite-errors.js';
import { probeWorkspace, readSqliteHeader, setAsideInvalidWal } from './workspace-identity.js';

export type Db = Database.Database;

/** How long a statement waits for another program's lock before failing with "ouvert par un autre programme". */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;
/**
 * Files above this size skip the open-time quick_check: it reads every page (~13 ms per MB here,
 * about 20 s for a 1.2 GB national workspace), which every CLI command would pay. They are
 * checked once before their first deliverable instead (health.ts `assertDeliverableSource`), and
 * the full check stays available (`barometer check`, `workspace.check`).
 */
export const DEFAULT_QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024;

export interface OpenOptions {
  /** Path of a better-sqlite3 binary built for the running ABI (Electron ships its own). */
  nativeBinding?: string;
  /** Opens for reading only: nothing is migrated or written. */
  readonly?: boolean;
  /** Stop migrating after this version: used by migration tests. */
  targetVersion?: number;
  /** Migrations to apply (tests pass a longer list to check upgrade paths). */
  migrations?: readonly Migration[];
  /** Wait at most this long for another program's lock (default 5 s; tests use less). */
  busyTimeoutMs?: number;
  /** Largest file checked with quick_check on open (default 256 MiB); 0 never checks. */
  quickCheckMaxBytes?: number;
  /** Caps the file at this many pages (SQLite's max_page_count): tests simulate a full disk. */
  maxPageCount?: number;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The better-sqlite3 binary each connection was opened with, for the threads that open their own. */
const nativeBindings = new WeakMap<Db, string>();

/** The binary `db` was opened with when it was not the default one (the Electron build). */
export function nativeBindingOf(db: Db): string | undefined {
  return nativeBindings.get(db);
}

export function openWorkspace(file: string, options: OpenOptions = {}): Db {
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  if (!existed) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const notices: string[] = [];
  let walSetAside: string | null = null;
  if (existed) {
    const header = readSqliteHeader(file);
    const aside = setAsideInvalidWal(file, header);
    if (aside) {
      walSetAside = aside.path;
      notices.push(`Le journal « ${path.basename(file)}-wal » trouvé à côté de l'espace n'était pas le sien (${aside.reason}) : il n'a pas été rejoué et a été mis de côté sous « ${path.basename(aside.path)} ».`);
    }
    probeWorkspace(file, { busyTimeoutMs, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  }
  const session: OpenSession = { file, existed, options, busyTimeoutMs, notices, walSetAside };
  if (options.readonly) return connect(session, 'requested');
  if (existed && !isWritable(file)) return connect(session, 'not-writable');
  try {
    return connect(session, null);
  } catch (error) {
    // A protected file or medium that fs.access did not reveal (root, network shares): read it.
    if (!existed || !(error instanceof AppError) || error.code !== 'WORKSPACE_READONLY') throw error;
    return connect(session, 'not-writable');
  }
}

interface OpenSession {
  file: string;
  existed: boolean;
  options: OpenOptions;
  busyTimeoutMs: number;
  notices: string[];
  walSetAside: string | null;
}

function connect(session: OpenSession, readonlyReason: ReadonlyReason | null, knownProblems?: string[]): Db {
  const { file, existed, options } = session;
  let db: Db;
  try {
    db = new Database(file, {
      readonly: readonlyReason !== null,
      ...(readonlyReason !== null ? { fileMustExist: true } : {}),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    const explained = sqliteFailureToAppError(error, { file, operation: { key: 'sqlite.operation.open' } });
    if (explained && explained.code !== 'INTERNAL') throw explained;
    throw AppError.keyed('WORKSPACE_INVALID', 'workspace.openFailed', { file, reason: (error as Error).message });
  }
  if (options.nativeBinding) nativeBindings.set(db, options.nativeBinding);
  try {
    // First, so that even switching to WAL waits for another program's lock.
    db.pragma(`busy_timeout = ${session.busyTimeoutMs}`);
    if (readonlyReason === null) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    // 32 MiB of page cache (default 2 MiB): a national import writes 1.7 million observations
    // into one primary-key B-tree, and the aggregates read them back in the same transaction.
    db.pragma('cache_size = -32768');
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);

    const maxBytes = options.quickCheckMaxBytes ?? DEFAULT_QUICK_CHECK_MAX_BYTES;
    const checked = existed && maxBytes > 0 && fs.statSync(file).size <= maxBytes;
    const problems = knownProblems ?? (checked ? quickCheck(db) : []);
    if (problems.length > 0 && readonlyReason === null) {
      // Damaged: reopen read-only before any migration or write can spread the damage.
      db.close();
      return connect(session, 'damaged', problems);
    }

    const migrations = options.migrations ?? MIGRATIONS;
    const target = options.targetVersion ?? migrations.length;
    migrate(db, file, existed, migrations, target, readonlyReason, problems);

    if (problems.length > 0) session.notices.push(damageNotice(file, problems, true));
    else if (readonlyReason === 'not-writable') session.notices.push(`L'espace de travail « ${path.basename(file)} » ne peut pas être modifié (fichier protégé en écriture ou support en lecture seule) : il est ouvert en lecture seule, les commandes qui écrivent seront refusées.`);
    recordHealth(db, {
      file,
      readonlyReason,
      check: problems.length > 0 ? 'failed' : checked || knownProblems ? 'ok' : 'skipped',
      problems: problems.slice(0, 20),
      walSetAside: session.walSetAside,
      busyTimeoutMs: session.busyTimeoutMs,
      notices: session.notices,
    });
    return db;
  } catch (error) {
    if (db.open) db.close();
    if (error instanceof AppError) throw error;
    // Full, locked, read-only, damaged…: explained. Anything else (a schema that does not take a
    // migration) means the file is not the workspace it claims to be.
    const explained = sqliteFailureToAppError(error, { file, operation: { key: 'sqlite.operation.open' }, busyTimeoutMs: session.busyTimeoutMs });
    if (explained && explained.code !== 'INTERNAL') throw explained;
    throw AppError.keyed('WORKSPACE_INVALID', 'workspace.invalid', { file, reason: (error as Error).message });
  }
}

function migrate(db: Db, file: string, existed: boolean, migrations: readonly Migration[], target: number, readonlyReason: ReadonlyReason | null, problems: readonly string[]): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw AppError.keyed(
      'WORKSPACE_TOO_NEW',
      'workspace.tooNew',
      { file: path.basename(file), schema: current, supported: LATEST_SCHEMA_VERSION },
      { schemaVersion: current, supported: LATEST_SCHEMA_VERSION },
    );
  }
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return;
  if (readonlyReason !== null) {
    // Read as it is when every missing step is one readers do not rely on; else it cannot be used.
    if (pending.every((m) => m.readableWithout)) return;
    const steps = { key: 'workspace.schemaSteps', params: { from: current, to: pending[pending.length - 1]!.version } } as const;
    if (readonlyReason === 'damaged') throw AppError.keyed('WORKSPACE_CORRUPT', 'workspace.migrationDamaged', { notice: damageNotice(file, problems, false), steps }, { file, problems: problems.slice(0, 20) });
    throw AppError.keyed('WORKSPACE_READONLY', 'workspace.migrationReadonly', { file: path.basename(file), steps }, { file, schemaVersion: current });
  }
  if (existed && current > 0) backupBeforeMigration(db, file, current);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

function isWritable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Copies the workspace next to itself as `<name>.v<N>.bak` (checkpointed, so the copy is whole). */
export function backupBeforeMigration(db: Db, file: string, version: number): string {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const backup = `${file}.v${version}-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
  fs.copyFileSync(file, backup);
  return backup;
}
