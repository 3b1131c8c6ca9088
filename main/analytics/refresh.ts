/**
 * Keeps the materialised aggregates (score_cache, score_stats, score_unscored_item,
 * score_cache_edition: migration 002; score_matrix, the same scores column by column: migration
 * 009; score_column and score_member, the incremental refresh's inputs: migration 011) exactly
 * equal to a from-scratch computation. `refreshAggregates` recomputes each edition in scope whole
 * (one pass over its observations, then the peer statistics): imports of a referential, undo of
 * imports, and the fallback of refresh-incremental.ts, whose `refreshTouched` recomputes only the
 * structures a correction, an entry or a small import touched and must give these same tables.
 *
 * Flow: observations of the edition ⨝ audit ⨝ item_in_force → per (structure, level, key) sums →
 * per (category | sector | edition, level, key) pooled sums and distribution → each structure's
 * rank and percentile in its category.
 */
import type { Db } from '../db/connection.js';
import type { Level } from '../../shared/domain.js';
import { placeCounts, rankAndPercentile, scoreOf, summarize } from './score-math.js';
import { itemsInForce } from './items-in-force.js';

export interface RefreshScope {
  /** Editions whose observations, items in force or participating structures may have changed. */
  editions: readonly number[];
}

/**
 * One item of a structure in score_cache_item.items:
 * [item, compliantWeight, applicableWeight, observations, applicable, compliant, audits, below, equal, n]
 * where below / equal / n place its score among its category's (null without a score): integers
 * serialise several times faster than the rank and percentile doubles they give (placeFromCounts).
 */
export type PackedItem = [string, number, number, number, number, number, number, number | null, number | null, number | null];

/** Counters per slot, in a flat typed array: [cw, aw, obs, applicable, compliant, audits]. */
export const F = 6;

export interface Slot {
  level: Level;
  key: string;
}

export interface StructureAcc {
  code: string;
  category: string;
  sector: string;
  sums: Float64Array;
  lastAudit: Float64Array;
}

/**
 * The slots of an edition (0 = overall, then one per step, channel, determinant and item of the
 * items in force), which slots each item's observations count in, and the rows' key order.
 */
export interface EditionLayout {
  slots: Slot[];
  slotIndex: Map<string, number>;
  itemTargets: Map<string, ItemTarget>;
  /** Non-item slots, then item slots, each in primary-key order (level, then key). */
  rowSlots: number[];
  itemSlots: number[];
}

export const slotId = (level: Level, key: string): string => `${level}\u0000${key}`;

export function editionLayout(db: Db, edition: number): EditionLayout {
  const slots: Slot[] = [{ level: 'overall', key: 'overall' }];
  const slotIndex = new Map<string, number>([[slotId('overall', 'overall'), 0]]);
  const slotOf = (level: Level, key: string): number => {
    const id = slotId(level, key);
    let index = slotIndex.get(id);
    if (index === undefined) {
      index = slots.length;
      slots.push({ level, key });
      slotIndex.set(id, index);
    }
    return index;
  };
  const itemTargets = new Map<string, ItemTarget>();
  for (const item of itemsInForce(db, edition).values()) {
    itemTargets.set(item.code, {
      weight: item.weight,
      targets: Int32Array.from([0, slotOf('step', item.step), slotOf('channel', item.channel), slotOf('determinant', item.determinant), slotOf('item', item.code)]),
    });
  }
  const rowSlots: number[] = [];
  const itemSlots: number[] = [];
  slots.forEach((slot, s) => (slot.level === 'item' ? itemSlots : rowSlots).push(s));
  const byLevelKey = (a: number, b: number): number => {
    const x = slots[a] as Slot;
    const y = slots[b] as Slot;
    return x.level < y.level ? -1 : x.level > y.level ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0;
  };
  rowSlots.sort(byLevelKey);
  itemSlots.sort(byLevelKey);
  return { slots, slotIndex, itemTargets, rowSlots, itemSlots };
}

/** Where one item's observations count: its weight and its 5 slots (overall, step, channel, determinant, item). */
export interface ItemTarget {
  weight: number;
  targets: Int32Array;
}

