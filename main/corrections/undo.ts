/**
 * Undoing corrections: one correction (every field it changed together), the latest one, or a
 * whole session (one app run or one CLI invocation), most recent first. The observation gets back
 * exactly the columns it had (from observation_correction_before), the history rows are marked
 * undone (never deleted: the history keeps what happened), and the scores of the editions touched
 * are recomputed, in one transaction.
 *
 * Refused rather than guessed: a correction whose value was corrected again later (undo the later
 * one first), or whose observation changed since by other means (an import): restoring would
 * silently throw that later change away.
 */
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import type { ErrorText } from '../../shared/error-messages.js';
import type { CorrectionField, CorrectionUndoResult } from '../../shared/correction-types.js';
import { refreshTouchedEditions } from '../analytics/refresh-incremental.js';
import { backupBefore } from '../workspace/backup.js';
import { correctionsByIds } from './history.js';
import { measureText } from './correct.js';
import { readObservation } from './observation-access.js';
import { answerWord } from '../../shared/correction-types.js';

interface GroupRow {
  id: number;
  auditId: number;
  itemCode: string;
  field: CorrectionField;
  after: string | null;
  undoneAt: string | null;
  edition: number;
  reference: string;
  structureCode: string;
  compliant: 0 | 1 | null;
  measure: number | null;
  raw: string | null;
  comment: string | null;
}

/** The answer and the measure share the raw answer column: they are undone as one family. */
const familyOf = (field: CorrectionField): CorrectionField[] => (field === 'comment' ? ['comment'] : ['answer', 'measure']);

function groupRows(db: Db, changeId: number): GroupRow[] {
  return db.prepare(`
    SELECT c.id, c.audit_id AS auditId, c.item_code AS itemCode, c.field, c.after_value AS after, c.undone_at AS undoneAt,
      a.edition, a.reference, a.structure_code AS structureCode, b.compliant, b.measure, b.raw, b.comment
    FROM observation_correction_before b
    JOIN observation_correction c ON c.id = b.correction_id
    JOIN audit a ON a.id = c.audit_id
    WHERE b.change_id = ? ORDER BY c.id`).all(changeId) as GroupRow[];
}

/** Restores the observation one correction changed; returns the history ids and edition. */
function restoreGroup(db: Db, changeId: number, undoneAt: string): { ids: number[]; edition: number; structure: string } {
  const rows = groupRows(db, changeId);
  const first = rows[0];
  // Ids as text: a history number is never grouped like a quantity (« n° 10000 »).
  if (!first) throw AppError.keyed('NOT_FOUND', 'corrections.changeNotFound', { id: String(changeId) }, { changeId });
  if (rows.some((r) => r.undoneAt !== null)) throw AppError.keyed('NOTHING_TO_UNDO', 'corrections.alreadyUndone', { id: String(changeId) }, { changeId });
  const change: ErrorText = { key: 'corrections.undoLabel', params: { id: String(changeId), reference: first.reference, item: first.itemCode } };

  const fields = new Set(rows.map((r) => r.field));
  const family = [...new Set([...fields].flatMap(familyOf))];
  const lastId = Math.max(...rows.map((r) => r.id));
  const later = db.prepare(`SELECT id FROM observation_correction WHERE audit_id = ? AND item_code = ? AND id > ? AND undone_at IS NULL
    AND field IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT 1`).pluck().get(first.auditId, first.itemCode, lastId, JSON.stringify(family)) as number | undefined;
  if (later !== undefined) {
    const laterChange = db.prepare('SELECT change_id FROM observation_correction_before WHERE correction_id = ?').pluck().get(later) as number;
    throw AppError.keyed('CONFLICT', 'corrections.undoLaterChange', { change, later: String(laterChange) }, { changeId, later: laterChange });
  }

  const current = readObservation(db, first.auditId, first.itemCode);
  if (!current) throw AppError.keyed('CONFLICT', 'corrections.undoObservationGone', { change }, { changeId });
  for (const row of rows) {
    const now = row.field === 'answer' ? answerWord(current.compliant) : row.field === 'measure' ? measureText(current.measure) : current.comment;
    if (now !== row.after) {
      throw AppError.keyed('CONFLICT', 'corrections.undoValueChanged', { change, now: now ?? '—', expected: row.after ?? '—' }, { changeId });
    }
  }

  const value = family.includes('answer');
  db.prepare(`UPDATE observation SET
      compliant = CASE WHEN ? THEN ? ELSE compliant END, measure = CASE WHEN ? THEN ? ELSE measure END,
      raw = CASE WHEN ? THEN ? ELSE raw END, comment = CASE WHEN ? THEN ? ELSE comment END
    WHERE audit_id = ? AND item_code = ?`)
    .run(value ? 1 : 0, first.compliant, value ? 1 : 0, first.measure, value ? 1 : 0, first.raw, fields.has('comment') ? 1 : 0, first.comment, first.auditId, first.itemCode);
  const ids = rows.map((r) => r.id);
  db.prepare('UPDATE observation_correction SET undone_at = ? WHERE id IN (SELECT value FROM json_each(?))').run(undoneAt, JSON.stringify(ids));
  return { ids, edition: first.edition, structure: first.structureCode };
}

