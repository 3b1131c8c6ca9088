/**
 * What a grid needs to edit observation cells: the answer type and threshold of each item in
 * force, and which fields currently hold a corrected value (the « corrigé » marker).
 */
import type { Db } from '../db/connection.js';
import type { AnswerTypeCode } from '../../shared/domain.js';
import type { CorrectionField, ObservationCellState } from '../../shared/correction-types.js';

export function observationCellStates(db: Db, keys: ReadonlyArray<{ auditId: number; itemCode: string }>): ObservationCellState[] {
  if (keys.length === 0) return [];
  const json = JSON.stringify(keys.map((k) => [k.auditId, k.itemCode]));
  const rows = db.prepare(`
    WITH k(audit_id, item_code) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))
    SELECT k.audit_id AS auditId, k.item_code AS itemCode, i.answer_type AS answerType, i.threshold,
      (SELECT group_concat(c.field) FROM observation_correction c
        WHERE c.audit_id = k.audit_id AND c.item_code = k.item_code AND c.undone_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM observation_correction l WHERE l.audit_id = c.audit_id AND l.item_code = c.item_code
            AND l.field = c.field AND l.id > c.id AND l.undone_at IS NULL)) AS corrected
    FROM k JOIN audit a ON a.id = k.audit_id
    LEFT JOIN item_in_force i ON i.edition = a.edition AND i.code = k.item_code`).all(json) as Array<{ auditId: number; itemCode: string; answerType: AnswerTypeCode | null; threshold: number | null; corrected: string | null }>;
  return rows.map((r) => ({
    auditId: r.auditId,
    itemCode: r.itemCode,
    answerType: r.answerType,
    threshold: r.threshold,
    corrected: r.corrected === null ? [] : ([...new Set(r.corrected.split(','))] as CorrectionField[]),
  }));
}
