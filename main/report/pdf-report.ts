/**
 * Lays a `ReportModel` out as an A4 portrait PDF with pdfkit, without a browser, so the CLI, the
 * batch and the desktop app produce the same file: 1. one-page summary, 2. scores by step,
 * channel and determinant against the benchmark, 3. action plan with the audit evidence,
 * 4. method. Every page carries "Confidentiel — <structure>" and its page number in the footer.
 *
 * The font (report-font.ts) is read from disk once per process and embedded, subsetted, in every
 * document; charts are echarts SVG drawn as vectors
 * by svg-to-pdfkit. A withheld figure is `null` in the model and printed "—" with a note.
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { ActionItem, Benchmark, LevelRow, ReportModel, TrendState } from './report-model.js';
import { reportLabels, DASH } from './report-labels.js';
import type { ReportLabels } from './report-labels.js';
import { ROLE_COLORS, quartileBarSvg, radarSvg } from './charts-svg.js';
import { reportFontHasGlyph, reportFonts } from './report-font.js';
import { drawText, measureText } from './pdf-text.js';
import type { MeasuredText } from './pdf-text.js';
import { drawReadinessSection } from './readiness-section.js';

type Doc = PDFKit.PDFDocument;

/** Printable characters, per code point (the font's character set is fixed for the process). */
const GLYPH_CACHE = new Map<number, boolean>();
function hasGlyph(cp: number): boolean {
  let has = GLYPH_CACHE.get(cp);
  if (has === undefined) {
    has = reportFontHasGlyph(cp);
    GLYPH_CACHE.set(cp, has);
  }
  return has;
}

/**
 * Text the font can draw: narrow spaces (Intl fr-FR) become no-break spaces, the minus sign a
 * hyphen, an arrow "->"; any other character the font lacks is folded to its base letter
 * ("ő" → "o") or "?", so no text ever prints as an empty box.
 */
export function printable(text: string): string {
  const replaced = text.replace(/[\u202f\u2007]/g, '\u00a0').replace(/\u2212/g, '-').replace(/\u2192/g, '->').replace(/\r\n?/g, '\n').replace(/\t+/g, ' ');
  let out = '';
  for (const ch of replaced) {
    const cp = ch.codePointAt(0) as number;
    if (cp === 0x0a || hasGlyph(cp)) {
      out += ch;
      continue;
    }
    const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += [...base].every((c) => hasGlyph(c.codePointAt(0) as number)) && base !== '' ? base : '?';
  }
  return out;
}

// --- page geometry (points; A4 = 595.28 × 841.89) ------------------------------------------
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 48, right: 48, top: 58, bottom: 62 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;

const COLORS = {
  navy: ROLE_COLORS.primary,
  text: ROLE_COLORS.text,
  muted: ROLE_COLORS.muted,
  rule: '#d5dce6',
  fill: '#f3f6fa',
  headerFill: '#e8eef6',
  good: '#2f7d4f',
  bad: '#b3343f',
  peers: ROLE_COLORS.peers,
};

const F = { regular: 'Body', semibold: 'Semi', bold: 'Bold' } as const;

/**
 * Word layouts shared by every document of the process, per font. pdfkit shapes each word with
 * fontkit (GSUB/GPOS lookups: most of a report's text time) and keeps the result in a cache of the
 * document's font object, so each new document shaped the same words again. The fonts are the
 * same parsed fontkit objects in every document (report-font.ts), so a word's layout (glyphs and
 * positions, in the font's 1000-unit scale) is the same in all of them and pdfkit never modifies a
 * cached layout: one cache per font serves the whole batch. Renewed every
 * LAYOUT_CACHE_DOCUMENTS documents so that the words of thousands of names and comments do not
 * pile up (a few hundred new words per report).
 */
const LAYOUT_CACHE_DOCUMENTS = 400;
let layoutCaches: Record<keyof typeof F, Record<string, unknown>> | null = null;
let documentsOnLayoutCache = 0;

/** The embedded font pdfkit 0.20 creates at `doc.font(name)`: its word cache is the field `layoutCache`. */
interface EmbeddedFontCache {
  layoutCache?: Record<string, unknown>;
}

