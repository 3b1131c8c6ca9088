/**
 * Corrections of observations (main/corrections): what the API, the CLI and the screens exchange.
 * Pure types and the answer words the history stores.
 */
import type { AnswerTypeCode } from './domain.js';

export type CorrectionField = 'answer' | 'measure' | 'comment';
export const CORRECTION_FIELDS: readonly CorrectionField[] = ['answer', 'measure', 'comment'];

/**
 * How the history writes an answer (`before_value` / `after_value` of field `answer`): French
 * words the importer reads back as compliant / non-compliant / not applicable.
 */
export const ANSWER_WORDS = { compliant: 'Conforme', nonCompliant: 'Non conforme', notApplicable: 'Non applicable' } as const;
export type AnswerWord = (typeof ANSWER_WORDS)[keyof typeof ANSWER_WORDS];

export function answerWord(compliant: 0 | 1 | null): AnswerWord {
  return compliant === 1 ? ANSWER_WORDS.compliant : compliant === 0 ? ANSWER_WORDS.nonCompliant : ANSWER_WORDS.notApplicable;
}

/** One row of the history: one field of one observation changed by one correction. */
export interface CorrectionEntry {
  id: number;
  /** Id of the first row written by the same correction: the rows undone together. */
  changeId: number;
  auditId: number;
  edition: number;
  auditReference: string;
  structureCode: string;
  structureName: string;
  itemCode: string;
  field: CorrectionField;
  /** Text as stored: answers in ANSWER_WORDS, measures with a dot, comments as written; null = no value. */
  before: string | null;
  after: string | null;
  reason: string;
  userName: string;
  correctedAt: string;
  sessionId: string;
  undoneAt: string | null;
  /** True while this row is the latest, not undone, for its field: the value shown is this correction's. */
  current: boolean;
}

export interface CorrectionRequest {
  edition?: number;
  auditReference?: string;
  auditId?: number;
  itemCode: string;
  /** Any answer the importer accepts for the item (`Conforme`, `Oui`, `NA`, `Non conforme`, a measure…). */
  answer?: string;
  /** A raw measure for a threshold item (number, `31,5`, `00:02:35`), judged against the threshold. */
  measure?: number | string;
  /** The new comment; empty or null clears it. */
  comment?: string | null;
  reason: string;
  userName?: string;
  sessionId?: string;
}

export interface CorrectionResult {
  /** The history rows written (one per field that changed). */
  entries: CorrectionEntry[];
  /** The observation after the correction. */
  observation: CorrectedObservation;
  /** Editions whose scores were recomputed. */
  refreshedEditions: number[];
}

export interface CorrectedObservation {
  auditId: number;
  itemCode: string;
  compliant: 0 | 1 | null;
  measure: number | null;
  raw: string | null;
  comment: string | null;
}

export interface CorrectionUndoResult {
  /** The history rows marked undone, most recent first. */
  undone: CorrectionEntry[];
  refreshedEditions: number[];
  /** Backup copy taken before undoing a session (file name in `sauvegardes/`), if any. */
  backup: string | null;
}

export interface CorrectionHistoryFilter {
  edition?: number;
  structureCode?: string;
  auditId?: number;
  auditReference?: string;
  itemCode?: string;
  sessionId?: string;
  /** Rows undone are listed too unless false. */
  includeUndone?: boolean;
  limit?: number;
}

/** What a grid needs to edit an observation cell and mark corrected values. */
export interface ObservationCellState {
  auditId: number;
  itemCode: string;
  /** Null when the item is not in force for the audit's edition (the cell cannot be corrected). */
  answerType: AnswerTypeCode | null;
  threshold: number | null;
  /** Fields whose value currently comes from a correction. */
  corrected: CorrectionField[];
}

export interface CorrectionUserName {
  userName: string;
  /** True when set in the workspace; false when it is the OS user name. */
  configured: boolean;
}
