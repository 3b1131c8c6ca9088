import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIRST_NAMES } from '../../shared/first-names.js';
import { MASK_TOKENS, maskNullable, maskPersonalData } from '../../shared/personal-data.js';

// Comments as auditors write them, with the exact text a client must receive.
const MASKED: ReadonlyArray<readonly [string, string]> = [
  // The issue's own example, and first name + surname pairs of every origin.
  ['Échange avec Karim Benali, courtois et efficace.', 'Échange avec [nom], courtois et efficace.'],
  ['Reçu par Jean Dupont à 10 h.', 'Reçu par [nom] à 10 h.'],
  ['Marie-Claire Martin a rappelé', '[nom] a rappelé'],
  ['JEAN DUPONT', '[nom]'],
  ['Réponse de Julie Roux, très claire', 'Réponse de [nom], très claire'],
  ['Accueil par Mohamed Diallo puis par Fatima Zahra El Idrissi.', 'Accueil par [nom] puis par [nom].'],
  ['Aminata Traoré a transmis le dossier', '[nom] a transmis le dossier'],
  ['Vu avec Minh Nguyen au guichet 3', 'Vu avec [nom] au guichet 3'],
  ['Nguyen Van Minh (surname first) a répondu', '[nom] (surname first) a répondu'],
  ['Rappel de Hélène de La Tour le lendemain', 'Rappel de [nom] le lendemain'],
  ['Accueil Karim B. très bien', 'Accueil [nom] très bien'],
  ['Helene Lefebvre (sans accent) a répondu', '[nom] (sans accent) a répondu'],
  // "sur place" and "par mail" are phrases, not places.
  ["Visite sur place, puis sur place Karim Benali m'a reçu", "Visite sur place, puis sur place [nom] m'a reçu"],
  ['Relance par mail Julie Roux', 'Relance par mail [nom]'],
  // A civility and a name: the civility stays.
  ['Accueil par Mme Dupont, très aimable.', 'Accueil par Mme [nom], très aimable.'],
  ['M. Jean-Pierre Le Goff a répondu.', 'M. [nom] a répondu.'],
  ['Monsieur Martin était absent.', 'Monsieur [nom] était absent.'],
  ['Madame Lefèvre-Rémy au guichet', 'Madame [nom] au guichet'],
  ['Mlle Sophie Bernard-Dupuis.', 'Mlle [nom].'],
  ['Dr Alain Durand', 'Dr [nom]'],
  ["Me N'Diaye, avocat", 'Me [nom], avocat'],
  ['MME DUPONT', 'MME [nom]'],
  ['avec M. J. Dupont demain', 'avec M. [nom] demain'],
  ["Mme d'Estaing", 'Mme [nom]'],
  ['Mme Dupont du Service Urbanisme a rappelé', 'Mme [nom] du Service Urbanisme a rappelé'],
  ['Mme Dupont Mairie de M. Martin', 'Mme [nom] Mairie de M. [nom]'],
  ["Mme Laurent (état civil) a proposé de me rappeler.", 'Mme [nom] (état civil) a proposé de me rappeler.'],
  // A name after a word that designates the agent.
  ["l'agent Dupont a pris mes coordonnées", "l'agent [nom] a pris mes coordonnées"],
  ['signé : J. Martin', 'signé : [nom]'],
  ['Courrier signé par Jean-Marc Petit, chef de service', 'Courrier signé par [nom], chef de service'],
  ['Réponse signée par Sophie Moreau, chargée d’accueil.', 'Réponse signée par [nom], chargée d’accueil.'],
  ['La conseillère Bouchra a été patiente', 'La conseillère [nom] a été patiente'],
  ["L'agent d'accueil Lemaire m'a orienté", "L'agent d'accueil [nom] m'a orienté"],
  ['Interlocuteur : Kévin, service urbanisme', 'Interlocuteur : [nom], service urbanisme'],
  ['la standardiste Nathalie a transféré', 'la standardiste [nom] a transféré'],
  ["l'opératrice ROUSSEAU a décroché", "l'opératrice [nom] a décroché"],
  // Telephone numbers, French and international.
  ['Rappeler au 01 23 45 67 89 avant midi', 'Rappeler au [téléphone] avant midi'],
  ['Tél. 01.23.45.67.89', 'Tél. [téléphone]'],
  ['Ligne directe 0123456789.', 'Ligne directe [téléphone].'],
  ['Numéro donné : +33 1 23 45 67 89', 'Numéro donné : [téléphone]'],
  ['Standard : +33 (0)1 23 45 67 89', 'Standard : [téléphone]'],
  ['Numéro vert 0 800 123 456 indiqué', 'Numéro vert [téléphone] indiqué'],
  ['Portable 06-12-34-56-78', 'Portable [téléphone]'],
  ['Bureau de Londres +44 20 7946 0958', 'Bureau de Londres [téléphone]'],
  ['Hotline +1 (555) 123-4567', 'Hotline [téléphone]'],
  ['tel:+33612345678', 'tel:[téléphone]'],
  ['Appel depuis le 0033 1 23 45 67 89', 'Appel depuis le [téléphone]'],
  // E-mail addresses.
  ['Réponse de jean.dupont@mairie-lyon.fr en 2 h', 'Réponse de [courriel] en 2 h'],
  ['Écrire à accueil@ville.fr', 'Écrire à [courriel]'],
  ['Contact : k.benali (at) agglo.example.org', 'Contact : [courriel]'],
  // Everything together.
  [
    "Mme Dupont (01 23 45 67 89, m.dupont@cc-vallee.fr) puis l'agent Karim Benali.",
    "Mme [nom] ([téléphone], [courriel]) puis l'agent [nom].",
  ],
];

