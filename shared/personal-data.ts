/**
 * THE personal-data rule for free text (audit comments): what must not reach a client's deliverable,
 * nor an evidence panel in "mode client". One rule, used by the workbooks, the CLI and the renderer.
 *
 * Masked, in this order (each step leaves the tokens of the previous ones alone):
 * 1. e-mail addresses → "[courriel]";
 * 2. telephone numbers, French ("01 23 45 67 89", "01.23.45.67.89", "0123456789", "+33 (0)1 23 45 67 89",
 *    "0 800 123 456") and international ("+44 20 7946 0958", "+1 (555) 123-4567") → "[téléphone]";
 *    dates, times, amounts, durations, postal codes and audit references are not telephone numbers;
 * 3. a name after a civility ("Mme Dupont", "M. J.-P. Le Goff", "Dr Martin") → the civility is kept, the
 *    name masked: "Mme [nom]" (the civility says nothing about who it is, and keeps the sentence
 *    readable); a function after a civility ("M. le maire", "Madame la Directrice") stays;
 * 4. a name after a word that designates the agent ("l'agent Dupont", "signé : J. Martin", "la
 *    conseillère Sophie") → "l'agent [nom]";
 * 5. a first name of shared/first-names.ts followed by a capitalised word ("Karim Benali",
 *    "Jean-Pierre Le Goff", "Karim B.") → "[nom]", unless it names a place: after a street, place or
 *    institution word ("rue Victor Hugo", "collège Jules Ferry", "Mairie de …", "Saint Jean …").
 * The rule over-masks rather than leaks, and is idempotent: masking masked text changes nothing.
 *
 * Pure: no Node, no React, no main/; regular expressions are compiled once, at load.
 */
import { FIRST_NAMES } from './first-names.js';

export const MASK_TOKENS = { name: '[nom]', phone: '[téléphone]', email: '[courriel]' } as const;

/** Spaces that may sit inside a name or a number: ordinary, tab, no-break, narrow no-break. */
const SP = String.raw`[ \t\u00A0\u202F]`;
const SP_SPLIT = /([ \t\u00A0\u202F]+)/u;

/** Lower case, accents off: how words are looked up in the sets below. */
function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** "l'école" → "ecole", "d'Estaing" → "estaing": elision off, then folded. */
function bareWord(word: string): string {
  return fold(word).replace(/^(?:[ldjnmst]|qu|jusqu|lorsqu|puisqu)['’]/u, '');
}

function wordSet(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/u).filter(Boolean).map(fold));
}

const FIRST_NAME_SET: ReadonlySet<string> = new Set(FIRST_NAMES.map(fold));
/**
 * Vietnamese names are often written surname first ("Nguyen Van Minh", "Tran Thi Lan"): these
 * frequent surnames, followed by a capitalised word, are taken for a person too.
 */
const SURNAMES_WRITTEN_FIRST = wordSet('Nguyen Nguyễn Tran Trần Pham Phạm Huynh Huỳnh Hoang Hoàng Phan Truong Trương Dang Đặng Bui Bùi Ngo Ngô Duong Dương Trinh Trịnh Luong Lương Vuong');

/**
 * Street, place and institution words: a first name + surname after one of them is the name of a
 * place ("avenue Jean Moulin", "Place Jean Jaurès", "collège Jules Ferry"), not of a person.
 */
