/**
 * French CSV, streamed: the file is read in chunks into one reused buffer and parsed record by
 * record, so memory stays bounded whatever the file's size (a national edition in the long
 * layout weighs hundreds of Mo).
 *
 *   bytes → encoding (UTF-8 BOM; else UTF-8 if the whole file is valid UTF-8, checked chunk by
 *   chunk at open; else Windows-1252) → separator (`;`, `,` or tab, from the first non-empty
 *   lines, counted outside quotes) → RFC 4180 records (doubled quotes, line breaks inside quotes,
 *   CRLF or LF), yielded one at a time.
 *
 * How a chunk becomes cells, fast: the window of bytes is turned into a string one character per
 * byte (Latin-1, or the hand Windows-1252 decoder), so character offsets are byte offsets; the
 * parser finds separators and line ends with `indexOf` and slices cells from that string. A UTF-8
 * cell holding bytes ≥ 0x80 is then decoded from its own bytes (separators, quotes and line
 * breaks are ASCII, never part of a multi-byte character). A record cut by the end of the window
 * is parsed again once its bytes are moved to the front of the buffer and the next chunk read
 * after them, so quotes, CRLF and multi-byte characters may fall anywhere across chunks. A cell
 * equal to the previous record's cell in the same column is the same string (the long layout
 * repeats the audit's columns on each of its ~65 rows): no decoding, no new allocation.
 *
 * Cells stay text: number, date and answer parsing is the pipeline's job, so codes like `06`
 * survive. Empty cells are null; records without any non-empty cell are not yielded but still
 * counted, so row numbers are the ones a spreadsheet application shows. An Excel `sep=;` first
 * line fixes the separator and is not counted as a row (Excel hides it too).
 *
 * Caps (limits.ts), checked as the bytes come so a monster is refused within its first chunk:
 * fields per record (`maxCsvFields`), bytes per record (`maxCsvRecordBytes`), non-empty cells
 * per file (`maxCells`).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolveLimits, type ReaderLimits } from './limits.js';
import { asReaderError, countParam, overLimit, reason, throwIfCancelled, unknownSheet, unreadable } from './reader-errors.js';
import type { CancelToken, CellValue, OpenedWorkbook, SheetRow } from './types.js';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';
export type CsvSeparator = ';' | ',' | '\t';

const SEPARATORS: readonly CsvSeparator[] = [';', '\t', ','];
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Bytes read at a time by default. */
export const DEFAULT_CSV_CHUNK_BYTES = 1024 * 1024;
/** Bytes of the beginning of the file decoded at open: `sep=` line, separator, row estimate. */
const HEAD_BYTES = 256 * 1024;
/**
 * V8 keeps a substring of 13 characters or more as a view on its parent string: a cell kept by
 * the pipeline (a structure name, a comment) would keep the whole chunk's text alive, so such
 * cells are copied.
 */
const VIEW_MIN_LENGTH = 13;

function startsWithBom(bytes: Buffer, at = 0): boolean {
  return bytes.length >= at + 3 && bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf;
}

/** Decodes the file's bytes, telling which encoding it found. */
export function decodeCsvBytes(bytes: Buffer): { text: string; encoding: CsvEncoding } {
  if (startsWithBom(bytes)) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), encoding: 'utf-8' };
  // Not valid UTF-8: French files saved by Excel "CSV (séparateur : point-virgule)" are in
  // Windows-1252, and every byte sequence is valid in it.
  return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
}

/** Windows-1252 characters of bytes 0x80–0x9F (the rest of the code page is Latin-1). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Windows-1252 by hand: Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1
 * control characters (so `€` and `œ` would be lost), the test suite checks this. One character
 * per byte, which the streaming parser relies on.
 */
export function decodeWindows1252(bytes: Buffer): string {
  return latin1ToWindows1252(bytes.toString('latin1'));
}

/** Text read as Latin-1 turned into Windows-1252 (they differ on 0x80–0x9F only). */
function latin1ToWindows1252(latin1: string): string {
  return latin1.replace(/[\u0080-\u009f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80] ?? char);
}

// ---------------------------------------------------------------------------------------------
// Where the bytes come from: a file read with readSync (the import), or bytes already in memory.

interface ByteReader {
  /** Copies up to `length` bytes from `position` into `into` at `offset`; 0 at the end. */
  read(into: Buffer, offset: number, length: number, position: number): number;
  close(): void;
}

interface ByteSource {
  readonly size: number;
  /** One reading pass (each `rows()` iteration has its own, closed when it ends). */
  open(): ByteReader;
}

