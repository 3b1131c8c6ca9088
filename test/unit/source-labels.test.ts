/** The one reading of label cells (shared/source-labels.ts): lists, spellings, what is not a label. */
import { describe, expect, it } from 'vitest';
import { formatLabelList, isHoldableLabel, labelKey, parseLabelList } from '../../shared/source-labels.js';

describe('label lists', () => {
  it('splits a cell on ; , / | and line breaks, keeps "+" in names, trims and drops duplicates in any spelling', () => {
    expect(parseLabelList('Qualivilles; Services Publics+')).toEqual(['Qualivilles', 'Services Publics+']);
    expect(parseLabelList(' qualivilles ,QUALIVILLES / Services  publics + | Marianne\nQualiVilles ')).toEqual(['qualivilles', 'Services publics +', 'Marianne']);
    expect(parseLabelList('')).toEqual([]);
    expect(parseLabelList(null)).toEqual([]);
    expect(parseLabelList(' ; ;; ')).toEqual([]);
  });

  it('compares labels without case, accents, punctuation or spacing', () => {
    expect(labelKey('Services Publics+')).toBe(labelKey('services publics +'));
    expect(labelKey('Qualivilles')).not.toBe(labelKey('Services Publics+'));
  });

  it('writes a list back as the app stores it', () => {
    expect(formatLabelList(['Qualivilles', 'Services Publics+'])).toBe('Qualivilles; Services Publics+');
  });

  it('the barometer\'s own items are not a label a structure holds', () => {
    expect(isHoldableLabel('Baromètre')).toBe(false);
    expect(isHoldableLabel('BAROMETRE')).toBe(false);
    expect(isHoldableLabel('Qualivilles')).toBe(true);
    expect(isHoldableLabel('  ')).toBe(false);
  });
});
