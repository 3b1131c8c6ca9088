/**
 * Column definitions of the Explorer's two tables. `colId` is the row field, which the server's
 * sort accepts; codes (category, channel, step, sector) are shown with their labels. Comments go
 * through the "mode client" rule (names, telephone numbers, e-mail addresses masked when it is on).
 */
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { CATEGORIES, CHANNELS, SECTORS, STEPS, labelOf } from '../../../../shared/domain.js';
import type { AuditRow, ObservationRow } from '../../../../shared/api-types.js';
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

export function auditColumns({ t, fmt, lang }: I18n): ColDef<AuditRow>[] {
  return [
    { colId: 'edition', field: 'edition', headerName: t('explorer.col.edition'), width: 96 },
    { colId: 'reference', field: 'reference', headerName: t('explorer.col.reference'), width: 150, cellClass: 'mono' },
    { colId: 'structureCode', field: 'structureCode', headerName: t('explorer.col.structureCode'), width: 130, cellClass: 'mono' },
    { colId: 'structureName', field: 'structureName', headerName: t('explorer.col.structureName'), width: 230, cellRenderer: StructureLink, tooltipField: 'structureName' },
    { colId: 'category', field: 'category', headerName: t('explorer.col.category'), width: 220, valueFormatter: (p) => labelOf(CATEGORIES, String(p.value ?? ''), lang) },
    { colId: 'departement', field: 'departement', headerName: t('explorer.col.departement'), width: 80 },
    { colId: 'region', field: 'region', headerName: t('explorer.col.region'), width: 170, hide: true },
    { colId: 'sector', field: 'sector', headerName: t('explorer.col.sector'), width: 100, valueFormatter: (p) => labelOf(SECTORS, String(p.value ?? ''), lang) },
    { colId: 'channel', field: 'channel', headerName: t('explorer.col.channel'), width: 140, valueFormatter: (p) => labelOf(CHANNELS, String(p.value ?? ''), lang) },
    { colId: 'auditDate', field: 'auditDate', headerName: t('explorer.col.auditDate'), width: 112, valueFormatter: (p) => fmt.date(p.value as string | null) },
    { colId: 'auditTime', field: 'auditTime', headerName: t('explorer.col.auditTime'), width: 86, hide: true },
    { colId: 'scenario', field: 'scenario', headerName: t('explorer.col.scenario'), width: 180, tooltipField: 'scenario' },
    { colId: 'auditor', field: 'auditor', headerName: t('explorer.col.auditor'), width: 110, hide: true },
    { colId: 'observations', field: 'observations', headerName: t('explorer.col.observations'), width: 80, type: 'numericColumn', valueFormatter: (p) => fmt.integer(p.value as number) },
    { colId: 'compliant', field: 'compliant', headerName: t('explorer.col.compliant'), width: 110, type: 'numericColumn', valueFormatter: (p) => fmt.integer(p.value as number) },
    { colId: 'nonCompliant', field: 'nonCompliant', headerName: t('explorer.col.nonCompliant'), width: 130, type: 'numericColumn', valueFormatter: (p) => fmt.integer(p.value as number) },
    { colId: 'notApplicable', field: 'notApplicable', headerName: t('explorer.col.notApplicable'), width: 110, type: 'numericColumn', hide: true, valueFormatter: (p) => fmt.integer(p.value as number) },
    { colId: 'complianceRate', field: 'complianceRate', headerName: t('explorer.col.complianceRate'), width: 150, type: 'numericColumn', valueFormatter: (p) => fmt.percent(p.value as number | null) },
    { colId: 'comment', field: 'comment', headerName: t('explorer.col.comment'), flex: 1, minWidth: 220, cellRenderer: CommentCell },
  ];
}

export function observationColumns(i18n: I18n): ColDef<ObservationRow>[] {
  const { t, fmt, lang } = i18n;
  return [
    { colId: 'edition', field: 'edition', headerName: t('explorer.col.edition'), width: 96 },
    { colId: 'reference', field: 'reference', headerName: t('explorer.col.reference'), width: 150, cellClass: 'mono' },
    { colId: 'structureCode', field: 'structureCode', headerName: t('explorer.col.structureCode'), width: 130, cellClass: 'mono', hide: true },
    { colId: 'structureName', field: 'structureName', headerName: t('explorer.col.structureName'), width: 210, cellRenderer: StructureLink, tooltipField: 'structureName' },
    { colId: 'category', field: 'category', headerName: t('explorer.col.category'), width: 200, hide: true, valueFormatter: (p) => labelOf(CATEGORIES, String(p.value ?? ''), lang) },
    { colId: 'departement', field: 'departement', headerName: t('explorer.col.departement'), width: 80, hide: true },
    { colId: 'region', field: 'region', headerName: t('explorer.col.region'), width: 170, hide: true },
    { colId: 'sector', field: 'sector', headerName: t('explorer.col.sector'), width: 100, hide: true, valueFormatter: (p) => labelOf(SECTORS, String(p.value ?? ''), lang) },
    { colId: 'channel', field: 'channel', headerName: t('explorer.col.channel'), width: 130, valueFormatter: (p) => labelOf(CHANNELS, String(p.value ?? ''), lang) },
    { colId: 'auditDate', field: 'auditDate', headerName: t('explorer.col.auditDate'), width: 112, valueFormatter: (p) => fmt.date(p.value as string | null) },
    { colId: 'itemCode', field: 'itemCode', headerName: t('explorer.col.itemCode'), width: 100, cellClass: 'mono' },
    { colId: 'itemLabel', field: 'itemLabel', headerName: t('explorer.col.itemLabel'), width: 300, tooltipField: 'itemLabel' },
    { colId: 'step', field: 'step', headerName: t('explorer.col.step'), width: 170, valueFormatter: (p) => labelOf(STEPS, String(p.value ?? ''), lang) },
    { colId: 'determinant', field: 'determinantLabel', headerName: t('explorer.col.determinant'), width: 190, tooltipField: 'determinantLabel' },
    {
      colId: 'compliant', field: 'compliant', headerName: t('explorer.col.result'), width: 130,
      valueFormatter: (p) => (p.value === 1 ? t('explorer.result.compliant') : p.value === 0 ? t('explorer.result.nonCompliant') : p.data ? t('explorer.result.na') : ''),
      cellRenderer: (p: ICellRendererParams<ObservationRow>) => (p.data ? <ResultPill value={p.data.compliant} t={t} /> : null),
    },
    { colId: 'measure', field: 'measure', headerName: t('explorer.col.measure'), width: 100, type: 'numericColumn', valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : fmt.number(p.value as number, Number.isInteger(p.value) ? 0 : 1)) },
    { colId: 'raw', field: 'raw', headerName: t('explorer.col.raw'), width: 130 },
    { colId: 'comment', field: 'comment', headerName: t('explorer.col.comment'), flex: 1, minWidth: 220, cellRenderer: CommentCell },
  ];
}