function bufferSource(bytes: Buffer): ByteSource {
  return {
    size: bytes.length,
    open: () => ({
      read: (into, offset, length, position) => (position >= bytes.length ? 0 : bytes.copy(into, offset, position, Math.min(bytes.length, position + length))),
      close: () => undefined,
    }),
  };
}

function fileSource(filePath: string, size: number, fileName: string): ByteSource {
  return {
    size,
    open(): ByteReader {
      let fd: number;
      try {
        fd = openSync(filePath, 'r');
      } catch (error) {
        throw asReaderError(error, fileName, reason('import.where.readFile'));
      }
      let open = true;
      return {
        read(into, offset, length, position): number {
          try {
            return readSync(fd, into, offset, length, position);
          } catch (error) {
            throw asReaderError(error, fileName, reason('import.where.readFile'));
          }
        },
        close(): void {
          if (open) closeSync(fd);
          open = false;
        },
      };
    },
  };
}

function readHead(source: ByteSource, length: number): Buffer {
  const head = Buffer.allocUnsafe(Math.min(length, source.size));
  const reader = source.open();
  try {
    let filled = 0;
    while (filled < head.length) {
      const read = reader.read(head, filled, head.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return head.subarray(0, filled);
  } finally {
    reader.close();
  }
}

/**
 * Length of the prefix of `bytes[0, end)` that does not end inside a UTF-8 multi-byte character
 * (the cut one is completed by the next chunk).
 */
function completeUtf8Prefix(bytes: Buffer, end: number): number {
  let lead = end - 1;
  while (lead >= 0 && lead > end - 4 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead -= 1;
  if (lead < 0) return end;
  const b = bytes[lead] ?? 0;
  const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + needed > end ? lead : end;
}

/** UTF-8 with BOM; else UTF-8 when every byte of the file is valid UTF-8; else Windows-1252. */
function detectEncoding(source: ByteSource, head: Buffer, chunkBytes: number, fileName: string, cancel?: CancelToken): CsvEncoding {
  if (startsWithBom(head)) return 'utf-8-bom';
  if (head.length >= source.size) return isUtf8(head) ? 'utf-8' : 'windows-1252';
  const reader = source.open();
  const buffer = Buffer.allocUnsafe(chunkBytes + 4);
  let carry = 0;
  let position = 0;
  try {
    for (;;) {
      throwIfCancelled(cancel, fileName);
      const read = reader.read(buffer, carry, chunkBytes, position);
      // A multi-byte character cut by the end of the file is not valid UTF-8.
      if (read === 0) return carry === 0 ? 'utf-8' : 'windows-1252';
      position += read;
      const end = carry + read;
      const cut = completeUtf8Prefix(buffer, end);
      if (!isUtf8(buffer.subarray(0, cut))) return 'windows-1252';
      carry = end - cut;
      buffer.copy(buffer, 0, cut, end);
    }
  } finally {
    reader.close();
  }
}

function decodeHead(bytes: Buffer, encoding: CsvEncoding): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, completeUtf8Prefix(bytes, bytes.length)));
}

