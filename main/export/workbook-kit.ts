/**
 * The styling kit every deliverable is written with: a workbook is described as plain data
 * (`WorkbookSpec`: sheets of titled tables and notes) and rendered in one pass by ExcelJS's
 * streaming writer. Describing first, writing second is what lets the kit compute column widths
 * from the content, split tables over the 1,048,576-row limit, and apply the same look everywhere:
 * title, header style, frozen header rows, autofilter, number formats (scores `0.0`, percentages
 * 0–1 in `0.0 %`: values stay numbers, Excel's locale shows the decimal comma), 3-colour scales on
 * score columns, landscape print fitted to the width with the header repeated and "Page n / N" in
 * the footer, and the workbook properties.
 *
 * Every value goes through `safeCellValue` (safe-cells.ts): no formula, no illegal XML, no
 * over-long cell can reach the file.
 */
import ExcelJS from 'exceljs';
import type { Lang } from '../../shared/domain.js';
import { svgToPng } from './chart-images.js';
import { MAX_SHEET_ROWS, safeCellValue, safeText, sanitizeSheetName } from './safe-cells.js';
import type { SafeValue } from './safe-cells.js';
import { labels } from './labels.js';
import { streamedPictures } from './streamed-pictures.js';
import type { AnchoredPicture } from './streamed-pictures.js';
import { columnLetter as letterOfColumn } from '../../shared/column-letter.js';

/** Rows under a chart are 15 points high, 20 pixels: pictures are anchored in those units. */
const PICTURE_ROW_PX = 20;

export const CREATOR = 'Baromètre Expérience Citoyen';

/**
 * How a column's values are shown. score: 0–100 with one decimal; percent: a 0–1 fraction shown
 * `0.0 %`; int: whole numbers with thousands grouping; delta: signed points; date: dd/mm/yyyy;
 * text: left-aligned; wrap: long text wrapped in a wide column; code: short identifiers; flag: a short
 * centred mark (Oui/Non).
 */
export type ColumnKind = 'text' | 'wrap' | 'code' | 'flag' | 'int' | 'number' | 'score' | 'percent' | 'delta' | 'date';

export interface ColumnSpec {
  header: string;
  kind?: ColumnKind;
  /** Fixed width in characters (otherwise computed from the content, capped). */
  width?: number;
  /** 3-colour scale (red → yellow → green) over the column's values. */
  colorScale?: boolean;
}

export interface TableSheet {
  kind: 'table';
  name: string;
  title: string;
  /** Lines under the title (edition, scope…). */
  subtitle?: string[];
  columns: ColumnSpec[];
  rows: unknown[][];
  /** Lines written under the table (sources, suppressed figures, rules). */
  notes?: string[];
  /** Columns kept visible when scrolling right (the labels). */
  freezeColumns?: number;
  /** Shown in place of the rows when there are none. */
  emptyMessage?: string;
  /** Further tables under the main one (same column grid, no filter): e.g. the headline table. */
  blocks?: TableBlock[];
  /**
   * One colour scale across every `colorScale` column of the main table (a grid: category × step),
   * instead of one per column, so the same score has the same colour anywhere in the grid.
   */
  sharedColorScale?: boolean;
  /** Indexes of the main table's rows printed in bold (totals: "Ensemble"). */
  boldRows?: number[];
}

/** A secondary table of a sheet, written under the main table with its own title and header. */
export interface TableBlock {
  title: string;
  columns: ColumnSpec[];
  rows: unknown[][];
  notes?: string[];
}

export interface NotesLine {
  label?: string;
  value: unknown;
  kind?: ColumnKind;
}

export interface NotesSection {
  heading?: string;
  lines: Array<NotesLine | string>;
}

/** A "Lisez-moi"/"Méthode" sheet: headings and label–value lines, wrapped for reading. */
export interface NotesSheet {
  kind: 'notes';
  name: string;
  title: string;
  subtitle?: string[];
  sections: NotesSection[];
}

/** A chart drawn as SVG, rasterised to PNG when the workbook is written (Excel shows PNG/JPEG, not SVG). */
export interface ChartImage {
  svg: string;
  /** Size on the sheet, in pixels (the PNG is rendered at twice that for sharp printing). */
  width: number;
  height: number;
  /** Where it sits in its block: the grid column (0-based) of its left edge, and pixels below the block's top. */
  col: number;
  top: number;
}

