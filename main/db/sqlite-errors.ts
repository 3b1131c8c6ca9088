/**
 * Turns a failure of SQLite (better-sqlite3's `SqliteError`, recognised by its `SQLITE_*` code)
 * into an `AppError` whose message tells the user, in their language (catalogue texts of
 * shared/error-messages.ts), what happened to the workspace and what to do: disk full, input/output error, read-only, locked by another program, damaged file,
 * not a database. The CLI, the API router and the job workers call `toUserError` at their
 * boundary, so neither "SqliteError" nor a stack trace reaches the user (the CLI shows the
 * original stack with `--debug`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { ErrorParam } from '../../shared/error-messages.js';
import { restoreAdviceText } from './backups.js';

export interface FailureContext {
  /** The workspace file the operation worked on, when known. */
  file?: string;
  /**
   * What was running, with its article: a catalogue text (`sqlite.operation.import`, shown in the
   * reader's language) or a French noun phrase (« la commande « x » », the CLI's own words).
   */
  operation?: ErrorParam;
  /** The busy timeout the connection waited before giving up (ms). */
  busyTimeoutMs?: number;
  /** True when the workspace was opened read-only because its open-time check failed. */
  damaged?: boolean;
}

/** The error SQLite raised, whatever realm it comes from (a worker, the Electron binding). */
export interface SqliteFailure extends Error {
  code: string;
}

export function isSqliteFailure(error: unknown): error is SqliteFailure {
  const code: unknown = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

const MB = 1_000_000;

/** The AppError for a SQLite failure, or null when `error` is not one. */
export function sqliteFailureToAppError(error: unknown, context: FailureContext = {}): AppError | null {
  if (!isSqliteFailure(error)) return null;
  const code = error.code;
  const file = context.file;
  const base = file ? path.basename(file) : '';
  // « L'espace de travail « x » » / « … par un autre programme (« x ») » / nothing when the file is unknown.
  const named: ErrorParam = base ? { key: 'sqlite.named', params: { name: base } } : '';
  const operation: ErrorParam = context.operation ?? { key: 'sqlite.operation.generic' };
  const advice: ErrorParam = file ? { key: 'common.spaced', params: { text: restoreAdviceText(file) } } : '';
  const details = { sqliteCode: code, ...(file ? { file } : {}) };

  if (code === 'SQLITE_FULL') {
    const room = diskRoom(file);
    // When the disk reports room enough, the limit hit is a quota or a maximum file size.
    const free: ErrorParam = !room ? ''
      : { key: room.freeBytes < room.neededBytes ? 'sqlite.diskFull.freeLow' : 'sqlite.diskFull.quota', params: { free: formatMb(room.freeBytes), dir: room.dir } };
    return AppError.keyed(
      'DISK_FULL',
      'sqlite.diskFull',
      { operation, needed: formatMb(room?.neededBytes ?? 100 * MB), free },
      { ...details, ...(room ? { freeBytes: room.freeBytes, neededBytes: room.neededBytes } : {}) },
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return AppError.keyed('DISK_IO', 'sqlite.io', { operation, where: base ? { key: 'sqlite.inWorkspace', params: { name: base } } : '' }, details);
  }
  if (code.startsWith('SQLITE_READONLY')) {
    if (context.damaged) return AppError.keyed('WORKSPACE_CORRUPT', 'sqlite.damagedReadonly', { named, operation, advice }, details);
    return AppError.keyed('WORKSPACE_READONLY', 'sqlite.readonly', { named, operation }, details);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    const waited: ErrorParam = context.busyTimeoutMs !== undefined ? { key: 'sqlite.locked.waited', params: { seconds: formatSeconds(context.busyTimeoutMs) } } : '';
    return AppError.keyed(
      'WORKSPACE_LOCKED',
      'sqlite.locked',
      { named: base ? { key: 'sqlite.namedInParentheses', params: { name: base } } : '', waited, operation },
      details,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    const index: ErrorParam = code === 'SQLITE_CORRUPT_INDEX' ? { key: 'sqlite.corrupt.index' } : '';
    return AppError.keyed('WORKSPACE_CORRUPT', 'sqlite.corrupt', { named, operation, index, advice }, details);
  }
  if (code === 'SQLITE_NOTADB') {
    return base ? AppError.keyed('WORKSPACE_INVALID', 'sqlite.notADbNamed', { name: base }, details) : AppError.keyed('WORKSPACE_INVALID', 'sqlite.notADb', undefined, details);
  }
  if (code.startsWith('SQLITE_CANTOPEN')) return AppError.keyed('WORKSPACE_INVALID', 'sqlite.cantOpen', { named }, details);
  if (code === 'SQLITE_NOMEM') return AppError.keyed('INTERNAL', 'sqlite.noMemory', { operation }, details);
  if (code === 'SQLITE_INTERRUPT') return AppError.keyed('CANCELLED', 'sqlite.interrupted', { operation }, details);
  // A constraint, a misuse, a schema error: a defect of the application, not of the user's file.
  return AppError.keyed('INTERNAL', 'sqlite.internal', { operation, code }, details);
}

/** Any error → an AppError fit for the user: AppErrors pass, SQLite failures are explained. */
export function toUserError(error: unknown, context: FailureContext = {}): AppError {
  if (error instanceof AppError) return error;
  const mapped = sqliteFailureToAppError(error, context);
  if (mapped) return mapped;
  const message = error instanceof Error ? error.message : String(error);
  return AppError.keyed('INTERNAL', 'sqlite.unexpected', { operation: context.operation ?? { key: 'sqlite.operation.generic' }, message });
}

/**
 * Free space on the workspace's disk and how much to free. A transaction writes its pages to the
 * WAL before they reach the file, so the worst case is about the size of the workspace itself
 * (an import that rewrites every edition's aggregates); never ask for less than 100 MB.
 */
function diskRoom(file: string | undefined): { dir: string; freeBytes: number; neededBytes: number } | null {
  if (!file) return null;
  const dir = path.dirname(path.resolve(file));
  try {
    const stat = fs.statfsSync(dir);
    const size = fileSize(file) + fileSize(`${file}-wal`);
    return { dir, freeBytes: stat.bavail * stat.bsize, neededBytes: Math.max(100 * MB, size) };
  } catch {
    return null;
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function formatMb(bytes: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(Math.ceil(bytes / MB));
}

/** Seconds without their unit (the catalogue text writes « s »). */
function formatSeconds(ms: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(ms / 1000);
}

