/**
 * Scores at every level for one audit, one structure, the structures of an edition, and pooled
 * over a category, a sector or the whole edition.
 *
 * How a group (category, sector, edition) is scored — the reference: pool the observations, i.e.
 * score = 100 × Σ weight(compliant) / Σ weight(applicable) over every observation of every audit of
 * the group's structures in the edition (a structure with more applicable weight counts more).
 * Beside it, each group row gives the distribution of the structures' own scores (each structure
 * counts once): n, mean, median, quartiles, min, max: the benchmark figures.
 * Everything is read from the aggregates kept by refresh.ts except the audit scores (computed on
 * the fly: one audit is at most a few hundred observations).
 */
import type { Db } from '../db/connection.js';
import type { Lang, Level } from '../../shared/domain.js';
import type { AuditScoreRow, DistributionStats, GroupRef, GroupScoreRow, ScoreCounts, StructureScoreRow } from '../../shared/analytics-types.js';
import { AppError } from '../../shared/errors.js';
import { aggregateObservations, scoreOf } from './score-math.js';
import type { ObservationFact } from './score-math.js';
import { categoryLabel, categoryRank, keyLabels, keyRank, levelRank, sectorLabel } from './labels.js';
import { SECTORS } from '../../shared/domain.js';
import { ensureAggregates } from './refresh.js';
import { readCache, type CachedRow } from './cache-read.js';
import type { KeyLabels } from './labels.js';

export interface EditionScoresInput {
  edition: number;
  /** Omitted: every level. */
  level?: Level;
  structure?: string;
  category?: string;
  lang?: Lang;
}

/** A cached score row as the API shows it, with its labels. */
export function toStructureScoreRow(r: CachedRow, labels: KeyLabels, lang: Lang | undefined): StructureScoreRow {
  return {
    edition: r.edition,
    structure: r.structure,
    name: r.name,
    category: r.category,
    categoryLabel: categoryLabel(r.category, lang ?? 'fr'),
    sector: r.sector,
    level: r.level,
    key: r.key,
    label: labels.label(r.level, r.key),
    score: r.score,
    compliantWeight: r.compliantWeight,
    applicableWeight: r.applicableWeight,
    observations: r.observations,
    applicable: r.applicable,
    compliant: r.compliant,
    audits: r.audits,
  };
}

/** Structure scores of an edition (all structures, one category or one structure), sorted by category, then score. */
export function editionScores(db: Db, input: EditionScoresInput): StructureScoreRow[] {
  ensureAggregates(db, input.edition);
  const rows = readCache(db, input);
  if (input.structure && rows.length === 0) assertStructureInEdition(db, input.edition, input.structure);
  const labels = keyLabels(db, [input.edition], input.lang);
  const lang = input.lang ?? 'fr';
  const out = rows.map((r) => toStructureScoreRow(r, labels, lang));
  // Decorated sort: category order, level order, key order, score descending, structure code.
  const decorated = out.map((row) => ({ row, c: categoryRank(row.category), l: levelRank(row.level), k: keyRank(row.level, row.key), s: row.score ?? -1 }));
  decorated.sort((a, b) => a.c - b.c || a.l - b.l || a.k - b.k
    || (a.row.key < b.row.key ? -1 : a.row.key > b.row.key ? 1 : 0)
    || b.s - a.s
    || (a.row.structure < b.row.structure ? -1 : a.row.structure > b.row.structure ? 1 : 0));
  return decorated.map((d) => d.row);
}

/** One structure's scores at every level (or one level) in an edition. */
export function structureScores(db: Db, input: { edition: number; structure: string; level?: Level; lang?: Lang }): StructureScoreRow[] {
  return editionScores(db, input);
}

/** Throws NOT_FOUND unless the structure exists and has audits in the edition. */
export function assertStructureInEdition(db: Db, edition: number, structure: string): void {
  const known = db.prepare('SELECT 1 FROM structure WHERE code = ?').pluck().get(structure);
  if (known === undefined) throw AppError.keyed('NOT_FOUND', 'analytics.structureUnknown', { structure }, { structure });
  const audited = db.prepare('SELECT 1 FROM audit WHERE structure_code = ? AND edition = ? LIMIT 1').pluck().get(structure, edition);
  if (audited === undefined) throw AppError.keyed('NOT_FOUND', 'analytics.structureNotAudited', { structure, edition }, { structure, edition });
}

