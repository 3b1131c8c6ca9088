/**
 * The report's one-line fast path (main/report/pdf-text.ts) must lay text out exactly where
 * pdfkit's line wrapper would: same height, same x for each alignment, and the wrapper itself for
 * anything that wraps.
 */
import { describe, expect, it } from 'vitest';
import PDFDocument from 'pdfkit';
import { drawText, measureText } from '../../main/report/pdf-text.js';
import { reportFonts } from '../../main/report/report-font.js';

function newDoc(): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', font: null as unknown as string });
  doc.registerFont('R', reportFonts().regular as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font('R').fontSize(8.5);
  return doc;
}

/** The x of every text fragment pdfkit writes while `draw` runs. */
function fragmentXs(doc: PDFKit.PDFDocument, draw: () => void): number[] {
  const target = doc as unknown as { _fragment: (text: string, x: number, y: number, options: { align?: string; lineWidth?: number; textWidth?: number }) => void; widthOfString: (t: string) => number };
  const original = target._fragment.bind(doc);
  const xs: number[] = [];
  target._fragment = (text, x, y, options) => {
    // The wrapper shifts x inside _fragment for right and centred lines: record where the glyphs start.
    let start = x;
    if (options.lineWidth !== undefined && options.align === 'right') start += options.lineWidth - target.widthOfString(text.replace(/\s+$/, ''));
    if (options.lineWidth !== undefined && options.align === 'center') start += options.lineWidth / 2 - (options.textWidth ?? 0) / 2;
    xs.push(Math.round(start * 1000) / 1000);
    original(text, x, y, options);
  };
  draw();
  target._fragment = original;
  return xs;
}

describe('report text boxes', () => {
  const samples = ['79,5', '27/11/2026', 'Non conforme', 'Accueil physique et téléphonique', ''];

  it('measures one-line texts as pdfkit does and draws them at the same place for every alignment', () => {
    const doc = newDoc();
    for (const text of samples.filter((t) => t !== '')) {
      for (const align of ['left', 'right', 'center'] as const) {
        const measured = measureText(doc, text, 160, { align });
        expect(measured.oneLine).toBe(true);
        expect(measured.height).toBeCloseTo(doc.heightOfString(text, { width: 160, align }), 6);
        const fast = fragmentXs(doc, () => drawText(doc, measured, 50, 100));
        const wrapped = fragmentXs(doc, () => doc.text(text, 50, 100, { width: 160, align }));
        expect(fast).toHaveLength(1);
        expect(fast[0]).toBeCloseTo(wrapped[0] as number, 3);
      }
    }
    doc.end();
  });

  it('leaves wrapping, line breaks, empty texts and other options to pdfkit', () => {
    const doc = newDoc();
    const long = 'Les coordonnées complètes de l’expéditeur figurent dans la réponse envoyée au citoyen';
    const cases: Array<[string, PDFKit.Mixins.TextOptions]> = [[long, {}], ['Deux\nlignes', {}], ['', {}], ['Court', { ellipsis: true, height: 10 }], ['Court', { characterSpacing: 0.4 }]];
    for (const [text, options] of cases) {
      const measured = measureText(doc, text, 120, options);
      expect(measured.oneLine).toBe(false);
      expect(measured.height).toBe(doc.heightOfString(text, { width: 120, ...options }));
    }
    expect(measureText(doc, long, 120).height).toBeGreaterThan(measureText(doc, 'Court', 120).height * 1.5);
    doc.end();
  });
});
