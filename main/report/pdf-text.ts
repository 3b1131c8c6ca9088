/**
 * Text boxes for the PDF report, measured and drawn with a one-line fast path.
 *
 * pdfkit lays out any text given a width through its line wrapper (word splitting, Unicode line
 * breaking, a width per word), and the report measures each cell before drawing it, so a batch of
 * 2,000 reports ran the wrapper twice over tens of thousands of table cells. Most cells are one
 * short line (a score, a date, a label): when the text has no line break and its width fits the
 * box, its height is one line and it is drawn without the wrapper, at the position the wrapper
 * would have chosen for the same alignment. Anything else (wrapping, ellipsis, a height limit,
 * character spacing) goes through pdfkit unchanged.
 */
type Doc = PDFKit.PDFDocument;

export interface TextBoxOptions {
  align?: 'left' | 'right' | 'center';
  lineGap?: number;
}

export interface MeasuredText {
  text: string;
  width: number;
  height: number;
  /** Fits on one line: drawn without the line wrapper. */
  oneLine: boolean;
  options: PDFKit.Mixins.TextOptions;
}

const FAST_OPTIONS = new Set(['align', 'lineGap']);

function fastPathAllowed(options: PDFKit.Mixins.TextOptions): boolean {
  for (const key of Object.keys(options)) {
    if (!FAST_OPTIONS.has(key)) return false;
  }
  return true;
}

/** The height `text` takes in a box of `width` with the document's current font and size. */
export function measureText(doc: Doc, text: string, width: number, options: PDFKit.Mixins.TextOptions = {}): MeasuredText {
  if (text !== '' && !text.includes('\n') && fastPathAllowed(options)) {
    const textWidth = doc.widthOfString(text);
    if (textWidth <= width) {
      return { text, width, height: doc.currentLineHeight(true) + (options.lineGap ?? 0), oneLine: true, options };
    }
  }
  return { text, width, height: doc.heightOfString(text, { width, ...options }), oneLine: false, options };
}

/** Draws a measured text at (x, y); the document's position is left after it, as pdfkit leaves it. */
export function drawText(doc: Doc, measured: MeasuredText, x: number, y: number): void {
  if (!measured.oneLine) {
    doc.text(measured.text, x, y, { width: measured.width, ...measured.options });
    return;
  }
  const align = measured.options.align ?? 'left';
  const textWidth = align === 'left' ? 0 : doc.widthOfString(measured.text.replace(/\s+$/, ''));
  const dx = align === 'right' ? measured.width - textWidth : align === 'center' ? (measured.width - textWidth) / 2 : 0;
  doc.text(measured.text, x + dx, y, { lineBreak: false });
  doc.x = x;
  doc.y = y + measured.height;
}
