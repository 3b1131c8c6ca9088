/**
 * The incremental refresh (main/analytics/refresh-incremental.ts) leaves every aggregate table
 * exactly as the full refresh would: after each change, the tables written incrementally are
 * dumped, the edition is refreshed in full, and the two dumps must be equal (score_column blobs
 * compared byte for byte; only score_cache_edition's time stamp is left out). Each case also
 * asserts which path ran, so a silent fallback to the full refresh cannot pass for the shortcut.
 * Workspace: 48 structures in 4 categories (one in the private panel), 2 editions, 12 items of
 * weights 0.5 to 3, answers from a fixed pseudo-random sequence.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Fixture, type ItemDef } from './analytics-fixture.js';
import type { Db } from '../../main/db/connection.js';
import { refreshAggregates } from '../../main/analytics/refresh.js';
import { readCache } from '../../main/analytics/cache-read.js';
import { adjustSorted, refreshTouched } from '../../main/analytics/refresh-incremental.js';
import { correctObservation, undoCorrection } from '../../main/corrections/index.js';
import path from 'node:path';
import { importFiles, undoLastImport } from '../../main/import/index.js';
import { writeCsv, type Row } from '../fixtures/small-barometer.js';
import { LONG_HEADER } from '../fixtures/small-barometer.js';

const ITEMS: ItemDef[] = [
  ...['01', '02', '03', '04', '05', '06'].map((n, i) => ({ code: `TEL-${n}`, channel: 'telephone', step: ['acces', 'traitement', 'information'][i % 3] as string, determinant: ['accessibilite', 'fiabilite', 'courtoisie'][i % 3] as string, weight: [1, 2, 0.5][i % 3] as number })),
  ...['01', '02', '03', '04', '05', '06'].map((n, i) => ({ code: `MEL-${n}`, channel: 'email', step: ['acces', 'traitement', 'information'][i % 3] as string, determinant: ['reactivite', 'fiabilite', 'courtoisie'][i % 3] as string, weight: [3, 1, 1.5][i % 3] as number })),
];
const CATEGORIES = ['ville-moins-20k', 'ville-plus-50k', 'region', 'panel-prive'];
const EDITION = 2024;

let f: Fixture;
let db: Db;
let seed = 12345;
/** A fixed sequence (LCG): the same workspace on every run. */
const next = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const answer = (): 1 | 0 | null => {
  const r = next();
  return r < 0.1 ? null : r < 0.65 ? 1 : 0;
};
function auditOf(edition: number, structure: string, channel: 'telephone' | 'email', importId = 1, reference?: string): number {
  const items = ITEMS.filter((i) => i.channel === channel);
  return f.audit(edition, structure, channel, Object.fromEntries(items.map((i) => [i.code, answer()])), importId, reference);
}

beforeEach(() => {
  seed = 12345;
  f = new Fixture();
  db = f.db;
  f.edition(2023).edition(EDITION).referential(0, ITEMS);
  db.transaction(() => {
    for (let s = 0; s < 48; s += 1) f.structure(`S${String(s).padStart(2, '0')}`, CATEGORIES[s % 4] as string);
    for (const edition of [2023, EDITION]) {
      for (let s = 0; s < 48; s += 1) {
        const code = `S${String(s).padStart(2, '0')}`;
        auditOf(edition, code, 'telephone', 1, `${code}-${edition}-T1`);
        auditOf(edition, code, 'email', 1, `${code}-${edition}-M1`);
        if (s % 3 === 0) auditOf(edition, code, 'telephone', 1, `${code}-${edition}-T2`);
      }
    }
  })();
  refreshAggregates(db, { editions: [2023, EDITION] });
});
afterEach(() => f.close());

