/**
 * The explorer's paged queries on a real SQLite workspace filled with a few thousand rows by SQL:
 * every block matches the same slice of a plain reference query, filters and sorts agree with it,
 * pages never overlap or skip, sort columns are whitelisted, and user text stays a parameter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { auditsPage, countAudits } from '../../main/explorer/audits.js';
import { observationsPage } from '../../main/explorer/observations.js';
import { explorerFacets, findStructures } from '../../main/explorer/facets.js';
import { failedItems } from '../../main/explorer/failed-items.js';
import { tempWorkspace } from './helpers.js';
import { seedWorkspace, type SeedSummary } from './api-seed.js';

let db: Db;
let seed: SeedSummary;

beforeAll(() => {
  db = tempWorkspace().db;
  seed = seedWorkspace(db, { editions: [2022, 2023, 2024], structures: 30, itemsPerChannel: 5 });
});
afterAll(() => db.close());

/** Reference: every observation key in default order, computed the plain way. */
function referenceObservationKeys(where = '1', params: unknown[] = []): string[] {
  return (db.prepare(`SELECT o.audit_id || ':' || o.item_code FROM observation o JOIN audit a ON a.id = o.audit_id JOIN structure s ON s.code = a.structure_code WHERE ${where} ORDER BY o.audit_id, o.item_code`).pluck().all(...params) as string[]);
}

function pageAll<T>(fetch: (start: number, end: number) => { rows: T[]; lastRow: number }, size: number): T[] {
  const out: T[] = [];
  for (let start = 0; ; start += size) {
    const page = fetch(start, start + size);
    out.push(...page.rows);
    if (start + size >= page.lastRow) return out;
  }
}

