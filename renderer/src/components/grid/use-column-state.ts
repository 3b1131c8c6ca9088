/**
 * Column state persistence (order, widths, visibility, pinning, sort) in the workspace's settings,
 * under `grid.<stateKey>`: the grid looks the same the next time the view opens. Writes are
 * debounced so dragging a column does not write on every pixel.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { ColumnState, GridApi, GridState } from 'ag-grid-community';
import { useQueryClient } from '@tanstack/react-query';
import { useSetting, writeSetting } from '../../api/queries/app.js';

/** Where a grid's column state is kept in the workspace settings (`grid.<stateKey>`). */
export const gridSettingKey = (stateKey: string): string => `grid.${stateKey}`;

export interface ColumnStatePersistence {
  /** False while the saved state is being read (mount the grid after it, to avoid a flash). */
  ready: boolean;
  /**
   * The saved state as ag-grid's `initialState`: the grid is created with it, rather than created
   * with the default columns and laid out a second time when the state is applied.
   */
  initialState: GridState | undefined;
  /** Call on every column change event: saves the state shortly after. */
  save: (api: GridApi) => void;
  /** Back to the view's default columns, and forget the saved state. */
  reset: (api: GridApi) => void;
}

function isColumnStateList(value: unknown): value is ColumnState[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'object' && entry !== null && typeof (entry as { colId?: unknown }).colId === 'string');
}

/**
 * `gridInstance` names one creation of the grid (the components rebuild it when the language
 * changes): `initialState` is computed once per instance, from the latest state saved in this page,
 * and never changes under a live grid (ag-grid reads it only at creation).
 */
export function useColumnState(stateKey: string | undefined, gridInstance: string): ColumnStatePersistence {
  const setting = useSetting(stateKey ? gridSettingKey(stateKey) : 'grid.none', Boolean(stateKey));
  const client = useQueryClient();
  const timer = useRef<number | null>(null);
  const latest = useRef<unknown>(undefined);
  useEffect(() => () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
  }, []);

  const ready = !stateKey || !setting.isPending;
  if (latest.current === undefined && setting.data) latest.current = setting.data.value;
  const initialState = useMemo(
    () => (ready && isColumnStateList(latest.current) ? gridStateOf(latest.current) : undefined),
    // A new grid instance reads the latest saved state again, though the value comes from a ref.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [gridInstance, ready],
  );

  const save = useCallback((api: GridApi) => {
    if (!stateKey) return;
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = null;
      if (api.isDestroyed()) return;
      latest.current = api.getColumnState();
      writeSetting(gridSettingKey(stateKey), latest.current, client).catch(() => undefined);
    }, 400);
  }, [stateKey, client]);

  const reset = useCallback((api: GridApi) => {
    api.resetColumnState();
    latest.current = null;
    if (stateKey) writeSetting(gridSettingKey(stateKey), null, client).catch(() => undefined);
  }, [stateKey, client]);

  return { ready, initialState, save, reset };
}

/**
 * ag-grid's column state list (what `getColumnState()` gives and the settings keep) as the parts of
 * a `GridState` that describe columns: order, widths, hidden, pinned and the sort.
 */
export function gridStateOf(columns: readonly ColumnState[]): GridState {
  const sorted = columns
    .filter((column) => column.sort === 'asc' || column.sort === 'desc')
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0));
  return {
    columnOrder: { orderedColIds: columns.map((column) => column.colId) },
    columnSizing: { columnSizingModel: columns.filter((column) => typeof column.width === 'number').map((column) => ({ colId: column.colId, width: column.width as number })) },
    columnVisibility: { hiddenColIds: columns.filter((column) => column.hide === true).map((column) => column.colId) },
    columnPinning: {
      leftColIds: columns.filter((column) => column.pinned === 'left' || column.pinned === true).map((column) => column.colId),
      rightColIds: columns.filter((column) => column.pinned === 'right').map((column) => column.colId),
    },
    sort: { sortModel: sorted.map((column) => ({ colId: column.colId, sort: column.sort as 'asc' | 'desc' })) },
  };
}