function shareLayoutCaches(doc: Doc): void {
  if (!layoutCaches || documentsOnLayoutCache >= LAYOUT_CACHE_DOCUMENTS) {
    layoutCaches = { regular: Object.create(null), semibold: Object.create(null), bold: Object.create(null) } as Record<keyof typeof F, Record<string, unknown>>;
    documentsOnLayoutCache = 0;
  }
  documentsOnLayoutCache += 1;
  for (const weight of ['regular', 'semibold', 'bold'] as const) {
    doc.font(F[weight]);
    const font = (doc as unknown as { _font?: EmbeddedFontCache })._font;
    // Another pdfkit without this field (or with the cache turned off) keeps its own per-document cache.
    if (font && typeof font.layoutCache === 'object' && font.layoutCache !== null) font.layoutCache = layoutCaches[weight];
  }
}

function newDocument(model: ReportModel, L: ReportLabels, options: PdfWriteOptions = {}): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    // No built-in Helvetica: pdfkit would parse its AFM file for every document.
    font: null as unknown as string,
    info: {
      Title: `${L.barometer} ${model.edition} — ${model.structure.name}`,
      Subject: L.reportTitle(model.edition),
      Author: 'AFNOR — Baromètre Expérience Citoyen',
      Keywords: `${model.edition} ${model.structure.code}`,
      CreationDate: model.generatedAt,
    },
    lang: model.lang === 'en' ? 'en-GB' : 'fr-FR',
    displayTitle: true,
  });
  // pdfkit takes a parsed fontkit font as a source (typed as a path or bytes only).
  const fonts = reportFonts() as unknown as Record<'regular' | 'semibold' | 'bold', PDFKit.Mixins.PDFFontSource>;
  doc.registerFont(F.regular, fonts.regular);
  doc.registerFont(F.semibold, fonts.semibold);
  doc.registerFont(F.bold, fonts.bold);
  if (options.shareWordLayouts !== false) shareLayoutCaches(doc);
  doc.font(F.regular).fontSize(9).fillColor(COLORS.text);
  return doc;
}

/** Writes text at (x, y) in a box of `width`, returns the height used. */
function textAt(doc: Doc, text: string, x: number, y: number, width: number, options: PDFKit.Mixins.TextOptions = {}): number {
  const measured = measureText(doc, printable(text), width, options);
  drawText(doc, measured, x, y);
  return measured.height;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > BOTTOM) {
    doc.addPage();
    doc.y = MARGIN.top;
  }
}

function sectionTitle(doc: Doc, title: string, newPage: boolean): void {
  if (newPage) {
    doc.addPage();
    doc.y = MARGIN.top;
  }
  ensureSpace(doc, 60);
  const y = doc.y;
  doc.rect(MARGIN.left, y + 2, 4, 18).fill(COLORS.navy);
  doc.font(F.bold).fontSize(16).fillColor(COLORS.navy);
  textAt(doc, title, MARGIN.left + 12, y, CONTENT_WIDTH - 12);
  doc.y = y + 30;
  doc.fillColor(COLORS.text);
}

function subTitle(doc: Doc, title: string): void {
  ensureSpace(doc, 50);
  doc.font(F.semibold).fontSize(11).fillColor(COLORS.navy);
  const y = doc.y;
  const h = textAt(doc, title, MARGIN.left, y, CONTENT_WIDTH);
  doc.y = y + h + 4;
  doc.fillColor(COLORS.text);
}

function paragraph(doc: Doc, text: string, options: { size?: number; color?: string; gap?: number; font?: string } = {}): void {
  doc.font(options.font ?? F.regular).fontSize(options.size ?? 9).fillColor(options.color ?? COLORS.text);
  const measured = measureText(doc, printable(text), CONTENT_WIDTH, { lineGap: 1.5 });
  ensureSpace(doc, measured.height);
  const y = doc.y;
  drawText(doc, measured, MARGIN.left, y);
  doc.y = y + measured.height + (options.gap ?? 6);
  doc.fillColor(COLORS.text);
}

// --- tables ------------------------------------------------------------------------------------

