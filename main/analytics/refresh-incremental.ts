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
 *    from score_column (migration 011);
 * 3. the ranks and percentiles of the touched categories' structures at those slots only;
 * 4. score_matrix, score_column, score_member and score_cache_edition.
 * It falls back to the full refresh whenever a shortcut could differ from it: a structure joining
 * or leaving the edition, items in force that differ from the ones the aggregates were computed
 * with, observations of items not in force, an edition never refreshed (or refreshed before
 * migration 011), or more than `MAX_TOUCHED_SHARE` of the participants touched.
 */
import type { Db } from '../db/connection.js';
import type { Level } from '../../shared/domain.js';
import {
  F, MATRIX_TABLE_LEVELS, PACKED_AUDIT_COLUMNS, columnBlob, columnValues, editionLayout, feedPackedAudits, hasScoreColumnTables, hasScoreMatrixTable,
  matrixPayload, refreshAggregates, slotId, type PackedItem, type Slot, type StructureAcc,
} from './refresh.js';
import { placeCounts, rankAndPercentile, scoreOf, summarize } from './score-math.js';

/** Above this share of an edition's participants touched, one full pass is cheaper than many small ones. */
export const MAX_TOUCHED_SHARE = 0.1;

/**
 * Above this share of the full refresh's work (structures × slots), measured as the ranks to
 * recompute (members of the touched categories × their changed slots), the full refresh runs: a
 * structure changing category moves every slot of two categories, as costly as the whole edition.
 */
export const MAX_WORK_SHARE = 0.25;

/** Weights that are multiples of 2^-20 keep every sum of the edition exact (see the header). */
const EXACT_SCALE = 2 ** 20;

export interface TouchedScope {
  edition: number;
  /** Codes of the structures whose observations, audits, category or sector changed. */
  structures: Iterable<string>;
  /** Overrides MAX_WORK_SHARE (tests force the shortcut on small workspaces). */
  maxWorkShare?: number;
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
  /** Old score_cache rows by slot: rank and percentile kept where nothing moved. */
  oldRank: Map<number, [number | null, number | null]>;
  oldCounts: Map<number, [number | null, number | null, number | null]>;
  changed: Set<number>;
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
    if (path === 'full') refreshAggregates(db, { editions: [scope.edition] });
  })();
  return path;
}

/** Several editions' touched structures (an import may span editions). */
export function refreshTouchedEditions(db: Db, touched: ReadonlyMap<number, Iterable<string>>): void {
  db.transaction(() => {
    for (const [edition, structures] of touched) refreshTouched(db, { edition, structures });
  })();
}

