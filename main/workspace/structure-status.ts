/**
 * The Fiche structure's first question (`workspace.structureStatus`): the structure's identity and
 * whether it has audits in the edition shown, so the view says « aucun audit » instead of asking
 * for peers and trends that cannot exist yet (those keep refusing an unaudited structure, as the
 * CLI and the exports expect).
 */
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import type { StructureStatus } from '../../shared/structure-status-types.js';

export function structureStatus(db: Db, input: { code: string; edition?: number }): StructureStatus {
  const structure = db.prepare('SELECT code, name, category, sector, departement, region, population FROM structure WHERE code = ?').get(input.code) as StructureStatus['structure'] | undefined;
  if (!structure) throw AppError.keyed('NOT_FOUND', 'analytics.structureUnknown', { structure: input.code }, { structure: input.code });
  const counts = db.prepare('SELECT edition, COUNT(*) AS audits FROM audit WHERE structure_code = ? GROUP BY edition ORDER BY edition').all(input.code) as Array<{ edition: number; audits: number }>;
  const latestInWorkspace = db.prepare('SELECT MAX(edition) FROM audit').pluck().get() as number | null;
  const edition = input.edition ?? latestInWorkspace ?? new Date().getFullYear();
  const audits = counts.find((c) => c.edition === edition)?.audits ?? 0;
  return {
    structure,
    edition,
    state: audits > 0 ? 'audited' : 'no-audit',
    audits,
    editionsWithAudits: counts.map((c) => c.edition),
  };
}
