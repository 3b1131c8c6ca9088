/**
 * The CSV guard of the grids' export (ag-grid's exporter in the renderer) and of the rejects
 * workbook: the same shared rule as the deliverables, on the payloads of the injection tests.
 */
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../renderer/src/components/grid/csv-cell.js';
import { csvSafeText, safeText, truncateCell, MAX_CELL_CHARS, TRUNCATION_MARKER } from '../../shared/safe-text.js';

const identity = (v: unknown): string => String(v);

describe('grid CSV cells', () => {
  it('keeps text that starts like a formula as text', () => {
    for (const payload of ['=HYPERLINK("http://x","clic")', '+1+1', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1)', '\tTAB', '\rCR']) {
      const out = csvCell({ value: payload, formatValue: identity });
      expect(out.startsWith("'"), JSON.stringify(payload)).toBe(true);
      expect(out.slice(1)).toBe(safeText(payload));
    }
  });

  it('leaves numbers the grid formats alone, even negative ones, and empty values empty', () => {
    expect(csvCell({ value: -4.5, formatValue: () => '-4,5' })).toBe('-4,5');
    expect(csvCell({ value: 72.25, formatValue: () => '72,3' })).toBe('72,3');
    expect(csvCell({ value: null, formatValue: identity })).toBe('');
    expect(csvCell({ value: undefined, formatValue: identity })).toBe('');
  });

  it('guards the formatted text, not only the raw value (a formatter may add the dangerous sign)', () => {
    expect(csvCell({ value: 'x', formatValue: () => '=1+1' })).toBe("'=1+1");
    expect(csvCell({ value: 'Mairie de Saint-Martin', formatValue: identity })).toBe('Mairie de Saint-Martin');
  });
});

describe('shared text guard', () => {
  it('removes lone surrogates and XML-illegal characters, keeps pairs', () => {
    expect(safeText('a\uD800b\uDC00c\u0001d😀')).toBe('abcd😀');
  });

  it('never cuts a surrogate pair when truncating', () => {
    const text = `${'a'.repeat(MAX_CELL_CHARS - TRUNCATION_MARKER.length - 1)}😀${'b'.repeat(50)}`;
    const cut = truncateCell(text);
    expect(cut.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    expect(cut.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut)).toBe(false);
  });

  it('csvSafeText cleans before it decides (a control character before "=" does not hide it)', () => {
    expect(csvSafeText('\u0001=1+1')).toBe("'=1+1");
  });
});