export type ObservationAdder = (acc: StructureAcc | undefined, auditId: number, target: ItemTarget, compliant: number | null) => void;

/** Adds one observation of an item in force to its structure's sums at every slot it counts in. */
export const addObservation: ObservationAdder = (acc, auditId, target, compliant) => {
  if (acc === undefined) return;
  const { sums, lastAudit } = acc;
  const w = target.weight;
  for (let t = 0; t < 5; t += 1) {
    const s = target.targets[t] as number;
    const o = s * F;
    if (compliant !== null) {
      sums[o + 1] = (sums[o + 1] as number) + w;
      sums[o + 3] = (sums[o + 3] as number) + 1;
      if (compliant === 1) {
        sums[o] = (sums[o] as number) + w;
        sums[o + 4] = (sums[o + 4] as number) + 1;
      }
    }
    sums[o + 2] = (sums[o + 2] as number) + 1;
    if (lastAudit[s] !== auditId) {
      lastAudit[s] = auditId;
      sums[o + 5] = (sums[o + 5] as number) + 1;
    }
  }
};

/**
 * Feeds packed audit rows [structure, audit id, observation count, compliances, item codes] to
 * the structures' sums; an item not in force goes to `onUnscored`. Per audit, the compliances are
 * one character per observation (1, 0, or 2 for not applicable) and the item codes are joined by
 * U+001E: crossing from SQLite to JS once per audit rather than once per observation is what
 * makes the pass fast, and audits of one channel share one item list, resolved to its slots once.
 * An audit whose item list does not split back into its observation count (an item code
 * containing U+001E) is read row by row instead. Returns the number of observations read.
 */
export function feedPackedAudits(db: Db, layout: EditionLayout, rows: Iterable<[string, number, number, string | null, string | null]>,
  structures: ReadonlyMap<string, StructureAcc>, onUnscored: (itemCode: string) => void): number {
  const oneAudit = db.prepare('SELECT item_code, compliant FROM observation WHERE audit_id = ?').raw(true);
  const resolved = new Map<string, { codes: string[]; targets: Array<ItemTarget | undefined> }>();
  let observations = 0;
  for (const [code, auditId, count, compliances, itemList] of rows) {
    if (compliances === null || itemList === null) continue;
    const acc = structures.get(code);
    observations += count;
    let list = resolved.get(itemList);
    if (list === undefined) {
      const codes = itemList.split('\u001e');
      list = { codes, targets: codes.map((c) => layout.itemTargets.get(c)) };
      resolved.set(itemList, list);
    }
    if (list.codes.length !== count || compliances.length !== count) {
      for (const [itemCode, compliant] of oneAudit.all(auditId) as Array<[string, number | null]>) {
        const target = layout.itemTargets.get(itemCode);
        if (target === undefined) onUnscored(itemCode);
        else addObservation(acc, auditId, target, compliant);
      }
      continue;
    }
    const { codes, targets } = list;
    for (let i = 0; i < count; i += 1) {
      const target = targets[i];
      if (target === undefined) {
        onUnscored(codes[i] as string);
        continue;
      }
      const c = compliances.charCodeAt(i);
      addObservation(acc, auditId, target, c === 49 ? 1 : c === 48 ? 0 : null);
    }
  }
  return observations;
}

/** SELECT list of the packed audit rows read by `feedPackedAudits` (audit a ⨝ observation o, GROUP BY a.id). */
export const PACKED_AUDIT_COLUMNS = "a.structure_code, a.id, COUNT(*), group_concat(coalesce(o.compliant, 2), ''), group_concat(o.item_code, char(30))";

