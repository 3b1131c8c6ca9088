/**
 * Our own xlsx reader, built for wide audit workbooks (tens of thousands of rows, hundreds of item
 * columns). Flow: ZIP archive → workbook.xml (sheet names, 1904 dates) → workbook rels (sheet
 * parts) → sharedStrings.xml (an array of JS strings) → styles.xml (only the zero-padding number
 * formats, so `06` stays `06`) → the sheet part, inflated whole and scanned as BYTES, yielding
 * one row at a time.
 *
 * The scan never builds a DOM or per-cell objects: column refs and numbers are decoded straight
 * from the bytes, text is decoded only for text cells. Formulas are ignored, the cached `<v>` is
 * the value. Every XML part is refused if it holds a DOCTYPE; only the predefined entities and
 * numeric references are ever decoded.
 *
 * Conventions shared by every reader (see types.ts): rows without any non-empty cell are not
 * yielded (row numbers stay the real ones), trailing empty cells are trimmed, empty strings are
 * null, error cells give their text (`#N/A`).
 */
import type { ReaderLimits } from './limits.js';
import { asReaderError, countParam, hostile, overLimit, reason, throwIfCancelled, unknownSheet, unreadable } from './reader-errors.js';
import type { CancelToken, CellValue, OpenedWorkbook, SheetRow } from './types.js';
import {
  assertNoDoctype,
  attributeByLocalName,
  decodeOoxmlText,
  doctypeRefused,
  parseAttributes,
  richText,
  rootPrefix,
  startTags,
} from './xml-text.js';
import type { ZipArchive, ZipEntry } from './zip.js';

const REL_OFFICE_DOCUMENT = '/officeDocument';
const REL_SHARED_STRINGS = '/sharedStrings';
const REL_STYLES = '/styles';
/** Excel's last column is XFD (16,384 columns): a reference beyond is damage or an attack. */
const MAX_COLUMNS = 16_384;
/**
 * Budget of cells (blank ones included) a sheet may make us allocate: 8 per byte of XML, and at
 * least 64 M. A real wide export (26,000 rows × 410 columns, 65 MB) needs 0.2 per byte; only a
 * file placing lone cells at far columns row after row comes near the budget.
 */
const SLOTS_PER_BYTE = 8;
const MIN_SLOT_BUDGET = 64 * 1024 * 1024;

interface SheetInfo {
  readonly name: string;
  /** Archive path of the sheet part, or null when the relationship is missing. */
  readonly path: string | null;
  readonly isWorksheet: boolean;
}

interface Relationship {
  readonly type: string;
  readonly target: string;
}

export interface XlsxFastOptions {
  cancel?: CancelToken;
  /** The worksheet already inflated by another reader of the same file (see `takeSheetXml`). */
  sheetXml?: { sheet: string; xml: Buffer } | undefined;
}

