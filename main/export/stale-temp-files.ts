/**
 * Leftovers of an interrupted write. Every file the app writes goes first to a hidden temporary
 * name carrying the writer's process id (`.CODE-slug.xlsx.1234.tmp`, `.tables.xlsx.1234.1700….tmp`)
 * and is renamed into place when complete. A process killed mid-way leaves that temporary file
 * behind; the next batch into the same folder removes the ones whose writer is dead, and never
 * touches those of a living process (another batch may be writing into the folder right now).
 */
import fs from 'node:fs';
import path from 'node:path';

/** `.<name>.<ext>.<pid>.tmp` or `.<name>.<ext>.<pid>.<timestamp>.tmp`: the pid is the writer's. */
const TEMP_NAME = /^\..+\.[A-Za-z]\w*\.(\d+)(?:\.\d+)?\.tmp$/;

/** True while a process with this id exists (ours, or another user's: EPERM still means alive). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The writer's pid of a temporary file name, or null when the name is not one of ours. */
export function tempFileWriterPid(fileName: string): number | null {
  const match = TEMP_NAME.exec(fileName);
  return match ? Number(match[1]) : null;
}

/**
 * Removes from `folder` (not its sub-folders) the temporary files of dead writers; returns the
 * paths removed. A missing folder or a file that vanished meanwhile is not an error.
 */
export function removeStaleTempFiles(folder: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const pid = tempFileWriterPid(entry.name);
    if (pid === null || processAlive(pid)) continue;
    const file = path.join(folder, entry.name);
    try {
      fs.rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // Not ours to remove after all (permissions): leave it.
    }
  }
  return removed;
}
