/**
 * Reading the corrections history: per observation, audit, structure, edition or session, most
 * recent first. A row is `current` while it is the latest row not undone for its field of its
 * observation: the value the workspace holds then comes from that correction.
 */
import type { Db } from '../db/connection.js';
import type { CorrectionEntry, CorrectionHistoryFilter } from '../../shared/correction-types.js';

/** A history row as SQLite returns it: `current` is an integer there. */
interface EntryRow extends Omit<CorrectionEntry, 'current'> {
  current: 0 | 1;
}

const SELECT_ENTRIES = `
  SELECT c.id, b.change_id AS changeId, c.audit_id AS auditId, a.edition, a.reference AS auditReference,
    a.structure_code AS structureCode, s.name AS structureName, c.item_code AS itemCode, c.field,
    c.before_value AS before, c.after_value AS after, c.reason, c.user_name AS userName,
    c.corrected_at AS correctedAt, c.session_id AS sessionId, c.undone_at AS undoneAt,
    (c.undone_at IS NULL AND NOT EXISTS (SELECT 1 FROM observation_correction l
      WHERE l.audit_id = c.audit_id AND l.item_code = c.item_code AND l.field = c.field AND l.id > c.id AND l.undone_at IS NULL)) AS current
  FROM observation_correction c
  JOIN observation_correction_before b ON b.correction_id = c.id
  JOIN audit a ON a.id = c.audit_id
  JOIN structure s ON s.code = a.structure_code`;

function toEntry(row: EntryRow): CorrectionEntry {
  return { ...row, current: row.current === 1 };
}

export function listCorrections(db: Db, filter: CorrectionHistoryFilter = {}): CorrectionEntry[] {
  const conditions: string[] = [];
  const params: Array<string | number> = [];
  const add = (sql: string, value: string | number | undefined): void => {
    if (value === undefined) return;
    conditions.push(sql);
    params.push(value);
  };
  add('a.edition = ?', filter.edition);
  add('a.structure_code = ?', filter.structureCode);
  add('c.audit_id = ?', filter.auditId);
  add('a.reference = ?', filter.auditReference);
  add('c.item_code = ?', filter.itemCode);
  add('c.session_id = ?', filter.sessionId);
  if (filter.includeUndone === false) conditions.push('c.undone_at IS NULL');
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = db.prepare(`${SELECT_ENTRIES} ${where} ORDER BY c.id DESC LIMIT ?`).all(...params, filter.limit ?? 1000) as EntryRow[];
  return rows.map(toEntry);
}

/** The rows of the given ids (any order in, most recent first out). */
export function correctionsByIds(db: Db, ids: readonly number[]): CorrectionEntry[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`${SELECT_ENTRIES} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id DESC`).all(JSON.stringify(ids)) as EntryRow[];
  return rows.map(toEntry);
}
