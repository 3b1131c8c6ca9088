/**
 * EditionRows (main/analytics/edition-rows.ts), the writer behind the full refresh: one edition's
 * rows of a table brought to a new set of rows, writing only what differs. Checked on real SQLite
 * files, with triggers logging every write: unchanged rows are not written, changed ones are
 * updated, new ones inserted, stale ones deleted, other editions untouched; the result equals the
 * new set whatever the order the rows are put in (out of order, several pages, non-ASCII keys
 * where JavaScript's string order and SQLite's differ). Then on a seeded workspace: a second full
 * refresh writes nothing, and after a change the written rows leave the same tables as a refresh
 * from empty aggregates.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { EditionRows, type CellValue } from '../../main/analytics/edition-rows.js';
import { refreshAggregates } from '../../main/analytics/refresh.js';
import { itemPackLayoutOf } from '../../main/analytics/item-pack.js';
import { readCache } from '../../main/analytics/cache-read.js';
import { scoreRowsFromScratch } from '../../main/analytics/index.js';
import { seedWorkspace } from './api-seed.js';
import { tempDir } from './helpers.js';

type Row = [string, string, number | null, number, Buffer | null];

let db: Db;

const writes = (): Array<{ op: string; a: string; b: string }> => db.prepare('SELECT op, a, b FROM write_log ORDER BY rowid').all() as Array<{ op: string; a: string; b: string }>;
const contents = (edition: number): unknown[] => db.prepare('SELECT a, b, v, w, CASE WHEN blob IS NULL THEN NULL ELSE hex(blob) END AS blob FROM t WHERE edition = ? ORDER BY a, b').all(edition);
const expected = (rows: readonly Row[]): unknown[] => [...rows]
  .sort((x, y) => Buffer.compare(Buffer.from(`${x[0]}\u0000${x[1]}`), Buffer.from(`${y[0]}\u0000${y[1]}`)))
  .map(([a, b, v, w, blob]) => ({ a, b, v, w, blob: blob === null ? null : blob.toString('hex').toUpperCase() }));

/** Brings edition 1 to `rows` (put in the given order) in one transaction, as the refresh does; returns the rows it says it wrote. */
function sync(rows: readonly Row[]): number {
  return db.transaction(() => {
    const writer = new EditionRows(db, 't', ['a', 'b'], ['v', 'w', 'blob'], 1);
    for (const row of rows) writer.put([...row] as CellValue[]);
    return writer.finish();
  })();
}

