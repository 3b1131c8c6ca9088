/**
 * Saving one field of an audit being entered (an item's answer or comment), and closing the
 * audit. Each field is its own small transaction: a crash loses at most the field being typed.
 * Answers are judged by the importer's rule (`judgeAnswer`, main/import/values.ts) against the
 * item in force, so a typed « 2 min 35 » or « Sans objet » means exactly what it would in a file.
 * A change to an answer saved in an earlier session keeps its before-image in change_log, so
 * `imports undo` restores it, as it does for files.
 */
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import type { EntryAnswer, EntryCompleted, EntryFieldSaved } from '../../shared/entry-types.js';
import { judgeAnswer, measureUnit } from '../import/values.js';
import { refreshTouched } from '../analytics/refresh-incremental.js';
import { channelItems, entryAudit, progressOf, type EntryAuditRow } from './entry-sheet.js';
import { countInSession, entrySession } from './session.js';

export const MAX_COMMENT_LENGTH = 2000;

export interface SetFieldInput {
  auditId: number;
  itemCode: string;
  field: 'answer' | 'comment';
  /** null or blank: clears the field. */
  value: string | null;
  sessionId?: number;
}

interface ObservationRow {
  audit_id: number;
  item_code: string;
  compliant: 0 | 1 | null;
  measure: number | null;
  raw: string | null;
  comment: string | null;
  import_id: number;
}

function draftAudit(db: Db, auditId: number): EntryAuditRow {
  const audit = entryAudit(db, auditId);
  if (audit.status === null) {
    throw AppError.keyed('CONFLICT', 'entry.importedAudit', { reference: audit.reference }, { auditId });
  }
  if (audit.status === 'completed') {
    throw AppError.keyed('CONFLICT', 'entry.auditCompleted', { reference: audit.reference }, { auditId });
  }
  return audit;
}

const toAnswer = (row: ObservationRow | undefined): EntryAnswer | null =>
  row ? { itemCode: row.item_code, compliant: row.compliant, measure: row.measure, raw: row.raw, comment: row.comment } : null;

export function setEntryField(db: Db, input: SetFieldInput): EntryFieldSaved {
  let saved: EntryFieldSaved | undefined;
  db.transaction(() => {
    const audit = draftAudit(db, input.auditId);
    const items = channelItems(db, audit.edition, audit.channel);
    const item = items.find((i) => i.code === input.itemCode);
    if (!item) {
      throw AppError.keyed('INVALID_INPUT', 'entry.itemNotInForce', { item: input.itemCode, edition: audit.edition }, { itemCode: input.itemCode });
    }
    const select = db.prepare('SELECT * FROM observation WHERE audit_id = ? AND item_code = ?');
    const before = select.get(audit.id, item.code) as ObservationRow | undefined;
    const text = (input.value ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
    const sessionId = entrySession(db, input.sessionId, audit.edition);
    // First change, in this session, of a row an earlier import or session wrote: keep its image.
    const logBefore = (): void => {
      if (before && before.import_id !== sessionId) {
        db.prepare(`INSERT INTO change_log (import_id, entity, row_key, before_json) VALUES (?, 'observation', ?, ?)`)
          .run(sessionId, `${before.audit_id}|${before.item_code}`, JSON.stringify(before));
      }
    };
    const changeKind = (): 'new' | 'changed' | undefined => (!before ? 'new' : before.import_id !== sessionId ? 'changed' : undefined);

    if (input.field === 'answer') {
      if (text === '') {
        if (before) {
          if (before.import_id !== sessionId) {
            throw AppError.keyed('CONFLICT', 'entry.answerFromEarlierSession', { item: item.code }, { itemCode: item.code });
          }
          db.prepare('DELETE FROM observation WHERE audit_id = ? AND item_code = ?').run(audit.id, item.code);
          countInSession(db, sessionId, { observation: 'removed' });
        }
      } else {
        const judged = judgeAnswer(text, { answerType: item.answerType, threshold: item.threshold, unit: measureUnit(item.labelFr) });
        if (!judged.ok) throw AppError.keyed('INVALID_INPUT', 'entry.answerInvalid', { item: item.code, reason: judged.reason }, { itemCode: item.code, field: 'answer', reason: judged.reason });
        const kind = changeKind();
        logBefore();
        db.prepare(`INSERT INTO observation (audit_id, item_code, compliant, measure, raw, comment, import_id) VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (audit_id, item_code) DO UPDATE SET compliant = excluded.compliant, measure = excluded.measure, raw = excluded.raw, import_id = excluded.import_id`)
          .run(audit.id, item.code, judged.value.compliant, judged.value.measure, judged.value.raw, null, sessionId);
        countInSession(db, sessionId, kind ? { observation: kind } : {});
      }
    } else {
      if (text.length > MAX_COMMENT_LENGTH) {
        throw AppError.keyed('INVALID_INPUT', 'entry.commentTooLong', { item: item.code, max: MAX_COMMENT_LENGTH }, { itemCode: item.code, field: 'comment' });
      }
      if (!before) {
        if (text !== '') throw AppError.keyed('INVALID_INPUT', 'entry.answerFirst', { item: item.code }, { itemCode: item.code, field: 'comment' });
      } else {
        const kind = changeKind();
        logBefore();
        db.prepare('UPDATE observation SET comment = ?, import_id = ? WHERE audit_id = ? AND item_code = ?').run(text === '' ? null : text, sessionId, audit.id, item.code);
        countInSession(db, sessionId, kind ? { observation: kind } : {});
      }
    }
    db.prepare('UPDATE audit_entry SET updated_at = ? WHERE audit_id = ?').run(new Date().toISOString(), audit.id);
    saved = { sessionId, answer: toAnswer(select.get(audit.id, item.code) as ObservationRow | undefined), progress: progressOf(db, audit.id, items) };
  })();
  return saved as EntryFieldSaved;
}

/**
 * Closes an audit: it leaves the entry screen's drafts and its structure's scores are recomputed,
 * with what depends on them (main/analytics/refresh-incremental.ts), in the same transaction. Items left without an answer are "not
 * observed", as a blank cell of a wide file is.
 */
export function completeEntryAudit(db: Db, input: { auditId: number }): EntryCompleted {
  let done: EntryCompleted | undefined;
  db.transaction(() => {
    const audit = draftAudit(db, input.auditId);
    const now = new Date().toISOString();
    db.prepare(`UPDATE audit_entry SET status = 'completed', completed_at = ?, updated_at = ? WHERE audit_id = ?`).run(now, now, audit.id);
    refreshTouched(db, { edition: audit.edition, structures: [audit.structure] });
    done = { auditId: audit.id, status: 'completed', progress: progressOf(db, audit.id, channelItems(db, audit.edition, audit.channel)) };
  })();
  return done as EntryCompleted;
}
