/**
 * The workspace the app has open: its path and its one writer connection. Opening another
 * workspace closes the previous connection first (jobs keep their own connections and finish on
 * the file they started with). `nativeBinding` is the Electron build of better-sqlite3 when the
 * desktop shell runs (see main/electron/native-binding.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openWorkspace, type Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';

export class WorkspaceSession {
  private current: { path: string; db: Db } | null = null;

  constructor(readonly nativeBinding?: string) {}

  get isOpen(): boolean {
    return this.current !== null;
  }

  get path(): string {
    if (!this.current) throw AppError.keyed('WORKSPACE_INVALID', 'workspace.notOpen');
    return this.current.path;
  }

  get db(): Db {
    if (!this.current) throw AppError.keyed('WORKSPACE_INVALID', 'workspace.notOpen');
    return this.current.db;
  }

  /** Opens an existing workspace file. */
  open(file: string): void {
    const resolved = path.resolve(file);
    if (!fs.existsSync(resolved)) throw AppError.keyed('NOT_FOUND', 'workspace.notFound', { file: resolved });
    this.swap(resolved);
  }

  /** Creates a new workspace file (refused when one exists there) and opens it. */
  create(file: string): void {
    const resolved = path.resolve(file);
    if (fs.existsSync(resolved)) throw AppError.keyed('CONFLICT', 'workspace.alreadyExists', { file: resolved });
    this.swap(resolved);
  }

  /** Opens `file`, creating it when missing (start-up on the default workspace). */
  openOrCreate(file: string): void {
    this.swap(path.resolve(file));
  }

  private swap(file: string): void {
    // Open the new one first: if it fails (too new, not a workspace) the old one stays open.
    const db = openWorkspace(file, this.nativeBinding ? { nativeBinding: this.nativeBinding } : {});
    this.close();
    this.current = { path: file, db };
  }

  /** True when the workspace carries the demo flag (setting `demo` = true). */
  isDemo(): boolean {
    const value = this.db.prepare(`SELECT value_json FROM setting WHERE key = 'demo'`).pluck().get() as string | undefined;
    return value === 'true';
  }

  /** Where exports of this workspace go by default: `<folder of the workspace>/exports/<name>/`. */
  exportsFolder(): string {
    const base = path.basename(this.path).replace(/\.barometre\.sqlite$|\.sqlite$/i, '');
    return path.join(path.dirname(this.path), 'exports', base);
  }

  close(): void {
    if (this.current) {
      this.current.db.close();
      this.current = null;
    }
  }
}
