/**
 * Shapes of audit entry (`entry.*` in the contract): an audit typed in the workspace item by item,
 * saved field by field. Pure types.
 */
import type { AnswerTypeCode } from './domain.js';

export type EntryStatus = 'draft' | 'completed';

/** What the "Nouvel audit" form needs for one structure. */
export interface EntryPreparation {
  structure: { code: string; name: string; category: string; sector: string };
  /** Edition the form proposes (the year of today's date). */
  edition: number;
  /** The reference the next audit of this structure would get: `DIAG-<code>-<n>`. */
  suggestedReference: string;
  /** Channels with at least one item in force for the edition, with their item count. */
  channels: Array<{ code: string; items: number }>;
  /** Audits of this structure entered in the workspace (drafts first), to resume one. */
  audits: EntryAuditSummary[];
}

export interface EntryAuditSummary {
  auditId: number;
  reference: string;
  edition: number;
  channel: string;
  date: string | null;
  status: EntryStatus;
  progress: EntryProgress;
  updatedAt: string;
}

export interface EntryProgress {
  /** Items of the audit's channel in force for its edition that have an answer. */
  answered: number;
  /** Items of the audit's channel in force for its edition. */
  total: number;
}

export interface EntryItem {
  code: string;
  label: string;
  step: string;
  stepLabel: string;
  determinant: string;
  determinantLabel: string;
  answerType: AnswerTypeCode;
  threshold: number | null;
  /** Duration unit a measure is read in, when the item's label names one (as the importer reads it); null otherwise. */
  unit: 'seconds' | 'minutes' | 'hours' | 'days' | null;
  weight: number;
}

export interface EntryAnswer {
  itemCode: string;
  /** 1 compliant, 0 not, null not applicable. */
  compliant: 0 | 1 | null;
  measure: number | null;
  /** The answer as typed (evidence): « Oui », « Non », « Sans objet », « 3 », « 2 min 35 ». */
  raw: string | null;
  comment: string | null;
}

/** The items of the audit grouped by step then determinant, in the referential's order. */
export interface EntryGroup {
  step: string;
  stepLabel: string;
  determinants: Array<{ determinant: string; determinantLabel: string; items: EntryItem[] }>;
}

export interface EntrySheet {
  audit: {
    id: number;
    reference: string;
    edition: number;
    channel: string;
    date: string | null;
    time: string | null;
    structure: string;
    structureName: string;
    status: EntryStatus;
  };
  groups: EntryGroup[];
  answers: EntryAnswer[];
  progress: EntryProgress;
}

export interface EntryCreated {
  auditId: number;
  reference: string;
  /** The import row of this entry session (format 'saisie'): pass it back with every field. */
  sessionId: number;
}

export interface EntryFieldSaved {
  sessionId: number;
  /** The item's answer after the save (null: no observation). */
  answer: EntryAnswer | null;
  progress: EntryProgress;
}

export interface EntryCompleted {
  auditId: number;
  status: EntryStatus;
  progress: EntryProgress;
}
