/**
 * The item records of score_cache_item (main/analytics/item-pack.ts): what is set is read back as
 * the tuple the readers use, for exact and inexact weights, 2- and 4-byte counts; places patched in
 * place; the JSON text of a workspace without migration 014 still read.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ItemPackBuilder, largestCount, recordBytes, unpackItems, type ItemPackLayout, type PackedItem } from '../../main/analytics/item-pack.js';

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

  it('holds four-byte counts beyond 65,535, weights stored', () => {
    const layout: ItemPackLayout = { keys: KEYS, weights: [0.1, 0.1, 0.1, 0.1], exact: false, width: 4 };
    const builder = new ItemPackBuilder(layout);
    builder.set(1, 70_000, 70_000, 3, 66_000, 3, 131_072, 0.3, 7000);
    expect(unpackItems(builder.build(), layout)).toEqual([[KEYS[1], 0.3, 7000, 70_000, 70_000, 3, 70_000, 66_000, 3, 131_072]]);
    expect(largestCount(layout)).toBe(0xffffffff);
  });

  it('reads the JSON text written before migration 014', () => {
    const packed: PackedItem[] = [['TEL-01', 2, 3, 2, 2, 1, 2, 4, 1, 9], ['TEL-02', 0, 0, 1, 0, 0, 1, null, null, null]];
    expect(unpackItems(JSON.stringify(packed), null)).toEqual(packed);
  });
});
