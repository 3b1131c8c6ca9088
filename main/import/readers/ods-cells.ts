/**
 * Counts the cells SheetJS would build from an ODS `content.xml`, BEFORE it builds them. ODS
 * compresses a run of identical cells into one element (`table:number-columns-repeated`) and a run
 * of identical rows into one row (`table:number-rows-repeated`); SheetJS expands both into one
 * object per cell, whole workbook in memory. A 33 KB file can so declare 17 G cells and exhaust
 * the process long before any limit of ours is reached. The count follows SheetJS's own rules
 * (xlsx.js parse_content_xml), so what is counted is exactly what it would allocate:
 *   - a cell is built only when it has content: a `table-cell` element with children (a
 *     `<text:p>`) or a non-text value type; empty cells, however repeated, only move the column;
 *   - a built cell is copied `number-columns-repeated` × its row's `number-rows-repeated` times;
 *   - covered cells (merged areas) are never built, comments `<!-- -->` are skipped.
 * So LibreOffice's trailing blank rows (`number-rows-repeated="1048571"` of empty cells) cost
 * nothing and count nothing. Tags are matched by local name whatever their prefix, as SheetJS does.
 * The scan works on the bytes, one pass, without building a string of the part.
 */
import { countParam, overLimit, reason } from './reader-errors.js';
import type { ReaderLimits } from './limits.js';

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const COLON = 58;

export interface OdsCellCount {
  /** Cells each table would expand to, in document order. */
  readonly sheets: readonly { name: string; cells: number }[];
  readonly total: number;
}

function isNameEnd(b: number | undefined): boolean {
  return b === undefined || b === GT || b === SLASH || b === 32 || b === 9 || b === 10 || b === 13;
}

const NAMES = {
  table: Buffer.from('table', 'latin1'),
  tableRow: Buffer.from('table-row', 'latin1'),
  tableCell: Buffer.from('table-cell', 'latin1'),
  p: Buffer.from('p', 'latin1'),
  valueType: Buffer.from('value-type', 'latin1'),
  columnsRepeated: Buffer.from('number-columns-repeated', 'latin1'),
  rowsRepeated: Buffer.from('number-rows-repeated', 'latin1'),
  name: Buffer.from('name', 'latin1'),
};

/** True when `xml[start, end)` is exactly `name` (byte comparison, no string made). */
function is(xml: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k += 1) if (xml[start + k] !== name[k]) return false;
  return true;
}

/**
 * Value of the attribute whose local name is `name` in the tag source `xml[from, to)`, or
 * undefined. Walks the attributes by hand: a regular expression over a string of every tag cost
 * ten times more on a content.xml of 2 M cells.
 */
function attribute(xml: Buffer, from: number, to: number, name: Buffer, encoding: 'latin1' | 'utf8' = 'latin1'): string | undefined {
  let k = from;
  while (k < to) {
    let b = xml[k];
    while (k < to && (b === 32 || b === 9 || b === 10 || b === 13)) b = xml[++k];
    if (k >= to || b === SLASH) return undefined;
    let localStart = k;
    while (k < to && xml[k] !== 61 /* = */ && !isNameEnd(xml[k])) {
      if (xml[k] === COLON) localStart = k + 1;
      k += 1;
    }
    const localEnd = k;
    while (k < to && xml[k] !== 34 && xml[k] !== 39) k += 1;
    const quote = xml[k];
    const valueStart = k + 1;
    k = valueStart;
    while (k < to && xml[k] !== quote) k += 1;
    if (is(xml, localStart, localEnd, name)) return xml.toString(encoding, valueStart, k);
    k += 1;
  }
  return undefined;
}

