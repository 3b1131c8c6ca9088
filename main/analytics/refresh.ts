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
 * per (category | sector | edition, level, key) pooled sums and distribution (and, since migration
 * 015, each category's scores as runs, from which the readers derive each structure's rank and
 * percentile; before it, these were computed here and stored per structure) → each table's rows
 * compared with the stored ones and only those that differ written (edition-rows.ts: most
 * refreshes change few rows, and writing was about half of the time).
 */
import type { Db } from '../db/connection.js';
import type { Level } from '../../shared/domain.js';
import { placeFromCounts, type DistinctRuns } from './score-math.js';
import type { DistributionStats } from '../../shared/analytics-types.js';
import { EditionRows } from './edition-rows.js';
import { F, addUpItems, editionLayout, type EditionLayout, type ItemTarget, type Slot, type StructureAcc } from './edition-layout.js';
import { NO_AUDITS, participantAccs, runsAt, scoreEdition, unscoredRows, type EditionScores, type EditionSumsSource, type GroupScores, type Participant } from './edition-scores.js';
import { hasTable } from '../db/schema.js';
import { ItemPackBuilder, largestCount, writeItemPackLayout, type ItemPackLayout } from './item-pack.js';
import { encodeRuns, hasCategoryRuns } from './category-runs.js';

export interface RefreshScope {
  /** Editions whose observations, items in force or participating structures may have changed. */
  editions: readonly number[];
  /**
   * Counts an import took as it wrote (written-sums.ts), or scores its reading thread computed
   * (edition-scores.ts), used instead of reading the observations back where they are exact.
   */
  written?: EditionSumsSource;
}

export type { PackedItem } from './item-pack.js';

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
 * Feeds packed audit rows [structure, audit id, compliances, item codes] to the structures' sums;
 * an item not in force goes to `onUnscored`. Per audit, the compliances are one character per
 * observation (1, 0, or 2 for not applicable: their length is the observation count) and the item
 * codes are joined by U+001E: crossing from SQLite to JS once per audit rather than once per
 * observation is what makes the pass fast, and audits of one channel share one item list,
 * resolved to its slots once. An audit whose item list does not split back into its observation
 * count (an item code containing U+001E) is read row by row instead. Returns the number of
 * observations read.
 */
export function feedPackedAudits(db: Db, layout: EditionLayout, rows: Iterable<[string, number, string | null, string | null]>,
  structures: ReadonlyMap<string, StructureAcc>, onUnscored: (itemCode: string) => void): number {
  const oneAudit = db.prepare('SELECT item_code, compliant FROM observation WHERE audit_id = ?').raw(true);
  const resolved = new Map<string, { codes: string[]; targets: Array<ItemTarget | undefined>; upper: Int32Array }>();
  const byItems = layout.weightsSumExactly;
  const fed = new Set<StructureAcc>();
  let observations = 0;
  for (const [code, auditId, compliances, itemList] of rows) {
    if (compliances === null || itemList === null) continue;
    const acc = structures.get(code);
    const count = compliances.length;
    observations += count;
    let list = resolved.get(itemList);
    if (list === undefined) {
      const codes = itemList.split('\u001e');
      const targets = codes.map((c) => layout.itemTargets.get(c));
      list = { codes, targets, upper: upperSlotsOf(targets) };
      resolved.set(itemList, list);
    }
    if (acc !== undefined && byItems) fed.add(acc);
    if (list.codes.length !== count) {
      const audit = oneAudit.all(auditId) as Array<[string, number | null]>;
      const targets: Array<ItemTarget | undefined> = [];
      for (const [itemCode, compliant] of audit) {
        const target = layout.itemTargets.get(itemCode);
        targets.push(target);
        if (target === undefined) onUnscored(itemCode);
        else if (byItems) addItemObservation(acc, target, compliant);
        else addObservation(acc, auditId, target, compliant);
      }
      if (byItems) countAuditInUpperSlots(acc, upperSlotsOf(targets));
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
      const compliant = c === 49 ? 1 : c === 48 ? 0 : null;
      if (byItems) addItemObservation(acc, target, compliant);
      else addObservation(acc, auditId, target, compliant);
    }
    if (byItems) countAuditInUpperSlots(acc, list.upper);
  }
  for (const acc of fed) addUpItems(acc.sums, layout);
  return observations;
}