function undoGroups(db: Db, changeIds: readonly number[], backup: string | null): CorrectionUndoResult {
  const undoneAt = new Date().toISOString();
  const { ids, editions } = db.transaction(() => {
    const allIds: number[] = [];
    // Structures touched per edition: only they (and what depends on them) are recomputed.
    const touched = new Map<number, Set<string>>();
    for (const changeId of changeIds) {
      const restored = restoreGroup(db, changeId, undoneAt);
      allIds.push(...restored.ids);
      const structures = touched.get(restored.edition) ?? new Set<string>();
      structures.add(restored.structure);
      touched.set(restored.edition, structures);
    }
    const list = [...touched.keys()].sort((a, b) => a - b);
    refreshTouchedEditions(db, touched);
    return { ids: allIds, editions: list };
  })();
  return { undone: correctionsByIds(db, ids), refreshedEditions: editions, backup };
}

/** Undoes the correction that wrote history row `id` (with every field it changed at once). */
export function undoCorrection(db: Db, id: number): CorrectionUndoResult {
  const changeId = db.prepare('SELECT change_id FROM observation_correction_before WHERE correction_id = ?').pluck().get(id) as number | undefined;
  if (changeId === undefined) throw AppError.keyed('NOT_FOUND', 'corrections.changeNotFound', { id: String(id) }, { id });
  return undoGroups(db, [changeId], null);
}

/** Undoes the most recent correction not yet undone. */
export function undoLastCorrection(db: Db): CorrectionUndoResult {
  const changeId = db.prepare(`SELECT MAX(b.change_id) FROM observation_correction_before b
    JOIN observation_correction c ON c.id = b.correction_id WHERE c.undone_at IS NULL`).pluck().get() as number | null;
  if (changeId === null) throw AppError.keyed('NOTHING_TO_UNDO', 'corrections.nothingToUndo');
  return undoGroups(db, [changeId], null);
}

/**
 * Undoes every correction of a session still in force, most recent first, after a backup copy of
 * the workspace (`sauvegardes/`, reason « correction »): a session can be many corrections.
 */
export function undoSession(db: Db, sessionId: string): CorrectionUndoResult {
  const changeIds = db.prepare(`SELECT DISTINCT b.change_id FROM observation_correction_before b
    JOIN observation_correction c ON c.id = b.correction_id
    WHERE c.session_id = ? AND c.undone_at IS NULL ORDER BY b.change_id DESC`).pluck().all(sessionId) as number[];
  if (changeIds.length === 0) throw AppError.keyed('NOTHING_TO_UNDO', 'corrections.nothingToUndoInSession', { session: sessionId }, { sessionId });
  const backup = backupBefore(db, 'correction');
  return undoGroups(db, changeIds, backup?.name ?? null);
}
