/**
 * The row levels' place records (main/analytics/row-place.ts, migration 015): three uint32 per
 * row slot, built, read back, patched in place, and turned into rank and percentile the way the
 * item level's places are.
 */
import { describe, expect, it } from 'vitest';
import { rankAt, readRowPlace, rowPlaceOffset, RowPlaceBuilder, ROW_PLACE_WIDTH } from '../../main/analytics/row-place.js';
import { writePlaceCounts } from '../../main/analytics/item-pack.js';
import { placeFromCounts } from '../../main/analytics/score-math.js';

describe('row place records', () => {
  it('read back what was set; a slot without a score has no place', () => {
    const builder = new RowPlaceBuilder(3);
    builder.set(0, 4, 1, 9);
    builder.set(2, 0, 2, 2);
    const record = builder.build();
    expect(record.length).toBe(36);
    expect(readRowPlace(record, 0)).toEqual({ below: 4, equal: 1, n: 9 });
    expect(readRowPlace(record, 1)).toBeNull();
    expect(readRowPlace(record, 2)).toEqual({ below: 0, equal: 2, n: 2 });
    expect(readRowPlace(record, 3)).toBeNull();
    builder.reset();
    expect(readRowPlace(builder.build(), 0)).toBeNull();
  });

  it('give rank and percentile as placeFromCounts does', () => {
    const builder = new RowPlaceBuilder(2);
    builder.set(1, 697, 3, 700);
    const record = builder.build();
    expect(rankAt(record, 1)).toEqual(placeFromCounts(697, 3, 700));
    expect(rankAt(record, 1)).toEqual({ rank: 1, percentile: (100 * (697 + 1.5)) / 700 });
    expect(rankAt(record, 0)).toBeNull();
    expect(rankAt(undefined, 1)).toBeNull();
    expect(rankAt(record, undefined)).toBeNull();
  });

  it('take a place patched at its offset, counts past 65,535 included, the other slots unchanged', () => {
    const builder = new RowPlaceBuilder(2);
    builder.set(0, 1, 1, 2);
    builder.set(1, 5, 1, 6);
    const record = builder.build();
    writePlaceCounts(record, rowPlaceOffset(1), ROW_PLACE_WIDTH, 70_000, 1, 100_000);
    expect(readRowPlace(record, 0)).toEqual({ below: 1, equal: 1, n: 2 });
    expect(readRowPlace(record, 1)).toEqual({ below: 70_000, equal: 1, n: 100_000 });
  });
});
