/**
 * Data completeness of an edition: structures with fewer or more audits than the edition expects
 * (edition.expected_audits, DEFAULT_EXPECTED_AUDITS when unset), channels with no audit (per structure and for the
 * whole edition), items in force that no audit observed, and observations of item codes that are
 * not in the referential in force (so left out of every score).
 */
import type { Db } from '../db/connection.js';
import type { Lang, SectorCode } from '../../shared/domain.js';
import { CHANNELS, DEFAULT_EXPECTED_AUDITS } from '../../shared/domain.js';
import type { CompletenessReport, StructureRef } from '../../shared/analytics-types.js';
import { ensureAggregates } from './refresh.js';
import { itemsInForce } from './items-in-force.js';
import { categoryLabel, compareCategories } from './labels.js';

export function completeness(db: Db, input: { edition: number; lang?: Lang }): CompletenessReport {
  const { edition } = input;
  ensureAggregates(db, edition);
  const expected = (db.prepare('SELECT expected_audits FROM edition WHERE year = ?').pluck().get(edition) as number | undefined) ?? DEFAULT_EXPECTED_AUDITS;
  const perChannel = db.prepare(`
    SELECT a.structure_code AS code, s.name AS name, s.category AS category, s.sector AS sector, a.channel AS channel, COUNT(*) AS audits
    FROM audit a JOIN structure s ON s.code = a.structure_code
    WHERE a.edition = ? GROUP BY a.structure_code, a.channel`).all(edition) as Array<{ code: string; name: string; category: string; sector: SectorCode; channel: string; audits: number }>;
  const structures = new Map<string, { ref: StructureRef; audits: number; channels: Set<string> }>();
  for (const r of perChannel) {
    const s = structures.get(r.code) ?? { ref: { structure: r.code, name: r.name, category: r.category, categoryLabel: categoryLabel(r.category, input.lang), sector: r.sector }, audits: 0, channels: new Set<string>() };
    s.audits += r.audits;
    s.channels.add(r.channel);
    structures.set(r.code, s);
  }
  const ordered = [...structures.values()].sort((a, b) => compareCategories(a.ref.category, b.ref.category) || (a.ref.structure < b.ref.structure ? -1 : 1));
  const channelCodes = CHANNELS.map((c) => c.code as string);
  const audited = new Set(perChannel.map((r) => r.channel));
  const observed = new Set(db.prepare(`SELECT key FROM score_stats WHERE edition = ? AND group_kind = 'edition' AND level = 'item'`).pluck().all(edition) as string[]);
  const marker = db.prepare('SELECT observations FROM score_cache_edition WHERE edition = ?').pluck().get(edition) as number | undefined;
  return {
    edition,
    expectedAudits: expected,
    structures: structures.size,
    audits: perChannel.reduce((sum, r) => sum + r.audits, 0),
    observations: marker ?? 0,
    auditCount: ordered.filter((s) => s.audits !== expected).map((s) => ({ ...s.ref, audits: s.audits, expected, difference: s.audits - expected })),
    missingChannelsByStructure: ordered
      .map((s) => ({ ...s.ref, channels: channelCodes.filter((c) => !s.channels.has(c)) }))
      .filter((s) => s.channels.length > 0),
    channelsWithoutAudit: channelCodes.filter((c) => !audited.has(c)),
    itemsNeverObserved: [...itemsInForce(db, edition).values()]
      .filter((item) => !observed.has(item.code))
      .map((item) => ({ item: item.code, label: input.lang === 'en' ? item.labelEn ?? item.labelFr : item.labelFr, channel: item.channel })),
    observationsOfUnknownItems: db.prepare('SELECT item_code AS item, observations, audits FROM score_unscored_item WHERE edition = ? ORDER BY item_code')
      .all(edition) as Array<{ item: string; observations: number; audits: number }>,
  };
}