const PLACE_WORDS = wordSet(`
  rue ruelle avenue av av. bd bd. bld boulevard place pl pl. allee all quai impasse imp chemin ch square sq
  route rte voie passage parvis esplanade promenade rond-point giratoire carrefour pont port parc jardin
  jardins residence cite quartier lotissement hameau faubourg fg villa sentier sente rocade autoroute
  college lycee ecole groupe gymnase stade salle mediatheque bibliotheque ludotheque centre hopital clinique
  polyclinique ehpad creche halte-garderie piscine patinoire musee theatre cinema auditorium amphitheatre amphi
  espace maison foyer halle gare station metro tram tramway arret caserne institut universite faculte campus
  pavillon domaine chateau eglise chapelle cathedrale basilique cimetiere marche zac zone parking complexe
  pole plage lac ile
  saint sainte st ste st. ste.
`);
/** Lower-case words that may stand between a place word and the name: "école élémentaire Jules Ferry". */
const PLACE_LINK_WORDS = wordSet(`
  de du des la le les d l elementaire maternelle primaire scolaire social sociale culturel culturelle municipal
  municipale communal communale intercommunal intercommunale departemental departementale regional regionale
  hospitalier hospitaliere universitaire polyvalent polyvalente omnisports sportif sportive associatif associative
  commercial commerciale medical medicale medico-social public publique prive privee nautique aquatique
`);
/** "sur place Karim Benali", "en place": a phrase, not a place. */
const NOT_A_PLACE_BEFORE = wordSet('sur en');
/** Words that make a place only when "de"/"d'" follows: "Mairie de Pierre-Bénite", "ville de …". */
const PLACE_WORDS_BEFORE_DE = wordSet('mairie hotel ville commune communaute agglomeration metropole prefecture sous-prefecture');

/**
 * Capitalised words that are not a person's name when they follow a civility, an agent word or a
 * first name: functions, services, institutions, acronyms ("M. le Maire", "conseillère France
 * Services", "l'agent CAF", "signé : La Direction").
 */
const NOT_A_NAME = wordSet(`
  maire adjoint adjointe directeur directrice president presidente responsable chef cheffe secretaire prefet prefete
  depute deputee senateur senatrice conseiller conseillere agent agente elu elue delegue deleguee gerant gerante
  service services direction secretariat guichet standard accueil agence mairie travail emploi pole caf cpam ccas
  cias msa urssaf sncf ratp ants dgfip cnav carsat mdph crous ars sdis pmi etat prefecture ville commune
  departement region conseil municipal municipale national nationale public publique republique sociale social
  securite assurance maladie retraite famille familles allocations impots finances tresor police gendarmerie
  justice tribunal hopital chu centre maison office tourisme metropole agglomeration communaute syndicat point info
  internet web site messagerie courriel email mail telephone sms chat chatbot urbanisme civil population elections
  logement habitat solidarite jeunesse sports culture environnement voirie proprete dechets eau assainissement
  transports mobilite cabinet administration relation relations usagers usager citoyen citoyens clients client
  france poste cerfa ameli education banque caisse credit mutuelle tresorerie edf engie enedis grdf orange sfr free
`);

// ---------------------------------------------------------------------------------------------
// 1. E-mail addresses (also "prenom.nom (at) mairie.fr").

const EMAIL = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-][\p{L}\p{N}._%+'’\-]*(?:@|${SP}?[[(](?:at|AT|arobase)[\])]${SP}?)[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`,
  'gu',
);
const EMAIL_HINT = /@|[[(](?:at|AT|arobase)[\])]/u;

// ---------------------------------------------------------------------------------------------
// 2. Telephone numbers.

const PHONE_SEP = String.raw`[ .\-\u00A0\u202F]`;
/** 01 23 45 67 89, 01.23.45.67.89, 01-23-45-67-89, 0123456789: one separator throughout, so a date
 *  followed by a number ("01.02.2024 10 h") is not taken for one. */
const FR_NATIONAL = String.raw`0[1-9](?<frSep>${PHONE_SEP}?)\d{2}(?:\k<frSep>\d{2}){3}`;
/** Special-rate and toll-free numbers grouped 1-3-3-3: 0 800 123 456, 0 969 320 000. */
const FR_SPECIAL = String.raw`0(?<spSep>${PHONE_SEP})[1-9]\d{2}(?:\k<spSep>\d{3}){2}`;
/** After the country code, a group of digits needs a separator before it (or a closing bracket). */
const INTL_GROUP = String.raw`(?:${PHONE_SEP}{1,2}\d{1,5}|${PHONE_SEP}{0,2}\(\d{1,4}\)|(?<=\))\d{1,5})`;
/** +33 1 23 45 67 89, +33 (0)1 23 45 67 89, +44 20 7946 0958, +1 (555) 123-4567, 0044 20 7946 0958, +33123456789. */
const INTERNATIONAL = String.raw`(?:\+${PHONE_SEP}?\d{8,15}|(?:\+|00${PHONE_SEP}?)${PHONE_SEP}?[1-9]\d{0,2}${INTL_GROUP}{1,7})`;
// Not inside a word or a code ("2023-000123-05", "A0123456789"), nor after a decimal point; not
// followed by more digits, a decimal part, a date or a time.
const PHONE = new RegExp(
  String.raw`(?<![\p{L}\p{N}/_+\-]|\d[.,])(?:${INTERNATIONAL}|${FR_SPECIAL}|${FR_NATIONAL})(?![\p{L}\p{N}_])(?![.,/:\-]\d)`,
  'gu',
);

