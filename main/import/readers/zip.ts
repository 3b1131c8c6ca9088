/**
 * A minimal, defensive ZIP reader for xlsx and ods containers: the whole file is in memory, the
 * central directory is parsed once, and an entry is inflated only on request.
 *
 * Nothing the archive declares is trusted: declared sizes are checked against the limits BEFORE
 * inflating (fast refusal of honest bombs), and the real output is capped WHILE inflating at the
 * declared size, which the limits already bound (fast refusal of lying bombs: zlib stops as soon
 * as one byte more than declared comes out). Entries over 1 MiB must also respect the
 * inflated/compressed ratio limit, and the sum of all entries read must respect the total limit.
 * Encrypted entries, multi-volume archives, duplicate or `..` entry names are refused.
 */
import { constants as zlibConstants, crc32, inflateRawSync } from 'node:zlib';
import type { ErrorText } from '../../../shared/error-messages.js';
import { limitHintText, type ReaderLimitName, type ReaderLimits } from './limits.js';
import { hostile, overLimit, reason, sizeText, unreadable } from './reader-errors.js';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** The ratio limit only applies above this size: small parts compress very well legitimately. */
export const RATIO_THRESHOLD_BYTES = 1024 * 1024;
/** No spreadsheet has that many parts; a directory this long is an attack on the parser. */
const MAX_ENTRIES = 65_535;
/**
 * Largest single output buffer zlib is asked to allocate up front. Above the caps of every part
 * (limits.ts): a part of 300 Mo inflated into two chunks of 256 Mo then glued together would
 * need twice its size at the peak. Pages of the buffer a lying entry never fills are never
 * touched, so they cost no memory.
 */
const MAX_CHUNK_BYTES = 1024 * 1024 * 1024 + 1;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

export class ZipArchive {
  readonly fileName: string;
  readonly entries: readonly ZipEntry[];
  readonly limits: ReaderLimits;
  private readonly buffer: Buffer;
  private readonly byName = new Map<string, ZipEntry>();
  private readonly byLowerName = new Map<string, ZipEntry>();
  private readonly counted = new Set<string>();
  private totalInflated = 0;
  /** End of the file data area: entries' data must lie before the central directory. */
  private readonly dataEnd: number;

  constructor(buffer: Buffer, fileName: string, limits: ReaderLimits, entries: ZipEntry[], dataEnd: number) {
    this.buffer = buffer;
    this.fileName = fileName;
    this.limits = limits;
    this.entries = entries;
    this.dataEnd = dataEnd;
    for (const entry of entries) {
      this.byName.set(entry.name, entry);
      this.byLowerName.set(entry.name.toLowerCase(), entry);
    }
  }

