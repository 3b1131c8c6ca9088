/**
 * Pictures on a sheet (ECMA-376 SpreadsheetML drawing): one drawing part per sheet holding one
 * picture per chart, each anchored by its top-left cell with an offset inside it and sized in
 * pixels, and its relationships to the PNG files under xl/media/.
 */
import { XML_HEAD, NS_PACKAGE_REL, escapeXml } from './xml.js';

const IMAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';
/** English Metric Units per pixel (96 dpi). */
const EMU_PER_PX = 9525;
/** Excel's default column, in pixels (a fractional column becomes an offset in it). */
const COLUMN_PX = 64;

/** A picture anchored by its top-left corner: 0-based column and row (the row may be fractional). */
export interface AnchoredPicture {
  /** Its file name under xl/media/. */
  media: string;
  col: number;
  row: number;
  widthPx: number;
  heightPx: number;
}

/** The drawing part; `rowHeightPx` turns the fraction of a row into an offset in it. */
export function drawingXml(pictures: readonly AnchoredPicture[], rowHeightPx: number): string {
  const anchors = pictures.map((p, i) => {
    const row = Math.floor(p.row);
    const rowOff = Math.round((p.row - row) * rowHeightPx * EMU_PER_PX);
    const col = Math.floor(p.col);
    const colOff = Math.round((p.col - col) * COLUMN_PX * EMU_PER_PX);
    const cx = Math.round(p.widthPx * EMU_PER_PX);
    const cy = Math.round(p.heightPx * EMU_PER_PX);
    return `<xdr:oneCellAnchor><xdr:from><xdr:col>${col}</xdr:col><xdr:colOff>${colOff}</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>${rowOff}</xdr:rowOff></xdr:from>`
      + `<xdr:ext cx="${cx}" cy="${cy}"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${i + 2}" name="${escapeXml(`Graphique ${i + 1}`)}"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>`
      + `<xdr:blipFill><a:blip r:embed="rId${i + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>`
      + `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>`;
  });
  return `${XML_HEAD}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`
    + anchors.join('')
    + '</xdr:wsDr>';
}

/** The drawing's relationships: rIdN is the N-th picture's PNG. */
export function drawingRelsXml(pictures: readonly AnchoredPicture[]): string {
  const rels = pictures.map((p, i) => `<Relationship Id="rId${i + 1}" Type="${IMAGE_REL}" Target="../media/${escapeXml(p.media)}"/>`);
  return `${XML_HEAD}<Relationships xmlns="${NS_PACKAGE_REL}">${rels.join('')}</Relationships>`;
}
