/**
 * xlsx through ExcelJS's streaming writer, so a national edition (26,000 audits × 400 item columns)
 * goes to disk in bounded memory: rows are committed as they come and the event loop is given back
 * regularly so the zip stream drains. Dates are real Excel dates (dd/mm/yyyy), codes stay text,
 * blank cells are not written at all, the header is frozen and filtered.
 */
import ExcelJS from 'exceljs';
import type { OutCell, TableSpec } from '../layouts.js';
import { PROGRESS_EVERY, checkCancelled, utcDate, type WriteHooks, type WriteOutcome } from './common.js';

const DATE_FORMAT = 'dd/mm/yyyy';
/** Rows between two yields to the event loop (lets ExcelJS's zip stream flush to disk). */
const YIELD_EVERY = 200;

function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function writeXlsx(path: string, table: TableSpec, hooks?: WriteHooks): Promise<WriteOutcome> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true });
  workbook.creator = 'Baromètre Expérience Citoyen (générateur de démonstration)';
  const headerRow = table.title ? 2 : 1;
  const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: headerRow }] });
  if (table.widths) sheet.columns = table.widths.map((width) => ({ width }));
  if (table.title) {
    const title = sheet.addRow([table.title]);
    title.font = { bold: true, size: 14 };
    title.commit();
  }
  const header = sheet.addRow([...table.headers]);
  header.font = { bold: true };
  header.commit();
  sheet.autoFilter = `A${headerRow}:${columnLetter(table.headers.length - 1)}${headerRow}`;

  let rows = 0;
  for (const cells of table.rows) {
    // A sparse array: ExcelJS skips the holes, so blank cells cost nothing in the file.
    const values: Array<string | number | Date> = [];
    const dateColumns: number[] = [];
    cells.forEach((cell: OutCell, i) => {
      if (cell === null) return;
      if (typeof cell === 'object') {
        values[i] = utcDate(cell.date);
        dateColumns.push(i + 1);
      } else {
        values[i] = cell;
      }
    });
    const row = sheet.addRow(values);
    for (const col of dateColumns) row.getCell(col).numFmt = DATE_FORMAT;
    row.commit();
    rows += 1;
    if (rows % YIELD_EVERY === 0) await tick();
    if (rows % PROGRESS_EVERY === 0) {
      checkCancelled(hooks);
      hooks?.onRows?.(rows);
    }
  }
  sheet.commit();
  await workbook.commit();
  hooks?.onRows?.(rows);
  return { rows };
}
