/**
 * Keyboard users move between grid cells (ag-grid's own navigation), never into the links drawn in
 * them (those carry tabIndex -1, so Tab does not stop on every row): Enter on a focused cell that
 * holds a link follows it, as a click would.
 */
import type { CellKeyDownEvent, FullWidthCellKeyDownEvent } from 'ag-grid-community';

export function followCellLinkOnEnter(event: CellKeyDownEvent | FullWidthCellKeyDownEvent): void {
  const keyboard = event.event as KeyboardEvent | null | undefined;
  if (!keyboard || keyboard.key !== 'Enter' || keyboard.ctrlKey || keyboard.altKey || keyboard.metaKey) return;
  const cell = keyboard.target instanceof HTMLElement ? keyboard.target.closest('.ag-cell') : null;
  const link = cell?.querySelector<HTMLAnchorElement>('a[href]');
  if (!link) return;
  keyboard.preventDefault();
  link.click();
}
