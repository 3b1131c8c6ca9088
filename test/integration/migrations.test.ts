import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion } from '../../main/db/connection.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../main/db/migrations/index.js';
import { AppError } from '../../shared/errors.js';
import { tempDir } from './helpers.js';

describe('workspace migrations', () => {
  it('numbers migrations 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('migration 1 creates every entity with WAL, foreign keys and FULL sync', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const db = openWorkspace(file, { targetVersion: 1 });
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    for (const table of ['edition', 'structure', 'category', 'channel', 'step', 'determinant', 'item', 'audit', 'observation', 'import', 'change_log', 'referential_set', 'mapping_preset']) {
      expect(tables).toContain(table);
    }
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM channel').pluck().get()).toBe(6);
    expect(db.prepare('SELECT COUNT(*) FROM step').pluck().get()).toBe(3);
    expect(db.prepare(`SELECT awards_winner FROM category WHERE code = 'panel-prive'`).pluck().get()).toBe(0);
    // Foreign keys are enforced: an audit of an unknown structure is refused.
    db.prepare(`INSERT INTO import(file_name, sha256, format, kind, layout, mapping_json, imported_at) VALUES ('f', 'h', 'csv', 'results', 'long', '{}', 'now')`).run();
    db.prepare('INSERT INTO edition(year) VALUES (2023)').run();
    expect(() => db.prepare(`INSERT INTO audit(edition, reference, structure_code, channel, import_id) VALUES (2023, 'A1', 'inconnue', 'email', 1)`).run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('migration 3 adds the explorer indexes to a version-2 workspace that holds data', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const v2 = openWorkspace(file, { targetVersion: 2 });
    v2.prepare(`INSERT INTO import(file_name, sha256, format, kind, layout, mapping_json, imported_at) VALUES ('f', 'h', 'csv', 'results', 'long', '{}', 'now')`).run();
    v2.prepare('INSERT INTO edition(year) VALUES (2023)').run();
    v2.prepare(`INSERT INTO structure(code, name, category, sector, source) VALUES ('S1', 'Ville', 'region', 'public', 'results')`).run();
    v2.prepare(`INSERT INTO audit(edition, reference, structure_code, channel, audit_date, import_id) VALUES (2023, 'A1', 'S1', 'email', '2023-09-15', 1)`).run();
    const indexesBefore = v2.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`).pluck().all();
    expect(indexesBefore).not.toContain('audit_date');
    v2.close();
    const db = openWorkspace(file, { targetVersion: 3 });
    expect(schemaVersion(db)).toBe(3);
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`).pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['audit_edition', 'audit_channel', 'audit_date', 'structure_category', 'structure_departement', 'structure_region', 'structure_name']));
    // The data survived and the date index serves the explorer's sort.
    expect(db.prepare('SELECT reference FROM audit').pluck().all()).toEqual(['A1']);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM audit ORDER BY audit_date').all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/audit_date/);
    db.close();
  });

  it('brings a workspace up to date and backs it up before migrating', () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.sqlite');
    openWorkspace(file, { targetVersion: 1 }).close();
    const extra = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'test', sql: 'CREATE TABLE test_extra(x INTEGER);' }];
    const db = openWorkspace(file, { migrations: extra });
    expect(schemaVersion(db)).toBe(extra.length);
    db.close();
    const backups = fs.readdirSync(dir).filter((f) => f.endsWith('.bak'));
    expect(backups.length).toBeGreaterThanOrEqual(1);
    const backup = new Database(path.join(dir, backups[backups.length - 1]!), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBeLessThan(extra.length);
    backup.close();
  });

  it('refuses a workspace made by a newer version, leaving it untouched', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    openWorkspace(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = fs.readFileSync(file);
    let error: unknown;
    try {
      openWorkspace(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('WORKSPACE_TOO_NEW');
    expect((error as AppError).message).toMatch(/version plus récente/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a workspace with a clear message', () => {
    const file = path.join(tempDir(), 'pas-une-base.sqlite');
    fs.writeFileSync(file, 'ceci est un texte, pas une base SQLite '.repeat(200));
    expect(() => openWorkspace(file)).toThrow(/n'est pas un espace de travail valide|Impossible d'ouvrir/);
  });
});