interface Column {
  header: string;
  /** Width in points; one column may be 0: it takes what is left. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

interface Cell {
  text: string;
  color?: string;
  bold?: boolean;
}

type RowCells = Array<string | Cell>;

const CELL_PAD = { x: 4, y: 3.2 };

function resolveWidths(columns: readonly Column[], total: number): number[] {
  const fixed = columns.reduce((s, c) => s + c.width, 0);
  return columns.map((c) => (c.width === 0 ? Math.max(40, total - fixed) : c.width));
}

function headerRow(doc: Doc, columns: readonly Column[], widths: readonly number[], x0: number, size: number, padY: number): void {
  doc.font(F.semibold).fontSize(size - 0.5);
  const headers = columns.map((c, i) => measureText(doc, printable(c.header), (widths[i] as number) - 2 * CELL_PAD.x, { align: c.align ?? 'left' }));
  const h = Math.max(...headers.map((m) => m.height)) + 2 * padY;
  const y = doc.y;
  doc.rect(x0, y, widths.reduce((s, w) => s + w, 0), h).fill(COLORS.headerFill);
  doc.fillColor(COLORS.navy);
  let x = x0;
  headers.forEach((measured, i) => {
    drawText(doc, measured, x + CELL_PAD.x, y + padY);
    x += widths[i] as number;
  });
  doc.y = y + h;
  doc.fillColor(COLORS.text);
}

/** A table with wrapped cells, zebra rows and the header repeated after a page break. */
function table(doc: Doc, columns: readonly Column[], rows: readonly RowCells[], options: { size?: number; x?: number; width?: number; padY?: number } = {}): void {
  const size = options.size ?? 8.5;
  const padY = options.padY ?? CELL_PAD.y;
  const x0 = options.x ?? MARGIN.left;
  const widths = resolveWidths(columns, options.width ?? CONTENT_WIDTH);
  const total = widths.reduce((s, w) => s + w, 0);
  ensureSpace(doc, 40);
  headerRow(doc, columns, widths, x0, size, padY);
  rows.forEach((row, r) => {
    const cells = row.map((c) => (typeof c === 'string' ? { text: c } : c));
    const measured = cells.map((c, i) => {
      doc.font(c.bold ? F.semibold : F.regular).fontSize(size);
      return measureText(doc, printable(c.text), (widths[i] as number) - 2 * CELL_PAD.x, { align: columns[i]?.align ?? 'left' });
    });
    const h = Math.max(...measured.map((m) => m.height)) + 2 * padY;
    if (doc.y + h > BOTTOM) {
      doc.addPage();
      doc.y = MARGIN.top;
      headerRow(doc, columns, widths, x0, size, padY);
    }
    const y = doc.y;
    if (r % 2 === 1) doc.rect(x0, y, total, h).fill(COLORS.fill);
    let x = x0;
    cells.forEach((c, i) => {
      doc.font(c.bold ? F.semibold : F.regular).fontSize(size).fillColor(c.color ?? COLORS.text);
      drawText(doc, measured[i] as MeasuredText, x + CELL_PAD.x, y + padY);
      x += widths[i] as number;
    });
    doc.moveTo(x0, y + h).lineTo(x0 + total, y + h).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
    doc.y = y + h;
  });
  doc.fillColor(COLORS.text);
  doc.y += 8;
}

// --- figures -----------------------------------------------------------------------------------

function gapColor(v: number | null): string {
  if (v === null || Math.abs(v) < 0.05) return COLORS.text;
  return v > 0 ? COLORS.good : COLORS.bad;
}

function benchmarkText(b: Benchmark, L: ReportLabels): string {
  if (b.value === null) return DASH;
  return `${L.format.score(b.value)}${b.stat === 'mean' ? L.meanMark : ''}`;
}

function trendText(t: TrendState, L: ReportLabels): { value: string; sub: string; color: string } {
  switch (t.kind) {
    case 'first-edition': return { value: DASH, sub: L.trend.firstEdition, color: COLORS.text };
    case 'not-participant': return { value: DASH, sub: L.trend.notParticipant(t.edition), color: COLORS.text };
    case 'no-score': return { value: DASH, sub: L.trend.noScore(t.edition), color: COLORS.text };
    case 'not-comparable': return { value: DASH, sub: L.trend.notComparable(t.edition), color: COLORS.text };
    case 'compared': return { value: L.format.gap(t.delta), sub: L.trend.compared(t.edition, L.format.score(t.previous)), color: gapColor(t.delta) };
  }
}

interface Tile {
  label: string;
  value: string;
  sub: string;
  color?: string;
}

/** A KPI tile: small label, big value (shrunk to fit its box), small line under it. */
function tile(doc: Doc, t: Tile, x: number, y: number, w: number, h: number): void {
  doc.roundedRect(x, y, w, h, 4).fill(COLORS.fill);
  doc.rect(x, y, w, 2.5).fill(COLORS.navy);
  doc.font(F.semibold).fontSize(7.5).fillColor(COLORS.muted);
  textAt(doc, t.label.toUpperCase(), x + 8, y + 9, w - 16, { lineBreak: true, height: 20 });
  const value = printable(t.value);
  let size = 19;
  doc.font(F.bold);
  while (size > 10 && doc.fontSize(size).widthOfString(value) > w - 16) size -= 1;
  doc.fontSize(size).fillColor(t.color ?? COLORS.navy);
  const valueHeight = doc.heightOfString(value, { width: w - 16 });
  doc.text(value, x + 8, y + 30 + (valueHeight > size * 1.6 ? -4 : 0), { width: w - 16 });
  doc.font(F.regular).fontSize(7.5).fillColor(COLORS.muted);
  if (t.sub) textAt(doc, t.sub, x + 8, y + h - 24, w - 16, { height: 23, ellipsis: true });
  doc.fillColor(COLORS.text);
}

function drawSvg(doc: Doc, svg: string, x: number, y: number, width: number, height: number): void {
  SVGtoPDF(doc, svg, x, y, {
    width,
    height,
    assumePt: true,
    fontCallback: (_family: string, bold: boolean) => (bold ? F.bold : F.regular),
  });
}

function logo(doc: Doc, file: string | null): void {
  if (!file || !/\.(png|jpe?g)$/i.test(file) || !fs.existsSync(file)) return;
  try {
    doc.image(path.resolve(file), PAGE.width - MARGIN.right - 120, 26, { fit: [120, 44], align: 'right' });
  } catch {
    // An unreadable logo must not cost the client its report: the slot stays empty.
  }
}

// --- the four parts ----------------------------------------------------------------------------

function summaryPage(doc: Doc, model: ReportModel, L: ReportLabels, charts: boolean): void {
  const s = model.summary;
  const f = L.format;
  logo(doc, model.logoPath);
  doc.font(F.semibold).fontSize(8.5).fillColor(COLORS.navy);
  textAt(doc, `${L.barometer} · ${L.reportTitle(model.edition)}`.toUpperCase(), MARGIN.left, 40, CONTENT_WIDTH - 130, { characterSpacing: 0.4 });
  doc.font(F.bold).fontSize(22).fillColor(COLORS.text);
  let y = 60;
  y += textAt(doc, model.structure.name, MARGIN.left, y, CONTENT_WIDTH - 130);
  doc.font(F.regular).fontSize(10).fillColor(COLORS.muted);
  y += textAt(doc, L.identity(model.structure.categoryLabel, model.structure.code, s.audits), MARGIN.left, y + 2, CONTENT_WIDTH) + 10;
  if (model.benchmarkReference) y += textAt(doc, L.benchmarkReference(model.benchmarkReference), MARGIN.left, y - 6, CONTENT_WIDTH) + 4;
  doc.moveTo(MARGIN.left, y).lineTo(PAGE.width - MARGIN.right, y).lineWidth(0.8).strokeColor(COLORS.rule).stroke();
  doc.y = y + 14;
  sectionTitle(doc, L.summaryTitle, false);

  // KPI tiles.
  const tiles: Tile[] = [
    { label: L.kpi.score, value: f.score(s.score), sub: L.kpi.outOf },
    s.rank !== null
      ? { label: L.kpi.rank, value: L.kpi.rankOf(s.rank, s.categorySize), sub: s.percentile !== null ? L.kpi.percentile(s.percentile) : '' }
      : { label: L.kpi.rank, value: DASH, sub: L.withheldShort, color: COLORS.muted },
    s.category.value !== null && s.category.stat
      ? { label: L.kpi.gapCategory, value: f.gap(s.gapToCategory), sub: L.versus(s.category.stat, f.score(s.category.value)), color: gapColor(s.gapToCategory) }
      : { label: L.kpi.gapCategory, value: DASH, sub: L.withheldShort, color: COLORS.muted },
    s.privatePanel.value !== null && s.privatePanel.stat
      ? { label: L.kpi.gapPrivate, value: f.gap(s.gapToPrivate), sub: L.versus(s.privatePanel.stat, f.score(s.privatePanel.value)), color: gapColor(s.gapToPrivate) }
      : { label: L.kpi.gapPrivate, value: DASH, sub: L.withheldShort, color: COLORS.muted },
    { label: L.kpi.trend, ...trendText(s.trend, L) },
  ];
  const gapX = 8;
  const tileW = (CONTENT_WIDTH - gapX * (tiles.length - 1)) / tiles.length;
  const tileY = doc.y;
  tiles.forEach((t, i) => tile(doc, t, MARGIN.left + i * (tileW + gapX), tileY, tileW, 78));
  doc.y = tileY + 78 + 16;

  // Charts: radar of the channels (left), overall score against the category quartiles (right).
  const chartsY = doc.y;
  const leftW = 262;
  const rightX = MARGIN.left + leftW + 18;
  const rightW = CONTENT_WIDTH - leftW - 18;
  doc.font(F.semibold).fontSize(10).fillColor(COLORS.navy);
  textAt(doc, L.chartRadarTitle, MARGIN.left, chartsY, leftW);
  textAt(doc, L.chartBarTitle, rightX, chartsY, rightW);
  const axes = model.channels.filter((c) => c.score !== null);
  const radarRows = axes.length >= 3 ? axes : model.steps;
  if (charts) drawSvg(doc, radarSvg({
    axes: radarRows.map((r) => r.label),
    structure: radarRows.map((r) => r.score),
    category: radarRows.map((r) => r.category.value),
    privatePanel: radarRows.map((r) => r.privatePanel.value),
    labels: { structure: L.structure, category: L.category, privatePanel: L.privatePanel },
  }, { width: leftW, height: 222 }), MARGIN.left, chartsY + 16, leftW, 222);

  if (charts) drawSvg(doc, quartileBarSvg({
    score: s.score,
    quartiles: s.quartiles,
    labels: { structure: L.structure, q1: L.q1, median: L.median, q3: L.q3 },
    formatScore: (v) => printable(f.score(v)),
  }, { width: rightW, height: 78 }), rightX, chartsY + 18, rightW, 78);
  let ry = chartsY + 100;
  doc.font(F.regular).fontSize(8).fillColor(COLORS.muted);
  if (s.quartiles) {
    doc.rect(rightX, ry + 2, 9, 6).fill('#c9e8e8');
    doc.fillColor(COLORS.text);
    ry += textAt(doc, `${L.q1} ${f.score(s.quartiles.q1)} · ${L.median} ${f.score(s.quartiles.median)} · ${L.q3} ${f.score(s.quartiles.q3)}`, rightX + 13, ry, rightW - 13) + 4;
  } else {
    ry += textAt(doc, L.notes.quartilesWithheld(model.method.thresholds.distributionMinOthers), rightX, ry, rightW) + 4;
  }
  // Strengths and weaknesses under the bar chart.
  ry += 8;
  const list = (title: string, rows: readonly LevelRow[], color: string): void => {
    doc.font(F.semibold).fontSize(9.5).fillColor(color);
    ry += textAt(doc, title, rightX, ry, rightW) + 3;
    if (rows.length === 0) {
      doc.font(F.regular).fontSize(8.5).fillColor(COLORS.muted);
      ry += textAt(doc, L.none, rightX, ry, rightW) + 3;
    }
    for (const r of rows) {
      doc.font(F.regular).fontSize(8.5).fillColor(COLORS.text);
      const h = textAt(doc, r.label, rightX + 8, ry, rightW - 78);
      doc.font(F.semibold);
      textAt(doc, f.score(r.score), rightX + rightW - 70, ry, 30, { align: 'right' });
      doc.font(F.regular).fillColor(gapColor(r.gapToCategory));
      textAt(doc, r.gapToCategory === null ? '' : f.gap(r.gapToCategory), rightX + rightW - 38, ry, 38, { align: 'right' });
      doc.circle(rightX + 2.5, ry + 5.5, 1.6).fill(color);
      ry += Math.max(h, 11) + 2;
    }
    ry += 6;
  };
  list(L.strengths, s.strongest, COLORS.good);
  list(L.weaknesses, s.weakest, COLORS.bad);

  doc.y = Math.max(chartsY + 16 + 222, ry) + 12;
  subTitle(doc, L.stepsSummary);
  table(doc, [
    { header: L.col.step, width: 0 },
    { header: L.col.score, width: 60, align: 'right' },
    { header: L.col.category, width: 70, align: 'right' },
    { header: L.col.gapCategory, width: 70, align: 'right' },
    { header: L.col.privatePanel, width: 70, align: 'right' },
  ], model.steps.map((r) => [
    r.label,
    { text: f.score(r.score), bold: true },
    benchmarkText(r.category, L),
    { text: f.gap(r.gapToCategory), color: gapColor(r.gapToCategory) },
    benchmarkText(r.privatePanel, L),
  ]));
  const notes: string[] = [];
  if (s.rankWithheld) notes.push(L.notes.rankWithheld(model.method.thresholds.distributionMinOthers));
  if (s.category.value === null && s.score !== null) notes.push(L.notes.categoryWithheld(model.method.thresholds.meanMinOthers));
  if ([s, ...model.steps].some((r) => r.category.stat === 'mean' || r.privatePanel.stat === 'mean')) notes.push(L.notes.meanInstead);
  if (s.privatePanel.value === null && s.privatePanel.withheld) notes.push(L.notes.privateWithheld);
  if (s.trend.kind === 'not-comparable' && s.trend.reason) notes.push(L.notes.trendReason(s.trend.reason));
  if (notes.length) {
    doc.moveTo(MARGIN.left, doc.y).lineTo(PAGE.width - MARGIN.right, doc.y).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    doc.y += 6;
    for (const n of notes) paragraph(doc, n, { size: 7.8, color: COLORS.muted, gap: 2 });
  }
}

function levelTable(doc: Doc, title: string, rows: readonly LevelRow[], L: ReportLabels): void {
  if (rows.length === 0) return;
  subTitle(doc, title);
  const f = L.format;
  table(doc, [
    { header: L.col.label, width: 0 },
    { header: L.col.score, width: 50, align: 'right' },
    { header: L.col.category, width: 62, align: 'right' },
    { header: L.col.privatePanel, width: 62, align: 'right' },
    { header: L.col.gapCategory, width: 74, align: 'right' },
    { header: L.col.gapPrivate, width: 64, align: 'right' },
  ], rows.map((r) => [
    r.label,
    { text: f.score(r.score), bold: true },
    benchmarkText(r.category, L),
    benchmarkText(r.privatePanel, L),
    { text: f.gap(r.gapToCategory), color: gapColor(r.gapToCategory) },
    { text: f.gap(r.gapToPrivate), color: gapColor(r.gapToPrivate) },
  ]), { size: 8.2, padY: 2.6 });
}

function levelsPart(doc: Doc, model: ReportModel, L: ReportLabels): void {
  sectionTitle(doc, L.levelsTitle, true);
  paragraph(doc, L.levelsIntro(model.structure.categoryLabel), { color: COLORS.muted, gap: 10 });
  levelTable(doc, L.steps, model.steps, L);
  levelTable(doc, L.channels, model.channels, L);
  levelTable(doc, L.determinants, model.determinants, L);
  const all = [...model.steps, ...model.channels, ...model.determinants];
  if (all.some((r) => r.category.value === null && r.score !== null)) paragraph(doc, L.notes.categoryWithheld(model.method.thresholds.meanMinOthers), { size: 7.8, color: COLORS.muted, gap: 2 });
  if (all.some((r) => r.privatePanel.value === null && r.privatePanel.withheld)) paragraph(doc, L.notes.privateWithheld, { size: 7.8, color: COLORS.muted, gap: 2 });
}

/** Items detailed in the action-plan table, and those whose audit evidence is listed. */
export const PLAN_ITEMS_SHOWN = 15;
export const PLAN_ITEMS_WITH_EVIDENCE = 8;
export const EVIDENCE_SHOWN = 4;

function actionPart(doc: Doc, model: ReportModel, L: ReportLabels): void {
  sectionTitle(doc, L.actionTitle, true);
  const f = L.format;
  const plan = model.actionPlan;
  if (plan.length === 0) {
    paragraph(doc, L.actionNone);
    return;
  }
  paragraph(doc, L.actionIntro, { color: COLORS.muted, gap: 2 });
  if (plan.some((p) => p.categoryWithheld)) paragraph(doc, L.actionWithheldIntro, { color: COLORS.muted, gap: 8 });
  else doc.y += 6;
  const shown = plan.slice(0, PLAN_ITEMS_SHOWN);
  table(doc, [
    { header: L.col.rank, width: 22, align: 'right' },
    { header: L.col.item, width: 0 },
    { header: L.col.channel, width: 60 },
    { header: L.col.weight, width: 40, align: 'right' },
    { header: L.col.base, width: 54, align: 'right' },
    { header: L.col.failure, width: 40, align: 'right' },
    { header: L.col.categoryFailure, width: 50, align: 'right' },
    { header: L.col.gap, width: 52, align: 'right' },
  ], shown.map((p, i) => [
    String(i + 1),
    `${p.label} (${p.item})`,
    p.channelLabel,
    f.score(p.weight).replace(/[,.]0$/, ''),
    { text: `${f.int(p.failed)}/${f.int(p.applicable)}${p.smallBase ? `\n${L.smallBase}` : ''}`, color: p.smallBase ? COLORS.bad : COLORS.text },
    { text: f.percent(p.failureRate), bold: true },
    p.categoryWithheld ? DASH : f.percent(p.categoryFailureRate),
    { text: `${p.gap > 0 ? '+' : ''}${f.int(Math.round(p.gap))}\u00a0pts${p.categoryWithheld ? '*' : ''}`, color: p.gap > 0 ? COLORS.bad : COLORS.good },
  ]), { size: 8 });
  const notes: string[] = [];
  if (shown.some((p) => p.smallBase)) notes.push(L.smallBaseNote(model.method.smallBase));
  if (shown.some((p) => p.categoryWithheld)) notes.push(`* ${L.withheldNote}`);
  if (plan.length > shown.length) notes.push(L.moreItems(plan.length - shown.length));
  for (const n of notes) paragraph(doc, n, { size: 7.8, color: COLORS.muted, gap: 2 });
  doc.y += 8;

  subTitle(doc, L.evidenceTitle);
  paragraph(doc, model.keepNames ? L.notMasked : L.masked, { size: 7.8, color: model.keepNames ? COLORS.bad : COLORS.muted, gap: 6 });
  shown.slice(0, PLAN_ITEMS_WITH_EVIDENCE).forEach((p, i) => evidenceBlock(doc, p, i + 1, L));
}

function evidenceBlock(doc: Doc, p: ActionItem, position: number, L: ReportLabels): void {
  const f = L.format;
  ensureSpace(doc, 70);
  doc.font(F.semibold).fontSize(9).fillColor(COLORS.text);
  const y = doc.y;
  const h = textAt(doc, `${position}. ${p.label} (${p.item}) — ${f.int(p.failed)}/${f.int(p.applicable)} ${L.answers['non-compliant'].toLowerCase()}`, MARGIN.left, y, CONTENT_WIDTH);
  doc.y = y + h + 3;
  const rows = p.evidence.slice(0, EVIDENCE_SHOWN).map((e): RowCells => [
    f.date(e.date),
    e.channelLabel,
    { text: L.answers[e.answer], color: COLORS.bad },
    e.measure !== null ? f.measure(e.measure, e.unit) : e.rawNote ?? DASH,
    e.comment ?? DASH,
  ]);
  table(doc, [
    { header: L.col.date, width: 58 },
    { header: L.col.channel, width: 70 },
    { header: L.col.answer, width: 66 },
    { header: L.col.measure, width: 72 },
    { header: L.col.comment, width: 0 },
  ], rows, { size: 7.8, x: MARGIN.left + 10, width: CONTENT_WIDTH - 10 });
  if (p.evidence.length > EVIDENCE_SHOWN || p.failed > p.evidence.length) {
    doc.y -= 5;
    paragraph(doc, L.moreEvidence(Math.max(p.evidence.length, p.failed) - Math.min(EVIDENCE_SHOWN, p.evidence.length)), { size: 7.5, color: COLORS.muted, gap: 6 });
  }
}

function methodPart(doc: Doc, model: ReportModel, L: ReportLabels): void {
  sectionTitle(doc, L.methodTitle, true);
  const m = model.method;
  const f = L.format;
  const sections = L.method({
    expected: m.expectedAudits,
    channels: m.channels,
    audits: m.audits,
    first: f.date(m.firstAudit),
    last: f.date(m.lastAudit),
    items: m.itemsInForce,
    mean: m.thresholds.meanMinOthers,
    distribution: m.thresholds.distributionMinOthers,
    smallBase: m.smallBase,
    byChannel: m.auditsByChannel.map((c) => `${c.label.toLowerCase()} ${f.int(c.audits)}`).join(', '),
    edition: model.edition,
  });
  for (const s of sections) {
    subTitle(doc, s.heading);
    paragraph(doc, s.text, { gap: 10 });
  }
  paragraph(doc, L.generatedOn(f.dateTime(model.generatedAt)), { size: 8, color: COLORS.muted });
}

/** Footer (confidentiality, page number) and running header on every page, once pages are known. */
function decoratePages(doc: Doc, model: ReportModel, L: ReportLabels): number {
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = range.start; i < range.start + total; i += 1) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit add a page: lift the margin meanwhile.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - 40;
    doc.moveTo(MARGIN.left, y - 8).lineTo(PAGE.width - MARGIN.right, y - 8).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    doc.font(F.semibold).fontSize(7.8).fillColor(COLORS.muted);
    doc.text(printable(L.confidential(model.structure.name)), MARGIN.left, y, { width: CONTENT_WIDTH - 90, lineBreak: false, ellipsis: true });
    doc.font(F.regular);
    doc.text(printable(L.page(i - range.start + 1, total)), PAGE.width - MARGIN.right - 90, y, { width: 90, align: 'right', lineBreak: false });
    if (i > range.start) {
      doc.font(F.regular).fontSize(7.8).fillColor(COLORS.muted);
      doc.text(printable(`${L.barometer} ${model.edition} · ${model.structure.name}`), MARGIN.left, 30, { width: CONTENT_WIDTH, lineBreak: false, ellipsis: true });
    }
    doc.page.margins.bottom = bottom;
  }
  return total;
}

