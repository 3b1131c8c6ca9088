/**
 * How the Explorer's grid shows each column of the registry (shared/explorer-columns.ts, which
 * fixes the columns, their order and their row field): header, width, formatting. Codes (category, channel, step, sector) are shown with their labels. Comments go
 * through the "mode client" rule (names, telephone numbers, e-mail addresses masked when it is on).
 */
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { CATEGORIES, CHANNELS, SECTORS, STEPS, labelOf } from '../../../../shared/domain.js';
import type { AuditRow, ObservationRow } from '../../../../shared/api-types.js';
import { AUDIT_COLUMNS, OBSERVATION_COLUMNS, type AuditColumnId, type ExplorerColumn, type ObservationColumnId } from '../../../../shared/explorer-columns.js';
import type { I18n } from '../../i18n/index.js';
import { useClientMode } from '../../state/client-mode.js';
import { commentForDisplay } from '../../state/client-mode-model.js';
import { routeHref } from '../../state/router.js';

function StructureLink(params: ICellRendererParams<AuditRow | ObservationRow>): React.JSX.Element | null {
  const row = params.data;
  if (!row) return null;
  return <a href={routeHref('structure', row.structureCode)} tabIndex={-1}>{row.structureName}</a>;
}

/** A comment cell, masked in client mode; its full text (masked too) as the tooltip. */
function CommentCell(params: ICellRendererParams<AuditRow | ObservationRow>): React.JSX.Element | null {
  const { clientMode } = useClientMode();
  const shown = commentForDisplay(params.data?.comment, clientMode);
  if (shown === null) return null;
  return <span title={shown}>{shown}</span>;
}

function ResultPill({ value, t }: { value: 0 | 1 | null | undefined; t: I18n['t'] }): React.JSX.Element | null {
  if (value === undefined) return null;
  if (value === 1) return <span className="cell-pill cell-ok">{t('explorer.result.compliant')}</span>;
  if (value === 0) return <span className="cell-pill cell-ko">{t('explorer.result.nonCompliant')}</span>;
  return <span className="cell-pill cell-na">{t('explorer.result.na')}</span>;
}

/** The registry gives the column's id and row field; the grid adds how it looks. */
function gridColumn<Row>(column: ExplorerColumn<Row>, look: ColDef<Row>): ColDef<Row> {
  // A top-level row property is a valid ag-grid field path; TypeScript cannot see it for a generic Row.
  return { colId: column.id, field: column.field as unknown as ColDef<Row>['field'], ...look };
}

/**
 * Where each row came from (file, sheet, row as the spreadsheet shows it, import date): hidden by
 * default, offered in the column chooser. A row imported before rows were kept shows an empty row.
 */
function provenanceColumns<Row extends AuditRow | ObservationRow>({ t, fmt }: I18n): Record<'sourceFile' | 'sourceSheet' | 'sourceRow' | 'importedAt', ColDef<Row>> {
  return {
    sourceFile: { headerName: t('explorer.col.sourceFile'), width: 200, hide: true, tooltipField: 'sourceFile' as ColDef<Row>['tooltipField'] },
    sourceSheet: { headerName: t('explorer.col.sourceSheet'), width: 130, hide: true },
    sourceRow: { headerName: t('explorer.col.sourceRow'), width: 120, hide: true, type: 'numericColumn', valueFormatter: (p) => (typeof p.value === 'number' ? String(p.value) : '') },
    importedAt: { headerName: t('explorer.col.importedAt'), width: 120, hide: true, valueFormatter: (p) => fmt.date(p.value as string | null) },
  };
}