interface StatsRow extends ScoreCounts, DistributionStats {
  edition: number;
  groupKind: GroupRef['kind'];
  group: string;
  level: Level;
  key: string;
  structures: number;
}

export const STATS_COLUMNS = `edition, group_kind AS groupKind, group_code AS "group", level, key, compliant_weight AS compliantWeight,
  applicable_weight AS applicableWeight, observations, applicable, compliant, audits, structures, n, mean, median, q1, q3, min, max`;

export function groupLabel(group: GroupRef, lang: Lang = 'fr', edition?: number): string {
  if (group.kind === 'category') return categoryLabel(group.code, lang);
  if (group.kind === 'sector') return sectorLabel(group.code, lang);
  return lang === 'en' ? `Edition ${edition ?? ''}`.trim() : `Édition ${edition ?? ''}`.trim();
}

/**
 * Pooled scores of groups of one kind in an edition (every category, every sector, or the edition
 * as a whole), or of one group when `group.code` is given.
 */
export interface GroupScoresInput { edition: number; kind: GroupRef['kind']; code?: string; level?: Level; lang?: Lang }

export function groupScores(db: Db, input: GroupScoresInput): GroupScoreRow[] {
  ensureAggregates(db, input.edition);
  const where = ['edition = $edition', 'group_kind = $kind'];
  if (input.code !== undefined && input.kind !== 'edition') where.push('group_code = $code');
  if (input.level) where.push('level = $level');
  const rows = db.prepare(`SELECT ${STATS_COLUMNS} FROM score_stats WHERE ${where.join(' AND ')}`)
    .all({ edition: input.edition, kind: input.kind, code: input.code ?? null, level: input.level ?? null }) as StatsRow[];
  const labels = keyLabels(db, [input.edition], input.lang);
  const out = rows.map((r): GroupScoreRow => ({
    ...r,
    groupLabel: groupLabel({ kind: r.groupKind, code: r.group }, input.lang, r.edition),
    label: labels.label(r.level, r.key),
    score: scoreOf(r.compliantWeight, r.applicableWeight),
  }));
  const groupOrder = (g: string): number => (input.kind === 'category' ? categoryRank(g) : input.kind === 'sector' ? SECTORS.findIndex((s) => s.code === g) : 0);
  return out.sort((a, b) => groupOrder(a.group) - groupOrder(b.group) || labels.compare(a, b));
}

/** Scores of one audit at every level, computed from its observations. */
export function auditScores(db: Db, input: { edition: number; reference: string; level?: Level; lang?: Lang }): AuditScoreRow[] {
  const audit = db.prepare('SELECT id, edition, reference, structure_code AS structure, channel FROM audit WHERE edition = ? AND reference = ?')
    .get(input.edition, input.reference) as { id: number; edition: number; reference: string; structure: string; channel: string } | undefined;
  if (!audit) throw AppError.keyed('NOT_FOUND', 'analytics.auditNotFound', { reference: input.reference, edition: input.edition }, input);
  const facts = db.prepare(`
    SELECT o.audit_id AS auditId, o.compliant AS compliant, i.weight AS weight, i.step AS step, i.channel AS channel,
      i.determinant AS determinant, i.code AS item
    FROM observation o JOIN item_in_force i ON i.edition = ? AND i.code = o.item_code
    WHERE o.audit_id = ?`).all(audit.edition, audit.id) as ObservationFact[];
  const labels = keyLabels(db, [audit.edition], input.lang);
  return aggregateObservations(facts)
    .filter((s) => !input.level || s.level === input.level)
    .map((s): AuditScoreRow => ({ ...s, label: labels.label(s.level, s.key), edition: audit.edition, auditId: audit.id, reference: audit.reference, structure: audit.structure, channel: audit.channel }))
    .sort((a, b) => labels.compare(a, b));
}
