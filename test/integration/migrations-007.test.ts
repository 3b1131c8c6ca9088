/**
 * Migration 7 (audit entry and diagnostic benchmark): a workspace at version 4 gains the entry,
 * diagnostic and benchmark tables with its data intact; the tables enforce what they promise.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion } from '../../main/db/connection.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration007 } from '../../main/db/migrations/007-benchmark.js';
import { tempDir } from './helpers.js';

describe('migration 7: audit entry and diagnostic benchmark', () => {
  it('is registered after 4 and upgrades a workspace holding data', () => {
    expect(MIGRATIONS).toContain(migration007);
    expect(MIGRATIONS.map((m) => m.version)).toEqual([...MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b));
    const file = path.join(tempDir(), 'w.sqlite');
    const v4 = openWorkspace(file, { targetVersion: 4 });
    v4.exec(`
      INSERT INTO import(id, file_name, sha256, format, kind, layout, mapping_json, imported_at) VALUES (1, 'f', 'h', 'csv', 'results', 'long', '{}', 'now');
      INSERT INTO edition(year) VALUES (2026);
      INSERT INTO structure(code, name, category, sector, source) VALUES ('S1', 'Ville', 'region', 'public', 'results');
      INSERT INTO audit(id, edition, reference, structure_code, channel, audit_date, import_id) VALUES (1, 2026, 'A1', 'S1', 'email', '2026-03-15', 1);
    `);
    expect(v4.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_entry'`).pluck().get()).toBe(0);
    v4.close();

    const db = openWorkspace(file);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(7);
    expect(db.prepare('SELECT reference FROM audit').pluck().all()).toEqual(['A1']);
    for (const table of ['audit_entry', 'diagnostic_workspace', 'benchmark_import', 'benchmark_stat']) {
      expect(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`).pluck().get(table), table).toBe(1);
    }

    // The entry state goes with its audit; its status is one of two.
    db.prepare(`INSERT INTO audit_entry (audit_id, status, created_at, updated_at) VALUES (1, 'draft', 'now', 'now')`).run();
    expect(() => db.prepare(`UPDATE audit_entry SET status = 'fini' WHERE audit_id = 1`).run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM audit WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) FROM audit_entry').pluck().get()).toBe(0);

    // One diagnostic row at most; one benchmark per edition, its rows deleted with it.
    db.prepare(`INSERT INTO diagnostic_workspace (id, structure_code, created_at) VALUES (1, 'S1', 'now')`).run();
    expect(() => db.prepare(`INSERT INTO diagnostic_workspace (id, structure_code, created_at) VALUES (2, 'S2', 'now')`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO benchmark_import (id, edition, file_name, sha256, schema_version, exported_at, imported_at, disclosure_json) VALUES (1, 2026, 'b.json', 'h', 1, 'now', 'now', '{}')`).run();
    expect(() => db.prepare(`INSERT INTO benchmark_import (edition, file_name, sha256, schema_version, exported_at, imported_at, disclosure_json) VALUES (2026, 'c.json', 'h', 1, 'now', 'now', '{}')`).run()).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO benchmark_stat (benchmark_id, group_kind, group_code, level, key, n, mean) VALUES (1, 'category', 'region', 'overall', 'overall', 12, 61.5)`).run();
    expect(() => db.prepare(`INSERT INTO benchmark_stat (benchmark_id, group_kind, group_code, level, key, n) VALUES (1, 'structure', 'S9', 'overall', 'overall', 1)`).run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM benchmark_import WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) FROM benchmark_stat').pluck().get()).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
