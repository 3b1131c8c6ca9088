/**
 * The Explorer's first counts computed ahead, off the request path: the API's warmer calls this
 * when nothing else is asked, so opening the Explorer on the national workspace does not pay for
 * counting 1.7 million observations (its first block, and its first deep page, read them from the
 * count cache).
 */
import type { Db } from '../db/connection.js';
import { countAudits } from './audits.js';
import { auditSteps, countObservations } from './observations.js';

/**
 * The default view of `edition` (the grids' first request: the edition filter alone): its audits,
 * its observations and where each audit starts in them. Returns [audits, observations].
 */
export function warmExplorerCounts(db: Db, edition: number): [number, number] {
  const counts: [number, number] = [countAudits(db, { edition }), countObservations(db, { edition })];
  auditSteps(db, { edition });
  return counts;
}
