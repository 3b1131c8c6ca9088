/**
 * French CSV: bytes → text (UTF-8 with BOM, UTF-8, else Windows-1252) → separator (`;`, `,` or
 * tab, from the first non-empty lines, counted outside quotes) → RFC 4180 records (doubled quotes,
 * line breaks inside quotes, CRLF or LF), yielded one at a time.
 *
 * Cells stay text: number, date and answer parsing is the pipeline's job, so codes like `06`
 * survive. Empty cells are null; records without any non-empty cell are not yielded but still
 * counted, so row numbers are the ones a spreadsheet application shows. An Excel `sep=;` first
 * line fixes the separator and is not counted as a row (Excel hides it too).
 */
import { throwIfCancelled, unknownSheet, unreadable } from './reader-errors.js';
import type { CancelToken, CellValue, OpenedWorkbook, SheetRow } from './types.js';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';
export type CsvSeparator = ';' | ',' | '\t';

const SEPARATORS: readonly CsvSeparator[] = [';', '\t', ','];
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Decodes the file's bytes, telling which encoding it found. */
export function decodeCsvBytes(bytes: Buffer): { text: string; encoding: CsvEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: French files saved by Excel "CSV (séparateur : point-virgule)" are in
    // Windows-1252, and every byte sequence is valid in it.
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** Windows-1252 characters of bytes 0x80–0x9F (the rest of the code page is Latin-1). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Windows-1252 by hand: Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1
 * control characters (so `€` and `œ` would be lost), the test suite checks this.
 */
export function decodeWindows1252(bytes: Buffer): string {
  const latin1 = bytes.toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80] ?? char);
}

/** Counts of each separator outside quotes, for the first non-empty lines of the text. */
function separatorCounts(text: string, start: number, maxLines: number): Map<CsvSeparator, number[]> {
  const counts = new Map<CsvSeparator, number[]>(SEPARATORS.map((sep) => [sep, []]));
  const current = new Map<CsvSeparator, number>(SEPARATORS.map((sep) => [sep, 0]));
  let inQuotes = false;
  let lineHasText = false;
  let lines = 0;
  const limit = Math.min(text.length, start + 256 * 1024);
  const endLine = (): void => {
    if (lineHasText) {
      for (const sep of SEPARATORS) counts.get(sep)?.push(current.get(sep) ?? 0);
      lines += 1;
    }
    for (const sep of SEPARATORS) current.set(sep, 0);
    lineHasText = false;
  };
  for (let i = start; i < limit && lines < maxLines; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      inQuotes = !inQuotes;
      lineHasText = true;
    } else if (inQuotes) {
      continue;
    } else if (c === LF || c === CR) {
      endLine();
    } else if (c === 59 || c === 44 || c === 9) {
      const sep: CsvSeparator = c === 59 ? ';' : c === 44 ? ',' : '\t';
      current.set(sep, (current.get(sep) ?? 0) + 1);
      lineHasText = true;
    } else if (c !== 32) {
      lineHasText = true;
    }
  }
  if (lines < maxLines) endLine();
  return counts;
}

/**
 * The separator whose count is the same on the most lines (title rows above the header have
 * none and do not vote); ties go to `;`, then tab, then `,` (French files first).
 */
export function detectSeparator(text: string, start = 0): CsvSeparator {
  const counts = separatorCounts(text, start, 30);
  let best: CsvSeparator = ';';
  let bestScore = 0;
  for (const sep of SEPARATORS) {
    const frequency = new Map<number, number>();
    for (const n of counts.get(sep) ?? []) if (n > 0) frequency.set(n, (frequency.get(n) ?? 0) + 1);
    let score = 0;
    let modal = 0;
    for (const [n, lines] of frequency) {
      if (lines > score || (lines === score && n > modal)) {
        score = lines;
        modal = n;
      }
    }
    if (score > bestScore) {
      best = sep;
      bestScore = score;
    }
  }
  return best;
}

/** Records of a CSV text from `start`, as sheet rows (1-based record numbers). */
export function* parseCsvRows(
  text: string,
  start: number,
  separator: CsvSeparator,
  fileName: string,
  cancel?: CancelToken,
): Generator<SheetRow> {
  const n = text.length;
  const sep = separator.charCodeAt(0);
  let i = start;
  let row = 0;
  while (i < n) {
    row += 1;
    const recordStart = row;
    const cells: CellValue[] = [];
    let lastFilled = -1;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        let segment = i + 1;
        value = '';
        for (;;) {
          const q = text.indexOf('"', segment);
          if (q < 0) {
            throw unreadable(fileName, `un guillemet ouvert à la ligne ${recordStart} n'est jamais refermé.`, { row: recordStart });
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(segment, q + 1);
            segment = q + 2;
            continue;
          }
          value += text.slice(segment, q);
          i = q + 1;
          break;
        }
        // A quoted cell holding line breaks is one record, shown by Excel as one row.
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === sep || c === LF || c === CR) break;
          k += 1;
        }
        if (k > i) value += text.slice(i, k); // lenient: `"a"b` reads as `ab`
        i = k;
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === sep || c === LF || c === CR) break;
          k += 1;
        }
        value = text.slice(i, k);
        i = k;
      }
      if (value === '') cells.push(null);
      else {
        cells.push(value);
        lastFilled = cells.length - 1;
      }
      const c = text.charCodeAt(i);
      if (c === sep) {
        i += 1;
        continue;
      }
      if (c === CR) {
        i += 1;
        if (text.charCodeAt(i) === LF) i += 1;
      } else if (c === LF) {
        i += 1;
      }
      break;
    }
    if (lastFilled >= 0) {
      cells.length = lastFilled + 1;
      throwIfCancelled(cancel, fileName);
      yield { row, cells };
    }
  }
}

function countLines(text: string, start: number): number {
  let lines = 0;
  let at = text.indexOf('\n', start);
  while (at >= 0) {
    lines += 1;
    at = text.indexOf('\n', at + 1);
  }
  return text.endsWith('\n') ? lines : lines + 1;
}

export interface CsvOptions {
  cancel?: CancelToken;
}

/** Opens a CSV file already read into memory; its one sheet is named after the file. */
export function openCsv(bytes: Buffer, fileName: string, options: CsvOptions = {}): OpenedWorkbook {
  const { text, encoding } = decodeCsvBytes(bytes);
  let start = 0;
  let separator: CsvSeparator | null = null;
  const hint = /^sep=(.)\r?\n/i.exec(text.slice(0, 8));
  if (hint) {
    const declared = hint[1];
    if (declared === ';' || declared === ',' || declared === '\t') separator = declared;
    start = hint[0].length;
  }
  if (text.slice(start).trim() === '') throw unreadable(fileName, 'le fichier ne contient aucune donnée.');
  separator ??= detectSeparator(text, start);
  const sheetName = fileName.replace(/\.[^.]*$/, '') || fileName;
  let estimate: number | null = null;
  const dialect = { encoding, separator };
  return {
    format: 'csv',
    fileName,
    sheetNames: [sheetName],
    date1904: false,
    csvDialect: dialect,
    rows(name: string): Iterable<SheetRow> {
      if (name !== sheetName) throw unknownSheet(fileName, name, [sheetName]);
      return parseCsvRows(text, start, dialect.separator, fileName, options.cancel);
    },
    estimatedRows(name: string): number {
      if (name !== sheetName) throw unknownSheet(fileName, name, [sheetName]);
      estimate ??= countLines(text, start);
      return estimate;
    },
  };
}
