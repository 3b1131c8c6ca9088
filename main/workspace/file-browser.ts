/**
 * The server-side file browser of the workspace chooser in browser mode: a page cannot show a
 * native dialog, so the main side lists folders and workspace files for it. Confined to two
 * roots: the user's home folder and the app's data folder (BAROMETER_HOME or its default). Every
 * path a page sends is resolved (`..` and symbolic links, by realpath) before it is compared with
 * the roots, so neither `../..`, an absolute path elsewhere, nor a link leading out gets past;
 * what is then read or written is the resolved path that was checked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ErrorText } from '../../shared/error-messages.js';
import { AppError } from '../../shared/errors.js';
import type { BrowseRoot, BrowseRootId, FolderEntry, FolderListing } from '../../shared/file-browser-types.js';
import { appDataFolder } from '../workspace-path.js';

/** Entries listed per folder at most (a folder of photos must not produce a huge answer). */
export const MAX_LISTED_ENTRIES = 2000;
/** Workspace files and their copies: `*.sqlite`, `*.barometre.sqlite` included. */
const WORKSPACE_FILE = /\.sqlite$/i;
/** « votre dossier personnel et le dossier de l'application », in the reader's language. */
const ROOTS_TEXT: ErrorText = { key: 'files.roots' };

/** The roots as they are now (home and app data folder), symbolic links resolved; missing ones left out. */
export function browseRoots(folders: Partial<Record<BrowseRootId, string>> = {}): BrowseRoot[] {
  const wanted: Array<[BrowseRootId, string]> = [['home', folders.home ?? os.homedir()], ['appData', folders.appData ?? appDataFolder()]];
  const roots: BrowseRoot[] = [];
  for (const [id, folder] of wanted) {
    const real = realOrNull(path.resolve(folder));
    if (real && isDirectory(real) && !roots.some((r) => r.path === real)) roots.push({ id, path: real });
  }
  return roots;
}

