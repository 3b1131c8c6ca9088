/**
 * The chart wrapper's pure helpers: the score colour scale (stops, interpolation, text contrast),
 * French number formatting and the screen-reader table derived from a category-axis option.
 */
import { describe, expect, it } from 'vitest';
import { SCORE_STOPS, SCORE_TEXT_COLOR, contrastRatio, scoreColor } from '../../renderer/src/components/charts/score-scale.js';
import { formatCount, formatPercent, formatScore, tooltipFormatter } from '../../renderer/src/components/charts/chart-format.js';
import { tableFromCategoryOption } from '../../renderer/src/components/charts/chart-table.js';
import { chartFileName } from '../../renderer/src/components/charts/chart-file-name.js';

/** Intl writes a narrow no-break space before % and as thousands separator in fr-FR. */
const spaces = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

describe('scoreColor', () => {
  it('gives no colour to a missing score', () => {
    expect(scoreColor(null)).toBeNull();
    expect(scoreColor(undefined)).toBeNull();
    expect(scoreColor(Number.NaN)).toBeNull();
  });

  it('clamps below the first stop and above the last', () => {
    expect(scoreColor(0)).toBe('#f6c9c4');
    expect(scoreColor(50)).toBe('#f6c9c4');
    expect(scoreColor(95)).toBe('#bfe3c8');
    expect(scoreColor(100)).toBe('#bfe3c8');
  });

  it('interpolates linearly between stops', () => {
    // Halfway between 50 (#f6c9c4) and 70 (#fbe3a6): red (246+251)/2 = 248.5 → f9, green (201+227)/2 = 214 → d6,
    // blue (196+166)/2 = 181 → b5.
    expect(scoreColor(60)).toBe('#f9d6b5');
    expect(scoreColor(70)).toBe('#fbe3a6');
  });

  it('keeps an AA contrast for the text over every colour of the scale', () => {
    for (let score = 0; score <= 100; score += 1) {
      const bg = scoreColor(score);
      expect(bg).not.toBeNull();
      expect(contrastRatio(SCORE_TEXT_COLOR, bg ?? '#000000')).toBeGreaterThanOrEqual(4.5);
    }
    expect(SCORE_STOPS.length).toBeGreaterThanOrEqual(3);
  });

  it('computes the WCAG contrast of black on white as 21', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });
});

describe('French formatting', () => {
  it('formats scores with a decimal comma and percents with a spaced sign', () => {
    expect(formatScore(72.44)).toBe('72,4');
    expect(spaces(formatPercent(38))).toBe('38,0 %');
    expect(spaces(formatCount(1250))).toBe('1 250');
    expect(formatScore(null)).toBe('—');
    expect(formatPercent(72.44, 'en')).toBe('72.4%');
  });

  it('formats tooltip values from numbers, arrays and strings', () => {
    const f = tooltipFormatter('fr');
    expect(f(81.25)).toBe('81,3');
    expect(f([3, 64.5])).toBe('64,5');
    expect(f('12.5')).toBe('12,5');
    expect(f(null)).toBe('—');
    expect(spaces(tooltipFormatter('fr', 'percent')(85))).toBe('85,0 %');
  });
});

describe('tableFromCategoryOption', () => {
  it('puts one row per category and one column per series', () => {
    const table = tableFromCategoryOption(
      {
        xAxis: { type: 'category', data: ['Accès', 'Traitement'] },
        yAxis: { type: 'value' },
        series: [
          { type: 'bar', name: 'Public', data: [70.5, 60] },
          { type: 'bar', name: 'Privé', data: [{ value: 80 }, null] },
        ],
      },
      'Étape',
    );
    expect(table).toEqual({
      columns: ['Étape', 'Public', 'Privé'],
      rows: [
        ['Accès', 70.5, 80],
        ['Traitement', 60, null],
      ],
    });
  });

  it('reads a horizontal chart (category on y)', () => {
    const table = tableFromCategoryOption(
      { xAxis: { type: 'value' }, yAxis: { type: 'category', data: ['A'] }, series: [{ type: 'bar', data: [1] }] },
      'X',
    );
    expect(table?.rows).toEqual([['A', 1]]);
    expect(table?.columns).toEqual(['X', 'Série 1']);
  });

  it('gives up on options without a category axis', () => {
    expect(tableFromCategoryOption({ radar: { indicator: [] }, series: [{ type: 'radar', data: [] }] }, 'X')).toBeNull();
  });
});

describe('chartFileName', () => {
  it('slugifies the title', () => {
    expect(chartFileName('Scores par étape — public / privé', 'png')).toBe('scores-par-etape-public-prive.png');
  });
});

describe('wrapAxisName (radar axis names)', () => {
  it('keeps a short name, splits a long one at the space nearest its middle, shortens only past two lines', async () => {
    const { wrapAxisName } = await import('../../renderer/src/components/charts/chart-format.js');
    expect(wrapAxisName('Courtoisie')).toBe('Courtoisie');
    expect(wrapAxisName('Amplitude et information sur les horaires')).toBe('Amplitude et information\nsur les horaires');
    expect(wrapAxisName('Complétude de la réponse', 18)).toBe('Complétude de\nla réponse');
    const long = wrapAxisName('Un libellé de critère vraiment beaucoup trop long pour tenir sur deux lignes du radar', 18);
    expect(long.split('\n')).toHaveLength(2);
    expect(long.endsWith('…')).toBe(true);
    expect(wrapAxisName('Anticonstitutionnellement', 20)).toBe('Anticonstitutionnellement');
    expect(wrapAxisName('Anticonstitutionnellementissimement', 10)).toBe('Anticonstitutionnel…');
  });
});