/** Opens the workbook part of an xlsx archive; sheets are read lazily by `rows()`. */
export function openXlsxFast(zip: ZipArchive, fileName: string, options: XlsxFastOptions = {}): OpenedWorkbook {
  const workbookPath = findWorkbookPath(zip, fileName);
  const workbookXml = readXmlText(zip, workbookPath, fileName);
  const p = rootPrefix(workbookXml, 'workbook');

  let date1904 = false;
  for (const tag of startTags(workbookXml, `${p}workbookPr`)) {
    const value = parseAttributes(tag).get('date1904');
    date1904 = value === '1' || value === 'true';
  }

  const rels = readRelationships(zip, workbookPath, fileName);
  const sheets: SheetInfo[] = [];
  for (const tag of startTags(workbookXml, `${p}sheet`)) {
    const attributes = parseAttributes(tag);
    const name = attributes.get('name');
    if (name === undefined) continue;
    const relId = attributeByLocalName(attributes, 'id', true);
    const rel = relId === undefined ? undefined : rels.get(relId);
    sheets.push({
      name,
      path: rel ? resolvePartPath(workbookPath, rel.target) : null,
      isWorksheet: rel ? rel.type.endsWith('/worksheet') : true,
    });
  }
  if (sheets.length === 0) throw unreadable(fileName, reason('import.reason.noSheet'));

  const sheetNames = sheets.map((sheet) => sheet.name);
  let shared: string[] | null = null;
  let zeroPad: Uint16Array | null = null;
  let cached: { name: string; xml: Buffer } | null = options.sheetXml ? { name: options.sheetXml.sheet, xml: options.sheetXml.xml } : null;

  const sharedStrings = (): string[] => {
    shared ??= readSharedStrings(zip, workbookPath, rels, fileName);
    return shared;
  };
  const zeroPadWidths = (): Uint16Array => {
    zeroPad ??= readZeroPadStyles(zip, workbookPath, rels, fileName);
    return zeroPad;
  };
  const sheetByName = (sheetName: string): SheetInfo => {
    const sheet = sheets.find((candidate) => candidate.name === sheetName);
    if (!sheet) throw unknownSheet(fileName, sheetName, sheetNames);
    return sheet;
  };
  const sheetEntry = (sheet: SheetInfo): ZipEntry => {
    const entry = sheet.path === null ? undefined : zip.get(sheet.path);
    if (!entry) throw unreadable(fileName, reason('import.reason.sheetDataMissing', { sheet: sheet.name }), { sheet: sheet.name });
    return entry;
  };
  const sheetXml = (sheet: SheetInfo): Buffer => {
    if (cached?.name === sheet.name) return cached.xml;
    const entry = sheetEntry(sheet);
    // Held whole in memory: a sheet declaring 1 Go is refused before a byte is inflated.
    zip.assertPartWithin(entry, 'maxSheetBytes', reason('import.part.sheet', { sheet: sheet.name }));
    const xml = zip.read(entry);
    // No DOCTYPE scan here: scanSheet checks the prolog, every `<!` it meets and the tail, which
    // covers the whole part without a second pass over it.
    // One sheet kept: the pipeline reads a preview, then the same sheet again to import it.
    cached = { name: sheet.name, xml };
    return xml;
  };

  return {
    format: 'xlsx',
    fileName,
    sheetNames,
    date1904,
    rows(sheetName: string): Iterable<SheetRow> {
      const sheet = sheetByName(sheetName);
      if (!sheet.isWorksheet) return [];
      return {
        [Symbol.iterator]: () => scanSheet(fileName, sheetName, () => ({
          xml: sheetXml(sheet),
          entry: sheet.path ?? '',
          sst: sharedStrings(),
          zeroPad: zeroPadWidths(),
          limits: zip.limits,
          cancel: options.cancel,
        })),
      };
    },
    takeSheetXml(sheetName: string): Buffer | null {
      if (cached?.name !== sheetName) return null;
      const { xml } = cached;
      cached = null;
      return xml;
    },
    estimatedRows(sheetName: string): number {
      const sheet = sheetByName(sheetName);
      if (!sheet.isWorksheet) return 0;
      // From the head even when the whole sheet is inflated: counting the rows of a national sheet
      // would turn ~100 MB into a string for a progress bar (~200 ms before the import can start).
      if (cached?.name === sheet.name) return estimateFromXml(cached.xml.subarray(0, ESTIMATE_HEAD_BYTES), cached.xml.length);
      const entry = sheetEntry(sheet);
      const head = zip.readPrefix(entry, 16 * 1024, 4 * 1024 * 1024);
      return head ? estimateFromXml(head, entry.uncompressedSize) : 0;
    },
  };
}

function findWorkbookPath(zip: ZipArchive, fileName: string): string {
  if (zip.has('_rels/.rels')) {
    const xml = readXmlText(zip, '_rels/.rels', fileName);
    for (const tag of startTags(xml, `${rootPrefix(xml, 'Relationships')}Relationship`)) {
      const attributes = parseAttributes(tag);
      const target = attributes.get('Target');
      if (target !== undefined && (attributes.get('Type') ?? '').endsWith(REL_OFFICE_DOCUMENT)) {
        const path = resolvePartPath('', target);
        if (zip.has(path)) return zip.get(path)?.name ?? path;
      }
    }
  }
  if (zip.has('xl/workbook.xml')) return zip.get('xl/workbook.xml')?.name ?? 'xl/workbook.xml';
  if (zip.has('xl/workbook.bin')) {
    throw unreadable(fileName, reason('import.reason.xlsb'));
  }
  if (zip.has('word/document.xml')) throw unreadable(fileName, reason('import.reason.word'));
  if (zip.has('ppt/presentation.xml')) throw unreadable(fileName, reason('import.reason.powerpoint'));
  throw unreadable(fileName, reason('import.reason.zipWithoutWorkbook'));
}

