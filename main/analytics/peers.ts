/**
 * The peer benchmark of one structure: for every level and key, its score beside the distribution
 * of the scores of its peers, the structures of its category audited in the same edition (the
 * structure itself included in n). Rank: 1 = best, ties share the best rank. Percentile:
 * 100 × (peers strictly below + ½ × peers with the same score, itself included) / n. Quartiles:
 * type 7 (see score-math.ts). All read from the aggregates, so a profile is a few hundred rows.
 */
import type { Db } from '../db/connection.js';
import type { Lang, Level } from '../../shared/domain.js';
import type { DistributionStats, PeerRow } from '../../shared/analytics-types.js';
import { ensureAggregates } from './refresh.js';
import { readCache, type CachedRow } from './cache-read.js';
import { assertStructureInEdition, toStructureScoreRow } from './scores.js';
import { keyLabels, type KeyLabels } from './labels.js';

interface StatsRow extends DistributionStats {
  level: Level;
  key: string;
}

export function peerBenchmark(db: Db, input: { edition: number; structure: string; level?: Level; lang?: Lang }): PeerRow[] {
  ensureAggregates(db, input.edition);
  assertStructureInEdition(db, input.edition, input.structure);
  const rows = readCache(db, input);
  const category = rows[0]?.category ?? '';
  const stats = new Map<string, StatsRow>();
  for (const r of db.prepare(`SELECT level, key, n, mean, median, q1, q3, min, max FROM score_stats
    WHERE edition = ? AND group_kind = 'category' AND group_code = ? AND (? IS NULL OR level = ?)`).all(input.edition, category, input.level ?? null, input.level ?? null) as StatsRow[]) {
    stats.set(`${r.level}\u0000${r.key}`, r);
  }
  const labels = keyLabels(db, [input.edition], input.lang);
  return rows.map((r) => toPeerRow(r, stats.get(`${r.level}\u0000${r.key}`), labels, input.lang)).sort((a, b) => labels.compare(a, b));
}

/**
 * One cached row of a structure beside its category's distribution for that level and key (no
 * statistics: n = 0, the rest null). Shared with the per-structure workbooks, which read the
 * statistics once per edition for a whole batch.
 */
export function toPeerRow(r: CachedRow, stats: DistributionStats | undefined, labels: KeyLabels, lang: Lang | undefined): PeerRow {
  return {
    ...toStructureScoreRow(r, labels, lang),
    n: stats?.n ?? 0,
    mean: stats?.mean ?? null,
    median: stats?.median ?? null,
    q1: stats?.q1 ?? null,
    q3: stats?.q3 ?? null,
    min: stats?.min ?? null,
    max: stats?.max ?? null,
    rank: r.rank,
    percentile: r.percentile,
  };
}
