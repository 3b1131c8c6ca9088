/**
 * Migration 5 (structure search keys): a version-4 workspace holding structures is indexed on
 * migration, and the triggers keep the index in step with every later write (import, undo, plain
 * SQL), so the structure search folds accents, case and punctuation.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion, type Db } from '../../main/db/connection.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration005 } from '../../main/db/migrations/005-search-keys.js';
import { structureMatchQuery } from '../../main/explorer/structure-search.js';
import { tempDir } from './helpers.js';

function found(db: Db, text: string): string[] {
  const query = structureMatchQuery(text);
  if (query === null) return [];
  return db.prepare('SELECT code FROM structure_search WHERE structure_search MATCH ? ORDER BY code').pluck().all(query) as string[];
}

describe('migration 5: structure search keys', () => {
  it('is registered as version 5, right after the workspace marker', () => {
    expect(migration005.version).toBe(5);
    expect(MIGRATIONS[MIGRATIONS.indexOf(migration005) - 1]?.version).toBe(4);
  });

  it('indexes the structures a version-4 workspace already holds, then follows every write', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const v4 = openWorkspace(file, { targetVersion: 4 });
    v4.exec(`
      INSERT INTO structure(code, name, category, departement, region, sector, source) VALUES
        ('T-02', 'Témoin 02', 'region', '42', 'Auvergne-Rhône-Alpes', 'public', 'structures'),
        ('SR', 'Mairie de Saint-Rivozet', 'departement', '07', 'Auvergne-Rhône-Alpes', 'public', 'results'),
        ('CL', 'Communauté de communes Cœur de Loire', 'region', '58', 'Bourgogne-Franche-Comté', 'public', 'structures'),
        ('ZZ', 'ÉCOLE NATIONALE', 'region', NULL, NULL, 'public', 'structures');
    `);
    v4.close();

    const db = openWorkspace(file);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(5);
    expect(db.prepare('SELECT COUNT(*) FROM structure_search').pluck().get()).toBe(4);
    expect(found(db, 'temoin 02')).toEqual(['T-02']);
    expect(found(db, 'saint rivozet')).toEqual(['SR']);
    expect(found(db, 'SAINT-RIVOZ')).toEqual(['SR']);
    expect(found(db, 'coeur de loire')).toEqual(['CL']);
    expect(found(db, 'cœur')).toEqual(['CL']);
    expect(found(db, 'ecole')).toEqual(['ZZ']);
    expect(found(db, 't 02')).toEqual(['T-02']);
    expect(found(db, 'bourgogne')).toEqual(['CL']);
    expect(found(db, 'auvergne rhone')).toEqual(['SR', 'T-02']);
    // Every word must match: a word no structure has finds nothing.
    expect(found(db, 'temoin loire')).toEqual([]);

    // Writes after the migration: insert, rename, move, delete.
    db.prepare(`INSERT INTO structure(code, name, category, sector, source) VALUES ('N1', 'Préfecture de l''Hérault', 'region', 'public', 'structures')`).run();
    expect(found(db, 'prefecture herault')).toEqual(['N1']);
    db.prepare(`UPDATE structure SET name = 'Sous-préfecture de Béziers' WHERE code = 'N1'`).run();
    expect(found(db, 'herault')).toEqual([]);
    expect(found(db, 'beziers')).toEqual(['N1']);
    db.prepare(`UPDATE structure SET departement = '34' WHERE code = 'N1'`).run();
    expect(found(db, 'beziers 34')).toEqual(['N1']);
    // An update that changes nothing the index holds leaves it alone (and still finds the row once).
    db.prepare(`UPDATE structure SET population = 12 WHERE code = 'N1'`).run();
    expect(db.prepare(`SELECT COUNT(*) FROM structure_search WHERE code = 'N1'`).pluck().get()).toBe(1);
    db.prepare(`DELETE FROM structure WHERE code = 'N1'`).run();
    expect(found(db, 'beziers')).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM structure_search').pluck().get()).toBe(db.prepare('SELECT COUNT(*) FROM structure').pluck().get());
    // The index survives a VACUUM, which may renumber the structures' rowids.
    db.exec('VACUUM');
    expect(found(db, 'saint rivozet')).toEqual(['SR']);
    db.close();
  });

  it('a new workspace has the index from the start', () => {
    const db = openWorkspace(path.join(tempDir(), 'new.sqlite'));
    db.prepare(`INSERT INTO structure(code, name, category, sector, source) VALUES ('A', 'Hôtel de Ville d''Évreux', 'region', 'public', 'structures')`).run();
    expect(found(db, 'hotel ville evreux')).toEqual(['A']);
    db.close();
  });
});
