/**
 * The shared-strings part of an xlsx file, as Excel writes it: each distinct text once, cells
 * refer to it by index. Only the distinct texts are kept in memory, so a national table streams.
 * Used by the workbook writer (workbook.ts) and the generator's data files (main/generate).
 */
import { NS_MAIN, XML_HEAD, escapeXml } from './xml.js';

/** Text kept as written: Excel trims leading and trailing spaces unless told not to. */
function stringItem(text: string): string {
  const escaped = escapeXml(text);
  return /^\s|\s$/.test(text) ? `<si><t xml:space="preserve">${escaped}</t></si>` : `<si><t>${escaped}</t></si>`;
}

export class SharedStrings {
  private readonly index = new Map<string, number>();
  /** Cells referring to a shared string (the part's `count`). */
  private references = 0;

  /** The index of a text, added the first time it is seen. */
  id(text: string): number {
    this.references += 1;
    let id = this.index.get(text);
    if (id === undefined) {
      id = this.index.size;
      this.index.set(text, id);
    }
    return id;
  }

  /** The part's XML in pieces of a little over `chunk` characters (the last one shorter). */
  *xml(chunk: number): Generator<string> {
    let xml = `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.references}" uniqueCount="${this.index.size}">`;
    for (const text of this.index.keys()) {
      xml += stringItem(text);
      if (xml.length > chunk) {
        yield xml;
        xml = '';
      }
    }
    yield `${xml}</sst>`;
  }
}
