/**
 * The exact changes of an import, value by value, for audits the workspace already has: what the
 * preview lists before a corrected file is committed (structure, audit, item, old → new answer,
 * measure, comment) and what a commit reports. A value the analyst corrected by hand in the
 * workspace (`observation_correction`, migration 6) that the file would change is a conflict: the
 * correction is kept unless the user chose to take the file's value, for that value or for all.
 * Texts are those of the corrections history: answers in ANSWER_WORDS, measures with a dot.
 */
import type { Db } from '../db/connection.js';
import { answerWord, type CorrectionField } from '../../shared/correction-types.js';
import type { ChangeCorrection, ChangeField, ConflictChoice, ConflictChoices, ImportChange } from '../../shared/import-types.js';

/** Changes returned in full in a report; `changeCount` has them all. */
export const REPORTED_CHANGES = 20_000;

export function answerText(compliant: 0 | 1 | null): string {
  return answerWord(compliant);
}

export function measureText(measure: number | null): string | null {
  return measure === null ? null : String(measure);
}

export function changeKey(edition: number, auditRef: string, itemCode: string | null, field: ChangeField): string {
  return `${edition}|${auditRef}|${itemCode ?? ''}|${field}`;
}

interface CorrectionRow {
  item_code: string;
  field: CorrectionField;
  after_value: string | null;
  user_name: string;
  corrected_at: string;
  reason: string;
}

export interface ChangeSummary {
  changes: ImportChange[];
  changeCount: number;
  conflictCount: number;
  keptCorrections: number;
}

export class ChangeRecorder {
  private readonly kept: ImportChange[] = [];
  private count = 0;
  private conflicts = 0;
  private keptCorrections = 0;
  private names: Map<string, string> | null = null;
  private readonly correctionsOf: ((auditId: number) => CorrectionRow[]) | null;
  private cachedAudit: { id: number; byItem: Map<string, Map<CorrectionField, ChangeCorrection>> } | null = null;

  constructor(private readonly db: Db, private readonly choices: ConflictChoices = {}) {
    // Migration 6 may be missing (a workspace opened read-only before it): then nothing is corrected.
    const hasCorrections = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'observation_correction'`).get() !== undefined;
    if (!hasCorrections) {
      this.correctionsOf = null;
      return;
    }
    // A value is corrected while the latest row of its (audit, item, field) is not undone.
    const statement = db.prepare(`SELECT c.item_code, c.field, c.after_value, c.user_name, c.corrected_at, c.reason
      FROM observation_correction c
      WHERE c.audit_id = ? AND c.undone_at IS NULL
        AND c.id = (SELECT MAX(l.id) FROM observation_correction l WHERE l.audit_id = c.audit_id AND l.item_code = c.item_code AND l.field = c.field)`);
    this.correctionsOf = (auditId) => statement.all(auditId) as CorrectionRow[];
  }

  /** The hand corrections in force on one observation, by field (empty when none). */
  corrections(auditId: number, itemCode: string): ReadonlyMap<CorrectionField, ChangeCorrection> {
    if (!this.correctionsOf) return EMPTY;
    if (this.cachedAudit?.id !== auditId) {
      const byItem = new Map<string, Map<CorrectionField, ChangeCorrection>>();
      for (const row of this.correctionsOf(auditId)) {
        const fields = byItem.get(row.item_code) ?? new Map<CorrectionField, ChangeCorrection>();
        fields.set(row.field, { value: row.after_value, userName: row.user_name, correctedAt: row.corrected_at, reason: row.reason });
        byItem.set(row.item_code, fields);
      }
      this.cachedAudit = { id: auditId, byItem };
    }
    return this.cachedAudit.byItem.get(itemCode) ?? EMPTY;
  }

  /** What the user chose for one conflict: its own choice, else the choice for all, else keep the correction. */
  choice(key: string): ConflictChoice {
    return this.choices.byKey?.[key] ?? this.choices.all ?? 'keep-correction';
  }

  add(change: Omit<ImportChange, 'key' | 'structureName' | 'resolution'>): ImportChange['resolution'] {
    const key = changeKey(change.edition, change.auditRef, change.itemCode, change.field);
    const resolution = change.correction ? this.choice(key) : null;
    this.count++;
    if (change.correction) {
      this.conflicts++;
      if (resolution === 'keep-correction') this.keptCorrections++;
    }
    if (this.kept.length < REPORTED_CHANGES) this.kept.push({ ...change, key, structureName: null, resolution });
    return resolution;
  }

  summary(): ChangeSummary {
    if (this.kept.length > 0 && !this.names) {
      this.names = new Map(this.db.prepare('SELECT code, name FROM structure').raw(true).all() as Array<[string, string]>);
    }
    for (const change of this.kept) change.structureName = this.names?.get(change.structureCode) ?? null;
    return { changes: this.kept, changeCount: this.count, conflictCount: this.conflicts, keptCorrections: this.keptCorrections };
  }
}

const EMPTY: ReadonlyMap<CorrectionField, ChangeCorrection> = new Map();

export const emptyChangeSummary = (): ChangeSummary => ({ changes: [], changeCount: 0, conflictCount: 0, keptCorrections: 0 });
