/**
 * The guards every export goes through, xlsx and csv alike: whatever a workbook or a CSV receives
 * (structure names, audit comments, labels from imported files) is hostile until proven otherwise.
 *
 * - Formula injection. In xlsx every string is written as a string cell (`t="s"`/`inlineStr`), which
 *   Excel and LibreOffice never evaluate, so text such as `=HYPERLINK(...)` is shown as typed. The
 *   danger in xlsx is an *object* value (spreadsheet libraries treat `{ formula }`, `{ richText }`,
 *   `{ hyperlink }` specially): `safeCellValue` turns any object into plain text, and our writer
 *   (xlsx-writer/) has no formula cell at all, so no `<f>` element can ever be produced. In CSV there is no cell type, so a text field that begins
 *   with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with an apostrophe `'` (the OWASP
 *   recommendation; spreadsheets show the apostrophe, which is the visible price of safety). Numbers
 *   we write ourselves (a negative score) are never prefixed: they are numbers, not text.
 * - XML: characters XML 1.0 forbids (C0 controls except tab, LF, CR; U+FFFE, U+FFFF; lone
 *   surrogates) are removed, otherwise the file would not open.
 * - Length: Excel's cell limit is 32,767 characters; longer text is cut and ends with a visible marker.
 * - Sheet names: at most 31 characters, none of `: \ / ? * [ ]`, not starting or ending with an
 *   apostrophe, not "History", unique (case-insensitive): sanitised and de-duplicated.
 * - Rows: a sheet holds at most 1,048,576 rows; the kit (workbook-kit.ts) splits longer tables into
 *   "Name (2)", "Name (3)"… and says so.
 */
import fs from 'node:fs';
import { csvSafeText, safeText, stripIllegalXml } from '../../shared/safe-text.js';

export const MAX_SHEET_ROWS = 1_048_576;
export const MAX_SHEET_NAME = 31;
export { MAX_CELL_CHARS, TRUNCATION_MARKER, looksLikeFormula, safeText, stripIllegalXml, truncateCell } from '../../shared/safe-text.js';

/** What an export may put in a cell: no object value ever reaches the writer. */
export type SafeValue = string | number | boolean | Date | null;

/**
 * The one entry to a cell: numbers stay numbers (NaN/±∞ become empty), valid dates stay dates,
 * text is cleaned, and any object (formula, rich text, hyperlink…) is flattened to its text so
 * no writer can ever write a formula.
 */
export function safeCellValue(value: unknown): SafeValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return safeText(value);
  if (typeof value === 'bigint') return safeText(value.toString());
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'object') return safeText(flattenObject(value as Record<string, unknown>));
  return safeText(String(value));
}

function flattenObject(value: Record<string, unknown>): string {
  if (Array.isArray(value.richText)) {
    return value.richText.map((run: unknown) => (run && typeof run === 'object' && 'text' in run ? String((run as { text: unknown }).text) : '')).join('');
  }
  // A formula object keeps its visible text so nothing is lost, but as text: `=SUM(A1)`.
  if (typeof value.formula === 'string') return `=${value.formula}`;
  if (typeof value.sharedFormula === 'string') return `=${value.sharedFormula}`;
  if (typeof value.text === 'string') return value.text;
  if ('result' in value && value.result !== undefined) return String(value.result);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * A valid, unique sheet name. `used` holds the names already taken (any case); the result is
 * added to it. Characters Excel refuses become `-`, apostrophes at the ends are dropped (and inner
 * ones become ’ so the print-title defined names stay well quoted), an empty name becomes "Feuille".
 */
export function sanitizeSheetName(name: string, used: Set<string> = new Set(), fallback = 'Feuille'): string {
  let base = stripIllegalXml(name)
    .replace(/[:\\/?*[\]]/g, '-')
    .replace(/[\r\n\t]/g, ' ')
    .replace(/^'+|'+$/g, '')
    .replace(/'/g, '’')
    .replace(/\s+/g, ' ')
    .trim();
  if (base === '' || base.toLowerCase() === 'history') base = base === '' ? fallback : `${base} (1)`;
  base = cutName(base, MAX_SHEET_NAME);
  const taken = new Set([...used].map((n) => n.toLowerCase()));
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i += 1) {
    const suffix = ` (${i})`;
    candidate = cutName(base, MAX_SHEET_NAME - suffix.length) + suffix;
  }
  used.add(candidate);
  return candidate;
}

function cutName(name: string, max: number): string {
  if (name.length <= max) return name;
  let cut = max;
  const last = name.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return name.slice(0, cut).trimEnd();
}

/* ------------------------------------------------------------------------------------------ */
/* French CSV                                                                                  */
/* ------------------------------------------------------------------------------------------ */

export interface CsvOptions {
  /** `;` by default (French Excel). */
  separator?: string;
  /** Decimal comma by default. */
  decimal?: ',' | '.';
  /** Write the UTF-8 BOM so Excel detects the encoding (default true). */
  bom?: boolean;
}

/** One CSV field, guarded: cleaned text, formula-looking text prefixed with `'`, quoted when needed. */
export function csvField(value: unknown, options: CsvOptions = {}): string {
  const separator = options.separator ?? ';';
  const decimal = options.decimal ?? ',';
  const safe = safeCellValue(value);
  let text: string;
  if (safe === null) return '';
  if (typeof safe === 'number') {
    // No thousands separator: it would split the number on reading. Plain digits, decimal comma.
    text = String(safe);
    if (/e/i.test(text)) text = safe.toFixed(20).replace(/\.?0+$/, '');
    if (decimal === ',') text = text.replace('.', ',');
    return text;
  }
  if (typeof safe === 'boolean') text = safe ? 'oui' : 'non';
  else if (safe instanceof Date) text = formatDateFr(safe);
  else text = csvSafeText(safe);
  if (text.includes(separator) || /["\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** dd/mm/yyyy, with hh:mm when the date carries a time (UTC, as stored). */
function formatDateFr(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
  const hasTime = date.getUTCHours() !== 0 || date.getUTCMinutes() !== 0;
  return hasTime ? `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}` : day;
}

/** The CSV text (with BOM by default) of a header and rows, CRLF line ends. */
export function toCsv(headers: readonly string[], rows: Iterable<readonly unknown[]>, options: CsvOptions = {}): string {
  const separator = options.separator ?? ';';
  const lines: string[] = [headers.map((h) => csvField(h, options)).join(separator)];
  for (const row of rows) lines.push(row.map((v) => csvField(v, options)).join(separator));
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}

/**
 * Writes a French CSV (`;`, decimal comma, UTF-8 with BOM) with the same guards as the workbooks.
 * Written to a temporary name then renamed, so a reader never sees half a file.
 */
export function writeCsv(file: string, headers: readonly string[], rows: Iterable<readonly unknown[]>, options: CsvOptions = {}): { file: string; rows: number } {
  const temp = `${file}.${process.pid}.tmp`;
  const separator = options.separator ?? ';';
  const fd = fs.openSync(temp, 'w');
  let count = 0;
  try {
    try {
      let buffer = `${options.bom === false ? '' : '\uFEFF'}${headers.map((h) => csvField(h, options)).join(separator)}\r\n`;
      for (const row of rows) {
        buffer += `${row.map((v) => csvField(v, options)).join(separator)}\r\n`;
        count += 1;
        if (buffer.length > 1 << 16) {
          fs.writeSync(fd, buffer);
          buffer = '';
        }
      }
      fs.writeSync(fd, buffer);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return { file, rows: count };
}
