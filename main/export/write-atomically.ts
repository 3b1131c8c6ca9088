/**
 * Writes a deliverable under a temporary name in its folder, then renames it: a reader (Excel, a
 * file watcher, the next batch) never sees half a file, and a failed write leaves nothing behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';

/** Runs `write` on a temporary name next to `file`, then renames it; the temp file never survives. */
export async function writeAtomically<T extends { sheets: string[] }>(file: string, write: (temp: string) => Promise<T>): Promise<{ file: string; sheets: string[] }> {
  const target = path.resolve(file);
  // Renaming onto a folder fails only after the whole file is written, with a system error.
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw AppError.keyed('INVALID_INPUT', 'export.outIsFolder', { path: target });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const written = await write(temp);
    fs.renameSync(temp, target);
    return { file: target, sheets: written.sheets };
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