  /** Entry by exact name, else ignoring case (some producers spell part names differently). */
  get(name: string): ZipEntry | undefined {
    return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Total real bytes inflated so far (each entry counted once however often it is read). */
  get inflatedBytes(): number {
    return this.totalInflated;
  }

  /** Inflates one entry within the limits; throws FILE_HOSTILE / FILE_UNREADABLE. */
  read(nameOrEntry: string | ZipEntry): Buffer {
    const entry = typeof nameOrEntry === 'string' ? this.get(nameOrEntry) : nameOrEntry;
    if (!entry) throw unreadable(this.fileName, reason('import.reason.entryMissing', { entry: String(nameOrEntry) }), { entry: nameOrEntry });
    const alreadyCounted = this.counted.has(entry.name);
    this.checkDeclared(entry, alreadyCounted);
    const data = this.compressedData(entry);
    let out: Buffer;
    if (entry.method === 0) {
      out = data;
    } else {
      try {
        // Cap at the declared size, which checkDeclared bounded by every limit: a stream that
        // inflates to more than it declared is stopped at the first extra byte.
        // One output chunk of the declared size (capped) instead of zlib's 16 KiB chunks glued
        // together afterwards: half the time on a large sheet, and no second copy.
        const chunkSize = Math.min(Math.max(entry.uncompressedSize + 1, 64 * 1024), MAX_CHUNK_BYTES);
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize), chunkSize });
      } catch (error) {
        if (isBufferTooLarge(error)) {
          throw hostile(this.fileName, reason('import.reason.entryLiesInflate', { entry: entry.name, size: sizeText(entry.uncompressedSize) }), { entry: entry.name });
        }
        throw unreadable(this.fileName, reason('import.reason.entryCorrupt', { entry: entry.name }), { entry: entry.name });
      }
    }
    if (out.length !== entry.uncompressedSize) {
      throw unreadable(this.fileName, reason('import.reason.entrySize', { entry: entry.name, actual: sizeText(out.length), declared: sizeText(entry.uncompressedSize) }), { entry: entry.name });
    }
    if (crc32(out) !== entry.crc32) {
      throw unreadable(this.fileName, reason('import.reason.entryChecksum', { entry: entry.name }), { entry: entry.name });
    }
    if (!alreadyCounted) {
      this.counted.add(entry.name);
      this.totalInflated += out.length;
    }
    return out;
  }

  /**
   * The first bytes of an entry, inflated from a prefix of its compressed data (for a sheet's
   * `<dimension>`), never more than `maxOutput` bytes. Returns null when it cannot tell.
   */
  readPrefix(entry: ZipEntry, compressedBytes: number, maxOutput: number): Buffer | null {
    this.checkDeclared(entry, true);
    const data = this.compressedData(entry);
    if (entry.method === 0) return data.subarray(0, Math.min(data.length, maxOutput));
    // zlib cannot stop at an output size, so shrink the input until its output fits.
    for (let take = Math.min(data.length, compressedBytes); take >= 16; take = Math.floor(take / 2)) {
      try {
        return inflateRawSync(data.subarray(0, take), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: maxOutput });
      } catch (error) {
        if (!isBufferTooLarge(error)) return null;
      }
    }
    return null;
  }

  /**
   * Refuses an entry that declares more than a part-specific cap (a sheet, the shared strings),
   * before anything is inflated; read() then stops at the declared size, so a liar is caught
   * while inflating too.
   */
  assertPartWithin(entry: ZipEntry, limit: ReaderLimitName, part: ErrorText): void {
    if (entry.uncompressedSize > this.limits[limit]) {
      throw overLimit(this.fileName, limit, this.limits, reason('import.what.partDeclares', { part, entry: entry.name, size: sizeText(entry.uncompressedSize) }), { entry: entry.name });
    }
  }

  /** Refuses an entry whose declared size breaks the entry or ratio limit (nothing inflated). */
  checkDeclaredSize(entry: ZipEntry): void {
    this.checkDeclared(entry, true);
  }

  private checkDeclared(entry: ZipEntry, alreadyCounted: boolean): void {
    const { maxEntryBytes, maxTotalBytes, maxRatio } = this.limits;
    const size = entry.uncompressedSize;
    if (size > maxEntryBytes) {
      throw overLimit(this.fileName, 'maxEntryBytes', this.limits, reason('import.what.entryDeclares', { entry: entry.name, size: sizeText(size) }), { entry: entry.name });
    }
    if (size > RATIO_THRESHOLD_BYTES && size > entry.compressedSize * maxRatio) {
      const ratio = entry.compressedSize === 0 ? Infinity : Math.round(size / entry.compressedSize);
      throw hostile(this.fileName, reason('import.reason.entryRatio', {
        entry: entry.name,
        ratio: Number.isFinite(ratio) ? reason('import.ratio.times', { ratio: String(ratio) }) : reason('import.ratio.infinite'),
        max: String(maxRatio),
        hint: limitHintText('maxRatio', maxRatio),
      }), { entry: entry.name, limit: 'maxRatio' });
    }
    if (!alreadyCounted && this.totalInflated + size > maxTotalBytes) {
      throw overLimit(this.fileName, 'maxTotalBytes', this.limits, reason('import.what.totalInflated', { entry: entry.name, size: sizeText(this.totalInflated + size) }), { entry: entry.name });
    }
    if (entry.method === 0 && entry.compressedSize !== size) {
      throw unreadable(this.fileName, reason('import.reason.storedSizes', { entry: entry.name }), { entry: entry.name });
    }
  }

  /** The entry's bytes as stored (compressed), located through its local header. */
  compressedData(entry: ZipEntry): Buffer {
    const buf = this.buffer;
    const at = entry.localHeaderOffset;
    if (at + 30 > this.dataEnd || buf.readUInt32LE(at) !== SIG_LOCAL) {
      throw unreadable(this.fileName, reason('import.reason.localHeader', { entry: entry.name }), { entry: entry.name });
    }
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    const end = start + entry.compressedSize;
    if (end > this.dataEnd) {
      throw unreadable(this.fileName, reason('import.reason.entryBeyondData', { entry: entry.name }), { entry: entry.name });
    }
    return buf.subarray(start, end);
  }
}

