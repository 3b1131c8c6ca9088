/**
 * Turns a failure of SQLite (better-sqlite3's `SqliteError`, recognised by its `SQLITE_*` code)
 * into an `AppError` whose message tells the user, in French, what happened to the workspace and
 * what to do: disk full, input/output error, read-only, locked by another program, damaged file,
 * not a database. The CLI, the API router and the job workers call `toUserError` at their
 * boundary, so neither "SqliteError" nor a stack trace reaches the user (the CLI shows the
 * original stack with `--debug`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { restoreAdvice } from './backups.js';

export interface FailureContext {
  /** The workspace file the operation worked on, when known. */
  file?: string;
  /** What was running, as a French noun phrase with its article: « l'import », « l'export ». */
  operation?: string;
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
  const name = file ? `« ${path.basename(file)} »` : '';
  const operation = context.operation ?? "l'opération";
  const details = { sqliteCode: code, ...(file ? { file } : {}) };

  if (code === 'SQLITE_FULL') {
    const room = diskRoom(file);
    // When the disk reports room enough, the limit hit is a quota or a maximum file size.
    const free = !room ? ''
      : room.freeBytes < room.neededBytes ? ` (${formatMb(room.freeBytes)} Mo libres sur le disque de « ${room.dir} »)`
      : ` (le disque de « ${room.dir} » annonce pourtant ${formatMb(room.freeBytes)} Mo libres : la limite atteinte est sans doute un quota ou une taille maximale de fichier)`;
    return new AppError(
      'DISK_FULL',
      `Le disque est plein : ${operation} n'a rien écrit, l'espace de travail est inchangé ; libérez au moins ${formatMb(room?.neededBytes ?? 100 * MB)} Mo${free}, puis recommencez.`,
      { ...details, ...(room ? { freeBytes: room.freeBytes, neededBytes: room.neededBytes } : {}) },
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new AppError(
      'DISK_IO',
      `Erreur de lecture ou d'écriture sur le disque pendant ${operation}${name ? ` (espace ${name})` : ''} : le support est peut-être débranché, plein, en réseau interrompu ou défaillant. La transaction en cours a été annulée ; vérifiez le support puis recommencez.`,
      details,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    if (context.damaged) {
      return new AppError(
        'WORKSPACE_CORRUPT',
        `L'espace de travail${name ? ` ${name}` : ''} est endommagé : il est ouvert en lecture seule pour ne pas aggraver les dégâts, et ${operation} ne peut pas y écrire.${file ? ` ${restoreAdvice(file)}` : ''}`,
        details,
      );
    }
    return new AppError(
      'WORKSPACE_READONLY',
      `L'espace de travail${name ? ` ${name}` : ''} est en lecture seule (fichier protégé en écriture, support verrouillé ou dossier sans droit d'écriture) : ${operation} ne peut pas y écrire. Copiez-le dans un dossier où vous pouvez écrire, ou retirez la protection, puis recommencez.`,
      details,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    const waited = context.busyTimeoutMs !== undefined ? `après ${formatSeconds(context.busyTimeoutMs)} d'attente, ` : '';
    return new AppError(
      'WORKSPACE_LOCKED',
      `L'espace est ouvert par un autre programme${name ? ` (${name})` : ''} qui y écrit : ${waited}${operation} a renoncé sans rien écrire. Fermez l'autre programme (ou l'autre fenêtre de l'application) puis recommencez.`,
      details,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new AppError(
      'WORKSPACE_CORRUPT',
      `L'espace de travail${name ? ` ${name}` : ''} est endommagé (pages illisibles) : ${operation} a été arrêté${code === 'SQLITE_CORRUPT_INDEX' ? ' (un index est incohérent)' : ''}. « barometer check » (ou « Vérifier l'espace ») en fait le diagnostic complet.${file ? ` ${restoreAdvice(file)}` : ''}`,
      details,
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new AppError('WORKSPACE_INVALID', `${name ? `${name} n'est` : "Le fichier n'est"} pas une base SQLite (fichier chiffré, tronqué ou d'un autre format) : ce n'est pas un espace de travail.`, details);
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new AppError('WORKSPACE_INVALID', `Impossible d'ouvrir l'espace de travail${name ? ` ${name}` : ''} : son dossier est introuvable ou inaccessible.`, details);
  }
  if (code === 'SQLITE_NOMEM') {
    return new AppError('INTERNAL', `Mémoire insuffisante pendant ${operation} : fermez d'autres applications puis recommencez.`, details);
  }
  if (code === 'SQLITE_INTERRUPT') {
    return new AppError('CANCELLED', `Opération interrompue : ${operation} n'a rien écrit.`, details);
  }
  // A constraint, a misuse, a schema error: a defect of the application, not of the user's file.
  return new AppError('INTERNAL', `Erreur interne de la base de données pendant ${operation} (${code}) : rien n'a été écrit par l'opération interrompue. Relancez avec --debug et signalez-la.`, details);
}

/** Any error → an AppError fit for the user: AppErrors pass, SQLite failures are explained. */
export function toUserError(error: unknown, context: FailureContext = {}): AppError {
  if (error instanceof AppError) return error;
  const mapped = sqliteFailureToAppError(error, context);
  if (mapped) return mapped;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INTERNAL', `Erreur inattendue pendant ${context.operation ?? "l'opération"} : ${message}`);
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

function formatSeconds(ms: number): string {
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}

