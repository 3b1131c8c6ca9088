/**
 * The recent-workspaces list kept in the preferences file (main/api/ui-prefs.ts stores it): most
 * recent first, one entry per file, at most MAX_RECENT. Pure list operations plus `describeRecent`,
 * which says for each entry whether its file is still there (a moved or deleted file stays listed,
 * marked missing, until the user removes it).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RecentWorkspace } from '../../shared/api-types.js';

export interface StoredRecent {
  path: string;
  openedAt: string;
}

export const MAX_RECENT = 10;

/** Moves (or adds) `file` to the top of the list, dated `now`. */
export function touchRecent(list: readonly StoredRecent[], file: string, now = new Date()): StoredRecent[] {
  const resolved = path.resolve(file);
  const rest = list.filter((r) => r.path !== resolved);
  return [{ path: resolved, openedAt: now.toISOString() }, ...rest].slice(0, MAX_RECENT);
}

/** The list without `file` (unchanged when it was not listed). */
export function forgetRecent(list: readonly StoredRecent[], file: string): StoredRecent[] {
  const resolved = path.resolve(file);
  return list.filter((r) => r.path !== resolved);
}

/** Keeps only well-formed entries: the preferences file may have been edited by hand. */
export function sanitizeRecent(value: unknown): StoredRecent[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is StoredRecent => r !== null && typeof r === 'object'
    && typeof (r as StoredRecent).path === 'string' && typeof (r as StoredRecent).openedAt === 'string');
}

/** What the API answers: name, date and whether the file still exists. */
export function describeRecent(list: readonly StoredRecent[]): RecentWorkspace[] {
  return list.map((r) => ({ path: r.path, name: path.basename(r.path), openedAt: r.openedAt, exists: isFile(r.path) }));
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
