/**
 * Search as people type, on a real workspace file: the structure picker (`findStructures`) and the
 * Explorer's quick search (audits and observations) find accented, hyphenated names typed without
 * accents, capitals or punctuation, through the word index of migration 5, not by reading every
 * structure at each key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { openWorkspace } from '../../main/db/connection.js';
import { auditsPage, countAudits } from '../../main/explorer/audits.js';
import { countObservations, observationsPage } from '../../main/explorer/observations.js';
import { findStructures } from '../../main/explorer/facets.js';
import { structureMatchQuery } from '../../main/explorer/structure-search.js';
import { searchWords } from '../../shared/text.js';
import { seedWorkspace } from './api-seed.js';
import { tempWorkspace } from './helpers.js';

let db: Db;
let file: string;

const NAMED = [
  { code: 'T02', name: 'Témoin 02', departement: '42', region: 'Auvergne-Rhône-Alpes' },
  { code: 'SRV', name: 'Mairie de Saint-Rivozet', departement: '07', region: 'Auvergne-Rhône-Alpes' },
  { code: 'CDL', name: 'Communauté de communes Cœur de Loire', departement: '58', region: 'Bourgogne-Franche-Comté' },
  { code: 'EVX', name: "Hôtel d'Agglomération d'Évreux", departement: '27', region: 'Normandie' },
];

beforeAll(() => {
  ({ db, file } = tempWorkspace());
  seedWorkspace(db, { editions: [2023, 2024], structures: 12, auditsPerStructure: 2, itemsPerChannel: 2 });
  const insertStructure = db.prepare(`INSERT INTO structure(code, name, category, departement, region, sector, source, import_id) VALUES (?, ?, 'region', ?, ?, 'public', 'structures', 1)`);
  const insertAudit = db.prepare(`INSERT INTO audit(edition, reference, structure_code, channel, audit_date, import_id) VALUES (?, ?, ?, 'email', ?, 1)`);
  const insertObservation = db.prepare(`INSERT INTO observation(audit_id, item_code, compliant, raw, import_id) VALUES (?, 'EMA-01', 1, 'Oui', 1)`);
  for (const s of NAMED) {
    insertStructure.run(s.code, s.name, s.departement, s.region);
    // Every named structure audited in 2024; Évreux also in 2023.
    for (const year of s.code === 'EVX' ? [2023, 2024] : [2024]) {
      const id = insertAudit.run(year, `R-${s.code}-${year}`, s.code, `${year}-05-02`).lastInsertRowid;
      insertObservation.run(id);
    }
  }
});

afterAll(() => db.close());

const codes = (rows: Array<{ code: string }>): string[] => rows.map((r) => r.code);

describe('structure picker search', () => {
  it('finds accented and hyphenated names typed plainly', () => {
    expect(codes(findStructures(db, { search: 'temoin 02' }))).toEqual(['T02']);
    expect(codes(findStructures(db, { search: 'saint rivozet' }))).toEqual(['SRV']);
    expect(codes(findStructures(db, { search: 'SAINT-RIV' }))).toEqual(['SRV']);
    expect(codes(findStructures(db, { search: 'coeur de loire' }))).toEqual(['CDL']);
    expect(codes(findStructures(db, { search: "hotel d'agglo evreux" }))).toEqual(['EVX']);
    expect(codes(findStructures(db, { search: 'évreux' }))).toEqual(['EVX']);
    // By code, by département or région.
    expect(codes(findStructures(db, { search: 'srv' }))).toEqual(['SRV']);
    expect(codes(findStructures(db, { search: 'bourgogne' }))).toEqual(['CDL']);
    // Only punctuation: no word, no structure (not every structure).
    expect(findStructures(db, { search: '%' })).toEqual([]);
    expect(findStructures(db, { search: "'; DROP TABLE structure; --" })).toEqual([]);
  });

  it('lists name and code matches before place matches, narrowed to the edition', () => {
    // "normandie" is Évreux's région; seeded structures of département 27 carry it too.
    const normandie = findStructures(db, { search: 'normandie' });
    expect(normandie.length).toBeGreaterThan(1);
    expect(codes(findStructures(db, { search: 'agglo', edition: 2023 }))).toEqual(['EVX']);
    expect(codes(findStructures(db, { search: 'temoin', edition: 2023 }))).toEqual([]);
    // A name match comes before structures found through their région only.
    db.prepare(`UPDATE structure SET name = 'Normandie Tourisme' WHERE code = 'S0011'`).run();
    const first = findStructures(db, { search: 'normandie', limit: 50 })[0];
    expect(first?.code).toBe('S0011');
    expect(codes(findStructures(db, { search: 'normandie', limit: 1 }))).toEqual(['S0011']);
  });

  it('uses the word index, not a scan of the structures', () => {
    const query = structureMatchQuery('saint rivozet');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT code FROM structure WHERE code IN (SELECT code FROM structure_search WHERE structure_search MATCH ?)`).all(query) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/VIRTUAL TABLE INDEX/);
    expect(plan).not.toMatch(/SCAN structure\b/);
  });

  it('folds a name and the words typed for it the same way, for every structure', () => {
    const all = db.prepare('SELECT code, name FROM structure').all() as Array<{ code: string; name: string }>;
    for (const s of all) {
      const words = searchWords(s.name);
      expect(words.length).toBeGreaterThan(0);
      expect(codes(findStructures(db, { search: words.join(' '), limit: 500 }))).toContain(s.code);
    }
  });
});

describe('Explorer quick search', () => {
  it('finds the audits and observations of accented structures typed plainly', () => {
    const audits = auditsPage(db, { startRow: 0, endRow: 100, filters: { search: 'saint rivozet' } });
    expect(audits.rows.map((r) => r.reference)).toEqual(['R-SRV-2024']);
    expect(audits.lastRow).toBe(1);
    expect(countAudits(db, { search: 'evreux' })).toBe(2);
    expect(countAudits(db, { search: 'evreux', edition: 2023 })).toBe(1);
    const observations = observationsPage(db, { startRow: 0, endRow: 100, filters: { search: 'temoin 02' } });
    expect(observations.rows.map((r) => r.structureName)).toEqual(['Témoin 02']);
    expect(countObservations(db, { search: 'coeur' })).toBe(1);
    // The audit reference still matches as typed.
    expect(countAudits(db, { search: 'R-CDL' })).toBe(1);
  });
});

describe('a read-only workspace from before migration 5', () => {
  it('falls back to plain matching', () => {
    db.exec('DROP TABLE structure_search');
    const old = openWorkspace(file, { readonly: true });
    try {
      expect(codes(findStructures(old, { search: 'Saint-Rivozet' }))).toEqual(['SRV']);
      expect(countAudits(old, { search: 'Rivozet' })).toBe(1);
    } finally {
      old.close();
    }
  });
});
