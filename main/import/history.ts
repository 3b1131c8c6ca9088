/**
 * The import history: listing what was loaded, and undoing the most recent active import by
 * restoring the before-images it logged and deleting the rows it created. One transaction.
 *
 * A hand correction made after the import, still in force, on a value the undo would restore or
 * delete would be silently thrown away: the undo is refused (keyed CONFLICT listing them) unless
 * forced, and when forced those corrections are marked undone with a note saying which undo
 * replaced them, and listed on the undone import (corrections of an audit the undo deletes go
 * with their audit, so the import row is where their trace stays).
 */
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import type { ImportRecord, OverriddenCorrection, UndoCheck, UndoResult } from '../../shared/import-types.js';
import type { ErrorText } from '../../shared/error-messages.js';
import { allEditions, refreshAggregates } from '../analytics/refresh.js';
import { restoreLabelsBefore } from './labels-held.js';

interface ImportRow {
  id: number;
  file_name: string;
  sha256: string;
  format: string;
  kind: ImportRecord['kind'];
  layout: ImportRecord['layout'];
  edition: number | null;
  imported_at: string;
  rows_read: number;
  rows_rejected: number;
  counts_json: string;
  status: 'active' | 'undone';
  undone_at: string | null;
}

function toRecord(row: ImportRow): ImportRecord {
  const { overriddenCorrections, ...counts } = JSON.parse(row.counts_json) as ImportRecord['counts'] & { overriddenCorrections?: OverriddenCorrection[] };
  return {
    id: row.id,
    fileName: row.file_name,
    sha256: row.sha256,
    format: row.format,
    kind: row.kind,
    layout: row.layout,
    edition: row.edition,
    importedAt: row.imported_at,
    rowsRead: row.rows_read,
    rowsRejected: row.rows_rejected,
    counts,
    status: row.status,
    undoneAt: row.undone_at,
    ...(overriddenCorrections ? { overriddenCorrections } : {}),
  };
}

export function listImports(db: Db): ImportRecord[] {
  return (db.prepare('SELECT * FROM import ORDER BY id DESC').all() as ImportRow[]).map(toRecord);
}

interface LogRow {
  entity: string;
  before_json: string;
}

type Row = Record<string, string | number | null>;

function lastActiveImport(db: Db): ImportRow {
  const last = db.prepare(`SELECT * FROM import WHERE status = 'active' ORDER BY id DESC LIMIT 1`).get() as ImportRow | undefined;
  if (!last) throw AppError.keyed('NOTHING_TO_UNDO', 'import.nothingToUndo');
  return last;
}

/**
 * Corrections in force, made after the import, on an observation its undo restores (a before-image
 * in change_log), deletes (created by the import: it still carries its id) or deletes with its
 * audit (an audit the import created: its id and no before-image). The corrections made since are
 * few: they are read first, and the import's change_log is then read once for their keys only
 * (a national import logs millions of rows).
 */
function correctionsOverriddenBy(db: Db, last: ImportRow): OverriddenCorrection[] {
  const candidates = db.prepare(`
    SELECT c.id, a.edition, a.structure_code AS structureCode, a.reference AS auditRef, c.item_code AS itemCode, c.field,
      c.after_value AS after, c.corrected_at AS correctedAt, c.user_name AS userName,
      c.audit_id AS auditId, a.import_id AS auditImport, o.import_id AS observationImport
    FROM observation_correction c JOIN audit a ON a.id = c.audit_id
    LEFT JOIN observation o ON o.audit_id = c.audit_id AND o.item_code = c.item_code
    WHERE c.undone_at IS NULL AND c.corrected_at > ?
    ORDER BY c.id`).all(last.imported_at) as Array<OverriddenCorrection & { auditId: number; auditImport: number | null; observationImport: number | null }>;
  if (candidates.length === 0) return [];
  const logged = (entity: 'audit' | 'observation', keys: string[]): Set<string> => new Set(db.prepare(`SELECT row_key FROM change_log
    WHERE import_id = ? AND entity = ? AND row_key IN (SELECT value FROM json_each(?))`).pluck().all(last.id, entity, JSON.stringify([...new Set(keys)])) as string[]);
  const restoredObservations = logged('observation', candidates.map((c) => `${c.auditId}|${c.itemCode}`));
  const restoredAudits = logged('audit', candidates.filter((c) => c.auditImport === last.id).map((c) => String(c.auditId)));
  return candidates
    .filter((c) => c.observationImport === last.id
      || restoredObservations.has(`${c.auditId}|${c.itemCode}`)
      || (c.auditImport === last.id && !restoredAudits.has(String(c.auditId))))
    .map(({ auditId: _auditId, auditImport: _auditImport, observationImport: _observationImport, ...correction }) => correction);
}

/** What undoing the most recent active import would do to hand corrections: asked before undoing. */
export function checkUndoLastImport(db: Db): UndoCheck {
  const last = lastActiveImport(db);
  return { importId: last.id, fileName: last.file_name, corrections: correctionsOverriddenBy(db, last) };
}

const LISTED_CORRECTIONS = 10;

/** « 060000001 · A1 · TEL-02 » for the first ten, then how many more. */
function correctionList(corrections: readonly OverriddenCorrection[]): string | ErrorText {
  const seen = [...new Set(corrections.map((c) => `${c.structureCode} · ${c.auditRef} · ${c.itemCode}`))];
  const list = seen.slice(0, LISTED_CORRECTIONS).join(', ');
  return seen.length <= LISTED_CORRECTIONS ? list : { key: 'import.undoMoreCorrections', params: { list, more: seen.length - LISTED_CORRECTIONS } };
}

const noteDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });

