import { describe, expect, it } from 'vitest';
import {
  MAX_CELL_CHARS, MAX_SHEET_NAME, TRUNCATION_MARKER, csvField, looksLikeFormula, safeCellValue, sanitizeSheetName, stripIllegalXml, toCsv, truncateCell,
} from '../../main/export/safe-cells.js';
import { columnLetter, columnWidth, wrappedLines } from '../../main/export/workbook-kit.js';
import { structureFileName } from '../../main/export/batch.js';

describe('stripIllegalXml', () => {
  it('removes C0 controls but keeps tab, LF and CR', () => {
    expect(stripIllegalXml('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg')).toBe('abcdefg');
    expect(stripIllegalXml('a\tb\nc\rd')).toBe('a\tb\nc\rd');
  });
  it('removes U+FFFE, U+FFFF and lone surrogates, keeps valid pairs', () => {
    expect(stripIllegalXml('x\uFFFEy\uFFFFz')).toBe('xyz');
    expect(stripIllegalXml('a\uD800b')).toBe('ab');
    expect(stripIllegalXml('a\uDC00b')).toBe('ab');
    expect(stripIllegalXml('emoji 😀 ok')).toBe('emoji 😀 ok');
    expect(stripIllegalXml('end\uD83D')).toBe('end');
  });
});

