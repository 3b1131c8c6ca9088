/**
 * Keeps the materialised aggregates (score_cache, score_stats, score_unscored_item,
 * score_cache_edition: migration 002; score_matrix, the same scores column by column: migration
 * 009) exactly equal to a from-scratch computation. The import
 * pipeline calls `refreshAggregates` at the end of every import, undo and referential change, in
 * its own transaction; each edition in scope is recomputed whole (one pass over its observations,
 * then the peer statistics), so no incremental drift is possible.
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
const F = 6;

interface Slot {
  level: Level;
  key: string;
}

interface StructureAcc {
  code: string;
  category: string;
  sector: string;
  sums: Float64Array;
  lastAudit: Float64Array;
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
const MATRIX_TABLE_LEVELS: readonly Level[] = ['overall', 'step', 'channel', 'determinant'];

/** Whether the workspace has score_matrix (a workspace migrated only up to an older version has not). */
export function hasScoreMatrixTable(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'score_matrix'`).pluck().get() !== undefined;
}

function refreshEdition(db: Db, edition: number): void {
  const withMatrix = hasScoreMatrixTable(db);
  for (const table of ['score_cache', 'score_cache_item', 'score_stats', 'score_unscored_item', 'score_cache_edition', ...(withMatrix ? ['score_matrix'] : [])]) {
    db.prepare(`DELETE FROM ${table} WHERE edition = ?`).run(edition);
  }
  const exists = db.prepare('SELECT 1 FROM edition WHERE year = ?').pluck().get(edition);
  if (exists === undefined) return;

  // Slots: 0 = overall, then one per step, channel, determinant and item of the items in force.
  const slots: Slot[] = [{ level: 'overall', key: 'overall' }];
  const slotIndex = new Map<string, number>();
  const slotOf = (level: Level, key: string): number => {
    const id = `${level}\u0000${key}`;
    let index = slotIndex.get(id);
    if (index === undefined) {
      index = slots.length;
      slots.push({ level, key });
      slotIndex.set(id, index);
    }
    return index;
  };
  const itemTargets = new Map<string, { weight: number; targets: Int32Array }>();
  for (const item of itemsInForce(db, edition).values()) {
    itemTargets.set(item.code, {
      weight: item.weight,
      targets: Int32Array.from([0, slotOf('step', item.step), slotOf('channel', item.channel), slotOf('determinant', item.determinant), slotOf('item', item.code)]),
    });
  }
  const nSlots = slots.length;

  const participants = db.prepare(`
    SELECT s.code, s.category, s.sector FROM structure s
    WHERE s.code IN (SELECT structure_code FROM audit WHERE edition = ?) ORDER BY s.code`).raw(true).all(edition) as Array<[string, string, string]>;
  const structures = new Map<string, StructureAcc>();
  for (const [code, category, sector] of participants) {
    structures.set(code, { code, category, sector, sums: new Float64Array(nSlots * F), lastAudit: new Float64Array(nSlots).fill(Number.NaN) });
  }

  const unscored = new Map<string, { observations: number; audits: number }>();
  let observationCount = 0;
  const add = (acc: StructureAcc | undefined, auditId: number, itemCode: string, compliant: number | null): void => {
    observationCount += 1;
    const target = itemTargets.get(itemCode);
    if (target === undefined) {
      // Observations of one audit arrive together, and an audit has one observation per item.
      const u = unscored.get(itemCode) ?? { observations: 0, audits: 0 };
      u.observations += 1;
      u.audits += 1;
      unscored.set(itemCode, u);
      return;
    }
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
  // One row per audit with its observations packed as "<c><item code>" tokens (c: 1, 0 or 2 for
  // not applicable) separated by U+001E: crossing from SQLite to JS once per audit rather than
  // once per observation is what makes the pass fast. An audit whose packing does not split back
  // into its observation count (an item code containing U+001E) is read row by row instead.
  const perAudit = db.prepare(`
    SELECT a.structure_code, a.id, COUNT(*), group_concat(coalesce(o.compliant, 2) || o.item_code, char(30))
    FROM audit a JOIN observation o ON o.audit_id = a.id
    WHERE a.edition = ? GROUP BY a.id`).raw(true);
  const oneAudit = db.prepare('SELECT item_code, compliant FROM observation WHERE audit_id = ?').raw(true);
  for (const [code, auditId, count, packed] of perAudit.iterate(edition) as IterableIterator<[string, number, number, string]>) {
    const acc = structures.get(code);
    const tokens = packed.split('\u001e');
    if (tokens.length !== count) {
      for (const [itemCode, compliant] of oneAudit.all(auditId) as Array<[string, number | null]>) add(acc, auditId, itemCode, compliant);
      continue;
    }
    for (const token of tokens) {
      const c = token.charCodeAt(0);
      add(acc, auditId, token.slice(1), c === 49 ? 1 : c === 48 ? 0 : null);
    }
  }

  // Group accumulators: pooled sums and the list of structure scores per (group, slot).
  interface GroupAcc { kind: 'category' | 'sector' | 'edition'; code: string; sums: Float64Array; structures: Int32Array; scores: number[][] }
  const groups = new Map<string, GroupAcc>();
  const groupOf = (kind: GroupAcc['kind'], code: string): GroupAcc => {
    const id = `${kind}\u0000${code}`;
    let g = groups.get(id);
    if (g === undefined) {
      g = { kind, code, sums: new Float64Array(nSlots * F), structures: new Int32Array(nSlots), scores: Array.from({ length: nSlots }, () => []) };
      groups.set(id, g);
    }
    return g;
  };
  const scores = new Map<string, Float64Array>();
  for (const acc of structures.values()) {
    const own = new Float64Array(nSlots).fill(Number.NaN);
    const targets = [groupOf('category', acc.category), groupOf('sector', acc.sector), groupOf('edition', '')];
    for (let s = 0; s < nSlots; s += 1) {
      const o = s * F;
      if (s !== 0 && acc.sums[o + 2] === 0) continue;
      const score = scoreOf(acc.sums[o] as number, acc.sums[o + 1] as number);
      if (score !== null) own[s] = score;
      for (const g of targets) {
        for (let f = 0; f < F; f += 1) g.sums[o + f] = (g.sums[o + f] as number) + (acc.sums[o + f] as number);
        g.structures[s] = (g.structures[s] as number) + 1;
        if (score !== null) (g.scores[s] as number[]).push(score);
      }
    }
    scores.set(acc.code, own);
  }
  // Typed-array sort: numeric without a comparator, several times faster on 2,000 × 400 lists.
  const sorted = new Map<GroupAcc, Float64Array[]>();
  for (const g of groups.values()) sorted.set(g, g.scores.map((list) => Float64Array.from(list).sort()));

  // Rows in primary-key order (level, then key) so the B-tree only appends.
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
  const insertCache = db.prepare(`INSERT INTO score_cache (edition, structure_code, level, key, compliant_weight, applicable_weight,
    observations, applicable, compliant, audits, score, peer_rank, peer_percentile) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insertItems = db.prepare('INSERT INTO score_cache_item (edition, structure_code, items) VALUES (?,?,?)');
  for (const acc of structures.values()) {
    const own = scores.get(acc.code) as Float64Array;
    const peers = sorted.get(groupOf('category', acc.category)) as Float64Array[];
    const placeOf = (s: number): { score: number | null; rank: number | null; percentile: number | null } => {
      const score = own[s] as number;
      if (Number.isNaN(score)) return { score: null, rank: null, percentile: null };
      return { score, ...rankAndPercentile(peers[s] as Float64Array, score) };
    };
    const countsOf = (s: number): { below: number; equal: number; n: number } | null => {
      const score = own[s] as number;
      return Number.isNaN(score) ? null : placeCounts(peers[s] as Float64Array, score);
    };
    for (const s of rowSlots) {
      const o = s * F;
      if (s !== 0 && acc.sums[o + 2] === 0) continue;
      const slot = slots[s] as Slot;
      const placed = placeOf(s);
      insertCache.run(edition, acc.code, slot.level, slot.key, acc.sums[o], acc.sums[o + 1], acc.sums[o + 2], acc.sums[o + 3], acc.sums[o + 4], acc.sums[o + 5],
        placed.score, placed.rank, placed.percentile);
    }
    const packed: PackedItem[] = [];
    for (const s of itemSlots) {
      const o = s * F;
      if (acc.sums[o + 2] === 0) continue;
      const c = countsOf(s);
      packed.push([(slots[s] as Slot).key, acc.sums[o] as number, acc.sums[o + 1] as number, acc.sums[o + 2] as number, acc.sums[o + 3] as number,
        acc.sums[o + 4] as number, acc.sums[o + 5] as number, c?.below ?? null, c?.equal ?? null, c?.n ?? null]);
    }
    if (packed.length > 0) insertItems.run(edition, acc.code, JSON.stringify(packed));
  }

  // The same scores column by column (score_matrix): a cell is null where score_cache has no row
  // or a null score. Structures in code order (participants' order), keys in key order.
  if (withMatrix) {
    const accs = [...structures.values()];
    const codes = accs.map((acc) => acc.code);
    const insertMatrix = db.prepare('INSERT INTO score_matrix (edition, level, payload) VALUES (?, ?, ?)');
    for (const level of MATRIX_TABLE_LEVELS) {
      const levelSlots = rowSlots.filter((s) => (slots[s] as Slot).level === level);
      if (levelSlots.length === 0 || accs.length === 0) continue;
      const columns = levelSlots.map((s) => accs.map((acc) => {
        if (s !== 0 && acc.sums[s * F + 2] === 0) return null;
        const score = (scores.get(acc.code) as Float64Array)[s] as number;
        return Number.isNaN(score) ? null : score;
      }));
      insertMatrix.run(edition, level, JSON.stringify({ structures: codes, keys: levelSlots.map((s) => (slots[s] as Slot).key), scores: columns }));
    }
  }

  const insertStats = db.prepare(`INSERT INTO score_stats (edition, group_kind, group_code, level, key, compliant_weight, applicable_weight,
    observations, applicable, compliant, audits, structures, n, mean, median, q1, q3, min, max) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  for (const g of groups.values()) {
    for (let s = 0; s < nSlots; s += 1) {
      if ((g.structures[s] as number) === 0) continue;
      const o = s * F;
      const slot = slots[s] as Slot;
      const st = summarize((sorted.get(g) as Float64Array[])[s] as Float64Array);
      insertStats.run(edition, g.kind, g.code, slot.level, slot.key, g.sums[o], g.sums[o + 1], g.sums[o + 2], g.sums[o + 3], g.sums[o + 4], g.sums[o + 5],
        g.structures[s], st.n, st.mean, st.median, st.q1, st.q3, st.min, st.max);
    }
  }

  const insertUnscored = db.prepare('INSERT INTO score_unscored_item (edition, item_code, observations, audits) VALUES (?,?,?,?)');
  for (const [code, u] of unscored) insertUnscored.run(edition, code, u.observations, u.audits);

  db.prepare('INSERT INTO score_cache_edition (edition, structures, observations, refreshed_at) VALUES (?,?,?,?)')
    .run(edition, structures.size, observationCount, new Date().toISOString());
}
