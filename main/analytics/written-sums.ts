/**
 * An edition's counts taken as an import writes its audits, for the refresh in the same
 * transaction: a national results file writes about two million observations, and reading them
 * back for the aggregates was a quarter of the import. Used only where it is exact by
 * construction:
 * - the edition had no audit when its first audit was written here, so every audit and
 *   observation it has at the refresh came through `audit`/`observation` (the refresh checks the
 *   audit count again);
 * - every weight sums exactly (`EditionLayout.weightsSumExactly`), so an item's weight sums are its
 *   weight times its counts, and the upper levels are the sums of the items, bit for bit what
 *   reading the observations back gives;
 * - no item twice in an audit (the writer would refuse it anyway).
 * Otherwise the edition is marked unusable and the refresh reads the observations back as before.
 * The counts go straight into the refresh's counters (edition-layout.ts, `F` per slot: the weight
 * sums filled in at the end), so that a streamed import's reading thread hands its arrays over as
 * they are (41 MB for a national edition, allocated as structures appear).
 */
import type { Db } from '../db/connection.js';
import { F, addUpItems, editionLayout, type EditionLayout, type StructureAcc } from './edition-layout.js';
import { itemsInForceForYear } from './items-in-force.js';
import { layoutSignature, scoreEdition, unscoredRows, type EditionSumsSource, type Participant, type PostedEdition } from './edition-scores.js';

interface EditionCounts {
  layout: EditionLayout;
  /** Item code → its item slot (undefined: not in force). */
  itemSlot: Map<string, number>;
  /** Each structure's counters: observations, applicable, compliant and audits at each slot, weight sums still zero. */
  structures: Map<string, Float64Array>;
  /** Per slot, the audit ordinal that last counted there (an audit counts once per slot). */
  stamp: Int32Array;
  audits: number;
  observations: number;
  unscored: Map<string, number>;
  usable: boolean;
}

/** How many editions were refreshed from written counts (observed by the tests). */
export const writtenSumsOutcomes = { used: 0 };

export class WrittenEditionSums implements EditionSumsSource {
  private readonly editions = new Map<number, EditionCounts | null>();
  private readonly editionHasAudits;
  private current: { counts: EditionCounts; structure: Float64Array; ordinal: number } | null = null;
  private ordinal = 0;

  constructor(private readonly db: Db) {
    this.editionHasAudits = db.prepare('SELECT 1 FROM audit WHERE edition = ? LIMIT 1').pluck();
  }

  /** Before the audit is inserted: opens the audit whose observations follow. */
  audit(edition: number, structureCode: string): void {
    let counts = this.editions.get(edition);
    if (counts === undefined) {
      counts = this.editionHasAudits.get(edition) !== undefined ? null : this.startEdition(edition);
      this.editions.set(edition, counts);
    }
    if (counts === null || !counts.usable) {
      this.current = null;
      return;
    }
    let structure = counts.structures.get(structureCode);
    if (structure === undefined) {
      structure = new Float64Array(counts.layout.slots.length * F);
      counts.structures.set(structureCode, structure);
    }
    counts.audits += 1;
    this.ordinal += 1;
    this.current = { counts, structure, ordinal: this.ordinal };
  }

  observation(itemCode: string, compliant: 0 | 1 | null): void {
    const current = this.current;
    if (current === null) return;
    const { counts, structure, ordinal } = current;
    counts.observations += 1;
    const s = counts.itemSlot.get(itemCode);
    if (s === undefined) {
      counts.unscored.set(itemCode, (counts.unscored.get(itemCode) ?? 0) + 1);
      return;
    }
    const stamp = counts.stamp;
    if (stamp[s] === ordinal) {
      counts.usable = false; // an item twice in one audit
      return;
    }
    stamp[s] = ordinal;
    const o = s * F;
    structure[o + 2] = (structure[o + 2] as number) + 1;
    if (compliant !== null) {
      structure[o + 3] = (structure[o + 3] as number) + 1;
      if (compliant === 1) structure[o + 4] = (structure[o + 4] as number) + 1;
    }
    structure[o + 5] = (structure[o + 5] as number) + 1;
    const targets = (counts.layout.itemTargetsBySlot[s] as { targets: Int32Array }).targets;
    for (let t = 0; t < 4; t += 1) {
      const u = targets[t] as number;
      if (stamp[u] === ordinal) continue;
      stamp[u] = ordinal;
      structure[u * F + 5] = (structure[u * F + 5] as number) + 1;
    }
  }

