/**
 * The start-up prefetch of the Scores view must ask exactly what the view then asks: the same
 * edition (the remembered one if the workspace still has it, else the latest) and the same matrix
 * levels (overall always, determinants only when shown). Pure functions, no network.
 */
import { describe, expect, it } from 'vitest';
import { chartSvgInput, chartSvgWidth, INITIAL_SHOWN, matrixLevels, parseScoresShown } from '../../renderer/src/views/scores/prefetch.js';
import { rememberedEdition } from '../../renderer/src/state/edition.js';
import type { EditionInfo } from '../../shared/workspace-types.js';

const editions = (years: number[]): EditionInfo[] => years.map((year) => ({ year, structures: 1, audits: 1, observations: 1, expectedAudits: 1 }));

describe('scores prefetch', () => {
  it('opens on the remembered edition when the workspace has it, else the latest', () => {
    expect(rememberedEdition(editions([2022, 2024, 2023]), 2023)).toBe(2023);
    expect(rememberedEdition(editions([2022, 2024, 2023]), 2019)).toBe(2024);
    expect(rememberedEdition(editions([2022, 2024, 2023]), null)).toBe(2024);
    expect(rememberedEdition([], 2023)).toBeNull();
  });

  it('asks the matrix levels the grid shows, overall first and always', () => {
    expect(matrixLevels(INITIAL_SHOWN)).toEqual(['overall', 'step', 'channel']);
    expect(matrixLevels({ step: false, channel: true, determinant: true })).toEqual(['overall', 'channel', 'determinant']);
    expect(matrixLevels({ step: false, channel: false, determinant: false })).toEqual(['overall']);
  });

  it('starts from the edition, language, category and chart width shown last only when they read back whole', () => {
    expect(parseScoresShown(JSON.stringify({ edition: 2024, lang: 'en', category: 'ville-50k', chartWidth: 611 }))).toEqual({ edition: 2024, lang: 'en', category: 'ville-50k', chartWidth: 611 });
    expect(parseScoresShown(JSON.stringify({ edition: 2024, lang: 'en', category: 'ville-50k' }))).toEqual({ edition: 2024, lang: 'en', category: 'ville-50k', chartWidth: null });
    expect(parseScoresShown(JSON.stringify({ edition: 2024, lang: 'fr', chartWidth: 'wide' }))).toEqual({ edition: 2024, lang: 'fr', category: null, chartWidth: null });
    // A width edited by hand is brought back within what the API accepts.
    expect(parseScoresShown(JSON.stringify({ edition: 2024, lang: 'fr', chartWidth: 12.4 }))?.chartWidth).toBe(100);
    expect(parseScoresShown(JSON.stringify({ edition: 2024, lang: 'fr' }))).toEqual({ edition: 2024, lang: 'fr', category: null, chartWidth: null });
    expect(parseScoresShown(null)).toBeNull();
    expect(parseScoresShown('{not json')).toBeNull();
    expect(parseScoresShown(JSON.stringify({ edition: '2024', lang: 'fr' }))).toBeNull();
    expect(parseScoresShown(JSON.stringify({ edition: 2024.5, lang: 'fr' }))).toBeNull();
    expect(parseScoresShown(JSON.stringify({ edition: 2024, lang: 'de' }))).toBeNull();
    expect(parseScoresShown(JSON.stringify([2024, 'fr']))).toBeNull();
  });

  it('asks the charts\' SVGs with one input shape for the view and the prefetch (one cache key)', () => {
    expect(chartSvgWidth(611.6)).toBe(612);
    expect(chartSvgWidth(40)).toBe(100);
    expect(chartSvgWidth(9000)).toBe(4000);
    expect(chartSvgInput('distribution', 2024, 'region', 612, 'fr')).toEqual({ chart: 'distribution', edition: 2024, width: 612, lang: 'fr' });
    expect(chartSvgInput('ranking', 2024, 'region', 612, 'en')).toEqual({ chart: 'ranking', edition: 2024, category: 'region', width: 612, lang: 'en' });
    expect(Object.keys(chartSvgInput('ranking', 2024, 'region', 612, 'en'))).toEqual(Object.keys({ chart: 1, edition: 1, category: 1, width: 1, lang: 1 }));
  });
});