describe('truncateCell', () => {
  it('keeps text within the limit untouched', () => {
    const text = 'x'.repeat(MAX_CELL_CHARS);
    expect(truncateCell(text)).toBe(text);
  });
  it('cuts longer text to exactly 32,767 characters ending with the marker', () => {
    const out = truncateCell('y'.repeat(40_000));
    expect(out.length).toBe(MAX_CELL_CHARS);
    expect(out.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(out.startsWith('yyyy')).toBe(true);
  });
  it('never splits a surrogate pair at the cut', () => {
    const cutAt = MAX_CELL_CHARS - TRUNCATION_MARKER.length;
    const text = `${'a'.repeat(cutAt - 1)}😀${'b'.repeat(100)}`;
    const out = truncateCell(text);
    expect(out.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    expect(stripIllegalXml(out)).toBe(out);
  });
});

describe('safeCellValue', () => {
  it('keeps numbers, booleans and valid dates; drops NaN and infinities', () => {
    expect(safeCellValue(12.5)).toBe(12.5);
    expect(safeCellValue(-3)).toBe(-3);
    expect(safeCellValue(Number.NaN)).toBeNull();
    expect(safeCellValue(Number.POSITIVE_INFINITY)).toBeNull();
    expect(safeCellValue(true)).toBe(true);
    const d = new Date(Date.UTC(2023, 2, 1));
    expect(safeCellValue(d)).toBe(d);
    expect(safeCellValue(new Date('nope'))).toBeNull();
    expect(safeCellValue(undefined)).toBeNull();
  });
  it('flattens formula, rich text and hyperlink objects to plain text', () => {
    expect(safeCellValue({ formula: 'SUM(A1:A2)', result: 3 })).toBe('=SUM(A1:A2)');
    expect(safeCellValue({ sharedFormula: 'A1' })).toBe('=A1');
    expect(safeCellValue({ richText: [{ text: '=1' }, { text: '+2' }] })).toBe('=1+2');
    expect(safeCellValue({ text: 'lien', hyperlink: 'http://evil.example' })).toBe('lien');
    for (const v of [{ formula: 'A1' }, { richText: [{ text: 'x' }] }, { a: 1 }]) expect(typeof safeCellValue(v)).toBe('string');
  });
  it('cleans and truncates strings', () => {
    expect(safeCellValue('a\u0000b')).toBe('ab');
    expect((safeCellValue('z'.repeat(50_000)) as string).length).toBe(MAX_CELL_CHARS);
  });
});

describe('looksLikeFormula', () => {
  it.each(['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('flags %j', (s) => expect(looksLikeFormula(s)).toBe(true));
  it.each(['Bonjour', ' =1', '1=1', '', 'a-b'])('does not flag %j', (s) => expect(looksLikeFormula(s)).toBe(false));
});

describe('sanitizeSheetName', () => {
  it('replaces forbidden characters and keeps 31 characters at most', () => {
    const used = new Set<string>();
    const name = sanitizeSheetName('Scores: a/b\\c?d*e[f]g — une très longue feuille de résultats', used);
    expect(name).not.toMatch(/[:\\/?*[\]]/);
    expect(name.length).toBeLessThanOrEqual(MAX_SHEET_NAME);
    expect(name.startsWith('Scores- a-b-c-d-e-f-g')).toBe(true);
  });
  it('de-duplicates case-insensitively with a numbered suffix within the limit', () => {
    const used = new Set<string>();
    expect(sanitizeSheetName('Synthèse', used)).toBe('Synthèse');
    expect(sanitizeSheetName('synthèse', used)).toBe('synthèse (2)');
    expect(sanitizeSheetName('Synthèse', used)).toBe('Synthèse (3)');
    const long = 'x'.repeat(40);
    const a = sanitizeSheetName(long, used);
    const b = sanitizeSheetName(long, used);
    expect(a).toHaveLength(31);
    expect(b).toHaveLength(31);
    expect(b.endsWith(' (2)')).toBe(true);
    expect(a).not.toBe(b);
  });
  it('handles empty names, apostrophes at the ends and the reserved name History', () => {
    expect(sanitizeSheetName('', new Set())).toBe('Feuille');
    expect(sanitizeSheetName('[]', new Set())).toBe('--');
    expect(sanitizeSheetName("'quoted'", new Set())).toBe('quoted');
    expect(sanitizeSheetName("l'audit", new Set())).toBe('l’audit');
    expect(sanitizeSheetName('History', new Set()).toLowerCase()).not.toBe('history');
  });
});

describe('French CSV', () => {
  it('writes numbers with a decimal comma and never prefixes them', () => {
    expect(csvField(12.5)).toBe('12,5');
    expect(csvField(-2)).toBe('-2');
    expect(csvField(1e-7)).toBe('0,0000001');
  });
  it('prefixes formula-looking text with an apostrophe and quotes when needed', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+cmd')).toBe("'+cmd");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('Bonjour')).toBe('Bonjour');
    expect(csvField(null)).toBe('');
  });
  it('starts with a BOM, uses ; and CRLF', () => {
    const text = toCsv(['Nom', 'Score'], [['Ville', 75.5], ['=1+1', null]]);
    expect(text.startsWith('\uFEFFNom;Score\r\n')).toBe(true);
    expect(text).toContain('Ville;75,5\r\n');
    expect(text).toContain("'=1+1;\r\n");
  });
});

describe('kit helpers', () => {
  it('column letters', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
  it('column widths follow the content within caps', () => {
    expect(columnWidth({ header: 'Nom', kind: 'text' }, ['Ville de Saint-Étienne-du-Rouvray'])).toBeGreaterThanOrEqual(33);
    expect(columnWidth({ header: 'Nom', kind: 'text' }, ['x'.repeat(500)])).toBe(45);
    expect(columnWidth({ header: 'Score', kind: 'score' }, [75.5])).toBeLessThanOrEqual(12);
    expect(columnWidth({ header: 'Nom', width: 20 }, ['x'.repeat(500)])).toBe(20);
  });
  it('counts wrapped lines word by word', () => {
    expect(wrappedLines('un deux trois', 100)).toBe(1);
    expect(wrappedLines('un deux trois', 8)).toBe(2);
    expect(wrappedLines('a\nb\nc', 100)).toBe(3);
    expect(wrappedLines('x'.repeat(25), 10)).toBe(3);
  });
  it('file names are code + slug and file-system safe', () => {
    expect(structureFileName('S00001', 'Ville de Saint-Étienne')).toBe('S00001-ville-de-saint-etienne.xlsx');
    const hostile = structureFileName('../../etc/passwd', '=HYPERLINK("x")');
    expect(hostile).not.toMatch(/[/\\]/);
    expect(hostile.startsWith('.')).toBe(false);
  });
});
