/**
 * The styling kit every deliverable is written with: a workbook is described as plain data
 * (`WorkbookSpec`: sheets of titled tables and notes) and rendered in one pass by the project's
 * streaming xlsx writer (xlsx-writer/workbook.ts). Describing first, writing second is what lets
 * the kit compute column widths from the content, split tables over the 1,048,576-row limit, and
 * apply the same look everywhere: title, header style, frozen header rows, autofilter, number
 * formats (scores `0.0`, percentages 0–1 in `0.0 %`: values stay numbers, Excel's locale shows the
 * decimal comma), 3-colour scales on score columns, landscape print fitted to the width with the
 * header repeated and "Page n / N" in the footer, and the workbook properties.
 *
 * Every value goes through `safeCellValue` (safe-cells.ts): no formula, no illegal XML, no
 * over-long cell can reach the file.
 */
import type { Lang } from '../../shared/domain.js';
import { svgToPng } from './chart-images.js';
import { MAX_SHEET_ROWS, safeCellValue, safeText, sanitizeSheetName } from './safe-cells.js';
import type { SafeValue } from './safe-cells.js';
import { labels } from './labels.js';
import { XlsxWorkbookWriter } from './xlsx-writer/workbook.js';
import type { CellStyle, PageSetup, SheetSetup, SheetWriter } from './xlsx-writer/workbook.js';
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
/* Styles: one object per look, shared by every cell (the writer registers each once).          */
/* ------------------------------------------------------------------------------------------ */

const FONT = 'Calibri';
const BLUE = 'FF1F4E79';
const LIGHT_BLUE = 'FFEAF0F7';
const thin = { style: 'thin' as const, color: 'FFBFBFBF' };
const SUBTITLE_WRAPPED: CellStyle = { font: { name: FONT, size: 10, italic: true, color: 'FF595959' }, alignment: { vertical: 'top', wrapText: true } };
/** The white gap between two key-figure tiles. */
const WHITE_EDGE = { style: 'thick' as const, color: 'FFFFFFFF' };

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

const KINDS = Object.keys(NUM_FMT) as ColumnKind[];
const byKind = (style: (kind: ColumnKind) => CellStyle): Record<ColumnKind, CellStyle> => Object.fromEntries(KINDS.map((k) => [k, style(k)])) as Record<ColumnKind, CellStyle>;

