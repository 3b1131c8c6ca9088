/**
 * Export of the explorer's current view (filters + sort) to an .xlsx through the shared workbook
 * kit. Capped at EXPORT_ROW_LIMIT rows (the workbook says so when it is cut): a grid view of a
 * national edition belongs in the grid, a workbook of it must stay openable.
 */
import path from 'node:path';
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import type { ExplorerFilters, SortModelEntry } from '../../shared/api-types.js';
import { writeWorkbook, type ColumnKind, type ColumnSpec } from '../export/workbook-kit.js';
import { writeAtomically } from '../export/barometer-tables.js';
import { countAudits, selectAudits, withCounts } from './audits.js';
import { countObservations, selectObservations } from './observations.js';

export const EXPORT_ROW_LIMIT = 200_000;
const CHUNK = 5_000;

interface ColumnDef {
  id: string;
  fr: string;
  en: string;
  kind?: ColumnKind;
}

const AUDIT_COLUMNS: ColumnDef[] = [
  { id: 'edition', fr: 'Édition', en: 'Edition', kind: 'code' },
  { id: 'reference', fr: 'Réf. audit', en: 'Audit ref', kind: 'code' },
  { id: 'structureCode', fr: 'Code structure', en: 'Structure code', kind: 'code' },
  { id: 'structureName', fr: 'Structure', en: 'Structure' },
  { id: 'category', fr: 'Catégorie', en: 'Category', kind: 'code' },
  { id: 'departement', fr: 'Département', en: 'Department', kind: 'code' },
  { id: 'region', fr: 'Région', en: 'Region' },
  { id: 'sector', fr: 'Secteur', en: 'Sector', kind: 'code' },
  { id: 'channel', fr: 'Canal', en: 'Channel', kind: 'code' },
  { id: 'auditDate', fr: 'Date audit', en: 'Audit date', kind: 'code' },
  { id: 'scenario', fr: 'Scénario', en: 'Scenario' },
  { id: 'auditor', fr: 'Enquêteur', en: 'Auditor', kind: 'code' },
  { id: 'observations', fr: 'Observations', en: 'Observations', kind: 'int' },
  { id: 'compliant', fr: 'Conformes', en: 'Compliant', kind: 'int' },
  { id: 'nonCompliant', fr: 'Non conformes', en: 'Non-compliant', kind: 'int' },
  { id: 'notApplicable', fr: 'Sans objet', en: 'Not applicable', kind: 'int' },
  { id: 'complianceRate', fr: 'Taux de conformité', en: 'Compliance rate', kind: 'percent' },
  { id: 'comment', fr: 'Commentaire', en: 'Comment', kind: 'wrap' },
];

const OBSERVATION_COLUMNS: ColumnDef[] = [
  { id: 'edition', fr: 'Édition', en: 'Edition', kind: 'code' },
  { id: 'reference', fr: 'Réf. audit', en: 'Audit ref', kind: 'code' },
  { id: 'structureCode', fr: 'Code structure', en: 'Structure code', kind: 'code' },
  { id: 'structureName', fr: 'Structure', en: 'Structure' },
  { id: 'category', fr: 'Catégorie', en: 'Category', kind: 'code' },
  { id: 'departement', fr: 'Département', en: 'Department', kind: 'code' },
  { id: 'region', fr: 'Région', en: 'Region' },
  { id: 'sector', fr: 'Secteur', en: 'Sector', kind: 'code' },
  { id: 'channel', fr: 'Canal', en: 'Channel', kind: 'code' },
  { id: 'auditDate', fr: 'Date audit', en: 'Audit date', kind: 'code' },
  { id: 'itemCode', fr: 'Code critère', en: 'Item code', kind: 'code' },
  { id: 'itemLabel', fr: 'Libellé', en: 'Label', kind: 'wrap' },
  { id: 'step', fr: 'Étape', en: 'Step', kind: 'code' },
  { id: 'determinantLabel', fr: 'Déterminant', en: 'Determinant' },
  { id: 'compliant', fr: 'Conforme (1/0)', en: 'Compliant (1/0)', kind: 'int' },
  { id: 'measure', fr: 'Mesure', en: 'Measure', kind: 'number' },
  { id: 'raw', fr: 'Réponse', en: 'Answer' },
  { id: 'comment', fr: 'Commentaire', en: 'Comment', kind: 'wrap' },
];

export interface ExplorerExportInput {
  table: 'audits' | 'observations';
  filters?: ExplorerFilters;
  sortModel?: SortModelEntry[];
  /** Column ids to keep, in order (default: all). */
  columns?: string[];
  lang: Lang;
  folder: string;
}

export async function exportExplorerView(db: Db, input: ExplorerExportInput): Promise<string> {
  const filters = input.filters ?? {};
  const en = input.lang === 'en';
  const all = input.table === 'audits' ? AUDIT_COLUMNS : OBSERVATION_COLUMNS;
  const chosen = input.columns?.length ? input.columns.map((id) => all.find((c) => c.id === id)).filter((c): c is ColumnDef => c !== undefined) : all;
  const columns = chosen.length ? chosen : all;
  const total = input.table === 'audits' ? countAudits(db, filters) : countObservations(db, filters);
  const rows: unknown[][] = [];
  for (let offset = 0; offset < Math.min(total, EXPORT_ROW_LIMIT); offset += CHUNK) {
    const limit = Math.min(CHUNK, EXPORT_ROW_LIMIT - offset);
    const block: Array<Record<string, unknown>> = input.table === 'audits'
      ? withCounts(db, selectAudits(db, filters, input.sortModel, limit, offset)).map((r) => ({ ...r, complianceRate: r.complianceRate === null ? null : r.complianceRate / 100 }))
      : selectObservations(db, filters, input.sortModel, limit, offset, input.lang) as unknown as Array<Record<string, unknown>>;
    for (const row of block) rows.push(columns.map((c) => row[c.id] ?? null));
  }
  const filterText = Object.entries(filters).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k} = ${String(v)}`).join(' ; ');
  const title = input.table === 'audits' ? (en ? 'Audits' : 'Audits') : (en ? 'Observations' : 'Observations');
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const file = path.join(input.folder, `${en ? 'Explorer' : 'Explorateur'}-${input.table}-${stamp}.xlsx`);
  const notes = total > EXPORT_ROW_LIMIT
    ? [en ? `Export limited to the first ${EXPORT_ROW_LIMIT} of ${total} rows: narrow the filters.` : `Export limité aux ${EXPORT_ROW_LIMIT.toLocaleString('fr-FR')} premières lignes sur ${total.toLocaleString('fr-FR')} : affinez les filtres.`]
    : [];
  const spec = {
    title: `${title} — ${en ? 'explorer view' : 'vue de l’explorateur'}`,
    subject: en ? 'Barometer explorer export' : 'Export de l’explorateur du Baromètre',
    lang: input.lang,
    sheets: [{
      kind: 'table' as const,
      name: title,
      title: `${title} — ${en ? 'explorer view' : 'vue de l’explorateur'}`,
      subtitle: [filterText ? `${en ? 'Filters' : 'Filtres'} : ${filterText}` : (en ? 'No filter' : 'Aucun filtre')],
      columns: columns.map((c): ColumnSpec => ({ header: en ? c.en : c.fr, ...(c.kind ? { kind: c.kind } : {}) })),
      rows,
      notes,
      freezeColumns: 2,
      emptyMessage: en ? 'No row matches these filters.' : 'Aucune ligne ne correspond à ces filtres.',
    }],
  };
  const written = await writeAtomically(file, (temp) => writeWorkbook(temp, spec));
  return written.file;
}
