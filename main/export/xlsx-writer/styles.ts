/**
 * Cell styles of a workbook: each distinct look (font, fill, borders, alignment, number format)
 * becomes one entry of styles.xml's cellXfs, registered the first time a cell uses it and shared by
 * every cell after. A style is plain data; the same object is looked up by identity (the common
 * case: the kit's constant styles), an equal one built on the fly by its content.
 */
import { XML_HEAD, NS_MAIN, escapeXml } from './xml.js';

/** Colours are ARGB hex strings, as Excel writes them: 'FF1F4E79'. */
export interface FontStyle {
  name?: string;
  size?: number;
  bold?: boolean;
  italic?: boolean;
  color?: string;
}

export interface BorderEdge {
  style: 'thin' | 'medium' | 'thick';
  color: string;
}

export interface CellStyle {
  font?: FontStyle;
  /** A solid background colour. */
  fill?: string;
  border?: { top?: BorderEdge; bottom?: BorderEdge; left?: BorderEdge; right?: BorderEdge };
  alignment?: { horizontal?: 'left' | 'center' | 'right'; vertical?: 'top' | 'middle' | 'bottom'; wrapText?: boolean };
  /** A number format code ('0.0', '0.0 %', 'dd/mm/yyyy', '@'…). */
  numFmt?: string;
}

/** Formats Excel knows by number (ECMA-376 §18.8.30): written by id, not declared. */
const BUILT_IN_FORMATS: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '@': 49 };
const FIRST_CUSTOM_FORMAT = 164;

const DEFAULT_FONT = '<font><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>';

function fontXml(font: FontStyle): string {
  return '<font>'
    + (font.bold ? '<b/>' : '')
    + (font.italic ? '<i/>' : '')
    + `<sz val="${font.size ?? 11}"/>`
    + `<color rgb="${font.color ?? 'FF000000'}"/>`
    + `<name val="${escapeXml(font.name ?? 'Calibri')}"/><family val="2"/>`
    + '</font>';
}

function fillXml(color: string): string {
  return `<fill><patternFill patternType="solid"><fgColor rgb="${color}"/><bgColor indexed="64"/></patternFill></fill>`;
}

function edgeXml(tag: string, edge: BorderEdge | undefined): string {
  return edge ? `<${tag} style="${edge.style}"><color rgb="${edge.color}"/></${tag}>` : `<${tag}/>`;
}

function borderXml(border: NonNullable<CellStyle['border']>): string {
  return `<border>${edgeXml('left', border.left)}${edgeXml('right', border.right)}${edgeXml('top', border.top)}${edgeXml('bottom', border.bottom)}<diagonal/></border>`;
}

function alignmentXml(alignment: NonNullable<CellStyle['alignment']>): string {
  const vertical = alignment.vertical === 'middle' ? 'center' : alignment.vertical;
  return '<alignment'
    + (alignment.horizontal ? ` horizontal="${alignment.horizontal}"` : '')
    + (vertical ? ` vertical="${vertical}"` : '')
    + (alignment.wrapText ? ' wrapText="1"' : '')
    + '/>';
}

/** A table of distinct XML fragments, numbered in order of first use after the fixed ones. */
class Pool {
  private readonly ids = new Map<string, number>();
  readonly items: string[];

  constructor(fixed: string[]) {
    this.items = [...fixed];
    fixed.forEach((xml, i) => this.ids.set(xml, i));
  }

  id(xml: string): number {
    let id = this.ids.get(xml);
    if (id === undefined) {
      id = this.items.length;
      this.items.push(xml);
      this.ids.set(xml, id);
    }
    return id;
  }
}

export class StyleSheet {
  private readonly byObject = new WeakMap<CellStyle, number>();
  private readonly byXf = new Map<string, number>();
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly fonts = new Pool([DEFAULT_FONT]);
  private readonly fills = new Pool(['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']);
  private readonly borders = new Pool(['<border><left/><right/><top/><bottom/><diagonal/></border>']);
  private readonly formats = new Map<string, number>();

  /** The cellXfs index of a style (0, the default, for `undefined`). */
  id(style: CellStyle | undefined): number {
    if (!style) return 0;
    const known = this.byObject.get(style);
    if (known !== undefined) return known;
    const numFmtId = style.numFmt === undefined ? 0 : this.formatId(style.numFmt);
    const fontId = style.font ? this.fonts.id(fontXml(style.font)) : 0;
    const fillId = style.fill ? this.fills.id(fillXml(style.fill)) : 0;
    const borderId = style.border ? this.borders.id(borderXml(style.border)) : 0;
    const alignment = style.alignment ? alignmentXml(style.alignment) : '';
    const xf = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"`
      + (numFmtId ? ' applyNumberFormat="1"' : '')
      + (fontId ? ' applyFont="1"' : '')
      + (fillId ? ' applyFill="1"' : '')
      + (borderId ? ' applyBorder="1"' : '')
      + (alignment ? ` applyAlignment="1">${alignment}</xf>` : '/>');
    let id = this.byXf.get(xf);
    if (id === undefined) {
      id = this.xfs.length;
      this.xfs.push(xf);
      this.byXf.set(xf, id);
    }
    this.byObject.set(style, id);
    return id;
  }

  private formatId(code: string): number {
    const builtIn = BUILT_IN_FORMATS[code];
    if (builtIn !== undefined) return builtIn;
    let id = this.formats.get(code);
    if (id === undefined) {
      id = FIRST_CUSTOM_FORMAT + this.formats.size;
      this.formats.set(code, id);
    }
    return id;
  }

  /** styles.xml with every style registered so far. */
  xml(): string {
    const formats = [...this.formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    return `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">`
      + (formats.length > 0 ? `<numFmts count="${formats.length}">${formats.join('')}</numFmts>` : '')
      + `<fonts count="${this.fonts.items.length}">${this.fonts.items.join('')}</fonts>`
      + `<fills count="${this.fills.items.length}">${this.fills.items.join('')}</fills>`
      + `<borders count="${this.borders.items.length}">${this.borders.items.join('')}</borders>`
      + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
      + `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>`
      + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
      + '<dxfs count="0"/><tableStyles count="0"/>'
      + '</styleSheet>';
  }
}