/** A key figure shown as a tile: a big number over its label. */
export interface KeyFigure {
  label: string;
  /** null: withheld or absent, printed "—". */
  value: number | string | null;
  kind?: ColumnKind;
  /** Grid columns the tile takes (tiles sit side by side). */
  span: number;
}

/** A table of a report sheet: each column may span several grid columns (merged cells). */
export interface ReportTableColumn extends ColumnSpec {
  span?: number;
}

export type ReportBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'figures'; figures: KeyFigure[] }
  | { kind: 'bullets'; lines: string[] }
  | { kind: 'table'; columns: ReportTableColumn[]; rows: unknown[][] }
  | { kind: 'charts'; charts: ChartImage[] }
  | { kind: 'notes'; lines: string[] }
  /** The printed page ends here (the charts start on a page of their own). */
  | { kind: 'pageBreak' };

/**
 * A page an executive reads (key messages): a fixed grid of columns and, from top to bottom, key
 * figure tiles, headings, sentences, small tables and charts, each spanning the grid.
 */
export interface ReportSheet {
  kind: 'report';
  name: string;
  title: string;
  subtitle?: string[];
  /** Widths of the grid's columns, in characters. */
  grid: number[];
  blocks: ReportBlock[];
}

export type SheetSpec = TableSheet | NotesSheet | ReportSheet;

export interface WorkbookSpec {
  title: string;
  subject: string;
  keywords?: string;
  description?: string;
  lang: Lang;
  created?: Date;
  sheets: SheetSpec[];
}

export interface WriteOptions {
  /** Rows per sheet before splitting (Excel's limit by default; tests lower it). */
  maxRowsPerSheet?: number;
}

export interface WrittenWorkbook {
  file: string;
  /** Sheet names as written (sanitised, split parts included). */
  sheets: string[];
}

/* ------------------------------------------------------------------------------------------ */
/* Styles: one object per look, shared by every cell (ExcelJS caches style ids by identity).     */
/* ------------------------------------------------------------------------------------------ */

const FONT = 'Calibri';
const BLUE = 'FF1F4E79';
const thin = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const SUBTITLE_WRAPPED: Partial<ExcelJS.Style> = { font: { name: FONT, size: 10, italic: true, color: { argb: 'FF595959' } }, alignment: { vertical: 'top', wrapText: true } };
/** The white gap between two key-figure tiles. */
const WHITE_EDGE = { style: 'thick' as const, color: { argb: 'FFFFFFFF' } };

const NUM_FMT: Record<ColumnKind, string | undefined> = {
  text: undefined,
  wrap: undefined,
  code: '@',
  flag: undefined,
  int: '#,##0',
  number: '#,##0.0',
  score: '0.0',
  percent: '0.0 %',
  delta: '+0.0;-0.0;0.0',
  date: 'dd/mm/yyyy',
};

type Style = Partial<ExcelJS.Style>;

function cellStyle(kind: ColumnKind): Style {
  const numFmt = NUM_FMT[kind];
  return {
    font: { name: FONT, size: 10 },
    ...(numFmt ? { numFmt } : {}),
    // Text wraps too: a long name is never cut by the next cell (rows are given the height it needs).
    alignment: kind === 'wrap' || kind === 'text'
      ? { vertical: 'top', horizontal: 'left', wrapText: true }
      : { vertical: 'top', horizontal: kind === 'code' ? 'left' : kind === 'flag' ? 'center' : 'right' },
    border: { bottom: thin },
  };
}

