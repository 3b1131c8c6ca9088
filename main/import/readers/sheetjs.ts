/**
 * `.xls` (BIFF, OLE2 container) and `.ods` files, and xlsx as a fallback, read through SheetJS
 * into the same OpenedWorkbook as our own readers. SheetJS parses the whole workbook up front
 * (dense mode: one array per row); rows are then yielded lazily from it.
 *
 * Zip-based files are first opened with our own defensive ZIP reader, which inflates every entry
 * within the limits and refuses XML parts carrying a DOCTYPE: SheetJS has no such limits, so it
 * only ever sees an archive we have already inflated safely.
 */
import * as XLSX from 'xlsx';
import type { ReaderLimits } from './limits.js';
import { assertOdsCellsWithinLimit } from './ods-cells.js';
import { asReaderError, reason, throwIfCancelled, unknownSheet, unreadable } from './reader-errors.js';
import type { CancelToken, CellValue, OpenedWorkbook, SheetRow } from './types.js';
import { applyZeroPad, zeroPadWidth } from './xlsx-fast.js';
import { assertNoDoctype } from './xml-text.js';
import { assertXlsCellsWithinLimit } from './xls-cells.js';
import type { ZipArchive } from './zip.js';

export type SheetJsFormat = 'xls' | 'ods' | 'xlsx';

export interface SheetJsOptions {
  cancel?: CancelToken;
  /** xls: the cells are counted against `maxCellsOdsXls` before SheetJS reads them (ods: see vetZipForSheetJs). */
  limits?: ReaderLimits;
}

/**
 * Runs a SheetJS parse with console.error silenced: SheetJS reports each unknown BIFF record of
 * a damaged .xls there ("Missing Info for XLS Record 0x…"), English lines that would land among
 * the CLI's French output. A real failure still throws, and is turned into a French message.
 */
function quietly<T>(parse: () => T): T {
  const original = console.error;
  console.error = () => undefined;
  try {
    return parse();
  } finally {
    console.error = original;
  }
}

const ERROR_TEXT: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

/** A number shown with zero padding (format "00" on 6 shows `06`): its text is what counts. */
const ZERO_PADDED = /^-?0\d+$/;

/** Where an ODS keeps its tables, and an xlsx its sheets. */
const SHEET_PART = /^(content\.xml|xl\/worksheets\/[^/]+\.xml)$/i;

/**
 * Inflates every entry of a zip-based workbook within the limits, refusing DOCTYPEs, parts too
 * big for SheetJS to turn into strings, and (ods) tables whose repeated rows and columns would
 * expand beyond `maxCellsOdsXls`: SheetJS would expand them all in memory.
 */
export function vetZipForSheetJs(zip: ZipArchive, fileName: string): void {
  for (const entry of zip.entries) {
    if (entry.name.endsWith('/')) continue;
    const isXml = /\.(xml|rels)$/i.test(entry.name);
    const isSheet = SHEET_PART.test(entry.name);
    if (isSheet) zip.assertPartWithin(entry, 'maxSheetBytes', reason(entry.name === 'content.xml' ? 'import.part.sheetsContent' : 'import.part.aSheet'));
    else if (isXml) zip.assertPartWithin(entry, 'maxSharedStringsBytes', reason(/sharedstrings/i.test(entry.name) ? 'import.part.sharedStrings' : 'import.part.xml'));
    // SheetJS inflates every entry of the archive, images included: none may outweigh a sheet.
    else zip.assertPartWithin(entry, 'maxSheetBytes', reason('import.part.archiveEntry'));
    const data = zip.read(entry);
    if (isXml) assertNoDoctype(data, fileName, entry.name);
    if (entry.name === 'content.xml') assertOdsCellsWithinLimit(data, fileName, zip.limits);
  }
}

export function cellValue(cell: XLSX.CellObject | undefined): CellValue {
  if (cell === undefined) return null;
  switch (cell.t) {
    case 'n': {
      if (typeof cell.v !== 'number') return null;
      // Same rule as xlsx-fast: a zero-padding format ("00") makes the number a code.
      const width = typeof cell.z === 'string' ? zeroPadWidth(cell.z) : 0;
      if (width > 0) return applyZeroPad(cell.v, width);
      if (cell.w !== undefined && ZERO_PADDED.test(cell.w)) return cell.w;
      return cell.v;
    }
    case 's': {
      const text = typeof cell.v === 'string' ? cell.v : cell.w ?? '';
      return text === '' ? null : text;
    }
    case 'b':
      return typeof cell.v === 'boolean' ? cell.v : null;
    case 'e':
      return cell.w ?? (typeof cell.v === 'number' ? ERROR_TEXT[cell.v] ?? '#ERREUR' : '#ERREUR');
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString() : typeof cell.v === 'string' ? cell.v : null;
    default:
      return null;
  }
}

/** Opens a workbook with SheetJS; `bytes` is the whole file. */
export function openWithSheetJs(bytes: Buffer, fileName: string, format: SheetJsFormat, options: SheetJsOptions = {}): OpenedWorkbook {
  if (format === 'xls' && bytes.indexOf(Buffer.from('EncryptedPackage', 'utf16le')) >= 0) {
    throw unreadable(fileName, reason('import.reason.password'));
  }
  if (format === 'xls' && options.limits) assertXlsCellsWithinLimit(bytes, fileName, options.limits);
  let workbook: XLSX.WorkBook;
  try {
    workbook = quietly(() => XLSX.read(bytes, {
      type: 'buffer',
      cellFormula: false,
      cellHTML: false,
      cellDates: false,
      cellStyles: false,
      cellNF: true, // the number format tells a code ("00" → `06`) from a quantity
      sheetStubs: false,
      dense: true,
    }));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/i.test(detail)) {
      throw unreadable(fileName, reason('import.reason.password'));
    }
    throw asReaderError(error, fileName, reason('import.where.readFormat', { format }));
  }
  const sheetNames = [...workbook.SheetNames];
  if (sheetNames.length === 0) throw unreadable(fileName, reason('import.reason.noSheet'));
  const date1904 = workbook.Workbook?.WBProps?.date1904 === true;

  const dataOf = (sheetName: string): XLSX.CellObject[][] => {
    if (!sheetNames.includes(sheetName)) throw unknownSheet(fileName, sheetName, sheetNames);
    const sheet = workbook.Sheets[sheetName];
    const data: unknown = sheet?.['!data'];
    return Array.isArray(data) ? (data as XLSX.CellObject[][]) : [];
  };

  return {
    format: format === 'xlsx' ? 'xlsx' : format,
    fileName,
    sheetNames,
    date1904,
    rows(sheetName: string): Iterable<SheetRow> {
      const data = dataOf(sheetName);
      return rowsOf(data, fileName, options.cancel);
    },
    estimatedRows(sheetName: string): number {
      return dataOf(sheetName).length;
    },
  };
}

function* rowsOf(data: XLSX.CellObject[][], fileName: string, cancel: CancelToken | undefined): Generator<SheetRow> {
  for (let r = 0; r < data.length; r += 1) {
    const source = data[r];
    if (!source) continue;
    const cells: CellValue[] = [];
    let lastFilled = -1;
    for (let c = 0; c < source.length; c += 1) {
      const value = cellValue(source[c]);
      cells.push(value);
      if (value !== null) lastFilled = c;
    }
    if (lastFilled < 0) continue;
    cells.length = lastFilled + 1;
    throwIfCancelled(cancel, fileName);
    yield { row: r + 1, cells };
  }
}
