/**
 * The item records of score_cache_item (main/analytics/item-pack.ts): what is set is read back as
 * the tuple the readers use, for exact and inexact weights, 2- and 4-byte counts; places patched in
 * place; the JSON text of a workspace without migration 014 still read.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ItemPackBuilder, largestCount, placeOffset, recordBytes, unpackItems, writePlaceCounts, type ItemPackLayout, type PackedItem } from '../../main/analytics/item-pack.js';

const KEYS = ['ACC-01', 'MEL-02', 'TEL-01', 'É-03'];

const recordArb = (width: 2 | 4) => fc.option(fc.record({
  observations: fc.integer({ min: 1, max: width === 2 ? 0xffff : 200_000 }),
  applicable: fc.nat({ max: 0xffff }),
  compliant: fc.nat({ max: 0xffff }),
  place: fc.option(fc.tuple(fc.nat({ max: 0xfff0 }), fc.integer({ min: 1, max: 10 }))),
}), { nil: undefined });

describe('item records', () => {
  for (const [exact, width] of [[true, 2], [false, 2], [true, 4], [false, 4]] as const) {
    it(`read back what was set (${exact ? 'exact' : 'inexact'} weights, ${width}-byte counts)`, () => {
      const weights = exact ? [1, 2, 0.5, 3] : [0.1, 0.7, 2, 1.3];
      const layout: ItemPackLayout = { keys: KEYS, weights, exact, width };
      const builder = new ItemPackBuilder(layout);
      fc.assert(fc.property(fc.array(recordArb(width), { minLength: KEYS.length, maxLength: KEYS.length }), fc.double({ min: 0, max: 50, noNaN: true }), (records, sum) => {
        builder.reset();
        const expected: PackedItem[] = [];
        records.forEach((r, index) => {
          if (r === undefined) return;
          const applicable = Math.min(r.applicable, r.observations);
          const compliant = Math.min(r.compliant, applicable);
          const weight = weights[index] as number;
          // Inexact weights: the stored sums, whatever they are; exact: weight × count.
          const [cw, aw] = exact ? [weight * compliant, weight * applicable] : [sum * index, sum + index];
          const [below, equal] = r.place ?? [0, 0];
          const n = r.place ? below + equal + 3 : 0;
          builder.set(index, r.observations, applicable, compliant, below, equal, n, cw, aw);
          expected.push([KEYS[index] as string, cw, aw, r.observations, applicable, compliant, r.observations, n ? below : null, n ? equal : null, n ? n : null]);
        });
        expect(builder.isEmpty()).toBe(expected.length === 0);
        const blob = builder.build();
        expect(blob.length).toBe(recordBytes(layout) * KEYS.length);
        expect(unpackItems(blob, layout)).toEqual(expected);
      }), { numRuns: 60 });
    });
  }

  it('replaces a place in place, leaving the other records as they were', () => {
    const layout: ItemPackLayout = { keys: KEYS, weights: [1, 1, 1, 1], exact: true, width: 2 };
    const builder = new ItemPackBuilder(layout);
    builder.set(0, 3, 2, 1, 4, 1, 9, 1, 2);
    builder.set(2, 5, 5, 5, 0, 2, 9, 5, 5);
    const blob = builder.build();
    const before = unpackItems(blob, layout);
    writePlaceCounts(blob, placeOffset(layout, 2), layout.width, 7, 1, 12);
    expect(unpackItems(blob, layout)).toEqual([before[0], ['TEL-01', 5, 5, 5, 5, 5, 5, 7, 1, 12]]);
    expect(largestCount(layout)).toBe(65_535);
  });

  it('replaces a place of four-byte counts beyond 65,535, weights stored', () => {
    const layout: ItemPackLayout = { keys: KEYS, weights: [0.1, 0.1, 0.1, 0.1], exact: false, width: 4 };
    const builder = new ItemPackBuilder(layout);
    builder.set(1, 70_000, 70_000, 3, 5, 1, 80_000, 0.3, 7000);
    const blob = builder.build();
    writePlaceCounts(blob, placeOffset(layout, 1), layout.width, 66_000, 3, 131_072);
    expect(unpackItems(blob, layout)).toEqual([[KEYS[1], 0.3, 7000, 70_000, 70_000, 3, 70_000, 66_000, 3, 131_072]]);
  });

  it('reads the JSON text written before migration 014', () => {
    const packed: PackedItem[] = [['TEL-01', 2, 3, 2, 2, 1, 2, 4, 1, 9], ['TEL-02', 0, 0, 1, 0, 0, 1, null, null, null]];
    expect(unpackItems(JSON.stringify(packed), null)).toEqual(packed);
  });
});
