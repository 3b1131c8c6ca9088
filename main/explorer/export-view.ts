/**
 * Export of the explorer's current view (filters + sort) to an .xlsx through the shared workbook
 * kit. Capped at EXPORT_ROW_LIMIT rows (the workbook says so when it is cut): a grid view of a
 * national edition belongs in the grid, a workbook of it must stay openable.
 */
import path from 'node:path';
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import type { AuditRow, ExplorerFilters, ObservationRow, SortModelEntry } from '../../shared/api-types.js';
import { AUDIT_COLUMNS, OBSERVATION_COLUMNS, type ExplorerColumn } from '../../shared/explorer-columns.js';
import { writeWorkbook, type ColumnSpec } from '../export/workbook-kit.js';
import { writeAtomically } from '../export/write-atomically.js';
import { countAudits, selectAudits, withCounts } from './audits.js';
import { countObservations, selectObservations } from './observations.js';

export const EXPORT_ROW_LIMIT = 200_000;
const CHUNK = 5_000;

type ExportColumn = ExplorerColumn<AuditRow, string> | ExplorerColumn<ObservationRow, string>;

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
  const all: readonly ExportColumn[] = (input.table === 'audits' ? AUDIT_COLUMNS : OBSERVATION_COLUMNS).filter((c) => c.exported !== false);
  const chosen = input.columns?.length ? input.columns.map((id) => all.find((c) => c.id === id)).filter((c): c is ExportColumn => c !== undefined) : all;
  const columns = chosen.length ? chosen : all;
  const total = input.table === 'audits' ? countAudits(db, filters) : countObservations(db, filters);
  const rows: unknown[][] = [];
  for (let offset = 0; offset < Math.min(total, EXPORT_ROW_LIMIT); offset += CHUNK) {
    const limit = Math.min(CHUNK, EXPORT_ROW_LIMIT - offset);
    const block: Array<Record<string, unknown>> = input.table === 'audits'
      ? withCounts(db, selectAudits(db, filters, input.sortModel, limit, offset)).map((r) => ({ ...r, complianceRate: r.complianceRate === null ? null : r.complianceRate / 100 }))
      : selectObservations(db, filters, input.sortModel, limit, offset, input.lang) as unknown as Array<Record<string, unknown>>;
    for (const row of block) rows.push(columns.map((c) => row[c.field] ?? null));
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
      columns: columns.map((c): ColumnSpec => ({ header: c.header[input.lang], ...(c.kind ? { kind: c.kind } : {}) })),
      rows,
      notes,
      freezeColumns: 2,
      emptyMessage: en ? 'No row matches these filters.' : 'Aucune ligne ne correspond à ces filtres.',
    }],
  };
  const written = await writeAtomically(file, (temp) => writeWorkbook(temp, spec));
  return written.file;
}
