/**
 * Types of labels and label readiness (main/analytics/readiness.ts), shared by the API contract,
 * the CLI, the deliverables and the renderer. Pure types.
 */

/** A label a structure holds, and who said so. */
export interface HeldLabel {
  label: string;
  source: 'import' | 'manual';
}

/** A label of the referential in force for an edition, with the rate it requires. */
export interface LabelDefinition {
  label: string;
  /** Items in force carrying the label. */
  items: number;
  /** Percent of applicable audits that must be compliant on each item (default 100). */
  requiredRate: number;
}

/** One non-compliant audit behind an item to fix (comments masked unless asked otherwise). */
export interface ReadinessEvidence {
  reference: string;
  /** ISO date as stored, null when unknown. */
  date: string | null;
  channel: string;
  /** The answer as the file wrote it ("Non", "48", "Pas de réponse"). */
  answer: string | null;
  measure: number | null;
  comment: string | null;
}

export interface ReadinessItem {
  item: string;
  label: string;
  channel: string;
  step: string;
  determinant: string;
  weight: number;
  /** 100 × compliant audits / applicable audits (the indicator's rate), null when none applies. */
  rate: number | null;
  /** Applicable audits (the rate's base). */
  audits: number;
  compliant: number;
  evidence: ReadinessEvidence[];
}

/** Readiness of one structure for one label in one edition. */
export interface LabelReadiness {
  structure: string;
  name: string;
  label: string;
  edition: number;
  /** The reference score restricted to the label's items (null when none applies). */
  score: number | null;
  compliantWeight: number;
  applicableWeight: number;
  requiredRate: number;
  /** Label items in force in the edition. */
  items: number;
  /** Items whose rate reaches the required rate. */
  met: number;
  /** Items never applicable in the structure's audits (no rate: neither met nor to fix). */
  notObserved: number;
  /** Whether the structure already holds the label. */
  held: boolean;
  /** Items whose rate is below the required rate, heaviest first. */
  toFix: ReadinessItem[];
}

/** An item of the referential as the Référentiel view lists it. */
export interface ReferentialItemRow {
  validFrom: number;
  code: string;
  label: string;
  channel: string;
  step: string;
  determinant: string;
  determinantLabel: string;
  answerType: string;
  threshold: number | null;
  weight: number;
  /** The source-label cell as stored ("Qualivilles; Services Publics+"), and its labels. */
  sourceLabel: string | null;
  labels: string[];
  /** Editions of the workspace in which the item code is in force (in this version or another). */
  editions: number[];
  /** Whether this version is the one in force for the edition asked. */
  inForce: boolean;
}

/** What changed for an item between two referential versions. */
export interface ReferentialChange {
  code: string;
  kind: 'added' | 'removed' | 'changed';
  /** Changed fields, with their values before and after (as text). */
  fields: Array<{ field: string; before: string | null; after: string | null }>;
  label: string;
}

export interface ReferentialView {
  edition: number;
  /** valid_from of the set in force (0 = every edition). */
  validFrom: number;
  /** The previous set's valid_from, null when the set in force is the first. */
  previousValidFrom: number | null;
  items: ReferentialItemRow[];
  changes: ReferentialChange[];
  /** Editions of the workspace and the set in force for each. */
  sets: Array<{ validFrom: number; editions: number[]; items: number }>;
}