function seed(rows: readonly Row[], edition = 1): void {
  const insert = db.prepare('INSERT INTO t (edition, a, b, v, w, blob) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => { for (const row of rows) insert.run(edition, ...row); })();
  db.exec('DELETE FROM write_log');
}

const makeRows = (n: number): Row[] => Array.from({ length: n }, (_, i) => [`S${String(Math.floor(i / 7)).padStart(5, '0')}`, `k${i % 7}`, i % 11 === 0 ? null : i / 3, i, i % 5 === 0 ? Buffer.from([i & 255, 1, 2]) : null]);

beforeEach(() => {
  db = new Database(path.join(tempDir(), 'rows.sqlite'));
  db.exec(`
    CREATE TABLE t (edition INTEGER NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, v REAL, w INTEGER NOT NULL, blob BLOB,
      PRIMARY KEY (edition, a, b)) WITHOUT ROWID;
    CREATE TABLE write_log (op TEXT, a TEXT, b TEXT);
    CREATE TRIGGER t_insert AFTER INSERT ON t BEGIN INSERT INTO write_log VALUES ('insert', NEW.a, NEW.b); END;
    CREATE TRIGGER t_update AFTER UPDATE ON t BEGIN INSERT INTO write_log VALUES ('update', NEW.a, NEW.b); END;
    CREATE TRIGGER t_delete AFTER DELETE ON t BEGIN INSERT INTO write_log VALUES ('delete', OLD.a, OLD.b); END;`);
});

afterEach(() => db.close());

describe('EditionRows', () => {
  it('writes nothing when the rows are those already stored (doubles, NULL, BLOBs compared exactly)', () => {
    const rows = makeRows(50);
    seed(rows);
    expect(sync(rows)).toBe(0);
    expect(writes()).toEqual([]);
    expect(contents(1)).toEqual(expected(rows));
  });

  it('updates changed rows, inserts new ones and deletes stale ones, leaving other editions alone', () => {
    const rows = makeRows(40);
    seed(rows);
    seed(rows, 2);
    const next = rows.map((r) => [...r] as Row);
    next[3] = [next[3]![0], next[3]![1], 0.1 + 0.2, next[3]![3], null]; // a double one ulp away from 0.3
    next[10] = [next[10]![0], next[10]![1], next[10]![2], next[10]![3], Buffer.from([9, 9])]; // BLOB bytes
    next[20] = [next[20]![0], next[20]![1], null, next[20]![3], next[20]![4]]; // value to NULL
    const removed = next.splice(30, 2);
    next.push(['S99999', 'k0', 1.5, 7, null]);
    next.splice(5, 0, ['S00000', 'k0b', 2, 3, null]);
    expect(sync(next)).toBe(3 + 2 + 2);
    expect(writes().sort((x, y) => `${x.op}${x.a}${x.b}`.localeCompare(`${y.op}${y.a}${y.b}`))).toEqual([
      ...removed.map(([a, b]) => ({ op: 'delete', a, b })),
      { op: 'insert', a: 'S00000', b: 'k0b' }, { op: 'insert', a: 'S99999', b: 'k0' },
      ...[3, 10, 20].map((i) => ({ op: 'update', a: rows[i]![0], b: rows[i]![1] })),
    ].sort((x, y) => `${x.op}${x.a}${x.b}`.localeCompare(`${y.op}${y.a}${y.b}`)));
    expect(contents(1)).toEqual(expected(next));
    expect(contents(2)).toEqual(expected(rows));
  });

  it('gives the same table whatever the order the rows are put in, across several pages of stored rows', () => {
    const rows = makeRows(10_000);
    seed(rows);
    const next = rows.filter((_, i) => i % 997 !== 0).map((r, i) => (i % 1_501 === 0 ? [r[0], r[1], -1, r[3], r[4]] as Row : r));
    next.push(['S00000', 'zz', 1, 1, null], ['T', 'a', 2, 2, null]);
    // A fixed shuffle: rows come out of order (reversed blocks, then interleaved).
    const shuffled = [...next.slice(5_000).reverse(), ...next.slice(0, 5_000).filter((_, i) => i % 2 === 0), ...next.slice(0, 5_000).filter((_, i) => i % 2 === 1)];
    sync(shuffled);
    expect(contents(1)).toEqual(expected(next));
    db.exec('DELETE FROM write_log');
    expect(sync(next)).toBe(0);
  });

  it('follows SQLite\'s order of non-ASCII keys (surrogate pairs sort after U+E000 in UTF-8, before it in UTF-16)', () => {
    const keys = ['a', 'é', '\uE000', '\u{1F600}', '\uFFFD', 'z', 'Z', 'ß'];
    const rows: Row[] = keys.flatMap((a, i) => keys.map((b, j) => [a, b, i * 10 + j, j, null] as Row));
    seed(rows);
    // Put in JavaScript's sort order, which differs from SQLite's BINARY order for these keys.
    const jsOrder = [...rows].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
    expect(sync(jsOrder)).toBe(0);
    const changed = jsOrder.map((r, i) => (i % 9 === 0 ? [r[0], r[1], -1, r[3], r[4]] as Row : r));
    expect(sync(changed)).toBe(Math.ceil(jsOrder.length / 9));
    expect(contents(1)).toEqual(expected(changed));
  });

  it('rewrites the rest of the edition by batches when most rows differ, with the same result', () => {
    const rows = makeRows(12_000);
    seed(rows);
    const next = rows.map(([a, b, v, w, blob]) => [a, b, v === null ? 0 : v + 1, w, blob] as Row);
    next.splice(100, 3);
    next.push(['T', 'new', 1, 1, null]);
    sync(next);
    expect(contents(1)).toEqual(expected(next));
    const log = writes();
    // Row-by-row updates stop after the first page of rows met: the rest is deleted and inserted.
    expect(log.filter((w) => w.op === 'update').length).toBeLessThan(5_000);
    expect(log.filter((w) => w.op === 'insert').length).toBeGreaterThan(7_000);
  });

  it('fills an empty edition by batches of inserts', () => {
    const rows = makeRows(1_000);
    expect(sync(rows)).toBe(1_000);
    expect(writes().every((w) => w.op === 'insert')).toBe(true);
    expect(contents(1)).toEqual(expected(rows));
  });
});

describe('the full refresh writes only what differs', () => {
  const TABLES = ['score_cache', 'score_cache_item', 'score_stats', 'score_matrix', 'score_column', 'score_member', 'score_unscored_item'];
  const dump = (w: Db): Record<string, unknown[]> => Object.fromEntries(TABLES.map((t) => [t, w.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).raw(true).all()]));

  it('rewrites nothing on a second refresh, and after a change gives the tables a refresh from empty aggregates gives', () => {
    const w = openWorkspace(path.join(tempDir(), 'w.sqlite'));
    try {
      seedWorkspace(w, { structures: 30, editions: [2023, 2024] });
      refreshAggregates(w, { editions: [2023, 2024] });
      w.exec('CREATE TEMP TABLE writes (t TEXT)');
      for (const t of TABLES) {
        for (const op of ['INSERT', 'UPDATE', 'DELETE']) w.exec(`CREATE TEMP TRIGGER ${t}_${op} AFTER ${op} ON main.${t} BEGIN INSERT INTO writes VALUES ('${t}'); END`);
      }
      refreshAggregates(w, { editions: [2024] });
      expect(w.prepare('SELECT COUNT(*) FROM writes').pluck().get()).toBe(0);

      // One answer flipped: that structure's rows, its groups' statistics and some ranks change.
      w.prepare(`UPDATE observation SET compliant = 1 - compliant WHERE (audit_id, item_code) =
        (SELECT o.audit_id, o.item_code FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.edition = 2024 AND o.compliant IS NOT NULL ORDER BY o.audit_id, o.item_code LIMIT 1)`).run();
      refreshAggregates(w, { editions: [2024] });
      const written = w.prepare('SELECT COUNT(*) FROM writes').pluck().get() as number;
      const total = TABLES.reduce((n, t) => n + (w.prepare(`SELECT COUNT(*) FROM ${t} WHERE edition = 2024`).pluck().get() as number), 0);
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(total / 2);
      const incremental = dump(w);
      for (const t of TABLES) w.prepare(`DELETE FROM ${t} WHERE edition = 2024`).run();
      refreshAggregates(w, { editions: [2024] });
      expect(dump(w)).toEqual(incremental);
    } finally {
      w.close();
    }
  });

  it('writes each item row as records read back exactly, with non-ASCII item codes and sums of inexact weights', () => {
    const w = openWorkspace(path.join(tempDir(), 'w.sqlite'));
    try {
      seedWorkspace(w, { structures: 12, editions: [2024] });
      const [first, second] = w.prepare('SELECT code FROM item ORDER BY code LIMIT 2').pluck().all() as string[];
      const renamed = { [first as string]: 'É-\u{1F600}-01', [second as string]: 'Z\u00e9\uE000-02' };
      for (const [from, to] of Object.entries(renamed)) {
        w.prepare('UPDATE item SET code = ?, weight = 0.3 WHERE code = ?').run(to, from);
        w.prepare('UPDATE observation SET item_code = ? WHERE item_code = ?').run(to, from);
      }
      refreshAggregates(w, { editions: [2024] });
      expect(itemPackLayoutOf(w, 2024)).toMatchObject({ exact: false, width: 2 });
      const key = (r: { structure: string; key: string }): string => `${r.structure}|${r.key}`;
      const cached = readCache(w, { edition: 2024, level: 'item' }).sort((a, b) => key(a).localeCompare(key(b)));
      expect(cached.length).toBeGreaterThan(12);
      for (const code of Object.values(renamed)) expect(cached.some((r) => r.key === code)).toBe(true);
      // 0.3 added up gives sums that are not integers (0.8999999999999999…), kept bit for bit.
      expect(cached.some((r) => !Number.isInteger(r.compliantWeight) || !Number.isInteger(r.applicableWeight))).toBe(true);
      const scratch = scoreRowsFromScratch(w, 2024).filter((r) => r.level === 'item').sort((a, b) => key(a).localeCompare(key(b)));
      expect(cached.map((r) => [key(r), r.compliantWeight, r.applicableWeight, r.observations, r.applicable, r.compliant, r.audits]))
        .toEqual(scratch.map((r) => [key(r), r.compliantWeight, r.applicableWeight, r.observations, r.applicable, r.compliant, r.audits]));
    } finally {
      w.close();
    }
  });
});
