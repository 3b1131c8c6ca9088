/**
 * Correcting one observation in place: its answer, its measure or its comment, validated by the
 * importer's own rules (main/import/values.ts `judgeAnswer`: the answers an item of this answer
 * type accepts, a measure judged against the item's threshold in the item's unit). In one
 * transaction: the observation is rewritten, one history row per field that changed is written
 * (text before/after, reason, user, session) with the observation's exact before-image, and the
 * scores of the audit's edition are recomputed.
 *
 * Only the corrected structure is recomputed, with what depends on it (its groups' pooled sums and
 * distributions, its category's ranks: main/analytics/refresh-incremental.ts `refreshTouched`,
 * identical to a full refresh of the edition, which it falls back to when a shortcut could differ).
 */
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import { answerWord, type CorrectedObservation, type CorrectionField, type CorrectionRequest, type CorrectionResult } from '../../shared/correction-types.js';
import { judgeAnswer, type Judgement } from '../import/values.js';
import { refreshTouched } from '../analytics/refresh-incremental.js';
import { findAudit, itemRule, readObservation, type ObservationState } from './observation-access.js';
import { correctionsByIds } from './history.js';
import { currentSessionId } from './session.js';
import { correctionUserName } from './user-name.js';

const MAX_REASON = 2000;
const MAX_COMMENT = 10_000;

/** Text of a measure in the history: a plain decimal with a dot, as SQLite and JSON write it. */
export function measureText(measure: number | null): string | null {
  return measure === null ? null : String(measure);
}

function fieldText(field: CorrectionField, state: ObservationState): string | null {
  if (field === 'answer') return answerWord(state.compliant);
  if (field === 'measure') return measureText(state.measure);
  return state.comment;
}

/** A measure as an analyst reads it in the raw-answer column: French decimal comma. */
function rawOfNumber(value: number): string {
  return String(value).replace('.', ',');
}

