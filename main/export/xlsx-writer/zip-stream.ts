/**
 * A minimal streaming zip writer, shared by the demo generator's xlsx files and the export
 * workbooks. A streamed entry (`begin`) is deflated as it is written and goes straight to the file
 * (sizes and CRC in a data descriptor after the data), so memory stays bounded whatever the
 * entry's size; a small entry known whole (`add`) is deflated in one call, with its sizes in its
 * header, and may be stored as is (`store`: PNG pictures are compressed already). Timestamps are
 * fixed (1980-01-01) so the same content gives the same bytes. Entries and the archive must stay
 * under 4 GiB (no zip64), far above what the application writes.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import zlib from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

type Crc32 = (data: Buffer, value?: number) => number;

function jsCrc32(data: Buffer, value = 0): number {
  let crc = (value ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = (CRC_TABLE[(crc ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Node ≥ 20.15 has a native crc32; older 20.x fall back to the table version. */
const crc32: Crc32 = (zlib as unknown as { crc32?: Crc32 }).crc32 ?? jsCrc32;

const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const UTF8_NAMES = 0x0800;
const DATA_DESCRIPTOR = 0x0008;
const DEFLATE = 8;
const STORE = 0;

interface CentralEntry {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

export interface ZipEntryWriter {
  write(data: string | Buffer): Promise<void>;
  end(): Promise<void>;
}

function localHeader(name: Buffer, flags: number, method: number, crc = 0, compressed = 0, size = 0): Buffer {
  const header = Buffer.alloc(30 + name.length);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(flags, 6);
  header.writeUInt16LE(method, 8);
  header.writeUInt16LE(DOS_TIME, 10);
  header.writeUInt16LE(DOS_DATE, 12);
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(compressed, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(name.length, 26);
  name.copy(header, 30);
  return header;
}

export class ZipStreamWriter {
  private readonly out: WriteStream;
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private open = false;

  constructor(path: string) {
    this.out = createWriteStream(path);
    // A failure (disk full, folder removed) rejects the pending write or close; it must not also
    // surface as an uncaught 'error' event.
    this.out.on('error', () => undefined);
  }

  private async raw(data: Buffer): Promise<void> {
    this.offset += data.length;
    if (!this.out.write(data)) await once(this.out, 'drain');
  }

  /** Starts a streamed entry; write to it, then end() it before starting another. */
  async begin(name: string): Promise<ZipEntryWriter> {
    if (this.open) throw new Error('zip: previous entry still open');
    this.open = true;
    const nameBytes = Buffer.from(name, 'utf8');
    const flags = DATA_DESCRIPTOR | UTF8_NAMES;
    const offset = this.offset;
    await this.raw(localHeader(nameBytes, flags, DEFLATE));

    const deflate = zlib.createDeflateRaw({ level: 6 });
    let crc = 0;
    let size = 0;
    let compressed = 0;
    let waiting: Promise<void> = Promise.resolve();
    deflate.on('data', (chunk: Buffer) => {
      compressed += chunk.length;
      this.offset += chunk.length;
      if (!this.out.write(chunk)) {
        deflate.pause();
        waiting = once(this.out, 'drain').then(() => { deflate.resume(); });
      }
    });
    const ended = once(deflate, 'end');
    return {
      write: async (data) => {
        const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        if (buffer.length === 0) return;
        crc = crc32(buffer, crc);
        size += buffer.length;
        if (!deflate.write(buffer)) await once(deflate, 'drain');
        await waiting;
      },
      end: async () => {
        deflate.end();
        await ended;
        await waiting;
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(crc >>> 0, 4);
        descriptor.writeUInt32LE(compressed, 8);
        descriptor.writeUInt32LE(size, 12);
        await this.raw(descriptor);
        this.entries.push({ name: nameBytes, flags, method: DEFLATE, crc: crc >>> 0, compressed, size, offset });
        this.open = false;
      },
    };
  }

  /**
   * Adds an entry known whole, deflated in one call (or stored as is with `store`): no stream is
   * set up, which is what a workbook's many small parts need.
   */
  async add(name: string, content: string | Buffer, options: { store?: boolean } = {}): Promise<void> {
    if (this.open) throw new Error('zip: previous entry still open');
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const method = options.store ? STORE : DEFLATE;
    const packed = options.store ? data : zlib.deflateRawSync(data, { level: 6 });
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const offset = this.offset;
    await this.raw(localHeader(nameBytes, UTF8_NAMES, method, crc, packed.length, data.length));
    await this.raw(packed);
    this.entries.push({ name: nameBytes, flags: UTF8_NAMES, method, crc, compressed: packed.length, size: data.length, offset });
  }

  async close(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(20, 4);
      record.writeUInt16LE(20, 6);
      record.writeUInt16LE(e.flags, 8);
      record.writeUInt16LE(e.method, 10);
      record.writeUInt16LE(DOS_TIME, 12);
      record.writeUInt16LE(DOS_DATE, 14);
      record.writeUInt32LE(e.crc, 16);
      record.writeUInt32LE(e.compressed, 20);
      record.writeUInt32LE(e.size, 24);
      record.writeUInt16LE(e.name.length, 28);
      record.writeUInt32LE(e.offset, 42);
      await this.raw(Buffer.concat([record, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.raw(end);
    this.out.end();
    await once(this.out, 'finish');
  }

  /**
   * Gives up: closes the file without a valid archive, and waits until it is closed (the caller
   * removes it then: the file is opened asynchronously, and a removal that did not wait could run
   * before the file is even created).
   */
  async abandon(): Promise<void> {
    if (this.out.closed) return;
    const closed = once(this.out, 'close');
    this.out.destroy();
    await closed;
  }
}
