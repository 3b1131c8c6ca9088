/**
 * Incremental refresh (issue 11): after a change that touches a few structures of one edition (a
 * correction, a completed audit entry, an import of a few structures' results, a structure moving
 * category), recomputes only what they touch, with a result identical to the full refresh of
 * refresh.ts (test/integration/analytics-refresh-incremental.test.ts compares every table):
 * 1. the touched structures' sums, from their own observations (same pass as the full refresh);
 * 2. the group rows of score_stats (category, sector, edition) at the slots where a touched
 *    structure changed: pooled sums adjusted by the old and new structure sums — exact because
 *    every weight of the edition is a multiple of 2^-20 (checked; otherwise the full refresh runs),
 *    so every partial sum is a representable double and the order of the additions is irrelevant;
 *    the distribution (n, mean, quartiles…) recomputed from the group's scores at that slot, read
 *    from score_column (migration 011); the category rows also carry the category's scores (runs,
 *    category-runs.ts), from which its members' ranks and percentiles are derived when read, so no
 *    member's row changes with its peers';
 * 3. the touched structures' own rows;
 * 4. score_matrix, score_column, score_member and score_cache_edition.
 * A structure changing category or sector keeps its own scores: only the two groups it leaves and
 * joins change, at every slot it has (pooled sums, distribution and, for a category, its runs);
 * its sector and the edition are left alone by a category move.
 * It falls back to the full refresh whenever a shortcut could differ from it: a structure joining
 * or leaving the edition, items in force that differ from the ones the aggregates were computed
 * with, observations of items not in force, an edition never refreshed (or refreshed before
 * migration 011, 014 or 015), counts too large for the records' width, or more than
 * `MAX_TOUCHED_SHARE` of the participants touched.
 */
import type { Db } from '../db/connection.js';
import { ItemPackBuilder, itemPackLayoutOf, largestCount, unpackItems } from './item-pack.js';
import { encodeRuns, hasCategoryRuns } from './category-runs.js';
import type { EditionSumsSource } from './edition-scores.js';
import type { Level } from '../../shared/domain.js';
import { F, editionLayout, slotId, type Slot, type StructureAcc } from './edition-layout.js';
import {
  MATRIX_TABLE_LEVELS, PACKED_AUDIT_COLUMNS, columnBlob, columnValues, feedPackedAudits, hasScoreColumnTables, hasScoreMatrixTable, matrixPayload, refreshAggregates,
} from './refresh.js';
import { DistinctRuns, scoreOf, summarize } from './score-math.js';

/** Above this share of an edition's participants touched, one full pass is cheaper than many small ones. */
export const MAX_TOUCHED_SHARE = 0.1;

/**
 * Above this share of the full refresh's work (structures × slots), measured as the distributions
 * to rebuild (members of the touched categories × the slots where they may move, each gathered
 * from its column and sorted), the full refresh runs. A structure changing category between the
 * national edition's two largest (700 and 400 of 2,000 structures) is a share of 0.55, which the
 * shortcut does in a tenth of the full refresh's time (bench/refresh.ts) since places are no
 * longer stored per member; the line stays above it.
 */
export const MAX_WORK_SHARE = 0.6;

/** Weights that are multiples of 2^-20 keep every sum of the edition exact (see the header). */
const EXACT_SCALE = 2 ** 20;

export interface TouchedScope {
  edition: number;
  /** Codes of the structures whose observations, audits, category or sector changed. */
  structures: Iterable<string>;
  /** Overrides MAX_WORK_SHARE (tests force the shortcut on small workspaces). */
  maxWorkShare?: number;
  /** What the import counted as it wrote, or its reading thread computed, for a full refresh (written-sums.ts, edition-scores.ts). */
  written?: EditionSumsSource;
}

export type RefreshPath = 'incremental' | 'full';

interface GroupKey {
  kind: 'category' | 'sector' | 'edition';
  code: string;
}

const groupId = (kind: GroupKey['kind'], code: string): string => `${kind}\u0000${code}`;

interface Touched {
  code: string;
  position: number;
  oldCategory: string;
  oldSector: string;
  acc: StructureAcc;
  oldSums: Float64Array;
  /** Slots where its sums or presence changed. */
  changed: Set<number>;
  /** Slots where it is present, before or after. */
  slots: number[];
}

