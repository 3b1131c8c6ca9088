/**
 * Domain constants of the barometer: categories, channels, steps, sectors and answer types, with
 * their French and English labels and the spellings the importer recognises. Pure: used by main (import, analytics, export) and by the renderer.
 */
import { normalizeLabel } from './text.js';

export type Lang = 'fr' | 'en';

export interface CodeLabel<C extends string = string> {
  readonly code: C;
  readonly fr: string;
  readonly en: string;
}

export const CHANNELS = [
  { code: 'telephone', fr: 'Téléphone', en: 'Telephone' },
  { code: 'email', fr: 'Courriel', en: 'Email' },
  { code: 'courrier', fr: 'Courrier', en: 'Mail' },
  { code: 'site-web', fr: 'Site internet', en: 'Website' },
  { code: 'reseaux-sociaux', fr: 'Réseaux sociaux', en: 'Social networks' },
  { code: 'visite', fr: 'Visite', en: 'Visit' },
] as const satisfies readonly CodeLabel[];
export type ChannelCode = (typeof CHANNELS)[number]['code'];

export const STEPS = [
  { code: 'acces', fr: 'Accès', en: 'Access' },
  { code: 'information', fr: 'Information / orientation', en: 'Information / orientation' },
  { code: 'traitement', fr: 'Traitement de la demande', en: 'Processing of the request' },
] as const satisfies readonly CodeLabel[];
export type StepCode = (typeof STEPS)[number]['code'];

export const SECTORS = [
  { code: 'public', fr: 'Public', en: 'Public' },
  { code: 'prive', fr: 'Privé', en: 'Private' },
] as const satisfies readonly CodeLabel[];
export type SectorCode = (typeof SECTORS)[number]['code'];

export interface CategoryDef extends CodeLabel {
  readonly sector: SectorCode;
  /** The private panel is a comparison group: it never has a winner. */
  readonly awardsWinner: boolean;
}

export const CATEGORIES = [
  { code: 'ville-plus-50k', fr: 'Villes de plus de 50 000 habitants', en: 'Cities over 50,000 inhabitants', sector: 'public', awardsWinner: true },
  { code: 'ville-20k-50k', fr: 'Villes de 20 000 à 50 000 habitants', en: 'Cities of 20,000 to 50,000 inhabitants', sector: 'public', awardsWinner: true },
  { code: 'ville-moins-20k', fr: 'Villes de moins de 20 000 habitants', en: 'Cities under 20,000 inhabitants', sector: 'public', awardsWinner: true },
  { code: 'intercommunalite', fr: 'Intercommunalités', en: 'Intermunicipalities', sector: 'public', awardsWinner: true },
  { code: 'departement', fr: 'Départements', en: 'Departments', sector: 'public', awardsWinner: true },
  { code: 'region', fr: 'Régions', en: 'Regions', sector: 'public', awardsWinner: true },
  { code: 'autre-public', fr: 'Autres structures publiques', en: 'Other public structures', sector: 'public', awardsWinner: true },
  { code: 'panel-prive', fr: 'Panel privé', en: 'Private panel', sector: 'prive', awardsWinner: false },
] as const satisfies readonly CategoryDef[];
export type CategoryCode = (typeof CATEGORIES)[number]['code'];

export const ANSWER_TYPES = [
  { code: 'oui-non', fr: 'Oui / non', en: 'Yes / no' },
  { code: 'seuil-max', fr: 'Mesure, conforme au plus au seuil', en: 'Measure, compliant at or below the threshold' },
  { code: 'seuil-min', fr: 'Mesure, conforme au moins au seuil', en: 'Measure, compliant at or above the threshold' },
] as const satisfies readonly CodeLabel[];
export type AnswerTypeCode = (typeof ANSWER_TYPES)[number]['code'];

/** Audits each structure receives in one edition (brochure: 13 mystery audits over 2 months). */
export const DEFAULT_EXPECTED_AUDITS = 13;

/** The levels a score is computed at, from the widest to the finest: every list of levels derives from this one. */
export const LEVELS = ['overall', 'step', 'channel', 'determinant', 'item'] as const;
export type Level = (typeof LEVELS)[number];
/** The levels above the item (score matrix, trends of a workbook, barometer tables). */
export const GROUP_LEVELS = LEVELS.filter((level): level is Exclude<Level, 'item'> => level !== 'item');

export function labelOf(list: readonly CodeLabel[], code: string, lang: Lang = 'fr'): string {
  const found = list.find((entry) => entry.code === code);
  return found ? found[lang] : code;
}

function synonymIndex<C extends string>(entries: ReadonlyArray<readonly [C, readonly string[]]>): Map<string, C> {
  const index = new Map<string, C>();
  for (const [code, spellings] of entries) {
    index.set(normalizeLabel(code), code);
    for (const spelling of spellings) index.set(normalizeLabel(spelling), code);
  }
  return index;
}

