/**
 * xlsx written as a stream: the sheet XML is generated row by row and deflated straight to disk
 * (main/export/xlsx-writer/zip-stream.ts), so a national edition (26,000 audits × 400 item columns, or 1.8 million long
 * rows) is written in bounded memory; only the distinct strings are kept, for the shared-strings
 * part written after the sheet, as Excel itself does. ExcelJS 4.4's "streaming" WorkbookWriter was
 * the first choice but it hands every part to JSZip, which holds the whole sheet and the whole
 * archive in memory until commit (measured: ~600 MB peak for one national edition).
 *
 * What the files hold: a frozen, filtered header (below an optional bold title row), codes as text,
 * numbers as numbers, dates as real Excel dates formatted dd/mm/yyyy, blank cells not written at
 * all. The bytes depend only on the content (fixed zip timestamps, no creation date).
 */
import { unlinkSync } from 'node:fs';
import type { OutCell, TableSpec } from '../layouts.js';
import { PROGRESS_EVERY, checkCancelled, excelSerial, type WriteHooks, type WriteOutcome } from './common.js';
import { ZipStreamWriter } from '../../export/xlsx-writer/zip-stream.js';
import { SharedStrings } from '../../export/xlsx-writer/shared-strings.js';
import { NS_MAIN as NS, NS_REL as NS_R, XML_HEAD, escapeXml } from '../../export/xlsx-writer/xml.js';
import { columnLetter } from '../../../shared/column-letter.js';

/** Style indexes in styles.xml below. */
const STYLE_DATE = 1;
const STYLE_HEADER = 2;
const STYLE_TITLE = 3;
/** Bytes of sheet XML gathered before handing them to the deflater. */
const CHUNK = 1 << 16;

const STYLES = `${XML_HEAD}<styleSheet xmlns="${NS}">`
  + '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
  + '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
  + '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
  + '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>'
  + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
  + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
  + '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
  + '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
  + '</styleSheet>';

const CONTENT_TYPES = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
  + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
  + '<Default Extension="xml" ContentType="application/xml"/>'
  + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
  + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
  + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
  + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
  + '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
  + '</Types>';

const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
  + `<Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/>`
  + `<Relationship Id="rId2" Type="${NS_R}/extended-properties" Target="docProps/app.xml"/>`
  + '</Relationships>';

const WORKBOOK_RELS = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
  + `<Relationship Id="rId1" Type="${NS_R}/worksheet" Target="worksheets/sheet1.xml"/>`
  + `<Relationship Id="rId2" Type="${NS_R}/styles" Target="styles.xml"/>`
  + `<Relationship Id="rId3" Type="${NS_R}/sharedStrings" Target="sharedStrings.xml"/>`
  + '</Relationships>';

const APP = `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">`
  + '<Application>Baromètre Expérience Citoyen (générateur de démonstration)</Application></Properties>';

function workbookXml(sheet: string, filterRef: string): string {
  const quoted = `'${sheet.replace(/'/g, "''")}'`;
  return `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${NS_R}"><bookViews><workbookView/></bookViews>`
    + `<sheets><sheet name="${escapeXml(sheet)}" sheetId="1" r:id="rId1"/></sheets>`
    + `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">${escapeXml(`${quoted}!${filterRef}`)}</definedName></definedNames>`
    + '</workbook>';
}

function cellXml(ref: string, cell: OutCell, strings: SharedStrings, style?: number): string {
  const s = style ? ` s="${style}"` : '';
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? `<c r="${ref}"${s}><v>${cell}</v></c>` : '';
  if (typeof cell === 'object') return `<c r="${ref}" s="${STYLE_DATE}"><v>${excelSerial(cell.date)}</v></c>`;
  return `<c r="${ref}"${s} t="s"><v>${strings.id(cell)}</v></c>`;
}

export async function writeXlsx(path: string, table: TableSpec, hooks?: WriteHooks): Promise<WriteOutcome> {
  const zip = new ZipStreamWriter(path);
  const strings = new SharedStrings();
  const letters = table.headers.map((_, i) => columnLetter(i));
  const headerRow = table.title ? 2 : 1;
  const lastLetter = letters[letters.length - 1] ?? 'A';
  const filterRef = `$A$${headerRow}:$${lastLetter}$${headerRow}`;
  let rows = 0;
  try {
    // Parts in the order Excel writes them: shared strings after the sheet that fills them.
    await zip.add('[Content_Types].xml', CONTENT_TYPES);
    await zip.add('_rels/.rels', ROOT_RELS);
    await zip.add('xl/workbook.xml', workbookXml(table.sheet, filterRef));
    await zip.add('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
    const sheet = await zip.begin('xl/worksheets/sheet1.xml');
    // No <dimension>: the row count is not known before the rows are streamed, and it is optional.
    let xml = `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${NS_R}">`
      + `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
      + '<sheetFormatPr defaultRowHeight="15"/>';
    if (table.widths?.length) {
      xml += `<cols>${table.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`;
    }
    xml += '<sheetData>';
    if (table.title) xml += `<row r="1">${cellXml('A1', table.title, strings, STYLE_TITLE)}</row>`;
    xml += `<row r="${headerRow}">${table.headers.map((h, i) => cellXml(`${letters[i] ?? columnLetter(i)}${headerRow}`, h, strings, STYLE_HEADER)).join('')}</row>`;
    let r = headerRow;
    for (const cells of table.rows) {
      r += 1;
      let row = `<row r="${r}">`;
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[i] ?? null;
        if (cell !== null) row += cellXml(`${letters[i] ?? columnLetter(i)}${r}`, cell, strings);
      }
      xml += `${row}</row>`;
      rows += 1;
      if (xml.length > CHUNK) {
        await sheet.write(xml);
        xml = '';
      }
      if (rows % PROGRESS_EVERY === 0) {
        checkCancelled(hooks);
        hooks?.onRows?.(rows);
      }
    }
    xml += `</sheetData><autoFilter ref="A${headerRow}:${lastLetter}${headerRow}"/></worksheet>`;
    await sheet.write(xml);
    await sheet.end();

    const sst = await zip.begin('xl/sharedStrings.xml');
    for (const part of strings.xml(CHUNK)) await sst.write(part);
    await sst.end();
    await zip.add('xl/styles.xml', STYLES);
    await zip.add('docProps/app.xml', APP);
    await zip.close();
  } catch (error) {
    await zip.abandon();
    try { unlinkSync(path); } catch { /* already gone */ }
    throw error;
  }
  hooks?.onRows?.(rows);
  return { rows };
}
