/**
 * Turns the explorer's filters and ag-grid's sort model into SQL fragments with bound parameters.
 * Column names come only from the whitelists below (never from the request); values are always
 * parameters. Aliases: `a` audit, `s` structure, `o` observation.
 */
import type { Db } from '../db/connection.js';
import type { ExplorerFilters, SortModelEntry } from '../../shared/api-types.js';
import type { AuditColumnId, ObservationColumnId } from '../../shared/explorer-columns.js';

export type SqlParam = string | number;

export interface SqlFragment {
  sql: string;
  params: SqlParam[];
}

/**
 * Sort expression of each Explorer column (shared/explorer-columns.ts): colId → SQL, `null` when
 * the server cannot sort by it (counts and labels are computed after paging).
 */
const AUDIT_SORT_SQL: Readonly<Record<AuditColumnId, string | null>> = {
  edition: 'a.edition',
  reference: 'a.reference',
  structureCode: 'a.structure_code',
  structureName: 's.name',
  category: 's.category',
  departement: 's.departement',
  region: 's.region',
  sector: 's.sector',
  channel: 'a.channel',
  auditDate: 'a.audit_date',
  auditTime: 'a.audit_time',
  scenario: 'a.scenario',
  auditor: 'a.auditor',
  observations: null,
  compliant: null,
  nonCompliant: null,
  notApplicable: null,
  complianceRate: null,
  comment: null,
  // Provenance columns are read after paging (import and source tables), not sorted on.
  sourceFile: null,
  sourceSheet: null,
  sourceRow: null,
  importedAt: null,
};

const OBSERVATION_SORT_SQL: Readonly<Record<ObservationColumnId, string | null>> = {
  edition: 'a.edition',
  reference: 'a.reference',
  structureCode: 'a.structure_code',
  structureName: 's.name',
  category: 's.category',
  departement: 's.departement',
  region: 's.region',
  sector: 's.sector',
  channel: 'a.channel',
  auditDate: 'a.audit_date',
  itemCode: 'o.item_code',
  itemLabel: null,
  step: null,
  determinant: null,
  compliant: 'o.compliant',
  measure: 'o.measure',
  raw: 'o.raw',
  comment: null,
  sourceFile: null,
  sourceSheet: null,
  sourceRow: null,
  importedAt: null,
};

function sortable(sql: Readonly<Record<string, string | null>>): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(sql).filter((entry): entry is [string, string] => entry[1] !== null));
}

/** Sortable columns of the audits grid: colId → SQL expression (`id` is the row's key, not a column). */
export const AUDIT_SORT_COLUMNS: Readonly<Record<string, string>> = { id: 'a.id', ...sortable(AUDIT_SORT_SQL) };

/** Sortable columns of the observations grid. */
export const OBSERVATION_SORT_COLUMNS: Readonly<Record<string, string>> = { auditId: 'o.audit_id', ...sortable(OBSERVATION_SORT_SQL) };

/** ORDER BY from the sort model: unknown colIds are ignored; a unique key always ends it so pages never overlap. */
export function orderBy(sortModel: readonly SortModelEntry[] | undefined, columns: Readonly<Record<string, string>>, uniqueKey: readonly string[]): string {
  const terms: string[] = [];
  for (const entry of sortModel ?? []) {
    const expr = Object.prototype.hasOwnProperty.call(columns, entry.colId) ? columns[entry.colId] : undefined;
    if (!expr || terms.some((t) => t.startsWith(`${expr} `))) continue;
    // NULLs last whatever the direction: empty cells at the bottom is what an analyst expects.
    terms.push(`${expr} ${entry.sort === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`);
  }
  for (const key of uniqueKey) if (!terms.some((t) => t.startsWith(`${key} `))) terms.push(`${key} ASC`);
  return terms.join(', ');
}

/** True when the sort model needs columns of table `s` (structure). */
export function sortNeedsStructure(sortModel: readonly SortModelEntry[] | undefined, columns: Readonly<Record<string, string>>): boolean {
  return (sortModel ?? []).some((e) => columns[e.colId]?.startsWith('s.') ?? false);
}

export function sortNeedsAudit(sortModel: readonly SortModelEntry[] | undefined, columns: Readonly<Record<string, string>>): boolean {
  return (sortModel ?? []).some((e) => {
    const expr = columns[e.colId];
    return expr !== undefined && !expr.startsWith('o.');
  });
}

/** `%text%` for LIKE with `\` as escape character. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Conditions on audit `a` and structure `s` (the audit-level filters). */
export function auditConditions(filters: ExplorerFilters): { conditions: string[]; params: SqlParam[]; needsStructure: boolean } {
  const conditions: string[] = [];
  const params: SqlParam[] = [];
  let needsStructure = false;
  const add = (sql: string, value: SqlParam, structure = false): void => {
    conditions.push(sql);
    params.push(value);
    if (structure) needsStructure = true;
  };
  if (filters.edition !== undefined) add('a.edition = ?', filters.edition);
  if (filters.channel) add('a.channel = ?', filters.channel);
  if (filters.structure) add('a.structure_code = ?', filters.structure);
  if (filters.category) add('s.category = ?', filters.category, true);
  if (filters.departement) add('s.departement = ?', filters.departement, true);
  if (filters.region) add('s.region = ?', filters.region, true);
  if (filters.sector) add('s.sector = ?', filters.sector, true);
  return { conditions, params, needsStructure };
}

/**
 * Item codes matching the step / determinant / item filters, from the referential in force (for
 * the filtered edition, else any edition: an item code that changed step between referential
 * versions then matches under both). `null` when no item filter is set.
 */
export function matchingItemCodes(db: Db, filters: ExplorerFilters): string[] | null {
  if (!filters.step && !filters.determinant && !filters.item) return null;
  const conditions: string[] = [];
  const params: SqlParam[] = [];
  if (filters.edition !== undefined) { conditions.push('edition = ?'); params.push(filters.edition); }
  if (filters.step) { conditions.push('step = ?'); params.push(filters.step); }
  if (filters.determinant) { conditions.push('determinant = ?'); params.push(filters.determinant); }
  if (filters.item) { conditions.push('code = ?'); params.push(filters.item); }
  const codes = db.prepare(`SELECT DISTINCT code FROM item_in_force WHERE ${conditions.join(' AND ')}`).pluck().all(...params) as string[];
  // An item filter on a code absent from the referential still finds its observations.
  if (filters.item && !filters.step && !filters.determinant && codes.length === 0) return [filters.item];
  return codes;
}

/** `col IN (?, ?, …)` or a condition that matches nothing for an empty list. */
export function inList(column: string, values: readonly SqlParam[]): SqlFragment {
  if (values.length === 0) return { sql: '0', params: [] };
  return { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}
