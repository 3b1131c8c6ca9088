/** Counts that describe a workspace (what `barometer info` and the Accueil view show). Pure. */

export interface EditionInfo {
  year: number;
  structures: number;
  audits: number;
  observations: number;
  expectedAudits: number;
}

export interface WorkspaceInfo {
  editions: EditionInfo[];
  items: number;
  determinants: number;
  channels: number;
  steps: number;
  structures: number;
  imports: number;
  isDemo: boolean;
}

/**
 * Result of `workspace.check` and `barometer check`: SQLite's full integrity check (every page,
 * every index) and foreign-key check of the open workspace.
 */
export interface WorkspaceCheck {
  file: string;
  ok: boolean;
  /** SQLite's findings (integrity then foreign keys), at most 100; empty when `ok`. */
  problems: string[];
  /** Result of the quick check run when the workspace was opened. */
  openCheck: 'ok' | 'failed' | 'skipped';
  /** Opened read-only: protected file, asked for, or damaged at open (nothing may be written). */
  readonly: boolean;
  schemaVersion: number;
  /** The most recent backup copy beside the workspace (absolute path), or null. */
  latestBackup: string | null;
  /** One French paragraph: the verdict and what to do. */
  message: string;
  checkedAt: string;
}

/** Why a backup copy was taken (part of its file name: `<workspace>-YYYYMMDD-HHMMSS-<reason>.sqlite`). */
export type BackupReason = 'manuelle' | 'import' | 'correction' | 'avant-restauration' | 'migration';

/** One backup copy of the open workspace, as `workspace.backups` lists it. */
export interface BackupEntry {
  /** File name: the only handle `workspace.restore` accepts. */
  name: string;
  reason: BackupReason;
  createdAt: string;
  bytes: number;
}

/** Result of `workspace.restore`: the copy now in place, and where the replaced file was kept. */
export interface RestoreResult {
  restored: string;
  /** File name of the copy of the replaced workspace (in `sauvegardes/`). */
  previousKeptAs: string;
}