const STYLES = {
  title: { font: { name: FONT, size: 14, bold: true, color: { argb: BLUE } } } satisfies Style,
  subtitle: { font: { name: FONT, size: 10, italic: true, color: { argb: 'FF595959' } } } satisfies Style,
  header: {
    font: { name: FONT, size: 10, bold: true, color: { argb: 'FFFFFFFF' } },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: BLUE } },
    alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
    border: { top: thin, bottom: thin, left: thin, right: thin },
  } satisfies Style,
  note: { font: { name: FONT, size: 9, italic: true, color: { argb: 'FF404040' } }, alignment: { vertical: 'top', wrapText: true } } satisfies Style,
  heading: {
    font: { name: FONT, size: 11, bold: true, color: { argb: BLUE } },
    border: { bottom: { style: 'medium' as const, color: { argb: BLUE } } },
  } satisfies Style,
  label: { font: { name: FONT, size: 10, bold: true }, alignment: { vertical: 'top', wrapText: true } } satisfies Style,
  value: { font: { name: FONT, size: 10 }, alignment: { vertical: 'top', horizontal: 'left', wrapText: true } } satisfies Style,
  bold: Object.fromEntries((Object.keys(NUM_FMT) as ColumnKind[]).map((k) => {
    const base = cellStyle(k);
    return [k, { ...base, font: { ...base.font, bold: true }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEAF0F7' } } }];
  })) as Record<ColumnKind, Style>,
  figureValue: {
    font: { name: FONT, size: 20, bold: true, color: { argb: BLUE } },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEAF0F7' } },
    alignment: { vertical: 'middle', horizontal: 'center' },
  } satisfies Style,
  figureLabel: {
    font: { name: FONT, size: 9, color: { argb: 'FF404040' } },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEAF0F7' } },
    alignment: { vertical: 'top', horizontal: 'center', wrapText: true },
  } satisfies Style,
  bullet: { font: { name: FONT, size: 11 }, alignment: { vertical: 'top', horizontal: 'left', wrapText: true } } satisfies Style,
  cells: Object.fromEntries((Object.keys(NUM_FMT) as ColumnKind[]).map((k) => [k, cellStyle(k)])) as Record<ColumnKind, Style>,
  values: Object.fromEntries((Object.keys(NUM_FMT) as ColumnKind[]).map((k) => [k, {
    font: { name: FONT, size: 10 },
    ...(NUM_FMT[k] ? { numFmt: NUM_FMT[k] } : {}),
    alignment: { vertical: 'top', horizontal: 'left', wrapText: k === 'wrap' || k === 'text' },
  }])) as Record<ColumnKind, Style>,
};

/* ------------------------------------------------------------------------------------------ */
/* Column widths                                                                                */
/* ------------------------------------------------------------------------------------------ */

const WIDTH_CAP: Record<ColumnKind, number> = { text: 45, wrap: 70, code: 24, flag: 16, int: 14, number: 14, score: 12, percent: 12, delta: 12, date: 12 };

/** Characters a value takes once formatted (what decides a readable width). */
function displayLength(value: SafeValue, kind: ColumnKind): number {
  if (value === null) return 0;
  if (typeof value === 'number') {
    if (kind === 'percent') return 7;
    if (kind === 'date') return 10;
    const digits = Math.abs(value) >= 1 ? Math.floor(Math.log10(Math.abs(value))) + 1 : 1;
    const grouped = digits + Math.floor((digits - 1) / 3);
    return grouped + (kind === 'int' ? 0 : 2) + (value < 0 || kind === 'delta' ? 1 : 0);
  }
  if (value instanceof Date) return 10;
  if (typeof value === 'boolean') return 4;
  // The longest line of a multi-line text.
  let longest = 0;
  for (const line of value.split('\n')) longest = Math.max(longest, line.length);
  return longest;
}

/** Width from content: the longest value (or the header's longest word), padded, within the kind's cap. */
export function columnWidth(column: ColumnSpec, values: Iterable<SafeValue>): number {
  if (column.width !== undefined) return column.width;
  const kind = column.kind ?? 'text';
  let longest = 0;
  for (const v of values) longest = Math.max(longest, displayLength(v, kind));
  // The header wraps, so its longest word (not the whole header) sets the floor.
  const headerWord = Math.max(...column.header.split(/\s+/).map((w) => w.length));
  const headerFloor = Math.min(column.header.length, Math.max(headerWord, 10));
  return Math.min(WIDTH_CAP[kind], Math.max(6, longest + 2, headerFloor + 2));
}

/** Excel column letters of a 1-based index, as ExcelJS numbers columns (1 → A, 27 → AA). */
export function columnLetter(index: number): string {
  return letterOfColumn(index - 1);
}

/** Header/footer text must double its ampersands (a single `&` starts a code). */
function footerText(text: string): string {
  return safeText(text).replace(/&/g, '&&').slice(0, 120);
}

/** Lines a text takes when wrapped word by word at `perLine` characters (explicit newlines kept). */
export function wrappedLines(text: string, perLine: number): number {
  const max = Math.max(4, Math.floor(perLine));
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let current = 0;
    let count = 1;
    for (const word of paragraph.split(/\s+/)) {
      if (word === '') continue;
      const len = word.length;
      if (current === 0) current = len;
      else if (current + 1 + len <= max) current += 1 + len;
      else {
        count += 1;
        current = len;
      }
      // A word longer than the line breaks across lines.
      while (current > max) {
        count += 1;
        current -= max;
      }
    }
    lines += count;
  }
  return lines;
}

