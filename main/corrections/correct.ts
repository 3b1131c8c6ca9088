/**
 * Correcting one observation in place: its answer, its measure or its comment, validated by the
 * importer's own rules (main/import/values.ts `judgeAnswer`: the answers an item of this answer
 * type accepts, a measure judged against the item's threshold in the item's unit). In one
 * transaction: the observation is rewritten, one history row per field that changed is written
 * (text before/after, reason, user, session) with the observation's exact before-image, and the
 * scores of the audit's edition are recomputed.
 *
 * The whole edition is recomputed (main/analytics/refresh.ts `refreshAggregates`), not only the
 * touched structure: its category's distribution, every peer's rank and percentile and the
 * pooled group sums move with it, and the refresh has no narrower entry point. About 2,7 s for a
 * national edition (BENCHMARKS.md), a few milliseconds on a diagnostic workspace.
 */
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import { answerWord, type CorrectedObservation, type CorrectionField, type CorrectionRequest, type CorrectionResult } from '../../shared/correction-types.js';
import { judgeAnswer, type Judgement } from '../import/values.js';
import { refreshAggregates } from '../analytics/refresh.js';
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
  if (reason === '') throw new AppError('INVALID_INPUT', 'Le motif de la correction est obligatoire.');
  if (reason.length > MAX_REASON) throw new AppError('INVALID_INPUT', `Le motif dépasse ${MAX_REASON} caractères.`);
  if (request.answer === undefined && request.measure === undefined && request.comment === undefined) {
    throw new AppError('INVALID_INPUT', 'Rien à corriger : donnez une réponse, une mesure ou un commentaire.');
  }
  const userName = request.userName?.trim() || correctionUserName(db).userName;
  const sessionId = request.sessionId?.trim() || currentSessionId();
  const itemCode = request.itemCode.trim();

  const audit = findAudit(db, request);
  const before = readObservation(db, audit.id, itemCode);
  if (!before) throw new AppError('NOT_FOUND', `L'audit « ${audit.reference} » (édition ${audit.edition}) n'a pas d'observation pour le critère « ${itemCode} ».`);

  const after: ObservationState = { ...before };
  if (request.answer !== undefined || request.measure !== undefined) {
    const judged = judgeValue(db, audit.edition, itemCode, request);
    after.compliant = judged.compliant;
    after.measure = judged.measure;
    after.raw = judged.raw;
  }
  if (request.comment !== undefined) {
    const comment = request.comment === null || request.comment.trim() === '' ? null : request.comment.trim();
    if (comment !== null && comment.length > MAX_COMMENT) throw new AppError('INVALID_INPUT', `Le commentaire dépasse ${MAX_COMMENT} caractères.`);
    after.comment = comment;
  }

  const changed = (['answer', 'measure', 'comment'] as const).filter((field) => fieldText(field, before) !== fieldText(field, after));
  if (changed.length === 0) {
    throw new AppError('INVALID_INPUT', `Rien ne change : l'observation « ${itemCode} » de l'audit « ${audit.reference} » a déjà ces valeurs.`);
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
    refreshAggregates(db, { editions: [audit.edition] });
    return written;
  })();

  const observation: CorrectedObservation = { auditId: audit.id, itemCode, ...after };
  return { entries: correctionsByIds(db, ids), observation, refreshedEditions: [audit.edition] };
}

/** The new compliance, measure and raw answer, judged as the importer judges a file's cell. */
function judgeValue(db: Db, edition: number, itemCode: string, request: CorrectionRequest): Judgement {
  const rule = itemRule(db, edition, itemCode);
  if (!rule) throw new AppError('INVALID_INPUT', `Le critère « ${itemCode} » n'est pas en vigueur pour l'édition ${edition} : sa réponse ne compte dans aucun score et ne peut pas être corrigée (le commentaire, si).`);
  const judge = (value: string | number, what: string): Judgement => {
    const judged = judgeAnswer(value, rule);
    if (!judged.ok) throw new AppError('INVALID_INPUT', `${what} refusée pour le critère « ${itemCode} » : ${judged.reason}.`);
    return judged.value;
  };

  let byMeasure: Judgement | null = null;
  if (request.measure !== undefined) {
    if (rule.answerType === 'oui-non') throw new AppError('INVALID_INPUT', `Le critère « ${itemCode} » se répond par oui / non / sans objet : il n'a pas de mesure.`);
    const value = typeof request.measure === 'string' ? request.measure.trim() : request.measure;
    if (typeof value === 'number' && !Number.isFinite(value)) throw new AppError('INVALID_INPUT', 'Mesure invalide.');
    byMeasure = judge(value, 'Mesure');
    if (byMeasure.measure === null) throw new AppError('INVALID_INPUT', `« ${byMeasure.raw} » n'est pas une mesure pour le critère « ${itemCode} » (donnez-la comme réponse).`);
    if (typeof value === 'number') byMeasure = { ...byMeasure, raw: rawOfNumber(value) };
  }
  if (request.answer === undefined) return byMeasure as Judgement;
  const byAnswer = judge(request.answer.trim(), 'Réponse');
  if (byMeasure === null) return byAnswer;
  // Both given: the measure decides; an answer that says otherwise is a contradiction, not a choice.
  if (byAnswer.compliant !== byMeasure.compliant || (byAnswer.measure !== null && byAnswer.measure !== byMeasure.measure)) {
    throw new AppError('INVALID_INPUT', `La mesure ${byMeasure.raw} est jugée « ${answerWord(byMeasure.compliant)} » au seuil ${rule.threshold ?? '—'} de « ${itemCode} » : la réponse « ${request.answer} » la contredit.`);
  }
  return byMeasure;
}