export interface UndoOptions {
  /** Undo even when it replaces hand corrections made since the import (marked undone, with a note). */
  force?: boolean;
}

export function undoLastImport(db: Db, options: UndoOptions = {}): UndoResult {
  const last = lastActiveImport(db);
  const id = last.id;
  const overridden = correctionsOverriddenBy(db, last);
  if (overridden.length > 0 && !options.force) {
    throw AppError.keyed('CONFLICT', 'import.undoOverridesCorrections', {
      id: String(id), file: last.file_name, count: overridden.length, list: correctionList(overridden),
    }, { importId: id, fileName: last.file_name, corrections: overridden });
  }
  const result: UndoResult = {
    importId: id,
    fileName: last.file_name,
    restored: { audits: 0, observations: 0, structures: 0, items: 0 },
    deleted: { audits: 0, observations: 0, structures: 0, items: 0 },
    overriddenCorrections: overridden,
  };
  const touchedEditions = new Set<number>(db.prepare('SELECT DISTINCT edition FROM audit WHERE import_id = ?').pluck().all(id) as number[]);
  const undoneAt = new Date().toISOString();
  db.transaction(() => {
    if (overridden.length > 0) {
      // Before the deletes: the history keeps why these corrections no longer hold.
      const note = ` — remplacée par l'annulation de l'import n° ${id} (« ${last.file_name} ») le ${noteDate.format(new Date(undoneAt))}`;
      db.prepare('UPDATE observation_correction SET undone_at = ?, reason = reason || ? WHERE id IN (SELECT value FROM json_each(?))')
        .run(undoneAt, note, JSON.stringify(overridden.map((c) => c.id)));
    }
    const restore = {
      observation: db.prepare('UPDATE observation SET compliant = @compliant, measure = @measure, raw = @raw, comment = @comment, import_id = @import_id WHERE audit_id = @audit_id AND item_code = @item_code'),
      audit: db.prepare('UPDATE audit SET structure_code = @structure_code, channel = @channel, audit_date = @audit_date, audit_time = @audit_time, scenario = @scenario, auditor = @auditor, comment = @comment, import_id = @import_id WHERE id = @id'),
      structure: db.prepare('UPDATE structure SET name = @name, category = @category, departement = @departement, region = @region, population = @population, sector = @sector, source = @source, extra_json = @extra_json, import_id = @import_id WHERE code = @code'),
      item: db.prepare('UPDATE item SET label_fr = @label_fr, label_en = @label_en, channel = @channel, step = @step, determinant = @determinant, answer_type = @answer_type, threshold = @threshold, weight = @weight, source_label = @source_label, import_id = @import_id WHERE valid_from = @valid_from AND code = @code'),
    } as const;
    const editionOfAudit = db.prepare('SELECT edition FROM audit WHERE id = ?').pluck();
    const logs = db.prepare('SELECT entity, before_json FROM change_log WHERE import_id = ? ORDER BY id DESC').all(id) as LogRow[];
    for (const log of logs) {
      const before = JSON.parse(log.before_json) as Row;
      switch (log.entity) {
        case 'observation':
          restore.observation.run(before);
          result.restored.observations++;
          touchedEditions.add(editionOfAudit.get(before.audit_id) as number);
          break;
        case 'audit':
          restore.audit.run(before);
          result.restored.audits++;
          touchedEditions.add(before.edition as number);
          break;
        case 'structure':
          restore.structure.run(before);
          result.restored.structures++;
          break;
        case 'item':
          restore.item.run(before);
          result.restored.items++;
          break;
        default:
          throw new AppError('INTERNAL', `Historique inattendu : ${log.entity}`);
      }
    }
    restoreLabelsBefore(db, id);
    // What still carries this import's id was created by it.
    result.deleted.observations = db.prepare('DELETE FROM observation WHERE import_id = ? AND audit_id NOT IN (SELECT id FROM audit WHERE import_id = ?)').run(id, id).changes;
    result.deleted.observations += db.prepare('SELECT COUNT(*) FROM observation WHERE audit_id IN (SELECT id FROM audit WHERE import_id = ?)').pluck().get(id) as number;
    result.deleted.audits = db.prepare('DELETE FROM audit WHERE import_id = ?').run(id).changes;
    result.deleted.items = db.prepare('DELETE FROM item WHERE import_id = ?').run(id).changes;
    db.prepare('DELETE FROM referential_set WHERE import_id = ? AND valid_from NOT IN (SELECT valid_from FROM item)').run(id);
    db.prepare('UPDATE referential_set SET import_id = NULL WHERE import_id = ?').run(id);
    result.deleted.structures = db.prepare('DELETE FROM structure WHERE import_id = ? AND code NOT IN (SELECT structure_code FROM audit)').run(id).changes;
    db.prepare('UPDATE structure SET import_id = NULL WHERE import_id = ?').run(id);
    db.prepare('DELETE FROM determinant WHERE code NOT IN (SELECT determinant FROM item)').run();
    db.prepare('DELETE FROM edition WHERE year NOT IN (SELECT DISTINCT edition FROM audit)').run();
    db.prepare(`UPDATE import SET status = 'undone', undone_at = ? WHERE id = ?`).run(undoneAt, id);
    if (overridden.length > 0) {
      db.prepare(`UPDATE import SET counts_json = json_set(counts_json, '$.overriddenCorrections', json(?)) WHERE id = ?`).run(JSON.stringify(overridden), id);
    }
    // Structures and referentials affect every edition's scores; results only their own editions.
    const editions = last.kind === 'results' ? [...touchedEditions] : [...new Set([...allEditions(db), ...touchedEditions])];
    refreshAggregates(db, { editions });
  })();
  return result;
}
