/**
 * Compares parsed rows with the workspace and, when asked to write, applies the difference:
 * inserts what is new, updates what changed (keeping a before-image in `change_log` so the import
 * can be undone) and leaves what is unchanged untouched. The key of an audit is (edition,
 * reference); of an observation (audit, item code). Runs inside the caller's transaction.
 */
import type { Db } from '../db/connection.js';
import type { Field } from '../../shared/columns.js';
import type { ChangeField, Diff } from '../../shared/import-types.js';
import type { AuditDraft, AuditFields, ParsedResults } from './parse-results.js';
import type { ItemDraft, StructureDraft } from './parse-tables.js';
import { answerText, measureText, type ChangeRecorder } from './changes.js';
import { applyImportedLabels, canonicalLabels } from './labels-held.js';
import { auditCommentIndexer, observationCommentIndexer } from '../explorer/comment-search.js';
import { hasTable } from '../db/schema.js';
import type { WrittenEditionSums } from '../analytics/written-sums.js';

export const emptyDiff = (): Diff => ({ new: 0, changed: 0, unchanged: 0 });

export interface ApplyCounts {
  audits: Diff;
  observations: Diff;
  structures: Diff;
  items: Diff;
}

export const emptyCounts = (): ApplyCounts => ({ audits: emptyDiff(), observations: emptyDiff(), structures: emptyDiff(), items: emptyDiff() });

export function hasChanges(counts: ApplyCounts): boolean {
  return Object.values(counts).some((d: Diff) => d.new > 0 || d.changed > 0);
}

interface ExistingAudit {
  id: number;
  edition: number;
  reference: string;
  structure_code: string;
  channel: string;
  audit_date: string | null;
  audit_time: string | null;
  scenario: string | null;
  auditor: string | null;
  comment: string | null;
  import_id: number;
}

interface ExistingObservation {
  item_code: string;
  compliant: 0 | 1 | null;
  measure: number | null;
  raw: string | null;
  comment: string | null;
  import_id: number;
}

/** Writes a before-image of a row an import is about to change. */
function logger(db: Db, importId: number | null) {
  const insert = db.prepare('INSERT INTO change_log(import_id, entity, row_key, before_json) VALUES (?, ?, ?, ?)');
  return (entity: string, key: string, before: object): void => {
    if (importId !== null) insert.run(importId, entity, key, JSON.stringify(before));
  };
}

export interface ResultsApplyOptions {
  importId: number | null;
  /** Fields the file carries: a field the file lacks never overwrites what the workspace has. */
  presentFields: ReadonlySet<Field>;
  onAudit?: (done: number, total: number) => void;
  /** Lists each value changed in an existing audit, and decides the conflicts with hand corrections. */
  changes?: ChangeRecorder;
  /** Collects, per edition, the structures whose audits or observations this import writes (the incremental refresh's scope). */
  touched?: Map<number, Set<string>>;
  /** Counts the new audits' observations for the refresh (main/analytics/written-sums.ts). */
  written?: WrittenEditionSums;
}

/** Adds (edition, structure) to a touched-structures collector. */
export function touchStructure(touched: Map<number, Set<string>> | undefined, edition: number, structure: string): void {
  if (!touched) return;
  const set = touched.get(edition) ?? new Set<string>();
  set.add(structure);
  touched.set(edition, set);
}

