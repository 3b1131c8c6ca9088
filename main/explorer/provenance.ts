/**
 * Where a row came from, for the Explorer's provenance columns and the evidence panel: the
 * import's file, sheet and date, and the row as the spreadsheet shows it, kept by migration 010
 * (audit_source) for the import a row currently carries. Without those tables
 * (a read-only workspace from before) the row is null and the file and date still show.
 */
import type { Db } from '../db/connection.js';
import { hasTable } from '../db/schema.js';

/** Whether migration 010 has run. */
export function hasProvenanceTables(db: Db): boolean {
  return hasTable(db, 'audit_source');
}

/** Columns and joins that add provenance to a query on observation `o` (its import: `o.import_id`). */
export function observationProvenanceSql(db: Db): { columns: string; joins: string } {
  const kept = hasProvenanceTables(db);
  return {
    // The observation's own line when the import listed it (long layout), else its audit's line.
    columns: `im.file_name AS sourceFile, im.sheet AS sourceSheet, ${kept ? 'COALESCE(osrc.item_rows ->> o.item_code, osrc.source_row)' : 'NULL'} AS sourceRow, im.imported_at AS importedAt`,
    joins: `LEFT JOIN import im ON im.id = o.import_id${kept ? ' LEFT JOIN audit_source osrc ON osrc.audit_id = o.audit_id AND osrc.import_id = o.import_id' : ''}`,
  };
}

/** The same for a query on audit `a`. */
export function auditProvenanceSql(db: Db): { columns: string; joins: string } {
  const kept = hasProvenanceTables(db);
  return {
    columns: `im.file_name AS sourceFile, im.sheet AS sourceSheet, ${kept ? 'asrc.source_row' : 'NULL'} AS sourceRow, im.imported_at AS importedAt`,
    joins: `LEFT JOIN import im ON im.id = a.import_id${kept ? ' LEFT JOIN audit_source asrc ON asrc.audit_id = a.id AND asrc.import_id = a.import_id' : ''}`,
  };
}