/** Estimated row height (points) for wrapped text in a column `width` characters wide (Calibri 10). */
function wrappedHeight(text: string, width: number, lineHeight = 12.75): number {
  const lines = wrappedLines(text, width * 1.15 - 1);
  return Math.min(409, Math.max(15, lines * lineHeight + 3));
}

/* ------------------------------------------------------------------------------------------ */
/* Writing                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/** Every workbook streams (a sheet may hold a million rows); charts are anchored by `streamedPictures`. */
interface SheetContext {
  wb: ExcelJS.stream.xlsx.WorkbookWriter;
  pictures: ReturnType<typeof streamedPictures>;
  spec: WorkbookSpec;
  used: Set<string>;
  written: string[];
  maxRows: number;
}

function commonSheetOptions(spec: WorkbookSpec, headerRow: number, frozen: { rows: number; columns: number }): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', xSplit: frozen.columns, ySplit: frozen.rows, showGridLines: false }],
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: false,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
      ...(headerRow > 0 ? { printTitlesRow: `${headerRow}:${headerRow}` } : {}),
    },
    headerFooter: {
      oddFooter: `&L&8${footerText(spec.title)}&R&8${footerText(labels(spec.lang).kit.page)} &P / &N`,
      oddHeader: '',
    } as ExcelJS.HeaderFooter,
  };
}

/**
 * Title and subtitle lines; with `span` columns (`width` characters in all) each subtitle line is
 * merged across them and wrapped, so a long line is never cut at the table's edge when printed.
 */
function addTitleRows(ws: ExcelJS.Worksheet, title: string, subtitle: readonly string[], span = 1, width = 0): number {
  const titleRow = ws.getRow(1);
  titleRow.getCell(1).value = safeCellValue(title);
  titleRow.getCell(1).style = STYLES.title;
  titleRow.height = 20;
  titleRow.commit();
  let r = 2;
  for (const line of subtitle) {
    const row = ws.getRow(r);
    row.getCell(1).value = safeCellValue(line);
    if (span > 1 && width > 0) {
      row.getCell(1).style = SUBTITLE_WRAPPED;
      ws.mergeCells(r, 1, r, span);
      row.height = wrappedHeight(line, width, 12.5);
    } else row.getCell(1).style = STYLES.subtitle;
    row.commit();
    r += 1;
  }
  return r;
}

function writeHeaderRow(ws: ExcelJS.Worksheet, r: number, columns: readonly ColumnSpec[], widths: readonly number[]): void {
  const header = ws.getRow(r);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = safeCellValue(c.header);
    cell.style = STYLES.header;
  });
  // Bold headers are wider than body text: count on fewer characters per line.
  const lines = Math.max(1, ...columns.map((c, i) => wrappedLines(c.header, (widths[i] ?? 10) * 1.05 - 1)));
  header.height = Math.min(150, 13 * lines + 6);
  header.commit();
}

/** Writes data rows from `r`; returns the next free row. `bold`: indexes (in `rows`) of rows printed in bold. */
function writeDataRows(ws: ExcelJS.Worksheet, r: number, rows: readonly SafeValue[][], columns: readonly ColumnSpec[], widths: readonly number[], bold: ReadonlySet<number> = new Set()): number {
  const kinds = columns.map((c) => c.kind ?? 'text');
  const wrapIdx = kinds.map((k, i) => (k === 'wrap' || k === 'text' ? i : -1)).filter((i) => i >= 0);
  let next = r;
  rows.forEach((values, index) => {
    const row = ws.getRow(next);
    const styles = bold.has(index) ? STYLES.bold : STYLES.cells;
    for (let c = 0; c < values.length; c += 1) {
      const cell = row.getCell(c + 1);
      cell.value = values[c] ?? null;
      cell.style = styles[kinds[c] as ColumnKind];
    }
    if (wrapIdx.length > 0) {
      let height = 15;
      for (const c of wrapIdx) {
        const v = values[c];
        // Only a text longer than its column wraps (the common case costs one comparison).
        if (typeof v === 'string' && (v.length > (widths[c] ?? 40) - 2 || v.includes('\n'))) height = Math.max(height, wrappedHeight(v, widths[c] ?? 40));
      }
      if (height > 15) row.height = height;
    }
    row.commit();
    next += 1;
  });
  return next;
}