export function applyResults(db: Db, parsed: ParsedResults, options: ResultsApplyOptions): ApplyCounts {
  const counts = emptyCounts();
  const write = options.importId !== null;
  const log = logger(db, options.importId);
  const present = options.presentFields;

  // Structures: results files only create the ones the workspace does not know yet.
  const knownStructures = new Set(db.prepare('SELECT code FROM structure').pluck().all() as string[]);
  const insertStructure = db.prepare(`INSERT INTO structure(code, name, category, departement, region, population, sector, source, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'results', ?)`);
  const usedStructures = new Set(parsed.audits.map((a) => a.structureCode));
  for (const code of usedStructures) {
    if (knownStructures.has(code)) { counts.structures.unchanged++; continue; }
    const seen = parsed.structures.get(code);
    if (!seen || !seen.category || !seen.sector) continue; // refused earlier by checkNewStructures
    counts.structures.new++;
    if (write) insertStructure.run(code, seen.name ?? code, seen.category, seen.departement, seen.region, seen.population, seen.sector, options.importId);
  }

  const insertEdition = db.prepare('INSERT OR IGNORE INTO edition(year) VALUES (?)');
  if (write) for (const edition of parsed.editions) insertEdition.run(edition);

  const editions = [...parsed.editions];
  const existing = new Map<string, ExistingAudit>();
  if (editions.length > 0) {
    const rows = db.prepare(`SELECT * FROM audit WHERE edition IN (${editions.map(() => '?').join(',')})`).all(...editions) as ExistingAudit[];
    for (const row of rows) existing.set(`${row.edition}\u0000${row.reference}`, row);
  }
  const updateAudit = db.prepare('UPDATE audit SET structure_code = ?, channel = ?, audit_date = ?, audit_time = ?, scenario = ?, auditor = ?, comment = ?, import_id = ? WHERE id = ?');
  const selectObservations = db.prepare('SELECT item_code, compliant, measure, raw, comment, import_id FROM observation WHERE audit_id = ?');
  const insertObservation = db.prepare('INSERT INTO observation(audit_id, item_code, compliant, measure, raw, comment, import_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  // Comments of the observations inserted here go into the comment search index (migration 013).
  const indexComment = write ? observationCommentIndexer(db) : () => {};
  const newAudits = write ? newObservationWriter(db, options.importId!, options.written) : null;
  const updateObservation = db.prepare('UPDATE observation SET compliant = ?, measure = ?, raw = ?, comment = ?, import_id = ? WHERE audit_id = ? AND item_code = ?');
  const observationCommentPresent = present.has('comment') && present.has('itemCode');
  // Provenance (migration 010): the file row of each audit and observation this import writes.
  const sources = write && hasSourceTables(db) ? sourceRecorder(db, options.importId!) : null;

  let done = 0;
  for (const audit of parsed.audits) {
    if (++done % 1000 === 0) options.onAudit?.(done, parsed.audits.length);
    const key = `${audit.edition}\u0000${audit.reference}`;
    const before = existing.get(key);
    if (!before) {
      counts.audits.new++;
      counts.observations.new += audit.items.length;
      touchStructure(options.touched, audit.edition, audit.structureCode);
      if (!newAudits) continue;
      const id = newAudits.audit(audit);
      for (let i = 0; i < audit.items.length; i++) {
        newAudits.observation(id, audit.items[i]!, audit.compliant[i] ?? null, audit.measure[i] ?? null, audit.raw[i] ?? null, audit.obsComment[i] ?? null, audit.obsRow[i] ?? audit.row);
      }
      continue;
    }
    const next = mergedAudit(before, audit, present);
    const auditChanged = next.structure_code !== before.structure_code || next.channel !== before.channel || next.audit_date !== before.audit_date
      || next.audit_time !== before.audit_time || next.scenario !== before.scenario || next.auditor !== before.auditor || next.comment !== before.comment;
    if (auditChanged) {
      if (options.changes) recordAuditChanges(options.changes, before, next, audit.row);
      counts.audits.changed++;
      if (write) {
        log('audit', String(before.id), before);
        updateAudit.run(next.structure_code, next.channel, next.audit_date, next.audit_time, next.scenario, next.auditor, next.comment, options.importId, before.id);
        sources?.audit(before.id, audit.row);
      }
    }
    const observations = new Map((selectObservations.all(before.id) as ExistingObservation[]).map((o) => [o.item_code, o]));
    let observationsChanged = false;
    for (let i = 0; i < audit.items.length; i++) {
      const code = audit.items[i]!;
      const old = observations.get(code);
      const comment = observationCommentPresent ? audit.obsComment[i] ?? null : old?.comment ?? null;
      if (!old) {
        counts.observations.new++;
        observationsChanged = true;
        options.changes?.add({ ...changeAt(audit, next, i), field: 'answer', before: null, after: answerText(audit.compliant[i] ?? null), correction: null });
        if (write) {
          insertObservation.run(before.id, code, audit.compliant[i], audit.measure[i], audit.raw[i], comment, options.importId);
          indexComment(before.id, code, comment);
        }
        sources?.audit(before.id, audit.row);
        sources?.observation(code, audit.obsRow[i] ?? audit.row);
        continue;
      }
      const fileMeasure = audit.measure[i] ?? null;
      const sameAnswer = old.compliant === audit.compliant[i] && sameMeasure(old.measure, fileMeasure);
      if (sameAnswer && old.comment === comment) {
        counts.observations.unchanged++;
        continue;
      }
      // Field by field: a value corrected by hand in the workspace is a conflict, kept unless the
      // user chose the file's value.
      const corrections = options.changes?.corrections(before.id, code);
      const at = changeAt(audit, next, i);
      const take = (field: 'answer' | 'measure' | 'comment', beforeText: string | null, afterText: string | null): boolean => {
        const correction = corrections?.get(field) ?? null;
        const resolution = options.changes?.add({ ...at, field, before: beforeText, after: afterText, correction }) ?? null;
        return resolution !== 'keep-correction';
      };
      const takeAnswer = old.compliant === audit.compliant[i] || take('answer', answerText(old.compliant), answerText(audit.compliant[i] ?? null));
      const takeMeasure = sameMeasure(old.measure, fileMeasure) || take('measure', measureText(old.measure), measureText(fileMeasure));
      const takeComment = old.comment === comment || take('comment', old.comment, comment);
      const compliant = takeAnswer ? audit.compliant[i] ?? null : old.compliant;
      const measure = takeMeasure ? fileMeasure : old.measure;
      const nextComment = takeComment ? comment : old.comment;
      const writesAnswer = old.compliant !== compliant || !sameMeasure(old.measure, measure);
      if (!writesAnswer && old.comment === nextComment) {
        // Every change was a kept correction: nothing is written.
        counts.observations.unchanged++;
        continue;
      }
      counts.observations.changed++;
      observationsChanged = true;
      if (write) {
        log('observation', `${before.id}|${code}`, { audit_id: before.id, ...old });
        // The same answer written another way ("34,5" and 34.5) keeps the text the workspace has.
        updateObservation.run(compliant, measure, writesAnswer ? audit.raw[i] : old.raw, nextComment, options.importId, before.id, code);
        sources?.audit(before.id, audit.row);
        sources?.observation(code, audit.obsRow[i] ?? audit.row);
      }
    }
    if (auditChanged || observationsChanged) {
      touchStructure(options.touched, before.edition, before.structure_code);
      touchStructure(options.touched, before.edition, next.structure_code);
    }
    if (!auditChanged) {
      if (observationsChanged) counts.audits.changed++;
      else counts.audits.unchanged++;
    }
  }
  newAudits?.flush();
  sources?.flush();
  return counts;
}

/** The audit-level values a new audit is written with (an AuditDraft, or an audit streamed by the reading thread). */
export type NewAudit = AuditFields;

/**
 * Writes audits new to the workspace and their observations, with their provenance and comment
 * index: the new-audit path of `applyResults` and the streamed import (streamed-import.ts) both
 * write through here, so they write the same rows. Calls come audit by audit (`audit`, then its
 * `observation`s); `flush` at the end.
 */
export function newObservationWriter(db: Db, importId: number, written?: WrittenEditionSums) {
  const insertAudit = db.prepare('INSERT INTO audit(edition, reference, structure_code, channel, audit_date, audit_time, scenario, auditor, comment, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const batch = observationBatcher(db);
  const indexComment = observationCommentIndexer(db);
  const sources = hasSourceTables(db) ? sourceRecorder(db, importId) : null;
  // Audit comments are indexed once at the end rather than by a trigger per audit (from the first new audit on).
  let auditComments: { finish(): void } | null = null;
  return {
    audit(audit: NewAudit): number {
      auditComments ??= auditCommentIndexer(db);
      written?.audit(audit.edition, audit.structureCode);
      const id = Number(insertAudit.run(audit.edition, audit.reference, audit.structureCode, audit.channel, audit.date, audit.time, audit.scenario, audit.auditor, audit.comment, importId).lastInsertRowid);
      sources?.audit(id, audit.row);
      return id;
    },
    observation(auditId: number, item: string, compliant: 0 | 1 | null, measure: number | null, raw: string | null, comment: string | null, row: number): void {
      batch.add(auditId, item, compliant, measure, raw, comment, importId);
      written?.observation(item, compliant);
      if (comment !== null) indexComment(auditId, item, comment);
      sources?.observation(item, row);
    },
    flush(): void {
      batch.flush();
      sources?.flush();
      auditComments?.finish();
    },
  };
}

/** A workspace opened below version 10 (tests pin older versions) has no provenance table. */
function hasSourceTables(db: Db): boolean {
  return hasTable(db, 'audit_source');
}

/**
 * Writes the file rows of what one import writes (audit_source): one row per audit the import
 * touches, with the rows of its observations that sit on another line than the audit's. Calls
 * come audit by audit (`audit` then its `observation`s); an audit's row is written when the next
 * audit starts, or at `flush`.
 */
function sourceRecorder(db: Db, importId: number) {
  const insert = db.prepare('INSERT OR REPLACE INTO audit_source(audit_id, import_id, source_row, item_rows) VALUES (?, ?, ?, ?)');
  let current: { auditId: number; row: number; items: Record<string, number> | null } | null = null;
  const flush = (): void => {
    // Most audits sit on one row (wide layout): no object, no JSON to build for them.
    if (current) insert.run(current.auditId, importId, current.row, current.items === null ? '{}' : JSON.stringify(current.items));
    current = null;
  };
  return {
    audit(auditId: number, row: number): void {
      if (current?.auditId === auditId) return;
      flush();
      current = { auditId, row, items: null };
    },
    observation(item: string, row: number): void {
      if (current && row !== current.row) (current.items ??= {})[item] = row;
    },
    flush,
  };
}

/** Where a change of observation `i` of an audit is: edition, structure, audit, item, file row. */
function changeAt(audit: AuditDraft, next: ExistingAudit, i: number) {
  return { edition: audit.edition, structureCode: next.structure_code, auditRef: audit.reference, itemCode: audit.items[i]!, row: audit.obsRow[i] ?? null };
}

/** Each field of an existing audit that the file changes, for the list of changes. */
function recordAuditChanges(changes: ChangeRecorder, before: ExistingAudit, next: ExistingAudit, row: number): void {
  const fields: Array<[ChangeField, string | null, string | null]> = [
    ['structure', before.structure_code, next.structure_code],
    ['channel', before.channel, next.channel],
    ['auditDate', before.audit_date, next.audit_date],
    ['auditTime', before.audit_time, next.audit_time],
    ['scenario', before.scenario, next.scenario],
    ['auditor', before.auditor, next.auditor],
    ['auditComment', before.comment, next.comment],
  ];
  for (const [field, old, value] of fields) {
    if (old === value) continue;
    changes.add({ edition: before.edition, structureCode: next.structure_code, auditRef: before.reference, itemCode: null, field, before: old, after: value, row, correction: null });
  }
}

const BATCH_ROWS = 128;

/**
 * New observations go in by multi-row INSERTs: at national scale (1.7 million rows) the cost of
 * one native call per row dominates, and a 128-row statement divides it by 128.
 */
function observationBatcher(db: Db) {
  const columns = 7;
  const many = db.prepare(`INSERT INTO observation(audit_id, item_code, compliant, measure, raw, comment, import_id) VALUES ${Array.from({ length: BATCH_ROWS }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
  const one = db.prepare('INSERT INTO observation(audit_id, item_code, compliant, measure, raw, comment, import_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const values: Array<string | number | null> = new Array(BATCH_ROWS * columns);
  let rows = 0;
  return {
    add(auditId: number, item: string, compliant: number | null, measure: number | null, raw: string | null, comment: string | null, importId: number): void {
      const at = rows * columns;
      values[at] = auditId; values[at + 1] = item; values[at + 2] = compliant; values[at + 3] = measure;
      values[at + 4] = raw; values[at + 5] = comment; values[at + 6] = importId;
      if (++rows === BATCH_ROWS) {
        many.run(values);
        rows = 0;
      }
    },
    flush(): void {
      for (let r = 0; r < rows; r++) one.run(values.slice(r * columns, r * columns + columns));
      rows = 0;
    },
  };
}

function sameMeasure(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) < 1e-9;
}

function mergedAudit(before: ExistingAudit, draft: AuditDraft, present: ReadonlySet<Field>): ExistingAudit {
  const pick = <T>(field: Field, value: T, old: T): T => (present.has(field) ? value : old);
  return {
    ...before,
    structure_code: draft.structureCode,
    channel: draft.channel,
    audit_date: pick('auditDate', draft.date, before.audit_date),
    audit_time: auditTime(before, draft, present),
    scenario: pick('scenario', draft.scenario, before.scenario),
    auditor: pick('auditor', draft.auditor, before.auditor),
    // The long layout's comment column belongs to observations, not to the audit.
    comment: present.has('comment') && !present.has('itemCode') ? draft.comment : before.comment,
  };
}

/**
 * The time of an audit comes from a time column, or from a date column whose cells carry a time
 * (Excel date-times). A file whose dates carry no time does not carry the field at all: it never
 * erases the time another file gave (a long file after a wide one erased every audit's time).
 */
function auditTime(before: ExistingAudit, draft: AuditDraft, present: ReadonlySet<Field>): string | null {
  if (present.has('auditTime')) return draft.time;
  return draft.time ?? before.audit_time;
}

interface ExistingItem {
  valid_from: number;
  code: string;
  label_fr: string;
  label_en: string | null;
  channel: string;
  step: string;
  determinant: string;
  answer_type: string;
  threshold: number | null;
  weight: number;
  source_label: string | null;
  import_id: number | null;
}

export function applyReferential(db: Db, items: ItemDraft[], importId: number | null): ApplyCounts {
  const counts = emptyCounts();
  const write = importId !== null;
  const log = logger(db, importId);
  const sets = new Set(items.map((i) => i.validFrom));
  const insertSet = db.prepare('INSERT OR IGNORE INTO referential_set(valid_from, import_id) VALUES (?, ?)');
  const insertDeterminant = db.prepare('INSERT OR IGNORE INTO determinant(code, label_fr) VALUES (?, ?)');
  const insertItem = db.prepare('INSERT INTO item(valid_from, code, label_fr, label_en, channel, step, determinant, answer_type, threshold, weight, source_label, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const updateItem = db.prepare('UPDATE item SET label_fr = ?, label_en = ?, channel = ?, step = ?, determinant = ?, answer_type = ?, threshold = ?, weight = ?, source_label = ?, import_id = ? WHERE valid_from = ? AND code = ?');
  const existing = new Map<string, ExistingItem>();
  for (const set of sets) {
    for (const row of db.prepare('SELECT * FROM item WHERE valid_from = ?').all(set) as ExistingItem[]) existing.set(`${row.valid_from}\u0000${row.code}`, row);
  }
  if (write) {
    for (const set of sets) insertSet.run(set, importId);
    for (const item of items) insertDeterminant.run(item.determinantCode, item.determinantLabel);
  }
  for (const item of items) {
    const before = existing.get(`${item.validFrom}\u0000${item.code}`);
    const values = [item.labelFr, item.labelEn, item.channel, item.step, item.determinantCode, item.answerType, item.threshold, item.weight, item.sourceLabel] as const;
    if (!before) {
      counts.items.new++;
      if (write) insertItem.run(item.validFrom, item.code, ...values, importId);
      continue;
    }
    const old = [before.label_fr, before.label_en, before.channel, before.step, before.determinant, before.answer_type, before.threshold, before.weight, before.source_label];
    if (old.every((v, i) => v === values[i])) { counts.items.unchanged++; continue; }
    counts.items.changed++;
    if (write) {
      log('item', `${before.valid_from}|${before.code}`, before);
      updateItem.run(...values, importId, item.validFrom, item.code);
    }
  }
  if (write && counts.items.new + counts.items.changed > 0) counts.observations.changed += rejudgeMeasures(db, importId);
  return counts;
}

/**
 * A referential that changes a threshold or an answer type changes the verdict on raw measures
 * already imported: re-judge them (logging each before-image so undo restores them).
 */
function rejudgeMeasures(db: Db, importId: number | null): number {
  const verdict = (o: string): string => `CASE WHEN i.answer_type = 'seuil-max' THEN (${o}.measure <= i.threshold) WHEN i.answer_type = 'seuil-min' THEN (${o}.measure >= i.threshold) END`;
  const itemInForce = `JOIN item i ON i.code = o.item_code AND i.valid_from = (SELECT MAX(valid_from) FROM referential_set WHERE valid_from <= a.edition)`;
  const stale = `
    FROM observation o
    JOIN audit a ON a.id = o.audit_id
    ${itemInForce}
    WHERE o.measure IS NOT NULL AND i.answer_type IN ('seuil-max', 'seuil-min') AND i.threshold IS NOT NULL AND o.compliant IS NOT ${verdict('o')}`;
  db.prepare(`INSERT INTO change_log(import_id, entity, row_key, before_json)
    SELECT ?, 'observation', o.audit_id || '|' || o.item_code,
      json_object('audit_id', o.audit_id, 'item_code', o.item_code, 'compliant', o.compliant, 'measure', o.measure, 'raw', o.raw, 'comment', o.comment, 'import_id', o.import_id)
    ${stale}`).run(importId);
  const result = db.prepare(`UPDATE observation SET compliant = (
      SELECT ${verdict('observation')} FROM audit a
      JOIN item i ON i.code = observation.item_code AND i.valid_from = (SELECT MAX(valid_from) FROM referential_set WHERE valid_from <= a.edition)
      WHERE a.id = observation.audit_id)
    WHERE (audit_id, item_code) IN (SELECT o.audit_id, o.item_code ${stale})`).run();
  return result.changes;
}

interface ExistingStructure {
  code: string;
  name: string;
  category: string;
  departement: string | null;
  region: string | null;
  population: number | null;
  sector: string;
  source: string;
  extra_json: string | null;
  import_id: number | null;
}

/**
 * A structures file is authoritative: it overwrites what results files created. `moved` collects
 * the structures whose category or sector changed (the only fields the scores depend on).
 */
export function applyStructures(db: Db, structures: StructureDraft[], importId: number | null, presentFields: ReadonlySet<Field>, moved?: Set<string>): ApplyCounts {
  const counts = emptyCounts();
  const write = importId !== null;
  const log = logger(db, importId);
  const existing = new Map((db.prepare('SELECT * FROM structure').all() as ExistingStructure[]).map((s) => [s.code, s]));
  const insert = db.prepare(`INSERT INTO structure(code, name, category, departement, region, population, sector, source, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'structures', ?)`);
  const update = db.prepare(`UPDATE structure SET name = ?, category = ?, departement = ?, region = ?, population = ?, sector = ?, source = 'structures', import_id = ? WHERE code = ?`);
  // "Labels détenus" (main/import/labels-held.ts): read only when the file has the column.
  const canonical = presentFields.has('labelsHeld') ? canonicalLabels(db) : null;
  const labelsChanged = (s: StructureDraft): boolean => canonical !== null && applyImportedLabels(db, s.code, s.labelsHeld, importId, canonical);
  for (const s of structures) {
    const before = existing.get(s.code);
    if (!before) {
      counts.structures.new++;
      if (write) insert.run(s.code, s.name, s.category, s.departement, s.region, s.population, s.sector, importId);
      if (write) labelsChanged(s);
      continue;
    }
    const next = {
      name: s.name,
      category: s.category,
      departement: presentFields.has('departement') ? s.departement : before.departement,
      region: presentFields.has('region') ? s.region : before.region,
      population: presentFields.has('population') ? s.population : before.population,
      sector: s.sector,
    };
    const same = next.name === before.name && next.category === before.category && next.departement === before.departement
      && next.region === before.region && next.population === before.population && next.sector === before.sector && before.source === 'structures';
    const labelsDiffer = labelsChanged(s);
    if (same && !labelsDiffer) { counts.structures.unchanged++; continue; }
    counts.structures.changed++;
    if (next.category !== before.category || next.sector !== before.sector) moved?.add(s.code);
    if (write && !same) {
      log('structure', s.code, before);
      update.run(next.name, next.category, next.departement, next.region, next.population, next.sector, importId, s.code);
    }
  }
  return counts;
}