export function auditColumns(i18n: I18n): ColDef<AuditRow>[] {
  const { t, fmt, lang } = i18n;
  const shown: Record<AuditColumnId, ColDef<AuditRow>> = {
    edition: { headerName: t('explorer.col.edition'), width: 96 },
    reference: { headerName: t('explorer.col.reference'), width: 150, cellClass: 'mono' },
    structureCode: { headerName: t('explorer.col.structureCode'), width: 130, cellClass: 'mono' },
    structureName: { headerName: t('explorer.col.structureName'), width: 230, cellRenderer: StructureLink, tooltipField: 'structureName' },
    category: { headerName: t('explorer.col.category'), width: 220, valueFormatter: (p) => labelOf(CATEGORIES, String(p.value ?? ''), lang) },
    departement: { headerName: t('explorer.col.departement'), width: 80 },
    region: { headerName: t('explorer.col.region'), width: 170, hide: true },
    sector: { headerName: t('explorer.col.sector'), width: 100, valueFormatter: (p) => labelOf(SECTORS, String(p.value ?? ''), lang) },
    channel: { headerName: t('explorer.col.channel'), width: 140, valueFormatter: (p) => labelOf(CHANNELS, String(p.value ?? ''), lang) },
    auditDate: { headerName: t('explorer.col.auditDate'), width: 112, valueFormatter: (p) => fmt.date(p.value as string | null) },
    auditTime: { headerName: t('explorer.col.auditTime'), width: 86, hide: true },
    scenario: { headerName: t('explorer.col.scenario'), width: 180, tooltipField: 'scenario' },
    auditor: { headerName: t('explorer.col.auditor'), width: 110, hide: true },
    observations: { headerName: t('explorer.col.observations'), width: 80, type: 'numericColumn', valueFormatter: (p) => fmt.integer(p.value as number) },
    compliant: { headerName: t('explorer.col.compliant'), width: 110, type: 'numericColumn', valueFormatter: (p) => fmt.integer(p.value as number) },
    nonCompliant: { headerName: t('explorer.col.nonCompliant'), width: 130, type: 'numericColumn', valueFormatter: (p) => fmt.integer(p.value as number) },
    notApplicable: { headerName: t('explorer.col.notApplicable'), width: 110, type: 'numericColumn', hide: true, valueFormatter: (p) => fmt.integer(p.value as number) },
    complianceRate: { headerName: t('explorer.col.complianceRate'), width: 150, type: 'numericColumn', valueFormatter: (p) => fmt.percent(p.value as number | null) },
    comment: { headerName: t('explorer.col.comment'), flex: 1, minWidth: 220, cellRenderer: CommentCell },
    ...provenanceColumns(i18n),
  };
  return AUDIT_COLUMNS.map((column) => gridColumn(column, shown[column.id]));
}

export function observationColumns(i18n: I18n): ColDef<ObservationRow>[] {
  const { t, fmt, lang } = i18n;
  const shown: Record<ObservationColumnId, ColDef<ObservationRow>> = {
    edition: { headerName: t('explorer.col.edition'), width: 96 },
    reference: { headerName: t('explorer.col.reference'), width: 150, cellClass: 'mono' },
    structureCode: { headerName: t('explorer.col.structureCode'), width: 130, cellClass: 'mono', hide: true },
    structureName: { headerName: t('explorer.col.structureName'), width: 210, cellRenderer: StructureLink, tooltipField: 'structureName' },
    category: { headerName: t('explorer.col.category'), width: 200, hide: true, valueFormatter: (p) => labelOf(CATEGORIES, String(p.value ?? ''), lang) },
    departement: { headerName: t('explorer.col.departement'), width: 80, hide: true },
    region: { headerName: t('explorer.col.region'), width: 170, hide: true },
    sector: { headerName: t('explorer.col.sector'), width: 100, hide: true, valueFormatter: (p) => labelOf(SECTORS, String(p.value ?? ''), lang) },
    channel: { headerName: t('explorer.col.channel'), width: 130, valueFormatter: (p) => labelOf(CHANNELS, String(p.value ?? ''), lang) },
    auditDate: { headerName: t('explorer.col.auditDate'), width: 112, valueFormatter: (p) => fmt.date(p.value as string | null) },
    itemCode: { headerName: t('explorer.col.itemCode'), width: 100, cellClass: 'mono' },
    itemLabel: { headerName: t('explorer.col.itemLabel'), width: 300, tooltipField: 'itemLabel' },
    step: { headerName: t('explorer.col.step'), width: 170, valueFormatter: (p) => labelOf(STEPS, String(p.value ?? ''), lang) },
    determinant: { headerName: t('explorer.col.determinant'), width: 190, tooltipField: 'determinantLabel' },
    compliant: {
      headerName: t('explorer.col.result'), width: 130,
      valueFormatter: (p) => (p.value === 1 ? t('explorer.result.compliant') : p.value === 0 ? t('explorer.result.nonCompliant') : p.data ? t('explorer.result.na') : ''),
      cellRenderer: (p: ICellRendererParams<ObservationRow>) => (p.data ? <ResultPill value={p.data.compliant} t={t} /> : null),
    },
    measure: { headerName: t('explorer.col.measure'), width: 100, type: 'numericColumn', valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : fmt.number(p.value as number, Number.isInteger(p.value) ? 0 : 1)) },
    raw: { headerName: t('explorer.col.raw'), width: 130 },
    comment: { headerName: t('explorer.col.comment'), flex: 1, minWidth: 220, cellRenderer: CommentCell },
    ...provenanceColumns(i18n),
  };
  return OBSERVATION_COLUMNS.map((column) => gridColumn(column, shown[column.id]));
}
