/**
 * Migration 8 (labels held and readiness): a workspace of the previous schema gets the four tables
 * with its data intact; the constraints hold (source, rate between 0 and 100, labels deleted with
 * their structure); and the step is atomic.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion } from '../../main/db/connection.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration008 } from '../../main/db/migrations/008-labels.js';
import { tempDir } from './helpers.js';

const before008 = Math.max(...MIGRATIONS.filter((m) => m.version < 8).map((m) => m.version));

describe('migration 8: labels held and readiness', () => {
  it('is registered once, in order', () => {
    expect(MIGRATIONS.filter((m) => m.version === 8)).toEqual([migration008]);
    expect(MIGRATIONS.map((m) => m.version)).toEqual([...MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b));
  });

  it('adds its tables to a workspace of the previous schema, data intact, constraints enforced', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const old = openWorkspace(file, { targetVersion: before008 });
    old.exec(`INSERT INTO structure(code, name, category, sector, source) VALUES ('S1', 'Ville', 'region', 'public', 'structures');`);
    old.close();

    const db = openWorkspace(file);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(8);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('structure_label', 'label_requirement', 'structure_label_log', 'referential_edit') ORDER BY name`).pluck().all();
    expect(tables).toEqual(['label_requirement', 'referential_edit', 'structure_label', 'structure_label_log']);
    expect(db.prepare('SELECT name FROM structure').pluck().all()).toEqual(['Ville']);

    db.prepare(`INSERT INTO structure_label(structure_code, label, source) VALUES ('S1', 'Qualivilles', 'manual')`).run();
    expect(() => db.prepare(`INSERT INTO structure_label(structure_code, label, source) VALUES ('S1', 'Marianne', 'autre')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO structure_label(structure_code, label, source) VALUES ('INCONNUE', 'Marianne', 'manual')`).run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO label_requirement(label, required_rate, updated_at) VALUES ('Qualivilles', 120, 'now')`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO label_requirement(label, updated_at) VALUES ('Qualivilles', 'now')`).run();
    expect(db.prepare('SELECT required_rate FROM label_requirement').pluck().get()).toBe(100);
    // A structure's labels go with it.
    db.prepare(`DELETE FROM structure WHERE code = 'S1'`).run();
    expect(db.prepare('SELECT COUNT(*) FROM structure_label').pluck().get()).toBe(0);
    db.close();
  });

  it('is atomic: when the step fails, none of its tables stay', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    openWorkspace(file, { targetVersion: before008 }).close();
    const upTo8 = MIGRATIONS.filter((m) => m.version < 8);
    const failing = [...upTo8, { ...migration008, sql: `${migration008.sql}\nCREATE TABLE structure(x);` }];
    expect(() => openWorkspace(file, { migrations: failing })).toThrow();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(before008);
    expect(raw.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'structure_label'`).pluck().get()).toBe(0);
    raw.close();
  });
});
