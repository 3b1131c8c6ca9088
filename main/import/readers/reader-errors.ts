/**
 * The errors every reader throws, with their French messages in one place, and the limits
 * resolved from the caller's partial options. Every message names the file (and the archive entry
 * or the sheet when there is one) so the user knows what to fix.
 */
import { AppError } from '../../../shared/errors.js';
import { formatLimit, limitHint, type ReaderLimitName, type ReaderLimits } from './limits.js';
import type { CancelToken } from './types.js';

export { formatBytes, formatCount, resolveLimits } from './limits.js';

/** What to do with a spreadsheet that cannot be read: the one advice every reader gives. */
export const RESAVE_ADVICE = "réenregistrez-le au format .xlsx depuis Excel ou LibreOffice (s'il ne s'y ouvre pas non plus, demandez une nouvelle copie du fichier).";

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
 * A cap of limits.ts is exceeded: `what` says what the file declares or holds ("la feuille « X »
 * déclare 17 000 000 000 cellules"); the message adds the cap's value, its name and how to raise it.
 */
export function overLimit(fileName: string, name: ReaderLimitName, limits: ReaderLimits, what: string, extra: Record<string, unknown> = {}, advice = ''): AppError {
  const sentence = `${what}, au-delà de la limite de ${formatLimit(name, limits[name])} (${limitHint(name, limits[name])}).`;
  return hostile(fileName, advice ? `${sentence} ${advice}` : sentence, { limit: name, limitValue: limits[name], ...extra });
}

/** French words for what the system says when a file cannot be opened. */
const FILE_SYSTEM_REASONS: Record<string, string> = {
  ENOENT: 'fichier introuvable',
  EACCES: 'accès refusé (droits insuffisants)',
  EPERM: 'accès refusé (droits insuffisants)',
  EISDIR: "c'est un dossier, pas un fichier",
  EBUSY: 'fichier verrouillé par une autre application : fermez-le puis réessayez',
  EMFILE: 'trop de fichiers ouverts : réessayez',
  EIO: 'erreur de lecture du disque',
};

/**
 * Keeps AppErrors as they are and turns anything else a parser throws (a TypeError deep inside
 * SheetJS, a RangeError for a string too long, an errno) into FILE_UNREADABLE with a French
 * message about the file: what is wrong and what to do. The library's own (English) text never
 * reaches the message; it is kept in `details.cause` for diagnosis.
 */
export function asReaderError(error: unknown, fileName: string, where: string): AppError {
  if (error instanceof AppError) return error;
  const name = fileName || 'sans nom';
  const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  const systemReason = code === undefined ? undefined : FILE_SYSTEM_REASONS[code];
  if (systemReason !== undefined) return unreadable(name, `${where} (${systemReason}).`, { cause, errno: code });
  if (error instanceof RangeError || code === 'ERR_STRING_TOO_LONG' || code === 'ERR_BUFFER_TOO_LARGE') {
    return unreadable(name, `${where} : une de ses parties est trop volumineuse pour être lue en mémoire. Enregistrez les données en plusieurs fichiers, ou en CSV.`, { cause });
  }
  return unreadable(name, `${where}. Il est sans doute endommagé, tronqué ou d'une variante que l'application ne sait pas lire : ${RESAVE_ADVICE}`, { cause });
}
