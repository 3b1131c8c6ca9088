/**
 * The peer benchmark of one structure: for every level and key, its score beside the distribution
 * of the scores of its peers, the structures of its category audited in the same edition (the
 * structure itself included in n). Rank: 1 = best, ties share the best rank. Percentile:
 * 100 × (peers strictly below + ½ × peers with the same score, itself included) / n. Quartiles:
 * type 7 (see score-math.ts). All read from the aggregates, so a profile is a few hundred rows.
 */
import type { Db } from '../db/connection.js';
import type { Lang, Level } from '../../shared/domain.js';
import type { PeerRow } from '../../shared/analytics-types.js';
import { ensureAggregates } from './refresh.js';
import { readCache } from './cache-read.js';
import { assertStructureInEdition, toStructureScoreRow } from './scores.js';
import { keyLabels } from './labels.js';

interface StatsRow {
  level: Level;
  key: string;
  n: number;
  mean: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
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
  return rows.map((r): PeerRow => {
    const p = stats.get(`${r.level}\u0000${r.key}`);
    return {
      ...toStructureScoreRow(r, labels, input.lang),
      edition: input.edition,
      n: p?.n ?? 0,
      mean: p?.mean ?? null,
      median: p?.median ?? null,
      q1: p?.q1 ?? null,
      q3: p?.q3 ?? null,
      min: p?.min ?? null,
      max: p?.max ?? null,
      rank: r.rank,
      percentile: r.percentile,
    };
  }).sort((a, b) => labels.compare(a, b));
}