describe('explorer paging', () => {
  it('has a few thousand observations to page through', () => {
    expect(seed.observations).toBeGreaterThan(3000);
  });

  it('pages observations in primary-key order: blocks tile the reference exactly', () => {
    const reference = referenceObservationKeys();
    const rows = pageAll((s, e) => observationsPage(db, { startRow: s, endRow: e }), 333);
    expect(rows.map((r) => `${r.auditId}:${r.itemCode}`)).toEqual(reference);
    const deep = observationsPage(db, { startRow: reference.length - 7, endRow: reference.length + 100 });
    expect(deep.rows).toHaveLength(7);
    expect(deep.lastRow).toBe(reference.length);
  });

  it('filters observations by edition, category, step and determinant like the reference query', () => {
    const step = 'acces';
    const expected = referenceObservationKeys(
      `a.edition = ? AND s.category = ? AND o.item_code IN (SELECT code FROM item WHERE step = ?)`, [2023, 'region', step]);
    expect(expected.length).toBeGreaterThan(0);
    const filters = { edition: 2023, category: 'region', step };
    const rows = pageAll((s, e) => observationsPage(db, { startRow: s, endRow: e, filters }), 50);
    expect(rows.map((r) => `${r.auditId}:${r.itemCode}`)).toEqual(expected);
    expect(rows.every((r) => r.step === step && r.edition === 2023 && r.category === 'region')).toBe(true);
    const det = observationsPage(db, { startRow: 0, endRow: 1000, filters: { determinant: 'courtoisie', channel: 'email' } });
    expect(det.rows.length).toBe(det.lastRow);
    expect(det.rows.every((r) => r.determinant === 'courtoisie' && r.channel === 'email')).toBe(true);
    expect(det.lastRow).toBe(referenceObservationKeys(`a.channel = 'email' AND o.item_code IN (SELECT code FROM item WHERE determinant = 'courtoisie')`).length);
  });

  it('sorts on whitelisted columns, NULLs last, with a unique tie-break so pages never overlap', () => {
    const sortModel = [{ colId: 'structureName', sort: 'desc' as const }, { colId: 'compliant', sort: 'asc' as const }];
    const rows = pageAll((s, e) => observationsPage(db, { startRow: s, endRow: e, sortModel, filters: { edition: 2024 } }), 97);
    const keys = rows.map((r) => `${r.auditId}:${r.itemCode}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(referenceObservationKeys('a.edition = 2024').length);
    for (let i = 1; i < rows.length; i += 1) {
      const a = rows[i - 1]!;
      const b = rows[i]!;
      expect(a.structureName >= b.structureName).toBe(true);
      if (a.structureName === b.structureName && a.compliant !== null && b.compliant !== null) expect(a.compliant <= b.compliant).toBe(true);
      if (a.structureName === b.structureName && a.compliant === null) expect(b.compliant).toBeNull();
    }
  });

  it('ignores sort columns that are not whitelisted (no SQL from the request)', () => {
    const evil = observationsPage(db, { startRow: 0, endRow: 20, sortModel: [{ colId: 'o.item_code; DROP TABLE audit; --', sort: 'asc' }] });
    expect(evil.rows.map((r) => `${r.auditId}:${r.itemCode}`)).toEqual(referenceObservationKeys().slice(0, 20));
    expect(db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(seed.audits);
  });

  it('pages audits with their observation counts, filtered and searched', () => {
    const all = pageAll((s, e) => auditsPage(db, { startRow: s, endRow: e }), 200);
    expect(all).toHaveLength(seed.audits);
    const sample = all[17]!;
    const counts = db.prepare(`SELECT COUNT(*) AS n, SUM(compliant = 1) AS c, SUM(compliant = 0) AS nc FROM observation WHERE audit_id = ?`).get(sample.id) as { n: number; c: number; nc: number };
    expect(sample.observations).toBe(counts.n);
    expect(sample.compliant).toBe(counts.c);
    expect(sample.nonCompliant).toBe(counts.nc);
    expect(sample.complianceRate).toBeCloseTo((100 * counts.c) / (counts.c + counts.nc), 10);

    const mairies = auditsPage(db, { startRow: 0, endRow: 1000, filters: { search: 'mairie', edition: 2022 } });
    expect(mairies.lastRow).toBe(db.prepare(`SELECT COUNT(*) FROM audit a JOIN structure s ON s.code = a.structure_code WHERE a.edition = 2022 AND s.name LIKE '%Mairie%'`).pluck().get());
    expect(mairies.rows.every((r) => r.structureName.includes('Mairie'))).toBe(true);
    // LIKE wildcards typed by the user are literal.
    expect(countAudits(db, { search: '%' })).toBe(0);
    expect(countAudits(db, { search: "'; DROP TABLE audit; --" })).toBe(0);

    const byDate = auditsPage(db, { startRow: 0, endRow: 50, sortModel: [{ colId: 'auditDate', sort: 'desc' }], filters: { structure: 'S0003' } });
    expect(byDate.lastRow).toBe(3 * 13);
    const dates = byDate.rows.map((r) => r.auditDate ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    const byStep = auditsPage(db, { startRow: 0, endRow: 1, filters: { item: seed.items[0]! } });
    expect(byStep.lastRow).toBe(db.prepare('SELECT COUNT(DISTINCT audit_id) FROM observation WHERE item_code = ?').pluck().get(seed.items[0]));
  });

  it('lists facets and structures for the filter dropdowns', () => {
    const facets = explorerFacets(db, { lang: 'fr' });
    expect(facets.editions).toEqual([2024, 2023, 2022]);
    expect(facets.channels.map((c) => c.value)).toContain('email');
    expect(facets.channels.find((c) => c.value === 'email')!.label).toBe('Courriel');
    expect(facets.determinants.map((d) => d.value).sort()).toEqual(['clarte', 'courtoisie', 'reactivite']);
    expect(facets.items).toHaveLength(seed.items.length);
    expect(facets.departements.map((d) => d.value)).toContain('2A');
    expect(explorerFacets(db, { lang: 'en' }).channels.find((c) => c.value === 'email')!.label).toBe('Email');
    const found = findStructures(db, { search: 'mairie', limit: 3 });
    expect(found).toHaveLength(3);
    expect(found.every((s) => s.name.includes('Mairie'))).toBe(true);
  });

  it('lists the items a structure failed most, with the audits behind each', () => {
    const items = failedItems(db, { code: 'S0004', edition: 2023, limit: 5 });
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      const expected = db.prepare(`SELECT SUM(o.compliant = 0) AS failed, SUM(o.compliant IS NOT NULL) AS applicable FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.structure_code = 'S0004' AND a.edition = 2023 AND o.item_code = ?`).get(item.item) as { failed: number; applicable: number };
      expect(item.failed).toBe(expected.failed);
      expect(item.applicable).toBe(expected.applicable);
      expect(item.audits).toHaveLength(Math.min(expected.failed, 50));
    }
    const rates = items.map((i) => i.failureRate);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
  });
});