const CHANNEL_SPELLINGS = synonymIndex<ChannelCode>([
  ['telephone', ['Téléphone', 'Telephone', 'Phone', 'Tél', 'Tel', 'Appel téléphonique']],
  ['email', ['Courriel', 'E-mail', 'Email', 'Mail électronique', 'Courrier électronique', 'Mél', 'Mel']],
  ['courrier', ['Courrier', 'Mail', 'Letter', 'Courrier postal', 'Lettre', 'Postal mail']],
  ['site-web', ['Site internet', 'Site web', 'Website', 'Site', 'Internet', 'Web']],
  ['reseaux-sociaux', ['Réseaux sociaux', 'Social networks', 'Social media', 'Réseau social', 'RS']],
  ['visite', ['Visite', 'Accueil physique', 'Visit', 'Accueil', 'Sur place', 'On-site visit']],
]);

const STEP_SPELLINGS = synonymIndex<StepCode>([
  ['acces', ['Accès', 'Access', 'Accessibilité']],
  ['information', ['Information', 'Orientation', 'Information/Orientation', 'Information-orientation', 'Information / orientation', 'Information and orientation']],
  ['traitement', ['Traitement', 'Traitement de la demande', 'Processing', 'Processing of the request', 'Réponse']],
]);

const SECTOR_SPELLINGS = synonymIndex<SectorCode>([
  ['public', ['Public', 'Secteur public', 'Pub']],
  ['prive', ['Privé', 'Private', 'Secteur privé', 'Panel privé', 'Priv']],
]);

const ANSWER_TYPE_SPELLINGS = synonymIndex<AnswerTypeCode>([
  ['oui-non', ['oui-non', 'oui/non', 'oui non', 'yes-no', 'yes/no', 'booléen', 'boolean', 'binaire']],
  ['seuil-max', ['seuil-max', 'seuil max', 'max', 'maximum', 'threshold-max', 'délai', 'mesure max']],
  ['seuil-min', ['seuil-min', 'seuil min', 'min', 'minimum', 'threshold-min', 'mesure min']],
]);

const CATEGORY_SPELLINGS = synonymIndex<CategoryCode>([
  ['ville-plus-50k', ['Villes de plus de 50 000 habitants', 'Ville de plus de 50 000 habitants', 'Villes > 50 000', 'Ville > 50000', 'Villes +50k', 'Cities over 50,000 inhabitants', 'City over 50000', 'Cities with more than 50,000 inhabitants', 'Grandes villes']],
  ['ville-20k-50k', ['Villes de 20 000 à 50 000 habitants', 'Ville de 20 000 à 50 000 habitants', 'Villes 20 000 - 50 000', 'Villes entre 20 000 et 50 000 habitants', 'Cities of 20,000 to 50,000 inhabitants', 'Cities between 20,000 and 50,000 inhabitants', 'Villes moyennes']],
  ['ville-moins-20k', ['Villes de moins de 20 000 habitants', 'Ville de moins de 20 000 habitants', 'Villes < 20 000', 'Cities under 20,000 inhabitants', 'Cities with less than 20,000 inhabitants', 'Petites villes']],
  ['intercommunalite', ['Intercommunalités', 'Intercommunalité', 'EPCI', 'Intermunicipalities', 'Intermunicipality', 'Communauté de communes', "Communauté d'agglomération", 'Métropole']],
  ['departement', ['Départements', 'Département', 'Conseil départemental', 'Departments', 'Department']],
  ['region', ['Régions', 'Région', 'Conseil régional', 'Regions', 'Region']],
  ['autre-public', ['Autres structures publiques', 'Autre structure publique', 'Autres', 'Autre', 'Other public structures', 'Other public structure', 'Other']],
  ['panel-prive', ['Panel privé', 'Privé', 'Secteur privé', 'Private panel', 'Private', 'Panel prive entreprises']],
]);

function lookup<C extends string>(index: Map<string, C>, raw: string): C | null {
  return index.get(normalizeLabel(raw)) ?? null;
}

export const parseChannel = (raw: string): ChannelCode | null => lookup(CHANNEL_SPELLINGS, raw);
export const parseStep = (raw: string): StepCode | null => lookup(STEP_SPELLINGS, raw);
export const parseSector = (raw: string): SectorCode | null => lookup(SECTOR_SPELLINGS, raw);
export const parseAnswerType = (raw: string): AnswerTypeCode | null => lookup(ANSWER_TYPE_SPELLINGS, raw);
export const parseCategory = (raw: string): CategoryCode | null => lookup(CATEGORY_SPELLINGS, raw);

export function categoryDef(code: string): CategoryDef | undefined {
  return (CATEGORIES as readonly CategoryDef[]).find((c) => c.code === code);
}
