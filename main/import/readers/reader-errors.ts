/**
 * The errors every reader throws, with their catalogue texts in one place, and the limits
 * resolved from the caller's partial options. Every message names the file (and the archive entry
 * or the sheet when there is one) so the user knows what to fix.
 */
import type { ErrorMessageKey, ErrorText } from '../../../shared/error-messages.js';
import { AppError } from '../../../shared/errors.js';
import { limitHintText, limitParam, type ReaderLimitName, type ReaderLimits } from './limits.js';
import type { CancelToken } from './types.js';

export { countParam, formatBytes, formatCount, resolveLimits, sizeText } from './limits.js';

/** What to do with a spreadsheet that cannot be read: the one advice every reader gives. */
export const RESAVE_ADVICE = "réenregistrez-le au format .xlsx depuis Excel ou LibreOffice (s'il ne s'y ouvre pas non plus, demandez une nouvelle copie du fichier).";

/** A reason a file is refused: a catalogue text, shown in the user's language (archive internals included). */
export type ReaderReason = ErrorText;

/** A catalogue reason, for `unreadable` / `hostile`. */
export function reason(key: ErrorMessageKey, params?: ErrorText['params']): ErrorText {
  return params ? { key, params } : { key };
}

/** The file cannot be read as a spreadsheet (damaged, truncated, not a spreadsheet, empty). */
export function unreadable(fileName: string, why: ReaderReason, extra: Record<string, unknown> = {}): AppError {
  return AppError.keyed('FILE_UNREADABLE', 'import.unreadable', { file: fileName, reason: why }, { file: fileName, ...extra });
}

/** The file looks built to harm the reader (zip bomb, lying sizes, XML entity tricks). */
export function hostile(fileName: string, why: ReaderReason, extra: Record<string, unknown> = {}): AppError {
  return AppError.keyed('FILE_HOSTILE', 'import.hostile', { file: fileName, reason: why }, { file: fileName, ...extra });
}

export function unknownSheet(fileName: string, sheetName: string, sheetNames: readonly string[]): AppError {
  const list = sheetNames.map((name) => `« ${name} »`).join(', ');
  return AppError.keyed(
    'INVALID_INPUT',
    'import.unknownSheet',
    { sheet: sheetName, file: fileName, sheets: list || reason('import.noSheets') },
    { file: fileName, sheet: sheetName, sheets: [...sheetNames] },
  );
}

export function throwIfCancelled(cancel: CancelToken | undefined, fileName: string): void {
  if (cancel?.cancelled) {
    throw AppError.keyed('CANCELLED', 'import.readCancelled', { file: fileName }, { file: fileName });
  }
}

/**
 * A cap of limits.ts is exceeded: `what` says what the file declares or holds ("la feuille « X »
 * déclare 17 000 000 000 cellules"); the message adds the cap's value, its name and how to raise it.
 */
export function overLimit(fileName: string, name: ReaderLimitName, limits: ReaderLimits, what: ErrorText, extra: Record<string, unknown> = {}, advice?: ErrorText): AppError {
  const sentence = reason('import.reason.overLimit', {
    what,
    limit: limitParam(name, limits[name]),
    hint: limitHintText(name, limits[name]),
    advice: advice ? { key: 'common.spaced', params: { text: advice } } : '',
  });
  return hostile(fileName, sentence, { limit: name, limitValue: limits[name], ...extra });
}

/** The words for what the system says when a file cannot be opened (catalogue keys). */
const FILE_SYSTEM_REASONS: Record<string, ErrorMessageKey> = {
  ENOENT: 'import.system.ENOENT',
  EACCES: 'import.system.EACCES',
  EPERM: 'import.system.EACCES',
  EISDIR: 'import.system.EISDIR',
  EBUSY: 'import.system.EBUSY',
  EMFILE: 'import.system.EMFILE',
  EIO: 'import.system.EIO',
};

/**
 * Keeps AppErrors as they are and turns anything else a parser throws (a TypeError deep inside
 * SheetJS, a RangeError for a string too long, an errno) into FILE_UNREADABLE with a French
 * message about the file: what is wrong and what to do. The library's own (English) text never
 * reaches the message; it is kept in `details.cause` for diagnosis.
 */
export function asReaderError(error: unknown, fileName: string, where: ReaderReason): AppError {
  if (error instanceof AppError) return error;
  const name = fileName || 'sans nom';
  const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  const systemReason = code === undefined ? undefined : FILE_SYSTEM_REASONS[code];
  if (systemReason !== undefined) return unreadable(name, reason('import.reason.system', { where, why: reason(systemReason) }), { cause, errno: code });
  if (error instanceof RangeError || code === 'ERR_STRING_TOO_LONG' || code === 'ERR_BUFFER_TOO_LARGE') {
    return unreadable(name, reason('import.reason.tooBig', { where }), { cause });
  }
  return unreadable(name, reason('import.reason.damaged', { where }), { cause });
}