function cellStyle(kind: ColumnKind): CellStyle {
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
  title: { font: { name: FONT, size: 14, bold: true, color: BLUE } } satisfies CellStyle,
  subtitle: { font: { name: FONT, size: 10, italic: true, color: 'FF595959' } } satisfies CellStyle,
  header: {
    font: { name: FONT, size: 10, bold: true, color: 'FFFFFFFF' },
    fill: BLUE,
    alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
    border: { top: thin, bottom: thin, left: thin, right: thin },
  } satisfies CellStyle,
  note: { font: { name: FONT, size: 9, italic: true, color: 'FF404040' }, alignment: { vertical: 'top', wrapText: true } } satisfies CellStyle,
  heading: {
    font: { name: FONT, size: 11, bold: true, color: BLUE },
    border: { bottom: { style: 'medium' as const, color: BLUE } },
  } satisfies CellStyle,
  label: { font: { name: FONT, size: 10, bold: true }, alignment: { vertical: 'top', wrapText: true } } satisfies CellStyle,
  value: { font: { name: FONT, size: 10 }, alignment: { vertical: 'top', horizontal: 'left', wrapText: true } } satisfies CellStyle,
  bold: byKind((k) => {
    const base = cellStyle(k);
    return { ...base, font: { ...base.font, bold: true }, fill: LIGHT_BLUE };
  }),
  /** A key figure's value, in its kind's number format, and its label: light tiles parted by white edges. */
  figureValue: byKind((k) => ({
    font: { name: FONT, size: 20, bold: true, color: BLUE },
    fill: LIGHT_BLUE,
    alignment: { vertical: 'middle', horizontal: 'center' },
    ...(NUM_FMT[k] ? { numFmt: NUM_FMT[k] } : {}),
    border: { left: WHITE_EDGE, right: WHITE_EDGE },
  })),
  figureLabel: {
    font: { name: FONT, size: 9, color: 'FF404040' },
    fill: LIGHT_BLUE,
    alignment: { vertical: 'top', horizontal: 'center', wrapText: true },
    border: { left: WHITE_EDGE, right: WHITE_EDGE },
  } satisfies CellStyle,
  bullet: { font: { name: FONT, size: 11 }, alignment: { vertical: 'top', horizontal: 'left', wrapText: true } } satisfies CellStyle,
  cells: byKind(cellStyle),
  /** "—" (a withheld or absent figure) in a number column: text, kept where the number would be. */
  dash: byKind((k) => ({ ...cellStyle(k), alignment: { vertical: 'top', horizontal: 'right' } })),
  values: byKind((k) => ({
    font: { name: FONT, size: 10 },
    ...(NUM_FMT[k] ? { numFmt: NUM_FMT[k] } : {}),
    alignment: { vertical: 'top', horizontal: 'left', wrapText: k === 'wrap' || k === 'text' },
  })),
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

/** Excel column letters of a 1-based index, as spreadsheets number them (1 → A, 27 → AA). */
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

/** Every workbook streams (a sheet may hold a million rows): rows are written in order, once. */
interface SheetContext {
  book: XlsxWorkbookWriter;
  spec: WorkbookSpec;
  used: Set<string>;
  written: string[];
  maxRows: number;
}

/**
 * One row being assembled: values and styles by column (1-based), its height, then `write`. A merge
 * gives the covered cells the first cell's style, as a spreadsheet draws a merged range.
 */
class Row {
  readonly values: SafeValue[] = [];
  readonly styles: number[] = [];
  height: number | undefined;

  constructor(private readonly book: XlsxWorkbookWriter) {}

  value(col: number, value: SafeValue): this {
    this.values[col - 1] = value;
    return this;
  }

  style(col: number, style: CellStyle): this {
    this.styles[col - 1] = this.book.style(style);
    return this;
  }

  cell(col: number, value: SafeValue, style: CellStyle): this {
    return this.value(col, value).style(col, style);
  }

  merge(sheet: SheetWriter, r: number, from: number, span: number): void {
    if (span <= 1) return;
    const style = this.styles[from - 1] ?? 0;
    for (let c = from + 1; c < from + span; c += 1) this.styles[c - 1] = style;
    sheet.merge(r, from, r, from + span - 1);
  }

  write(sheet: SheetWriter, r: number): void {
    sheet.row(r, this.values, this.styles, this.height);
  }
}

function pageSetup(spec: WorkbookSpec, headerRow: number): PageSetup {
  return {
    landscape: true,
    paperSize: 9,
    fitToWidth: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    ...(headerRow > 0 ? { printTitleRow: headerRow } : {}),
    footer: `&L&8${footerText(spec.title)}&R&8${footerText(labels(spec.lang).kit.page)} &P / &N`,
  };
}

function beginSheet(ctx: SheetContext, name: string, widths: readonly number[], headerRow: number, frozen?: SheetSetup['frozen']): SheetWriter {
  return ctx.book.beginSheet({ name, widths, frozen, showGridLines: false, page: pageSetup(ctx.spec, headerRow) });
}

/**
 * Title and subtitle lines; with `span` columns (`width` characters in all) each subtitle line is
 * merged across them and wrapped, so a long line is never cut at the table's edge when printed.
 */
function addTitleRows(ctx: SheetContext, sheet: SheetWriter, title: string, subtitle: readonly string[], span = 1, width = 0): number {
  const titleRow = new Row(ctx.book).cell(1, safeCellValue(title), STYLES.title);
  titleRow.height = 20;
  titleRow.write(sheet, 1);
  let r = 2;
  for (const line of subtitle) {
    const row = new Row(ctx.book);
    if (span > 1 && width > 0) {
      row.cell(1, safeCellValue(line), SUBTITLE_WRAPPED).merge(sheet, r, 1, span);
      row.height = wrappedHeight(line, width, 12.5);
    } else row.cell(1, safeCellValue(line), STYLES.subtitle);
    row.write(sheet, r);
    r += 1;
  }
  return r;
}

function writeHeaderRow(ctx: SheetContext, sheet: SheetWriter, r: number, columns: readonly ColumnSpec[], widths: readonly number[]): void {
  const header = new Row(ctx.book);
  columns.forEach((c, i) => header.cell(i + 1, safeCellValue(c.header), STYLES.header));
  // Bold headers are wider than body text: count on fewer characters per line.
  const lines = Math.max(1, ...columns.map((c, i) => wrappedLines(c.header, (widths[i] ?? 10) * 1.05 - 1)));
  header.height = Math.min(150, 13 * lines + 6);
  header.write(sheet, r);
}

/** Writes data rows from `r`; returns the next free row. `bold`: indexes (in `rows`) of rows printed in bold. */
async function writeDataRows(ctx: SheetContext, sheet: SheetWriter, r: number, rows: readonly SafeValue[][], columns: readonly ColumnSpec[], widths: readonly number[], bold: ReadonlySet<number> = new Set()): Promise<number> {
  const kinds = columns.map((c) => c.kind ?? 'text');
  const plain = kinds.map((k) => ctx.book.style(STYLES.cells[k]));
  const strong = kinds.map((k) => ctx.book.style(STYLES.bold[k]));
  const wrapIdx = kinds.map((k, i) => (k === 'wrap' || k === 'text' ? i : -1)).filter((i) => i >= 0);
  let next = r;
  for (let index = 0; index < rows.length; index += 1) {
    const values = rows[index] as SafeValue[];
    let height: number | undefined;
    if (wrapIdx.length > 0) {
      let h = 15;
      for (const c of wrapIdx) {
        const v = values[c];
        // Only a text longer than its column wraps (the common case costs one comparison).
        if (typeof v === 'string' && (v.length > (widths[c] ?? 40) - 2 || v.includes('\n'))) h = Math.max(h, wrappedHeight(v, widths[c] ?? 40));
      }
      if (h > 15) height = h;
    }
    sheet.row(next, values, bold.has(index) ? strong : plain, height);
    if (sheet.full) await sheet.flush();
    next += 1;
  }
  return next;
}

function addColorScales(sheet: SheetWriter, columns: readonly ColumnSpec[], firstRow: number, lastRow: number, shared = false): void {
  if (lastRow < firstRow) return;
  if (shared) {
    // One rule over the span of the scaled columns: the same score gets the same colour across the grid.
    const scaled = columns.map((c, i) => (c.colorScale ? i + 1 : 0)).filter((i) => i > 0);
    if (scaled.length > 0) sheet.colorScale(`${columnLetter(Math.min(...scaled))}${firstRow}:${columnLetter(Math.max(...scaled))}${lastRow}`);
    return;
  }
  columns.forEach((c, i) => {
    if (!c.colorScale) return;
    const col = columnLetter(i + 1);
    sheet.colorScale(`${col}${firstRow}:${col}${lastRow}`);
  });
}

/** Notes under a table, merged across its width and wrapped; returns the next free row. */
function writeNoteRows(ctx: SheetContext, sheet: SheetWriter, r: number, notes: readonly string[], span: number, totalWidth: number): number {
  let next = r;
  for (const note of notes) {
    const row = new Row(ctx.book).cell(1, safeCellValue(note), STYLES.note);
    row.height = wrappedHeight(note, totalWidth, 12);
    row.merge(sheet, next, 1, span);
    row.write(sheet, next);
    next += 1;
  }
  return next;
}

async function writeTable(ctx: SheetContext, sheet: TableSheet): Promise<void> {
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
    const ws = beginSheet(ctx, names[p] as string, widths, headerRow, { rows: headerRow, columns: sheet.freezeColumns ?? 0 });
    addTitleRows(ctx, ws, sheet.title, sub, sheet.columns.length, widths.slice(0, sheet.columns.length).reduce((a, b) => a + b, 0));
    writeHeaderRow(ctx, ws, headerRow, sheet.columns, widths);
    const bold = new Set((sheet.boldRows ?? []).filter((i) => i >= from && i < to).map((i) => i - from));
    let r = await writeDataRows(ctx, ws, headerRow + 1, safeRows.slice(from, to), sheet.columns, widths, bold);
    if (to > from) {
      ws.autoFilter(`A${headerRow}:${columnLetter(sheet.columns.length)}${r - 1}`);
      addColorScales(ws, sheet.columns, headerRow + 1, r - 1, sheet.sharedColorScale);
    } else {
      r = writeNoteRows(ctx, ws, r, [sheet.emptyMessage ?? L.empty], sheet.columns.length, totalWidth);
    }
    if (notes.length > 0) r = writeNoteRows(ctx, ws, r + 1, notes, sheet.columns.length, totalWidth);
    if (p === parts - 1) {
      for (const b of blocks) {
        r += 1;
        const titleRow = new Row(ctx.book).cell(1, safeCellValue(b.title), STYLES.heading);
        titleRow.height = 18;
        titleRow.write(ws, r);
        writeHeaderRow(ctx, ws, r + 1, b.columns, widths);
        const first = r + 2;
        r = await writeDataRows(ctx, ws, first, b.safe, b.columns, widths);
        if (b.safe.length === 0) r = writeNoteRows(ctx, ws, r, [L.empty], b.columns.length, totalWidth);
        addColorScales(ws, b.columns, first, r - 1);
        if (b.notes && b.notes.length > 0) r = writeNoteRows(ctx, ws, r + 1, b.notes, b.columns.length, totalWidth);
      }
    }
    await ws.end();
    ctx.written.push(names[p] as string);
  }
}

