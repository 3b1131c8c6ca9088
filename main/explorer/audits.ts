/**
 * The audits grid: one block of audits for ag-grid's infinite row model, filtered and sorted in
 * SQL (bound parameters, whitelisted sort columns), then decorated with the observation counts of
 * just the rows on the page.
 */
import type { Db } from '../db/connection.js';
import type { AuditRow, ExplorerFilters, ExplorerPage, ExplorerPageRequest } from '../../shared/api-types.js';
import { cachedCount, filtersKey } from './count-cache.js';
import { AUDIT_SORT_COLUMNS, auditConditions, inList, likePattern, matchingItemCodes, orderBy, sortNeedsStructure, type SqlParam } from './filters.js';
import { structureCodeMatches } from './structure-search.js';
import { auditCommentMatches } from './comment-search.js';
import { auditProvenanceSql } from './provenance.js';

function whereClause(db: Db, filters: ExplorerFilters): { sql: string; params: SqlParam[]; needsStructure: boolean } {
  const { conditions, params, needsStructure } = auditConditions(filters);
  const codes = matchingItemCodes(db, filters);
  if (codes) {
    const list = inList('o.item_code', codes);
    conditions.push(`EXISTS (SELECT 1 FROM observation o WHERE o.audit_id = a.id AND ${list.sql})`);
    params.push(...list.params);
  }
  const search = filters.search?.trim();
  if (search) {
    // The structure and the audit's own comment through their word indexes (accents, case and
    // punctuation do not matter); the reference as typed.
    const pattern = likePattern(search);
    const structure = structureCodeMatches(db, 'a.structure_code', search, null);
    const comment = auditCommentMatches(db, search);
    conditions.push(`(${structure.sql} OR a.reference LIKE ? ESCAPE '\\' OR ${comment.sql})`);
    params.push(...structure.params, pattern, ...comment.params);
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params, needsStructure };
}

const AUDIT_COLUMNS = `a.id, a.edition, a.reference, a.structure_code AS structureCode, s.name AS structureName,
  s.category, s.departement, s.region, s.sector, a.channel, a.audit_date AS auditDate, a.audit_time AS auditTime,
  a.scenario, a.auditor, a.comment`;

type AuditBase = Omit<AuditRow, 'observations' | 'compliant' | 'nonCompliant' | 'notApplicable' | 'complianceRate'>;

function fromClause(needsStructure: boolean): string {
  return `audit a${needsStructure ? ' JOIN structure s ON s.code = a.structure_code' : ''}`;
}

export function countAudits(db: Db, filters: ExplorerFilters = {}): number {
  return cachedCount(db, `audits:${filtersKey(filters)}`, () => {
    const where = whereClause(db, filters);
    return db.prepare(`SELECT COUNT(*) FROM ${fromClause(where.needsStructure)} ${where.sql}`).pluck().get(...where.params) as number;
  });
}

/**
 * Audits in grid order (the page query and the view export). Two steps: the ids of the block
 * (structure joined only when a filter or the sort needs it), then the full rows of those ids.
 */
export function selectAudits(db: Db, filters: ExplorerFilters, sortModel: ExplorerPageRequest['sortModel'], limit: number, offset: number): AuditBase[] {
  const where = whereClause(db, filters);
  const order = orderBy(sortModel, AUDIT_SORT_COLUMNS, ['a.id']);
  const needsStructure = where.needsStructure || sortNeedsStructure(sortModel, AUDIT_SORT_COLUMNS);
  const ids = db.prepare(`SELECT a.id FROM ${fromClause(needsStructure)} ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .pluck().all(...where.params, limit, offset) as number[];
  if (ids.length === 0) return [];
  const list = inList('a.id', ids);
  const provenance = auditProvenanceSql(db);
  const rows = db.prepare(`SELECT ${AUDIT_COLUMNS}, ${provenance.columns} FROM audit a JOIN structure s ON s.code = a.structure_code ${provenance.joins} WHERE ${list.sql}`).all(...list.params) as AuditBase[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is AuditBase => r !== undefined);
}

export function withCounts(db: Db, audits: AuditBase[]): AuditRow[] {
  if (audits.length === 0) return [];
  const ids = inList('audit_id', audits.map((a) => a.id));
  const counts = db.prepare(`SELECT audit_id AS id, COUNT(*) AS observations, COALESCE(SUM(compliant = 1), 0) AS compliant,
      COALESCE(SUM(compliant = 0), 0) AS nonCompliant, COALESCE(SUM(compliant IS NULL), 0) AS notApplicable
    FROM observation WHERE ${ids.sql} GROUP BY audit_id`).all(...ids.params) as Array<{ id: number; observations: number; compliant: number; nonCompliant: number; notApplicable: number }>;
  const byId = new Map(counts.map((c) => [c.id, c]));
  return audits.map((audit) => {
    const c = byId.get(audit.id);
    const compliant = c?.compliant ?? 0;
    const nonCompliant = c?.nonCompliant ?? 0;
    const applicable = compliant + nonCompliant;
    return {
      ...audit,
      observations: c?.observations ?? 0,
      compliant,
      nonCompliant,
      notApplicable: c?.notApplicable ?? 0,
      complianceRate: applicable > 0 ? (100 * compliant) / applicable : null,
    };
  });
}

export function auditsPage(db: Db, request: ExplorerPageRequest): ExplorerPage<AuditRow> {
  const filters = request.filters ?? {};
  const rows = withCounts(db, selectAudits(db, filters, request.sortModel, request.endRow - request.startRow, request.startRow));
  return { rows, lastRow: countAudits(db, filters) };
}
