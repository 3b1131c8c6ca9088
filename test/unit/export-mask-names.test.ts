import { describe, expect, it } from 'vitest';
import { COMMON_FIRST_NAMES, maskNullable, maskPersonalNames } from '../../main/export/mask-names.js';

describe('maskPersonalNames', () => {
  it.each([
    ['Accueil par Mme Dupont, très aimable.', 'Accueil par Mme ***, très aimable.'],
    ['M. Jean-Pierre Le Goff a répondu.', 'M. *** a répondu.'],
    ['Monsieur Martin était absent.', 'Monsieur *** était absent.'],
    ['Madame Lefèvre-Rémy au guichet', 'Madame *** au guichet'],
    ['Mlle Sophie Bernard-Dupuis.', 'Mlle ***.'],
    ['Dr Alain Durand', 'Dr ***'],
    ["Me N'Diaye, avocat", 'Me ***, avocat'],
    ['MME DUPONT', 'MME ***'],
    ['avec M. J. Dupont demain', 'avec M. *** demain'],
    ["Mme d'Estaing", 'Mme ***'],
    ['Mme de La Fontaine', 'Mme ***'],
  ])('masks civility + name: %j', (input, expected) => {
    expect(maskPersonalNames(input)).toBe(expected);
  });

  it.each([
    ['Reçu par Jean Dupont à 10 h.', 'Reçu par *** à 10 h.'],
    ['Marie-Claire Martin a rappelé', '*** a rappelé'],
    ['JEAN DUPONT', '***'],
  ])('masks first name + surname: %j', (input, expected) => {
    expect(maskPersonalNames(input)).toBe(expected);
  });

  it.each([
    'M. le maire était présent.',
    'Madame la directrice a signé.',
    'France Services ouvert le samedi',
    'Réponse claire et complète.',
    'Mmes les agents',
    '=HYPERLINK("x")',
    '',
  ])('leaves functions and ordinary text alone: %j', (input) => {
    expect(maskPersonalNames(input)).toBe(input);
  });

  it('has about 200 distinct, capitalised first names', () => {
    expect(COMMON_FIRST_NAMES.length).toBeGreaterThanOrEqual(190);
    expect(new Set(COMMON_FIRST_NAMES).size).toBe(COMMON_FIRST_NAMES.length);
    for (const n of COMMON_FIRST_NAMES) expect(n[0]).toBe(n[0]?.toUpperCase());
  });

  it('keepNames leaves the text as it is; null stays null', () => {
    expect(maskNullable('Mme Dupont', true)).toBe('Mme Dupont');
    expect(maskNullable('Mme Dupont')).toBe('Mme ***');
    expect(maskNullable(null)).toBeNull();
  });
});
