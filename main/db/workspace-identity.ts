/**
 * Is this file one of our workspaces? Answered before anything is written to it, so that another
 * application's database (a browser profile, a mail index) is refused byte-for-byte untouched:
 * - the first 16 bytes must be SQLite's header;
 * - a `-wal` journal beside it must be a valid WAL of this file, else it is set aside (renamed)
 *   rather than replayed into the workspace;
 * - a read-only probe connection reads `application_id` (set by migration 004), `user_version` and
 *   the table names: ours, a workspace made before migration 004 (user_version ≥ 1 and our
 *   tables), an empty database (no schema at all: it becomes a new workspace), or foreign.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ErrorText } from '../../shared/error-messages.js';
import { AppError } from '../../shared/errors.js';
import { restoreAdviceText } from './backups.js';
import { sqliteFailureToAppError } from './sqlite-errors.js';

/** `PRAGMA application_id` of a workspace: "BEC1" in ASCII (Baromètre Expérience Citoyen). */
export const APPLICATION_ID = 0x42454331;

/** Tables migration 001 creates: a file holding them all with user_version ≥ 1 is a workspace. */
const WORKSPACE_TABLES = ['edition', 'structure', 'category', 'channel', 'item', 'audit', 'observation', 'import', 'setting'] as const;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export type WorkspaceKind = 'workspace' | 'pre-marker-workspace' | 'empty';

interface FileHeader {
  pageSize: number;
  applicationId: number;
}

/** Reads the 100-byte database header; refuses a file that is not SQLite at all. */
export function readSqliteHeader(file: string): FileHeader {
  const header = Buffer.alloc(100);
  let read = 0;
  const fd = fs.openSync(file, 'r');
  try {
    read = fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw AppError.keyed(
      'WORKSPACE_INVALID',
      'workspace.notSqlite',
      { file: path.basename(file) },
      { file },
    );
  }
  const rawPageSize = header.readUInt16BE(16);
  return { pageSize: rawPageSize === 1 ? 65536 : rawPageSize, applicationId: header.readInt32BE(68) };
}

/**
 * Checks the `-wal` journal beside `file` and renames it aside when it is not a WAL of this
 * database: a bad header (garbage, a truncated copy), another page size, or a first page whose
 * header carries another application's id. Returns the new name, or null when there was nothing
 * to set aside. A live journal (another process writing) always has a valid header, so this never
 * moves one.
 */
export function setAsideInvalidWal(file: string, header: FileHeader, now = new Date()): { path: string; reason: string } | null {
  const wal = `${file}-wal`;
  let reason: string | null;
  try {
    reason = invalidWalReason(wal, header);
  } catch {
    return null; // No journal (the usual case), or one that cannot be read: SQLite will say so.
  }
  if (reason === null) return null;
  const aside = `${wal}.ecarte-${now.toISOString().replace(/[:.]/g, '-')}`;
  try {
    fs.renameSync(wal, aside);
  } catch (error) {
    throw AppError.keyed('WORKSPACE_INVALID', 'workspace.walNotSetAside', { wal: path.basename(wal), reason, error: (error as Error).message }, { file, wal });
  }
  return { path: aside, reason };
}

/** Frames whose first page is looked at: page 1 changes with nearly every commit, so early. */
const WAL_FRAMES_SCANNED = 1000;

/**
 * Why the WAL file `wal` is not one SQLite would rightly replay into this database, or null if it
 * is (or is empty). Reads the header and at most WAL_FRAMES_SCANNED frame headers, never the
 * whole journal (it can hold gigabytes after a large import).
 */