function isBufferTooLarge(error: unknown): boolean {
  return error instanceof RangeError || (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE');
}

/** True when the bytes start like a ZIP archive (a local header or an empty archive). */
export function looksLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b &&
    ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06));
}

/** Parses the central directory. Throws FILE_UNREADABLE (damaged) or FILE_HOSTILE (tricks). */
export function openZip(buffer: Buffer, fileName: string, limits: ReaderLimits): ZipArchive {
  const eocd = findEndOfCentralDirectory(buffer);
  if (eocd < 0) {
    throw unreadable(fileName, reason('import.reason.zipTruncated'));
  }
  const disk = buffer.readUInt16LE(eocd + 4);
  const cdDisk = buffer.readUInt16LE(eocd + 6);
  let entriesOnDisk: number = buffer.readUInt16LE(eocd + 8);
  let total: number = buffer.readUInt16LE(eocd + 10);
  let cdSize: number = buffer.readUInt32LE(eocd + 12);
  let cdOffset: number = buffer.readUInt32LE(eocd + 16);
  if (disk !== 0 || cdDisk !== 0) throw unreadable(fileName, reason('import.reason.multiVolume'));

  if (total === 0xffff || entriesOnDisk === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const z64 = readZip64End(buffer, eocd, fileName);
    entriesOnDisk = z64.entriesOnDisk;
    total = z64.total;
    cdSize = z64.cdSize;
    cdOffset = z64.cdOffset;
  }
  if (entriesOnDisk !== total) throw unreadable(fileName, reason('import.reason.multiVolume'));
  if (total === 0) throw unreadable(fileName, reason('import.reason.zipEmpty'));
  if (total > MAX_ENTRIES) throw hostile(fileName, reason('import.reason.zipTooManyEntries', { count: String(total) }));
  if (cdOffset + cdSize > eocd) {
    throw unreadable(fileName, reason('import.reason.zipDirectoryBeyond'));
  }

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let at = cdOffset;
  const cdEnd = cdOffset + cdSize;
  for (let n = 0; n < total; n += 1) {
    if (at + 46 > cdEnd || buffer.readUInt32LE(at) !== SIG_CENTRAL) {
      throw unreadable(fileName, reason('import.reason.zipDirectoryDamaged'));
    }
    const flags = buffer.readUInt16LE(at + 8);
    const method = buffer.readUInt16LE(at + 10);
    const crc = buffer.readUInt32LE(at + 16);
    let compressedSize: number = buffer.readUInt32LE(at + 20);
    let uncompressedSize: number = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    let localHeaderOffset: number = buffer.readUInt32LE(at + 42);
    const nameStart = at + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > cdEnd) throw unreadable(fileName, reason('import.reason.zipDirectoryDamaged'));
    const name = buffer.toString((flags & 0x0800) !== 0 ? 'utf8' : 'latin1', nameStart, extraStart);

    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const z64 = readZip64Extra(buffer, extraStart, extraStart + extraLength, {
        uncompressed: uncompressedSize === 0xffffffff,
        compressed: compressedSize === 0xffffffff,
        offset: localHeaderOffset === 0xffffffff,
      });
      if (!z64) throw unreadable(fileName, reason('import.reason.zip64Sizes', { entry: name }), { entry: name });
      uncompressedSize = z64.uncompressed ?? uncompressedSize;
      compressedSize = z64.compressed ?? compressedSize;
      localHeaderOffset = z64.offset ?? localHeaderOffset;
    }

    if (name.includes('\0') || name.split(/[\\/]/).includes('..')) {
      throw hostile(fileName, reason('import.reason.entryPathEscapes', { entry: name }), { entry: name });
    }
    if (seen.has(name)) throw hostile(fileName, reason('import.reason.entryTwice', { entry: name }), { entry: name });
    seen.add(name);
    if ((flags & 0x0001) !== 0) {
      throw unreadable(fileName, reason('import.reason.entryEncrypted', { entry: name }), { entry: name });
    }
    if (method !== 0 && method !== 8) {
      throw unreadable(fileName, reason('import.reason.entryMethod', { entry: name, method: String(method) }), { entry: name });
    }
    if (localHeaderOffset >= cdOffset) {
      throw unreadable(fileName, reason('import.reason.entryOutside', { entry: name }), { entry: name });
    }
    entries.push({ name, method, flags, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset });
    at = next;
  }
  const archive = new ZipArchive(buffer, fileName, limits, entries, cdOffset);
  // Honest bombs are refused at once, before anything is inflated; liars are caught by read().
  for (const entry of entries) archive.checkDeclaredSize(entry);
  return archive;
}

