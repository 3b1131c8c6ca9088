/**
 * The materialised aggregates stay exactly equal to a from-scratch computation: after an
 * import-like change, an undo-like deletion, a referential change and a structure moving category
 * (each followed by `refreshAggregates` as the import pipeline does), and on random datasets.
 * Two independent references: the plain-SQL aggregation (from-scratch.ts) and a full rebuild.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BASE_ITEMS, Fixture, handDataset } from './analytics-fixture.js';
import type { Answers } from './analytics-fixture.js';
import { readCache } from '../../main/analytics/cache-read.js';
import { allEditions, ensureAggregates, peerBenchmark, refreshAggregates, scoreRowsFromScratch } from '../../main/analytics/index.js';
import type { Db } from '../../main/db/connection.js';
import { PACKED_AUDIT_COLUMNS, feedPackedAudits } from '../../main/analytics/refresh.js';
import { F, editionLayout, type StructureAcc } from '../../main/analytics/edition-layout.js';

let fixtures: Fixture[] = [];
afterEach(() => {
  for (const f of fixtures) f.close();
  fixtures = [];
});
const track = (f: Fixture): Fixture => {
  fixtures.push(f);
  return f;
};

const key = (r: { structure: string; level: string; key: string }): string => `${r.structure}|${r.level}|${r.key}`;

/** The cache's sums, in the reference's shape, sorted. */
function cacheSums(db: Db, edition: number) {
  return readCache(db, { edition })
    .map((r) => ({ structure: r.structure, level: r.level, key: r.key, compliantWeight: r.compliantWeight, applicableWeight: r.applicableWeight, observations: r.observations, applicable: r.applicable, compliant: r.compliant, audits: r.audits }))
    .sort((a, b) => key(a).localeCompare(key(b)));
}

function scratchSums(db: Db, edition: number) {
  return scoreRowsFromScratch(db, edition).sort((a, b) => key(a).localeCompare(key(b)));
}

