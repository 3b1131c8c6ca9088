/**
 * An edition's scores computed from its participants' counters: each structure's score at every
 * slot, and each group's (category, sector, edition) pooled counters, presence and distribution
 * figures, with each category's scores as runs. The refresh (refresh.ts) writes its tables from
 * them. It computes them itself, except after a streamed import of a new edition: the import's
 * reading thread, idle once the file is read while the writing thread is still inserting (~0.4 to
 * 0.9 s for a national file), counts what it sent and computes them there (written-sums.ts
 * `scoresToPost`); they reach the writing thread as a few typed arrays, transferred without a copy,
 * and are used only if that thread's workspace gives the same layout, participants, audits and
 * observations (`PostedEditionScores`).
 */
import type { Db } from '../db/connection.js';
import { F, slotId, type EditionLayout, type StructureAcc } from './edition-layout.js';
import { DistinctRuns, scoreOf, summarize } from './score-math.js';
import type { DistributionStats } from '../../shared/analytics-types.js';

/** A participant of an edition: its code, category and sector. Participants go in code order. */
export type Participant = [code: string, category: string, sector: string];

export interface GroupScores {
  kind: 'category' | 'sector' | 'edition';
  code: string;
  /** Positions of the members among the participants (code order). */
  members: number[];
  sums: Float64Array;
  /** Members with an observation at each slot. */
  structures: Int32Array;
  /** The distribution of the members' scores at each slot (n, mean, median, quartiles, min, max). */
  stats: DistributionStats[];
  /**
   * A category's scores at each slot as distinct values (score-math.ts `DistinctRuns`: the places
   * of its members, and its stored runs); empty for a sector or the edition. Plain arrays, so that
   * they cross to another thread (`runsAt` makes them runs again).
   */
  runs: Array<{ values: Float64Array; below: Int32Array }>;
}

export interface EditionScores {
  participants: Participant[];
  /** Each participant's counters, `slots × F` long (edition-layout.ts). */
  sums: Float64Array[];
  /**
   * The scores slot by slot, participants in code order within a slot (NaN: no score, or no
   * observation there): the distributions, score_matrix and score_column read a slot's scores as
   * one contiguous run.
   */
  columns: Float64Array;
  groups: GroupScores[];
  /** Observations of items not in force, by item code: [code, observations, audits]. */
  unscored: Array<[string, number, number]>;
  observations: number;
}

/**
 * Where a refresh may find an edition's counters without reading its observations back: counts an
 * import took as it wrote (written-sums.ts), or scores computed on a streamed import's reading
 * thread. Each answers null when it cannot stand in exactly.
 */
export interface EditionSumsSource {
  scoresFor?(db: Db, edition: number, layout: EditionLayout, participants: readonly Participant[]): EditionScores | null;
  feed?(edition: number, layout: EditionLayout, structures: ReadonlyMap<string, StructureAcc>, onUnscored: (itemCode: string) => void): number | null;
}

/** The `lastAudit` of a structure whose audits are not counted one observation at a time (see `participantAccs`). */
export const NO_AUDITS = new Float64Array(0);

/**
 * Zeroed counters for each participant (a national edition's are ~40 MB), one array each: arrays
 * of this size come from the allocator's pool, reused from one refresh to the next, where one
 * 40 MB buffer would be new memory each time (~0.1 s of page faults here). `lastAudit` is needed
 * only to count audits observation by observation, when the weights do not sum exactly
 * (refresh.ts `addObservation`).
 */
export function participantAccs(participants: readonly Participant[], layout: EditionLayout): { accs: Map<string, StructureAcc>; sums: Float64Array[] } {
  const nSlots = layout.slots.length;
  const sums: Float64Array[] = [];
  const accs = new Map<string, StructureAcc>();
  for (const [code, category, sector] of participants) {
    const own = new Float64Array(nSlots * F);
    sums.push(own);
    accs.set(code, { code, category, sector, sums: own, lastAudit: layout.weightsSumExactly ? NO_AUDITS : new Float64Array(nSlots).fill(Number.NaN) });
  }
  return { accs, sums };
}

/**
 * The score_unscored_item rows of items not in force, by code, from their observation counts: an
 * audit has at most one observation of an item, so each counts one audit too.
 */
export function unscoredRows(observations: ReadonlyMap<string, number>): Array<[string, number, number]> {
  return [...observations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([code, n]): [string, number, number] => [code, n, n]);
}

/** Adds a structure's counters to its group's, slot by slot (whole arrays: zero where it has no observation). */
function addInto(target: Float64Array, source: Float64Array): void {
  for (let o = 0; o < source.length; o += 1) target[o] = (target[o] as number) + (source[o] as number);
}