/** Whether the workspace has the incremental refresh's tables (migration 011). */
export function hasScoreColumnTables(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'score_member'`).pluck().get() !== undefined;
}

/** A score column as stored in score_column: little-endian float64, NaN for no score. */
export function columnBlob(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function columnValues(blob: Buffer): Float64Array {
  // Copied: a Buffer from SQLite is not guaranteed to sit on an 8-byte boundary.
  const copy = new Float64Array(blob.byteLength / 8);
  new Uint8Array(copy.buffer).set(blob);
  return copy;
}

/**
 * Recomputes the aggregates of every edition in scope (synchronous; nests as a savepoint inside
 * the caller's transaction). An edition that no longer exists just loses its rows. After a
 * structures import (category or sector changed) or a referential change, pass every edition
 * concerned (`allEditions(db)` when in doubt).
 */
export function refreshAggregates(db: Db, scope: RefreshScope): void {
  const editions = [...new Set(scope.editions)];
  if (editions.length === 0) return;
  db.transaction(() => {
    for (const edition of editions) refreshEdition(db, edition);
  })();
}

/** Every edition of the workspace. */
export function allEditions(db: Db): number[] {
  return db.prepare('SELECT year FROM edition ORDER BY year').pluck().all() as number[];
}

/** Computes an edition's aggregates if no refresh has ever stored them (e.g. after migration 002). */
export function ensureAggregates(db: Db, edition: number): void {
  const done = db.prepare('SELECT 1 FROM score_cache_edition WHERE edition = ?').pluck().get(edition);
  if (done === undefined) refreshAggregates(db, { editions: [edition] });
}

/** Levels laid out in score_matrix (migration 009): the Scores grid's. */
export const MATRIX_TABLE_LEVELS: readonly Level[] = ['overall', 'step', 'channel', 'determinant'];

/**
 * One score_matrix payload: a cell is null where score_cache has no row or a null score (NaN in
 * the columns). Structures in code order (participants' order), keys in key order.
 */
export function matrixPayload(codes: readonly string[], keys: readonly string[], columns: readonly Float64Array[]): string {
  return JSON.stringify({ structures: codes, keys, scores: columns.map((column) => Array.from(column, (v) => (Number.isNaN(v) ? null : v))) });
}

/** Whether the workspace has score_matrix (a workspace migrated only up to an older version has not). */
export function hasScoreMatrixTable(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'score_matrix'`).pluck().get() !== undefined;
}