// Text that must reach the client exactly as written: functions, places, dates, times, amounts,
// durations, postal codes, references.
const UNCHANGED: readonly string[] = [
  'Mairie de Saint-Martin',
  'Rue Victor Hugo',
  'Place Jean Jaurès',
  'avenue Jean Moulin',
  'collège Jules Ferry',
  'Mairie de Pierre-Bénite',
  'Accueil du centre social Jean Jaurès fermé',
  "l'école élémentaire Jules Ferry n'est pas signalée",
  'Boulevard Jean Jaurès, 3e étage',
  'rue du Docteur Roux',
  'Saint Jean Pied de Port',
  'M. le maire était présent.',
  'Madame la Directrice a signé.',
  'Monsieur Le Maire a reçu la demande',
  'Signé : La Direction',
  'Mmes les agents',
  'France Services ouvert le samedi',
  'la conseillère France Services a répondu',
  "l'agent CAF a répondu",
  'Interlocutrice pressée, réponse incomplète.',
  'Agent très professionnel, explications claires.',
  'Audit du 12/03/2024 à 10:30, attente 2 min 35',
  'le 01.02.2024 10 h 30',
  'Montant 1 234,56 € remboursé',
  '75001 Paris, 2e arrondissement',
  'Réf. 2023-000123-05 ; SIRET 123 456 789 00012',
  'Score +12,5 points',
  'Réponse claire et complète.',
  '=HYPERLINK("x")',
  'RAS',
  '',
];

describe('maskPersonalData', () => {
  it('has at least 40 strings to mask and 20 to keep', () => {
    expect(MASKED.length).toBeGreaterThanOrEqual(40);
    expect(UNCHANGED.length).toBeGreaterThanOrEqual(20);
  });

  it.each(MASKED)('masks %j', (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it.each(UNCHANGED)('leaves %j as written', (input) => {
    expect(maskPersonalData(input)).toBe(input);
  });

  it('uses the three documented tokens', () => {
    expect(MASK_TOKENS).toEqual({ name: '[nom]', phone: '[téléphone]', email: '[courriel]' });
  });

  it('maskNullable keeps the text with keepNames, masks it otherwise; null stays null', () => {
    expect(maskNullable('Mme Dupont, 01 23 45 67 89', true)).toBe('Mme Dupont, 01 23 45 67 89');
    expect(maskNullable('Mme Dupont, 01 23 45 67 89')).toBe('Mme [nom], [téléphone]');
    expect(maskNullable(null)).toBeNull();
    expect(maskNullable(undefined)).toBeNull();
  });

  it('knows a few thousand distinct first names, of all origins', () => {
    expect(FIRST_NAMES.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(FIRST_NAMES).size).toBe(FIRST_NAMES.length);
    for (const name of ['Karim', 'Mohamed', 'Fatima', 'Aminata', 'Jean', 'Minh', 'João']) expect(FIRST_NAMES).toContain(name);
    // Surnames, particles and words that mostly name something else are left out.
    for (const word of ['Nguyen', 'Van', 'France', 'Paris']) expect(FIRST_NAMES).not.toContain(word);
  });
});

describe('maskPersonalData properties', () => {
  // Fragments of comments: names, numbers, addresses, places, and plain text around them.
  const fragment = fc.oneof(
    fc.constantFrom(
      'Karim Benali', 'Mme Dupont', 'M. le maire', "l'agent Martin", 'signé : J. Martin', 'Rue Victor Hugo', 'collège Jules Ferry',
      '01 23 45 67 89', '+44 20 7946 0958', '0 800 123 456', 'jean.dupont@mairie.fr', '12/03/2024', '10:30', '1 234,56 €', '75001',
      'Accueil', 'très', 'aimable', ',', '.', ' ', ' ', '(', ')', ':', '-', "'", 'de', 'La', 'Jean', 'Marie', 'Dupont', 'B.', '@', '+33', '0',
      MASK_TOKENS.name, MASK_TOKENS.phone, MASK_TOKENS.email,
    ),
    fc.string({ maxLength: 8 }),
    fc.stringMatching(/^[0-9 .+()-]{1,16}$/),
  );
  const comment = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(' '));

  it('is idempotent: masking masked text changes nothing', () => {
    fc.assert(fc.property(comment, (text) => {
      const once = maskPersonalData(text);
      expect(maskPersonalData(once)).toBe(once);
    }), { numRuns: 2000 });
  });

  it('is idempotent on arbitrary text too', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60, unit: 'grapheme' }), (text) => {
      const once = maskPersonalData(text);
      expect(maskPersonalData(once)).toBe(once);
    }), { numRuns: 2000 });
  });

  it('never touches (so never lengthens) text with nothing to mask', () => {
    // Lower-case prose, punctuation, short numbers, dates, times, amounts, places: nothing personal.
    const safe = fc.array(fc.oneof(
      fc.stringMatching(/^[a-zà-ÿ' ,.;:!?()-]{1,12}$/),
      fc.integer({ min: 0, max: 99_999 }).map(String),
      fc.constantFrom('12/03/2024', '10:30', '1 234,56 €', '2 min 35', 'Rue Victor Hugo', 'M. le maire', 'RAS', 'Accueil', 'Mairie de Saint-Martin'),
    ), { maxLength: 10 }).map((parts) => parts.join(' '));
    fc.assert(fc.property(safe, (text) => {
      const masked = maskPersonalData(text);
      expect(masked).toBe(text);
      expect(masked.length).toBeLessThanOrEqual(text.length);
    }), { numRuns: 2000 });
  });
});