function maskPhone(match: string): string {
  if (match.startsWith('+') || match.startsWith('00')) {
    // An international number has 8 to 15 digits; "00…" also needs a separator to tell it from a code.
    const digits = match.replace(/\D/gu, '').length;
    if (digits < 8 || digits > 15) return match;
    if (match.startsWith('00') && /^\d+$/u.test(match)) return match;
  }
  return MASK_TOKENS.phone;
}

// ---------------------------------------------------------------------------------------------
// 3–5. Names.

const CIVILITY = String.raw`(?:Monsieur|Madame|Mademoiselle|MONSIEUR|MADAME|MADEMOISELLE|Docteur|DOCTEUR|Maître|MAÎTRE|Professeur|Mmes|Mme|MME|Mlle|MLLE|MM|Mr|MR|Dr|DR|Pr|Me|M)\.?`;
/** Civilities that also name streets ("rue du Docteur Roux"): checked against a place word before. */
const STREET_CIVILITY = /^(?:docteur|dr|professeur|pr|maitre|me)\.?$/u;
/** A capitalised name part: "Dupont", "DUPONT", "Jean-Pierre", "O'Neil", "N'Diaye". */
const NAME_TOKEN = String.raw`(?:\p{Lu}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*)`;
/** An initial: "J.", "J.-P.". */
const INITIAL = String.raw`(?:\p{Lu}\.(?:-\p{Lu}\.)?(?!\p{L}))`;
const PARTICLE = String.raw`(?:de|du|des|le|la|les|van|von|der|den|di|da|del|della|dos|ben|bin|el|al|ibn|mac|saint|sainte)`;
const NAME_PART = String.raw`(?:${INITIAL}|${NAME_TOKEN})`;
const NAME_LINK = String.raw`(?:${SP}+(?:${PARTICLE}${SP}+|[dl]['’]${SP}?)?)`;
/** One to five name parts, each after an optional particle or elided d'/l': "de La Tour", "J. Le Goff". */
const NAME = String.raw`(?:(?:${PARTICLE}${SP}+|[dl]['’]${SP}?)?${NAME_PART})(?:${NAME_LINK}${NAME_PART}){0,4}`;
/** The same without a leading particle (after an agent word, "de la Mairie" is not a name). */
const NAME_AFTER_WORD = String.raw`${NAME_PART}(?:${NAME_LINK}${NAME_PART}){0,4}`;

const CIVILITY_NAME = new RegExp(String.raw`(?<![\p{L}\p{N}])(${CIVILITY})(${SP}+)(${NAME})(?![\p{L}\p{N}])`, 'gu');

