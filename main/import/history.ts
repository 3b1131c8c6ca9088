/**
 * The import history: listing what was loaded, and undoing the most recent active import by
 * restoring the before-images it logged and deleting the rows it created. One transaction.
 */
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import type { ImportRecord, UndoResult } from '../../shared/import-types.js';
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
    counts: JSON.parse(row.counts_json) as ImportRecord['counts'],
    status: row.status,
    undoneAt: row.undone_at,
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

export function undoLastImport(db: Db): UndoResult {
  const last = db.prepare(`SELECT * FROM import WHERE status = 'active' ORDER BY id DESC LIMIT 1`).get() as ImportRow | undefined;
  if (!last) throw AppError.keyed('NOTHING_TO_UNDO', 'import.nothingToUndo');
  const id = last.id;
  const result: UndoResult = {
    importId: id,
    fileName: last.file_name,
    restored: { audits: 0, observations: 0, structures: 0, items: 0 },
    deleted: { audits: 0, observations: 0, structures: 0, items: 0 },
  };
  const touchedEditions = new Set<number>(db.prepare('SELECT DISTINCT edition FROM audit WHERE import_id = ?').pluck().all(id) as number[]);
  db.transaction(() => {
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
    db.prepare(`UPDATE import SET status = 'undone', undone_at = ? WHERE id = ?`).run(new Date().toISOString(), id);
    // Structures and referentials affect every edition's scores; results only their own editions.
    const editions = last.kind === 'results' ? [...touchedEditions] : [...new Set([...allEditions(db), ...touchedEditions])];
    refreshAggregates(db, { editions });
  })();
  return result;
}
