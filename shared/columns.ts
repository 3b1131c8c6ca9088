/**
 * The fields the importer knows and the column headers that name them (the names analysts' files
 * use for each field). Matching compares `normalizeLabel` forms, so case,
 * accents, punctuation and spacing never matter. Shared with the UI's mapping editor.
 */
import { normalizeLabel } from './text.js';

export const FIELDS = [
  'edition', 'structureCode', 'structureName', 'category', 'departement', 'region', 'population',
  'sector', 'auditRef', 'auditDate', 'auditTime', 'channel', 'scenario', 'auditor', 'itemCode', 'answer',
  'comment', 'itemLabel', 'step', 'determinant', 'answerType', 'threshold', 'weight', 'sourceLabel',
  'labelsHeld',
] as const;
export type Field = (typeof FIELDS)[number];

/** Header spellings per field, French then English. Order matters only for ambiguous names. */
export const FIELD_HEADERS: Readonly<Record<Field, readonly string[]>> = {
  edition: ['Édition', 'Année', 'Campagne', 'Edition', 'Year', 'Millésime'],
  structureCode: ['Code structure', 'Code', 'SIREN', 'Identifiant', 'Structure code', 'ID', 'Code de la structure', 'Identifiant structure', 'Structure ID'],
  structureName: ['Structure', 'Nom', 'Nom de la structure', 'Collectivité', 'Name', 'Structure name', 'Raison sociale'],
  category: ['Catégorie', 'Strate', 'Type de structure', 'Category', 'Type'],
  departement: ['Département', 'Dép.', 'Dép', 'Dept', 'Code département', 'Department'],
  region: ['Région', 'Region'],
  population: ['Population', "Nombre d'habitants", 'Habitants', 'Inhabitants'],
  sector: ['Secteur', 'Secteur (Public / Privé)', 'Sector', 'Sector (Public / Private)'],
  auditRef: ['Réf. audit', 'Réf audit', 'Référence audit', 'Référence de l’audit', "Référence de l'audit", 'N° audit', 'No audit', 'Numéro audit', 'Identifiant audit', 'Audit ref', 'Audit reference', 'Audit ID'],
  auditDate: ['Date audit', "Date de l'audit", 'Date de l’audit', 'Date', 'Audit date'],
  auditTime: ['Heure', 'Heure audit', "Heure de l'audit", 'Time', 'Audit time'],
  channel: ['Canal', 'Canal de contact', 'Channel'],
  scenario: ['Scénario', 'Motif de contact', 'Scenario'],
  auditor: ['Enquêteur', 'Auditeur', 'Code enquêteur', 'Auditor'],
  itemCode: ['Code critère', 'Critère', 'Code item', 'Item', 'Item code', 'Criterion', 'Code du critère'],
  answer: ['Réponse', 'Résultat', 'Valeur', 'Note', 'Answer', 'Result', 'Value'],
  comment: ['Commentaire', 'Verbatim', 'Observation', 'Comment', 'Commentaires'],
  itemLabel: ['Libellé', 'Intitulé', 'Libellé du critère', 'Label', 'Wording', 'Libellé FR'],
  step: ['Étape', 'Step', 'Stage'],
  determinant: ['Déterminant', 'Determinant', 'Driver'],
  answerType: ['Type de réponse', 'Answer type', 'Type réponse'],
  threshold: ['Seuil', 'Threshold'],
  weight: ['Pondération', 'Poids', 'Coefficient', 'Weight'],
  sourceLabel: ['Référentiel', 'Label', 'Referential', 'Source'],
  // Structures file: the labels a structure holds, several per cell (shared/source-labels.ts).
  labelsHeld: ['Labels détenus', 'Labels', 'Certifications', 'Labels held', 'Label détenu'],
};

/** Extra header spellings accepted for an item's English label. */
export const ITEM_LABEL_EN_HEADERS = ['Libellé EN', 'Label EN', 'English label', 'Libellé anglais'];

export type FileKind = 'referential' | 'structures' | 'results';
export type Layout = 'long' | 'wide' | 'table';

/**
 * `Label` names the item's label in a referential but the source label elsewhere, and `Note`
 * names the answer in long results but also a comment: resolution of such clashes is left to
 * the detector, which knows the file kind. This index maps each normalised header to the fields
 * it may name, most likely first.
 */
export function fieldsForHeader(header: string): Field[] {
  const key = normalizeLabel(header);
  if (!key) return [];
  return [...(fieldsByNormalizedHeader().get(key) ?? [])];
}

// Built once: normalising every known spelling for each cell scanned cost ~80 µs per cell, so a
// CSV line of a million fields took over a minute just to look for its header row.
let headerIndex: Map<string, readonly Field[]> | null = null;
function fieldsByNormalizedHeader(): Map<string, readonly Field[]> {
  if (headerIndex) return headerIndex;
  const index = new Map<string, Field[]>();
  for (const field of FIELDS) {
    for (const spelling of new Set(FIELD_HEADERS[field].map(normalizeLabel))) {
      const fields = index.get(spelling) ?? [];
      fields.push(field);
      index.set(spelling, fields);
    }
  }
  headerIndex = index;
  return index;
}

/** Fields each kind of file must have for the importer to accept it. */
export const REQUIRED_FIELDS: Readonly<Record<FileKind | 'results-long' | 'results-wide', readonly Field[]>> = {
  referential: ['itemCode', 'itemLabel', 'channel', 'step', 'determinant'],
  structures: ['structureCode', 'structureName', 'category'],
  results: ['structureCode', 'auditRef', 'channel'],
  'results-long': ['structureCode', 'auditRef', 'channel', 'itemCode', 'answer'],
  'results-wide': ['structureCode', 'auditRef', 'channel'],
};

/** A user-supplied mapping: column header (as written in the file) → field, or null to ignore. */
export interface ColumnMapping {
  kind?: FileKind;
  layout?: Layout;
  /** 1-based row of the header as the spreadsheet shows it. */
  headerRow?: number;
  sheet?: string;
  edition?: number;
  /** Header → field; `item:CODE` marks a wide-layout item column; null ignores the column. */
  columns?: Record<string, Field | `item:${string}` | null>;
}
