/**
 * The few XML text chores the xlsx and ods readers need, without a generic XML parser:
 * decoding the five predefined entities and numeric character references (never a custom
 * entity: a part with a DOCTYPE is refused before anything is read), OOXML `_xHHHH_` escapes,
 * attribute lists of one tag, and the text of a rich-text string (`<t>` runs, phonetic `<rPh>`
 * runs left out).
 */
import { hostile, reason } from './reader-errors.js';

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const OOXML_ESCAPE = /_x([0-9a-fA-F]{4})_/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function codePointText(code: number, original: string): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return original;
  return String.fromCodePoint(code);
}

/** Decodes XML references; unknown entities are left as written (never expanded). */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (match: string, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex !== undefined) return codePointText(parseInt(hex, 16), match);
    if (dec !== undefined) return codePointText(parseInt(dec, 10), match);
    return NAMED[name ?? ''] ?? match;
  });
}

/**
 * Text content of an OOXML string: XML line ends normalised as an XML parser would, entities
 * decoded, then `_x000D_`-style escapes (`_x005F_` escapes a literal underscore).
 */
export function decodeOoxmlText(raw: string): string {
  let text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  text = decodeXmlEntities(text);
  if (text.includes('_x')) {
    text = text.replace(OOXML_ESCAPE, (_m: string, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return text;
}

/** Attributes of one start tag's source (`<sheet name="a" r:id="rId1"/>`), values decoded. */
export function parseAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const re = /([^\s=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(tag)) !== null) {
    const name = match[1];
    if (name === undefined) continue;
    attributes.set(name, decodeXmlEntities(match[2] ?? match[3] ?? ''));
  }
  return attributes;
}

/** Attribute by local name, whatever its namespace prefix (`r:id`, `relationships:id`). */
export function attributeByLocalName(attributes: Map<string, string>, localName: string, prefixed: boolean): string | undefined {
  for (const [name, value] of attributes) {
    const colon = name.indexOf(':');
    if (prefixed ? colon >= 0 && name.slice(colon + 1) === localName : name === localName) return value;
  }
  return undefined;
}

/**
 * Refuses a part that carries a DOCTYPE (in `[from, to)`): entity-expansion attacks (billion
 * laughs, XXE) live there. XML is case-sensitive, but any spelling is refused (`<!DocType`
 * included): no part of a workbook has a reason to carry one.
 */
export function assertNoDoctype(xml: Buffer | string, fileName: string, entry: string, from = 0, to = xml.length): void {
  // Search only [from, to): indexOf has no end bound, so bound the haystack itself.
  const part = typeof xml === 'string' ? xml.slice(from, to) : xml.subarray(from, to);
  const code = typeof part === 'string' ? (i: number) => part.charCodeAt(i) : (i: number) => part[i] ?? 0;
  // `<!` is rare in a workbook part (comments, CDATA), so test each one for the word, any case.
  let at = part.indexOf('<!');
  while (at >= 0) {
    if (isDoctypeWord(code, at + 2)) throw doctypeRefused(fileName, entry);
    at = part.indexOf('<!', at + 2);
  }
}

const DOCTYPE = 'DOCTYPE';

/** True when the 7 characters from `at` spell DOCTYPE in any mix of cases (ASCII letters only). */
function isDoctypeWord(code: (i: number) => number, at: number): boolean {
  for (let q = 0; q < DOCTYPE.length; q += 1) {
    // Clearing bit 0x20 upper-cases an ASCII letter; no other byte maps onto D, O, C, T, Y, P, E.
    if ((code(at + q) & 0xdf) !== DOCTYPE.charCodeAt(q)) return false;
  }
  return true;
}

export function doctypeRefused(fileName: string, entry: string): Error {
  return hostile(fileName, reason('import.reason.doctype', { entry }), { entry });
}

/**
 * Namespace prefix of a part's root element (`x:` in `<x:worksheet …>`, '' usually), so that
 * tag searches work with the prefixed documents some .NET producers write.
 */
export function rootPrefix(xml: string, rootLocalName: string): string {
  const re = new RegExp(`<([A-Za-z_][\\w.-]*:)?${rootLocalName}[\\s>/]`);
  const match = re.exec(xml);
  return match?.[1] ?? '';
}

/** Every start tag `<prefix+name …>` of a string, as its source text. */
export function* startTags(xml: string, qualifiedName: string, from = 0, to = xml.length): Generator<string> {
  const open = `<${qualifiedName}`;
  let at = xml.indexOf(open, from);
  while (at >= 0 && at < to) {
    const after = xml.charCodeAt(at + open.length);
    const end = xml.indexOf('>', at);
    if (end < 0) return;
    // A space, '/' or '>' must follow the name, else `<sheet` would also match `<sheetPr`.
    if (after === 32 || after === 9 || after === 10 || after === 13 || after === 47 || after === 62) {
      yield xml.slice(at, end + 1);
    }
    at = xml.indexOf(open, end);
  }
}

/**
 * Text of a rich string's source (`<si>…</si>` or `<is>…</is>`): the `<t>` runs concatenated,
 * the phonetic `<rPh>` runs left out. `p` is the namespace prefix.
 */
export function richText(xml: string, from: number, to: number, p: string): string {
  const tOpen = `<${p}t`;
  const rPhOpen = `<${p}rPh`;
  const rPhClose = `</${p}rPh>`;
  let text = '';
  let at = xml.indexOf('<', from);
  while (at >= 0 && at < to) {
    if (xml.startsWith(rPhOpen, at)) {
      const close = xml.indexOf(rPhClose, at);
      if (close < 0 || close >= to) break;
      at = xml.indexOf('<', close + rPhClose.length);
      continue;
    }
    if (xml.startsWith(tOpen, at)) {
      const after = xml.charCodeAt(at + tOpen.length);
      if (after === 62 || after === 32 || after === 47 || after === 9 || after === 10 || after === 13) {
        const gt = xml.indexOf('>', at);
        if (gt < 0 || gt >= to) break;
        if (xml.charCodeAt(gt - 1) !== 47) {
          const close = xml.indexOf('<', gt + 1);
          if (close < 0 || close > to) break;
          text += xml.slice(gt + 1, close);
          at = close;
        } else {
          at = gt;
        }
      }
    }
    at = xml.indexOf('<', at + 1);
  }
  return decodeOoxmlText(text);
}
