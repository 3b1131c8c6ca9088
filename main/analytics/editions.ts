/** Which edition a question is about: the one asked for, else the latest edition with audits. */
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import { ensureAggregates } from './refresh.js';

export interface EditionRow {
  year: number;
  expectedAudits: number;
  /** Whether the edition has at least one audit. */
  hasAudits: boolean;
}

export function listEditions(db: Db): EditionRow[] {
  // EXISTS rather than COUNT: this runs before every question, and an edition has ~26,000 audits.
  const rows = db.prepare(`
    SELECT e.year AS year, e.expected_audits AS expectedAudits,
      EXISTS (SELECT 1 FROM audit a WHERE a.edition = e.year) AS hasAudits
    FROM edition e ORDER BY e.year`).all() as Array<{ year: number; expectedAudits: number; hasAudits: number }>;
  return rows.map((r) => ({ ...r, hasAudits: r.hasAudits === 1 }));
}

/** Editions that have at least one audit, ascending. */
export function editionsWithAudits(db: Db): number[] {
  return listEditions(db).filter((e) => e.hasAudits).map((e) => e.year);
}

/**
 * The edition to work on (its aggregates computed if they never were). Without a year: the latest
 * edition with audits, else the latest edition. Throws NOT_FOUND when there is none.
 */
export function resolveEdition(db: Db, year?: number): number {
  const editions = listEditions(db);
  let chosen: number | undefined;
  if (year !== undefined) {
    if (!editions.some((e) => e.year === year)) {
      const known = editions.map((e) => e.year).join(', ') || 'aucune';
      throw AppError.keyed('NOT_FOUND', 'analytics.editionUnknown', { edition: year, known }, { edition: year });
    }
    chosen = year;
  } else {
    chosen = [...editions].reverse().find((e) => e.hasAudits)?.year ?? editions[editions.length - 1]?.year;
    if (chosen === undefined) throw AppError.keyed('NOT_FOUND', 'analytics.noEdition');
  }
  ensureAggregates(db, chosen);
  return chosen;
}