/** The distinct overall, step, channel and determinant slots some items count in. */
function upperSlotsOf(targets: ReadonlyArray<ItemTarget | undefined>): Int32Array {
  const upper = new Set<number>();
  for (const target of targets) {
    if (target === undefined) continue;
    for (let t = 0; t < 4; t += 1) upper.add(target.targets[t] as number);
  }
  return Int32Array.from(upper);
}

/** One observation at its item's slot only (an item is observed once per audit: its audit count is 1 more). */
function addItemObservation(acc: StructureAcc | undefined, target: ItemTarget, compliant: number | null): void {
  if (acc === undefined) return;
  const sums = acc.sums;
  const o = (target.targets[4] as number) * F;
  const w = target.weight;
  if (compliant !== null) {
    sums[o + 1] = (sums[o + 1] as number) + w;
    sums[o + 3] = (sums[o + 3] as number) + 1;
    if (compliant === 1) {
      sums[o] = (sums[o] as number) + w;
      sums[o + 4] = (sums[o + 4] as number) + 1;
    }
  }
  sums[o + 2] = (sums[o + 2] as number) + 1;
  sums[o + 5] = (sums[o + 5] as number) + 1;
}

function countAuditInUpperSlots(acc: StructureAcc | undefined, upper: Int32Array): void {
  if (acc === undefined) return;
  const sums = acc.sums;
  for (let u = 0; u < upper.length; u += 1) {
    const o = (upper[u] as number) * F + 5;
    sums[o] = (sums[o] as number) + 1;
  }
}

/**
 * SELECT list of the packed audit rows read by `feedPackedAudits` (audit a ⨝ observation o, GROUP
 * BY a.id). The separator is a literal (char(30) was evaluated once per observation: 15 % of the
 * pass), and there is no COUNT(*): the compliances' length is the count.
 */
export const PACKED_AUDIT_COLUMNS = "a.structure_code, a.id, group_concat(coalesce(o.compliant, 2), ''), group_concat(o.item_code, '\u001e')";

/** Whether the workspace has the incremental refresh's tables (migration 011). */
export function hasScoreColumnTables(db: Db): boolean {
  return hasTable(db, 'score_member');
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
    for (const edition of editions) refreshEdition(db, edition, scope.written);
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
  return hasTable(db, 'score_matrix');
}

/** The tables refreshEdition writes, with their primary-key columns after `edition` and their value columns. */
const AGGREGATE_TABLES = {
  score_cache: [['structure_code', 'level', 'key'], ['compliant_weight', 'applicable_weight', 'observations', 'applicable', 'compliant', 'audits', 'score', 'peer_rank', 'peer_percentile']],
  score_cache_item: [['structure_code'], ['items']],
  score_stats: [['group_kind', 'group_code', 'level', 'key'], ['compliant_weight', 'applicable_weight', 'observations', 'applicable', 'compliant', 'audits',
    'structures', 'n', 'mean', 'median', 'q1', 'q3', 'min', 'max']],
  score_unscored_item: [['item_code'], ['observations', 'audits']],
  score_matrix: [['level'], ['payload']],
  score_column: [['level', 'key'], ['scores']],
  score_member: [['structure_code'], ['category', 'sector']],
} as const satisfies Record<string, readonly [readonly string[], readonly string[]]>;

type AggregateTable = keyof typeof AGGREGATE_TABLES;

/** `extraValues`: value columns a migration added after the table's first form (score_stats.runs, 015). */
const editionRows = (db: Db, table: AggregateTable, edition: number, extraValues: readonly string[] = []): EditionRows =>
  new EditionRows(db, table, AGGREGATE_TABLES[table][0], [...AGGREGATE_TABLES[table][1], ...extraValues], edition);

const NULL_COUNTS = Buffer.from('null,null,null]');

/**
 * The JSON text of one item row (before migration 014), written as UTF-8 bytes into a reused
 * buffer and decoded once: 2,000 rows of ~400 items, 9 numbers each, cost several times more as
 * strings concatenated or joined. The bytes are those of JSON.stringify's text: keys as JSON
 * strings, numbers as String(v) prints them (integers digit by digit).
 */
