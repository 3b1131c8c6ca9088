/** The folding of what people type into a search (shared/text.ts), the same for names and queries. */
import { describe, expect, it } from 'vitest';
import { matchesSearch, normalizeLabel, searchWords, slugify } from '../../shared/text.js';
import { structureMatchQuery } from '../../main/explorer/structure-search.js';

describe('searchWords', () => {
  it('folds accents, case and punctuation into words', () => {
    expect(searchWords('Témoin 02')).toEqual(['temoin', '02']);
    expect(searchWords('  Saint-Rivozet ')).toEqual(['saint', 'rivozet']);
    expect(searchWords("Hôtel d'Agglomération")).toEqual(['hotel', 'd', 'agglomeration']);
    expect(searchWords('ÉCOLE\u00a0NATIONALE')).toEqual(['ecole', 'nationale']);
    expect(searchWords('temoin 02')).toEqual(searchWords('TÉMOIN-02'));
  });

  it('spells out the French ligatures', () => {
    expect(searchWords('Cœur de Loire')).toEqual(['coeur', 'de', 'loire']);
    expect(searchWords('CŒUR')).toEqual(['coeur']);
    expect(searchWords('Lætitia')).toEqual(['laetitia']);
    expect(slugify('Cœur de Loire')).toBe('coeur-de-loire');
  });

  it('has no word for punctuation only', () => {
    expect(searchWords('')).toEqual([]);
    expect(searchWords(' % _ - ')).toEqual([]);
  });

  it('keeps header matching as it was for plain text', () => {
    expect(normalizeLabel('Code Critère')).toBe('code critere');
    expect(normalizeLabel('N° de l’audit')).toBe('n de l audit');
  });
});

describe('structureMatchQuery', () => {
  it('asks for every typed word as a word prefix, in the chosen columns', () => {
    expect(structureMatchQuery('Saint-Rivoz')).toBe('{code_words name_words place_words} : ("saint"* AND "rivoz"*)');
    expect(structureMatchQuery('temoin', 'code-or-name')).toBe('{code_words name_words} : ("temoin"*)');
  });

  it('never lets FTS syntax through', () => {
    expect(structureMatchQuery('" OR * NEAR(')).toBe('{code_words name_words place_words} : ("or"* AND "near"*)');
    expect(structureMatchQuery('%')).toBeNull();
  });
});

describe('matchesSearch', () => {
  it('matches each typed word as the start of a word, whatever the accents', () => {
    expect(matchesSearch('Auvergne-Rhône-Alpes', 'rhone')).toBe(true);
    expect(matchesSearch('Auvergne-Rhône-Alpes', 'alp auv')).toBe(true);
    expect(matchesSearch('Auvergne-Rhône-Alpes', 'hone')).toBe(false);
    expect(matchesSearch('TEL-02 — L’interlocuteur se présente', 'tel 02 presente')).toBe(true);
    expect(matchesSearch('Île-de-France', 'ile de')).toBe(true);
    expect(matchesSearch('Île-de-France', '')).toBe(true);
  });
});
