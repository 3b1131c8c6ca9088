import { renderErrorText, type ErrorLang, type ErrorMessageKey, type ErrorParams, type ErrorText } from './error-messages.js';

/**
 * The one error shape that crosses every boundary (service → router → IPC/HTTP → UI, and the CLI).
 * `code` is stable and machine-readable; `message` is in French (the CLI's language) unless the
 * thrower chose another; `text`, when present, is the catalogue key and parameters
 * (shared/error-messages.ts) from which the interface renders the message in its current language.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_METHOD'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'WORKSPACE_TOO_NEW'
  | 'WORKSPACE_INVALID'
  /** An SQLite file that is not a workspace (another application's database): refused untouched. */
  | 'WORKSPACE_FOREIGN'
  /** The workspace failed its integrity check, or SQLite met a damaged page. */
  | 'WORKSPACE_CORRUPT'
  /** Another program holds the workspace's write lock longer than the busy timeout. */
  | 'WORKSPACE_LOCKED'
  /** The workspace cannot be written (protected file, read-only medium, opened for reading). */
  | 'WORKSPACE_READONLY'
  /** The disk (or the workspace's size limit) is full: the transaction was rolled back. */
  | 'DISK_FULL'
  /** The operating system reported a read or write error on the workspace's medium. */
  | 'DISK_IO'
  | 'FILE_UNREADABLE'
  | 'FILE_HOSTILE'
  | 'LAYOUT_UNKNOWN'
  | 'IMPORT_REFUSED'
  | 'NOTHING_TO_UNDO'
  | 'CANCELLED'
  | 'CONFLICT'
  | 'INTERNAL';

export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: unknown;
  text?: ErrorText;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly text?: ErrorText;

  constructor(code: ErrorCode, message: string, details?: unknown, text?: ErrorText) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    if (text) this.text = text;
  }

  /**
   * An error whose message comes from the catalogue: rendered in `lang` (French by default) for
   * the CLI and the logs, and carried as `{ key, params }` so the interface can show it in its own.
   */
  static keyed(code: ErrorCode, key: ErrorMessageKey, params?: ErrorParams, details?: unknown, lang: ErrorLang = 'fr'): AppError {
    const text: ErrorText = params ? { key, params } : { key };
    return new AppError(code, renderErrorText(text, lang), details, text);
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.text === undefined ? {} : { text: this.text }),
    };
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}
