/**
 * What a workspace's schema holds. A workspace opened read-only below the latest migration lacks
 * the tables and triggers added since, and the code that uses them asks first.
 */
import type { Db } from './connection.js';

function hasSchemaObject(db: Db, type: 'table' | 'trigger', name: string): boolean {
  return db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').pluck().get(type, name) !== undefined;
}

export function hasTable(db: Db, name: string): boolean {
  return hasSchemaObject(db, 'table', name);
}

export function hasTrigger(db: Db, name: string): boolean {
  return hasSchemaObject(db, 'trigger', name);
}

export function hasColumn(db: Db, table: string, column: string): boolean {
  return db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').pluck().get(table, column) !== undefined;
}
