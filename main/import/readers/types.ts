import type { ReaderLimits } from './limits.js';

/**
 * What every spreadsheet reader gives the import pipeline: the workbook's sheets and, for one
 * sheet, its rows in order. Readers are synchronous so a whole import runs inside one
 * better-sqlite3 transaction; they check the cancel token between rows.
 */

/** A cell as the file stores it: cached values only, formulas are never evaluated. */
export type CellValue = string | number | boolean | null;

export interface SheetRow {
  /** 1-based row number as the spreadsheet application shows it. */
  readonly row: number;
  /** Cells from column A; missing cells are `null`. Trailing empty cells may be absent. */
  readonly cells: readonly CellValue[];
}

/*
 * Conventions every reader follows (tested in test/integration/readers/):
 * - rows without any non-empty cell are NOT yielded, and row numbers stay the real ones, so a
 *   sheet with no data yields no rows at all (the pipeline reports it as an empty sheet) while a
 *   file or workbook with nothing in it (0 bytes, no sheet) is refused with FILE_UNREADABLE;
 * - trailing empty cells are trimmed (a yielded row ends with a non-empty cell);
 * - an empty string is `null`; text is never trimmed or converted (CSV cells are all text);
 * - merged cells carry their value in the top-left cell only, the others are `null`;
 * - error cells give their text (`#N/A`), formulas give their cached value, dates their serial
 *   number (see `date1904`), numbers formatted with zero padding ("00") the padded text (`06`).
 */

export type SpreadsheetFormat = 'xlsx' | 'xls' | 'ods' | 'csv';

export interface OpenedWorkbook {
  readonly format: SpreadsheetFormat;
  /** Name of the file (for messages), not its path. */
  readonly fileName: string;
  readonly sheetNames: readonly string[];
  /** True when the workbook counts dates from 1904 (old Mac Excel). */
  readonly date1904: boolean;
  /** Text describing the encoding and separator detected, for CSV (shown in the preview). */
  readonly csvDialect?: { encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252'; separator: ';' | ',' | '\t' };
  /** Rows of one sheet, streamed. Throws AppError('FILE_UNREADABLE' | 'FILE_HOSTILE', …). */
  rows(sheetName: string): Iterable<SheetRow>;
  /** Rough number of rows of a sheet, for progress (may be an estimate). */
  estimatedRows(sheetName: string): number;
  /**
   * xlsx (our reader): hands over the worksheet already inflated (by a detection), and forgets it,
   * so that another thread reads it without inflating a second copy (main/import/streamed-import.ts).
   */
  takeSheetXml?(sheetName: string): Buffer | null;
}

export interface CancelToken {
  readonly cancelled: boolean;
}

export interface ReaderOptions {
  cancel?: CancelToken;
  /** xlsx only: our fast byte-scanning reader (default) or SheetJS as a fallback. */
  xlsxEngine?: 'fast' | 'sheetjs';
  /** Caps against hostile or runaway files (see limits.ts); unset ones keep their default. */
  limits?: Partial<ReaderLimits>;
  /** xlsx: a worksheet inflated elsewhere (`takeSheetXml`), used instead of inflating it again. */
  sheetXml?: { sheet: string; xml: Buffer };
}

// The caps and their defaults live in limits.ts; re-exported for the callers that know them here.
export { DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.js';