/** Counts the cells of every table of an ODS `content.xml` (see the module comment). */
export function countOdsCells(xml: Buffer): OdsCellCount {
  const sheets: { name: string; cells: number }[] = [];
  let sheet: { name: string; cells: number } | null = null;
  let rowRepeat = 1;
  // The open `table-cell` (not self-closing), until its end tag.
  let inCell = false;
  let cellColumns = 1;
  let cellBuilt = false;
  let total = 0;
  const end = xml.length;
  let at = xml.indexOf(LT);
  while (at >= 0 && at < end) {
    const next = xml[at + 1];
    if (next === BANG) {
      // A comment is skipped whole (SheetJS removes them first); other `<!` (CDATA) are text.
      if (xml[at + 2] === 45 && xml[at + 3] === 45) {
        const close = xml.indexOf('-->', at + 4, 'latin1');
        if (close < 0) break;
        at = xml.indexOf(LT, close + 3);
      } else {
        at = xml.indexOf(LT, at + 2);
      }
      continue;
    }
    if (next === QUESTION) {
      at = xml.indexOf(LT, at + 2);
      continue;
    }
    const closing = next === SLASH;
    const nameStart = closing ? at + 2 : at + 1;
    let nameEnd = nameStart;
    let localStart = nameStart;
    while (nameEnd < end && !isNameEnd(xml[nameEnd])) {
      if (xml[nameEnd] === COLON) localStart = nameEnd + 1;
      nameEnd += 1;
    }
    // Plain loops rather than indexOf: tags are a few bytes apart, a native call costs more.
    let gt = nameEnd;
    while (gt < end && xml[gt] !== GT) gt += 1;
    if (gt >= end) break;
    const selfClosing = xml[gt - 1] === SLASH;
    if (closing) {
      if (inCell && is(xml, localStart, nameEnd, NAMES.tableCell)) {
        if (cellBuilt && sheet) {
          const cells = cellColumns * rowRepeat;
          sheet.cells += cells;
          total += cells;
        }
        inCell = false;
      } else if (is(xml, localStart, nameEnd, NAMES.tableRow)) {
        rowRepeat = 1;
      } else if (is(xml, localStart, nameEnd, NAMES.table)) {
        sheet = null;
      }
    } else if (inCell && is(xml, localStart, nameEnd, NAMES.p)) {
      cellBuilt = true;
    } else if (is(xml, localStart, nameEnd, NAMES.tableCell)) {
      const valueType = attribute(xml, nameEnd, gt, NAMES.valueType);
      if (selfClosing) {
        // SheetJS builds one cell (never repeated) for a self-closing text cell.
        if ((valueType === 'string' || valueType === 'text') && sheet) {
          sheet.cells += rowRepeat;
          total += rowRepeat;
        }
      } else {
        inCell = true;
        // parseInt, as SheetJS reads it; a missing or absurd value counts as 1.
        cellColumns = Math.max(1, parseInt(attribute(xml, nameEnd, gt, NAMES.columnsRepeated) ?? '1', 10) || 1);
        cellBuilt = valueType !== undefined && valueType !== 'string' && valueType !== 'text';
      }
    } else if (is(xml, localStart, nameEnd, NAMES.tableRow)) {
      // `+value`, as SheetJS reads it ("1e9" is a billion rows).
      const value = Number(attribute(xml, nameEnd, gt, NAMES.rowsRepeated) ?? '1');
      rowRepeat = selfClosing || Number.isNaN(value) || value < 1 ? 1 : value;
    } else if (!selfClosing && is(xml, localStart, nameEnd, NAMES.table)) {
      sheet = { name: attribute(xml, nameEnd, gt, NAMES.name, 'utf8') ?? `Feuille ${sheets.length + 1}`, cells: 0 };
      sheets.push(sheet);
      rowRepeat = 1;
    }
    at = gt + 1;
    while (at < end && xml[at] !== LT) at += 1;
  }
  return { sheets, total };
}

/**
 * Refuses an ODS whose tables would expand to more cells than `maxCellsOdsXls`, naming the
 * biggest sheet and what it declares.
 */
export function assertOdsCellsWithinLimit(xml: Buffer, fileName: string, limits: ReaderLimits): void {
  const { sheets, total } = countOdsCells(xml);
  const limit = limits.maxCellsOdsXls;
  if (total <= limit) return;
  const biggest = sheets.reduce((a, b) => (b.cells > a.cells ? b : a));
  const what = biggest.cells > limit
    ? reason('import.what.odsSheetCells', { sheet: biggest.name, count: countParam(biggest.cells) })
    : reason('import.what.odsTotalCells', { count: countParam(total) });
  throw overLimit(fileName, 'maxCellsOdsXls', limits, what, { sheet: biggest.name, declaredCells: total }, reason('import.advice.wholeInMemory', { format: 'ods' }));
}