  /**
   * Fills the refresh's structure sums for `edition` and returns its observation count, or null
   * when the counts cannot stand in for reading the observations back (then nothing is touched).
   */
  feed(edition: number, layout: EditionLayout, structures: ReadonlyMap<string, StructureAcc>, onUnscored: (itemCode: string) => void): number | null {
    const counts = this.usable(edition, layout);
    if (counts === null) return null;
    const audits = this.db.prepare('SELECT COUNT(*) FROM audit WHERE edition = ?').pluck().get(edition) as number;
    if (audits !== counts.audits || structures.size !== counts.structures.size) return null;
    for (const code of counts.structures.keys()) if (!structures.has(code)) return null;
    for (const [code, own] of counts.structures) {
      const sums = (structures.get(code) as StructureAcc).sums;
      sums.set(own);
      completeSums(sums, layout);
    }
    for (const [itemCode, n] of counts.unscored) for (let k = 0; k < n; k += 1) onUnscored(itemCode);
    writtenSumsOutcomes.used += 1;
    return counts.observations;
  }

  /**
   * On a streamed import's reading thread, once the file is read: the scores of each edition its
   * counts stand for, from this thread's snapshot of the workspace (the one the writing thread's
   * transaction started from). The writing thread checks they are its workspace's before using
   * them (edition-scores.ts `PostedEditionScores`). An edition with a structure the workspace does
   * not know is left out (the writing thread gives the stream up on it anyway).
   */
  scoresToPost(): PostedEdition[] {
    const posted: PostedEdition[] = [];
    const known = new Map((this.db.prepare('SELECT code, category, sector FROM structure').raw(true).all() as Participant[]).map((p) => [p[0], p]));
    for (const [edition, counts] of this.editions) {
      if (counts === null || !counts.usable) continue;
      const participants: Participant[] = [];
      for (const code of counts.structures.keys()) {
        const participant = known.get(code);
        if (participant !== undefined) participants.push(participant);
      }
      if (participants.length !== counts.structures.size) continue;
      participants.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      // The counters become the participants' sums in place: this thread is done with them.
      const sums = participants.map(([code]) => completeSums(counts.structures.get(code) as Float64Array, counts.layout));
      posted.push({ edition, layout: layoutSignature(counts.layout), audits: counts.audits, scores: scoreEdition(counts.layout, participants, sums, unscoredRows(counts.unscored), counts.observations) });
    }
    return posted;
  }

  /** The counts of `edition` if they can stand for its observations under `layout`. */
  private usable(edition: number, layout: EditionLayout): EditionCounts | null {
    const counts = this.editions.get(edition);
    if (counts === undefined || counts === null || !counts.usable) return null;
    return layout.slots.length === counts.layout.slots.length && layout.weightsSumExactly ? counts : null;
  }

  private startEdition(edition: number): EditionCounts {
    // The edition may be new to this connection's snapshot (a streamed import's reading thread).
    const layout = editionLayout(this.db, edition, itemsInForceForYear(this.db, edition));
    const itemSlot = new Map<string, number>();
    for (const [code, target] of layout.itemTargets) itemSlot.set(code, target.targets[4] as number);
    return {
      layout, itemSlot, structures: new Map(), stamp: new Int32Array(layout.slots.length), audits: 0, observations: 0, unscored: new Map(),
      usable: layout.weightsSumExactly,
    };
  }
}

/** A structure's counters made its refresh sums, in place: each item's weight sums (its weight times its counts, exact here), then the upper levels from the items. */
function completeSums(sums: Float64Array, layout: EditionLayout): Float64Array {
  for (const s of layout.itemSlots) {
    const o = s * F;
    if (sums[o + 2] === 0) continue;
    const weight = (layout.itemTargetsBySlot[s] as { weight: number }).weight;
    sums[o] = weight * (sums[o + 4] as number);
    sums[o + 1] = weight * (sums[o + 3] as number);
  }
  addUpItems(sums, layout);
  return sums;
}
