/**
 * Migration 6 (observation corrections): the shared history table exactly as other modules read
 * it, its before-images, on a workspace that already holds data.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion } from '../../main/db/connection.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration006 } from '../../main/db/migrations/006-corrections.js';
import { tempDir } from './helpers.js';

describe('migration 6: observation corrections', () => {
  it('is registered in order', () => {
    expect(MIGRATIONS).toContain(migration006);
    const versions = MIGRATIONS.map((m) => m.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });

  it('adds the shared history table to a version-4 workspace with data, which keeps its data', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const v4 = openWorkspace(file, { targetVersion: 4 });
    v4.exec(`
      INSERT INTO import(id, file_name, sha256, format, kind, layout, mapping_json, imported_at) VALUES (1, 'f', 'h', 'csv', 'results', 'long', '{}', 'now');
      INSERT INTO edition(year) VALUES (2023);
      INSERT INTO structure(code, name, category, sector, source) VALUES ('S1', 'Ville', 'region', 'public', 'results');
      INSERT INTO audit(id, edition, reference, structure_code, channel, import_id) VALUES (7, 2023, 'A1', 'S1', 'email', 1);
      INSERT INTO observation(audit_id, item_code, compliant, import_id) VALUES (7, 'MEL-02', 1, 1);
    `);
    v4.close();

    const db = openWorkspace(file);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(6);
    const columns = db.prepare('SELECT name, type, "notnull" AS required, pk FROM pragma_table_info(?) ORDER BY cid').all('observation_correction');
    expect(columns).toEqual([
      { name: 'id', type: 'INTEGER', required: 0, pk: 1 },
      { name: 'audit_id', type: 'INTEGER', required: 1, pk: 0 },
      { name: 'item_code', type: 'TEXT', required: 1, pk: 0 },
      { name: 'field', type: 'TEXT', required: 1, pk: 0 },
      { name: 'before_value', type: 'TEXT', required: 0, pk: 0 },
      { name: 'after_value', type: 'TEXT', required: 0, pk: 0 },
      { name: 'reason', type: 'TEXT', required: 1, pk: 0 },
      { name: 'user_name', type: 'TEXT', required: 1, pk: 0 },
      { name: 'corrected_at', type: 'TEXT', required: 1, pk: 0 },
      { name: 'session_id', type: 'TEXT', required: 1, pk: 0 },
      { name: 'undone_at', type: 'TEXT', required: 0, pk: 0 },
    ]);
    const indexed = db.prepare(`SELECT group_concat(ii.name) FROM pragma_index_list('observation_correction') il, pragma_index_info(il.name) ii GROUP BY il.name`).pluck().all();
    expect(indexed).toContain('audit_id,item_code');
    expect(db.prepare('SELECT item_code FROM observation').pluck().all()).toEqual(['MEL-02']);

    const insert = db.prepare(`INSERT INTO observation_correction (audit_id, item_code, field, before_value, after_value, reason, user_name, corrected_at, session_id)
      VALUES (7, 'MEL-02', ?, 'Conforme', 'Non conforme', 'motif', 'ana', '2026-12-06T22:00:00Z', 's1')`);
    expect(() => insert.run('compliant')).toThrow(/CHECK/);
    const id = Number(insert.run('answer').lastInsertRowid);
    db.prepare(`INSERT INTO observation_correction_before (correction_id, change_id, compliant, raw) VALUES (?, ?, 1, 'Oui')`).run(id, id);
    // An audit that goes (its import undone) takes its corrections and their before-images with it.
    db.exec('DELETE FROM observation; DELETE FROM audit WHERE id = 7;');
    expect(db.prepare('SELECT COUNT(*) FROM observation_correction').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM observation_correction_before').pluck().get()).toBe(0);
    db.close();
  });
});
