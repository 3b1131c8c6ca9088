/**
 * Reads the per-structure aggregates kept by refresh.ts, whichever table holds them (score_cache
 * for overall/step/channel/determinant, score_cache_item's records for the item level), as one row
 * shape, with each structure's rank and percentile in its category: derived from the category's
 * scores (score_stats.runs, category-runs.ts) since migration 015, stored before. Every reader of
 * structure scores goes through here.
 */
import type { Db } from '../db/connection.js';
import type { Level, SectorCode } from '../../shared/domain.js';
import type { ScoreCounts } from '../../shared/analytics-types.js';
import { itemPackLayoutOf, unpackItems, type PackedItem } from './item-pack.js';
import { placeFromCounts, scoreOf } from './score-math.js';
import { CategoryPlaces, hasCategoryRuns } from './category-runs.js';

export interface CachedRow extends ScoreCounts {
  edition: number;
  structure: string;
  name: string;
  category: string;
  sector: SectorCode;
  level: Level;
  key: string;
  score: number | null;
  /** Rank and percentile in the structure's category for this level and key. */
  rank: number | null;
  percentile: number | null;
}

export interface CacheQuery {
  edition: number;
  structure?: string;
  category?: string;
  /** Omitted: every level. */
  level?: Level;
  /** Only this key (with `level`). */
  key?: string;
}

const STRUCTURE_COLUMNS = 's.code AS structure, s.name AS name, s.category AS category, s.sector AS sector';

export function readCache(db: Db, q: CacheQuery): CachedRow[] {
  const params = { edition: q.edition, structure: q.structure ?? null, category: q.category ?? null, level: q.level ?? null, key: q.key ?? null };
  const filters = `${q.structure !== undefined ? ' AND s.code = $structure' : ''}${q.category !== undefined ? ' AND s.category = $category' : ''}`;
  const out: CachedRow[] = [];
  // The categories' scores the places are looked up in: only those the query can need (its
  // category, or the one structure's; its level and key).
  const category = q.category ?? (q.structure !== undefined ? db.prepare('SELECT category FROM structure WHERE code = ?').pluck().get(q.structure) as string | undefined : undefined);
  const places = hasCategoryRuns(db) ? new CategoryPlaces(db, q.edition, { category, level: q.level, key: q.key }) : null;
  if (q.level !== 'item') {
    const rows = db.prepare(`
      SELECT c.edition AS edition, ${STRUCTURE_COLUMNS}, c.level AS level, c.key AS key,
        c.compliant_weight AS compliantWeight, c.applicable_weight AS applicableWeight, c.observations AS observations,
        c.applicable AS applicable, c.compliant AS compliant, c.audits AS audits, c.score AS score,
        c.peer_rank AS rank, c.peer_percentile AS percentile
      FROM score_cache c JOIN structure s ON s.code = c.structure_code
      WHERE c.edition = $edition${filters}${q.level !== undefined ? ' AND c.level = $level' : ''}${q.key !== undefined ? ' AND c.key = $key' : ''}`)
      .all(params) as CachedRow[];
    if (places !== null) {
      for (const row of rows) {
        const place = places.place(row.category, row.level, row.key, row.score);
        row.rank = place?.rank ?? null;
        row.percentile = place?.percentile ?? null;
      }
    }
    out.push(...rows);
  }
  if (q.level === undefined || q.level === 'item') {
    const rows = db.prepare(`
      SELECT ci.edition AS edition, ${STRUCTURE_COLUMNS}, ci.items AS items
      FROM score_cache_item ci JOIN structure s ON s.code = ci.structure_code
      WHERE ci.edition = $edition${filters}`).all(params) as Array<Omit<CachedRow, keyof ScoreCounts | 'level' | 'key' | 'score' | 'rank' | 'percentile'> & { items: string | Buffer }>;
    const packLayout = itemPackLayoutOf(db, q.edition);
    for (const row of rows) {
      const packed = unpackItems(row.items, packLayout);
      for (let i = 0; i < packed.length; i += 1) {
        const p = packed[i] as PackedItem;
        if (q.key !== undefined && p[0] !== q.key) continue;
        const score = scoreOf(p[1], p[2]);
        const place = places !== null ? places.place(row.category, 'item', p[0], score)
          : p[7] === null || p[8] === null || p[9] === null ? null : placeFromCounts(p[7], p[8], p[9]);
        out.push({
          edition: row.edition, structure: row.structure, name: row.name, category: row.category, sector: row.sector,
          level: 'item', key: p[0], compliantWeight: p[1], applicableWeight: p[2], observations: p[3], applicable: p[4],
          compliant: p[5], audits: p[6], score, rank: place?.rank ?? null, percentile: place?.percentile ?? null,
        });
      }
    }
  }
  return out;
}