/** True when the file has a non-blank character after `from` (only called past a blank head). */
function hasTextAfter(source: ByteSource, from: number, encoding: CsvEncoding, chunkBytes: number): boolean {
  const reader = source.open();
  const buffer = Buffer.allocUnsafe(chunkBytes);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let position = from;
  try {
    for (;;) {
      const read = reader.read(buffer, 0, chunkBytes, position);
      if (read === 0) return false;
      position += read;
      const bytes = buffer.subarray(0, read);
      const text = encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes, { stream: true });
      if (text.trim() !== '') return true;
    }
  } finally {
    reader.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Separator detection.

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

// ---------------------------------------------------------------------------------------------
// The record parser.

/** A string that does not keep a bigger one alive (see VIEW_MIN_LENGTH). */
function own(value: string): string {
  // Flattening the concatenation copies the characters; the result views that small copy only.
  return value.length >= VIEW_MIN_LENGTH ? (' ' + value).slice(1) : value;
}

function hasHighByte(bytes: Buffer, start: number, end: number): boolean {
  for (let k = start; k < end; k += 1) if ((bytes[k] ?? 0) >= 0x80) return true;
  return false;
}

const NO_CELLS: readonly CellValue[] = [];

/**
 * Reads records from a window of text that is either the whole input (text mode) or the bytes
 * of `buffer[0, fill)` one character per byte, refilled from a byte source when a record runs
 * past its end.
 */
class CsvRecordReader {
  private text = '';
  private n = 0;
  /** Start of the next record in `text`. */
  private i = 0;
  private eof = false;
  // Next separator / LF / CR at or after the position they were looked up from (n: none left).
  private nextSep = -1;
  private nextLf = -1;
  private nextCr = -1;
  // Previous record's cell per column: its text in the window and its value.
  private readonly prevRaw: (string | undefined)[] = [];
  private readonly prevValue: (string | undefined)[] = [];
  /** Non-empty cells of the last record returned (counted as they are pushed, for `maxCells`). */
  filledInRecord = 0;
  /** Set while the pending record is inside an open quote (for the message if it never ends). */
  private openQuote = false;
  /** The previous record's cells (to find the leading cells a record shares with it). */
  private previousCells: readonly CellValue[] = NO_CELLS;
  /**
   * Raw text of a record's leading cells, separators included, that the next records will
   * likely start with too (the audit's columns, repeated on each of its rows in the long layout).
   */
  private prefix = '';
  private prefixCells = 0;
  /** The cells `prefix` reads as (its own copy: callers may keep or change the arrays they get). */
  private prefixValues: CellValue[] = [];
  private readonly sepCode: number;

  // Byte mode only.
  private buffer: Buffer = Buffer.alloc(0);
  private fill = 0;
  private position = 0;
  private reader: ByteReader | null = null;
  /**
   * The buffer when the window holds bytes ≥ 0x80, else null: the window's text is Latin-1, so a
   * cell holding such bytes is decoded on its own (UTF-8, or Windows-1252 for 0x80–0x9F).
   */
  private highBytes: Buffer | null = null;
  private readonly utf8: boolean;

  private constructor(
    private readonly sepChar: CsvSeparator,
    private readonly fileName: string,
    private readonly byteMode: { source: ByteSource; encoding: CsvEncoding; chunkBytes: number } | null,
    private readonly limits: ReaderLimits,
  ) {
    this.sepCode = sepChar.charCodeAt(0);
    this.utf8 = byteMode !== null && byteMode.encoding !== 'windows-1252';
  }

  static fromText(text: string, start: number, separator: CsvSeparator, fileName: string, limits: ReaderLimits): CsvRecordReader {
    const reader = new CsvRecordReader(separator, fileName, null, limits);
    reader.text = text;
    reader.n = text.length;
    reader.i = start;
    reader.eof = true;
    return reader;
  }

  static fromBytes(source: ByteSource, from: number, encoding: CsvEncoding, separator: CsvSeparator, fileName: string, chunkBytes: number, limits: ReaderLimits): CsvRecordReader {
    const reader = new CsvRecordReader(separator, fileName, { source, encoding, chunkBytes }, limits);
    reader.position = from;
    reader.buffer = Buffer.allocUnsafe(chunkBytes);
    return reader;
  }

  /** Cells of the next record (empty for a blank one), null at the end. */
  next(rowNumber: number): CellValue[] | null {
    for (;;) {
      const cells = this.tryRecord(rowNumber);
      if (cells !== undefined) return cells;
      this.refill(rowNumber);
    }
  }

  close(): void {
    this.reader?.close();
    this.reader = null;
  }

  /** Keeps the pending record's bytes, moved to the front of the buffer, and reads a chunk after them. */
  private refill(rowNumber: number): void {
    const mode = this.byteMode;
    if (!mode) throw new Error('CSV text mode never needs more input');
    const keep = this.i;
    const carry = this.fill - keep;
    // A record still incomplete past the cap is refused rather than read on to the end of the
    // file (an unclosed quote near the top of a 200 Mo file would otherwise load all of it).
    if (carry > this.limits.maxCsvRecordBytes) throw this.recordTooLong(rowNumber, carry);
    // Read at least as much as is carried, so a long record is not parsed again chunk after chunk.
    const want = Math.max(mode.chunkBytes, carry);
    if (this.buffer.length < carry + want) {
      const bigger = Buffer.allocUnsafe(carry + want);
      this.buffer.copy(bigger, 0, keep, this.fill);
      this.buffer = bigger;
    } else if (keep > 0 && carry > 0) {
      this.buffer.copy(this.buffer, 0, keep, this.fill);
    }
    this.fill = carry;
    this.reader ??= mode.source.open();
    const read = this.reader.read(this.buffer, carry, want, this.position);
    if (read === 0) {
      this.eof = true;
      this.close();
    }
    this.position += read;
    this.fill += read;
    const window = this.buffer.subarray(0, this.fill);
    // Latin-1 for every encoding (fast, one character per byte); cells with high bytes are
    // decoded one by one (fixing a whole window with a regular expression costs more).
    this.text = window.toString('latin1');
    this.highBytes = isAscii(window) ? null : this.buffer;
    this.n = this.fill;
    this.i = 0;
    this.nextSep = -1;
    this.nextLf = -1;
    this.nextCr = -1;
  }

  private recordTooLong(rowNumber: number, length: number): Error {
    const what = reason(this.openQuote ? 'import.what.csvOpenQuote' : 'import.what.csvRecordBytes', { row: String(rowNumber), bytes: countParam(length) });
    return overLimit(this.fileName, 'maxCsvRecordBytes', this.limits, what, { row: rowNumber });
  }

  /** Text of `[start, end)`, decoded from its bytes when it holds bytes ≥ 0x80. */
  private piece(text: string, start: number, end: number): string {
    const bytes = this.highBytes;
    if (bytes !== null && hasHighByte(bytes, start, end)) return this.decodeHigh(bytes, text, start, end);
    return text.slice(start, end);
  }

  /** `[start, end)` holding bytes ≥ 0x80, decoded (a fresh string, never a view on the window). */
  private decodeHigh(bytes: Buffer, text: string, start: number, end: number): string {
    if (this.utf8) return bytes.toString('utf8', start, end);
    return own(latin1ToWindows1252(text.slice(start, end)));
  }

  /** Value of the unquoted, non-empty cell `[start, end)` of `column`. */
  private unquoted(text: string, start: number, end: number, column: number): string {
    const bytes = this.highBytes;
    const multiByte = bytes !== null && hasHighByte(bytes, start, end);
    if (!multiByte && end - start < VIEW_MIN_LENGTH) return text.slice(start, end);
    // Long or multi-byte: the same text as the previous one of the column is the same string,
    // neither copied nor decoded again.
    const raw = text.slice(start, end);
    const previous = this.prevValue[column];
    if (previous !== undefined && raw === this.prevRaw[column]) return previous;
    const value = multiByte && bytes !== null ? this.decodeHigh(bytes, text, start, end) : own(raw);
    this.prevRaw[column] = multiByte ? own(raw) : value;
    this.prevValue[column] = value;
    return value;
  }

  /** Value of a quoted, non-empty cell of `column`. */
  private settle(value: string, column: number): string {
    const previous = this.prevValue[column];
    if (previous !== undefined && value === previous) return previous;
    const owned = own(value);
    this.prevRaw[column] = undefined;
    this.prevValue[column] = owned;
    return owned;
  }

  /** The next record, or null at the end, or undefined when the window ends before it does. */
  private tryRecord(rowNumber: number): CellValue[] | null | undefined {
    const text = this.text;
    const n = this.n;
    const eof = this.eof;
    const recordStart = this.i;
    let i = recordStart;
    if (i >= n) return eof ? null : undefined;
    const sep = this.sepCode;
    const sepChar = this.sepChar;
    const maxFields = this.limits.maxCsvFields;
    const previous = this.previousCells;
    // Empty cells are pushed only once a filled cell follows them: trailing ones never are.
    const cells: CellValue[] = [];
    let pendingNulls = 0;
    let column = 0;
    let filled = 0;
    // Leading cells equal to the previous record's, each ended by a separator: how many, and
    // where the last one's separator ends.
    let stable = 0;
    let stableEnd = recordStart;
    const prefix = this.prefix;
    // (slice + === compares with memcmp; startsWith walks the characters one by one, 5× slower)
    if (prefix.length > 0 && i + prefix.length <= n && text.slice(i, i + prefix.length) === prefix) {
      // The record starts with the prefix's text, so with the prefix's cells.
      const count = this.prefixCells;
      const values = this.prefixValues;
      for (; column < count; column += 1) {
        const value = values[column] ?? null;
        if (value === null) {
          pendingNulls += 1;
        } else {
          for (; pendingNulls > 0; pendingNulls -= 1) cells.push(null);
          cells.push(value);
          filled += 1;
        }
      }
      i += prefix.length;
      stable = count;
      stableEnd = i;
    }
    let nextSep = this.nextSep;
    let nextLf = this.nextLf;
    let nextCr = this.nextCr;
    this.openQuote = false;
    for (;;) {
      let quoted: string | null = null;
      if (text.charCodeAt(i) === QUOTE) {
        let segment = i + 1;
        quoted = '';
        this.openQuote = true;
        for (;;) {
          const q = text.indexOf('"', segment);
          if (q < 0) {
            if (!eof) return undefined;
            throw unreadable(this.fileName, reason('import.reason.csvQuoteNotClosed', { row: String(rowNumber) }), { row: rowNumber });
          }
          if (q + 1 >= n && !eof) return undefined; // a doubled quote may be cut
          if (text.charCodeAt(q + 1) === QUOTE) {
            quoted += this.piece(text, segment, q + 1);
            segment = q + 2;
            continue;
          }
          quoted += this.piece(text, segment, q);
          i = q + 1;
          break;
        }
        this.openQuote = false;
      }
      // The cell ends at the next separator, LF or CR (each looked up once, then reused while ahead).
      if (nextSep < i) {
        nextSep = text.indexOf(sepChar, i);
        if (nextSep < 0) nextSep = n;
      }
      if (nextLf < i) {
        nextLf = text.indexOf('\n', i);
        if (nextLf < 0) nextLf = n;
      }
      if (nextCr < i) {
        nextCr = text.indexOf('\r', i);
        if (nextCr < 0) nextCr = n;
      }
      let end = nextSep < nextLf ? nextSep : nextLf;
      if (nextCr < end) end = nextCr;
      if (end >= n && !eof) return undefined;
      let value: CellValue;
      if (quoted !== null) {
        // A quoted cell holding line breaks is one record, shown by Excel as one row.
        if (end > i) quoted += this.piece(text, i, end); // lenient: `"a"b` reads as `ab`
        value = quoted === '' ? null : this.settle(quoted, column);
      } else {
        value = end === i ? null : this.unquoted(text, i, end, column);
      }
      if (value === null) {
        pendingNulls += 1;
      } else {
        for (; pendingNulls > 0; pendingNulls -= 1) cells.push(null);
        cells.push(value);
        filled += 1;
      }
      const c = text.charCodeAt(end);
      if (c === sep) {
        if (stable === column && value === (previous[column] ?? null)) {
          stable += 1;
          stableEnd = end + 1;
        }
        column += 1;
        // Checked as the fields come, so a one-line monster is refused within its first chunk.
        if (column >= maxFields) {
          throw overLimit(this.fileName, 'maxCsvFields', this.limits, reason('import.what.csvFields', { row: String(rowNumber), count: countParam(maxFields + 1) }), { row: rowNumber });
        }
        i = end + 1;
        continue;
      }
      if (c === CR) {
        if (end + 1 >= n && !eof) return undefined; // its LF may be in the next chunk
        i = end + 1;
        if (text.charCodeAt(i) === LF) i += 1;
      } else if (c === LF) {
        i = end + 1;
      } else {
        i = end;
      }
      break;
    }
    if (i - recordStart > this.limits.maxCsvRecordBytes) throw this.recordTooLong(rowNumber, i - recordStart);
    this.i = i;
    this.nextSep = nextSep;
    this.nextLf = nextLf;
    this.nextCr = nextCr;
    if (stable !== this.prefixCells) {
      // Text and cells both from this record: any record starting with this text has these cells.
      this.prefix = stable > 0 ? own(text.slice(recordStart, stableEnd)) : '';
      this.prefixCells = stable;
      this.prefixValues = [];
      for (let k = 0; k < stable; k += 1) this.prefixValues.push(cells[k] ?? null);
    }
    this.previousCells = cells;
    this.filledInRecord = filled;
    return cells;
  }
}

/**
 * Rows of a reader: an iterator by hand, lighter than a generator over millions of rows. The
 * file is opened at the first row and closed at the end, on an error, or when a `for…of` leaves
 * early (`return`).
 */
class CsvRows implements IterableIterator<SheetRow> {
  private reader: CsvRecordReader | null = null;
  private row = 0;
  private finished = false;
  /** Non-empty cells yielded so far, against `maxCells`. */
  private filled = 0;

  constructor(
    private readonly open: () => CsvRecordReader,
    private readonly fileName: string,
    private readonly sheetName: string,
    private readonly limits: ReaderLimits,
    private readonly cancel: CancelToken | undefined,
  ) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<SheetRow> {
    if (this.finished) return { done: true, value: undefined };
    const reader = (this.reader ??= this.open());
    try {
      for (;;) {
        const cells = reader.next(this.row + 1);
        if (cells === null) return this.return();
        this.row += 1;
        if (cells.length > 0) {
          this.filled += reader.filledInRecord;
          if (this.filled > this.limits.maxCells) {
            throw overLimit(this.fileName, 'maxCells', this.limits, reason('import.what.sheetCells', { sheet: this.sheetName, count: countParam(this.filled), row: String(this.row) }), { sheet: this.sheetName, row: this.row });
          }
          throwIfCancelled(this.cancel, this.fileName);
          return { done: false, value: { row: this.row, cells } };
        }
      }
    } catch (error) {
      this.return();
      throw error;
    }
  }

  return(): IteratorResult<SheetRow> {
    this.finished = true;
    this.reader?.close();
    this.reader = null;
    return { done: true, value: undefined };
  }
}

/** Records of a CSV text from `start`, as sheet rows (1-based record numbers). */
export function parseCsvRows(
  text: string,
  start: number,
  separator: CsvSeparator,
  fileName: string,
  cancel?: CancelToken,
  limits: ReaderLimits = resolveLimits(undefined),
): IterableIterator<SheetRow> {
  return new CsvRows(() => CsvRecordReader.fromText(text, start, separator, fileName, limits), fileName, fileName, limits, cancel);
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

function countByte(bytes: Buffer, byte: number): number {
  let count = 0;
  let at = bytes.indexOf(byte);
  while (at >= 0) {
    count += 1;
    at = bytes.indexOf(byte, at + 1);
  }
  return count;
}

export interface CsvOptions {
  cancel?: CancelToken;
  /** Bytes read at a time (tests force tiny chunks to cut records everywhere). */
  chunkBytes?: number;
  /** Caps on fields per record, record length and cells (defaults: limits.ts). */
  limits?: Partial<ReaderLimits>;
}

function openCsvSource(source: ByteSource, fileName: string, options: CsvOptions): OpenedWorkbook {
  const chunkBytes = Math.max(1, Math.floor(options.chunkBytes ?? DEFAULT_CSV_CHUNK_BYTES));
  const limits = resolveLimits(options.limits);
  const head = readHead(source, HEAD_BYTES);
  const wholeFileInHead = head.length >= source.size;
  const encoding = detectEncoding(source, head, chunkBytes, fileName, options.cancel);
  // Like TextDecoder: a BOM is skipped, and so is a second one right after it.
  let skip = encoding === 'utf-8-bom' ? (startsWithBom(head, 3) ? 6 : 3) : 0;
  const headText = decodeHead(head.subarray(skip), encoding);
  let start = 0;
  let separator: CsvSeparator | null = null;
  const hint = /^sep=(.)\r?\n/i.exec(headText.slice(0, 8));
  if (hint) {
    const declared = hint[1];
    if (declared === ';' || declared === ',' || declared === '\t') separator = declared;
    start = hint[0].length;
    skip += encoding === 'windows-1252' ? hint[0].length : Buffer.byteLength(hint[0], 'utf8');
  }
  if (headText.slice(start).trim() === '' && (wholeFileInHead || !hasTextAfter(source, head.length, encoding, chunkBytes))) {
    throw unreadable(fileName, reason('import.reason.noData'));
  }
  separator ??= detectSeparator(headText, start);
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
      return new CsvRows(() => CsvRecordReader.fromBytes(source, skip, encoding, dialect.separator, fileName, chunkBytes, limits), fileName, sheetName, limits, options.cancel);
    },
    estimatedRows(name: string): number {
      if (name !== sheetName) throw unknownSheet(fileName, name, [sheetName]);
      if (estimate === null) {
        if (wholeFileInHead) {
          estimate = countLines(headText, start);
        } else {
          // Lines of the head, scaled to the file's size.
          const sample = head.subarray(skip);
          estimate = Math.max(1, Math.round((countByte(sample, LF) / Math.max(1, sample.length)) * (source.size - skip)));
        }
      }
      return estimate;
    },
  };
}

/** Opens a CSV file already read into memory; its one sheet is named after the file. */
export function openCsv(bytes: Buffer, fileName: string, options: CsvOptions = {}): OpenedWorkbook {
  return openCsvSource(bufferSource(bytes), fileName, options);
}

/**
 * Opens a CSV file on disk without reading it whole: each `rows()` pass streams it in chunks
 * (the encoding check at open reads it once, bytes only).
 */
export function openCsvFile(filePath: string, fileName: string, options: CsvOptions = {}): OpenedWorkbook {
  let size: number;
  try {
    size = statSync(filePath).size;
  } catch (error) {
    throw asReaderError(error, fileName, reason('import.where.open'));
  }
  return openCsvSource(fileSource(filePath, size, fileName), fileName, options);
}