function refreshEdition(db: Db, edition: number): void {
  const withMatrix = hasScoreMatrixTable(db);
  const withColumns = hasScoreColumnTables(db);
  for (const table of ['score_cache', 'score_cache_item', 'score_stats', 'score_unscored_item', 'score_cache_edition',
    ...(withMatrix ? ['score_matrix'] : []), ...(withColumns ? ['score_column', 'score_member'] : [])]) {
    db.prepare(`DELETE FROM ${table} WHERE edition = ?`).run(edition);
  }
  const exists = db.prepare('SELECT 1 FROM edition WHERE year = ?').pluck().get(edition);
  if (exists === undefined) return;

  const layout = editionLayout(db, edition);
  const { slots, rowSlots, itemSlots } = layout;
  const nSlots = slots.length;

  const participants = db.prepare(`
    SELECT s.code, s.category, s.sector FROM structure s
    WHERE s.code IN (SELECT structure_code FROM audit WHERE edition = ?) ORDER BY s.code`).raw(true).all(edition) as Array<[string, string, string]>;
  const structures = new Map<string, StructureAcc>();
  for (const [code, category, sector] of participants) {
    structures.set(code, { code, category, sector, sums: new Float64Array(nSlots * F), lastAudit: new Float64Array(nSlots).fill(Number.NaN) });
  }

  const unscored = new Map<string, { observations: number; audits: number }>();
  // Observations of one audit arrive together, and an audit has one observation per item.
  const countUnscored = (itemCode: string): void => {
    const u = unscored.get(itemCode) ?? { observations: 0, audits: 0 };
    u.observations += 1;
    u.audits += 1;
    unscored.set(itemCode, u);
  };
  const perAudit = db.prepare(`SELECT ${PACKED_AUDIT_COLUMNS} FROM audit a JOIN observation o ON o.audit_id = a.id WHERE a.edition = ? GROUP BY a.id`).raw(true);
  const observationCount = feedPackedAudits(db, layout, perAudit.iterate(edition) as IterableIterator<[string, number, number, string, string]>, structures, countUnscored);

  // Each structure's score per slot (NaN: no score, or no observation at that slot).
  const accs = [...structures.values()];
  const scores = new Map<string, Float64Array>();
  for (const acc of accs) {
    const own = new Float64Array(nSlots).fill(Number.NaN);
    for (let s = 0; s < nSlots; s += 1) {
      const o = s * F;
      if (s !== 0 && acc.sums[o + 2] === 0) continue;
      const score = scoreOf(acc.sums[o] as number, acc.sums[o + 1] as number);
      if (score !== null) own[s] = score;
    }
    scores.set(acc.code, own);
  }

  // Groups: pooled sums (structures added in code order; a structure's sums are all zero at a slot
  // it has no observation at, so whole arrays are added), structures present per slot, and the
  // sorted scores per slot (typed-array sort: numeric without a comparator).
  interface GroupAcc { kind: 'category' | 'sector' | 'edition'; code: string; members: StructureAcc[]; sums: Float64Array; structures: Int32Array; sorted: Float64Array[] }
  const groups = new Map<string, GroupAcc>();
  const groupOf = (kind: GroupAcc['kind'], code: string): GroupAcc => {
    const id = `${kind}\u0000${code}`;
    let g = groups.get(id);
    if (g === undefined) {
      g = { kind, code, members: [], sums: new Float64Array(nSlots * F), structures: new Int32Array(nSlots), sorted: [] };
      groups.set(id, g);
    }
    return g;
  };
  for (const acc of accs) for (const g of [groupOf('category', acc.category), groupOf('sector', acc.sector), groupOf('edition', '')]) g.members.push(acc);
  const buffer = new Float64Array(accs.length);
  for (const g of groups.values()) {
    const { sums, structures: present } = g;
    for (const acc of g.members) {
      const own = acc.sums;
      for (let o = 0; o < own.length; o += 1) sums[o] = (sums[o] as number) + (own[o] as number);
      present[0] = (present[0] as number) + 1;
      for (let s = 1; s < nSlots; s += 1) if ((own[s * F + 2] as number) > 0) present[s] = (present[s] as number) + 1;
    }
    const memberScores = g.members.map((acc) => scores.get(acc.code) as Float64Array);
    for (let s = 0; s < nSlots; s += 1) {
      let count = 0;
      for (const own of memberScores) {
        const v = own[s] as number;
        if (v === v) buffer[count++] = v;
      }
      g.sorted.push(buffer.slice(0, count).sort());
    }
  }
  const sortedOf = (g: GroupAcc): Float64Array[] => g.sorted;

  // Rows in primary-key order (level, then key) so the B-tree only appends; score_cache rows are
  // inserted by batches (one statement call per 64 rows), the packed items built as text (the
  // exact text JSON.stringify gives: numbers print the same way).
  const CACHE_BATCH = 64;
  const cacheRow = '(?,?,?,?,?,?,?,?,?,?,?,?,?)';
  const cacheInsert = (rows: number): string => `INSERT INTO score_cache (edition, structure_code, level, key, compliant_weight, applicable_weight,
    observations, applicable, compliant, audits, score, peer_rank, peer_percentile) VALUES ${Array.from({ length: rows }, () => cacheRow).join(',')}`;
  const insertCacheBatch = db.prepare(cacheInsert(CACHE_BATCH));
  const insertCache = db.prepare(cacheInsert(1));
  let pending: Array<string | number | null> = [];
  const flushCache = (): void => {
    for (let i = 0; i + 13 <= pending.length; i += 13) insertCache.run(pending.slice(i, i + 13));
    pending = [];
  };
  const insertItems = db.prepare('INSERT INTO score_cache_item (edition, structure_code, items) VALUES (?,?,?)');
  const itemPrefix = new Map<number, string>(itemSlots.map((s) => [s, `[${JSON.stringify((slots[s] as Slot).key)},`]));
  for (const acc of accs) {
    const own = scores.get(acc.code) as Float64Array;
    const peers = sortedOf(groupOf('category', acc.category));
    const sums = acc.sums;
    for (const s of rowSlots) {
      const o = s * F;
      if (s !== 0 && sums[o + 2] === 0) continue;
      const slot = slots[s] as Slot;
      const score = own[s] as number;
      const placed = Number.isNaN(score) ? null : rankAndPercentile(peers[s] as Float64Array, score);
      pending.push(edition, acc.code, slot.level, slot.key, sums[o] as number, sums[o + 1] as number, sums[o + 2] as number, sums[o + 3] as number,
        sums[o + 4] as number, sums[o + 5] as number, placed === null ? null : score, placed?.rank ?? null, placed?.percentile ?? null);
      if (pending.length === 13 * CACHE_BATCH) {
        insertCacheBatch.run(pending);
        pending = [];
      }
    }
    let packed = '';
    for (const s of itemSlots) {
      const o = s * F;
      if (sums[o + 2] === 0) continue;
      const score = own[s] as number;
      const c = Number.isNaN(score) ? null : placeCounts(peers[s] as Float64Array, score);
      packed += `${packed === '' ? '[' : ','}${itemPrefix.get(s) as string}${sums[o] as number},${sums[o + 1] as number},${sums[o + 2] as number},${sums[o + 3] as number},`
        + `${sums[o + 4] as number},${sums[o + 5] as number},${c === null ? 'null,null,null' : `${c.below},${c.equal},${c.n}`}]`;
    }
    if (packed !== '') insertItems.run(edition, acc.code, `${packed}]`);
  }
  flushCache();

  // The same scores column by column (score_matrix): a cell is null where score_cache has no row
  // or a null score. Structures in code order (participants' order), keys in key order.
  const columnOf = (s: number): Float64Array => Float64Array.from(accs, (acc) => (scores.get(acc.code) as Float64Array)[s] as number);
  if (withMatrix && accs.length > 0) {
    const codes = accs.map((acc) => acc.code);
    const insertMatrix = db.prepare('INSERT INTO score_matrix (edition, level, payload) VALUES (?, ?, ?)');
    for (const level of MATRIX_TABLE_LEVELS) {
      const levelSlots = rowSlots.filter((s) => (slots[s] as Slot).level === level);
      if (levelSlots.length === 0) continue;
      insertMatrix.run(edition, level, matrixPayload(codes, levelSlots.map((s) => (slots[s] as Slot).key), levelSlots.map(columnOf)));
    }
  }
  // The incremental refresh's inputs (migration 011): every slot's column, and who was where.
  if (withColumns) {
    const insertColumn = db.prepare('INSERT INTO score_column (edition, level, key, scores) VALUES (?, ?, ?, ?)');
    for (const s of [...rowSlots, ...itemSlots]) insertColumn.run(edition, (slots[s] as Slot).level, (slots[s] as Slot).key, columnBlob(columnOf(s)));
    const insertMember = db.prepare('INSERT INTO score_member (edition, structure_code, category, sector) VALUES (?, ?, ?, ?)');
    for (const acc of accs) insertMember.run(edition, acc.code, acc.category, acc.sector);
  }

  const insertStats = db.prepare(`INSERT INTO score_stats (edition, group_kind, group_code, level, key, compliant_weight, applicable_weight,
    observations, applicable, compliant, audits, structures, n, mean, median, q1, q3, min, max) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  for (const g of groups.values()) {
    for (let s = 0; s < nSlots; s += 1) {
      if ((g.structures[s] as number) === 0) continue;
      const o = s * F;
      const slot = slots[s] as Slot;
      const st = summarize(sortedOf(g)[s] as Float64Array);
      insertStats.run(edition, g.kind, g.code, slot.level, slot.key, g.sums[o], g.sums[o + 1], g.sums[o + 2], g.sums[o + 3], g.sums[o + 4], g.sums[o + 5],
        g.structures[s], st.n, st.mean, st.median, st.q1, st.q3, st.min, st.max);
    }
  }

  const insertUnscored = db.prepare('INSERT INTO score_unscored_item (edition, item_code, observations, audits) VALUES (?,?,?,?)');
  for (const [code, u] of unscored) insertUnscored.run(edition, code, u.observations, u.audits);

  db.prepare('INSERT INTO score_cache_edition (edition, structures, observations, refreshed_at) VALUES (?,?,?,?)')
    .run(edition, structures.size, observationCount, new Date().toISOString());
}