function colorScaleRule(ref: string): ExcelJS.ConditionalFormattingOptions {
  return {
    ref,
    rules: [{
      type: 'colorScale',
      priority: 1,
      cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
      color: [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }],
    }],
  } as ExcelJS.ConditionalFormattingOptions;
}

function addColorScales(ws: ExcelJS.Worksheet, columns: readonly ColumnSpec[], firstRow: number, lastRow: number, shared = false): void {
  if (shared) {
    // One rule over the span of the scaled columns: the same score gets the same colour across the grid.
    const scaled = columns.map((c, i) => (c.colorScale ? i + 1 : 0)).filter((i) => i > 0);
    if (scaled.length === 0 || lastRow < firstRow) return;
    ws.addConditionalFormatting(colorScaleRule(`${columnLetter(Math.min(...scaled))}${firstRow}:${columnLetter(Math.max(...scaled))}${lastRow}`));
    return;
  }
  columns.forEach((c, i) => {
    if (!c.colorScale || lastRow < firstRow) return;
    const col = columnLetter(i + 1);
    ws.addConditionalFormatting(colorScaleRule(`${col}${firstRow}:${col}${lastRow}`));
  });
}

/** Notes under a table, merged across its width and wrapped; returns the next free row. */
function writeNoteRows(ws: ExcelJS.Worksheet, r: number, notes: readonly string[], span: number, totalWidth: number): number {
  let next = r;
  for (const note of notes) {
    const row = ws.getRow(next);
    row.getCell(1).value = safeCellValue(note);
    row.getCell(1).style = STYLES.note;
    row.height = wrappedHeight(note, totalWidth, 12);
    if (span > 1) ws.mergeCells(next, 1, next, span);
    row.commit();
    next += 1;
  }
  return next;
}

/** Flushes a streamed sheet. */
function commitSheet(ws: ExcelJS.Worksheet): void {
  (ws as ExcelJS.Worksheet & { commit: () => void }).commit();
}

function writeTable(ctx: SheetContext, sheet: TableSheet): void {
  const { spec } = ctx;
  const safeRows = sheet.rows.map((row) => sheet.columns.map((_, i) => safeCellValue(row[i])));
  const blocks = (sheet.blocks ?? []).map((b) => ({ ...b, safe: b.rows.map((row) => b.columns.map((_, i) => safeCellValue(row[i]))) }));
  // One column grid for the sheet: each column as wide as its widest table needs.
  const nCols = Math.max(sheet.columns.length, ...blocks.map((b) => b.columns.length));
  const widths = Array.from({ length: nCols }, (_, i) => {
    const w = [sheet.columns[i] ? columnWidth(sheet.columns[i], safeRows.map((r) => r[i] ?? null)) : 0];
    for (const b of blocks) if (b.columns[i]) w.push(columnWidth(b.columns[i], b.safe.map((r) => r[i] ?? null)));
    return Math.max(...w);
  });
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  const subtitle = sheet.subtitle ?? [];
  const notes = sheet.notes ?? [];
  const blockRows = blocks.reduce((sum, b) => sum + 3 + b.rows.length + (b.notes?.length ?? 0), 0);
  // Rows a part can spend on data: the limit less title, subtitle, split note, blank, header, notes, blocks.
  const overhead = 1 + subtitle.length + 1 + 1 + 1 + notes.length + 1 + blockRows;
  const perPart = Math.max(1, ctx.maxRows - overhead);
  const parts = Math.max(1, Math.ceil(safeRows.length / perPart));
  const L = labels(spec.lang).kit;
  const names: string[] = [];
  const base = sanitizeSheetName(sheet.name, new Set(), 'Feuille');
  for (let p = 0; p < parts; p += 1) names.push(sanitizeSheetName(p === 0 ? base : `${base} (${p + 1})`, ctx.used));

  for (let p = 0; p < parts; p += 1) {
    const from = p * perPart;
    const to = Math.min(safeRows.length, from + perPart);
    const sub = parts > 1 ? [...subtitle, L.splitNote(from + 1, to, safeRows.length, names, p)] : subtitle;
    const headerRow = 1 + sub.length + 2;
    const ws = ctx.wb.addWorksheet(names[p], commonSheetOptions(spec, headerRow, { rows: headerRow, columns: sheet.freezeColumns ?? 0 }));
    ws.columns = widths.map((width) => ({ width }));
    addTitleRows(ws, sheet.title, sub, sheet.columns.length, widths.slice(0, sheet.columns.length).reduce((a, b) => a + b, 0));
    writeHeaderRow(ws, headerRow, sheet.columns, widths);
    const bold = new Set((sheet.boldRows ?? []).filter((i) => i >= from && i < to).map((i) => i - from));
    let r = writeDataRows(ws, headerRow + 1, safeRows.slice(from, to), sheet.columns, widths, bold);
    if (to > from) {
      ws.autoFilter = `A${headerRow}:${columnLetter(sheet.columns.length)}${r - 1}`;
      addColorScales(ws, sheet.columns, headerRow + 1, r - 1, sheet.sharedColorScale);
    } else {
      r = writeNoteRows(ws, r, [sheet.emptyMessage ?? L.empty], sheet.columns.length, totalWidth);
    }
    if (notes.length > 0) r = writeNoteRows(ws, r + 1, notes, sheet.columns.length, totalWidth);
    if (p === parts - 1) {
      for (const b of blocks) {
        r += 1;
        const titleRow = ws.getRow(r);
        titleRow.getCell(1).value = safeCellValue(b.title);
        titleRow.getCell(1).style = STYLES.heading;
        titleRow.height = 18;
        titleRow.commit();
        writeHeaderRow(ws, r + 1, b.columns, widths);
        const first = r + 2;
        r = writeDataRows(ws, first, b.safe, b.columns, widths);
        if (b.safe.length === 0) r = writeNoteRows(ws, r, [L.empty], b.columns.length, totalWidth);
        addColorScales(ws, b.columns, first, r - 1);
        if (b.notes && b.notes.length > 0) r = writeNoteRows(ws, r + 1, b.notes, b.columns.length, totalWidth);
      }
    }
    commitSheet(ws);
    ctx.written.push(names[p] as string);
  }
}

