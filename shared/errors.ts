/**
 * The one error shape that crosses every boundary (service → router → IPC/HTTP → UI, and the CLI).
 * `code` is stable and machine-readable; `message` is already in the user's language.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_METHOD'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'WORKSPACE_TOO_NEW'
  | 'WORKSPACE_INVALID'
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
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}
