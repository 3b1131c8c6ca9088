/**
 * The pieces of the workspace a correction works on: finding the audit an analyst names, reading
 * one observation, and the rule (answer type, threshold, unit) of its item in force.
 */
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import type { AnswerTypeCode } from '../../shared/domain.js';
import { measureUnit, type ItemRule } from '../import/values.js';

export interface AuditRef {
  id: number;
  edition: number;
  reference: string;
  structureCode: string;
}

export interface ObservationState {
  compliant: 0 | 1 | null;
  measure: number | null;
  raw: string | null;
  comment: string | null;
}

/** The audit by id, or by reference (within `edition` when given; refused when ambiguous). */
export function findAudit(db: Db, target: { auditId?: number | undefined; auditReference?: string | undefined; edition?: number | undefined }): AuditRef {
  const select = 'SELECT id, edition, reference, structure_code AS structureCode FROM audit';
  if (target.auditId !== undefined) {
    const audit = db.prepare(`${select} WHERE id = ?`).get(target.auditId) as AuditRef | undefined;
    if (!audit) throw AppError.keyed('NOT_FOUND', 'corrections.auditIdNotFound', { id: String(target.auditId) }, { auditId: target.auditId });
    return audit;
  }
  const reference = target.auditReference?.trim();
  if (!reference) throw AppError.keyed('INVALID_INPUT', 'corrections.auditMissing');
  const found = (target.edition === undefined
    ? db.prepare(`${select} WHERE reference = ? ORDER BY edition DESC`).all(reference)
    : db.prepare(`${select} WHERE reference = ? AND edition = ?`).all(reference, target.edition)) as AuditRef[];
  if (found.length === 0) {
    throw target.edition === undefined
      ? AppError.keyed('NOT_FOUND', 'corrections.auditNotFound', { reference }, { reference })
      : AppError.keyed('NOT_FOUND', 'analytics.auditNotFound', { reference, edition: target.edition }, { reference, edition: target.edition });
  }
  if (found.length > 1) {
    throw AppError.keyed('INVALID_INPUT', 'corrections.referenceAmbiguous', { reference, editions: found.map((a) => a.edition).join(', ') }, { reference });
  }
  return found[0]!;
}

export function readObservation(db: Db, auditId: number, itemCode: string): ObservationState | undefined {
  return db.prepare('SELECT compliant, measure, raw, comment FROM observation WHERE audit_id = ? AND item_code = ?').get(auditId, itemCode) as ObservationState | undefined;
}

export interface ItemRuleInForce extends ItemRule {
  code: string;
  label: string;
}

/** The item as the importer judges answers for it in this edition; undefined when not in force. */
export function itemRule(db: Db, edition: number, itemCode: string): ItemRuleInForce | undefined {
  const row = db.prepare('SELECT code, label_fr AS label, answer_type AS answerType, threshold FROM item_in_force WHERE edition = ? AND code = ?')
    .get(edition, itemCode) as { code: string; label: string; answerType: AnswerTypeCode; threshold: number | null } | undefined;
  return row ? { ...row, unit: measureUnit(row.label) } : undefined;
}