class PackedText {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private length = 0;

  reset(): void {
    this.length = 0;
  }

  empty(): boolean {
    return this.length === 0;
  }

  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const larger = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.length + n));
    this.buffer.copy(larger, 0, 0, this.length);
    this.buffer = larger;
  }

  byte(c: number): void {
    this.room(1);
    this.buffer[this.length++] = c;
  }

  bytes(b: Buffer): void {
    this.room(b.length);
    b.copy(this.buffer, this.length);
    this.length += b.length;
  }

  /** Bytes start..end of `source`, copied byte by byte (short runs: cheaper than Buffer.copy's checks). */
  slice(source: Buffer, start: number, end: number): void {
    this.room(end - start);
    const buffer = this.buffer;
    let at = this.length;
    if (end - start > 64) at += source.copy(buffer, at, start, end);
    else for (let k = start; k < end; k += 1) buffer[at++] = source[k] as number;
    this.length = at;
  }

  number(v: number): void {
    if (!(v >= 0 && v <= 0x7fffffff && Math.floor(v) === v)) {
      const printed = String(v);
      this.room(printed.length);
      this.length += this.buffer.write(printed, this.length, 'latin1');
      return;
    }
    let digits = 1;
    for (let t = v; t >= 10; t = (t / 10) | 0) digits += 1;
    this.room(digits);
    let d = v | 0;
    for (let p = this.length + digits - 1; p >= this.length; p -= 1) {
      const q = (d / 10) | 0;
      this.buffer[p] = 0x30 + d - 10 * q;
      d = q;
    }
    this.length += digits;
  }

  toString(): string {
    return this.buffer.toString('utf8', 0, this.length);
  }
}

/** The records' layout for an edition: its item slots in key order, 2-byte counts unless one is larger. */
function itemPackLayoutFor(layout: EditionLayout, accs: readonly StructureAcc[]): ItemPackLayout {
  let largest = accs.length;
  for (const acc of accs) for (const s of layout.itemSlots) largest = Math.max(largest, acc.sums[s * F + 2] as number);
  return {
    keys: layout.itemSlots.map((s) => (layout.slots[s] as Slot).key),
    weights: layout.itemSlots.map((s) => (layout.itemTargetsBySlot[s] as ItemTarget).weight),
    exact: layout.weightsSumExactly,
    width: largest <= largestCount({ width: 2 }) ? 2 : 4,
  };
}

/** An edition's scores from its participants' counters: counts an import took as it wrote, else its observations read back. */
function scoreFromCounters(db: Db, edition: number, layout: EditionLayout, participants: Participant[], written?: EditionSumsSource): EditionScores {
  const { accs, sums } = participantAccs(participants, layout);
  const unscored = new Map<string, number>();
  const countUnscored = (itemCode: string): void => {
    unscored.set(itemCode, (unscored.get(itemCode) ?? 0) + 1);
  };
  const perAudit = db.prepare(`SELECT ${PACKED_AUDIT_COLUMNS} FROM audit a JOIN observation o ON o.audit_id = a.id WHERE a.edition = ? GROUP BY a.id`).raw(true);
  const observations = written?.feed?.(edition, layout, accs, countUnscored)
    ?? feedPackedAudits(db, layout, perAudit.iterate(edition) as IterableIterator<[string, number, string, string]>, accs, countUnscored);
  return scoreEdition(layout, participants, sums, unscoredRows(unscored), observations);
}

