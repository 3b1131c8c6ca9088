/**
 * SVG charts turned into PNG pictures for the workbooks: Excel shows PNG or JPEG, never SVG. The
 * rasteriser is resvg compiled to WebAssembly (`@resvg/resvg-wasm`: one package for every
 * platform, nothing native to rebuild for Electron), started once per process. Text is drawn with
 * the font the PDF report embeds (Noto Sans from `@fontsource/noto-sans`, unwrapped from WOFF
 * once): no system font is looked up, so a chart renders the same on every machine.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg, initWasm } from '@resvg/resvg-wasm';
import { woffToSfnt } from '../report/report-font.js';

const require = createRequire(import.meta.url);

/** The family name of the embedded font: charts meant for a picture set it as their text font. */
export const PICTURE_FONT = 'Noto Sans';

let ready: Promise<void> | null = null;
let fonts: Uint8Array[] | null = null;

function start(): Promise<void> {
  ready ??= initWasm(fs.readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm'))).catch((error: unknown) => {
    // A second initWasm in the same process (another copy of this module) is harmless.
    if (error instanceof Error && /already initialized/i.test(error.message)) return;
    ready = null;
    throw error;
  });
  return ready;
}

function fontBuffers(): Uint8Array[] {
  fonts ??= [400, 700].map((weight) => new Uint8Array(woffToSfnt(fs.readFileSync(require.resolve(`@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff`)))));
  return fonts;
}

/** The SVG drawn on a white background as a PNG `width` pixels wide (height in proportion). */
export async function svgToPng(svg: string, width: number): Promise<Uint8Array> {
  await start();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width) },
    background: '#ffffff',
    font: { fontBuffers: fontBuffers(), defaultFontFamily: PICTURE_FONT, sansSerifFamily: PICTURE_FONT },
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
