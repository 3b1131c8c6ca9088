/**
 * The renderer's pure helpers: number/date formatting in fr-FR and en-GB, hash routes, and the
 * mapping sent back to the API (field columns only).
 */
import { describe, expect, it } from 'vitest';
import { createFormatters, MISSING } from '../../renderer/src/i18n/format.js';
import { fr } from '../../renderer/src/i18n/messages-fr.js';
import { en } from '../../renderer/src/i18n/messages-en.js';
import { parseHash, routePath } from '../../renderer/src/state/router.js';

/** ICU versions differ on the space before % and in thousands (U+00A0 or U+202F): compare plain spaces. */
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatters', () => {
  const f = createFormatters('fr');
  const e = createFormatters('en');

  it('formats percentages on a 0–100 scale the French way', () => {
    expect(plain(f.percent(38))).toBe('38,0 %');
    expect(plain(f.percent(85.04))).toBe('85,0 %');
    expect(plain(f.percent(12.346, 2))).toBe('12,35 %');
    expect(e.percent(38)).toBe('38.0%');
    expect(plain(f.ratio(0.381))).toBe('38,1 %');
  });

  it('groups thousands and fixes decimals', () => {
    expect(plain(f.integer(26360))).toBe('26 360');
    expect(e.integer(26360)).toBe('26,360');
    expect(f.score(72.44)).toBe('72,4');
    expect(f.number(3.5, 1)).toBe('3,5');
  });

  it('renders missing values as an em dash, never 0', () => {
    for (const value of [null, undefined, Number.NaN]) {
      expect(f.percent(value)).toBe(MISSING);
      expect(f.score(value)).toBe(MISSING);
      expect(f.integer(value)).toBe(MISSING);
    }
    expect(f.date(null)).toBe(MISSING);
  });

  it('formats calendar dates as dd/mm/yyyy without a time-zone shift', () => {
    expect(f.date('2026-11-27')).toBe('27/11/2026');
    expect(e.date('2026-11-27')).toBe('27/11/2026');
    expect(f.date('2024-01-01')).toBe('01/01/2024');
  });

  it('signs deltas in points', () => {
    expect(plain(f.delta(3.21))).toBe('+3,2 pts');
    expect(plain(f.delta(-0.5))).toBe('−0,5 pts');
  });

  it('formats sizes with French units', () => {
    expect(plain(f.bytes(1536))).toBe('1,5 ko');
    expect(plain(e.bytes(1536))).toBe('1.5 kB');
  });
});

describe('dictionaries', () => {
  it('English has every French key, with a non-empty text and the same placeholders', () => {
    for (const key of Object.keys(fr) as Array<keyof typeof fr>) {
      expect(en[key], key).toBeTruthy();
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });
});

describe('hash routes', () => {
  it('parses views, encoded segments and parameters', () => {
    expect(parseHash('').segments).toEqual([]);
    expect(parseHash('#/').path).toBe('/');
    const route = parseHash('#/structure/21%2F75%20A?edition=2024');
    expect(route.segments).toEqual(['structure', '21/75 A']);
    expect(route.params.get('edition')).toBe('2024');
  });

  it('round-trips codes with reserved characters', () => {
    const path = routePath('structure', 'A/B?C#D');
    expect(parseHash(`#${path}`).segments).toEqual(['structure', 'A/B?C#D']);
  });
});
