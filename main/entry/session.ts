/**
 * The entry session: audits typed in the workspace must point to an import row like any other
 * (audit.import_id NOT NULL), so each sitting of entry gets one row of format 'saisie', kind
 * 'results'. It then reads sensibly in the import history ("Saisie clavier — séance du …", its
 * audits and observations counted like a file's) and `imports undo` takes a whole sitting back.
 * A session is reused only while it is the most recent import: after a file import, the next
 * field opens a new session, so undo keeps going from the most recent change to the oldest.
 */
import crypto from 'node:crypto';
import type { Db } from '../db/connection.js';
import type { Diff } from '../../shared/import-types.js';

export const ENTRY_FORMAT = 'saisie';

interface SessionCounts {
  audits: Diff;
  observations: Diff;
}

const zero = (): Diff => ({ new: 0, changed: 0, unchanged: 0 });

/** The French timestamp of a session's name: « 06/12/2026 à 22:41 ». */
function sessionStamp(now: Date): string {
  const date = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(now);
  const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' }).format(now);
  return `${date} à ${time}`;
}

/**
 * The session to write into: `requested` when it is still an active entry session and the most
 * recent import, else a new one. Call inside the write transaction.
 */
export function entrySession(db: Db, requested: number | undefined, edition: number): number {
  if (requested !== undefined) {
    const latest = db.prepare(`SELECT id, format, status FROM import ORDER BY id DESC LIMIT 1`).get() as { id: number; format: string; status: string } | undefined;
    if (latest && latest.id === requested && latest.format === ENTRY_FORMAT && latest.status === 'active') return requested;
  }
  const now = new Date();
  const counts: SessionCounts = { audits: zero(), observations: zero() };
  // No file behind a session: the hash only has to be unique and stable for the row.
  const sha256 = crypto.createHash('sha256').update(`saisie|${now.toISOString()}|${crypto.randomUUID()}`).digest('hex');
  return Number(db.prepare(`INSERT INTO import (file_name, sha256, format, kind, layout, mapping_json, edition, imported_at, rows_read, counts_json)
    VALUES (?, ?, ?, 'results', 'long', '{}', ?, ?, 0, ?)`)
    .run(`Saisie clavier — séance du ${sessionStamp(now)}`, sha256, ENTRY_FORMAT, edition, now.toISOString(), JSON.stringify(counts)).lastInsertRowid);
}

/** Adds one saved field to the session's counts (what the import history shows). */
export function countInSession(db: Db, sessionId: number, change: { audit?: 'new'; observation?: 'new' | 'changed' | 'removed' }): void {
  const row = db.prepare('SELECT counts_json FROM import WHERE id = ?').get(sessionId) as { counts_json: string };
  const counts = JSON.parse(row.counts_json) as Partial<SessionCounts>;
  const audits = counts.audits ?? zero();
  const observations = counts.observations ?? zero();
  if (change.audit === 'new') audits.new += 1;
  if (change.observation === 'new') observations.new += 1;
  if (change.observation === 'changed') observations.changed += 1;
  if (change.observation === 'removed') observations.new = Math.max(0, observations.new - 1);
  db.prepare('UPDATE import SET counts_json = ?, rows_read = rows_read + ? WHERE id = ?')
    .run(JSON.stringify({ audits, observations }), change.observation ? 1 : 0, sessionId);
}
