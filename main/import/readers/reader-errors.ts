/**
 * The errors every reader throws, with their French messages in one place, and the limits
 * resolved from the caller's partial options. Every message names the file (and the archive entry
 * or the sheet when there is one) so the user knows what to fix.
 */
import { AppError } from '../../../shared/errors.js';
import { DEFAULT_READER_LIMITS, type CancelToken, type ReaderLimits } from './types.js';

const fr = new Intl.NumberFormat('fr-FR');

/** Bytes as a French reader says them ("1,5 Mo"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${fr.format(bytes)} octets`;
  const units = ['Ko', 'Mo', 'Go', 'To'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(value);
  return `${rounded} ${units[unit] ?? 'To'}`;
}

export function resolveLimits(partial: Partial<ReaderLimits> | undefined): ReaderLimits {
  return { ...DEFAULT_READER_LIMITS, ...(partial ?? {}) };
}

/** The file cannot be read as a spreadsheet (damaged, truncated, not a spreadsheet, empty). */
export function unreadable(fileName: string, reason: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('FILE_UNREADABLE', `Le fichier « ${fileName} » est illisible : ${reason}`, { file: fileName, ...extra });
}

/** The file looks built to harm the reader (zip bomb, lying sizes, XML entity tricks). */
export function hostile(fileName: string, reason: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('FILE_HOSTILE', `Le fichier « ${fileName} » est refusé par précaution : ${reason}`, { file: fileName, ...extra });
}

export function unknownSheet(fileName: string, sheetName: string, sheetNames: readonly string[]): AppError {
  const list = sheetNames.map((name) => `« ${name} »`).join(', ');
  return new AppError(
    'INVALID_INPUT',
    `La feuille « ${sheetName} » n'existe pas dans « ${fileName} » (feuilles : ${list || 'aucune'}).`,
    { file: fileName, sheet: sheetName, sheets: [...sheetNames] },
  );
}

export function throwIfCancelled(cancel: CancelToken | undefined, fileName: string): void {
  if (cancel?.cancelled) {
    throw new AppError('CANCELLED', `Lecture de « ${fileName} » annulée.`, { file: fileName });
  }
}

/**
 * Keeps AppErrors as they are and turns anything else a parser throws (RangeError, a library's
 * own Error) into FILE_UNREADABLE, so callers only ever see the stable error codes.
 */
export function asReaderError(error: unknown, fileName: string, where: string): AppError {
  if (error instanceof AppError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return unreadable(fileName, `${where} (${detail}).`, { cause: detail });
}