export interface PdfWriteOptions {
  /**
   * false: the chart slots are left empty (same texts, tables and layout otherwise). Used only by
   * the benchmark (bench/report.ts), to weigh the charts against the rest of the page.
   */
  charts?: boolean;
  /** false: each document shapes its words afresh (pdfkit's own behaviour); for the benchmark's A/B only. */
  shareWordLayouts?: boolean;
}

/** Lays the whole report out on `doc` and ends it; returns the page count. */
function layDocument(doc: Doc, model: ReportModel, L: ReportLabels, options: PdfWriteOptions): number {
  summaryPage(doc, model, L, options.charts !== false);
  levelsPart(doc, model, L);
  actionPart(doc, model, L);
  drawReadinessSection({
    sectionTitle: (t, n) => sectionTitle(doc, t, n), subTitle: (t) => subTitle(doc, t), paragraph: (t, o) => paragraph(doc, t, o), table: (c, r, o) => table(doc, c, r, o),
    svg: (svg, w, h) => { ensureSpace(doc, h); const y = doc.y; drawSvg(doc, svg, MARGIN.left, y, w, h); doc.y = y + h + 12; }, muted: COLORS.muted, bad: COLORS.bad,
  }, model.readiness, model.lang);
  methodPart(doc, model, L);
  const pages = decoratePages(doc, model, L);
  doc.end();
  return pages;
}

/** The PDF of one report, in memory, with its page count. */
export function renderReportPdf(model: ReportModel, options: PdfWriteOptions = {}): Promise<{ bytes: Buffer; pages: number }> {
  const L = reportLabels(model.lang);
  const doc = newDocument(model, L, options);
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('error', reject);
    let pages = 0;
    doc.on('end', () => resolve({ bytes: Buffer.concat(chunks), pages }));
    try {
      pages = layDocument(doc, model, L, options);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/**
 * Writes the report to `file` (the caller handles the temporary name), streamed: pdfkit's chunks go
 * to the file as the pages are flushed rather than being gathered in memory first.
 */
export async function writeReportPdf(model: ReportModel, file: string, options: PdfWriteOptions = {}): Promise<{ pages: number; bytes: number }> {
  const L = reportLabels(model.lang);
  const doc = newDocument(model, L, options);
  const out = fs.createWriteStream(file);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  let pages = 0;
  try {
    pages = layDocument(doc, model, L, options);
  } catch (error) {
    out.destroy();
    await finished.catch(() => undefined);
    throw error;
  }
  await finished;
  return { pages, bytes: out.bytesWritten };
}
