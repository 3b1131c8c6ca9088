/**
 * The categories' scores as runs (main/analytics/category-runs.ts, migration 015): encoded, decoded
 * back to the same distinct values and counts, and placing any score exactly as the sorted sample
 * does (placeCounts), ties and unseen values included.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeRuns, encodeRuns } from '../../main/analytics/category-runs.js';
import { DistinctRuns, placeCounts } from '../../main/analytics/score-math.js';

describe('category runs', () => {
  it('round-trip: every score of the sample placed as placeCounts places it', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 40 }).map((v) => v * 2.5), { maxLength: 60 }), (scores) => {
      const sorted = Float64Array.from(scores).sort();
      const runs = decodeRuns(encodeRuns(DistinctRuns.fromSorted(sorted)));
      expect(runs.n).toBe(sorted.length);
      expect(Array.from(runs.values)).toEqual([...new Set(sorted)]);
      for (const value of [...sorted, -1, 3.3, 101]) {
        const run = runs.runOf(value);
        const { below, equal } = placeCounts(sorted, value);
        expect([runs.belowAt(run), runs.equalAt(run, value)]).toEqual([below, equal]);
      }
    }));
  });

  it('reads a blob whose bytes are not 8-aligned as well as an aligned one', () => {
    const blob = encodeRuns(DistinctRuns.fromSorted(Float64Array.from([10, 20, 20, 50])));
    const shifted = Buffer.alloc(blob.length + 3).subarray(3);
    blob.copy(shifted);
    for (const copy of [blob, shifted]) {
      const runs = decodeRuns(copy);
      expect([Array.from(runs.values), Array.from(runs.below), runs.n]).toEqual([[10, 20, 50], [0, 1, 3, 4], 4]);
    }
  });

  it('stores an empty category as n = 0', () => {
    const blob = encodeRuns(DistinctRuns.fromSorted(new Float64Array(0)));
    expect(blob.length).toBe(12);
    expect(decodeRuns(blob).n).toBe(0);
  });
});
