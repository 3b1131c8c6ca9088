/**
 * The evidence behind one score (`explorer.evidence`): the observations that make a structure's
 * score at a level and key, each with its audit, answer, comment and the import it came from; or,
 * for a group's score (a category, a sector), the structures behind it when the disclosure rule
 * lets this reader see individual rows, counts only otherwise. Pure types.
 */
import type { ExplorerFilters } from './api-types.js';
import type { PanelSpec } from './comparison-types.js';
import type { Level } from './domain.js';

/** `panel`: a panel of the Comparaisons view, its code written as text (`label:NOM`, `all`, `not-category:CODE`…). */
export type EvidenceScopeKind = 'structure' | 'category' | 'sector' | 'panel';

/** Where an audit or observation came from: the import's file, sheet and date, and the file row. */
export interface EvidenceSource {
  importId: number;
  fileName: string;
  /** Sheet of a workbook; null for a CSV or an entry session. */
  sheet: string | null;
  /** The row as the spreadsheet shows it; null for rows imported before rows were kept (migration 010) or typed in. */
  row: number | null;
  /** ISO date-time of the import. */
  importedAt: string;
  /** 'saisie' for an entry session, else the file format. */
  format: string;
}

/** One observation counted by the score. */
export interface EvidenceObservation {
  auditId: number;
  reference: string;
  structure: string;
  auditDate: string | null;
  channel: string;
  itemCode: string;
  itemLabel: string;
  weight: number;
  /** 1 compliant, 0 not, null not applicable (out of the denominator). */
  compliant: 0 | 1 | null;
  measure: number | null;
  /** The answer as the file wrote it. */
  raw: string | null;
  /** As stored; the renderer masks personal data in client mode (shared/personal-data.ts). */
  comment: string | null;
  source: EvidenceSource | null;
}

/** One structure behind a group's score (listed only when the disclosure rule allows). */
export interface EvidenceStructure {
  structure: string;
  name: string;
  audits: number;
  observations: number;
  applicable: number;
  compliantWeight: number;
  applicableWeight: number;
  score: number | null;
}

/** The sums that make the score; null when the disclosure rule withholds them. */
export interface EvidenceTotals {
  score: number | null;
  compliantWeight: number | null;
  applicableWeight: number | null;
  observations: number | null;
  applicable: number | null;
  compliant: number | null;
  audits: number | null;
  structures: number | null;
}

/**
 * Why a group's individual rows are not listed: too few other structures, client mode, or (a
 * panel) the published group it is part of minus the panel leaves too few structures.
 */
export type EvidenceWithheldReason = 'group-too-small' | 'client-mode' | 'rest-too-small';

/** Which structures a panel's evidence is about: its definition and its bases (counts, always shown). */
export interface EvidencePopulation {
  panel: PanelSpec;
  /** Structures of the panel audited in the edition, and their audits. */
  structures: number;
  audits: number;
}

export interface EvidenceResult {
  edition: number;
  level: Level;
  key: string;
  /** The level key's label ("Accueil", an item's wording…); the edition's year for `overall`. */
  keyLabel: string;
  scope: { kind: EvidenceScopeKind; code: string; label: string };
  totals: EvidenceTotals;
  /** Structure scope: every observation counted, audit by audit (at most `limit`). */
  observations: EvidenceObservation[];
  /** Group scope: the structures behind it, or null when withheld (then `withheld` says why). */
  structures: EvidenceStructure[] | null;
  withheld: { reason: EvidenceWithheldReason; others: number; required: number } | null;
  /** More observations exist than were sent. */
  truncated: boolean;
  /** The same selection in the Explorer's observations table; null when its filters cannot select the population (a label, "the rest") or it is withheld. */
  explorerFilters: ExplorerFilters | null;
  /** Panel scope: the population the evidence is about; null otherwise. */
  population: EvidencePopulation | null;
}