/** The categories whose members make up exactly group `g` (undefined when a category straddles it). */
function wholeCategoriesOf(g: GroupScores, participants: readonly Participant[], categories: readonly GroupScores[]): GroupScores[] | undefined {
  const codes = new Set(g.members.map((i) => (participants[i] as Participant)[1]));
  const parts = categories.filter((c) => codes.has(c.code));
  const size = parts.reduce((n, c) => n + c.members.length, 0);
  return size === g.members.length ? parts : undefined;
}

/** Merges ascending arrays into `out` (long enough), ascending; returns how many values. */
function mergeInto(out: Float64Array, parts: readonly Float64Array[]): number {
  if (parts.length === 1) {
    out.set(parts[0] as Float64Array);
    return (parts[0] as Float64Array).length;
  }
  const at = new Int32Array(parts.length);
  let k = 0;
  for (;;) {
    // The smallest head; the first part wins a tie (the values are equal: the order cannot show).
    let best = -1;
    let value = 0;
    for (let p = 0; p < parts.length; p += 1) {
      const part = parts[p] as Float64Array;
      const i = at[p] as number;
      if (i < part.length && (best === -1 || (part[i] as number) < value)) {
        best = p;
        value = part[i] as number;
      }
    }
    if (best === -1) return k;
    out[k++] = value;
    at[best] = (at[best] as number) + 1;
  }
}

/** Scores, group counters and distributions of an edition whose participants' counters are filled. */
export function scoreEdition(layout: EditionLayout, participants: Participant[], sums: Float64Array[], unscored: Array<[string, number, number]>, observations: number): EditionScores {
  const nSlots = layout.slots.length;
  const nAccs = participants.length;
  const width = nSlots * F;
  const columns = new Float64Array(nSlots * nAccs).fill(Number.NaN);
  for (let i = 0; i < nAccs; i += 1) {
    const own = sums[i] as Float64Array;
    for (let s = 0; s < nSlots; s += 1) {
      const o = s * F;
      if (s !== 0 && own[o + 2] === 0) continue;
      const score = scoreOf(own[o] as number, own[o + 1] as number);
      if (score !== null) columns[s * nAccs + i] = score;
    }
  }
  const columnOf = (s: number): Float64Array => columns.subarray(s * nAccs, (s + 1) * nAccs);

  // Groups: pooled sums (structures added in code order) and structures present per slot.
  const groups = new Map<string, GroupScores>();
  const groupOf = (kind: GroupScores['kind'], code: string): GroupScores => {
    const id = `${kind}\u0000${code}`;
    let g = groups.get(id);
    if (g === undefined) {
      g = { kind, code, members: [], sums: new Float64Array(width), structures: new Int32Array(nSlots), stats: [], runs: [] };
      groups.set(id, g);
    }
    return g;
  };
  participants.forEach(([, category, sector], i) => {
    for (const g of [groupOf('category', category), groupOf('sector', sector), groupOf('edition', '')]) g.members.push(i);
  });
  for (const g of groups.values()) {
    const { structures: present, members } = g;
    for (const i of members) {
      const own = sums[i] as Float64Array;
      addInto(g.sums, own);
      present[0] = (present[0] as number) + 1;
      for (let s = 1; s < nSlots; s += 1) if ((own[s * F + 2] as number) > 0) present[s] = (present[s] as number) + 1;
    }
  }
  // Distributions, slot by slot: each category's scores sorted, a sector that is a union of whole
  // categories merges their sorted scores, and the edition merges the sectors' (the sectors
  // partition the participants): one merge of its scores rather than a sort. The sorted scores go
  // into buffers reused from slot to slot; only each category's runs are kept.
  const categories = [...groups.values()].filter((g) => g.kind === 'category');
  const sectors = [...groups.values()].filter((g) => g.kind === 'sector');
  const editionGroup = [...groups.values()].filter((g) => g.kind === 'edition');
  const scratch = new Map<GroupScores, Float64Array>([...groups.values()].map((g) => [g, new Float64Array(g.members.length)]));
  const sortedAt = new Map<GroupScores, Float64Array>();
  const sortMembers = (g: GroupScores, s: number): Float64Array => {
    const column = columnOf(s);
    const out = scratch.get(g) as Float64Array;
    let count = 0;
    for (const i of g.members) {
      const v = column[i] as number;
      if (v === v) out[count++] = v;
    }
    return out.subarray(0, count).sort();
  };
  const runBuffers = new Map<GroupScores, { values: Float64Array; below: Int32Array }>(categories.map((g) => [g, {
    values: new Float64Array(nSlots * g.members.length), below: new Int32Array(nSlots * (g.members.length + 1)),
  }]));
  const partsOf = new Map<GroupScores, GroupScores[] | undefined>([
    ...sectors.map((g): [GroupScores, GroupScores[] | undefined] => [g, wholeCategoriesOf(g, participants, categories)]),
    ...editionGroup.map((g): [GroupScores, GroupScores[] | undefined] => [g, sectors]),
  ]);
  for (let s = 0; s < nSlots; s += 1) {
    for (const g of categories) {
      const sorted = sortMembers(g, s);
      sortedAt.set(g, sorted);
      g.stats.push(summarize(sorted));
      const { values, below } = runBuffers.get(g) as { values: Float64Array; below: Int32Array };
      const m = g.members.length;
      const runs = DistinctRuns.into(sorted, values.subarray(s * m, (s + 1) * m), below.subarray(s * (m + 1), (s + 1) * (m + 1)));
      g.runs.push({ values: runs.values, below: runs.below });
    }
    for (const g of [...sectors, ...editionGroup]) {
      const parts = partsOf.get(g);
      let sorted: Float64Array;
      if (parts === undefined) sorted = sortMembers(g, s);
      else {
        const out = scratch.get(g) as Float64Array;
        sorted = out.subarray(0, mergeInto(out, parts.map((c) => sortedAt.get(c) as Float64Array)));
      }
      sortedAt.set(g, sorted);
      g.stats.push(summarize(sorted));
    }
  }
  return { participants, sums, columns, groups: [...groups.values()], unscored, observations };
}

