/**
 * The Explorer's columns, once: the grid (renderer/src/views/explorer/columns.tsx) shows them in
 * this order, the server sorts by them (main/explorer/filters.ts maps each id to its SQL) and the
 * xlsx export writes them (main/explorer/export-view.ts). A column added here is a type error in
 * each of those until it is placed there too.
 *
 * `id` is the grid's colId and what the sort model and the export's column list name; `field` is
 * the row property it shows. `header` is the export's column title (the grid's shorter headers are
 * in the interface dictionary, `explorer.col.*`); `exported: false` keeps a column out of the
 * workbook.
 */
import type { AuditRow, ObservationRow } from './api-types.js';

/** How the workbook formats a column (a subset of main/export/workbook-kit.ts `ColumnKind`). */
export type ExplorerCellKind = 'text' | 'wrap' | 'code' | 'int' | 'number' | 'percent';

export interface ExplorerColumn<Row, Id extends string = string> {
  id: Id;
  field: keyof Row & string;
  header: { fr: string; en: string };
  kind?: ExplorerCellKind;
  exported?: false;
}

function columns<Row>() {
  return <const Ids extends string>(list: ReadonlyArray<ExplorerColumn<Row, Ids>>): ReadonlyArray<ExplorerColumn<Row, Ids>> => list;
}

/** The audit a row belongs to: the first columns of both tables. */
const AUDIT_CONTEXT = [
  { id: 'edition', field: 'edition', header: { fr: 'Édition', en: 'Edition' }, kind: 'code' },
  { id: 'reference', field: 'reference', header: { fr: 'Réf. audit', en: 'Audit ref' }, kind: 'code' },
  { id: 'structureCode', field: 'structureCode', header: { fr: 'Code structure', en: 'Structure code' }, kind: 'code' },
  { id: 'structureName', field: 'structureName', header: { fr: 'Structure', en: 'Structure' } },
  { id: 'category', field: 'category', header: { fr: 'Catégorie', en: 'Category' }, kind: 'code' },
  { id: 'departement', field: 'departement', header: { fr: 'Département', en: 'Department' }, kind: 'code' },
  { id: 'region', field: 'region', header: { fr: 'Région', en: 'Region' } },
  { id: 'sector', field: 'sector', header: { fr: 'Secteur', en: 'Sector' }, kind: 'code' },
  { id: 'channel', field: 'channel', header: { fr: 'Canal', en: 'Channel' }, kind: 'code' },
  { id: 'auditDate', field: 'auditDate', header: { fr: 'Date audit', en: 'Audit date' }, kind: 'code' },
] as const satisfies ReadonlyArray<ExplorerColumn<Pick<AuditRow, keyof AuditRow & keyof ObservationRow>>>;

export const AUDIT_COLUMNS = columns<AuditRow>()([
  ...AUDIT_CONTEXT,
  { id: 'auditTime', field: 'auditTime', header: { fr: 'Heure', en: 'Time' }, kind: 'code', exported: false },
  { id: 'scenario', field: 'scenario', header: { fr: 'Scénario', en: 'Scenario' } },
  { id: 'auditor', field: 'auditor', header: { fr: 'Enquêteur', en: 'Auditor' }, kind: 'code' },
  { id: 'observations', field: 'observations', header: { fr: 'Observations', en: 'Observations' }, kind: 'int' },
  { id: 'compliant', field: 'compliant', header: { fr: 'Conformes', en: 'Compliant' }, kind: 'int' },
  { id: 'nonCompliant', field: 'nonCompliant', header: { fr: 'Non conformes', en: 'Non-compliant' }, kind: 'int' },
  { id: 'notApplicable', field: 'notApplicable', header: { fr: 'Sans objet', en: 'Not applicable' }, kind: 'int' },
  { id: 'complianceRate', field: 'complianceRate', header: { fr: 'Taux de conformité', en: 'Compliance rate' }, kind: 'percent' },
  { id: 'comment', field: 'comment', header: { fr: 'Commentaire', en: 'Comment' }, kind: 'wrap' },
  { id: 'sourceFile', field: 'sourceFile', header: { fr: 'Fichier source', en: 'Source file' } },
  { id: 'sourceSheet', field: 'sourceSheet', header: { fr: 'Feuille source', en: 'Source sheet' } },
  { id: 'sourceRow', field: 'sourceRow', header: { fr: 'Ligne source', en: 'Source row' }, kind: 'int' },
  { id: 'importedAt', field: 'importedAt', header: { fr: "Date d'import", en: 'Import date' }, kind: 'code' },
]);

export const OBSERVATION_COLUMNS = columns<ObservationRow>()([
  ...AUDIT_CONTEXT,
  { id: 'itemCode', field: 'itemCode', header: { fr: 'Code critère', en: 'Item code' }, kind: 'code' },
  { id: 'itemLabel', field: 'itemLabel', header: { fr: 'Libellé', en: 'Label' }, kind: 'wrap' },
  { id: 'step', field: 'step', header: { fr: 'Étape', en: 'Step' }, kind: 'code' },
  { id: 'determinant', field: 'determinantLabel', header: { fr: 'Déterminant', en: 'Determinant' } },
  { id: 'compliant', field: 'compliant', header: { fr: 'Conforme (1/0)', en: 'Compliant (1/0)' }, kind: 'int' },
  { id: 'measure', field: 'measure', header: { fr: 'Mesure', en: 'Measure' }, kind: 'number' },
  { id: 'raw', field: 'raw', header: { fr: 'Réponse', en: 'Answer' } },
  { id: 'comment', field: 'comment', header: { fr: 'Commentaire', en: 'Comment' }, kind: 'wrap' },
  { id: 'sourceFile', field: 'sourceFile', header: { fr: 'Fichier source', en: 'Source file' } },
  { id: 'sourceSheet', field: 'sourceSheet', header: { fr: 'Feuille source', en: 'Source sheet' } },
  { id: 'sourceRow', field: 'sourceRow', header: { fr: 'Ligne source', en: 'Source row' }, kind: 'int' },
  { id: 'importedAt', field: 'importedAt', header: { fr: "Date d'import", en: 'Import date' }, kind: 'code' },
]);

export type AuditColumnId = (typeof AUDIT_COLUMNS)[number]['id'];
export type ObservationColumnId = (typeof OBSERVATION_COLUMNS)[number]['id'];
