/**
 * The copies a workspace has, wherever they were written:
 * - `<file>.v<N>-<date>.bak` beside the file: written by a migration before it changes the schema
 *   (connection.ts);
 * - `sauvegardes/<workspace>-YYYYMMDD-HHMMSS-<reason>.sqlite` beside the file: the backups of
 *   main/workspace/backup.ts (before an import, by hand, before a restore…).
 * Messages about a damaged workspace name the most recent one, so the user knows a way back
 * exists. This module only finds and names the copies; taking and restoring them is
 * main/workspace/backup.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderErrorText, type ErrorText } from '../../shared/error-messages.js';
import type { BackupReason } from '../../shared/workspace-types.js';

export interface BackupCopy {
  path: string;
  /** File name: what `workspace.restore` and `barometer restore` accept, nothing else. */
  name: string;
  reason: BackupReason;
  /** When the copy was written (the file's modification time). */
  modifiedAt: string;
  bytes: number;
}

/** Folder of the backups, beside the workspace file. */
export const BACKUP_FOLDER = 'sauvegardes';

export const BACKUP_REASONS: readonly BackupReason[] = ['manuelle', 'import', 'correction', 'avant-restauration', 'migration'];

/** The workspace's name without its extension: `national.barometre.sqlite` → `national`. */
export function workspaceBaseName(file: string): string {
  return path.basename(file).replace(/\.barometre\.sqlite$|\.sqlite$|\.db$/i, '');
}

export function backupFolder(file: string): string {
  return path.join(path.dirname(path.resolve(file)), BACKUP_FOLDER);
}

/** `<workspace>-20261206-211503-import.sqlite` (a `-2`, `-3` suffix when two fall in one second). */
export function backupFileName(file: string, reason: BackupReason, at: Date, attempt = 1): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  return `${workspaceBaseName(file)}-${stamp}${attempt > 1 ? `-${attempt}` : ''}-${reason}.sqlite`;
}

const REASON_PATTERN = BACKUP_REASONS.filter((r) => r !== 'migration').join('|');

/** Backup copies of `file` (migrations' and `sauvegardes/`), most recent first; none when nothing can be read. */
export function listBackupCopies(file: string): BackupCopy[] {
  const resolved = path.resolve(file);
  const copies: BackupCopy[] = [];
  const migrationPrefix = `${path.basename(resolved)}.v`;
  for (const name of readDir(path.dirname(resolved))) {
    if (name.startsWith(migrationPrefix) && name.endsWith('.bak')) addCopy(copies, path.dirname(resolved), name, 'migration');
  }
  const base = escapeRegExp(workspaceBaseName(resolved));
  const ours = new RegExp(`^${base}-\\d{8}-\\d{6}(?:-\\d+)?-(${REASON_PATTERN})\\.sqlite$`);
  const folder = backupFolder(resolved);
  for (const name of readDir(folder)) {
    const match = ours.exec(name);
    if (match) addCopy(copies, folder, name, match[1] as BackupReason);
  }
  return copies.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || b.name.localeCompare(a.name));
}

function readDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function addCopy(copies: BackupCopy[], dir: string, name: string, reason: BackupReason): void {
  try {
    const stat = fs.statSync(path.join(dir, name));
    if (stat.isFile()) copies.push({ path: path.join(dir, name), name, reason, modifiedAt: stat.mtime.toISOString(), bytes: stat.size });
  } catch {
    // Removed between readdir and stat: not a copy anyone can restore.
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One sentence telling how to get back to a sound workspace, as a catalogue text. The deliverables
 * refuse a damaged workspace; what stays readable is the import history, which names every source
 * file, so a new workspace can be rebuilt from them.
 */
export function restoreAdviceText(file: string): ErrorText {
  const latest = listBackupCopies(file)[0];
  if (!latest) return { key: 'workspace.restoreAdvice.none' };
  return { key: 'workspace.restoreAdvice.latest', params: { copy: latest.name, folder: path.dirname(latest.path), date: formatDate(latest.modifiedAt) } };
}

/** The same sentence in French. */
export function restoreAdvice(file: string): string {
  return renderErrorText(restoreAdviceText(file), 'fr');
}

function formatDate(iso: string): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}
