/**
 * xls (BIFF8) and ods through SheetJS. Both are built in memory, so they are for small sets only:
 * the caller splits xls files per channel (BIFF8 holds 256 columns and 65,536 rows) and refuses
 * sizes these formats cannot take. Dates are numeric cells with a dd/mm/yyyy format.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as SheetJs from 'xlsx';
import { AppError } from '../../../shared/errors.js';
import type { TableSpec } from '../layouts.js';
import { checkCancelled, excelSerial, type WriteHooks, type WriteOutcome } from './common.js';

export type SheetJsBook = 'xls' | 'ods';

// SheetJS is required on first use, not imported: the generator module is loaded by `barometer
// generate --help` and `barometer demo`, and xls/ods output is the rare case.
const require = createRequire(import.meta.url);
let sheetJs: typeof SheetJs | null = null;
const loadSheetJs = (): typeof SheetJs => (sheetJs ??= require('xlsx') as typeof SheetJs);

export const XLS_MAX_ROWS = 65_536;
export const XLS_MAX_COLUMNS = 256;
/** Beyond this many non-empty cells an in-memory ods would take too much memory and time. */
export const ODS_MAX_CELLS = 3_000_000;

export function writeSheetJs(path: string, table: TableSpec, book: SheetJsBook, hooks?: WriteHooks): WriteOutcome {
  const fileName = path.split(/[\\/]/).pop() ?? path;
  const aoa: SheetJs.CellObject[][] = [];
  if (table.title) aoa.push([{ t: 's', v: table.title }]);
  aoa.push(table.headers.map((h) => ({ t: 's', v: h })));
  let rows = 0;
  let cells = 0;
  for (const row of table.rows) {
    const out: SheetJs.CellObject[] = [];
    row.forEach((cell, i) => {
      if (cell === null) return;
      cells += 1;
      if (typeof cell === 'number') out[i] = { t: 'n', v: cell };
      else if (typeof cell === 'string') out[i] = { t: 's', v: cell };
      else out[i] = { t: 'n', v: excelSerial(cell.date), z: 'dd/mm/yyyy' };
    });
    aoa.push(out);
    rows += 1;
    if (book === 'xls' && aoa.length > XLS_MAX_ROWS) {
      throw AppError.keyed('INVALID_INPUT', 'generate.xlsTooManyRows', { file: fileName, max: { quantity: XLS_MAX_ROWS } });
    }
    if (book === 'ods' && cells > ODS_MAX_CELLS) {
      throw AppError.keyed('INVALID_INPUT', 'generate.odsTooManyCells', { file: fileName, max: { quantity: ODS_MAX_CELLS } });
    }
    if (rows % 1000 === 0) {
      checkCancelled(hooks);
      hooks?.onRows?.(rows);
    }
  }
  if (book === 'xls' && table.headers.length > XLS_MAX_COLUMNS) {
    throw AppError.keyed('INVALID_INPUT', 'generate.xlsTooManyColumns', { file: fileName, columns: table.headers.length, max: XLS_MAX_COLUMNS });
  }
  const XLSX = loadSheetJs();
  const sheet = XLSX.utils.aoa_to_sheet(aoa);
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, table.sheet);
  const data = XLSX.write(workbook, { bookType: book === 'xls' ? 'biff8' : 'ods', type: 'buffer', compression: true, bookSST: book === 'xls' }) as Buffer;
  writeFileSync(path, data);
  hooks?.onRows?.(rows);
  return { rows };
}
