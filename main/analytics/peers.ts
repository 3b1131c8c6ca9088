/**
 * The peer benchmark of one structure: for every level and key, its score beside the distribution
 * of the scores of its peers, the structures of its category audited in the same edition (the
 * structure itself included in n), as the disclosure rule (disclosure.ts) lets them be shown. Rank: 1 = best, ties share the best rank. Percentile:
 * 100 × (peers strictly below + ½ × peers with the same score, itself included) / n. Quartiles:
 * type 7 (see score-math.ts). All read from the aggregates, so a profile is a few hundred rows.
 */
import type { Db } from '../db/connection.js';
import type { Lang, Level } from '../../shared/domain.js';
import type { DisclosureRule, DistributionStats, PeerRow } from '../../shared/analytics-types.js';
import { ensureAggregates } from './refresh.js';
import { readCache, type CachedRow } from './cache-read.js';
import { assertStructureInEdition, toStructureScoreRow } from './scores.js';
import { keyLabels, type KeyLabels } from './labels.js';
import { disclosureFor, disclosureRule, discloseStats, shown } from './disclosure.js';
import { hasLocalPeers, importedCategoryBenchmark, toNationalPeerRow } from './national-benchmark.js';

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
  return benchmarkedRows(db, { edition: input.edition, category, own: rows, statsOf: (r) => stats.get(`${r.level}\u0000${r.key}`), labels, lang: input.lang, rule: disclosureRule(db) });
}

/**
 * A structure's cached rows beside its benchmark, as every surface shows them (the service, the
 * structure's workbook and PDF report): its category's statistics as the disclosure rule lets
 * them be shown or, in a diagnostic workspace whose category has no local peers, the national
 * benchmark imported there (already disclosed by the national workspace's rule).
 */
export function benchmarkedRows(db: Db, input: { edition: number; category: string; own: readonly CachedRow[]; statsOf: (r: CachedRow) => DistributionStats | undefined; labels: KeyLabels; lang: Lang | undefined; rule: DisclosureRule }): PeerRow[] {
  const { category, labels, lang } = input;
  const national = category !== '' && !hasLocalPeers(db, input.edition, category) ? importedCategoryBenchmark(db, input.edition, category) : null;
  const rows = national
    ? input.own.map((r) => toNationalPeerRow(r, national, labels, lang))
    : input.own.map((r) => toPeerRow(r, input.statsOf(r), labels, lang, input.rule));
  return rows.sort((a, b) => labels.compare(a, b));
}

/**
 * One cached row of a structure beside its category's distribution for that level and key, as
 * the disclosure rule lets it be shown (no statistics: n = 0, the rest null). The others behind
 * the figures are the category's structures with a score, less this one when it has a score.
 * Shared with the per-structure workbooks, which read the statistics once per edition for a batch.
 */
export function toPeerRow(r: CachedRow, stats: DistributionStats | undefined, labels: KeyLabels, lang: Lang | undefined, rule: DisclosureRule): PeerRow {
  const d = disclosureFor((stats?.n ?? 0) - (r.score === null ? 0 : 1), rule);
  return {
    ...toStructureScoreRow(r, labels, lang),
    ...discloseStats(stats, d),
    rank: shown(d, 'rank', r.rank),
    percentile: shown(d, 'percentile', r.percentile),
  };
}
