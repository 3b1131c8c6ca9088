/**
 * The one entry point of the readers: a file path in, an OpenedWorkbook out. The format comes
 * from the content, never from the extension alone (a `.xlsx` that is really a PNG, a PDF or a
 * truncated download is refused with a clear French message):
 *   ZIP → ods when its `mimetype` entry says OpenDocument spreadsheet, else xlsx (our fast
 *         reader, or SheetJS with `xlsxEngine: 'sheetjs'`);
 *   OLE2 (D0 CF 11 E0) → xls through SheetJS;
 *   text → CSV; any other binary → refused.
 * Size limits are checked before the file is read; archive limits while it is inflated. Only the
 * first bytes are read to tell the format: a CSV is then streamed from the file (never read whole,
 * a national edition weighs hundreds of Mo), an archive is read into memory.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { openCsv, openCsvFile } from './csv.js';
import type { ErrorMessageKey } from '../../../shared/error-messages.js';
import { asReaderError, hostile, reason, resolveLimits, sizeText, unreadable } from './reader-errors.js';
import { openWithSheetJs, vetZipForSheetJs } from './sheetjs.js';
import type { OpenedWorkbook, ReaderOptions } from './types.js';
import { openXlsxFast } from './xlsx-fast.js';
import { looksLikeZip, openZip } from './zip.js';

const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Well-known non-spreadsheet files, for a message that says what the file really is. */
const KNOWN_BINARIES: readonly { magic: Buffer; what: ErrorMessageKey }[] = [
  { magic: Buffer.from([0x89, 0x50, 0x4e, 0x47]), what: 'import.binary.png' },
  { magic: Buffer.from([0xff, 0xd8, 0xff]), what: 'import.binary.jpeg' },
  { magic: Buffer.from('GIF8', 'latin1'), what: 'import.binary.gif' },
  { magic: Buffer.from('%PDF', 'latin1'), what: 'import.binary.pdf' },
  { magic: Buffer.from([0x1f, 0x8b]), what: 'import.binary.gzip' },
  { magic: Buffer.from([0x37, 0x7a, 0xbc, 0xaf]), what: 'import.binary.7z' },
  { magic: Buffer.from('Rar!', 'latin1'), what: 'import.binary.rar' },
];

/** Opens a spreadsheet file. Throws AppError FILE_UNREADABLE / FILE_HOSTILE (catalogue texts). */
export function openWorkbook(filePath: string, options: ReaderOptions = {}): OpenedWorkbook {
  const fileName = basename(filePath);
  const limits = resolveLimits(options.limits);
  let size: number;
  try {
    const stat = statSync(filePath);
    if (!stat.isFile()) throw unreadable(fileName, reason('import.reason.notAFile'));
    size = stat.size;
  } catch (error) {
    throw asReaderError(error, fileName, reason('import.where.open'));
  }
  if (size === 0) throw unreadable(fileName, reason('import.reason.emptyFile'));
  if (size > limits.maxFileBytes) {
    throw hostile(fileName, reason('import.reason.fileTooBig', { size: sizeText(size), limit: sizeText(limits.maxFileBytes) }));
  }
  let head: Buffer;
  try {
    head = readHead(filePath, SNIFF_BYTES);
  } catch (error) {
    throw asReaderError(error, fileName, reason('import.where.readFile'));
  }
  if (!looksLikeZip(head) && !isOle2(head)) {
    try {
      refuseNonText(head, fileName);
      return openCsvFile(filePath, fileName, { cancel: options.cancel, limits });
    } catch (error) {
      throw asReaderError(error, fileName, reason('import.where.readCsv'));
    }
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(filePath);
  } catch (error) {
    throw asReaderError(error, fileName, reason('import.where.readFile'));
  }
  return openWorkbookBytes(bytes, fileName, options);
}

/** Bytes read to tell the format (and, for text, to vet it: see assertPlainText). */
const SNIFF_BYTES = 64 * 1024;

function readHead(filePath: string, length: number): Buffer {
  const head = Buffer.allocUnsafe(length);
  const fd = openSync(filePath, 'r');
  try {
    let filled = 0;
    while (filled < length) {
      const read = readSync(fd, head, filled, length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return head.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

function isOle2(bytes: Buffer): boolean {
  return bytes.length >= OLE2_MAGIC.length && bytes.subarray(0, OLE2_MAGIC.length).equals(OLE2_MAGIC);
}

/** Refuses known binaries and anything that is not text, before parsing it as CSV. */
function refuseNonText(bytes: Buffer, fileName: string): void {
  const known = KNOWN_BINARIES.find(({ magic }) => bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic));
  if (known) throw unreadable(fileName, reason('import.reason.knownBinary', { what: reason(known.what) }));
  assertPlainText(bytes, fileName);
}

/** Same as openWorkbook, for bytes already in memory (`fileName` is only used in messages). */
export function openWorkbookBytes(bytes: Buffer, fileName: string, options: ReaderOptions = {}): OpenedWorkbook {
  const limits = resolveLimits(options.limits);
  if (bytes.length === 0) throw unreadable(fileName, reason('import.reason.emptyFile'));
  if (bytes.length > limits.maxFileBytes) {
    throw hostile(fileName, reason('import.reason.fileTooBig', { size: sizeText(bytes.length), limit: sizeText(limits.maxFileBytes) }));
  }
  const cancel = options.cancel;
  try {
    if (looksLikeZip(bytes)) {
      const zip = openZip(bytes, fileName, limits);
      const mimetype = zip.get('mimetype');
      if (mimetype) {
        const declared = zip.read(mimetype).toString('latin1').trim();
        if (!declared.startsWith(ODS_MIMETYPE)) {
          throw unreadable(fileName, reason('import.reason.odfNotSpreadsheet', { mime: declared.slice(0, 80) }));
        }
        vetZipForSheetJs(zip, fileName);
        return openWithSheetJs(bytes, fileName, 'ods', { cancel, limits });
      }
      if (options.xlsxEngine === 'sheetjs') {
        vetZipForSheetJs(zip, fileName);
        return openWithSheetJs(bytes, fileName, 'xlsx', { cancel, limits });
      }
      return openXlsxFast(zip, fileName, { cancel, sheetXml: options.sheetXml });
    }
    if (isOle2(bytes)) return openWithSheetJs(bytes, fileName, 'xls', { cancel, limits });
    refuseNonText(bytes, fileName);
    return openCsv(bytes, fileName, { cancel, limits });
  } catch (error) {
    throw asReaderError(error, fileName, reason('import.where.readWorkbook'));
  }
}

/** Refuses bytes that are not text a CSV could be made of, before trying to parse them. */
function assertPlainText(bytes: Buffer, fileName: string): void {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw unreadable(fileName, reason('import.reason.utf16'));
  }
  const sample = bytes.subarray(0, Math.min(bytes.length, 64 * 1024));
  let control = 0;
  for (let i = 0; i < sample.length; i += 1) {
    const b = sample[i] ?? 0;
    if (b === 0) throw unreadable(fileName, reason('import.reason.notSpreadsheet'));
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 26) control += 1;
  }
  if (control > sample.length / 100) {
    throw unreadable(fileName, reason('import.reason.notSpreadsheet'));
  }
  let first = 0;
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) first = 3;
  while (first < sample.length && (sample[first] === 32 || sample[first] === 9 || sample[first] === 10 || sample[first] === 13)) first += 1;
  if (sample[first] === 60 /* < */) {
    throw unreadable(fileName, reason('import.reason.html'));
  }
}