/** Every aggregate table's content for the given editions, as JSON-comparable rows. */
function dumpAggregates(db: Db) {
  const tables = ['score_cache', 'score_cache_item', 'score_stats', 'score_unscored_item'];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t}`).all().map((r) => JSON.stringify(r)).sort()]));
}

/** The aggregates a full rebuild from nothing gives. */
function rebuilt(db: Db) {
  const editions = allEditions(db);
  db.exec('DELETE FROM score_cache; DELETE FROM score_cache_item; DELETE FROM score_stats; DELETE FROM score_unscored_item; DELETE FROM score_cache_edition;');
  refreshAggregates(db, { editions });
  return dumpAggregates(db);
}

function expectConsistent(db: Db): void {
  for (const edition of allEditions(db)) expect(cacheSums(db, edition)).toEqual(scratchSums(db, edition));
  const current = dumpAggregates(db);
  expect(rebuilt(db)).toEqual(current);
}

describe('refreshAggregates keeps the cache exact', () => {
  it('matches the from-scratch computation after an import-like change and an undo-like deletion', () => {
    const f = track(handDataset());
    refreshAggregates(f.db, { editions: [2023] });
    expectConsistent(f.db);

    // Import 2 adds audits (one to A, a new structure D) and replaces an observation, in one transaction.
    const importId = f.newImport();
    f.db.transaction(() => {
      f.structure('D', 'ville-plus-50k');
      f.audit(2023, 'A', 'telephone', { 'TEL-01': 0, 'TEL-02': 1 }, importId, 'A4');
      f.audit(2023, 'D', 'email', { 'MEL-01': 1, 'MEL-02': 1, 'XXX-99': 1 }, importId, 'D1');
      f.db.prepare(`UPDATE observation SET compliant = 0, import_id = ? WHERE item_code = 'TEL-01' AND audit_id = (SELECT id FROM audit WHERE reference = 'B1')`).run(importId);
      refreshAggregates(f.db, { editions: [2023] });
    })();
    expectConsistent(f.db);
    // B lost its TEL-01 (weight 2): 7 − 2 = 5 over 7
    expect(readCache(f.db, { edition: 2023, structure: 'B', level: 'overall' })[0]?.compliantWeight).toBe(5);
    // D's unknown item is left out of the scores, and counted apart
    expect(f.db.prepare('SELECT observations FROM score_unscored_item WHERE item_code = ?').pluck().get('XXX-99')).toBe(1);

    // Undo import 2: delete what it created (observations cascade), restore B1's observation.
    f.db.transaction(() => {
      f.db.prepare('DELETE FROM audit WHERE import_id = ?').run(importId);
      f.db.prepare('DELETE FROM structure WHERE code = ?').run('D');
      f.db.prepare(`UPDATE observation SET compliant = 1, import_id = 1 WHERE item_code = 'TEL-01' AND audit_id = (SELECT id FROM audit WHERE reference = 'B1')`).run();
      refreshAggregates(f.db, { editions: [2023] });
    })();
    expectConsistent(f.db);
    expect(readCache(f.db, { edition: 2023, structure: 'B', level: 'overall' })[0]?.compliantWeight).toBe(7);
    expect(readCache(f.db, { edition: 2023, structure: 'D' })).toEqual([]);
  });

  it('follows a referential change (weights) and a structure moving to another category', () => {
    const f = track(handDataset());
    refreshAggregates(f.db, { editions: [2023] });
    f.db.prepare(`UPDATE item SET weight = 10 WHERE code = 'MEL-02'`).run();
    f.db.prepare(`UPDATE structure SET category = 'region' WHERE code = 'C'`).run();
    refreshAggregates(f.db, { editions: allEditions(f.db) });
    expectConsistent(f.db);
    // C is now E's only scored peer in "region": n = 1 and rank 1
    expect(peerBenchmark(f.db, { edition: 2023, structure: 'C', level: 'overall' })[0]).toMatchObject({ n: 1, rank: 1 });
  });

  it('computes an edition never refreshed on first read, and forgets a deleted edition', () => {
    const f = track(handDataset());
    expect(f.db.prepare('SELECT COUNT(*) FROM score_cache').pluck().get()).toBe(0);
    ensureAggregates(f.db, 2023);
    expectConsistent(f.db);
    f.db.exec('DELETE FROM audit; DELETE FROM edition;');
    refreshAggregates(f.db, { editions: [2023] });
    expect(f.db.prepare('SELECT COUNT(*) FROM score_cache').pluck().get()).toBe(0);
    expect(f.db.prepare('SELECT COUNT(*) FROM score_cache_edition').pluck().get()).toBe(0);
  });

  it('uses the item definitions in force for each edition', () => {
    const f = track(new Fixture());
    f.edition(2021).edition(2022).referential(0, BASE_ITEMS).referential(2022, BASE_ITEMS.map((it) => ({ ...it, weight: it.code === 'TEL-01' ? 5 : it.weight })));
    f.structure('A', 'ville-plus-50k');
    f.audit(2021, 'A', 'telephone', { 'TEL-01': 1, 'TEL-02': 0 });
    f.audit(2022, 'A', 'telephone', { 'TEL-01': 1, 'TEL-02': 0 });
    refreshAggregates(f.db, { editions: [2021, 2022] });
    // 2021: TEL-01 weight 2 → 2 / 3; 2022: weight 5 → 5 / 6
    expect(readCache(f.db, { edition: 2021, level: 'overall' })[0]).toMatchObject({ compliantWeight: 2, applicableWeight: 3 });
    expect(readCache(f.db, { edition: 2022, level: 'overall' })[0]).toMatchObject({ compliantWeight: 5, applicableWeight: 6 });
    expectConsistent(f.db);
  });

  it('equals the reference on random datasets, through random additions and deletions', () => {
    const answer = fc.constantFrom<1 | 0 | null>(1, 0, null);
    const auditArb = fc.record({
      structure: fc.constantFrom('A', 'B', 'C', 'P'),
      channel: fc.constantFrom('telephone', 'email'),
      answers: fc.tuple(answer, answer, fc.boolean()),
    });
    fc.assert(fc.property(fc.array(auditArb, { maxLength: 12 }), fc.array(auditArb, { maxLength: 6 }), (first, second) => {
      const f = new Fixture();
      try {
        f.edition(2023).referential(0, BASE_ITEMS);
        f.structure('A', 'ville-plus-50k').structure('B', 'ville-plus-50k').structure('C', 'region').structure('P', 'panel-prive');
        const add = (list: typeof first, importId: number): void => {
          for (const a of list) {
            const [x, y, partial] = a.answers;
            const items = a.channel === 'telephone' ? ['TEL-01', 'TEL-02'] : ['MEL-01', 'MEL-02'];
            const answers: Answers = partial ? { [items[0] as string]: x } : { [items[0] as string]: x, [items[1] as string]: y };
            f.audit(2023, a.structure, a.channel, answers, importId);
          }
        };
        add(first, 1);
        refreshAggregates(f.db, { editions: [2023] });
        expectConsistent(f.db);
        const second2 = f.newImport();
        add(second, second2);
        refreshAggregates(f.db, { editions: [2023] });
        expectConsistent(f.db);
        f.db.prepare('DELETE FROM audit WHERE import_id = ?').run(second2);
        refreshAggregates(f.db, { editions: [2023] });
        expectConsistent(f.db);
      } finally {
        f.close();
      }
    }), { numRuns: 15 });
  });
});

describe('the refresh adds up the upper levels from the items only when the weights sum exactly', () => {
  /** Every participant's sums after one pass of feedPackedAudits, with the layout's choice or with the observation-order path. */
  function feed(db: Db, edition: number, byItems: boolean): Record<string, number[]> {
    const layout = editionLayout(db, edition);
    const structures = new Map<string, StructureAcc>();
    for (const code of db.prepare('SELECT DISTINCT structure_code FROM audit WHERE edition = ?').pluck().all(edition) as string[]) {
      structures.set(code, { code, category: '', sector: '', sums: new Float64Array(layout.slots.length * F), lastAudit: new Float64Array(layout.slots.length).fill(Number.NaN) });
    }
    const rows = db.prepare(`SELECT ${PACKED_AUDIT_COLUMNS} FROM audit a JOIN observation o ON o.audit_id = a.id WHERE a.edition = ? GROUP BY a.id`).raw(true).all(edition) as Array<[string, number, string, string]>;
    feedPackedAudits(db, { ...layout, weightsSumExactly: byItems && layout.weightsSumExactly }, rows, structures, () => {});
    return Object.fromEntries([...structures].map(([code, acc]) => [code, [...acc.sums]]));
  }

  const answer = fc.constantFrom<1 | 0 | null>(1, 0, null);
  const auditsArb = fc.array(fc.record({ structure: fc.constantFrom('A', 'B', 'C'), channel: fc.constantFrom('telephone', 'email'), answers: fc.tuple(answer, answer, fc.boolean()) }), { minLength: 1, maxLength: 14 });
  const build = (weights: Record<string, number>, audits: Array<{ structure: string; channel: string; answers: [1 | 0 | null, 1 | 0 | null, boolean] }>): Fixture => {
    const f = new Fixture();
    f.edition(2023).referential(0, BASE_ITEMS.map((it) => ({ ...it, weight: weights[it.code] ?? it.weight })));
    f.structure('A', 'ville-plus-50k').structure('B', 'ville-plus-50k').structure('C', 'region');
    for (const a of audits) {
      const [x, y, partial] = a.answers;
      const items = a.channel === 'telephone' ? ['TEL-01', 'TEL-02'] : ['MEL-01', 'MEL-02'];
      f.audit(2023, a.structure, a.channel, partial ? { [items[0] as string]: x } : { [items[0] as string]: x, [items[1] as string]: y }, 1);
    }
    return f;
  };

  it('gives every sum bit for bit as the observation-order path with weights in 1/1024ths', () => {
    fc.assert(fc.property(auditsArb, fc.constantFrom(0.5, 1.25, 3, 0.0009765625), (audits, w) => {
      const f = build({ 'TEL-01': w, 'MEL-02': 2.75 }, audits);
      try {
        expect(editionLayout(f.db, 2023).weightsSumExactly).toBe(true);
        expect(feed(f.db, 2023, true)).toEqual(feed(f.db, 2023, false));
      } finally {
        f.close();
      }
    }), { numRuns: 25 });
  });

  it('keeps the observation order with weights that do not sum exactly (0,1 + 0,2 ≠ 0,3)', () => {
    fc.assert(fc.property(auditsArb, (audits) => {
      const f = build({ 'TEL-01': 0.1, 'TEL-02': 0.2, 'MEL-01': 0.7 }, audits);
      try {
        expect(editionLayout(f.db, 2023).weightsSumExactly).toBe(false);
        expect(feed(f.db, 2023, true)).toEqual(feed(f.db, 2023, false));
        refreshAggregates(f.db, { editions: [2023] });
        const cached = cacheSums(f.db, 2023);
        const scratch = scratchSums(f.db, 2023);
        expect(cached.map(key)).toEqual(scratch.map(key));
        cached.forEach((row, i) => {
          const reference = scratch[i] as typeof row;
          expect({ ...row, compliantWeight: 0, applicableWeight: 0 }).toEqual({ ...reference, compliantWeight: 0, applicableWeight: 0 });
          expect(row.compliantWeight).toBeCloseTo(reference.compliantWeight, 12);
          expect(row.applicableWeight).toBeCloseTo(reference.applicableWeight, 12);
        });
        const current = dumpAggregates(f.db);
        expect(rebuilt(f.db)).toEqual(current);
      } finally {
        f.close();
      }
    }), { numRuns: 15 });
  });
});
