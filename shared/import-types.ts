/**
 * What the import pipeline takes and reports: used by the CLI, the API contract and the Import view.
 */
import type { ColumnMapping, Field, FileKind, Layout } from './columns.js';
import type { Lang } from './domain.js';

export type ProblemCode =
  | 'EMPTY_SHEET'
  | 'MISSING_FIELD'
  | 'UNKNOWN_ITEM'
  | 'INVALID_ANSWER'
  | 'INVALID_DATE'
  | 'DATE_OUT_OF_EDITION'
  | 'INVALID_NUMBER'
  | 'INVALID_VALUE'
  | 'CONFLICTING_DUPLICATE'
  | 'CHANNEL_MISMATCH'
  | 'INCONSISTENT_AUDIT'
  | 'UNKNOWN_STRUCTURE'
  | 'NO_EDITION';

/** One problem, located as the spreadsheet shows it (row 1-based, column letter and header). */
export interface ImportProblem {
  file: string;
  sheet: string;
  row: number | null;
  column: string | null;
  value: string | null;
  code: ProblemCode;
  message: string;
}

export interface DetectedColumn {
  /** 0-based index in the sheet. */
  index: number;
  /** Column letter as the spreadsheet shows it (A, B, …, AA). */
  letter: string;
  header: string;
  field: Field | null;
  /** Wide layout: the item code this column carries. */
  itemCode?: string;
}

export interface FileDetection {
  file: string;
  fileName: string;
  format: 'xlsx' | 'xls' | 'ods' | 'csv';
  sheet: string;
  sheets: string[];
  headerRow: number;
  kind: FileKind;
  layout: Layout;
  columns: DetectedColumn[];
  /** Required fields of the detected kind not found among the columns. */
  missingFields: Field[];
  /** Edition fixed by the user or the mapping, when the file has no edition column. */
  edition: number | null;
  encoding?: string;
  separator?: string;
  /** The mapping that was applied (detected, then overridden by the user's). */
  mapping: ColumnMapping;
}

export interface Diff {
  new: number;
  changed: number;
  unchanged: number;
}

export type ImportStatus = 'imported' | 'unchanged' | 'refused' | 'preview';

/**
 * What one change touches: an observation's answer, measure or comment, or a field of the audit
 * itself (its date, time, scenario, auditor, comment, structure or channel).
 */
export type ChangeField = 'answer' | 'measure' | 'comment'
  | 'auditDate' | 'auditTime' | 'scenario' | 'auditor' | 'auditComment' | 'structure' | 'channel';
export const OBSERVATION_CHANGE_FIELDS: readonly ChangeField[] = ['answer', 'measure', 'comment'];

/** Where the workspace value was corrected by hand and the file brings another one. */
export type ConflictChoice = 'keep-correction' | 'take-file';

/** The correction behind a conflict: its latest, not undone, row of `observation_correction`. */
export interface ChangeCorrection {
  value: string | null;
  userName: string;
  correctedAt: string;
  reason: string;
}

/**
 * One value an import changes in an audit that the workspace already has (new audits are only
 * counted). Answers are written as the corrections history writes them (Conforme, Non conforme,
 * Non applicable), measures with a dot; null = no value (`before` null: a new observation).
 */
export interface ImportChange {
  /** `édition|référence|critère|champ` (critère empty for an audit field): what a conflict choice names. */
  key: string;
  edition: number;
  structureCode: string;
  structureName: string | null;
  auditRef: string;
  /** null for a field of the audit itself. */
  itemCode: string | null;
  field: ChangeField;
  before: string | null;
  after: string | null;
  /** The row of the file (as the spreadsheet shows it) the new value comes from. */
  row: number | null;
  /** Set when the workspace value was corrected by hand: a conflict. */
  correction: ChangeCorrection | null;
  /** For a conflict, what the import does (else null: the file's value is written). */
  resolution: ConflictChoice | null;
}

/** The user's choice for the conflicts of an import: per conflict key, else for all (default: keep the correction). */
export interface ConflictChoices {
  all?: ConflictChoice;
  byKey?: Record<string, ConflictChoice>;
}

export interface ImportFileReport {
  file: string;
  fileName: string;
  sha256: string;
  kind: FileKind | null;
  layout: Layout | null;
  status: ImportStatus;
  editions: number[];
  audits: Diff;
  observations: Diff;
  structures: Diff;
  items: Diff;
  rowsRead: number;
  rowsRejected: number;
  /** First problems (capped for display); `problemCount` says how many there were. */
  problems: ImportProblem[];
  problemCount: number;
  /** Values changed in audits the workspace already has (capped for display); `changeCount` says how many. */
  changes: ImportChange[];
  changeCount: number;
  /** Changes of values corrected by hand (all of them, even beyond the cap), and how many keep the correction. */
  conflictCount: number;
  keptCorrections: number;
  importId: number | null;
  /** With skip-invalid: the workbook of rejected rows written next to the workspace. */
  rejectsFile: string | null;
  detection: FileDetection | null;
}

export interface ImportRequest {
  files: string[];
  /** Preview only: nothing is written. */
  dryRun?: boolean;
  /** Import the valid rows and write the rejected ones to a rejects workbook. */
  skipInvalid?: boolean;
  /** Overrides detection; keyed by file name or applied to every file when `default` is set. */
  mappings?: Record<string, ColumnMapping>;
  /** The edition of files that carry none (else the year of the audit dates). */
  edition?: number;
  lang?: Lang;
  /** Values corrected by hand that the file changes: keep the correction (default) or take the file's value. */
  conflicts?: ConflictChoices;
}

export interface ImportResult {
  files: ImportFileReport[];
}

export interface ImportProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  phase: 'read' | 'validate' | 'write' | 'aggregate' | 'done';
  rowsDone: number;
  rowsTotal: number;
}

export interface ImportRecord {
  id: number;
  fileName: string;
  sha256: string;
  format: string;
  kind: FileKind;
  layout: Layout;
  edition: number | null;
  importedAt: string;
  rowsRead: number;
  rowsRejected: number;
  counts: { audits?: Diff; observations?: Diff; structures?: Diff; items?: Diff };
  status: 'active' | 'undone';
  undoneAt: string | null;
  /** Hand corrections made after this import that its undo replaced (undo with force), if any. */
  overriddenCorrections?: OverriddenCorrection[];
}

/**
 * A hand correction (observation_correction) made after an import, still in force, on a value
 * undoing that import would restore or remove: undo refuses unless forced, then marks it undone.
 */
export interface OverriddenCorrection {
  id: number;
  edition: number;
  structureCode: string;
  auditRef: string;
  itemCode: string;
  field: 'answer' | 'measure' | 'comment';
  /** The corrected value, as the corrections history writes it. */
  after: string | null;
  correctedAt: string;
  userName: string;
}

/** What undoing the most recent active import would do to hand corrections, asked before undoing. */
export interface UndoCheck {
  importId: number;
  fileName: string;
  corrections: OverriddenCorrection[];
}

export interface UndoResult {
  importId: number;
  fileName: string;
  restored: { audits: number; observations: number; structures: number; items: number };
  deleted: { audits: number; observations: number; structures: number; items: number };
  /** Corrections replaced by this undo (only with force), marked undone in the history. */
  overriddenCorrections: OverriddenCorrection[];
}
