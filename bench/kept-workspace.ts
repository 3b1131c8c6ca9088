/**
 * Whether a workspace a previous bench run kept in bench/out/ can be measured again as it is: only
 * at the schema version a new workspace gets today. An older one would be migrated on opening (a
 * backup copy left beside it, and after migration 014 every edition computed again on its first
 * read, inside the measures): the benches rebuild it instead.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION } from '../main/db/migrations/index.js';

export function keptAtCurrentSchema(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('user_version', { simple: true }) === LATEST_SCHEMA_VERSION;
  } finally {
    db.close();
  }
}