function writeNotes(ctx: SheetContext, sheet: NotesSheet): void {
  const name = sanitizeSheetName(sheet.name, ctx.used);
  const ws = ctx.wb.addWorksheet(name, commonSheetOptions(ctx.spec, 0, { rows: 1, columns: 0 }));
  // Notes print in portrait would suit too, but one orientation keeps a printed set together.
  const labelWidth = 30;
  const valueWidth = 95;
  ws.columns = [{ width: labelWidth }, { width: valueWidth }];
  let r = addTitleRows(ws, sheet.title, sheet.subtitle ?? [], 2, labelWidth + valueWidth);
  for (const section of sheet.sections) {
    r += 1;
    if (section.heading) {
      const row = ws.getRow(r);
      row.getCell(1).value = safeCellValue(section.heading);
      row.getCell(1).style = STYLES.heading;
      row.getCell(2).style = STYLES.heading;
      row.height = 18;
      row.commit();
      r += 1;
    }
    for (const line of section.lines) {
      const row = ws.getRow(r);
      if (typeof line === 'string') {
        row.getCell(1).value = safeCellValue(line);
        row.getCell(1).style = STYLES.value;
        ws.mergeCells(r, 1, r, 2);
        row.height = wrappedHeight(line, labelWidth + valueWidth);
      } else {
        const value = safeCellValue(line.value);
        const kind = line.kind ?? 'text';
        if (line.label !== undefined) {
          row.getCell(1).value = safeCellValue(line.label);
          row.getCell(1).style = STYLES.label;
        }
        row.getCell(2).value = value;
        row.getCell(2).style = STYLES.values[kind];
        const h = Math.max(
          typeof value === 'string' ? wrappedHeight(value, valueWidth) : 15,
          line.label ? wrappedHeight(line.label, labelWidth) : 15,
        );
        if (h > 15) row.height = h;
      }
      row.commit();
      r += 1;
    }
  }
  commitSheet(ws);
  ctx.written.push(name);
}

/** The value of a key figure or report cell: "—" for a withheld or absent figure. */
const orDash = (value: unknown): SafeValue => (value === null || value === undefined ? '—' : safeCellValue(value));

