/** Named column mappings saved from the Import view and reused for the next files of a source. */
import type { Db } from '../db/connection.js';
import type { ColumnMapping } from '../../shared/columns.js';

export interface MappingPreset {
  name: string;
  mapping: ColumnMapping;
  updatedAt: string;
}

export function listPresets(db: Db): MappingPreset[] {
  const rows = db.prepare('SELECT name, mapping_json, updated_at FROM mapping_preset ORDER BY name').all() as Array<{ name: string; mapping_json: string; updated_at: string }>;
  return rows.map((r) => ({ name: r.name, mapping: JSON.parse(r.mapping_json) as ColumnMapping, updatedAt: r.updated_at }));
}

export function savePreset(db: Db, name: string, mapping: ColumnMapping): MappingPreset {
  const updatedAt = new Date().toISOString();
  db.prepare('INSERT INTO mapping_preset(name, mapping_json, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET mapping_json = excluded.mapping_json, updated_at = excluded.updated_at').run(name, JSON.stringify(mapping), updatedAt);
  return { name, mapping, updatedAt };
}

export function deletePreset(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM mapping_preset WHERE name = ?').run(name).changes > 0;
}
