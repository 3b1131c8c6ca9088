/**
 * The national benchmark imported into a diagnostic workspace (tables of migration 007, written by
 * main/diagnostic/benchmark-store.ts): read by the peer comparison (peers.ts) when the
 * structure's category has no local peers. Its figures already went through the national
 * workspace's disclosure rule when they were exported; withheld ones stay null here.
 */
import type { Db } from '../db/connection.js';
import type { DisclosedStat, DistributionStats, PeerRow } from '../../shared/analytics-types.js';
import type { Lang, Level } from '../../shared/domain.js';
import type { CachedRow } from './cache-read.js';
import type { KeyLabels } from './labels.js';
import { toStructureScoreRow } from './scores.js';

const ALL_STATS: DisclosedStat[] = ['n', 'mean', 'median', 'q1', 'q3', 'min', 'max'];

export interface ImportedStats extends DistributionStats {
  level: Level;
  key: string;
  withheld: DisclosedStat[];
}

export interface ImportedBenchmark {
  /** The edition the national figures belong to. */
  edition: number;
  stats: Map<string, ImportedStats>;
}

/**
 * The imported benchmark of a category for an edition: that edition's, else the most recent one
 * before it (a diagnostic run early in the year reads last year's national reference). Null when
 * none was imported (or the table does not exist yet in an older workspace).
 */
export function importedCategoryBenchmark(db: Db, edition: number, category: string): ImportedBenchmark | null {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'benchmark_import'`).get() !== undefined;
  if (!hasTable) return null;
  const found = db.prepare('SELECT id, edition FROM benchmark_import WHERE edition <= ? ORDER BY edition DESC LIMIT 1').get(edition) as { id: number; edition: number } | undefined;
  if (!found) return null;
  const rows = db.prepare(`SELECT level, key, n, mean, median, q1, q3, min, max, withheld_json AS withheldJson FROM benchmark_stat
    WHERE benchmark_id = ? AND group_kind = 'category' AND group_code = ?`).all(found.id, category) as Array<Omit<ImportedStats, 'withheld'> & { withheldJson: string }>;
  if (rows.length === 0) return null;
  const stats = new Map<string, ImportedStats>();
  for (const { withheldJson, ...r } of rows) stats.set(`${r.level}\u0000${r.key}`, { ...r, withheld: JSON.parse(withheldJson) as DisclosedStat[] });
  return { edition: found.edition, stats };
}

/** Whether the structure's category has other structures scored in the workspace's own edition. */
export function hasLocalPeers(db: Db, edition: number, category: string): boolean {
  const n = db.prepare(`SELECT n FROM score_stats WHERE edition = ? AND group_kind = 'category' AND group_code = ? AND level = 'overall' AND key = 'overall'`).pluck().get(edition, category) as number | undefined;
  return (n ?? 0) > 1;
}

/** « référence nationale 2026 importée »: said wherever these figures are shown. */
export function nationalReferenceLabel(edition: number, lang: Lang = 'fr'): string {
  return lang === 'en' ? `imported national reference ${edition}` : `référence nationale ${edition} importée`;
}

/**
 * One row of the structure beside the imported national figures of its category. No rank or
 * percentile: the file holds statistics, not the scores they would be counted among.
 */
export function toNationalPeerRow(r: CachedRow, national: ImportedBenchmark, labels: KeyLabels, lang: Lang | undefined): PeerRow {
  const s = national.stats.get(`${r.level}\u0000${r.key}`);
  const withheld: DisclosedStat[] = s ? s.withheld : ALL_STATS;
  return {
    ...toStructureScoreRow(r, labels, lang),
    n: s?.n ?? null,
    mean: s?.mean ?? null,
    median: s?.median ?? null,
    q1: s?.q1 ?? null,
    q3: s?.q3 ?? null,
    min: s?.min ?? null,
    max: s?.max ?? null,
    others: s?.n ?? 0,
    suppressed: withheld.length > 0 ? 'group-too-small' : null,
    withheld,
    rank: null,
    percentile: null,
    reference: { kind: 'national-import', edition: national.edition, label: nationalReferenceLabel(national.edition, lang) },
  };
}