/**
 * Refreshes the aggregates of one edition after a change to the given structures, incrementally
 * when it is safe, in full otherwise; returns which. Synchronous, nests inside the caller's
 * transaction.
 */
export function refreshTouched(db: Db, scope: TouchedScope): RefreshPath {
  const codes = [...new Set(scope.structures)].sort();
  let path: RefreshPath = 'full';
  db.transaction(() => {
    path = tryIncremental(db, scope.edition, codes, scope.maxWorkShare ?? MAX_WORK_SHARE) ? 'incremental' : 'full';
    if (path === 'full') refreshAggregates(db, { editions: [scope.edition], ...(scope.written ? { written: scope.written } : {}) });
  })();
  return path;
}

/** Several editions' touched structures (an import may span editions). */
export function refreshTouchedEditions(db: Db, touched: ReadonlyMap<number, Iterable<string>>, written?: EditionSumsSource): void {
  db.transaction(() => {
    for (const [edition, structures] of touched) refreshTouched(db, { edition, structures, ...(written ? { written } : {}) });
  })();
}

function tryIncremental(db: Db, edition: number, codes: readonly string[], maxWorkShare: number): boolean {
  if (codes.length === 0) return db.prepare('SELECT 1 FROM score_cache_edition WHERE edition = ?').pluck().get(edition) !== undefined;
  if (!hasScoreColumnTables(db) || !hasScoreMatrixTable(db) || !hasCategoryRuns(db)) return false;
  const cached = db.prepare('SELECT structures, observations FROM score_cache_edition WHERE edition = ?').get(edition) as { structures: number; observations: number } | undefined;
  if (cached === undefined) return false;
  if (db.prepare('SELECT 1 FROM score_unscored_item WHERE edition = ? LIMIT 1').pluck().get(edition) !== undefined) return false;

  // Participants as last computed (score_member, code order = score_column positions).
  const members = db.prepare('SELECT structure_code, category, sector FROM score_member WHERE edition = ? ORDER BY structure_code').raw(true).all(edition) as Array<[string, string, string]>;
  if (members.length !== cached.structures || members.length === 0) return false;
  if (codes.length > Math.max(1, members.length * MAX_TOUCHED_SHARE)) return false;
  const positionOf = new Map(members.map(([code], i) => [code, i]));

  const layout = editionLayout(db, edition);
  const { slots, slotIndex, rowSlots, itemSlots } = layout;
  const nSlots = slots.length;
  for (const { weight } of layout.itemTargets.values()) if (!Number.isInteger(weight * EXACT_SCALE)) return false;
  // The stored columns must be exactly this layout's slots (else the referential changed).
  const storedKeys = db.prepare('SELECT level, key FROM score_column WHERE edition = ?').raw(true).all(edition) as Array<[Level, string]>;
  if (storedKeys.length !== nSlots || storedKeys.some(([level, key]) => !slotIndex.has(slotId(level, key)))) return false;
  // The item records (migration 014) must follow this layout's items, weights and width.
  const packLayout = itemPackLayoutOf(db, edition);
  if (packLayout === null || packLayout.exact !== layout.weightsSumExactly || packLayout.keys.length !== itemSlots.length) return false;
  const itemIndex = new Map<number, number>();
  for (let index = 0; index < itemSlots.length; index += 1) {
    const s = itemSlots[index] as number;
    if (packLayout.keys[index] !== (slots[s] as Slot).key || packLayout.weights[index] !== layout.itemTargetsBySlot[s]?.weight) return false;
    itemIndex.set(s, index);
  }
  if (members.length > largestCount(packLayout)) return false;
  // Touched structures now: still participating, with their current category and sector.
  const current = db.prepare(`SELECT s.category, s.sector, EXISTS (SELECT 1 FROM audit a WHERE a.structure_code = s.code AND a.edition = ?) AS present
    FROM structure s WHERE s.code = ?`).raw(true);
  const touched: Touched[] = [];
  for (const code of codes) {
    const row = current.get(edition, code) as [string, string, number] | undefined;
    const position = positionOf.get(code);
    const participates = row !== undefined && row[2] === 1;
    if (participates !== (position !== undefined)) return false; // joins or leaves the edition
    if (!participates || position === undefined) continue;
    const [, oldCategory, oldSector] = members[position] as [string, string, string];
    touched.push({
      code, position, oldCategory, oldSector,
      acc: { code, category: row[0], sector: row[1], sums: new Float64Array(nSlots * F), lastAudit: new Float64Array(nSlots).fill(Number.NaN) },
      oldSums: new Float64Array(nSlots * F), changed: new Set(), slots: [],
    });
  }
  if (touched.length === 0) return true;

  // 1. New sums from the touched structures' observations (audit_structure index).
  let unscored = 0;
  const byCode = new Map(touched.map((t) => [t.code, t.acc]));
  const perAudit = db.prepare(`SELECT ${PACKED_AUDIT_COLUMNS} FROM audit a JOIN observation o ON o.audit_id = a.id
    WHERE a.structure_code = ? AND a.edition = ? GROUP BY a.id`).raw(true);
  let newObservations = 0;
  for (const t of touched) newObservations += feedPackedAudits(db, layout, perAudit.all(t.code, edition) as Array<[string, number, string, string]>, byCode, () => { unscored += 1; });
  if (unscored > 0) return false;
  // Counts that would not fit the records' width: the full refresh widens them.
  for (const t of touched) for (const s of itemSlots) if ((t.acc.sums[s * F + 2] as number) > largestCount(packLayout)) return false;
  // Every pooled sum stays below 2^53 in units of 2^-20, so no addition rounds.
  let maxWeight = 0;
  for (const { weight } of layout.itemTargets.values()) maxWeight = Math.max(maxWeight, weight);
  if ((cached.observations + newObservations) * maxWeight * EXACT_SCALE >= 2 ** 53) return false;

  // Old sums, from the cache.
  const oldRows = db.prepare(`SELECT level, key, compliant_weight, applicable_weight, observations, applicable, compliant, audits
    FROM score_cache WHERE edition = ? AND structure_code = ?`).raw(true);
  const oldItems = db.prepare('SELECT items FROM score_cache_item WHERE edition = ? AND structure_code = ?').pluck();
  const present = (sums: Float64Array, s: number): boolean => s === 0 || (sums[s * F + 2] as number) > 0;
  let observationDelta = 0;
  for (const t of touched) {
    for (const [level, key, ...rest] of oldRows.all(edition, t.code) as Array<[Level, string, ...number[]]>) {
      const s = slotIndex.get(slotId(level, key));
      if (s === undefined) return false;
      for (let f = 0; f < F; f += 1) t.oldSums[s * F + f] = rest[f] as number;
    }
    const packed = oldItems.get(edition, t.code) as Buffer | undefined;
    for (const p of packed === undefined ? [] : unpackItems(packed, packLayout)) {
      const s = slotIndex.get(slotId('item', p[0]));
      if (s === undefined) return false;
      for (let f = 0; f < F; f += 1) t.oldSums[s * F + f] = p[1 + f] as number;
    }
    for (let s = 0; s < nSlots; s += 1) {
      const isOld = present(t.oldSums, s);
      const isNew = present(t.acc.sums, s);
      if (!isOld && !isNew) continue;
      t.slots.push(s);
      let differs = isOld !== isNew;
      for (let f = 0; f < F && !differs; f += 1) differs = t.oldSums[s * F + f] !== t.acc.sums[s * F + f];
      if (differs) t.changed.add(s);
    }
    observationDelta += (t.acc.sums[2] as number) - (t.oldSums[2] as number);
  }
  /**
   * The group of `kind` a touched structure was in and is in, and the slots where that group's rows
   * may move: where its sums changed, or every slot it has when it changed group (its scores stay,
   * but two groups lose or gain them: a category move leaves its sector and the edition alone).
   */
  const groupsOf = (t: Touched, kind: GroupKey['kind']): { was: string; now: string; slots: Iterable<number> } => {
    const [was, now] = kind === 'category' ? [t.oldCategory, t.acc.category] : kind === 'sector' ? [t.oldSector, t.acc.sector] : ['', ''];
    return { was, now, slots: was === now ? t.changed : t.slots };
  };

  // Work estimate: every member of a touched category (former or new) at each slot where ranks may move.
  const categorySize = new Map<string, number>();
  for (const [, c] of members) categorySize.set(c, (categorySize.get(c) ?? 0) + 1);
  const slotsByCategory = new Map<string, Set<number>>();
  for (const t of touched) {
    const { was, now, slots: moving } = groupsOf(t, 'category');
    for (const c of new Set([was, now])) {
      const set = slotsByCategory.get(c) ?? new Set<number>();
      for (const s of moving) set.add(s);
      slotsByCategory.set(c, set);
    }
  }
  let work = 0;
  for (const [c, set] of slotsByCategory) work += ((categorySize.get(c) ?? 0) + 1) * set.size;
  if (work > maxWorkShare * members.length * nSlots) return false;

  // 2. Columns of the slots where a touched structure's sums changed: its new scores (a move alone changes none).
  const changedSlots = [...new Set(touched.flatMap((t) => [...t.changed]))].sort((a, b) => a - b);
  const readColumn = db.prepare('SELECT scores FROM score_column WHERE edition = ? AND level = ? AND key = ?').pluck();
  const writeColumn = db.prepare('UPDATE score_column SET scores = ? WHERE edition = ? AND level = ? AND key = ?');
  const storedColumns = new Map<number, Float64Array | undefined>();
  const storedColumn = (s: number): Float64Array | undefined => {
    if (!storedColumns.has(s)) {
      const slot = slots[s] as Slot;
      const blob = readColumn.get(edition, slot.level, slot.key) as Buffer | undefined;
      storedColumns.set(s, blob === undefined || blob.byteLength !== members.length * 8 ? undefined : columnValues(blob));
    }
    return storedColumns.get(s);
  };
  const oldColumns = new Map<number, Float64Array>();
  const newColumns = new Map<number, Float64Array>();
  const scoreAt = (sums: Float64Array, s: number): number => (present(sums, s) ? scoreOf(sums[s * F] as number, sums[s * F + 1] as number) ?? Number.NaN : Number.NaN);
  // Every column read below must be stored whole, checked before anything is written: the changed
  // slots, every slot of a structure changing group (the distributions of the groups it leaves and
  // joins) and, when a score changed, score_matrix's levels.
  const movedSlots = touched.flatMap((t) => (t.acc.category !== t.oldCategory || t.acc.sector !== t.oldSector ? t.slots : []));
  for (const s of new Set([...changedSlots, ...movedSlots, ...(changedSlots.length > 0 ? rowSlots : [])])) {
    if (storedColumn(s) === undefined) return false;
  }
  for (const s of changedSlots) {
    const slot = slots[s] as Slot;
    const before = storedColumn(s) as Float64Array;
    const after = Float64Array.from(before);
    for (const t of touched) if (t.changed.has(s)) after[t.position] = scoreAt(t.acc.sums, s);
    oldColumns.set(s, before);
    newColumns.set(s, after);
    writeColumn.run(columnBlob(after), edition, slot.level, slot.key);
  }
  const oldColumnAt = (s: number): Float64Array => oldColumns.get(s) ?? (storedColumn(s) as Float64Array);
  const newColumnAt = (s: number): Float64Array => newColumns.get(s) ?? (storedColumn(s) as Float64Array);

  // New membership (positions unchanged: the participants are the same).
  const category = members.map(([, c]) => c);
  const sector = members.map(([, , s]) => s);
  const oldCategory = [...category];
  const oldSector = [...sector];
  for (const t of touched) {
    category[t.position] = t.acc.category;
    sector[t.position] = t.acc.sector;
  }

  // 3. Group rows at the slots that may move: sums ± the touched structures' sums, distribution anew.
  const deltas = new Map<string, { key: GroupKey; slots: Map<number, { sums: Float64Array; structures: number }> }>();
  const deltaOf = (kind: GroupKey['kind'], code: string, s: number) => {
    const id = groupId(kind, code);
    let g = deltas.get(id);
    if (!g) {
      g = { key: { kind, code }, slots: new Map() };
      deltas.set(id, g);
    }
    let d = g.slots.get(s);
    if (!d) {
      d = { sums: new Float64Array(F), structures: 0 };
      g.slots.set(s, d);
    }
    return d;
  };
  for (const t of touched) {
    for (const kind of ['category', 'sector', 'edition'] as const) {
      const { was, now, slots: moving } = groupsOf(t, kind);
      for (const s of moving) {
        if (present(t.oldSums, s)) {
          const d = deltaOf(kind, was, s);
          for (let f = 0; f < F; f += 1) d.sums[f] = (d.sums[f] as number) - (t.oldSums[s * F + f] as number);
          d.structures -= 1;
        }
        if (present(t.acc.sums, s)) {
          const d = deltaOf(kind, now, s);
          for (let f = 0; f < F; f += 1) d.sums[f] = (d.sums[f] as number) + (t.acc.sums[s * F + f] as number);
          d.structures += 1;
        }
      }
    }
  }
  const readStats = db.prepare(`SELECT compliant_weight, applicable_weight, observations, applicable, compliant, audits, structures
    FROM score_stats WHERE edition = ? AND group_kind = ? AND group_code = ? AND level = ? AND key = ?`).raw(true);
  const deleteStats = db.prepare('DELETE FROM score_stats WHERE edition = ? AND group_kind = ? AND group_code = ? AND level = ? AND key = ?');
  const upsertStats = db.prepare(`INSERT OR REPLACE INTO score_stats (edition, group_kind, group_code, level, key, compliant_weight, applicable_weight,
    observations, applicable, compliant, audits, structures, n, mean, median, q1, q3, min, max, runs) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  // Positions of each group's members (new and former membership), built once.
  const positionsCache = new Map<string, Int32Array>();
  const positionsOf = (kind: GroupKey['kind'], code: string, former = false): Int32Array => {
    const id = `${former ? 'former' : 'now'}\u0000${groupId(kind, code)}`;
    let positions = positionsCache.get(id);
    if (positions === undefined) {
      const of = kind === 'category' ? (former ? oldCategory : category) : former ? oldSector : sector;
      const list: number[] = [];
      for (let i = 0; i < members.length; i += 1) if (kind === 'edition' || of[i] === code) list.push(i);
      positions = Int32Array.from(list);
      positionsCache.set(id, positions);
    }
    return positions;
  };
  const buffer = new Float64Array(members.length);
  const distribution = (column: Float64Array, positions: Int32Array): Float64Array => {
    let count = 0;
    for (let k = 0; k < positions.length; k += 1) {
      const v = column[positions[k] as number] as number;
      if (v === v) buffer[count++] = v;
    }
    return buffer.slice(0, count).sort();
  };
  /** A category's new sorted scores at a slot: its former ones less its leavers' old scores, plus its members' new ones (no sort). */
  const categoryAfter = (code: string, s: number, before: Float64Array): Float64Array => {
    const removed: number[] = [];
    const added: number[] = [];
    const oldColumn = oldColumnAt(s);
    const column = newColumnAt(s);
    for (const t of touched) {
      const was = oldColumn[t.position] as number;
      const now = column[t.position] as number;
      if (t.oldCategory === code && was === was) removed.push(was);
      if (t.acc.category === code && now === now) added.push(now);
    }
    return adjustSorted(before, removed, added) ?? distribution(column, positionsOf('category', code));
  };
  // A category's rows also carry its scores as runs, from which every member's place is derived
  // when read (category-runs.ts): a category whose scores change rewrites its rows, not its members'.
  for (const { key, slots: bySlot } of deltas.values()) {
    for (const [s, d] of bySlot) {
      const slot = slots[s] as Slot;
      const old = readStats.get(edition, key.kind, key.code, slot.level, slot.key) as number[] | undefined;
      const structures = (old?.[6] ?? 0) + d.structures;
      if (structures <= 0) {
        deleteStats.run(edition, key.kind, key.code, slot.level, slot.key);
        continue;
      }
      const sums = Array.from({ length: F }, (_, f) => (old?.[f] ?? 0) + (d.sums[f] as number));
      const sorted = key.kind === 'category'
        ? categoryAfter(key.code, s, distribution(oldColumnAt(s), positionsOf('category', key.code, true)))
        : distribution(newColumnAt(s), positionsOf(key.kind, key.code));
      const st = summarize(sorted);
      upsertStats.run(edition, key.kind, key.code, slot.level, slot.key, ...sums, structures, st.n, st.mean, st.median, st.q1, st.q3, st.min, st.max,
        key.kind === 'category' ? encodeRuns(DistinctRuns.fromSorted(sorted)) : null);
    }
  }

  // 5. The touched structures' own rows, rewritten whole (places derived when read: none stored).
  const deleteOwn = db.prepare('DELETE FROM score_cache WHERE edition = ? AND structure_code = ?');
  const deleteOwnItems = db.prepare('DELETE FROM score_cache_item WHERE edition = ? AND structure_code = ?');
  const insertCache = db.prepare(`INSERT INTO score_cache (edition, structure_code, level, key, compliant_weight, applicable_weight,
    observations, applicable, compliant, audits, score, peer_rank, peer_percentile) VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,NULL)`);
  const insertItems = db.prepare('INSERT INTO score_cache_item (edition, structure_code, items) VALUES (?,?,?)');
  const pack = new ItemPackBuilder(packLayout);
  const updateMember = db.prepare('UPDATE score_member SET category = ?, sector = ? WHERE edition = ? AND structure_code = ?');
  for (const t of touched) {
    deleteOwn.run(edition, t.code);
    deleteOwnItems.run(edition, t.code);
    const sums = t.acc.sums;
    for (const s of rowSlots) {
      if (!present(sums, s)) continue;
      const o = s * F;
      const slot = slots[s] as Slot;
      insertCache.run(edition, t.code, slot.level, slot.key, sums[o], sums[o + 1], sums[o + 2], sums[o + 3], sums[o + 4], sums[o + 5],
        scoreOf(sums[o] as number, sums[o + 1] as number));
    }
    pack.reset();
    for (const s of itemSlots) {
      const o = s * F;
      if (!present(sums, s)) continue;
      pack.set(itemIndex.get(s) as number, sums[o + 2] as number, sums[o + 3] as number, sums[o + 4] as number, 0, 0, 0, sums[o] as number, sums[o + 1] as number);
    }
    if (!pack.isEmpty()) insertItems.run(edition, t.code, pack.build());
    updateMember.run(t.acc.category, t.acc.sector, edition, t.code);
  }

  // 6. score_matrix: the levels with a changed slot, rebuilt from their columns.
  const codesInOrder = members.map(([code]) => code);
  const writeMatrix = db.prepare('INSERT OR REPLACE INTO score_matrix (edition, level, payload) VALUES (?, ?, ?)');
  for (const level of MATRIX_TABLE_LEVELS) {
    const levelSlots = rowSlots.filter((s) => (slots[s] as Slot).level === level);
    if (levelSlots.length === 0 || !levelSlots.some((s) => newColumns.has(s))) continue;
    const columns = levelSlots.map(newColumnAt);
    writeMatrix.run(edition, level, matrixPayload(codesInOrder, levelSlots.map((s) => (slots[s] as Slot).key), columns));
  }

  db.prepare('UPDATE score_cache_edition SET observations = ?, refreshed_at = ? WHERE edition = ?')
    .run(cached.observations + observationDelta, new Date().toISOString(), edition);
  return true;
}

/**
 * `before` (ascending) less one occurrence of each removed value, plus the added values, still
 * ascending: a category's new distribution when a few of its members changed, without a sort.
 * Undefined if a removed value is not there (the caller then sorts the column).
 */
export function adjustSorted(before: Float64Array, removed: number[], added: number[]): Float64Array | undefined {
  if (removed.length === 0 && added.length === 0) return before;
  removed.sort((a, b) => a - b);
  added.sort((a, b) => a - b);
  const out = new Float64Array(before.length - removed.length + added.length);
  let r = 0;
  let a = 0;
  let k = 0;
  for (let i = 0; i < before.length; i += 1) {
    const v = before[i] as number;
    if (r < removed.length && removed[r] === v) {
      r += 1;
      continue;
    }
    while (a < added.length && (added[a] as number) < v) out[k++] = added[a++] as number;
    if (k >= out.length) return undefined;
    out[k++] = v;
  }
  while (a < added.length) out[k++] = added[a++] as number;
  return r === removed.length && k === out.length ? out : undefined;
}