async function writeNotes(ctx: SheetContext, sheet: NotesSheet): Promise<void> {
  const name = sanitizeSheetName(sheet.name, ctx.used);
  // Notes print in portrait would suit too, but one orientation keeps a printed set together.
  const labelWidth = 30;
  const valueWidth = 95;
  const ws = beginSheet(ctx, name, [labelWidth, valueWidth], 0, { rows: 1, columns: 0 });
  let r = addTitleRows(ctx, ws, sheet.title, sheet.subtitle ?? [], 2, labelWidth + valueWidth);
  for (const section of sheet.sections) {
    r += 1;
    if (section.heading) {
      const row = new Row(ctx.book).cell(1, safeCellValue(section.heading), STYLES.heading).style(2, STYLES.heading);
      row.height = 18;
      row.write(ws, r);
      r += 1;
    }
    for (const line of section.lines) {
      const row = new Row(ctx.book);
      if (typeof line === 'string') {
        row.cell(1, safeCellValue(line), STYLES.value).merge(ws, r, 1, 2);
        row.height = wrappedHeight(line, labelWidth + valueWidth);
      } else {
        const value = safeCellValue(line.value);
        const kind = line.kind ?? 'text';
        if (line.label !== undefined) row.cell(1, safeCellValue(line.label), STYLES.label);
        row.cell(2, value, STYLES.values[kind]);
        const h = Math.max(
          typeof value === 'string' ? wrappedHeight(value, valueWidth) : 15,
          line.label ? wrappedHeight(line.label, labelWidth) : 15,
        );
        if (h > 15) row.height = h;
      }
      row.write(ws, r);
      if (ws.full) await ws.flush();
      r += 1;
    }
  }
  await ws.end();
  ctx.written.push(name);
}

