/** Types of fontkit 2.0.4 (the package ships none): the part the report uses. */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    /** Every code point the font maps to a glyph. */
    characterSet: number[];
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string, features?: unknown): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
