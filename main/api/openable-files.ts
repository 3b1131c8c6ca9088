/**
 * What `shell.openPath` may open: the open workspace's exports folder (and what lies inside it),
 * plus the files the app wrote during this session wherever the desktop user saved them (and the
 * folders holding them). Anything else is refused with one answer whether it exists or not, so
 * the call is neither a way to launch arbitrary files nor an oracle on the disk's contents.
 * Paths are compared after resolving symbolic links: a link inside the exports folder that points
 * elsewhere is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ERROR_MESSAGES_FR } from '../../shared/error-messages.js';
import { AppError } from '../../shared/errors.js';

export const OPEN_REFUSED_MESSAGE = ERROR_MESSAGES_FR['api.openRefused'];

function realOrResolved(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** `file` is `folder` or inside it (both already absolute). */
function within(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export class OpenableFiles {
  /** Real paths of files written this session and of the folders holding them. */
  private readonly written = new Set<string>();

  /** Records a file the app has just written (exports, reports), and its folder. */
  remember(file: string): void {
    const real = realOrResolved(file);
    this.written.add(real);
    this.written.add(path.dirname(real));
  }

  /** Records a folder the app wrote a batch into. */
  rememberFolder(folder: string): void {
    this.written.add(realOrResolved(folder));
  }

  /**
   * The real path to open, or FORBIDDEN (same message for a missing and an existing file outside
   * the allowed places); NOT_FOUND only for a missing path inside the exports folder.
   */
  resolve(file: string, exportsFolder: string | null): string {
    const requested = path.resolve(file);
    const folders = exportsFolder ? [path.resolve(exportsFolder), realOrResolved(exportsFolder)] : [];
    const lexicallyAllowed = folders.some((folder) => within(folder, requested)) || this.written.has(requested);
    let real: string | null = null;
    try {
      real = fs.realpathSync(requested);
    } catch {
      real = null;
    }
    if (real === null) {
      // Decided on the requested path alone: outside, missing and present answer the same.
      if (lexicallyAllowed) throw AppError.keyed('NOT_FOUND', 'api.openMissing', { file: path.basename(requested) });
      throw AppError.keyed('FORBIDDEN', 'api.openRefused');
    }
    const realExports = exportsFolder ? realOrResolved(exportsFolder) : null;
    const allowed = (realExports !== null && within(realExports, real)) || this.written.has(real);
    if (!allowed) throw AppError.keyed('FORBIDDEN', 'api.openRefused');
    return real;
  }
}