function tryIncremental(db: Db, edition: number, codes: readonly string[], maxWorkShare: number): boolean {
  if (codes.length === 0) return db.prepare('SELECT 1 FROM score_cache_edition WHERE edition = ?').pluck().get(edition) !== undefined;
  if (!hasScoreColumnTables(db) || !hasScoreMatrixTable(db)) return false;
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
      oldSums: new Float64Array(nSlots * F), oldRank: new Map(), oldCounts: new Map(), changed: new Set(),
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
  // Every pooled sum stays below 2^53 in units of 2^-20, so no addition rounds.
  let maxWeight = 0;
  for (const { weight } of layout.itemTargets.values()) maxWeight = Math.max(maxWeight, weight);
  if ((cached.observations + newObservations) * maxWeight * EXACT_SCALE >= 2 ** 53) return false;

  // Old sums, ranks and item counts, from the cache.
  const oldRows = db.prepare(`SELECT level, key, compliant_weight, applicable_weight, observations, applicable, compliant, audits, peer_rank, peer_percentile
    FROM score_cache WHERE edition = ? AND structure_code = ?`).raw(true);
  const oldItems = db.prepare('SELECT items FROM score_cache_item WHERE edition = ? AND structure_code = ?').pluck();
  const present = (sums: Float64Array, s: number): boolean => s === 0 || (sums[s * F + 2] as number) > 0;
  let observationDelta = 0;
  for (const t of touched) {
    for (const [level, key, ...rest] of oldRows.all(edition, t.code) as Array<[Level, string, ...number[]]>) {
      const s = slotIndex.get(slotId(level, key));
      if (s === undefined) return false;
      for (let f = 0; f < F; f += 1) t.oldSums[s * F + f] = rest[f] as number;
      t.oldRank.set(s, [rest[6] ?? null, rest[7] ?? null]);
    }
    const packed = oldItems.get(edition, t.code) as string | undefined;
    for (const p of packed === undefined ? [] : (JSON.parse(packed) as PackedItem[])) {
      const s = slotIndex.get(slotId('item', p[0]));
      if (s === undefined) return false;
      for (let f = 0; f < F; f += 1) t.oldSums[s * F + f] = p[1 + f] as number;
      t.oldCounts.set(s, [p[7], p[8], p[9]]);
    }
    const moved = t.acc.category !== t.oldCategory || t.acc.sector !== t.oldSector;
    for (let s = 0; s < nSlots; s += 1) {
      const isOld = present(t.oldSums, s);
      const isNew = present(t.acc.sums, s);
      if (!isOld && !isNew) continue;
      let differs = moved || isOld !== isNew;
      for (let f = 0; f < F && !differs; f += 1) differs = t.oldSums[s * F + f] !== t.acc.sums[s * F + f];
      if (differs) t.changed.add(s);
    }
    observationDelta += (t.acc.sums[2] as number) - (t.oldSums[2] as number);
  }

  // Work estimate: every member of a touched category (former or new) at each changed slot.
  const categorySize = new Map<string, number>();
  for (const [, c] of members) categorySize.set(c, (categorySize.get(c) ?? 0) + 1);
  const slotsByCategory = new Map<string, Set<number>>();
  for (const t of touched) {
    for (const c of new Set([t.oldCategory, t.acc.category])) {
      const set = slotsByCategory.get(c) ?? new Set<number>();
      for (const s of t.changed) set.add(s);
      slotsByCategory.set(c, set);
    }
  }
  let work = 0;
  for (const [c, set] of slotsByCategory) work += ((categorySize.get(c) ?? 0) + 1) * set.size;
  if (work > maxWorkShare * members.length * nSlots) return false;

  // 2. Columns of the changed slots: the touched structures' new scores.
  const changedSlots = [...new Set(touched.flatMap((t) => [...t.changed]))].sort((a, b) => a - b);
  const readColumn = db.prepare('SELECT scores FROM score_column WHERE edition = ? AND level = ? AND key = ?').pluck();
  const writeColumn = db.prepare('UPDATE score_column SET scores = ? WHERE edition = ? AND level = ? AND key = ?');
  const oldColumns = new Map<number, Float64Array>();
  const newColumns = new Map<number, Float64Array>();
  const scoreAt = (sums: Float64Array, s: number): number => (present(sums, s) ? scoreOf(sums[s * F] as number, sums[s * F + 1] as number) ?? Number.NaN : Number.NaN);
  for (const s of changedSlots) {
    const slot = slots[s] as Slot;
    const blob = readColumn.get(edition, slot.level, slot.key) as Buffer | undefined;
    if (blob === undefined || blob.byteLength !== members.length * 8) return false;
    const before = columnValues(blob);
    const after = Float64Array.from(before);
    for (const t of touched) if (t.changed.has(s)) after[t.position] = scoreAt(t.acc.sums, s);
    oldColumns.set(s, before);
    newColumns.set(s, after);
    writeColumn.run(columnBlob(after), edition, slot.level, slot.key);
  }

  // New membership (positions unchanged: the participants are the same).
  const category = members.map(([, c]) => c);
  const sector = members.map(([, , s]) => s);
  const oldCategory = [...category];
  const oldSector = [...sector];
  for (const t of touched) {
    category[t.position] = t.acc.category;
    sector[t.position] = t.acc.sector;
  }

  // 3. Group rows at the changed slots: sums ± the touched structures' sums, distribution anew.
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
    for (const s of t.changed) {
      if (present(t.oldSums, s)) {
        for (const [kind, code] of [['category', t.oldCategory], ['sector', t.oldSector], ['edition', '']] as const) {
          const d = deltaOf(kind, code, s);
          for (let f = 0; f < F; f += 1) d.sums[f] = (d.sums[f] as number) - (t.oldSums[s * F + f] as number);
          d.structures -= 1;
        }
      }
      if (present(t.acc.sums, s)) {
        for (const [kind, code] of [['category', t.acc.category], ['sector', t.acc.sector], ['edition', '']] as const) {
          const d = deltaOf(kind, code, s);
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
    observations, applicable, compliant, audits, structures, n, mean, median, q1, q3, min, max) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
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
  /** New sorted scores of each touched category at each changed slot, for the ranks. */
  const categorySorted = new Map<string, Map<number, { before: Float64Array; after: Float64Array }>>();
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
      const column = newColumns.get(s) as Float64Array;
      const sorted = distribution(column, positionsOf(key.kind, key.code));
      if (key.kind === 'category') {
        let bySlotSorted = categorySorted.get(key.code);
        if (!bySlotSorted) categorySorted.set(key.code, (bySlotSorted = new Map()));
        bySlotSorted.set(s, { before: distribution(oldColumns.get(s) as Float64Array, positionsOf('category', key.code, true)), after: sorted });
      }
      const st = summarize(sorted);
      upsertStats.run(edition, key.kind, key.code, slot.level, slot.key, ...sums, structures, st.n, st.mean, st.median, st.q1, st.q3, st.min, st.max);
    }
  }

  // 4. Ranks and percentiles of the other structures of the touched categories, where they moved.
  const touchedPositions = new Set(touched.map((t) => t.position));
  const updateRank = db.prepare('UPDATE score_cache SET peer_rank = ?, peer_percentile = ? WHERE edition = ? AND structure_code = ? AND level = ? AND key = ?');
  const itemPatches = new Map<number, Map<string, [number, number, number]>>();
  for (const [code, bySlot] of categorySorted) {
    for (const [s, { before, after }] of bySlot) {
      const slot = slots[s] as Slot;
      const oldColumn = oldColumns.get(s) as Float64Array;
      const column = newColumns.get(s) as Float64Array;
      for (const i of positionsOf('category', code)) {
        if (touchedPositions.has(i)) continue;
        const score = column[i] as number;
        if (Number.isNaN(score)) continue;
        const now = placeCounts(after, score);
        // Untouched structures keep their score; they were in the same category before.
        const was = oldCategory[i] === code && (oldColumn[i] as number) === score ? placeCounts(before, score) : null;
        if (was !== null && was.below === now.below && was.equal === now.equal && was.n === now.n) continue;
        if (slot.level === 'item') {
          let patches = itemPatches.get(i);
          if (!patches) itemPatches.set(i, (patches = new Map()));
          patches.set(slot.key, [now.below, now.equal, now.n]);
        } else {
          const placed = rankAndPercentile(after, score);
          updateRank.run(placed.rank, placed.percentile, edition, members[i]?.[0], slot.level, slot.key);
        }
      }
    }
  }
  const writeItems = db.prepare('UPDATE score_cache_item SET items = ? WHERE edition = ? AND structure_code = ?');
  for (const [i, patches] of itemPatches) {
    const code = (members[i] as [string, string, string])[0];
    writeItems.run(patchPackedCounts(oldItems.get(edition, code) as string, patches), edition, code);
  }

  // 5. The touched structures' own rows, rewritten whole.
  const deleteOwn = db.prepare('DELETE FROM score_cache WHERE edition = ? AND structure_code = ?');
  const deleteOwnItems = db.prepare('DELETE FROM score_cache_item WHERE edition = ? AND structure_code = ?');
  const insertCache = db.prepare(`INSERT INTO score_cache (edition, structure_code, level, key, compliant_weight, applicable_weight,
    observations, applicable, compliant, audits, score, peer_rank, peer_percentile) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insertItems = db.prepare('INSERT INTO score_cache_item (edition, structure_code, items) VALUES (?,?,?)');
  const updateMember = db.prepare('UPDATE score_member SET category = ?, sector = ? WHERE edition = ? AND structure_code = ?');
  for (const t of touched) {
    deleteOwn.run(edition, t.code);
    deleteOwnItems.run(edition, t.code);
    const peers = categorySorted.get(t.acc.category);
    const sums = t.acc.sums;
    for (const s of rowSlots) {
      if (!present(sums, s)) continue;
      const o = s * F;
      const slot = slots[s] as Slot;
      const score = scoreOf(sums[o] as number, sums[o + 1] as number);
      let rank: number | null = null;
      let percentile: number | null = null;
      if (score !== null) {
        const sorted = peers?.get(s)?.after;
        if (sorted) ({ rank, percentile } = rankAndPercentile(sorted, score));
        else [rank, percentile] = t.oldRank.get(s) ?? [null, null];
      }
      insertCache.run(edition, t.code, slot.level, slot.key, sums[o], sums[o + 1], sums[o + 2], sums[o + 3], sums[o + 4], sums[o + 5], score, rank, percentile);
    }
    const packed: PackedItem[] = [];
    for (const s of itemSlots) {
      const o = s * F;
      if (!present(sums, s)) continue;
      const score = scoreOf(sums[o] as number, sums[o + 1] as number);
      let counts: [number | null, number | null, number | null] = [null, null, null];
      if (score !== null) {
        const sorted = peers?.get(s)?.after;
        if (sorted) {
          const c = placeCounts(sorted, score);
          counts = [c.below, c.equal, c.n];
        } else counts = t.oldCounts.get(s) ?? counts;
      }
      packed.push([(slots[s] as Slot).key, sums[o] as number, sums[o + 1] as number, sums[o + 2] as number, sums[o + 3] as number,
        sums[o + 4] as number, sums[o + 5] as number, ...counts]);
    }
    if (packed.length > 0) insertItems.run(edition, t.code, JSON.stringify(packed));
    updateMember.run(t.acc.category, t.acc.sector, edition, t.code);
  }

  // 6. score_matrix: the levels with a changed slot, rebuilt from their columns.
  const codesInOrder = members.map(([code]) => code);
  const writeMatrix = db.prepare('INSERT OR REPLACE INTO score_matrix (edition, level, payload) VALUES (?, ?, ?)');
  for (const level of MATRIX_TABLE_LEVELS) {
    const levelSlots = rowSlots.filter((s) => (slots[s] as Slot).level === level);
    if (levelSlots.length === 0 || !levelSlots.some((s) => newColumns.has(s))) continue;
    const columns = levelSlots.map((s) => newColumns.get(s) ?? columnValues(readColumn.get(edition, level, (slots[s] as Slot).key) as Buffer));
    writeMatrix.run(edition, level, matrixPayload(codesInOrder, levelSlots.map((s) => (slots[s] as Slot).key), columns));
  }

  db.prepare('UPDATE score_cache_edition SET observations = ?, refreshed_at = ? WHERE edition = ?')
    .run(cached.observations + observationDelta, new Date().toISOString(), edition);
  return true;
}

/**
 * Rewrites the peer counts (below, equal, n) of some items in a score_cache_item text without
 * parsing it: the 2,000-structure category rows are 15 Ko of JSON each, and a correction moves the
 * counts of one item in hundreds of them. The text stays exactly what JSON.stringify writes for
 * the patched array (integers print the same way), which the tests check against a full refresh.
 * An entry is found by `["<code>",`: inside a JSON string a quote is always escaped, so that
 * sequence can only open an entry.
 */
export function patchPackedCounts(text: string, patches: ReadonlyMap<string, readonly [number, number, number]>): string {
  // Many items (a new audit moves a whole channel's): one pass over the text beats many copies.
  if (patches.size > 8) return patchInOnePass(text, patches);
  let out = text;
  for (const [key, [below, equal, n]] of patches) {
    const quoted = JSON.stringify(key);
    const start = out.indexOf(`[${quoted},`);
    if (start < 0) continue;
    const fieldsStart = start + 1 + quoted.length;
    const close = out.indexOf(']', fieldsStart);
    const fields = out.slice(fieldsStart + 1, close).split(',');
    // Not the shape written by the refresh: patch through JSON instead.
    if (fields.length !== 9) return patchThroughJson(text, patches);
    fields[6] = String(below);
    fields[7] = String(equal);
    fields[8] = String(n);
    out = `${out.slice(0, fieldsStart + 1)}${fields.join(',')}${out.slice(close)}`;
  }
  return out;
}

function patchThroughJson(text: string, patches: ReadonlyMap<string, readonly [number, number, number]>): string {
  const packed = JSON.parse(text) as PackedItem[];
  for (const p of packed) {
    const patch = patches.get(p[0]);
    if (patch) [p[7], p[8], p[9]] = patch;
  }
  return JSON.stringify(packed);
}

/** The same patch in one scan of the entries; any escaped key (a backslash) goes through JSON. */
function patchInOnePass(text: string, patches: ReadonlyMap<string, readonly [number, number, number]>): string {
  const parts: string[] = [];
  let copied = 0;
  let pos = 0;
  for (;;) {
    const open = text.indexOf('["', pos);
    if (open < 0) break;
    const keyEnd = text.indexOf('"', open + 2);
    const key = text.slice(open + 2, keyEnd);
    if (key.includes('\\')) return patchThroughJson(text, patches);
    const close = text.indexOf(']', keyEnd);
    const patch = patches.get(key);
    if (patch) {
      const fields = text.slice(keyEnd + 2, close).split(',');
      if (fields.length !== 9) return patchThroughJson(text, patches);
      [fields[6], fields[7], fields[8]] = [String(patch[0]), String(patch[1]), String(patch[2])];
      parts.push(text.slice(copied, keyEnd + 2), fields.join(','));
      copied = close;
    }
    pos = close + 1;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