function refreshEdition(db: Db, edition: number, written?: EditionSumsSource): void {
  const withMatrix = hasScoreMatrixTable(db);
  const withColumns = hasScoreColumnTables(db);
  // Since migration 015 places are derived when read, from the category rows' runs (category-runs.ts).
  const withRuns = hasCategoryRuns(db);
  const tables: AggregateTable[] = ['score_cache', 'score_cache_item', 'score_stats', 'score_unscored_item',
    ...(withMatrix ? ['score_matrix' as const] : []), ...(withColumns ? ['score_column' as const, 'score_member' as const] : [])];
  const exists = db.prepare('SELECT 1 FROM edition WHERE year = ?').pluck().get(edition);
  if (exists === undefined) {
    for (const table of [...tables, 'score_cache_edition']) db.prepare(`DELETE FROM ${table} WHERE edition = ?`).run(edition);
    if (hasTable(db, 'score_item_keys')) db.prepare('DELETE FROM score_item_keys WHERE edition = ?').run(edition);
    return;
  }

  const layout = editionLayout(db, edition);
  const { slots, rowSlots, itemSlots } = layout;

  const participants = db.prepare(`
    SELECT s.code, s.category, s.sector FROM structure s
    WHERE s.code IN (SELECT structure_code FROM audit WHERE edition = ?) ORDER BY s.code`).raw(true).all(edition) as Participant[];
  const { sums, columns, groups, unscored, observations } = written?.scoresFor?.(db, edition, layout, participants) ?? scoreFromCounters(db, edition, layout, participants, written);
  const nAccs = participants.length;
  const accs: StructureAcc[] = participants.map(([code, category, sector], i) => ({ code, category, sector, sums: sums[i] as Float64Array, lastAudit: NO_AUDITS }));
  const columnOf = (s: number): Float64Array => columns.subarray(s * nAccs, (s + 1) * nAccs);
  const categories = groups.filter((g) => g.kind === 'category');
  const categoryByCode = new Map(categories.map((g) => [g.code, g]));

  // score_cache rows and the item rows, in primary-key order (level, then key): every table is
  // written in its primary-key order, the order the stored rows are merged in. The item rows are
  // binary records (item-pack.ts); a workspace pinned below migration 014 (the migration tests)
  // gets the JSON text, the exact text JSON.stringify gives (numbers print the same way).
  const slotsInKeyOrder = [...rowSlots, ...itemSlots].sort((a, b) => {
    const x = slots[a] as Slot;
    const y = slots[b] as Slot;
    return x.level < y.level ? -1 : x.level > y.level ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0;
  });
  const cacheRows = editionRows(db, 'score_cache', edition);
  const itemRows = editionRows(db, 'score_cache_item', edition);
  const itemPrefix: Buffer[] = [];
  for (const s of itemSlots) itemPrefix[s] = Buffer.from(`[${JSON.stringify((slots[s] as Slot).key)},`, 'utf8');
  const text = new PackedText();
  // The item level as binary records (migration 014; a workspace pinned below it gets the JSON text).
  const packLayout = hasTable(db, 'score_item_keys') ? itemPackLayoutFor(layout, accs) : null;
  const pack = packLayout === null ? null : new ItemPackBuilder(packLayout);
  // Each category's sorted scores as distinct values, for the places of its members.
  const runsOf = new Map<GroupScores, DistinctRuns[]>(categories.map((g) => [g, runsAt(g)]));
  accs.forEach((acc, i) => {
    const peers = runsOf.get(categoryByCode.get(acc.category) as GroupScores) as DistinctRuns[];
    const sums = acc.sums;
    for (const s of rowSlots) {
      const o = s * F;
      if (s !== 0 && sums[o + 2] === 0) continue;
      const slot = slots[s] as Slot;
      const score = columns[s * nAccs + i] as number;
      let rank: number | null = null;
      let percentile: number | null = null;
      if (!withRuns && !Number.isNaN(score)) {
        const runs = peers[s] as DistinctRuns;
        const run = runs.runOf(score);
        ({ rank, percentile } = placeFromCounts(runs.belowAt(run), runs.equalAt(run, score), runs.n));
      }
      cacheRows.put([acc.code, slot.level, slot.key, sums[o] as number, sums[o + 1] as number, sums[o + 2] as number, sums[o + 3] as number,
        sums[o + 4] as number, sums[o + 5] as number, Number.isNaN(score) ? null : score, rank, percentile]);
    }
    if (pack !== null) {
      pack.reset();
      for (let index = 0; index < itemSlots.length; index += 1) {
        const o = (itemSlots[index] as number) * F;
        if (sums[o + 2] === 0) continue;
        const score = columns[(itemSlots[index] as number) * nAccs + i] as number;
        let below = 0;
        let equal = 0;
        let n = 0;
        if (!withRuns && !Number.isNaN(score)) {
          const runs = peers[itemSlots[index] as number] as DistinctRuns;
          const run = runs.runOf(score);
          below = runs.belowAt(run);
          equal = runs.equalAt(run, score);
          n = runs.n;
        }
        pack.set(index, sums[o + 2] as number, sums[o + 3] as number, sums[o + 4] as number, below, equal, n, sums[o] as number, sums[o + 1] as number);
      }
      if (!pack.isEmpty()) itemRows.put([acc.code, pack.build()]);
      return;
    }
    text.reset();
    for (const s of itemSlots) {
      const o = s * F;
      if (sums[o + 2] === 0) continue;
      text.byte(text.empty() ? 0x5b : 0x2c); // [ or ,
      text.bytes(itemPrefix[s] as Buffer);
      for (let f = 0; f < F; f += 1) {
        text.number(sums[o + f] as number);
        text.byte(0x2c);
      }
      const score = columns[s * nAccs + i] as number;
      if (Number.isNaN(score)) text.bytes(NULL_COUNTS);
      else {
        const runs = peers[s] as DistinctRuns;
        const run = runs.runOf(score);
        text.number(runs.belowAt(run));
        text.byte(0x2c);
        text.number(runs.equalAt(run, score));
        text.byte(0x2c);
        text.number(runs.n);
        text.byte(0x5d); // ]
      }
    }
    if (!text.empty()) {
      text.byte(0x5d);
      itemRows.put([acc.code, text.toString()]);
    }
  });
  cacheRows.finish();
  itemRows.finish();
  if (packLayout !== null) writeItemPackLayout(db, edition, packLayout);

  // The same scores column by column (score_matrix): a cell is null where score_cache has no row
  // or a null score. Structures in code order (participants' order), keys in key order.
  if (withMatrix) {
    const matrixRows = editionRows(db, 'score_matrix', edition);
    if (nAccs > 0) {
      const codes = accs.map((acc) => acc.code);
      for (const level of [...MATRIX_TABLE_LEVELS].sort()) {
        const levelSlots = rowSlots.filter((s) => (slots[s] as Slot).level === level);
        if (levelSlots.length === 0) continue;
        matrixRows.put([level, matrixPayload(codes, levelSlots.map((s) => (slots[s] as Slot).key), levelSlots.map(columnOf))]);
      }
    }
    matrixRows.finish();
  }
  // The incremental refresh's inputs (migration 011): every slot's column, and who was where.
  if (withColumns) {
    const columnRows = editionRows(db, 'score_column', edition);
    for (const s of slotsInKeyOrder) columnRows.put([(slots[s] as Slot).level, (slots[s] as Slot).key, columnBlob(columnOf(s))]);
    columnRows.finish();
    const memberRows = editionRows(db, 'score_member', edition);
    for (const acc of accs) memberRows.put([acc.code, acc.category, acc.sector]);
    memberRows.finish();
  }

  const statsRows = editionRows(db, 'score_stats', edition, withRuns ? ['runs'] : []);
  const groupsInKeyOrder = [...groups].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const g of groupsInKeyOrder) {
    for (const s of slotsInKeyOrder) {
      if ((g.structures[s] as number) === 0) continue;
      const o = s * F;
      const slot = slots[s] as Slot;
      const st = g.stats[s] as DistributionStats;
      const row: Array<string | number | Buffer | null> = [g.kind, g.code, slot.level, slot.key, g.sums[o] as number, g.sums[o + 1] as number, g.sums[o + 2] as number,
        g.sums[o + 3] as number, g.sums[o + 4] as number, g.sums[o + 5] as number, g.structures[s] as number, st.n, st.mean, st.median, st.q1, st.q3, st.min, st.max];
      if (withRuns) row.push(g.kind === 'category' ? encodeRuns((runsOf.get(g) as DistinctRuns[])[s] as DistinctRuns) : null);
      statsRows.put(row);
    }
  }
  statsRows.finish();

  const unscoredRows = editionRows(db, 'score_unscored_item', edition);
  for (const row of unscored) unscoredRows.put(row);
  unscoredRows.finish();

  db.prepare('INSERT OR REPLACE INTO score_cache_edition (edition, structures, observations, refreshed_at) VALUES (?,?,?,?)')
    .run(edition, participants.length, observations, new Date().toISOString());
}
