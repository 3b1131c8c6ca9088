/**
 * The Scores grid's rows: one row per structure with a column per level and key, made from the
 * compact score matrix (`analytics.scoreMatrix`: columns of scores, each key and structure sent
 * once), or from per-cell rows (`analytics.scores`: one row per structure × level × key) where a
 * caller has those. Pure, so it is unit-tested.
 */
import type { CategoryRanking, ScoreMatrix, StructureScoreRow } from '../../../../shared/analytics-types.js';
import { GROUP_LEVELS, type Level } from '../../../../shared/domain.js';

export type GridLevel = Exclude<Level, 'item'>;
export const GRID_LEVELS: readonly GridLevel[] = GROUP_LEVELS;

/** A score column: `field` is `${level}:${key}` (stable, used as the ag-grid colId). */
export interface ScoreColumn {
  level: GridLevel;
  key: string;
  label: string;
  field: string;
}

export interface ScoreGridRow {
  structure: string;
  name: string;
  category: string;
  categoryLabel: string;
  sector: string;
  /** Position in its category after the tie-break (1 = winner), and its size. */
  position: number | null;
  rankedIn: number | null;
  /** Score by column field; absent or null when the structure has no applicable observation there. */
  scores: Record<string, number | null>;
  /** Audits behind the overall score. */
  audits: number;
}

export function columnField(level: GridLevel, key: string): string {
  return `${level}:${key}`;
}

/**
 * Columns in the API's order (which already follows the domain's order of steps and channels),
 * one per distinct level and key.
 */
export function scoreColumns(rowsByLevel: Partial<Record<GridLevel, readonly StructureScoreRow[]>>): ScoreColumn[] {
  const columns: ScoreColumn[] = [];
  for (const level of GRID_LEVELS) {
    const seen = new Set<string>();
    for (const row of rowsByLevel[level] ?? []) {
      if (seen.has(row.key)) continue;
      seen.add(row.key);
      columns.push({ level, key: row.key, label: row.label, field: columnField(level, row.key) });
    }
  }
  return columns;
}

/** One grid row per structure, scores pivoted, positions read from the category rankings. */
export function pivotScores(
  rowsByLevel: Partial<Record<GridLevel, readonly StructureScoreRow[]>>,
  rankings: readonly CategoryRanking[] = [],
): ScoreGridRow[] {
  const positions = new Map<string, { position: number; of: number }>();
  for (const ranking of rankings) {
    const ranked = ranking.entries.filter((e) => e.score !== null).length;
    for (const entry of ranking.entries) {
      if (entry.score !== null) positions.set(entry.structure, { position: entry.position, of: ranked });
    }
  }
  const byStructure = new Map<string, ScoreGridRow>();
  for (const level of GRID_LEVELS) {
    for (const row of rowsByLevel[level] ?? []) {
      let target = byStructure.get(row.structure);
      if (!target) {
        const pos = positions.get(row.structure);
        target = {
          structure: row.structure,
          name: row.name,
          category: row.category,
          categoryLabel: row.categoryLabel,
          sector: row.sector,
          position: pos?.position ?? null,
          rankedIn: pos?.of ?? null,
          scores: {},
          audits: 0,
        };
        byStructure.set(row.structure, target);
      }
      target.scores[columnField(level, row.key)] = row.score;
      if (level === 'overall') target.audits = row.audits;
    }
  }
  return [...byStructure.values()];
}

/** Categories present in the rows, in the order they first appear (the API sorts by category). */
export function categoriesOf(rows: readonly ScoreGridRow[]): Array<{ code: string; label: string }> {
  const seen = new Map<string, string>();
  for (const row of rows) if (!seen.has(row.category)) seen.set(row.category, row.categoryLabel);
  return [...seen].map(([code, label]) => ({ code, label }));
}

/** The grid's columns from the matrix (already in level, then domain, order). */
export function matrixColumns(matrix: ScoreMatrix): ScoreColumn[] {
  return matrix.columns.map((c) => ({ level: c.level, key: c.key, label: c.label, field: columnField(c.level, c.key) }));
}

/**
 * One grid row per structure of the matrix, in its order (category, then code). A cell the matrix
 * leaves null is null here too: the grid shows "—" for it, as for a key without a row.
 */
export function matrixRows(matrix: ScoreMatrix): ScoreGridRow[] {
  const s = matrix.structures;
  const fields = matrix.columns.map((c) => columnField(c.level, c.key));
  const rows: ScoreGridRow[] = new Array<ScoreGridRow>(s.code.length);
  for (let i = 0; i < s.code.length; i += 1) {
    const scores: Record<string, number | null> = {};
    for (let c = 0; c < fields.length; c += 1) scores[fields[c] as string] = (matrix.scores[c] as Array<number | null>)[i] ?? null;
    const category = s.category[i] as string;
    rows[i] = {
      structure: s.code[i] as string,
      name: s.name[i] as string,
      category,
      categoryLabel: matrix.categoryLabels[category] ?? category,
      sector: s.sector[i] as string,
      position: s.position[i] ?? null,
      rankedIn: s.rankedIn[i] ?? null,
      scores,
      audits: s.audits[i] as number,
    };
  }
  return rows;
}
