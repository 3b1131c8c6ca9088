/**
 * What is known about the state of an open workspace: whether the check run when it was opened
 * found damage, whether it is read-only and why, whether a foreign `-wal` was set aside. Recorded
 * by `openWorkspace` on the connection itself, read by the CLI (warnings, exit code), the API
 * (`workspace.check`) and every surface that writes a deliverable: a deliverable is never produced
 * from a workspace known to be damaged (`assertDeliverableSource`).
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors.js';
import type { WorkspaceCheck } from '../../shared/workspace-types.js';
import { listBackupCopies, restoreAdvice, restoreAdviceText } from './backups.js';
import type { FailureContext } from './sqlite-errors.js';

type Db = Database.Database;

export type ReadonlyReason = 'requested' | 'not-writable' | 'damaged';

export interface WorkspaceHealth {
  file: string;
  /** Why the connection is read-only, or null when it can write. */
  readonlyReason: ReadonlyReason | null;
  /** 'skipped': a file above the size limit of the open-time check (see connection.ts). */
  check: 'ok' | 'failed' | 'skipped';
  /** SQLite's findings when `check` is 'failed' (at most 20). */
  problems: string[];
  /** Where a `-wal` journal that was not this workspace's went, or null. */
  walSetAside: string | null;
  busyTimeoutMs: number;
  /** French sentences to show the user once, when the workspace is opened. */
  notices: string[];
}

const HEALTH = new WeakMap<Db, WorkspaceHealth>();

export function recordHealth(db: Db, health: WorkspaceHealth): void {
  HEALTH.set(db, health);
}

/** The state recorded when `db` was opened (a connection opened elsewhere counts as unchecked). */
export function workspaceHealth(db: Db): WorkspaceHealth {
  return HEALTH.get(db) ?? { file: db.name, readonlyReason: db.readonly ? 'requested' : null, check: 'skipped', problems: [], walSetAside: null, busyTimeoutMs: 0, notices: [] };
}

/** True when the open-time (or a later full) check found the workspace damaged. */
export function isDamaged(db: Db): boolean {
  return workspaceHealth(db).check === 'failed';
}

/** Context for `toUserError`, so a SQLite failure is explained with the workspace's name and state. */
export function failureContext(db: Db | undefined, operation?: FailureContext['operation']): FailureContext {
  if (!db) return operation ? { operation } : {};
  const health = workspaceHealth(db);
  return { file: health.file, busyTimeoutMs: health.busyTimeoutMs, damaged: health.readonlyReason === 'damaged', ...(operation ? { operation } : {}) };
}

/** SQLite's `quick_check`: the findings, empty when the file is sound. A page too broken to walk is one finding. */
export function quickCheck(db: Db, limit = 20): string[] {
  return runCheck(db, `quick_check(${limit})`);
}

function runCheck(db: Db, pragma: string): string[] {
  try {
    const rows = db.pragma(pragma, { simple: false }) as Array<Record<string, string>>;
    const findings = rows.map((row) => String(Object.values(row)[0]));
    return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
  } catch (error) {
    // A page too broken to walk stops the check itself (SQLITE_CORRUPT): that is the finding.
    return [`SQLite n'a pas pu parcourir le fichier : ${(error as Error).message}`];
  }
}

/** The damage warning shown when a workspace fails its open-time check. */
export function damageNotice(file: string, problems: readonly string[], readonly: boolean): string {
  const first = problems[0] ? ` (par exemple : « ${problems[0].slice(0, 200)} »)` : '';
  return [
    `ATTENTION : l'espace de travail « ${path.basename(file)} » est endommagé : la vérification à l'ouverture a trouvé ${problems.length} problème${problems.length > 1 ? 's' : ''}${first}.`,
    `${readonly ? 'Il est ouvert en lecture seule pour ne pas aggraver les dégâts ; ' : ''}les exports de livrables sont refusés et les chiffres affichés peuvent être faux.`,
    `« barometer check » (ou « Vérifier l'espace ») en fait le diagnostic complet. ${restoreAdvice(file)}`,
  ].join(' ');
}

/**
 * The full check behind `barometer check` and `workspace.check`: every page and index
 * (`integrity_check`), then the foreign keys. Slow on a large workspace (it reads the whole
 * file). A failure marks the connection damaged, so exports refuse from then on.
 */
export function checkWorkspace(db: Db): WorkspaceCheck {
  const health = workspaceHealth(db);
  const problems = runCheck(db, 'integrity_check(100)');
  // Foreign keys only on a file whose pages could all be read (else it repeats the same failure).
  if (problems.length === 0) {
    try {
      const violations = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number | null; parent: string }>;
      for (const v of violations.slice(0, 100)) {
        problems.push(`table ${v.table}, ligne ${v.rowid ?? '?'} : référence absente dans ${v.parent}`);
      }
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const ok = problems.length === 0;
  if (!ok) HEALTH.set(db, { ...health, check: 'failed', problems: problems.slice(0, 20) });
  const latest = listBackupCopies(health.file)[0]?.path ?? null;
  const name = `« ${path.basename(health.file)} »`;
  const message = ok
    ? `L'espace de travail ${name} est intact : toutes ses pages, ses index et ses références ont été vérifiés.${health.check === 'failed' ? " (La vérification rapide à l'ouverture avait signalé un problème que la vérification complète ne retrouve pas : rouvrez l'espace.)" : ''}`
    : `L'espace de travail ${name} est endommagé : ${problems.length}${problems.length >= 100 ? ' (au moins)' : ''} problème${problems.length > 1 ? 's' : ''} trouvé${problems.length > 1 ? 's' : ''}. Les exports de livrables sont refusés. ${restoreAdvice(health.file)}`;
  return {
    file: health.file,
    ok,
    problems,
    openCheck: health.check,
    readonly: db.readonly,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    latestBackup: latest,
    message,
    checkedAt: new Date().toISOString(),
  };
}

/**
 * Refuses to produce a deliverable (Excel tables, structure workbook, PDF report) from a workspace
 * whose check found damage: the figures could silently be wrong. Returns `db` for chaining.
 */
export function assertDeliverableSource(db: Db): Db {
  const health = workspaceHealth(db);
  // A workspace too large to check at every opening is checked once, here, before its first
  // deliverable: no file goes to a client from a workspace nobody checked.
  if (health.check === 'skipped') {
    const problems = quickCheck(db);
    recordHealth(db, { ...health, check: problems.length === 0 ? 'ok' : 'failed', problems });
    return assertDeliverableSource(db);
  }
  if (health.check !== 'failed') return db;
  throw AppError.keyed(
    'WORKSPACE_CORRUPT',
    'workspace.exportRefusedDamaged',
    { file: path.basename(health.file), advice: restoreAdviceText(health.file) },
    { file: health.file, problems: health.problems },
  );
}