export function invalidWalReason(wal: string, header: FileHeader): string | null {
  const fd = fs.openSync(wal, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return null;
    const head = Buffer.alloc(32);
    if (fs.readSync(fd, head, 0, 32, 0) < 32) return 'journal tronqué';
    const magic = head.readUInt32BE(0);
    if (magic !== 0x377f0682 && magic !== 0x377f0683) return 'en-tête illisible';
    if (head.readUInt32BE(4) !== 3007000) return 'version de journal inconnue';
    const pageSize = head.readUInt32BE(8);
    if (pageSize !== header.pageSize) return `taille de page ${pageSize} au lieu de ${header.pageSize}`;
    const [c1, c2] = walChecksum(head, 0, 24, magic === 0x377f0683);
    if (c1 !== head.readUInt32BE(24) || c2 !== head.readUInt32BE(28)) return "somme de contrôle de l'en-tête fausse";
    // Frames of the current generation carry the header's salts; a first page among them must be
    // this database's (same application id, or ours when migration 004 has just marked it).
    const salt1 = head.readUInt32BE(16);
    const salt2 = head.readUInt32BE(20);
    const frameHeader = Buffer.alloc(24);
    const pageHead = Buffer.alloc(100);
    const frameSize = 24 + pageSize;
    for (let frame = 0, at = 32; frame < WAL_FRAMES_SCANNED && at + frameSize <= size; frame += 1, at += frameSize) {
      fs.readSync(fd, frameHeader, 0, 24, at);
      if (frameHeader.readUInt32BE(8) !== salt1 || frameHeader.readUInt32BE(12) !== salt2) break;
      if (frameHeader.readUInt32BE(0) !== 1) continue;
      fs.readSync(fd, pageHead, 0, 100, at + 24);
      if (!pageHead.subarray(0, 16).equals(SQLITE_MAGIC)) return 'première page étrangère';
      const applicationId = pageHead.readInt32BE(68);
      if (applicationId !== header.applicationId && applicationId !== APPLICATION_ID) return "journal d'une autre base de données";
    }
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** SQLite's WAL checksum (Fibonacci-weighted sums of 32-bit words). */
function walChecksum(bytes: Buffer, from: number, to: number, bigEndian: boolean): [number, number] {
  let s1 = 0;
  let s2 = 0;
  for (let at = from; at < to; at += 8) {
    const x0 = bigEndian ? bytes.readUInt32BE(at) : bytes.readUInt32LE(at);
    const x1 = bigEndian ? bytes.readUInt32BE(at + 4) : bytes.readUInt32LE(at + 4);
    s1 = (s1 + x0 + s2) >>> 0;
    s2 = (s2 + x1 + s1) >>> 0;
  }
  return [s1, s2];
}

export interface ProbeOptions {
  nativeBinding?: string;
  busyTimeoutMs: number;
}

/**
 * Classifies an existing, non-empty SQLite file with a read-only connection (which never writes,
 * not even a checkpoint when it closes). Throws WORKSPACE_FOREIGN for a database that is not ours.
 */
export function probeWorkspace(file: string, options: ProbeOptions): WorkspaceKind {
  let probe: Database.Database | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    probe.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
    const applicationId = probe.pragma('application_id', { simple: true }) as number;
    const userVersion = probe.pragma('user_version', { simple: true }) as number;
    const objects = probe.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view', 'index', 'trigger') AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    if (applicationId === APPLICATION_ID) return 'workspace';
    if (applicationId === 0 && objects.length === 0 && userVersion === 0) return 'empty';
    if (applicationId === 0 && userVersion >= 1 && WORKSPACE_TABLES.every((t) => objects.includes(t))) return 'pre-marker-workspace';
    throw foreign(file, applicationId, objects);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const mapped = sqliteFailureToAppError(error, { file, operation: { key: 'sqlite.operation.open' }, busyTimeoutMs: options.busyTimeoutMs });
    if (mapped?.code === 'WORKSPACE_CORRUPT') {
      // The schema itself is unreadable: nothing can be opened, only restored.
      throw AppError.keyed('WORKSPACE_CORRUPT', 'workspace.structureUnreadable', { file: path.basename(file), advice: restoreAdviceText(file) }, mapped.details);
    }
    if (mapped && mapped.code !== 'INTERNAL') throw mapped;
    throw AppError.keyed('WORKSPACE_INVALID', 'workspace.invalid', { file: path.basename(file), reason: (error as Error).message }, { file });
  } finally {
    probe?.close();
  }
}

function foreign(file: string, applicationId: number, objects: readonly string[]): AppError {
  const sample = objects.filter((o) => !o.startsWith('sqlite_')).slice(0, 4);
  const what: ErrorText = sample.length > 0
    ? { key: 'workspace.foreign.otherAppTables', params: { tables: `${sample.map((t) => `« ${t} »`).join(', ')}${objects.length > sample.length ? '…' : ''}` } }
    : { key: 'workspace.foreign.otherApp' };
  return AppError.keyed('WORKSPACE_FOREIGN', 'workspace.foreign', { file: path.basename(file), what }, { file, applicationId, tables: sample });
}