function writeReport(ctx: SheetContext, sheet: ReportSheet, imageIds: ReadonlyMap<ChartImage, number>): void {
  const name = sanitizeSheetName(sheet.name, ctx.used);
  const ws = ctx.wb.addWorksheet(name, { ...commonSheetOptions(ctx.spec, 0, { rows: 0, columns: 0 }), views: [{ state: 'normal', showGridLines: false }] });
  const grid = sheet.grid;
  ws.columns = grid.map((width) => ({ width }));
  const total = grid.reduce((a, b) => a + b, 0);
  const spanWidth = (from: number, span: number): number => grid.slice(from, from + span).reduce((a, b) => a + b, 0);
  const merge = (row: number, from: number, span: number): void => {
    if (span > 1) ws.mergeCells(row, from + 1, row, from + span);
  };
  const pictures: AnchoredPicture[] = [];
  let r = addTitleRows(ws, sheet.title, sheet.subtitle ?? [], grid.length, total);
  for (const block of sheet.blocks) {
    switch (block.kind) {
      case 'heading': {
        r += 1;
        const row = ws.getRow(r);
        row.getCell(1).value = safeCellValue(block.text);
        for (let c = 1; c <= grid.length; c += 1) row.getCell(c).style = STYLES.heading;
        row.height = 20;
        row.commit();
        r += 1;
        break;
      }
      case 'figures': {
        r += 1;
        const valueRow = ws.getRow(r);
        const labelRow = ws.getRow(r + 1);
        let col = 0;
        let labelHeight = 24;
        for (const f of block.figures) {
          const kind = f.kind ?? 'int';
          const valueStyle: Style = { ...STYLES.figureValue, ...(NUM_FMT[kind] ? { numFmt: NUM_FMT[kind] } : {}), border: { left: WHITE_EDGE, right: WHITE_EDGE } };
          const labelStyle: Style = { ...STYLES.figureLabel, border: { left: WHITE_EDGE, right: WHITE_EDGE } };
          for (let c = col; c < col + f.span; c += 1) {
            valueRow.getCell(c + 1).style = valueStyle;
            labelRow.getCell(c + 1).style = labelStyle;
          }
          valueRow.getCell(col + 1).value = orDash(f.value);
          labelRow.getCell(col + 1).value = safeCellValue(f.label);
          labelHeight = Math.max(labelHeight, wrappedHeight(f.label, spanWidth(col, f.span), 12));
          merge(r, col, f.span);
          merge(r + 1, col, f.span);
          col += f.span;
        }
        valueRow.height = 34;
        labelRow.height = labelHeight;
        valueRow.commit();
        labelRow.commit();
        r += 2;
        break;
      }
      case 'bullets': {
        for (const line of block.lines) {
          const row = ws.getRow(r);
          const text = `•  ${line}`;
          row.getCell(1).value = safeCellValue(text);
          row.getCell(1).style = STYLES.bullet;
          // Calibri 11 is wider than the 10-point body text the estimate is tuned for.
          row.height = Math.min(409, wrappedLines(text, total * 1.12 - 2) * 15 + 5);
          merge(r, 0, grid.length);
          row.commit();
          r += 1;
        }
        break;
      }
      case 'table': {
        const starts: number[] = [];
        let col = 0;
        for (const c of block.columns) {
          starts.push(col);
          col += c.span ?? 1;
        }
        const widths = block.columns.map((c, i) => spanWidth(starts[i] as number, c.span ?? 1));
        const header = ws.getRow(r);
        block.columns.forEach((c, i) => {
          const at = starts[i] as number;
          for (let k = at; k < at + (c.span ?? 1); k += 1) header.getCell(k + 1).style = STYLES.header;
          header.getCell(at + 1).value = safeCellValue(c.header);
          merge(r, at, c.span ?? 1);
        });
        header.height = Math.min(80, 13 * Math.max(1, ...block.columns.map((c, i) => wrappedLines(c.header, (widths[i] ?? 10) * 1.05 - 1))) + 6);
        header.commit();
        r += 1;
        for (const values of block.rows) {
          const row = ws.getRow(r);
          let height = 15;
          block.columns.forEach((c, i) => {
            const at = starts[i] as number;
            const kind = c.kind ?? 'text';
            for (let k = at; k < at + (c.span ?? 1); k += 1) row.getCell(k + 1).style = STYLES.cells[kind];
            // An empty remark stays empty; a missing figure is a "—".
            const value = kind === 'text' || kind === 'wrap' ? safeCellValue(values[i]) : orDash(values[i]);
            row.getCell(at + 1).value = value;
            // "—" is text in a number column: keep it where the number would be.
            if (value === '—' && kind !== 'text' && kind !== 'wrap') row.getCell(at + 1).style = { ...STYLES.cells[kind], alignment: { vertical: 'top', horizontal: 'right' } };
            if (typeof value === 'string') height = Math.max(height, wrappedHeight(value, widths[i] ?? 10));
            merge(r, at, c.span ?? 1);
          });
          if (height > 15) row.height = height;
          row.commit();
          r += 1;
        }
        break;
      }
      case 'charts': {
        r += 1;
        let bottom = 0;
        for (const chart of block.charts) {
          const id = imageIds.get(chart);
          // Anchored in row units of 20 px (the rows below are set to 15 points).
          if (id !== undefined) pictures.push({ imageId: id, col: chart.col, row: r - 1 + chart.top / PICTURE_ROW_PX, widthPx: chart.width, heightPx: chart.height });
          bottom = Math.max(bottom, chart.top + chart.height);
        }
        // Rows of 15 points (20 px) under the pictures, so what follows starts below them.
        const rows = Math.ceil(bottom / 20) + 1;
        for (let k = 0; k < rows; k += 1) {
          const row = ws.getRow(r + k);
          row.height = 15;
          row.commit();
        }
        r += rows;
        break;
      }
      case 'notes': {
        r = writeNoteRows(ws, r + 1, block.lines, grid.length, total);
        break;
      }
      case 'pageBreak': {
        // The row above the break is the last of its page. It is committed already, so the break is
        // recorded on the sheet as Row.addPageBreak would record it.
        (ws as ExcelJS.Worksheet & { rowBreaks: Array<{ id: number; max: number; man: number }> }).rowBreaks.push({ id: r - 1, max: 16383, man: 1 });
        break;
      }
    }
  }
  ctx.pictures.anchor(ws, pictures, PICTURE_ROW_PX);
  commitSheet(ws);
  ctx.written.push(name);
}