/** Every table the refresh writes, for one edition, in key order (the refresh time left out). */
function aggregates(edition: number): Record<string, unknown[]> {
  const all = (sql: string): unknown[] => db.prepare(sql).all(edition);
  return {
    score_cache: all('SELECT * FROM score_cache WHERE edition = ? ORDER BY structure_code, level, key'),
    score_cache_item: all('SELECT * FROM score_cache_item WHERE edition = ? ORDER BY structure_code'),
    score_stats: all('SELECT * FROM score_stats WHERE edition = ? ORDER BY group_kind, group_code, level, key'),
    score_unscored_item: all('SELECT * FROM score_unscored_item WHERE edition = ? ORDER BY item_code'),
    score_cache_edition: all('SELECT edition, structures, observations FROM score_cache_edition WHERE edition = ?'),
    score_matrix: all('SELECT * FROM score_matrix WHERE edition = ? ORDER BY level'),
    score_column: all('SELECT level, key, hex(scores) AS scores FROM score_column WHERE edition = ? ORDER BY level, key'),
    score_member: all('SELECT * FROM score_member WHERE edition = ? ORDER BY structure_code'),
  };
}

/** The incremental result, then the full refresh's, of the current data. */
function incrementalThenFull(structures: string[], edition = EDITION, maxWorkShare?: number): { path: string; incremental: Record<string, unknown[]>; full: Record<string, unknown[]>; other: boolean } {
  const otherBefore = aggregates(2023);
  const path = refreshTouched(db, { edition, structures, ...(maxWorkShare === undefined ? {} : { maxWorkShare }) });
  const incremental = aggregates(edition);
  refreshAggregates(db, { editions: [edition] });
  return { path, incremental, full: aggregates(edition), other: JSON.stringify(aggregates(2023)) === JSON.stringify(otherBefore) };
}

/** The edition's aggregates recomputed from nothing: every row deleted, then the full refresh. */
function fromScratch(edition: number): Record<string, unknown[]> {
  const current = aggregates(edition);
  db.transaction(() => {
    for (const table of ['score_cache', 'score_cache_item', 'score_stats', 'score_unscored_item', 'score_matrix', 'score_column', 'score_member', 'score_cache_edition']) {
      db.prepare(`DELETE FROM ${table} WHERE edition = ?`).run(edition);
    }
    refreshAggregates(db, { editions: [edition] });
  })();
  const rebuilt = aggregates(edition);
  expect(rebuilt.score_cache?.length).toBe(current.score_cache?.length);
  return rebuilt;
}

const overall = (structure: string): number | null =>
  db.prepare(`SELECT score FROM score_cache WHERE edition = ? AND structure_code = ? AND level = 'overall'`).pluck().get(EDITION, structure) as number | null;

