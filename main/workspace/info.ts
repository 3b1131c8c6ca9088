/** Counts that describe a workspace: what `barometer info` and the Accueil view show. */
import type { Db } from '../db/connection.js';
import type { EditionInfo, WorkspaceInfo } from '../../shared/workspace-types.js';

// The types live in shared/ so the API contract (pure) can name them.
export type { EditionInfo, WorkspaceInfo };

export function workspaceInfo(db: Db): WorkspaceInfo {
  // Counting 20 million observations takes seconds; the aggregates kept in sync by every import
  // and undo (score_cache_edition) already hold the exact counts. Count directly only for an
  // edition whose aggregates were never computed.
  const editions = db.prepare(`
    SELECT e.year AS year, e.expected_audits AS expectedAudits,
      COALESCE(c.structures, (SELECT COUNT(DISTINCT a.structure_code) FROM audit a WHERE a.edition = e.year)) AS structures,
      (SELECT COUNT(*) FROM audit a WHERE a.edition = e.year) AS audits,
      COALESCE(c.observations, (SELECT COUNT(*) FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.edition = e.year)) AS observations
    FROM edition e LEFT JOIN score_cache_edition c ON c.edition = e.year ORDER BY e.year`).all() as EditionInfo[];
  const count = (sql: string): number => (db.prepare(sql).pluck().get() as number | undefined) ?? 0;
  const demo = db.prepare(`SELECT value_json FROM setting WHERE key = 'demo'`).pluck().get() as string | undefined;
  return {
    editions,
    // Items of the most recent referential: the one an analyst works with.
    items: count(`SELECT COUNT(*) FROM item WHERE valid_from = (SELECT MAX(valid_from) FROM referential_set)`),
    determinants: count(`SELECT COUNT(*) FROM determinant`),
    channels: count(`SELECT COUNT(*) FROM channel`),
    steps: count(`SELECT COUNT(*) FROM step`),
    structures: count(`SELECT COUNT(*) FROM structure`),
    imports: count(`SELECT COUNT(*) FROM import WHERE status = 'active'`),
    isDemo: demo === 'true',
  };
}