/** Every chart of the workbook rasterised once and registered as a picture, by chart. */
async function addChartImages(wb: ExcelJS.stream.xlsx.WorkbookWriter, spec: WorkbookSpec): Promise<Map<ChartImage, number>> {
  const ids = new Map<ChartImage, number>();
  for (const sheet of spec.sheets) {
    if (sheet.kind !== 'report') continue;
    for (const block of sheet.blocks) {
      if (block.kind !== 'charts') continue;
      for (const chart of block.charts) {
        const png = await svgToPng(chart.svg, chart.width * 2);
        ids.set(chart, wb.addImage({ buffer: Buffer.from(png) as unknown as ExcelJS.Buffer, extension: 'png' }));
      }
    }
  }
  return ids;
}

/**
 * Renders a workbook description to `file` (overwritten). The caller decides the final path: the
 * batch passes a temporary name and renames it once this resolves.
 */
export async function writeWorkbook(file: string, spec: WorkbookSpec, options: WriteOptions = {}): Promise<WrittenWorkbook> {
  const created = spec.created ?? new Date();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
  wb.creator = CREATOR;
  wb.lastModifiedBy = CREATOR;
  wb.created = created;
  wb.modified = created;
  // Core properties (docProps/core.xml) — ExcelJS reads them from the writer object itself.
  const props = wb as unknown as Record<string, unknown>;
  props.title = safeText(spec.title);
  props.subject = safeText(spec.subject);
  props.keywords = safeText(spec.keywords ?? '');
  props.description = safeText(spec.description ?? '');
  props.language = spec.lang === 'en' ? 'en-GB' : 'fr-FR';
  props.category = CREATOR;
  const ctx: SheetContext = { wb, pictures: streamedPictures(wb), spec, used: new Set(), written: [], maxRows: Math.min(MAX_SHEET_ROWS, options.maxRowsPerSheet ?? MAX_SHEET_ROWS) };
  const imageIds = await addChartImages(wb, spec);
  for (const sheet of spec.sheets) {
    if (sheet.kind === 'table') writeTable(ctx, sheet);
    else if (sheet.kind === 'report') writeReport(ctx, sheet, imageIds);
    else writeNotes(ctx, sheet);
  }
  await wb.commit();
  return { file, sheets: ctx.written };
}