describe('incremental refresh equals the full refresh', () => {
  it('one corrected observation (through correctObservation), then its undo', () => {
    const before = aggregates(EDITION);
    const scoreBefore = overall('S05');
    const compliant = db.prepare(`SELECT compliant FROM observation WHERE audit_id = (SELECT id FROM audit WHERE reference = 'S05-2024-T1') AND item_code = 'TEL-02'`).pluck().get() as number | null;
    const result = correctObservation(db, { edition: EDITION, auditReference: 'S05-2024-T1', itemCode: 'TEL-02', answer: compliant === 1 ? 'Non' : 'Oui', reason: 'test', userName: 'A', sessionId: 's' });
    expect(overall('S05')).not.toBe(scoreBefore);
    const corrected = aggregates(EDITION);
    refreshAggregates(db, { editions: [EDITION] });
    expect(corrected).toEqual(aggregates(EDITION));

    undoCorrection(db, result.entries[0]?.id as number);
    const undone = aggregates(EDITION);
    refreshAggregates(db, { editions: [EDITION] });
    expect(undone).toEqual(aggregates(EDITION));
    expect(undone).toEqual(before);
  });

  it('one corrected observation: the incremental path runs and equals the full refresh', () => {
    db.prepare(`UPDATE observation SET compliant = 1 - coalesce(compliant, 0) WHERE audit_id = (SELECT id FROM audit WHERE reference = 'S10-2024-M1') AND item_code = 'MEL-01'`).run();
    const r = incrementalThenFull(['S10']);
    expect(r.path).toBe('incremental');
    expect(r.incremental).toEqual(r.full);
    expect(r.other).toBe(true);
  });

  it('a new audit of a participating structure', () => {
    auditOf(EDITION, 'S07', 'email', 1, 'S07-2024-M2');
    const r = incrementalThenFull(['S07']);
    expect(r.path).toBe('incremental');
    expect(r.incremental).toEqual(r.full);
  });

  it('a change touching 3 structures in 2 categories (as an import does)', () => {
    // S01, S05: ville-plus-50k; S02: region.
    const importId = f.newImport();
    auditOf(EDITION, 'S01', 'telephone', importId, 'S01-2024-T9');
    db.prepare(`UPDATE observation SET compliant = NULL, import_id = ? WHERE audit_id = (SELECT id FROM audit WHERE reference = 'S05-2024-M1') AND item_code = 'MEL-03'`).run(importId);
    db.prepare(`DELETE FROM observation WHERE audit_id = (SELECT id FROM audit WHERE reference = 'S02-2024-T1') AND item_code = 'TEL-04'`).run();
    // On 48 structures a change this size passes the work threshold: the shortcut is forced.
    const r = incrementalThenFull(['S01', 'S05', 'S02'], EDITION, 1);
    expect(r.path).toBe('incremental');
    expect(r.incremental).toEqual(r.full);
  });

  it('an import of a results file touching 3 structures in 2 categories, then its undo', () => {
    const before = aggregates(EDITION);
    const rows: Row[] = [];
    const flipped = (code: string, reference: string, channel: 'telephone' | 'email'): void => {
      const answers = db.prepare('SELECT item_code, compliant FROM observation WHERE audit_id = (SELECT id FROM audit WHERE reference = ?) ORDER BY item_code').raw(true).all(reference) as Array<[string, number | null]>;
      answers.forEach(([item, compliant], k) => {
        const now = k < 2 ? (compliant === 1 ? 0 : 1) : compliant;
        rows.push([EDITION, code, `Structure ${code}`, reference, '12/03/2024', channel === 'telephone' ? 'Téléphone' : 'Courriel', item, now === null ? 'NA' : now === 1 ? 'Oui' : 'Non', null]);
      });
    };
    flipped('S01', 'S01-2024-T1', 'telephone'); // ville-plus-50k
    flipped('S05', 'S05-2024-M1', 'email'); // ville-plus-50k
    flipped('S02', 'S02-2024-T1', 'telephone'); // region
    const file = writeCsv(path.join(f.dir, 'corrige.csv'), LONG_HEADER, rows);
    const [report] = importFiles(db, { files: [file] }, { backup: false }).files;
    expect(report).toMatchObject({ status: 'imported', observations: { changed: 6 } });
    const imported = aggregates(EDITION);
    expect(imported).not.toEqual(before);
    refreshAggregates(db, { editions: [EDITION] });
    expect(imported).toEqual(aggregates(EDITION));

    undoLastImport(db);
    expect(aggregates(EDITION)).toEqual(before);
  });

  it('a structure changing category (and sector): the shortcut by default, back and there again', () => {
    db.prepare(`UPDATE structure SET category = 'panel-prive', sector = 'prive' WHERE code = 'S04'`).run();
    // Two categories of 12 among 48 structures: 54 % of the ranks, under MAX_WORK_SHARE.
    const there = incrementalThenFull(['S04']);
    expect(there.path).toBe('incremental');
    expect(there.incremental).toEqual(there.full);
    db.prepare(`UPDATE structure SET category = 'ville-moins-20k', sector = 'public' WHERE code = 'S04'`).run();
    expect(incrementalThenFull(['S04']).path).toBe('incremental');
    db.prepare(`UPDATE structure SET category = 'panel-prive', sector = 'prive' WHERE code = 'S04'`).run();
    const r = incrementalThenFull(['S04']);
    expect(r.path).toBe('incremental');
    expect(r.incremental).toEqual(r.full);
    expect(r.other).toBe(true);
    expect(db.prepare(`SELECT category FROM score_member WHERE edition = ? AND structure_code = 'S04'`).pluck().get(EDITION)).toBe('panel-prive');
  });

  it('a structure changing category within its sector, then one changing sector only: every table equals a refresh from scratch', () => {
    const rankOf = (code: string): unknown => readCache(db, { edition: EDITION, structure: code, level: 'overall' })[0]?.rank;
    const before = JSON.stringify(aggregates(EDITION));
    // S00: ville-moins-20k → region (both public): its scores stay, both categories are re-ranked.
    db.prepare(`UPDATE structure SET category = 'region' WHERE code = 'S00'`).run();
    expect(refreshTouched(db, { edition: EDITION, structures: ['S00'] })).toBe('incremental');
    const moved = aggregates(EDITION);
    expect(moved).toEqual(fromScratch(EDITION));
    expect(JSON.stringify(moved)).not.toBe(before);
    expect(moved.score_member).toContainEqual({ edition: EDITION, structure_code: 'S00', category: 'region', sector: 'public' });
    // Its sector's and the edition's rows did not move.
    const groupRows = (kind: string, all: Record<string, unknown[]>): unknown[] => all.score_stats?.filter((r) => (r as { group_kind: string }).group_kind === kind) ?? [];
    const original = JSON.parse(before) as Record<string, unknown[]>;
    expect(groupRows('sector', moved)).toEqual(groupRows('sector', original));
    expect(groupRows('edition', moved)).toEqual(groupRows('edition', original));

    // S08 (ville-moins-20k) declared private: only the two sectors change, no rank.
    const rank = rankOf('S08');
    expect(rank).toBeTypeOf('number');
    db.prepare(`UPDATE structure SET sector = 'prive' WHERE code = 'S08'`).run();
    expect(refreshTouched(db, { edition: EDITION, structures: ['S08'] })).toBe('incremental');
    const sectorMoved = aggregates(EDITION);
    expect(sectorMoved).toEqual(fromScratch(EDITION));
    expect(groupRows('sector', sectorMoved)).not.toEqual(groupRows('sector', moved));
    expect(groupRows('category', sectorMoved)).toEqual(groupRows('category', moved));
    expect(rankOf('S08')).toBe(rank);
  });

  it('a move together with a changed observation, and two structures crossing categories', () => {
    db.prepare(`UPDATE structure SET category = 'ville-moins-20k' WHERE code = 'S01'`).run();
    db.prepare(`UPDATE observation SET compliant = 1 - coalesce(compliant, 0) WHERE audit_id = (SELECT id FROM audit WHERE reference = 'S01-2024-T1') AND item_code = 'TEL-03'`).run();
    db.prepare(`UPDATE structure SET category = 'ville-plus-50k' WHERE code = 'S02'`).run();
    // Three categories re-ranked at every slot: above MAX_WORK_SHARE on 48 structures, so forced.
    expect(refreshTouched(db, { edition: EDITION, structures: ['S01', 'S02'] })).toBe('full');
    db.prepare(`UPDATE structure SET category = 'region' WHERE code = 'S01'`).run();
    db.prepare(`UPDATE structure SET category = 'ville-plus-50k' WHERE code = 'S02'`).run();
    db.prepare(`UPDATE observation SET compliant = NULL WHERE audit_id = (SELECT id FROM audit WHERE reference = 'S02-2024-M1') AND item_code = 'MEL-02'`).run();
    expect(refreshTouched(db, { edition: EDITION, structures: ['S01', 'S02'], maxWorkShare: 1 })).toBe('incremental');
    expect(aggregates(EDITION)).toEqual(fromScratch(EDITION));
    // Back where they were, in one refresh.
    db.prepare(`UPDATE structure SET category = 'ville-plus-50k' WHERE code = 'S01'`).run();
    db.prepare(`UPDATE structure SET category = 'region' WHERE code = 'S02'`).run();
    expect(refreshTouched(db, { edition: EDITION, structures: ['S02', 'S01'], maxWorkShare: 1 })).toBe('incremental');
    expect(aggregates(EDITION)).toEqual(fromScratch(EDITION));
  });

  it('moves of every category at once still take the full refresh', () => {
    db.prepare(`UPDATE structure SET category = 'region' WHERE code IN ('S00', 'S01')`).run();
    db.prepare(`UPDATE structure SET category = 'ville-moins-20k' WHERE code IN ('S02', 'S03')`).run();
    const r = incrementalThenFull(['S00', 'S01', 'S02', 'S03']);
    expect(r.path).toBe('full');
    expect(r.incremental).toEqual(r.full);
  });

  it('an item a structure loses entirely, and an audit removed', () => {
    db.prepare(`DELETE FROM observation WHERE item_code = 'TEL-06' AND audit_id IN (SELECT id FROM audit WHERE structure_code = 'S09' AND edition = ?)`).run(EDITION);
    db.prepare(`DELETE FROM audit WHERE reference = 'S12-2024-T2'`).run();
    const r = incrementalThenFull(['S09', 'S12']);
    expect(r.path).toBe('incremental');
    expect(r.incremental).toEqual(r.full);
  });

  it('falls back to the full refresh, still exact, when a structure joins the edition or a weight is not a binary fraction', () => {
    f.structure('NEW', 'region');
    auditOf(EDITION, 'NEW', 'telephone');
    const joined = incrementalThenFull(['NEW']);
    expect(joined.path).toBe('full');
    expect(joined.incremental).toEqual(joined.full);

    db.prepare(`UPDATE item SET weight = 0.1 WHERE code = 'TEL-01'`).run();
    refreshAggregates(db, { editions: [EDITION] });
    db.prepare(`UPDATE observation SET compliant = 1 - coalesce(compliant, 0) WHERE audit_id = (SELECT id FROM audit WHERE reference = 'S03-2024-T1') AND item_code = 'TEL-01'`).run();
    const tenth = incrementalThenFull(['S03']);
    expect(tenth.path).toBe('full');
    expect(tenth.incremental).toEqual(tenth.full);
  });

  it('many random single-structure changes in a row stay exact', () => {
    const audits = db.prepare('SELECT a.id, a.structure_code FROM audit a WHERE a.edition = ? ORDER BY a.id').raw(true).all(EDITION) as Array<[number, string]>;
    for (let k = 0; k < 12; k += 1) {
      const [id, code] = audits[Math.floor(next() * audits.length)] as [number, string];
      db.prepare('UPDATE observation SET compliant = ? WHERE audit_id = ? AND item_code IN (SELECT item_code FROM observation WHERE audit_id = ? ORDER BY item_code LIMIT 1 OFFSET ?)')
        .run(answer(), id, id, Math.floor(next() * 6));
      expect(refreshTouched(db, { edition: EDITION, structures: [code] })).toBe('incremental');
    }
    const incremental = aggregates(EDITION);
    refreshAggregates(db, { editions: [EDITION] });
    expect(incremental).toEqual(aggregates(EDITION));
  });
});

describe('adjustSorted', () => {
  it('removes and inserts values without a sort, and refuses a value that is not there', () => {
    const before = Float64Array.from([10, 20, 20, 35, 50]);
    expect(Array.from(adjustSorted(before, [20], [5, 40, 60]) as Float64Array)).toEqual([5, 10, 20, 35, 40, 50, 60]);
    expect(Array.from(adjustSorted(before, [50, 10], [20]) as Float64Array)).toEqual([20, 20, 20, 35]);
    expect(adjustSorted(before, [], [])).toBe(before);
    expect(adjustSorted(before, [21], [])).toBeUndefined();
  });
});
