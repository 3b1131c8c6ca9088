/**
 * Hand edit of an item's source label (Référentiel view): one transaction writes the item and a
 * row of referential_edit (who, when, before, after). The cell is rewritten in the app's list form
 * ("Qualivilles; Services Publics+"), each label in the spelling the workspace already uses. Labels
 * change no score, so no aggregate is refreshed.
 */
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import { formatLabelList, parseLabelList } from '../../shared/source-labels.js';
import { canonicalLabels } from './labels-held.js';

export interface SourceLabelEdit {
  validFrom: number;
  code: string;
  /** The new labels (each entry may itself be a list); empty: the item belongs to no label. */
  labels: readonly string[];
  user: string;
}

export function editSourceLabel(db: Db, edit: SourceLabelEdit): { validFrom: number; code: string; sourceLabel: string | null; changed: boolean } {
  return db.transaction(() => {
    const before = db.prepare('SELECT source_label FROM item WHERE valid_from = ? AND code = ?').get(edit.validFrom, edit.code) as { source_label: string | null } | undefined;
    if (!before) throw AppError.keyed('NOT_FOUND', 'referential.itemNotFound', { code: edit.code, validFrom: edit.validFrom }, { code: edit.code, validFrom: edit.validFrom });
    // A label already known keeps its spelling ("services publics +" is written "Services Publics+").
    const canonical = canonicalLabels(db);
    const names = edit.labels.flatMap((l) => parseLabelList(l)).map(canonical);
    const after = names.length === 0 ? null : formatLabelList(parseLabelList(names.join(';')));
    if (after === before.source_label) return { validFrom: edit.validFrom, code: edit.code, sourceLabel: after, changed: false };
    db.prepare('UPDATE item SET source_label = ? WHERE valid_from = ? AND code = ?').run(after, edit.validFrom, edit.code);
    db.prepare(`INSERT INTO referential_edit(valid_from, item_code, field, before_value, after_value, user_name, edited_at) VALUES (?, ?, 'source_label', ?, ?, ?, ?)`)
      .run(edit.validFrom, edit.code, before.source_label, after, edit.user, new Date().toISOString());
    return { validFrom: edit.validFrom, code: edit.code, sourceLabel: after, changed: true };
  })();
}

/** The trail of hand edits of one item (most recent first). */
export function sourceLabelHistory(db: Db, code: string): Array<{ validFrom: number; before: string | null; after: string | null; user: string; editedAt: string }> {
  return db.prepare(`SELECT valid_from AS validFrom, before_value AS "before", after_value AS "after", user_name AS user, edited_at AS editedAt
    FROM referential_edit WHERE item_code = ? ORDER BY id DESC`).all(code) as Array<{ validFrom: number; before: string | null; after: string | null; user: string; editedAt: string }>;
}
