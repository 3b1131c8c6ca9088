/**
 * Migration 4 (workspace marker): a workspace made by migrations 1–3 has no application_id; it is
 * recognised by its tables, backed up, then marked (application_id + workspace_marker) with its
 * data intact, atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion } from '../../main/db/connection.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration004 } from '../../main/db/migrations/004-workspace-marker.js';
import { APPLICATION_ID } from '../../main/db/workspace-identity.js';
import { tempDir } from './helpers.js';

describe('migration 4: workspace marker', () => {
  it('writes the application id the identity check expects (the literal is frozen in the migration)', () => {
    const literal = /PRAGMA application_id = (\d+);/.exec(migration004.sql)?.[1];
    expect(Number(literal)).toBe(APPLICATION_ID);
    expect(Buffer.from(APPLICATION_ID.toString(16), 'hex').toString('latin1')).toBe('BEC1');
    expect(MIGRATIONS[3]).toBe(migration004);
  });

  it('marks a version-3 workspace that holds data, after a backup, and keeps the data', () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.sqlite');
    const v3 = openWorkspace(file, { targetVersion: 3 });
    v3.exec(`
      INSERT INTO import(id, file_name, sha256, format, kind, layout, mapping_json, imported_at) VALUES (1, 'f', 'h', 'csv', 'results', 'long', '{}', 'now');
      INSERT INTO edition(year) VALUES (2023);
      INSERT INTO structure(code, name, category, sector, source) VALUES ('S1', 'Ville', 'region', 'public', 'results');
      INSERT INTO audit(edition, reference, structure_code, channel, audit_date, import_id) VALUES (2023, 'A1', 'S1', 'email', '2023-09-15', 1);
    `);
    expect(v3.pragma('application_id', { simple: true })).toBe(0);
    v3.close();

    const db = openWorkspace(file);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.prepare('SELECT id, application FROM workspace_marker').all()).toEqual([{ id: 1, application: 'Baromètre Expérience Citoyen' }]);
    expect(db.prepare('SELECT reference FROM audit').pluck().all()).toEqual(['A1']);
    // One marker row, ever.
    expect(() => db.prepare(`INSERT INTO workspace_marker(id, application, marked_at) VALUES (2, 'x', 'now')`).run()).toThrow(/CHECK/);
    db.close();

    // The header itself carries the id once checkpointed: tools reading the file see it.
    expect(fs.readFileSync(file).readInt32BE(68)).toBe(APPLICATION_ID);
    const backups = fs.readdirSync(dir).filter((f) => /^w\.sqlite\.v3-.*\.bak$/.test(f));
    expect(backups).toHaveLength(1);
    const backup = new Database(path.join(dir, backups[0]!), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(3);
    expect(backup.pragma('application_id', { simple: true })).toBe(0);
    backup.close();

    // Reopened: recognised by its application id, nothing more to do, no new backup.
    openWorkspace(file).close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
  });

  it('a new workspace is marked from the start', () => {
    const db = openWorkspace(path.join(tempDir(), 'neuf.sqlite'));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.prepare('SELECT COUNT(*) FROM workspace_marker').pluck().get()).toBe(1);
    db.close();
  });

  it('is atomic: when the step fails, neither the id nor the marker table stay', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    openWorkspace(file, { targetVersion: 3 }).close();
    const failing = [...MIGRATIONS.slice(0, 3), { ...migration004, sql: `${migration004.sql}\nCREATE TABLE audit(x);` }];
    expect(() => openWorkspace(file, { migrations: failing })).toThrow(/n'est pas un espace de travail valide/);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(3);
    expect(raw.pragma('application_id', { simple: true })).toBe(0);
    expect(raw.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'workspace_marker'`).pluck().get()).toBe(0);
    raw.close();
  });
});
