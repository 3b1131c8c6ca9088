/** One cell of a grid's CSV export: the grid's formatted text, guarded like every file the app writes. */
import type { ProcessCellForExportParams } from 'ag-grid-community';
import { csvSafeText } from '../../../../shared/safe-text.js';

/** Numbers the grid formats itself are numbers, never prefixed; text a spreadsheet would run stays text. */
export function csvCell(p: Pick<ProcessCellForExportParams, 'value' | 'formatValue'>): string {
  if (p.value === null || p.value === undefined) return '';
  const text = p.formatValue(p.value);
  return typeof p.value === 'number' ? text : csvSafeText(text);
}
