/**
 * The Scores grid's data in one compact answer: every structure scored in an edition × the score
 * columns of the levels asked (overall, steps, channels, determinants), column by column. The same
 * figures as `editionScores` at those levels (one object per structure × key, ~7 MB of JSON for a
 * national edition) and the same positions as `categoryRankings`, read from score_matrix (migration
 * 009: one JSON text per level, written with the other aggregates), or, for an edition refreshed
 * before that migration, from one scan of the edition's score_cache rows as plain arrays.
 *
 * Nothing here is a peer figure: a structure's own scores and its position in its category, as
 * `analytics.scores` and `analytics.rankings` already give them; the disclosure rule governs the
 * anonymous benchmarks (groupScores, peers, winners), which are not part of the matrix.
 */
import type { Db } from '../db/connection.js';
import type { Lang, SectorCode } from '../../shared/domain.js';
import type { MatrixLevel, ScoreMatrix } from '../../shared/analytics-types.js';
import { GROUP_LEVELS } from '../../shared/domain.js';
import { ensureAggregates, hasScoreMatrixTable } from './refresh.js';
import { categoryLabel, categoryRank, keyLabels, keyRank } from './labels.js';
import { sortCandidates, type RankingCandidate } from './score-math.js';

export const MATRIX_LEVELS: readonly MatrixLevel[] = GROUP_LEVELS;

export interface ScoreMatrixInput {
  edition: number;
  /** Levels whose columns to send, in this order (duplicates ignored); default: all four. */
  levels?: readonly MatrixLevel[];
  lang?: Lang;
}

/** The step whose score breaks ties in a ranking (METHOD.md, as in rankings.ts). */
const TIE_BREAK_STEP = 'traitement';