/** The value of a key figure or report cell: "—" for a withheld or absent figure. */
const orDash = (value: unknown): SafeValue => (value === null || value === undefined ? '—' : safeCellValue(value));

/** The sheet's charts rasterised (at twice their size, for sharp printing) and stored, by chart. */
async function chartPictures(ctx: SheetContext, sheet: ReportSheet): Promise<Map<ChartImage, string>> {
  const media = new Map<ChartImage, string>();
  for (const block of sheet.blocks) {
    if (block.kind !== 'charts') continue;
    for (const chart of block.charts) media.set(chart, await ctx.book.addPicture(await svgToPng(chart.svg, chart.width * 2)));
  }
  return media;
}

async function writeReport(ctx: SheetContext, sheet: ReportSheet): Promise<void> {
  const name = sanitizeSheetName(sheet.name, ctx.used);
  const media = await chartPictures(ctx, sheet);
  const grid = sheet.grid;
  const ws = beginSheet(ctx, name, grid, 0);
  const total = grid.reduce((a, b) => a + b, 0);
  const spanWidth = (from: number, span: number): number => grid.slice(from, from + span).reduce((a, b) => a + b, 0);
  let r = addTitleRows(ctx, ws, sheet.title, sheet.subtitle ?? [], grid.length, total);
  for (const block of sheet.blocks) {
    switch (block.kind) {
      case 'heading': {
        r += 1;
        const row = new Row(ctx.book).value(1, safeCellValue(block.text));
        for (let c = 1; c <= grid.length; c += 1) row.style(c, STYLES.heading);
        row.height = 20;
        row.write(ws, r);
        r += 1;
        break;
      }
      case 'figures': {
        r += 1;
        const valueRow = new Row(ctx.book);
        const labelRow = new Row(ctx.book);
        let col = 0;
        let labelHeight = 24;
        for (const f of block.figures) {
          const valueStyle = STYLES.figureValue[f.kind ?? 'int'];
          for (let c = col; c < col + f.span; c += 1) {
            valueRow.style(c + 1, valueStyle);
            labelRow.style(c + 1, STYLES.figureLabel);
          }
          valueRow.value(col + 1, orDash(f.value)).merge(ws, r, col + 1, f.span);
          labelRow.value(col + 1, safeCellValue(f.label)).merge(ws, r + 1, col + 1, f.span);
          labelHeight = Math.max(labelHeight, wrappedHeight(f.label, spanWidth(col, f.span), 12));
          col += f.span;
        }
        valueRow.height = 34;
        labelRow.height = labelHeight;
        valueRow.write(ws, r);
        labelRow.write(ws, r + 1);
        r += 2;
        break;
      }
      case 'bullets': {
        for (const line of block.lines) {
          const text = `•  ${line}`;
          const row = new Row(ctx.book).cell(1, safeCellValue(text), STYLES.bullet);
          // Calibri 11 is wider than the 10-point body text the estimate is tuned for.
          row.height = Math.min(409, wrappedLines(text, total * 1.12 - 2) * 15 + 5);
          row.merge(ws, r, 1, grid.length);
          row.write(ws, r);
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
        const header = new Row(ctx.book);
        block.columns.forEach((c, i) => {
          const at = (starts[i] as number) + 1;
          header.cell(at, safeCellValue(c.header), STYLES.header).merge(ws, r, at, c.span ?? 1);
        });
        header.height = Math.min(80, 13 * Math.max(1, ...block.columns.map((c, i) => wrappedLines(c.header, (widths[i] ?? 10) * 1.05 - 1))) + 6);
        header.write(ws, r);
        r += 1;
        for (const values of block.rows) {
          const row = new Row(ctx.book);
          let height = 15;
          block.columns.forEach((c, i) => {
            const at = (starts[i] as number) + 1;
            const kind = c.kind ?? 'text';
            // An empty remark stays empty; a missing figure is a "—", kept where the number would be.
            const value = kind === 'text' || kind === 'wrap' ? safeCellValue(values[i]) : orDash(values[i]);
            const dash = value === '—' && kind !== 'text' && kind !== 'wrap';
            row.cell(at, value, dash ? STYLES.dash[kind] : STYLES.cells[kind]).merge(ws, r, at, c.span ?? 1);
            if (typeof value === 'string') height = Math.max(height, wrappedHeight(value, widths[i] ?? 10));
          });
          if (height > 15) row.height = height;
          row.write(ws, r);
          r += 1;
        }
        break;
      }
      case 'charts': {
        r += 1;
        let bottom = 0;
        for (const chart of block.charts) {
          const picture = media.get(chart);
          // Anchored in row units of 20 px (the rows below are set to 15 points).
          if (picture !== undefined) ws.picture({ media: picture, col: chart.col, row: r - 1 + chart.top / PICTURE_ROW_PX, widthPx: chart.width, heightPx: chart.height }, PICTURE_ROW_PX);
          bottom = Math.max(bottom, chart.top + chart.height);
        }
        // Rows of 15 points (20 px) under the pictures, so what follows starts below them.
        const rows = Math.ceil(bottom / 20) + 1;
        for (let k = 0; k < rows; k += 1) ws.row(r + k, [], [], 15);
        r += rows;
        break;
      }
      case 'notes': {
        r = writeNoteRows(ctx, ws, r + 1, block.lines, grid.length, total);
        break;
      }
      case 'pageBreak': {
        // The row above the break is the last of its page.
        ws.pageBreakAfter(r - 1);
        break;
      }
    }
  }
  await ws.end();
  ctx.written.push(name);
}

/**
 * Renders a workbook description to `file` (overwritten). The caller decides the final path: the
 * batch passes a temporary name and renames it once this resolves. On failure the file is removed.
 */
export async function writeWorkbook(file: string, spec: WorkbookSpec, options: WriteOptions = {}): Promise<WrittenWorkbook> {
  const book = new XlsxWorkbookWriter(file, {
    title: safeText(spec.title),
    subject: safeText(spec.subject),
    keywords: safeText(spec.keywords ?? ''),
    description: safeText(spec.description ?? ''),
    creator: CREATOR,
    category: CREATOR,
    language: spec.lang === 'en' ? 'en-GB' : 'fr-FR',
    created: spec.created ?? new Date(),
  });
  const ctx: SheetContext = { book, spec, used: new Set(), written: [], maxRows: Math.min(MAX_SHEET_ROWS, options.maxRowsPerSheet ?? MAX_SHEET_ROWS) };
  try {
    for (const sheet of spec.sheets) {
      if (sheet.kind === 'table') await writeTable(ctx, sheet);
      else if (sheet.kind === 'report') await writeReport(ctx, sheet);
      else await writeNotes(ctx, sheet);
    }
    await book.close();
  } catch (error) {
    await book.abort();
    throw error;
  }
  return { file, sheets: ctx.written };
}
