/**
 * How an infinite grid starts fast: its remembered columns become ag-grid's `initialState`, and
 * its first block is requested once before the grid exists, then handed over once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ColumnState } from 'ag-grid-community';
import { gridStateOf } from '../../renderer/src/components/grid/use-column-state.js';
import { forgetEarlyBlocks, requestEarly, takeEarly } from '../../renderer/src/components/grid/early-blocks.js';

describe('gridStateOf', () => {
  it('turns a saved column state list into order, widths, hidden, pinned and sort', () => {
    const saved: ColumnState[] = [
      { colId: 'reference', width: 180, hide: false, pinned: 'left', sort: null },
      { colId: 'auditDate', width: 120, hide: false, pinned: null, sort: 'desc', sortIndex: 1 },
      { colId: 'region', width: 170, hide: true, pinned: null, sort: null },
      { colId: 'edition', width: 96, hide: false, pinned: null, sort: 'asc', sortIndex: 0 },
      { colId: 'comment', flex: 1, hide: false, pinned: 'right', sort: null },
    ];
    expect(gridStateOf(saved)).toEqual({
      columnOrder: { orderedColIds: ['reference', 'auditDate', 'region', 'edition', 'comment'] },
      columnSizing: { columnSizingModel: [
        { colId: 'reference', width: 180 }, { colId: 'auditDate', width: 120 }, { colId: 'region', width: 170 }, { colId: 'edition', width: 96 },
      ] },
      columnVisibility: { hiddenColIds: ['region'] },
      columnPinning: { leftColIds: ['reference'], rightColIds: ['comment'] },
      // Multi-column sort keeps its order (sortIndex), not the column order.
      sort: { sortModel: [{ colId: 'edition', sort: 'asc' }, { colId: 'auditDate', sort: 'desc' }] },
    });
  });

  it('gives an empty sort and nothing hidden for default columns', () => {
    const state = gridStateOf([{ colId: 'a', width: 100 }, { colId: 'b', width: 80 }]);
    expect(state.sort).toEqual({ sortModel: [] });
    expect(state.columnVisibility).toEqual({ hiddenColIds: [] });
  });
});

describe('early blocks', () => {
  afterEach(() => {
    forgetEarlyBlocks();
    vi.useRealTimers();
  });

  it('requests a block once however many times the component renders, and hands it over once', async () => {
    const fetch = vi.fn(() => Promise.resolve({ rows: [1, 2, 3], lastRow: 3 }));
    requestEarly('grid', 'grid|filters|0-100', fetch);
    requestEarly('grid', 'grid|filters|0-100', fetch);
    expect(fetch).toHaveBeenCalledTimes(1);
    const block = takeEarly<{ rows: number[] }>('grid|filters|0-100');
    expect(block).not.toBeNull();
    expect((await block)?.rows).toEqual([1, 2, 3]);
    // A second ask for the same rows (a refresh) must go to the server.
    expect(takeEarly('grid|filters|0-100')).toBeNull();
  });

  it('hands nothing over for another request', () => {
    requestEarly('grid', 'grid|edition=2024|0-100', () => Promise.resolve('2024'));
    expect(takeEarly('grid|edition=2025|0-100')).toBeNull();
  });

  it('forgets a block nobody took after a few seconds, so it never serves old rows', () => {
    vi.useFakeTimers();
    requestEarly('grid', 'grid|0-100', () => Promise.resolve('old'));
    vi.advanceTimersByTime(11_000);
    expect(takeEarly('grid|0-100')).toBeNull();
  });

  it('forgets only the blocks of the grid that goes away', () => {
    requestEarly('audits', 'audits|0-100', () => Promise.resolve('a'));
    requestEarly('observations', 'observations|0-100', () => Promise.resolve('o'));
    forgetEarlyBlocks('audits');
    expect(takeEarly('audits|0-100')).toBeNull();
    expect(takeEarly('observations|0-100')).not.toBeNull();
  });

  it('keeps a failed early request quiet until the grid asks for it', async () => {
    requestEarly('grid', 'grid|0-100', () => Promise.reject(new Error('serveur indisponible')));
    await Promise.resolve();
    await expect(takeEarly('grid|0-100')).rejects.toThrow('serveur indisponible');
  });
});
