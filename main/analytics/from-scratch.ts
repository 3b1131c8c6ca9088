/**
 * The reference computation in plain SQL, independent of the cache code: per (structure, level,
 * key) sums straight from observation ⨝ audit ⨝ item_in_force. Tests compare the cache with it
 * after import-like and undo-like changes; the benchmark times it against DuckDB.
 */
import type { Db } from '../db/connection.js';
import type { Level } from '../../shared/domain.js';
import type { ScoreCounts } from '../../shared/analytics-types.js';

export interface RawScoreRow extends ScoreCounts {
  structure: string;
  level: Level;
  key: string;
}

const SUMS = `
  COALESCE(SUM(CASE WHEN o.compliant = 1 THEN o.weight ELSE 0 END), 0) AS compliantWeight,
  COALESCE(SUM(CASE WHEN o.compliant IS NOT NULL THEN o.weight ELSE 0 END), 0) AS applicableWeight,
  COUNT(o.audit) AS observations,
  COUNT(o.compliant) AS applicable,
  COALESCE(SUM(o.compliant = 1), 0) AS compliant,
  COUNT(DISTINCT o.audit) AS audits`;

/** Every (structure, level, key) sum of an edition, computed from the raw rows. */
export function scoreRowsFromScratch(db: Db, edition: number): RawScoreRow[] {
  const sql = `
    WITH o AS MATERIALIZED (
      SELECT a.structure_code AS structure, a.id AS audit, ob.compliant AS compliant, i.weight AS weight,
        i.step AS step, i.channel AS channel, i.determinant AS determinant, i.code AS item
      FROM audit a
      JOIN observation ob ON ob.audit_id = a.id
      JOIN item_in_force i ON i.edition = a.edition AND i.code = ob.item_code
      WHERE a.edition = $edition
    )
    SELECT p.structure_code AS structure, 'overall' AS level, 'overall' AS key, ${SUMS}
      FROM (SELECT DISTINCT structure_code FROM audit WHERE edition = $edition) p
      LEFT JOIN o ON o.structure = p.structure_code GROUP BY p.structure_code
    UNION ALL SELECT o.structure, 'step', o.step, ${SUMS} FROM o GROUP BY o.structure, o.step
    UNION ALL SELECT o.structure, 'channel', o.channel, ${SUMS} FROM o GROUP BY o.structure, o.channel
    UNION ALL SELECT o.structure, 'determinant', o.determinant, ${SUMS} FROM o GROUP BY o.structure, o.determinant
    UNION ALL SELECT o.structure, 'item', o.item, ${SUMS} FROM o GROUP BY o.structure, o.item`;
  return db.prepare(sql).all({ edition }) as RawScoreRow[];
}