function findEndOfCentralDirectory(buffer: Buffer): number {
  if (buffer.length < EOCD_SIZE) return -1;
  const lowest = Math.max(0, buffer.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = buffer.length - EOCD_SIZE; at >= lowest; at -= 1) {
    if (buffer[at] === 0x50 && buffer[at + 1] === 0x4b && buffer.readUInt32LE(at) === SIG_EOCD) {
      // The comment must end exactly at the end of the file, else this is data that looks like one.
      if (at + EOCD_SIZE + buffer.readUInt16LE(at + 20) === buffer.length) return at;
    }
  }
  return -1;
}

function safeNumber(value: bigint): number | null {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
}

function readZip64End(buffer: Buffer, eocd: number, fileName: string): { entriesOnDisk: number; total: number; cdSize: number; cdOffset: number } {
  const locator = eocd - 20;
  if (locator < 0 || buffer.readUInt32LE(locator) !== SIG_ZIP64_LOCATOR) {
    throw unreadable(fileName, reason('import.reason.zip64Locator'));
  }
  const at = safeNumber(buffer.readBigUInt64LE(locator + 8));
  if (at === null || at + 56 > locator || buffer.readUInt32LE(at) !== SIG_ZIP64_EOCD) {
    throw unreadable(fileName, reason('import.reason.zip64End'));
  }
  const entriesOnDisk = safeNumber(buffer.readBigUInt64LE(at + 24));
  const total = safeNumber(buffer.readBigUInt64LE(at + 32));
  const cdSize = safeNumber(buffer.readBigUInt64LE(at + 40));
  const cdOffset = safeNumber(buffer.readBigUInt64LE(at + 48));
  if (entriesOnDisk === null || total === null || cdSize === null || cdOffset === null) {
    throw hostile(fileName, reason('import.reason.zip64Impossible'));
  }
  return { entriesOnDisk, total, cdSize, cdOffset };
}

function readZip64Extra(
  buffer: Buffer,
  start: number,
  end: number,
  wanted: { uncompressed: boolean; compressed: boolean; offset: boolean },
): { uncompressed?: number; compressed?: number; offset?: number } | null {
  let at = start;
  while (at + 4 <= end) {
    const id = buffer.readUInt16LE(at);
    const size = buffer.readUInt16LE(at + 2);
    const dataEnd = at + 4 + size;
    if (dataEnd > end) return null;
    if (id === 0x0001) {
      let p = at + 4;
      const result: { uncompressed?: number; compressed?: number; offset?: number } = {};
      for (const key of ['uncompressed', 'compressed', 'offset'] as const) {
        if (!wanted[key]) continue;
        if (p + 8 > dataEnd) return null;
        const value = safeNumber(buffer.readBigUInt64LE(p));
        if (value === null) return null;
        result[key] = value;
        p += 8;
      }
      return result;
    }
    at = dataEnd;
  }
  return null;
}
