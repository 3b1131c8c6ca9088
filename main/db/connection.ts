/**
 * Opens a workspace file: one writer connection, WAL, foreign keys, synchronous FULL, then brings
 * the schema up to date. A copy of the file is taken before any migration; a file written by a
 * newer version of the app is refused rather than guessed at.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/types.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path of a better-sqlite3 binary built for the running ABI (Electron ships its own). */
  nativeBinding?: string;
  readonly?: boolean;
  /** Stop migrating after this version: used by migration tests. */
  targetVersion?: number;
  /** Migrations to apply (tests pass a longer list to check upgrade paths). */
  migrations?: readonly Migration[];
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function openWorkspace(file: string, options: OpenOptions = {}): Db {
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  if (!existed) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw new AppError('WORKSPACE_INVALID', `Impossible d'ouvrir l'espace de travail « ${file} » : ${(error as Error).message}`);
  }
  try {
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 32 MiB of page cache (default 2 MiB): a national import writes 1.7 million observations
    // into one primary-key B-tree, and the aggregates read them back in the same transaction.
    db.pragma('cache_size = -32768');
    const migrations = options.migrations ?? MIGRATIONS;
    const target = options.targetVersion ?? migrations.length;
    migrate(db, file, existed, migrations, target);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof AppError) throw error;
    throw new AppError('WORKSPACE_INVALID', `« ${file} » n'est pas un espace de travail valide : ${(error as Error).message}`);
  }
}

function migrate(db: Db, file: string, existed: boolean, migrations: readonly Migration[], target: number): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new AppError(
      'WORKSPACE_TOO_NEW',
      `L'espace de travail « ${path.basename(file)} » a été créé par une version plus récente de l'application (schéma ${current}, cette version connaît le schéma ${LATEST_SCHEMA_VERSION}). Mettez l'application à jour pour l'ouvrir.`,
      { schemaVersion: current, supported: LATEST_SCHEMA_VERSION },
    );
  }
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return;
  if (existed && current > 0) backupBeforeMigration(db, file, current);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/** Copies the workspace next to itself as `<name>.v<N>.bak` (checkpointed, so the copy is whole). */
export function backupBeforeMigration(db: Db, file: string, version: number): string {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const backup = `${file}.v${version}-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
  fs.copyFileSync(file, backup);
  return backup;
}
