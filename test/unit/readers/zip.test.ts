import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from '../../../main/import/readers/types.js';
import { openZip, type ZipArchive } from '../../../main/import/readers/zip.js';
import { buildZip, zeroBomb, type ZipBuildEntry } from '../../fixtures/readers/zip-builder.js';

function open(entries: ZipBuildEntry[], limits: Partial<ReaderLimits> = {}): ZipArchive {
  return openZip(buildZip(entries), 'test.xlsx', { ...DEFAULT_READER_LIMITS, ...limits });
}

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('openZip / read', () => {
  it('reads stored and deflated entries back byte for byte', () => {
    const text = 'Réponse;Oui\n'.repeat(1000);
    const zip = open([
      { name: 'a.txt', data: text, method: 8 },
      { name: 'dir/b.bin', data: Buffer.from([0, 1, 2, 255]), method: 0 },
    ]);
    expect(zip.entries.map((e) => e.name)).toEqual(['a.txt', 'dir/b.bin']);
    expect(zip.read('a.txt').toString('utf8')).toBe(text);
    expect([...zip.read('dir/b.bin')]).toEqual([0, 1, 2, 255]);
    expect(zip.get('DIR/B.BIN')?.name).toBe('dir/b.bin');
    expect(zip.inflatedBytes).toBe(Buffer.byteLength(text) + 4);
  });

  it('counts an entry once in the total however often it is read', () => {
    const zip = open([{ name: 'a', data: 'x'.repeat(600) }], { maxTotalBytes: 1000 });
    zip.read('a');
    zip.read('a');
    expect(zip.inflatedBytes).toBe(600);
  });

  it('refuses a bomb that declares its real size above the entry limit as soon as it is opened', () => {
    const bomb = zeroBomb(128); // 2 GiB of zeros in ~2 MB
    const error = codeOf(() => open([{ name: 'xl/worksheets/sheet1.xml', ...bomb }]));
    expect(error.code).toBe('FILE_HOSTILE');
    expect(error.message).toContain('xl/worksheets/sheet1.xml');
    expect(error.message).toContain('test.xlsx');
  });

  it('refuses an honest entry over 1 MiB whose ratio exceeds the limit', () => {
    const bomb = zeroBomb(2); // 32 MiB from ~32 KiB: ratio ≈ 1000
    expect(codeOf(() => open([{ name: 'big.xml', ...bomb }])).code).toBe('FILE_HOSTILE');
    // A higher ratio limit lets the same entry through.
    expect(open([{ name: 'big.xml', ...bomb }], { maxRatio: 5000 }).get('big.xml')?.uncompressedSize).toBe(32 * 1024 * 1024);
    // The same ratio under 1 MiB is fine (small parts compress very well).
    const small = open([{ name: 'small.xml', data: Buffer.alloc(900 * 1024) }]);
    expect(small.read('small.xml').length).toBe(900 * 1024);
  });

  it('stops a bomb that lies about its size at the first byte beyond what it declared', () => {
    const bomb = zeroBomb(128);
    const zip = open([{ name: 'xl/worksheets/sheet1.xml', ...bomb, declaredSize: 500_000 }]);
    const error = codeOf(() => zip.read('xl/worksheets/sheet1.xml'));
    expect(error.code).toBe('FILE_HOSTILE');
    expect(error.message).toMatch(/mensong/);
  });

  it('refuses entries whose sum exceeds the total limit', () => {
    const zip = open([
      { name: 'a', data: 'a'.repeat(600) },
      { name: 'b', data: 'b'.repeat(600) },
    ], { maxTotalBytes: 1000 });
    zip.read('a');
    expect(codeOf(() => zip.read('b')).code).toBe('FILE_HOSTILE');
  });

  it('refuses a declared size larger than the real one and a wrong CRC as unreadable', () => {
    const liar = open([{ name: 'a', data: 'hello', declaredSize: 50 }]);
    expect(codeOf(() => liar.read('a')).code).toBe('FILE_UNREADABLE');
    const badCrc = open([{ name: 'a', data: 'hello', crc: 1234 }]);
    expect(codeOf(() => badCrc.read('a')).message).toMatch(/somme de contrôle/);
  });

  it('refuses `..` entry names and duplicate names as hostile, encrypted entries as unreadable', () => {
    expect(codeOf(() => open([{ name: '../evil.xml', data: 'x' }])).code).toBe('FILE_HOSTILE');
    expect(codeOf(() => open([{ name: 'xl/../../evil.xml', data: 'x' }])).code).toBe('FILE_HOSTILE');
    expect(codeOf(() => open([{ name: 'a', data: 'x' }, { name: 'a', data: 'y' }])).code).toBe('FILE_HOSTILE');
    const encrypted = codeOf(() => open([{ name: 'a', data: 'x', flags: 1 }]));
    expect(encrypted.code).toBe('FILE_UNREADABLE');
    expect(encrypted.message).toMatch(/mot de passe/);
  });

  it('refuses truncated archives and unknown compression methods', () => {
    const whole = buildZip([{ name: 'a', data: 'x'.repeat(5000) }]);
    for (const cut of [whole.length - 1, Math.floor(whole.length / 2), 10]) {
      expect(codeOf(() => openZip(whole.subarray(0, cut), 't.xlsx', DEFAULT_READER_LIMITS)).code).toBe('FILE_UNREADABLE');
    }
    const withBadMethod = buildZip([{ name: 'a', data: 'x' }]);
    withBadMethod.writeUInt16LE(12, withBadMethod.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    expect(codeOf(() => openZip(withBadMethod, 't.xlsx', DEFAULT_READER_LIMITS)).message).toMatch(/méthode de compression/);
  });

  it('reads ZIP64 sizes from the extra field, and applies the limits to them', () => {
    const zip = open([{ name: 'a.xml', data: 'hello zip64', zip64: true }]);
    expect(zip.get('a.xml')?.uncompressedSize).toBe(11);
    expect(zip.read('a.xml').toString()).toBe('hello zip64');
    const bomb = zeroBomb(2);
    expect(codeOf(() => open([{ name: 'b.xml', ...bomb, declaredSize: 8 * 1024 ** 3, zip64: true }])).code).toBe('FILE_HOSTILE');
  });

  it('refuses a central directory pointing outside the file', () => {
    const zip = buildZip([{ name: 'a', data: 'x' }]);
    const eocd = zip.length - 22;
    zip.writeUInt32LE(0x7fffffff, eocd + 16);
    expect(codeOf(() => openZip(zip, 't.xlsx', DEFAULT_READER_LIMITS)).code).toBe('FILE_UNREADABLE');
  });

  it('reads a prefix of a huge entry without inflating it all', () => {
    const zip = open([{ name: 'big', data: Buffer.alloc(10_000_000, 97) }], { maxRatio: 100_000 });
    const entry = zip.get('big');
    if (!entry) throw new Error('missing entry');
    const head = zip.readPrefix(entry, 1024, 64 * 1024);
    expect(head).not.toBeNull();
    expect(head?.length ?? 0).toBeGreaterThan(0);
    expect(head?.length ?? Infinity).toBeLessThanOrEqual(64 * 1024 + 1);
    expect(zip.inflatedBytes).toBe(0);
  });
});
