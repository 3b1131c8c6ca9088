/** Test helpers (not tests) shared by the reader tests. */
import type { SheetRow } from '../../../main/import/readers/types.js';
import { AppError } from '../../../shared/errors.js';

/** The AppError `action` throws (any other error is rethrown; no error fails the test). */
export function errorOf(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** Rows a table should read back as: '' → null, trailing empties trimmed, blank records skipped. */
export function expectedRows(table: readonly (readonly (string | null)[])[]): SheetRow[] {
  const rows: SheetRow[] = [];
  table.forEach((row, index) => {
    const cells = row.map((c) => (c === '' ? null : c));
    let last = cells.length - 1;
    while (last >= 0 && cells[last] === null) last -= 1;
    if (last >= 0) rows.push({ row: index + 1, cells: cells.slice(0, last + 1) });
  });
  return rows;
}