function readXmlText(zip: ZipArchive, path: string, fileName: string): string {
  const entry = zip.get(path);
  if (!entry) throw unreadable(fileName, reason('import.reason.entryMissing', { entry: path }), { entry: path });
  // Made into one JS string: the cap keeps it far below V8's longest string (512 M characters).
  zip.assertPartWithin(entry, 'maxSharedStringsBytes', reason(/sharedstrings/i.test(entry.name) ? 'import.part.sharedStrings' : 'import.part.xml'));
  const bytes = zip.read(entry);
  assertNoDoctype(bytes, fileName, entry.name);
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Relationships of a part (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`), by Id. */
function readRelationships(zip: ZipArchive, partPath: string, fileName: string): Map<string, Relationship> {
  const slash = partPath.lastIndexOf('/');
  const relsPath = `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
  const rels = new Map<string, Relationship>();
  if (!zip.has(relsPath)) return rels;
  const xml = readXmlText(zip, relsPath, fileName);
  for (const tag of startTags(xml, `${rootPrefix(xml, 'Relationships')}Relationship`)) {
    const attributes = parseAttributes(tag);
    const id = attributes.get('Id');
    const target = attributes.get('Target');
    if (id === undefined || target === undefined || attributes.get('TargetMode') === 'External') continue;
    rels.set(id, { type: attributes.get('Type') ?? '', target });
  }
  return rels;
}

/** Archive path of a relationship target, relative to the part that owns the relationship. */
export function resolvePartPath(ownerPath: string, target: string): string {
  const segments = target.startsWith('/') ? [] : ownerPath.split('/').slice(0, -1);
  for (const segment of target.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

function partByRelType(zip: ZipArchive, workbookPath: string, rels: Map<string, Relationship>, suffix: string, fallback: string): string | null {
  for (const rel of rels.values()) {
    if (rel.type.endsWith(suffix)) {
      const path = resolvePartPath(workbookPath, rel.target);
      if (zip.has(path)) return path;
    }
  }
  const path = resolvePartPath(workbookPath, fallback);
  return zip.has(path) ? path : null;
}

function readSharedStrings(zip: ZipArchive, workbookPath: string, rels: Map<string, Relationship>, fileName: string): string[] {
  const path = partByRelType(zip, workbookPath, rels, REL_SHARED_STRINGS, 'sharedStrings.xml');
  if (path === null) return [];
  return parseSharedStrings(readXmlText(zip, path, fileName));
}

/** The shared strings table: one JS string per `<si>`, rich-text runs concatenated. */
export function parseSharedStrings(xml: string): string[] {
  const p = rootPrefix(xml, 'sst');
  const open = `<${p}si`;
  const close = `</${p}si>`;
  const tName = `${p}t`;
  const tCloseSiClose = `</${p}t>${close}`;
  const strings: string[] = [];
  let at = xml.indexOf(open);
  while (at >= 0) {
    const after = xml.charCodeAt(at + open.length);
    if (after !== 62 && after !== 32 && after !== 47 && after !== 9 && after !== 10 && after !== 13) {
      at = xml.indexOf(open, at + 1);
      continue;
    }
    const gt = xml.indexOf('>', at);
    if (gt < 0) break;
    if (xml.charCodeAt(gt - 1) === 47) {
      strings.push('');
      at = xml.indexOf(open, gt);
      continue;
    }
    // Fast path for the usual `<si><t>text</t></si>` (or `<t xml:space="preserve">`).
    const tOpen = gt + 1;
    if (xml.charCodeAt(tOpen) === 60 && xml.startsWith(tName, tOpen + 1)) {
      const after = xml.charCodeAt(tOpen + 2 + p.length);
      if (after === 62 || after === 32) {
        const textStart = xml.indexOf('>', tOpen) + 1;
        const textEnd = xml.indexOf('<', textStart);
        if (textStart > 0 && textEnd >= 0 && xml.startsWith(tCloseSiClose, textEnd) && xml.charCodeAt(textStart - 2) !== 47) {
          strings.push(decodeOoxmlText(xml.slice(textStart, textEnd)));
          at = xml.indexOf(open, textEnd);
          continue;
        }
      }
    }
    let end = xml.indexOf(close, gt);
    if (end < 0) end = xml.length;
    strings.push(richText(xml, gt + 1, end, p));
    at = xml.indexOf(open, end);
  }
  return strings;
}

function readZeroPadStyles(zip: ZipArchive, workbookPath: string, rels: Map<string, Relationship>, fileName: string): Uint16Array {
  const path = partByRelType(zip, workbookPath, rels, REL_STYLES, 'styles.xml');
  if (path === null) return new Uint16Array(0);
  return parseZeroPadStyles(readXmlText(zip, path, fileName));
}

/**
 * For each cell style index (`s` attribute), the width of its zero-padding number format
 * ("00" → 2, "00000" → 5), or 0 when the format is anything else.
 */
export function parseZeroPadStyles(xml: string): Uint16Array {
  const p = rootPrefix(xml, 'styleSheet');
  const padWidthById = new Map<string, number>();
  for (const tag of startTags(xml, `${p}numFmt`)) {
    const attributes = parseAttributes(tag);
    const id = attributes.get('numFmtId');
    const width = zeroPadWidth(attributes.get('formatCode') ?? '');
    if (id !== undefined && width > 0) padWidthById.set(id, width);
  }
  const start = xml.indexOf(`<${p}cellXfs`);
  if (start < 0 || padWidthById.size === 0) return new Uint16Array(0);
  const openEnd = xml.indexOf('>', start);
  if (openEnd < 0 || xml.charCodeAt(openEnd - 1) === 47) return new Uint16Array(0);
  let end = xml.indexOf(`</${p}cellXfs>`, openEnd);
  if (end < 0) end = xml.length;
  const widths: number[] = [];
  for (const tag of startTags(xml, `${p}xf`, openEnd, end)) {
    widths.push(padWidthById.get(parseAttributes(tag).get('numFmtId') ?? '') ?? 0);
  }
  return Uint16Array.from(widths);
}

/** Width of a pure zero-padding format (first section), else 0. */
export function zeroPadWidth(formatCode: string): number {
  const section = (formatCode.split(';')[0] ?? '').trim();
  return /^0{2,64}$/.test(section) ? section.length : 0;
}

export function applyZeroPad(value: number, width: number): string {
  const rounded = Math.round(Math.abs(value));
  const digits = String(rounded).padStart(width, '0');
  return value < 0 && rounded !== 0 ? `-${digits}` : digits;
}

/** The part of an inflated sheet an estimate reads: a few thousand rows give the size of a row. */
const ESTIMATE_HEAD_BYTES = 256 * 1024;

/** Rows of a sheet for progress: the `<dimension>` when present, else from the size of a row. */
function estimateFromXml(head: Buffer, totalBytes: number): number {
  const text = head.toString('latin1', 0, Math.min(head.length, 64 * 1024));
  const dimension = /<(?:[\w.-]+:)?dimension\s+ref\s*=\s*["']\$?[A-Z]*\$?(\d+)(?::\$?[A-Z]*\$?(\d+))?["']/.exec(text);
  if (dimension) {
    const first = Number(dimension[1]);
    const last = Number(dimension[2] ?? dimension[1]);
    if (last > first) return last - first + 1;
  }
  const sheetData = head.indexOf('<sheetData');
  const rowMatches = head.toString('latin1', Math.max(0, sheetData)).match(/<(?:[\w.-]+:)?row[\s>]/g);
  if (!rowMatches || rowMatches.length < 2 || sheetData < 0) return rowMatches?.length ?? 0;
  const bytesPerRow = (head.length - sheetData) / rowMatches.length;
  return Math.max(rowMatches.length, Math.round(totalBytes / bytesPerRow));
}

// ---------------------------------------------------------------------------------------------
// The byte scanner.

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const EQ = 61; // =

const T_NUMBER = 0;
const T_SHARED = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_BOOL = 4;
const T_ERROR = 5;
const T_DATE = 6;

interface ScanContext {
  readonly xml: Buffer;
  /** Archive path of the sheet part, for messages. */
  readonly entry: string;
  readonly sst: readonly string[];
  readonly zeroPad: Uint16Array;
  readonly limits: ReaderLimits;
  readonly cancel: CancelToken | undefined;
}

function isSpace(b: number | undefined): boolean {
  return b === 32 || b === 10 || b === 13 || b === 9;
}

/** True when the tag name ends at `at` (whitespace, `>` or `/`). */
function endsName(b: number | undefined): boolean {
  return b === GT || b === SLASH || b === 32 || b === 10 || b === 13 || b === 9;
}

function cellType(buf: Buffer, start: number, end: number): number {
  const first = buf[start];
  const length = end - start;
  if (first === 115 /* s */) return length === 1 ? T_SHARED : T_STR; // s | str
  if (first === 110 /* n */) return T_NUMBER;
  if (first === 98 /* b */) return T_BOOL;
  if (first === 101 /* e */) return T_ERROR;
  if (first === 105 /* i */) return T_INLINE;
  if (first === 100 /* d */) return T_DATE;
  return T_NUMBER;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Number in `buf[start, end)`. Up to 15 significant digits with an optional fraction, the value
 * is `digits / 10^k`: both are exact doubles, so IEEE division gives the correctly rounded result,
 * the same as Number(text) (Clinger's fast path). Anything else goes through Number().
 */
function parseNumber(buf: Buffer, start: number, end: number): number | string {
  let k = start;
  const negative = buf[k] === 45;
  if (negative) k += 1;
  let n = 0;
  let digits = 0;
  let fraction = -1;
  for (; k < end; k += 1) {
    const b = buf[k] ?? 0;
    const d = b - 48;
    if (d >= 0 && d <= 9) {
      n = n * 10 + d;
      digits += 1;
    } else if (b === 46 /* . */ && fraction < 0) {
      fraction = k;
    } else break;
  }
  if (k === end && digits > 0 && digits <= 15) {
    const scale = fraction < 0 ? 1 : POW10[end - fraction - 1] ?? 1;
    const value = scale === 1 ? n : n / scale;
    return negative ? -value : value;
  }
  const text = buf.toString('latin1', start, end).trim();
  const value = Number(text);
  return text !== '' && Number.isFinite(value) ? value : text;
}

function parseUint(buf: Buffer, start: number, end: number): number {
  let n = 0;
  for (let k = start; k < end; k += 1) {
    const d = (buf[k] ?? 0) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return end > start ? n : -1;
}

/**
 * Scans `<sheetData>` and yields rows. Bytes are read with `buf[k]`; tags are matched by their
 * local name after the root element's namespace prefix (usually none).
 */
/** True when `buf[at]` starts `<!DOCTYPE` (any case). */
function isDoctypeAt(buf: Buffer, at: number): boolean {
  const word = 'DOCTYPE';
  for (let q = 0; q < word.length; q += 1) {
    if (((buf[at + 2 + q] ?? 0) & 0xdf) !== word.charCodeAt(q)) return false;
  }
  return true;
}

function* scanSheet(fileName: string, sheetName: string, start: () => ScanContext): Generator<SheetRow> {
  try {
    // Inside the try: inflating the sheet or the shared strings may fail, and the message must
    // still name the file and the sheet.
    const ctx = start();
    const buf = ctx.xml;
    const end = buf.length;
    const head = buf.toString('latin1', 0, Math.min(end, 4096));
    const prefix = Buffer.from(rootPrefix(head, 'worksheet'), 'latin1');
    const p = prefix.length;
    const hasPrefix = (at: number): boolean => {
      for (let q = 0; q < p; q += 1) if (buf[at + q] !== prefix[q]) return false;
      return true;
    };
    const { sst, zeroPad, cancel, entry, limits } = ctx;
    /** Non-empty cells so far, against `maxCells`. */
    let filled = 0;
    const openSheetData = buf.indexOf(`<${prefix.toString('latin1')}sheetData`);
    assertNoDoctype(buf, fileName, entry, 0, openSheetData < 0 ? end : openSheetData);
    if (openSheetData < 0) return;
    let i = buf.indexOf(GT, openSheetData);
    if (i < 0 || buf[i - 1] === SLASH) {
      assertNoDoctype(buf, fileName, entry, openSheetData);
      return; // <sheetData/>: an empty sheet
    }
    const isClose = Buffer.from(`</${prefix.toString('latin1')}is>`, 'latin1');

    let rowNumber = 0;
    let rowFromCell = false;
    /** `</sheetData>` reached: without it the part was cut short and its last rows are missing. */
    let closed = false;
    let cells: CellValue[] | null = null;
    let lastFilled = -1;
    let width = 0;
    let col = -1;
    /** Cells allocated so far (blank ones included), against a budget that grows with the XML. */
    let slots = 0;
    const slotBudget = Math.max(MIN_SLOT_BUDGET, SLOTS_PER_BYTE * end);
    /** The row built so far, trimmed after its last non-empty cell (null when it has none). */
    const finishRow = (): SheetRow | null => {
      const done = cells;
      const last = lastFilled;
      cells = null;
      lastFilled = -1;
      if (done === null || last < 0) return null;
      if (done.length > last + 1) done.length = last + 1;
      if (last + 1 > width) width = last + 1;
      return { row: rowNumber, cells: done };
    };

    for (;;) {
      // A plain loop beats buf.indexOf here: tags are a few bytes apart and a native call costs
      // more than the bytes it skips.
      let lt = i;
      while (lt < end && buf[lt] !== LT) lt += 1;
      if (lt >= end) break;
      let j = lt + 1;
      if (buf[j] === 33 /* ! */) {
        if (isDoctypeAt(buf, lt)) throw doctypeRefused(fileName, entry);
        i = j;
        continue;
      }

      if (buf[j] === SLASH) {
        j += 1;
        if (p !== 0) {
          if (!hasPrefix(j)) { i = j; continue; }
          j += p;
        }
        const b = buf[j];
        if (b === 114 /* r */ && buf[j + 1] === 111 && buf[j + 2] === 119 && endsName(buf[j + 3])) {
          const done = finishRow();
          if (done !== null) {
            throwIfCancelled(cancel, fileName);
            yield done;
          }
          col = -1;
        } else if (b === 115 /* s */ && buf[j + 1] === 104 && buf[j + 5] === 68 /* D */ && endsName(buf[j + 9])) {
          assertNoDoctype(buf, fileName, entry, j);
          closed = true;
          break; // </sheetData>
        }
        i = j;
        continue;
      }

      if (p !== 0) {
        if (!hasPrefix(j)) { i = j; continue; }
        j += p;
      }
      const b0 = buf[j];

      if (b0 === 99 /* c */ && endsName(buf[j + 1])) {
        // ---- a cell: attributes r, t, s
        let k = j + 1;
        let type = T_NUMBER;
        let style = 0;
        let cellCol = -1;
        let selfClosing = false;
        for (;;) {
          let b = buf[k];
          while (b === 32 || b === 10 || b === 13 || b === 9) b = buf[++k];
          if (b === GT) { k += 1; break; }
          if (b === SLASH) { k += 2; selfClosing = true; break; }
          if (b === undefined) throw truncatedSheet(fileName, sheetName);
          let name = -1;
          let quote = 34;
          if (buf[k + 1] === EQ && buf[k + 2] === 34) {
            // `r="…"`: the shape every producer writes.
            name = b;
            k += 3;
          } else {
            const nameStart = k;
            while (k < end && buf[k] !== EQ) k += 1;
            if (k - nameStart === 1) name = b;
            k += 1;
            while (isSpace(buf[k])) k += 1;
            quote = buf[k] ?? 34;
            k += 1;
          }
          const valueStart = k;
          if (name === 114 /* r */) {
            let c = 0;
            let letter = buf[k] ?? 0;
            if (letter === 36 /* $ */) letter = buf[++k] ?? 0;
            while (letter >= 65 && letter <= 90) {
              c = c * 26 + (letter - 64);
              letter = buf[++k] ?? 0;
            }
            if (c > MAX_COLUMNS) throw badReference(fileName, sheetName, `colonne ${c}`);
            if (c > 0) cellCol = c - 1;
            if (rowFromCell) {
              if (letter === 36) k += 1;
              let r = 0;
              for (let d = (buf[k] ?? 0) - 48; d >= 0 && d <= 9; d = (buf[++k] ?? 0) - 48) r = r * 10 + d;
              if (r > 0) rowNumber = r;
              rowFromCell = false;
            }
          } else if (name === 115 /* s */) {
            let n = 0;
            for (let d = (buf[k] ?? 0) - 48; d >= 0 && d <= 9; d = (buf[++k] ?? 0) - 48) n = n * 10 + d;
            style = n;
          }
          while (k < end && buf[k] !== quote) k += 1;
          if (name === 116 /* t */) type = cellType(buf, valueStart, k);
          k += 1;
        }
        col = cellCol >= 0 ? cellCol : col + 1;
        if (col >= MAX_COLUMNS) throw badReference(fileName, sheetName, `colonne ${col + 1}`);
        i = k;
        if (selfClosing) continue;

        // ---- the cell's children: <v>, <is>, <f> (ignored), until </c>
        let vStart = -1;
        let vEnd = -1;
        let isStart = -1;
        let isEnd = -1;
        // Fast path for the shape of nearly every cell, `<v>…</v></c>` without prefix.
        if (p === 0 && buf[k] === LT && buf[k + 1] === 118 /* v */ && buf[k + 2] === GT) {
          let q = k + 3;
          while (q < end && buf[q] !== LT) q += 1;
          if (buf[q + 1] === SLASH && buf[q + 2] === 118 && buf[q + 3] === GT && buf[q + 4] === LT &&
            buf[q + 5] === SLASH && buf[q + 6] === 99 /* c */ && buf[q + 7] === GT) {
            vStart = k + 3;
            vEnd = q;
            k = q + 8;
          }
        }
        if (vEnd < 0) for (;;) {
          while (k < end && buf[k] !== LT) k += 1;
          if (k >= end) throw truncatedSheet(fileName, sheetName);
          let m = k + 1;
          if (buf[m] === 33 /* ! */ && isDoctypeAt(buf, k)) throw doctypeRefused(fileName, entry);
          if (buf[m] === SLASH) {
            m += 1;
            if (p !== 0 && hasPrefix(m)) m += p;
            if (buf[m] === 99 /* c */ && buf[m + 1] === GT) { k = m + 2; break; }
            k = m;
            continue;
          }
          if (p !== 0 && hasPrefix(m)) m += p;
          const tag = buf[m];
          if (tag === 118 /* v */ && endsName(buf[m + 1])) {
            let gt = m + 1;
            while (gt < end && buf[gt] !== GT) gt += 1;
            if (buf[gt - 1] === SLASH) { k = gt + 1; continue; } // <v/>
            vStart = gt + 1;
            k = vStart;
            while (k < end && buf[k] !== LT) k += 1;
            vEnd = k;
            continue;
          }
          if (tag === 105 /* i */ && buf[m + 1] === 115 /* s */ && endsName(buf[m + 2])) {
            isStart = k;
            const close = buf.indexOf(isClose, m);
            if (close < 0) throw truncatedSheet(fileName, sheetName);
            isEnd = close;
            k = close + isClose.length;
            continue;
          }
          k = m;
        }
        i = k;

        // ---- the value
        let value: CellValue = null;
        switch (type) {
          case T_NUMBER:
            if (vStart >= 0 && vEnd > vStart) {
              const parsed = parseNumber(buf, vStart, vEnd);
              const width = style > 0 ? (zeroPad[style] ?? 0) : 0;
              value = width > 0 && typeof parsed === 'number' ? applyZeroPad(parsed, width) : parsed;
            }
            break;
          case T_SHARED:
            if (vStart >= 0) {
              const index = parseUint(buf, vStart, vEnd);
              const text = sst[index];
              if (text === undefined) {
                throw unreadable(fileName, reason('import.reason.sharedStringMissing', { sheet: sheetName, index: String(index) }), { sheet: sheetName });
              }
              value = text;
            }
            break;
          case T_BOOL:
            if (vStart >= 0) value = buf[vStart] === 49 /* 1 */ || buf[vStart] === 116 /* t */ || buf[vStart] === 84 /* T */;
            break;
          case T_INLINE:
            if (isStart >= 0) {
              const xml = buf.toString('utf8', isStart, isEnd);
              value = richText(xml, 0, xml.length, prefix.toString('latin1'));
            } else if (vStart >= 0) {
              value = decodeOoxmlText(buf.toString('utf8', vStart, vEnd));
            }
            break;
          default: // str, e, d: the text as written (`#N/A`, an ISO date)
            if (vStart >= 0) value = decodeOoxmlText(buf.toString('utf8', vStart, vEnd));
        }
        if (value === null || value === '') continue;
        // Rows are allocated at the widest width seen so far and filled natively: a wide sheet
        // has hundreds of blank cells per row, pushing nulls one by one cost more than the scan.
        if (cells === null) {
          cells = width > 0 ? new Array<CellValue>(width).fill(null) : [];
          slots += width;
        }
        if (col >= cells.length) {
          const length = cells.length;
          cells.length = col + 1;
          cells.fill(null, length);
          slots += col + 1 - length;
        }
        if (slots > slotBudget) {
          // A few bytes can place a cell at column XFD on every row: dense rows would then cost
          // far more than the file's size suggests (a CPU bomb rather than a zip bomb).
          throw hostile(fileName, reason('import.reason.sparseSheet', { sheet: sheetName }), { sheet: sheetName });
        }
        cells[col] = value;
        if (col > lastFilled) lastFilled = col;
        filled += 1;
        if (filled > limits.maxCells) {
          throw overLimit(fileName, 'maxCells', limits, reason('import.what.sheetCells', { sheet: sheetName, count: countParam(filled), row: String(rowNumber) }), { sheet: sheetName, row: rowNumber });
        }
        continue;
      }

      if (b0 === 114 /* r */ && buf[j + 1] === 111 && buf[j + 2] === 119 && endsName(buf[j + 3])) {
        // ---- a row: only its r attribute matters
        // A row opened before the previous one closed: damaged, but its cells are still good.
        const done = finishRow();
        if (done !== null) {
          throwIfCancelled(cancel, fileName);
          yield done;
        }
        col = -1;
        let k = j + 3;
        let number = -1;
        for (;;) {
          let b = buf[k];
          while (b === 32 || b === 10 || b === 13 || b === 9) b = buf[++k];
          if (b === GT || b === SLASH || b === undefined) break;
          const nameStart = k;
          while (k < end && buf[k] !== EQ) k += 1;
          const nameLength = k - nameStart;
          k += 1;
          while (isSpace(buf[k])) k += 1;
          const quote = buf[k];
          k += 1;
          const valueStart = k;
          while (k < end && buf[k] !== quote) k += 1;
          if (nameLength === 1 && buf[nameStart] === 114 /* r */) number = parseUint(buf, valueStart, k);
          k += 1;
        }
        if (number > 0) {
          rowNumber = number;
          rowFromCell = false;
        } else {
          rowNumber += 1;
          rowFromCell = true;
        }
        i = k;
        continue;
      }

      i = j;
    }
    if (!closed) throw cutShortSheet(fileName, sheetName);
    const done = finishRow();
    if (done !== null) {
      throwIfCancelled(cancel, fileName);
      yield done;
    }
  } catch (error) {
    throw asReaderError(error, fileName, reason('import.where.readSheet', { sheet: sheetName }));
  }
}

/** The sheet part ends without `</sheetData>`: importing the rows read so far would lose the rest silently. */
function cutShortSheet(fileName: string, sheetName: string): Error {
  return unreadable(fileName, reason('import.reason.sheetTruncated', { sheet: sheetName }), { sheet: sheetName });
}

function truncatedSheet(fileName: string, sheetName: string): Error {
  return unreadable(fileName, reason('import.reason.cellTruncated', { sheet: sheetName }), { sheet: sheetName });
}

function badReference(fileName: string, sheetName: string, ref: string): Error {
  return unreadable(fileName, reason('import.reason.cellRefOutOfRange', { sheet: sheetName, ref }), { sheet: sheetName });
}
