/**
 * Counts the cells SheetJS would build from a `.xls` (BIFF5/8) BEFORE it builds them: SheetJS
 * reads the whole workbook into memory, about 450 bytes per cell, and a `.xls` is not compressed
 * but can still hold 16 M cells per sheet (65,536 rows × 256 columns) in a file of a few hundred
 * Mo. The workbook stream is walked record by record (4-byte header: type, length), counting the
 * records SheetJS turns into cells; blank cells (BLANK, MULBLANK) are not built (no stubs).
 */
import * as XLSX from 'xlsx';
import { countParam, overLimit, reason } from './reader-errors.js';
import type { ReaderLimits } from './limits.js';

const FORMULA = 0x0006;
const RSTRING = 0x00d6;
const MULRK = 0x00bd;
const LABELSST = 0x00fd;
const NUMBER = 0x0203;
const LABEL = 0x0204;
const BOOLERR = 0x0205;
const RK = 0x027e;

interface CfbEntry {
  content?: Uint8Array;
}

interface CfbApi {
  read(data: Buffer, options: { type: 'buffer' }): unknown;
  find(container: unknown, path: string): CfbEntry | null;
}

/** Cells of every sheet of the workbook stream, or null when the container cannot be read (SheetJS will say why). */
export function countXlsCells(bytes: Buffer): number | null {
  const cfb = XLSX.CFB as CfbApi;
  let stream: CfbEntry | null;
  try {
    const container = cfb.read(bytes, { type: 'buffer' });
    stream = cfb.find(container, '/Workbook') ?? cfb.find(container, '/Book');
  } catch {
    return null;
  }
  const data = stream?.content;
  if (!data) return null;
  let cells = 0;
  let at = 0;
  while (at + 4 <= data.length) {
    const type = (data[at] ?? 0) | ((data[at + 1] ?? 0) << 8);
    const length = (data[at + 2] ?? 0) | ((data[at + 3] ?? 0) << 8);
    switch (type) {
      case LABELSST: case NUMBER: case RK: case LABEL: case RSTRING: case BOOLERR: case FORMULA:
        cells += 1;
        break;
      case MULRK:
        // first row, first column (4 bytes), 6 bytes per cell, last column (2 bytes)
        cells += Math.max(0, Math.floor((length - 6) / 6));
        break;
      default:
    }
    at += 4 + length;
  }
  return cells;
}

/** Refuses a `.xls` whose sheets hold more cells than `maxCellsOdsXls`, before SheetJS reads it. */
export function assertXlsCellsWithinLimit(bytes: Buffer, fileName: string, limits: ReaderLimits): void {
  const cells = countXlsCells(bytes);
  if (cells === null || cells <= limits.maxCellsOdsXls) return;
  throw overLimit(fileName, 'maxCellsOdsXls', limits, reason('import.what.xlsTotalCells', { count: countParam(cells) }), { declaredCells: cells },
    reason('import.advice.wholeInMemory', { format: 'xls' }));
}