/** Words that designate the person the auditor dealt with. */
const AGENT_WORD = String.raw`(?:[Aa]gente?s?|AGENTE?S?|[Cc]onseill(?:er|ère)s?|CONSEILL(?:ER|ÈRE)S?|[Ss]ign(?:é|ée|és|ées)|SIGNÉE?|[Ii]nterlocut(?:eur|rice)s?|INTERLOCUT(?:EUR|RICE)S?|[Oo]pérat(?:eur|rice)s?|OPÉRAT(?:EUR|RICE)S?|[Ss]tandardistes?|STANDARDISTES?|[Hh]ôtesses?)`;
/** "l'agent d'accueil Dupont", "la conseillère de guichet Martin". */
const AGENT_QUALIFIER = String.raw`(?:${SP}+(?:d['’](?:accueil|état${SP}civil)|de${SP}+(?:guichet|permanence|l['’]accueil)|municipale?|administrati(?:f|ve)|téléphonique))?`;
/** "agent Dupont", "signé : J. Martin", "signé par Jean Martin", "conseillère, Karima". */
const AGENT_SEP = String.raw`(?:${SP}*[:,–—\-]${SP}*|${SP}+par${SP}+|${SP}+)`;
const AGENT_NAME = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(${AGENT_WORD}${AGENT_QUALIFIER}${AGENT_SEP})(?!${CIVILITY}${SP})(${NAME_AFTER_WORD})(?![\p{L}\p{N}])`,
  'gu',
);

/** Runs of two or more capitalised words (particles allowed inside): where first name + surname hide. */
const CAPITALISED_RUN = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’\-])${NAME_PART}(?:${SP}+(?:${PARTICLE}${SP}+|[dl]['’])?${NAME_PART})+`,
  'gu',
);
const IS_PARTICLE = new RegExp(String.raw`^${PARTICLE}$`, 'u');
const IS_INITIAL = new RegExp(String.raw`^${INITIAL}$`, 'u');
const IS_CAPITALISED = /^\p{Lu}/u;
const IS_LOWER_CASE = /^\p{Ll}/u;
/** A word that closes a clause: the words before it say nothing about the name after it. */
const ENDS_CLAUSE = /[,;:!?()[\]{}"«»“”…]$|[^.]\.$/u;
const ELIDED = /^[dl]['’](.+)$/u;
const IS_ARTICLE = /^(?:le|la|les|du|de|des|l['’]|d['’])$/iu;

/**
 * Splits a matched name at the first word that is not a name ("Dupont du Service Urbanisme" →
 * "Dupont" + " du Service Urbanisme"); the kept part is empty when the first word already is one.
 */
function splitAtNotAName(name: string): { name: string; rest: string } {
  const pieces = name.split(SP_SPLIT);
  let end = -1; // index of the last name word kept
  for (let i = 0; i < pieces.length; i += 2) {
    const word = pieces[i] ?? '';
    if (IS_PARTICLE.test(word)) continue;
    if (NOT_A_NAME.has(bareWord(word))) {
      // "Monsieur Le Maire", "signé : La Direction": the article belongs to the function.
      while (end >= 0 && IS_ARTICLE.test(pieces[end] ?? '')) end -= 2;
      break;
    }
    end = i;
  }
  if (end < 0) return { name: '', rest: name };
  return { name: pieces.slice(0, end + 1).join(''), rest: pieces.slice(end + 1).join('') };
}

/**
 * True when the words right before `offset` make what follows a place: a place word ("rue",
 * "l'école", "av."), possibly followed by up to three connectors or place adjectives ("école
 * élémentaire", "centre social", "rue du"), or "mairie de", "hôtel de"; not "sur place".
 */
function followsPlaceWord(text: string, offset: number): boolean {
  const before = text.slice(Math.max(0, offset - 80), offset);
  if (!/[ \t\u00A0\u202F]$/u.test(before)) return false;
  const words = before.trimEnd().split(/[ \t\u00A0\u202F]+/u);
  let sawDe = false;
  for (let i = words.length - 1, gap = 0; i >= 0 && gap <= 3; i -= 1, gap += 1) {
    const raw = words[i] ?? '';
    if (raw === '') return false;
    const word = bareWord(raw);
    if (PLACE_WORDS.has(fold(raw)) || (!ENDS_CLAUSE.test(raw) && PLACE_WORDS.has(word))) {
      return !NOT_A_PLACE_BEFORE.has(fold(words[i - 1] ?? ''));
    }
    if (ENDS_CLAUSE.test(raw)) return false;
    if (PLACE_WORDS_BEFORE_DE.has(word)) return sawDe;
    // Only connectors and the adjectives of place names may stand in between.
    if (!IS_LOWER_CASE.test(raw) || !PLACE_LINK_WORDS.has(word)) return false;
    if (word === 'de' || word === 'du' || word === 'des' || /^d['’]$/u.test(raw)) sawDe = true;
  }
  return false;
}

/** A word that starts a person's name: a known first name, or a surname written first. */
function startsPersonName(word: string): boolean {
  if (!IS_CAPITALISED.test(word) || IS_INITIAL.test(word)) return false;
  // "Jean-Pierre", "Marie-Claire", "Abd-El-Kader": the first part decides.
  const first = fold(word.split('-')[0] ?? '');
  return FIRST_NAME_SET.has(first) || SURNAMES_WRITTEN_FIRST.has(first);
}

function isSurnameWord(word: string): boolean {
  const bare = ELIDED.exec(word)?.[1] ?? word;
  if (IS_INITIAL.test(bare)) return true;
  if (!IS_CAPITALISED.test(bare)) return false;
  const key = fold(bare);
  return !NOT_A_NAME.has(key) && !PLACE_WORDS.has(key);
}

function isPlaceWordInRun(pieces: readonly string[], i: number): boolean {
  const word = pieces[i] ?? '';
  const key = bareWord(word);
  if (PLACE_WORDS.has(key) || PLACE_WORDS.has(fold(word))) return true;
  return PLACE_WORDS_BEFORE_DE.has(key) && /^(?:de|du|des)$/u.test(pieces[i + 2] ?? '');
}

/**
 * Within one run of capitalised words, masks each first name + surname ("Accueil Karim Benali" →
 * "Accueil [nom]"), and stops at a place word ("Rue Victor Hugo", "Mairie de Pierre-Bénite").
 */
function maskRun(run: string, offset: number, text: string): string {
  if (followsPlaceWord(text, offset)) return run;
  const pieces = run.split(SP_SPLIT); // word, space, word, space, …
  const out: string[] = [];
  let i = 0;
  while (i < pieces.length) {
    if (isPlaceWordInRun(pieces, i)) {
      out.push(...pieces.slice(i)); // the rest of the run is the place's name
      break;
    }
    const word = pieces[i] ?? '';
    if (startsPersonName(word)) {
      // The surname: up to three capitalised words next, particles allowed in between.
      let end = i;
      let words = 0;
      for (let j = i + 2; j < pieces.length && words < 3; j += 2) {
        const next = pieces[j] ?? '';
        if (IS_PARTICLE.test(next)) continue;
        if (!isSurnameWord(next)) break;
        end = j;
        words += 1;
      }
      if (end > i) {
        out.push(MASK_TOKENS.name, pieces[end + 1] ?? '');
        i = end + 2;
        continue;
      }
    }
    out.push(word, pieces[i + 1] ?? '');
    i += 2;
  }
  return out.join('');
}

/** Steps 3–5 on text whose e-mail addresses and telephone numbers are already masked. */
function maskNames(text: string): string {
  // A match stops where its name stops; what follows it ("… du Service Urbanisme") is scanned again.
  let out = text.replace(AGENT_NAME, (match: string, lead: string, name: string) => {
    const split = splitAtNotAName(name);
    return split.name === '' ? match : `${lead}${MASK_TOKENS.name}${maskNames(split.rest)}`;
  });
  out = out.replace(CIVILITY_NAME, (match: string, civility: string, space: string, name: string, offset: number, whole: string) => {
    const split = splitAtNotAName(name);
    if (split.name === '') return match;
    if (STREET_CIVILITY.test(fold(civility)) && followsPlaceWord(whole, offset)) return match;
    return `${civility}${space}${MASK_TOKENS.name}${maskNames(split.rest)}`;
  });
  return out.replace(CAPITALISED_RUN, (run: string, offset: number, whole: string) => maskRun(run, offset, whole));
}

/** Text with personal data masked: names → "[nom]", telephone numbers → "[téléphone]", e-mail addresses → "[courriel]". */
export function maskPersonalData(text: string): string {
  if (text === '') return text;
  let out = text;
  if (EMAIL_HINT.test(out)) out = out.replace(EMAIL, MASK_TOKENS.email);
  if (/\d/u.test(out)) out = out.replace(PHONE, maskPhone);
  return maskNames(out);
}

/**
 * The same for a nullable value (comments are often empty); `keepNames` leaves the text as written
 * (internal use only: the deliverable then says so).
 */
export function maskNullable(text: string | null | undefined, keepNames = false): string | null {
  if (text === null || text === undefined) return null;
  return keepNames ? text : maskPersonalData(text);
}
