import { describe, expect, it } from 'vitest';
import { assertNoDoctype, decodeOoxmlText, decodeXmlEntities, parseAttributes, richText, rootPrefix } from '../../../main/import/readers/xml-text.js';
import { errorOf } from './reader-helpers.js';
import { applyZeroPad, parseSharedStrings, parseZeroPadStyles, resolvePartPath, zeroPadWidth } from '../../../main/import/readers/xlsx-fast.js';

describe('XML text decoding', () => {
  it('decodes the predefined entities and numeric references, never custom entities', () => {
    expect(decodeXmlEntities('R&amp;D &lt;b&gt; &quot;x&quot; l&apos;été')).toBe('R&D <b> "x" l\'été');
    expect(decodeXmlEntities('&#233;&#xE9;&#x20AC;&#128512;')).toBe('éé€😀');
    expect(decodeXmlEntities('&lol; &#0; &#xD800; &#x110000;')).toBe('&lol; &#0; &#xD800; &#x110000;');
    expect(decodeXmlEntities('&amp;lt;')).toBe('&lt;');
  });

  it('decodes OOXML _xHHHH_ escapes and XML line ends', () => {
    expect(decodeOoxmlText('a_x000D_b')).toBe('a\rb');
    expect(decodeOoxmlText('_x005F_x000D_')).toBe('_x000D_');
    expect(decodeOoxmlText('l1\r\nl2\rl3')).toBe('l1\nl2\nl3');
  });

  it('reads attributes with either quote and decodes their values', () => {
    const attributes = parseAttributes(`<sheet name="R&amp;D 'x'" sheetId='2' r:id="rId3"/>`);
    expect(attributes.get('name')).toBe("R&D 'x'");
    expect(attributes.get('sheetId')).toBe('2');
    expect(attributes.get('r:id')).toBe('rId3');
  });

  it('finds the namespace prefix of a root element', () => {
    expect(rootPrefix('<?xml version="1.0"?><x:worksheet xmlns:x="…">', 'worksheet')).toBe('x:');
    expect(rootPrefix('<worksheet xmlns="…">', 'worksheet')).toBe('');
  });

  it('concatenates rich-text runs and leaves phonetic runs out', () => {
    const xml = '<si><r><rPr><b/></rPr><t>Bon</t></r><r><t xml:space="preserve">jour &amp; </t></r><rPh sb="0" eb="1"><t>ボ</t></rPh><t/></si>';
    expect(richText(xml, 0, xml.length, '')).toBe('Bonjour & ');
  });
});

describe('DOCTYPE refusal', () => {
  const spellings = ['<!DOCTYPE x>', '<!doctype x>', '<!DocType x>', '<!dOcTyPe x [<!ENTITY a "b">]>'];

  it('refuses a DOCTYPE in any mix of cases, in a string or in bytes', () => {
    for (const doctype of spellings) {
      const xml = `<?xml version="1.0"?>${doctype}<sst><si><t>&a;</t></si></sst>`;
      for (const input of [xml, Buffer.from(xml, 'utf8')]) {
        const error = errorOf(() => assertNoDoctype(input, 'f.xlsx', 'xl/sharedStrings.xml'));
        expect(error.code).toBe('FILE_HOSTILE');
        expect(error.message).toContain('xl/sharedStrings.xml');
      }
    }
  });

  it('accepts comments, CDATA and the word outside a declaration, and honours the range', () => {
    const xml = '<!-- doctype --><sst><si><t><![CDATA[<DocType>]]></t></si><si><t>DOCTYPE</t></si></sst>';
    expect(() => assertNoDoctype(xml, 'f.xlsx', 'p')).not.toThrow();
    expect(() => assertNoDoctype(Buffer.from(xml), 'f.xlsx', 'p')).not.toThrow();
    const late = '<worksheet><sheetData/></worksheet><!DocType x>';
    expect(() => assertNoDoctype(late, 'f.xlsx', 'p', 0, late.indexOf('<!DocType'))).not.toThrow();
    expect(errorOf(() => assertNoDoctype(late, 'f.xlsx', 'p', 0)).code).toBe('FILE_HOSTILE');
    // A declaration cut by the end of the range is not half-matched.
    expect(() => assertNoDoctype('<a/><!DocTy', 'f.xlsx', 'p')).not.toThrow();
  });
});

describe('shared strings and styles', () => {
  it('parses plain, rich, empty and prefixed shared strings in order', () => {
    const sst = '<?xml version="1.0"?><sst xmlns="x" count="5"><si><t>Oui</t></si><si><t xml:space="preserve"> 06 </t></si><si/><si><r><t>a</t></r><r><t>b</t></r></si><si><t>l&apos;accueil_x000A_</t></si></sst>';
    expect(parseSharedStrings(sst)).toEqual(['Oui', ' 06 ', '', 'ab', "l'accueil\n"]);
    const prefixed = '<x:sst xmlns:x="x"><x:si><x:t>Non</x:t></x:si><x:si><x:r><x:t>N</x:t></x:r><x:r><x:t>A</x:t></x:r></x:si></x:sst>';
    expect(parseSharedStrings(prefixed)).toEqual(['Non', 'NA']);
  });

  it('recognises zero-padding formats only', () => {
    expect(zeroPadWidth('00')).toBe(2);
    expect(zeroPadWidth('00000;-00000')).toBe(5);
    expect(zeroPadWidth('0')).toBe(0);
    expect(zeroPadWidth('0.00')).toBe(0);
    expect(zeroPadWidth('#,##0')).toBe(0);
    expect(zeroPadWidth('dd/mm/yyyy')).toBe(0);
  });

  it('maps cellXfs indexes to zero-padding widths, ignoring cellStyleXfs', () => {
    const styles = `<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="00"/><numFmt numFmtId="165" formatCode="00000"/></numFmts>
      <cellStyleXfs count="1"><xf numFmtId="165"/></cellStyleXfs>
      <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14"/><xf numFmtId="165"></xf></cellXfs></styleSheet>`;
    expect([...parseZeroPadStyles(styles)]).toEqual([0, 2, 0, 5]);
  });

  it('pads like Excel shows the number', () => {
    expect(applyZeroPad(6, 2)).toBe('06');
    expect(applyZeroPad(6012, 5)).toBe('06012');
    expect(applyZeroPad(123, 2)).toBe('123');
    expect(applyZeroPad(-6, 2)).toBe('-06');
    expect(applyZeroPad(6.4, 2)).toBe('06');
  });

  it('resolves relationship targets against the owning part', () => {
    expect(resolvePartPath('xl/workbook.xml', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolvePartPath('xl/workbook.xml', '/xl/worksheets/sheet2.xml')).toBe('xl/worksheets/sheet2.xml');
    expect(resolvePartPath('xl/workbook.xml', '../customXml/item1.xml')).toBe('customXml/item1.xml');
    expect(resolvePartPath('', 'xl/workbook.xml')).toBe('xl/workbook.xml');
  });
});
