/**
 * Labels held by structures (table structure_label, migration 008): what a structures file's
 * "Labels détenus" column says, what a person sets in the Fiche structure, and undoing the former.
 * Every change of a structure's set is written to structure_label_log, before and after, in the
 * same transaction as the change: for an import those rows are the before-images `imports undo`
 * restores; for a hand edit they are the audit trail.
 */
import type { Db } from '../db/connection.js';
import { labelKey, parseLabelList } from '../../shared/source-labels.js';

export interface HeldLabelRow {
  label: string;
  source: 'import' | 'manual';
  import_id: number | null;
}

export function heldLabelRows(db: Db, structure: string): HeldLabelRow[] {
  return db.prepare('SELECT label, source, import_id FROM structure_label WHERE structure_code = ? ORDER BY label')
    .all(structure) as HeldLabelRow[];
}

/**
 * The spelling to store for a label: the referential's own when one of its source labels names
 * the same label (so "services publics +" from a structures file reads "Services Publics+"),
 * else the spelling given.
 */
export function canonicalLabels(db: Db): (name: string) => string {
  const known = new Map<string, string>();
  const cells = db.prepare('SELECT DISTINCT source_label FROM item WHERE source_label IS NOT NULL').pluck().all() as string[];
  for (const cell of cells) for (const name of parseLabelList(cell)) if (!known.has(labelKey(name))) known.set(labelKey(name), name);
  const held = db.prepare('SELECT DISTINCT label FROM structure_label').pluck().all() as string[];
  for (const name of held) if (!known.has(labelKey(name))) known.set(labelKey(name), name);
  return (name) => known.get(labelKey(name)) ?? name;
}

function sameSet(a: readonly HeldLabelRow[], b: readonly HeldLabelRow[]): boolean {
  const key = (rows: readonly HeldLabelRow[]): string => rows.map((r) => `${labelKey(r.label)}\u0000${r.source}`).sort().join('\u0001');
  return key(a) === key(b);
}

function writeSet(db: Db, structure: string, rows: readonly HeldLabelRow[]): void {
  db.prepare('DELETE FROM structure_label WHERE structure_code = ?').run(structure);
  const insert = db.prepare('INSERT INTO structure_label(structure_code, label, source, import_id) VALUES (?, ?, ?, ?)');
  for (const r of rows) insert.run(structure, r.label, r.source, r.import_id);
}

function logChange(db: Db, structure: string, importId: number | null, before: readonly HeldLabelRow[], after: readonly HeldLabelRow[], user: string | null): void {
  db.prepare('INSERT INTO structure_label_log(structure_code, import_id, before_json, after_json, user_name, changed_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(structure, importId, JSON.stringify(before), JSON.stringify(after), user, new Date().toISOString());
}

/**
 * A structures file lists the labels a structure holds: those it brought before and no longer
 * lists go, the new ones come with source 'import'; labels set by hand stay (a person said so).
 * Returns whether the set changed. Writes nothing when `importId` is null (dry run).
 */
export function applyImportedLabels(db: Db, structure: string, labels: readonly string[], importId: number | null, canonical: (name: string) => string): boolean {
  const before = heldLabelRows(db, structure);
  const manual = before.filter((r) => r.source === 'manual');
  const manualKeys = new Set(manual.map((r) => labelKey(r.label)));
  const keptImported = new Map(before.filter((r) => r.source === 'import').map((r) => [labelKey(r.label), r]));
  const after: HeldLabelRow[] = [...manual];
  const seen = new Set(manualKeys);
  for (const name of labels) {
    const key = labelKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    // An unchanged label keeps the import that first brought it.
    after.push(keptImported.get(key) ?? { label: canonical(name), source: 'import', import_id: importId });
  }
  if (sameSet(before, after)) return false;
  if (importId !== null) {
    writeSet(db, structure, after);
    logChange(db, structure, importId, before, after, null);
  }
  return true;
}

/**
 * Sets a structure's labels by hand (Fiche structure): the list given is the whole set; a label
 * the structure already held keeps its source, a new one is 'manual'. One transaction.
 */
export function setHeldLabels(db: Db, structure: string, labels: readonly string[], user: string): HeldLabelRow[] {
  return db.transaction(() => {
    const before = heldLabelRows(db, structure);
    const byKey = new Map(before.map((r) => [labelKey(r.label), r]));
    const canonical = canonicalLabels(db);
    const after: HeldLabelRow[] = [];
    const seen = new Set<string>();
    for (const raw of labels) {
      for (const name of parseLabelList(raw)) {
        const key = labelKey(name);
        if (seen.has(key)) continue;
        seen.add(key);
        after.push(byKey.get(key) ?? { label: canonical(name), source: 'manual', import_id: null });
      }
    }
    if (!sameSet(before, after)) {
      writeSet(db, structure, after);
      logChange(db, structure, null, before, after, user);
    }
    return heldLabelRows(db, structure);
  })();
}

/**
 * Undo of an import (inside history.ts's transaction): each structure whose labels the import
 * changed gets back the set it had before, latest change first.
 */
export function restoreLabelsBefore(db: Db, importId: number): number {
  const logs = db.prepare('SELECT structure_code AS structure, before_json AS before FROM structure_label_log WHERE import_id = ? ORDER BY id DESC')
    .all(importId) as Array<{ structure: string; before: string }>;
  const exists = db.prepare('SELECT 1 FROM structure WHERE code = ?').pluck();
  for (const log of logs) {
    if (exists.get(log.structure) === undefined) continue;
    writeSet(db, log.structure, JSON.parse(log.before) as HeldLabelRow[]);
  }
  // Rows still pointing at the undone import were brought by it (their structure is about to go,
  // or they were restored above): none may keep a reference to an undone import.
  db.prepare('UPDATE structure_label SET import_id = NULL WHERE import_id = ?').run(importId);
  return logs.length;
}