export function correctObservation(db: Db, request: CorrectionRequest): CorrectionResult {
  const reason = request.reason?.trim() ?? '';
  if (reason === '') throw AppError.keyed('INVALID_INPUT', 'corrections.reasonRequired');
  if (reason.length > MAX_REASON) throw AppError.keyed('INVALID_INPUT', 'corrections.reasonTooLong', { max: MAX_REASON });
  if (request.answer === undefined && request.measure === undefined && request.comment === undefined) {
    throw AppError.keyed('INVALID_INPUT', 'corrections.nothingGiven');
  }
  const userName = request.userName?.trim() || correctionUserName(db).userName;
  const sessionId = request.sessionId?.trim() || currentSessionId();
  const itemCode = request.itemCode.trim();

  const audit = findAudit(db, request);
  const before = readObservation(db, audit.id, itemCode);
  if (!before) throw AppError.keyed('NOT_FOUND', 'corrections.noObservation', { reference: audit.reference, edition: audit.edition, item: itemCode }, { auditId: audit.id, itemCode });

  const after: ObservationState = { ...before };
  if (request.answer !== undefined || request.measure !== undefined) {
    const judged = judgeValue(db, audit.edition, itemCode, request);
    after.compliant = judged.compliant;
    after.measure = judged.measure;
    after.raw = judged.raw;
  }
  if (request.comment !== undefined) {
    const comment = request.comment === null || request.comment.trim() === '' ? null : request.comment.trim();
    if (comment !== null && comment.length > MAX_COMMENT) throw AppError.keyed('INVALID_INPUT', 'corrections.commentTooLong', { max: MAX_COMMENT });
    after.comment = comment;
  }

  const changed = (['answer', 'measure', 'comment'] as const).filter((field) => fieldText(field, before) !== fieldText(field, after));
  if (changed.length === 0) {
    throw AppError.keyed('INVALID_INPUT', 'corrections.unchanged', { item: itemCode, reference: audit.reference });
  }
  // The raw answer follows the answer and the measure: untouched when only the comment changes.
  if (!changed.includes('answer') && !changed.includes('measure')) after.raw = before.raw;

  const correctedAt = new Date().toISOString();
  const ids = db.transaction(() => {
    db.prepare('UPDATE observation SET compliant = ?, measure = ?, raw = ?, comment = ? WHERE audit_id = ? AND item_code = ?')
      .run(after.compliant, after.measure, after.raw, after.comment, audit.id, itemCode);
    const insert = db.prepare(`INSERT INTO observation_correction (audit_id, item_code, field, before_value, after_value, reason, user_name, corrected_at, session_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertBefore = db.prepare('INSERT INTO observation_correction_before (correction_id, change_id, compliant, measure, raw, comment) VALUES (?, ?, ?, ?, ?, ?)');
    const written: number[] = [];
    for (const field of changed) {
      const id = Number(insert.run(audit.id, itemCode, field, fieldText(field, before), fieldText(field, after), reason, userName, correctedAt, sessionId).lastInsertRowid);
      written.push(id);
      insertBefore.run(id, written[0], before.compliant, before.measure, before.raw, before.comment);
    }
    refreshTouched(db, { edition: audit.edition, structures: [audit.structureCode] });
    return written;
  })();

  const observation: CorrectedObservation = { auditId: audit.id, itemCode, ...after };
  return { entries: correctionsByIds(db, ids), observation, refreshedEditions: [audit.edition] };
}

/** The new compliance, measure and raw answer, judged as the importer judges a file's cell. */
function judgeValue(db: Db, edition: number, itemCode: string, request: CorrectionRequest): Judgement {
  const rule = itemRule(db, edition, itemCode);
  if (!rule) throw AppError.keyed('INVALID_INPUT', 'corrections.itemNotInForce', { item: itemCode, edition });
  const judge = (value: string | number, what: 'corrections.measureRefused' | 'corrections.answerRefused'): Judgement => {
    const judged = judgeAnswer(value, rule);
    // The judge's reason is the importer's problem text (French, as in the import report).
    if (!judged.ok) throw AppError.keyed('INVALID_INPUT', what, { item: itemCode, reason: judged.reason });
    return judged.value;
  };

  let byMeasure: Judgement | null = null;
  if (request.measure !== undefined) {
    if (rule.answerType === 'oui-non') throw AppError.keyed('INVALID_INPUT', 'corrections.noMeasureForYesNo', { item: itemCode });
    const value = typeof request.measure === 'string' ? request.measure.trim() : request.measure;
    if (typeof value === 'number' && !Number.isFinite(value)) throw AppError.keyed('INVALID_INPUT', 'corrections.measureInvalid');
    byMeasure = judge(value, 'corrections.measureRefused');
    if (byMeasure.measure === null) throw AppError.keyed('INVALID_INPUT', 'corrections.notAMeasure', { raw: byMeasure.raw, item: itemCode });
    if (typeof value === 'number') byMeasure = { ...byMeasure, raw: rawOfNumber(value) };
  }
  if (request.answer === undefined) return byMeasure as Judgement;
  const byAnswer = judge(request.answer.trim(), 'corrections.answerRefused');
  if (byMeasure === null) return byAnswer;
  // Both given: the measure decides; an answer that says otherwise is a contradiction, not a choice.
  if (byAnswer.compliant !== byMeasure.compliant || (byAnswer.measure !== null && byAnswer.measure !== byMeasure.measure)) {
    throw AppError.keyed('INVALID_INPUT', 'corrections.measureContradicts', {
      measure: byMeasure.raw,
      judged: { key: byMeasure.compliant === 1 ? 'corrections.judged.compliant' : byMeasure.compliant === 0 ? 'corrections.judged.notCompliant' : 'corrections.judged.notApplicable' },
      threshold: rule.threshold === null ? '—' : String(rule.threshold),
      item: itemCode,
      answer: request.answer,
    });
  }
  return byMeasure;
}