export function scoreMatrix(db: Db, input: ScoreMatrixInput): ScoreMatrix {
  const { edition } = input;
  const lang = input.lang ?? 'fr';
  const levels = [...new Set(input.levels ?? MATRIX_LEVELS)];
  ensureAggregates(db, edition);

  // The structures scored in the edition: those with an overall row (refresh.ts writes one for
  // every structure with audits), in category order then code.
  const identity = db.prepare(`
    SELECT s.code, s.name, s.category, s.sector, c.audits, c.score, c.applicable_weight
    FROM score_cache c JOIN structure s ON s.code = c.structure_code
    WHERE c.edition = ? AND c.level = 'overall' AND c.key = 'overall'`).raw(true)
    .all(edition) as Array<[string, string, string, SectorCode, number, number | null, number]>;
  identity.sort((a, b) => categoryRank(a[2]) - categoryRank(b[2]) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const count = identity.length;
  const indexOf = new Map<string, number>();
  identity.forEach((row, i) => indexOf.set(row[0], i));

  const { cells, tieBreak } = readPackedColumns(db, edition, levels, indexOf) ?? scanColumns(db, edition, levels, indexOf);

  // Positions after the tie-break, category by category (the rule of rankings.ts, score-math.ts).
  const position = new Array<number | null>(count).fill(null);
  const rankedIn = new Array<number | null>(count).fill(null);
  const byCategory = new Map<string, Array<RankingCandidate & { index: number }>>();
  identity.forEach(([code, , category, , , score, applicableWeight], index) => {
    const list = byCategory.get(category) ?? [];
    list.push({ code, score, traitementScore: tieBreak[index] ?? null, applicableWeight, index });
    byCategory.set(category, list);
  });
  for (const candidates of byCategory.values()) {
    const scored = candidates.filter((c) => c.score !== null).length;
    sortCandidates(candidates).forEach((c, i) => {
      if (c.score === null) return;
      position[c.index] = i + 1;
      rankedIn[c.index] = scored;
    });
  }

  const levelOrder = new Map(levels.map((l, i) => [l, i]));
  const ordered = [...cells].sort((a, b) => (levelOrder.get(a.level) as number) - (levelOrder.get(b.level) as number)
    || keyRank(a.level, a.key) - keyRank(b.level, b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // No item level here: the labels need no referential read (empty item maps).
  const labels = keyLabels(db, [edition], lang, []);
  const categoryLabels: Record<string, string> = {};
  for (const row of identity) categoryLabels[row[2]] ??= categoryLabel(row[2], lang);
  return {
    edition,
    structures: {
      code: identity.map((r) => r[0]),
      name: identity.map((r) => r[1]),
      category: identity.map((r) => r[2]),
      sector: identity.map((r) => r[3]),
      audits: identity.map((r) => r[4]),
      position,
      rankedIn,
    },
    categoryLabels,
    columns: ordered.map((c) => ({ level: c.level, key: c.key, label: labels.label(c.level, c.key) })),
    scores: ordered.map((c) => c.scores),
  };
}

interface Column {
  level: MatrixLevel;
  key: string;
  scores: Array<number | null>;
}

interface Columns {
  /** The levels asked, column by column, cells in the identity order. */
  cells: Column[];
  /** Each structure's score at the tie-break step. */
  tieBreak: Array<number | null>;
}

/**
 * From score_matrix (migration 009): one JSON text per level, remapped to the identity order.
 * Null when a level is missing there (an edition refreshed before the migration, or a workspace
 * opened read-only without it): the caller scans score_cache instead.
 */
function readPackedColumns(db: Db, edition: number, levels: readonly MatrixLevel[], indexOf: ReadonlyMap<string, number>): Columns | null {
  if (!hasScoreMatrixTable(db)) return null;
  const needed = [...new Set<MatrixLevel>([...levels, 'step'])];
  // Only the levels needed: the determinant level alone is ~0.7 MB of JSON on a national edition.
  const packed = new Map((db.prepare(`SELECT level, payload FROM score_matrix WHERE edition = ? AND level IN (${needed.map(() => '?').join(', ')})`).raw(true).all(edition, ...needed) as Array<[MatrixLevel, string]>)
    .map(([level, payload]) => [level, JSON.parse(payload) as { structures: string[]; keys: string[]; scores: Array<Array<number | null>> }]));
  if (indexOf.size > 0 && needed.some((level) => !packed.has(level))) return null;
  const count = indexOf.size;
  const remap = (level: MatrixLevel): Column[] => {
    const p = packed.get(level);
    if (!p) return [];
    const target = p.structures.map((code) => indexOf.get(code));
    return p.keys.map((key, k) => {
      const source = p.scores[k] as Array<number | null>;
      const scores = new Array<number | null>(count).fill(null);
      for (let j = 0; j < target.length; j += 1) {
        const i = target[j];
        if (i !== undefined) scores[i] = source[j] ?? null;
      }
      return { level, key, scores };
    });
  };
  const tieBreak = remap('step').find((c) => c.key === TIE_BREAK_STEP)?.scores ?? new Array<number | null>(count).fill(null);
  return { cells: levels.flatMap(remap), tieBreak };
}

/** From score_cache: one pass over the edition's rows (primary-key order). */
function scanColumns(db: Db, edition: number, levels: readonly MatrixLevel[], indexOf: ReadonlyMap<string, number>): Columns {
  const count = indexOf.size;
  const wanted = new Set<string>(levels);
  const cells = new Map<string, Column>();
  const tieBreak = new Array<number | null>(count).fill(null);
  const rows = db.prepare('SELECT level, key, structure_code, score FROM score_cache WHERE edition = ?').raw(true)
    .iterate(edition) as IterableIterator<[MatrixLevel, string, string, number | null]>;
  for (const [level, key, structure, score] of rows) {
    const i = indexOf.get(structure);
    if (i === undefined) continue;
    if (level === 'step' && key === TIE_BREAK_STEP) tieBreak[i] = score;
    if (!wanted.has(level)) continue;
    const id = `${level}\u0000${key}`;
    let column = cells.get(id);
    if (!column) {
      column = { level, key, scores: new Array<number | null>(count).fill(null) };
      cells.set(id, column);
    }
    column.scores[i] = score;
  }
  return { cells: [...cells.values()], tieBreak };
}
