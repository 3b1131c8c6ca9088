/**
 * The labels of the referential in force for an edition (read from the items' source-label cells,
 * shared/source-labels.ts) and the compliance rate each requires (table label_requirement,
 * default 100 %), plus the labels a structure holds (table structure_label).
 */
import type { Db } from '../db/connection.js';
import type { HeldLabel, LabelDefinition } from '../../shared/readiness-types.js';
import { DEFAULT_REQUIRED_RATE, isHoldableLabel, labelKey, parseLabelList } from '../../shared/source-labels.js';
import { AppError } from '../../shared/errors.js';

/** Required rate per label key. */
function requiredRates(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT label, required_rate AS rate FROM label_requirement').all() as Array<{ label: string; rate: number }>;
  return new Map(rows.map((r) => [labelKey(r.label), r.rate]));
}

export function requiredRateOf(db: Db, label: string): number {
  return requiredRates(db).get(labelKey(label)) ?? DEFAULT_REQUIRED_RATE;
}

/** An item in force that carries at least one label, with the comparison keys of its labels. */
export interface LabelledItem {
  code: string;
  labelFr: string;
  labelEn: string | null;
  channel: string;
  step: string;
  determinant: string;
  weight: number;
  sourceLabel: string;
  labelKeys: ReadonlySet<string>;
}

/**
 * The labels of an edition and the items carrying them, each source-label cell parsed once (a
 * readiness reads both for every structure of a batch).
 */
export interface LabelCatalogue {
  labels: LabelDefinition[];
  items: LabelledItem[];
}

export function labelCatalogue(db: Db, edition: number): LabelCatalogue {
  const rows = db.prepare(`SELECT code, label_fr AS labelFr, label_en AS labelEn, channel, step, determinant, weight, source_label AS sourceLabel
    FROM item_in_force WHERE edition = ? AND source_label IS NOT NULL ORDER BY code`).all(edition) as Array<Omit<LabelledItem, 'labelKeys'>>;
  const byKey = new Map<string, { label: string; items: number }>();
  const items: LabelledItem[] = [];
  for (const row of rows) {
    const keys = new Set<string>();
    for (const name of parseLabelList(row.sourceLabel)) {
      if (!isHoldableLabel(name)) continue;
      const key = labelKey(name);
      keys.add(key);
      const entry = byKey.get(key) ?? { label: name, items: 0 };
      entry.items += 1;
      byKey.set(key, entry);
    }
    if (keys.size > 0) items.push({ ...row, labelKeys: keys });
  }
  const rates = requiredRates(db);
  const labels = [...byKey.entries()]
    .map(([key, e]) => ({ label: e.label, items: e.items, requiredRate: rates.get(key) ?? DEFAULT_REQUIRED_RATE }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  return { labels, items };
}

/** Holdable labels of the items in force for the edition, by name, with their item counts and rates. */
export function labelsInForce(db: Db, edition: number): LabelDefinition[] {
  return labelCatalogue(db, edition).labels;
}

/** The label of the edition that `name` names (any spelling); NOT_FOUND listing the known ones otherwise. */
export function resolveLabel(db: Db, edition: number, name: string, labels: readonly LabelDefinition[] = labelsInForce(db, edition)): LabelDefinition {
  const found = labels.find((l) => labelKey(l.label) === labelKey(name));
  if (!found) {
    const known = labels.map((l) => `« ${l.label} »`).join(', ') || '—';
    throw AppError.keyed('NOT_FOUND', 'labels.unknown', { edition, label: name, known }, { label: name, edition });
  }
  return found;
}

/** Sets the rate a label requires on each of its items (percent, 0–100). */
export function setRequiredRate(db: Db, label: string, requiredRate: number): { label: string; requiredRate: number } {
  if (!(requiredRate >= 0 && requiredRate <= 100)) throw AppError.keyed('INVALID_INPUT', 'labels.rateOutOfRange', { rate: requiredRate });
  const name = label.trim();
  if (!isHoldableLabel(name)) throw AppError.keyed('INVALID_INPUT', 'labels.notALabel', { label });
  db.transaction(() => {
    // One row per label whatever its spelling.
    const rows = db.prepare('SELECT label FROM label_requirement').pluck().all() as string[];
    for (const r of rows) if (labelKey(r) === labelKey(name)) db.prepare('DELETE FROM label_requirement WHERE label = ?').run(r);
    db.prepare('INSERT INTO label_requirement(label, required_rate, updated_at) VALUES (?, ?, ?)').run(name, requiredRate, new Date().toISOString());
  })();
  return { label: name, requiredRate };
}

/** The labels a structure holds. */
export function heldLabels(db: Db, structure: string): HeldLabel[] {
  return db.prepare('SELECT label, source FROM structure_label WHERE structure_code = ? ORDER BY label').all(structure) as HeldLabel[];
}

export function holdsLabel(held: readonly HeldLabel[], label: string): boolean {
  return held.some((h) => labelKey(h.label) === labelKey(label));
}