/** A category's runs at each slot (`GroupScores.runs`). */
export function runsAt(group: GroupScores): DistinctRuns[] {
  return group.runs.map(({ values, below }) => new DistinctRuns(values, below));
}

/** The buffers behind an edition's scores, to transfer them to another thread rather than copy them. */
export function transferablesOf(scores: EditionScores): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (array: Float64Array | Int32Array): void => {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  };
  for (const own of scores.sums) add(own);
  add(scores.columns);
  for (const g of scores.groups) {
    add(g.sums);
    add(g.structures);
    for (const { values, below } of g.runs) {
      add(values);
      add(below);
    }
  }
  return [...buffers];
}

/** What identifies the layout scores were computed with: its slots in order and each item's weight. */
export function layoutSignature(layout: EditionLayout): string {
  return layout.slots.map((slot, s) => `${slotId(slot.level, slot.key)}\u0001${layout.itemTargetsBySlot[s]?.weight ?? ''}`).join('\u0002');
}

/** An edition's scores as a reading thread posts them, with what they were computed from. */
export interface PostedEdition {
  edition: number;
  layout: string;
  audits: number;
  scores: EditionScores;
}

/** How many editions were refreshed from scores a reading thread posted (observed by the tests). */
export const postedScoresOutcomes = { used: 0 };

/**
 * The scores a streamed import's reading thread posted, for the refresh in the writing thread's
 * transaction. The reading thread computed them from what it sent, on its own snapshot of the
 * workspace (the one this transaction started from); they stand for this workspace's only if the
 * writing thread wrote exactly that: the same layout of the edition (items in force and weights),
 * the same participants with the same category and sector, as many audits in the edition as the
 * thread counted (so none before this file) and as many observations as it wrote there.
 */
export class PostedEditionScores implements EditionSumsSource {
  private readonly byEdition: Map<number, PostedEdition>;

  /** `observations`: per edition, the observations the writing thread wrote. */
  constructor(posted: readonly PostedEdition[], private readonly observations: ReadonlyMap<number, number>) {
    this.byEdition = new Map(posted.map((p) => [p.edition, p]));
  }

  scoresFor(db: Db, edition: number, layout: EditionLayout, participants: readonly Participant[]): EditionScores | null {
    const posted = this.byEdition.get(edition);
    if (posted === undefined) return null;
    const { scores } = posted;
    if (scores.observations !== this.observations.get(edition) || posted.layout !== layoutSignature(layout)) return null;
    if (scores.participants.length !== participants.length) return null;
    for (let i = 0; i < participants.length; i += 1) {
      const [code, category, sector] = participants[i] as Participant;
      const [postedCode, postedCategory, postedSector] = scores.participants[i] as Participant;
      if (code !== postedCode || category !== postedCategory || sector !== postedSector) return null;
    }
    const audits = db.prepare('SELECT COUNT(*) FROM audit WHERE edition = ?').pluck().get(edition) as number;
    if (audits !== posted.audits) return null;
    postedScoresOutcomes.used += 1;
    return scores;
  }
}
