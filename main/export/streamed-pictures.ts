/**
 * Pictures in a STREAMED ExcelJS workbook. ExcelJS's streaming writer stores images (`addImage`)
 * but cannot anchor them on a sheet, so a workbook with a chart had to be built whole in memory:
 * twice as slow, and the per-structure batch's memory grew with it. The missing parts are small
 * and standard (ECMA-376 SpreadsheetML drawing): per sheet, a drawing part with one anchored
 * picture per chart, its relationships to the media, a `<drawing>` element in the sheet pointing at
 * it, and the drawing's content type. They are written here beside the writer's own parts.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

const require = createRequire(import.meta.url);

const DRAWING_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const IMAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';
/** English Metric Units per pixel (96 dpi). */
const EMU_PER_PX = 9525;

/** A picture anchored by its top-left corner: 0-based column and row (the row may be fractional). */
export interface AnchoredPicture {
  imageId: number;
  col: number;
  row: number;
  widthPx: number;
  heightPx: number;
}

/** The parts of ExcelJS's streaming writer used here (not in its public typings). */
interface WorkbookWriterInternals {
  zip: { append(source: string, options: { name: string }): void };
  media: Array<{ name: string }>;
  _worksheets: unknown[];
  sharedStrings: unknown;
  commentRefs: unknown;
  addContentTypes(): Promise<void>;
}

interface WorksheetWriterInternals {
  _sheetRelsWriter: { addRelationship(rel: { Target: string; Type: string }): string };
  _writeLegacyData(): void;
  _write(text: string): void;
}

interface ContentTypesXformClass {
  new (): { toXml(model: Record<string, unknown>): string };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Row heights of the anchoring rows, in pixels: the fraction of a row becomes an offset in it. */
function drawingXml(pictures: readonly AnchoredPicture[], rowHeightPx: number): string {
  const anchors = pictures.map((p, i) => {
    const row = Math.floor(p.row);
    const rowOff = Math.round((p.row - row) * rowHeightPx * EMU_PER_PX);
    const col = Math.floor(p.col);
    const colOff = Math.round((p.col - col) * 64 * EMU_PER_PX);
    const cx = Math.round(p.widthPx * EMU_PER_PX);
    const cy = Math.round(p.heightPx * EMU_PER_PX);
    const id = i + 2;
    return `<xdr:oneCellAnchor><xdr:from><xdr:col>${col}</xdr:col><xdr:colOff>${colOff}</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>${rowOff}</xdr:rowOff></xdr:from>`
      + `<xdr:ext cx="${cx}" cy="${cy}"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${id}" name="${escapeXml(`Graphique ${i + 1}`)}"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>`
      + `<xdr:blipFill><a:blip r:embed="rId${i + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>`
      + `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>`;
  });
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    + anchors.join('')
    + '</xdr:wsDr>';
}

function drawingRelsXml(pictures: readonly AnchoredPicture[], media: WorkbookWriterInternals['media']): string {
  const rels = pictures.map((p, i) => {
    const medium = media[p.imageId];
    if (!medium) throw new Error(`Image ${p.imageId} absente du classeur`);
    return `<Relationship Id="rId${i + 1}" Type="${IMAGE_REL}" Target="../media/${escapeXml(medium.name)}"/>`;
  });
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`;
}

/**
 * Lets `workbook` (a streaming writer) carry pictures: call `anchor(sheet, pictures, rowHeightPx)`
 * on a sheet before committing it. The workbook's content types then list every drawing written.
 */
export function streamedPictures(workbook: ExcelJS.stream.xlsx.WorkbookWriter): { anchor(sheet: ExcelJS.Worksheet, pictures: readonly AnchoredPicture[], rowHeightPx: number): void } {
  const wb = workbook as unknown as WorkbookWriterInternals;
  const drawings: Array<{ name: string }> = [];
  // The writer's own content types, plus the drawings (its model has no place for them).
  wb.addContentTypes = () => {
    const ContentTypesXform = require('exceljs/lib/xlsx/xform/core/content-types-xform.js') as ContentTypesXformClass;
    const model = { worksheets: wb._worksheets.filter(Boolean), sharedStrings: wb.sharedStrings, commentRefs: wb.commentRefs, media: wb.media, drawings };
    wb.zip.append(new ContentTypesXform().toXml(model), { name: '[Content_Types].xml' });
    return Promise.resolve();
  };
  return {
    anchor(sheet, pictures, rowHeightPx) {
      if (pictures.length === 0) return;
      const ws = sheet as unknown as WorksheetWriterInternals;
      const name = `drawing${drawings.length + 1}`;
      drawings.push({ name });
      wb.zip.append(drawingXml(pictures, rowHeightPx), { name: `xl/drawings/${name}.xml` });
      wb.zip.append(drawingRelsXml(pictures, wb.media), { name: `xl/drawings/_rels/${name}.xml.rels` });
      const rId = ws._sheetRelsWriter.addRelationship({ Target: `../drawings/${name}.xml`, Type: DRAWING_REL });
      // `<drawing>` comes right before `<legacyDrawing>` in a worksheet (CT_Worksheet's order).
      const writeLegacyData = ws._writeLegacyData.bind(ws);
      ws._writeLegacyData = () => {
        ws._write(`<drawing r:id="${rId}"/>`);
        writeLegacyData();
      };
    },
  };
}