/** True when `real` is `root` or inside it (both already resolved). */
function within(root: string, real: string): boolean {
  const relative = path.relative(root, real);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The innermost root holding `real`, or null. */
function rootOf(real: string, roots: readonly BrowseRoot[]): BrowseRoot | null {
  let best: BrowseRoot | null = null;
  for (const root of roots) {
    if (within(root.path, real) && (!best || root.path.length > best.path.length)) best = root;
  }
  return best;
}

function outside(requested: string): AppError {
  return AppError.keyed('FORBIDDEN', 'files.outside', { path: requested, roots: ROOTS_TEXT }, { path: requested });
}

/** `..` resolved, then symbolic links: the real path, refused outside the roots. Throws NOT_FOUND when it does not exist. */
function confine(requested: string, roots: readonly BrowseRoot[]): { real: string; root: BrowseRoot } {
  if (!path.isAbsolute(requested)) throw AppError.keyed('INVALID_INPUT', 'files.notAbsolute', { path: requested, roots: ROOTS_TEXT }, { path: requested });
  if (requested.includes('\0')) throw outside(requested);
  const lexical = path.resolve(requested);
  const real = realOrNull(lexical);
  if (!real) {
    // Whether a path outside the roots exists is none of the page's business: judge it by the
    // real path of its nearest existing folder (a link leading out stays refused).
    if (!rootOf(nearestRealAncestor(lexical), roots)) throw outside(requested);
    throw AppError.keyed('NOT_FOUND', 'files.notFound', { path: requested }, { path: requested });
  }
  const root = rootOf(real, roots);
  if (!root) throw outside(requested);
  return { real, root };
}

/** Lists a folder inside the roots (default: the first root). */
export function listFolder(requested: string | undefined, roots: readonly BrowseRoot[], options: { showHidden?: boolean } = {}): FolderListing {
  if (roots.length === 0) throw AppError.keyed('NOT_FOUND', 'files.noRoots', { roots: ROOTS_TEXT });
  const { real, root } = requested ? confine(requested, roots) : { real: roots[0]!.path, root: roots[0]! };
  if (!isDirectory(real)) throw AppError.keyed('INVALID_INPUT', 'files.notAFolder', { path: requested ?? real }, { path: requested });
  let dirents: fs.Dirent[];
  try {
    dirents = fs.readdirSync(real, { withFileTypes: true });
  } catch (error) {
    throw AppError.keyed('FORBIDDEN', 'files.folderUnreadable', { path: real, code: (error as NodeJS.ErrnoException).code ?? 'erreur' }, { path: real });
  }
  const entries: FolderEntry[] = [];
  let truncated = false;
  for (const dirent of dirents) {
    if (!options.showHidden && dirent.name.startsWith('.')) continue;
    const entry = describeEntry(real, dirent, roots);
    if (!entry) continue;
    if (entries.length >= MAX_LISTED_ENTRIES) {
      truncated = true;
      break;
    }
    entries.push(entry);
  }
  const collator = new Intl.Collator('fr-FR', { numeric: true, sensitivity: 'base' });
  entries.sort((a, b) => (a.kind === b.kind ? collator.compare(a.name, b.name) : a.kind === 'folder' ? -1 : 1));
  return {
    path: real,
    root: root.id,
    parent: real === root.path ? null : path.dirname(real),
    roots: [...roots],
    entries,
    truncated,
  };
}

/** A folder or a workspace file; null for anything else, unreadable, or a link leading outside the roots. */
function describeEntry(folder: string, dirent: fs.Dirent, roots: readonly BrowseRoot[]): FolderEntry | null {
  const full = path.join(folder, dirent.name);
  let stat: fs.Stats;
  try {
    if (dirent.isSymbolicLink()) {
      const target = fs.realpathSync(full);
      if (!rootOf(target, roots)) return null;
    }
    stat = fs.statSync(full);
  } catch {
    return null;
  }
  if (stat.isDirectory()) return { name: dirent.name, path: full, kind: 'folder' };
  if (stat.isFile() && WORKSPACE_FILE.test(dirent.name)) {
    return { name: dirent.name, path: full, kind: 'workspace', bytes: stat.size, modifiedAt: stat.mtime.toISOString() };
  }
  return null;
}

/** An existing workspace file inside the roots: its real path. */
export function confineExistingWorkspace(requested: string, roots: readonly BrowseRoot[]): string {
  const { real } = confine(requested, roots);
  if (!isFile(real)) throw AppError.keyed('INVALID_INPUT', 'files.notAFile', { path: requested }, { path: requested });
  if (!WORKSPACE_FILE.test(real)) throw notWorkspaceName(requested);
  return real;
}

/**
 * A file to create (new workspace, saved copy) inside the roots: its folder must exist inside
 * them, its name end in `.sqlite`, and nothing may exist at that name (never overwritten from a page).
 */
export function confineNewFile(requested: string, roots: readonly BrowseRoot[]): string {
  if (!path.isAbsolute(requested)) throw AppError.keyed('INVALID_INPUT', 'files.notAbsolute', { path: requested, roots: ROOTS_TEXT }, { path: requested });
  const name = path.basename(requested);
  if (!name || name === '.' || name === '..' || requested.endsWith('/') || requested.endsWith(path.sep)) {
    throw AppError.keyed('INVALID_INPUT', 'files.nameMissing', { path: requested }, { path: requested });
  }
  if (!WORKSPACE_FILE.test(name)) throw notWorkspaceName(requested);
  const { real: folder } = confine(path.dirname(path.resolve(requested)), roots);
  if (!isDirectory(folder)) throw AppError.keyed('INVALID_INPUT', 'files.notAFolder', { path: path.dirname(requested) }, { path: requested });
  const target = path.join(folder, name);
  if (lexists(target)) throw AppError.keyed('CONFLICT', 'files.exists', { path: target }, { path: target });
  return target;
}

function notWorkspaceName(requested: string): AppError {
  return AppError.keyed('INVALID_INPUT', 'files.notWorkspaceName', { name: path.basename(requested) }, { path: requested });
}

/** The real path of `file`'s nearest existing ancestor, with the missing rest appended. */
function nearestRealAncestor(file: string): string {
  let current = file;
  const rest: string[] = [];
  for (;;) {
    const real = realOrNull(current);
    if (real) return path.join(real, ...rest);
    const parent = path.dirname(current);
    if (parent === current) return file;
    rest.unshift(path.basename(current));
    current = parent;
  }
}

function realOrNull(file: string): string | null {
  try {
    return fs.realpathSync(file);
  } catch {
    return null;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function lexists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
