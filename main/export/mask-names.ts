/**
 * Masks personal names in free text (audit comments) before it goes into a deliverable: an
 * auditor writing "accueil par Mme Dupont, très aimable" must not hand a client the name of one of
 * its agents. Two patterns, chosen to over-mask rather than leak:
 * - a civility (M., Mme, Mlle, Monsieur, Madame, Mademoiselle, Dr, Docteur, Me, Maître, Mr) followed
 *   by a capitalised name, with initials, particles (de, du, d', le, la, van…), hyphens, apostrophes
 *   and accents: "M. Jean-Pierre Le Goff" → "M. ***";
 * - a common French first name followed by a capitalised surname: "Jean Dupont" → "***".
 * A civility followed by a lower-case word ("M. le maire", "Madame la directrice") is a function,
 * not a name, and is left as is.
 */

/** About 200 common French first names (INSEE birth registers, 1940–2010), capitalised. */
export const COMMON_FIRST_NAMES: readonly string[] = [
  // Women
  'Adèle', 'Agathe', 'Agnès', 'Alexandra', 'Alice', 'Aline', 'Amandine', 'Amélie', 'Anaïs', 'Andrée', 'Angélique', 'Anne', 'Annick', 'Annie',
  'Audrey', 'Aurélie', 'Béatrice', 'Bernadette', 'Brigitte', 'Camille', 'Carole', 'Caroline', 'Catherine', 'Cécile', 'Céline', 'Chantal',
  'Charlotte', 'Chloé', 'Christelle', 'Christiane', 'Christine', 'Claire', 'Clara', 'Claudine', 'Colette', 'Corinne', 'Danielle', 'Delphine',
  'Denise', 'Dominique', 'Élodie', 'Émilie', 'Emma', 'Estelle', 'Éva', 'Évelyne', 'Fabienne', 'Florence', 'Françoise', 'Geneviève', 'Ginette',
  'Hélène', 'Inès', 'Isabelle', 'Jacqueline', 'Jeanne', 'Jennifer', 'Jessica', 'Josiane', 'Julie', 'Juliette', 'Karine', 'Laetitia', 'Laura',
  'Laure', 'Laurence', 'Léa', 'Léna', 'Lucie', 'Madeleine', 'Manon', 'Marguerite', 'Marie', 'Marine', 'Marion', 'Martine', 'Mathilde',
  'Mélanie', 'Michèle', 'Monique', 'Muriel', 'Myriam', 'Nadine', 'Nathalie', 'Nicole', 'Noémie', 'Océane', 'Odette', 'Pascale', 'Patricia',
  'Paulette', 'Pauline', 'Renée', 'Sabrina', 'Sandrine', 'Sarah', 'Simone', 'Sophie', 'Stéphanie', 'Suzanne', 'Sylvie', 'Thérèse',
  'Valérie', 'Véronique', 'Virginie', 'Yvette', 'Yvonne', 'Zoé',
  // Men
  'Adrien', 'Alain', 'Alexandre', 'Alexis', 'André', 'Anthony', 'Antoine', 'Arnaud', 'Arthur', 'Baptiste', 'Benjamin', 'Benoît', 'Bernard',
  'Bruno', 'Cédric', 'Christian', 'Christophe', 'Claude', 'Clément', 'Cyril', 'Damien', 'Daniel', 'David', 'Denis', 'Didier', 'Dylan',
  'Éric', 'Emmanuel', 'Étienne', 'Fabien', 'Fabrice', 'Florian', 'Francis', 'François', 'Frédéric', 'Gabriel', 'Gaël', 'Georges', 'Gérard',
  'Gilbert', 'Gilles', 'Grégory', 'Guillaume', 'Guy', 'Henri', 'Hervé', 'Hugo', 'Jacques', 'Jean', 'Jérémy', 'Jérôme', 'Joël', 'Jonathan',
  'Jordan', 'Joseph', 'Julien', 'Kévin', 'Laurent', 'Léo', 'Loïc', 'Louis', 'Luc', 'Lucas', 'Marc', 'Marcel', 'Mathieu', 'Matthieu',
  'Maxime', 'Michel', 'Mickaël', 'Nathan', 'Nicolas', 'Noël', 'Olivier', 'Pascal', 'Patrice', 'Patrick', 'Paul', 'Philippe', 'Pierre',
  'Quentin', 'Raphaël', 'Raymond', 'Rémi', 'Renaud', 'René', 'Richard', 'Robert', 'Roger', 'Romain', 'Sébastien', 'Serge', 'Simon',
  'Stéphane', 'Sylvain', 'Théo', 'Thierry', 'Thomas', 'Tony', 'Valentin', 'Vincent', 'Xavier', 'Yannick', 'Yves',
];

const CIVILITY = String.raw`(?:Monsieur|Madame|Mademoiselle|MONSIEUR|MADAME|MADEMOISELLE|Docteur|Maître|Mme|MME|Mlle|MLLE|Mr|Dr|Me|M)\.?`;
/** A capitalised name part: "Dupont", "DUPONT", "Jean-Pierre", "O'Neil", "N'Diaye". */
const NAME_TOKEN = String.raw`(?:\p{Lu}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*)`;
const INITIAL = String.raw`(?:\p{Lu}\.)`;
const PARTICLE = String.raw`(?:de|du|des|le|la|les|van|von|der|den|di|da|del|della|dos|ben|el|al|mac|saint|sainte)`;
const NAME_PART = String.raw`(?:${INITIAL}|${NAME_TOKEN})`;
/** One to five name parts, each optionally preceded by a particle or an elided d'/l'. */
const NAME = String.raw`(?:(?:${PARTICLE}\s+|[dl]['’]\s?)?${NAME_PART})(?:[ \t]+(?:${PARTICLE}\s+|[dl]['’]\s?)?${NAME_PART}){0,4}`;

// The civility must stand alone (not "Mmes" or the end of "FM."), the name must start right after.
const CIVILITY_NAME = new RegExp(String.raw`(?<![\p{L}\p{N}])(${CIVILITY})(\s+)${NAME}(?![\p{L}\p{N}])`, 'gu');

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const FIRST = [...COMMON_FIRST_NAMES].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
const FIRST_UPPER = [...COMMON_FIRST_NAMES].map((n) => n.toUpperCase()).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
/** "Jean Dupont", "Marie-Claire Martin", "JEAN DUPONT", "Anne de La Tour". */
const FIRST_LAST = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${FIRST}|${FIRST_UPPER})(?:-(?:${FIRST}|${FIRST_UPPER}|\p{Lu}\p{Ll}+))?[ \t]+(?:(?:${PARTICLE})\s+|[dl]['’]\s?)?${NAME_TOKEN}(?:[ \t]+(?:(?:${PARTICLE})\s+)?${NAME_TOKEN}){0,2}(?![\p{L}\p{N}])`,
  'gu',
);

export const NAME_MASK = '***';

/** Text with personal names masked ("Mme Dupont" → "Mme ***", "Jean Dupont" → "***"). */
export function maskPersonalNames(text: string): string {
  if (text === '') return text;
  return text
    .replace(CIVILITY_NAME, (_match: string, civility: string, space: string) => `${civility}${space}${NAME_MASK}`)
    .replace(FIRST_LAST, NAME_MASK);
}

/** The same for a nullable value (comments are often empty). */
export function maskNullable(text: string | null | undefined, keepNames = false): string | null {
  if (text === null || text === undefined) return null;
  return keepNames ? text : maskPersonalNames(text);
}
