/**
 * The report's embedded font: Noto Sans (SIL Open Font License), as shipped by the
 * `@fontsource/noto-sans` npm package (Latin subset: every French glyph), never downloaded at
 * run time. The package ships WOFF files; pdfkit's fontkit would inflate their tables with a
 * pure-JavaScript inflater for every document (most of a report's time), so each file is turned
 * into a plain TrueType/OpenType font ONCE per process with Node's zlib, and parsed once by
 * fontkit: pdfkit accepts the parsed font object, so no document parses it again.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';

const require = createRequire(import.meta.url);

/** A WOFF 1.0 file as the sfnt (TTF/OTF) it wraps: tables inflated, directory rebuilt. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('Not a WOFF file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: Array<{ tag: number; checksum: number; data: Buffer }> = [];
  for (let i = 0; i < numTables; i += 1) {
    const entry = 44 + i * 20;
    const tag = woff.readUInt32BE(entry);
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const checksum = woff.readUInt32BE(entry + 16);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? zlib.inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength) throw new Error('Corrupt WOFF table');
    tables.push({ tag, checksum, data });
  }
  const headerSize = 12 + 16 * numTables;
  const padded = (n: number): number => (n + 3) & ~3;
  const size = tables.reduce((s, t) => s + padded(t.data.length), headerSize);
  const out = Buffer.alloc(size);
  const power = 2 ** Math.floor(Math.log2(numTables));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(Math.log2(power), 8);
  out.writeUInt16BE(numTables * 16 - power * 16, 10);
  let offset = headerSize;
  tables.forEach((t, i) => {
    const record = 12 + i * 16;
    out.writeUInt32BE(t.tag, record);
    out.writeUInt32BE(t.checksum, record + 4);
    out.writeUInt32BE(offset, record + 8);
    out.writeUInt32BE(t.data.length, record + 12);
    t.data.copy(out, offset);
    offset += padded(t.data.length);
  });
  return out;
}

export interface ReportFonts {
  regular: Font;
  semibold: Font;
  bold: Font;
}

let FONTS: ReportFonts | null = null;

/** The three weights the report uses, read, unwrapped and parsed once per process. */
export function reportFonts(): ReportFonts {
  if (!FONTS) {
    const file = (weight: number): Font => fontkit.create(woffToSfnt(fs.readFileSync(require.resolve(`@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff`))));
    FONTS = { regular: file(400), semibold: file(600), bold: file(700) };
  }
  return FONTS;
}

/** Whether the report's fonts draw this code point (every weight has the same Latin subset). */
export function reportFontHasGlyph(codePoint: number): boolean {
  return reportFonts().regular.hasGlyphForCodePoint(codePoint);
}
