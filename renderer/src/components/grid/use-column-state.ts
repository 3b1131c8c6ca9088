/**
 * Column state persistence (order, widths, visibility, pinning, sort) in the workspace's settings,
 * under `grid.<stateKey>`: the grid looks the same the next time the view opens. Writes are
 * debounced so dragging a column does not write on every pixel.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { ColumnState, GridApi } from 'ag-grid-community';
import { useSetting, writeSetting } from '../../api/queries/app.js';

export const gridSettingKey = (stateKey: string): string => `grid.${stateKey}`;

export interface ColumnStatePersistence {
  /** False while the saved state is being read (mount the grid after it, to avoid a flash). */
  ready: boolean;
  /** Applies the saved state to a freshly created grid. */
  restore: (api: GridApi) => void;
  /** Call on every column change event: saves the state shortly after. */
  save: (api: GridApi) => void;
  /** Back to the view's default columns, and forget the saved state. */
  reset: (api: GridApi) => void;
}

function isColumnStateList(value: unknown): value is ColumnState[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'object' && entry !== null && typeof (entry as { colId?: unknown }).colId === 'string');
}

export function useColumnState(stateKey: string | undefined): ColumnStatePersistence {
  const setting = useSetting(stateKey ? gridSettingKey(stateKey) : 'grid.none', Boolean(stateKey));
  const timer = useRef<number | null>(null);
  const restoring = useRef(false);
  useEffect(() => () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
  }, []);

  const saved = setting.data?.value;
  const restore = useCallback((api: GridApi) => {
    if (!stateKey || !isColumnStateList(saved)) return;
    restoring.current = true;
    api.applyColumnState({ state: saved, applyOrder: true });
    restoring.current = false;
  }, [stateKey, saved]);

  const save = useCallback((api: GridApi) => {
    if (!stateKey || restoring.current) return;
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = null;
      if (api.isDestroyed()) return;
      writeSetting(gridSettingKey(stateKey), api.getColumnState()).catch(() => undefined);
    }, 400);
  }, [stateKey]);

  const reset = useCallback((api: GridApi) => {
    api.resetColumnState();
    if (stateKey) writeSetting(gridSettingKey(stateKey), null).catch(() => undefined);
  }, [stateKey]);

  return { ready: !stateKey || !setting.isPending, restore, save, reset };
}
