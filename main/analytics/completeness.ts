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

/**
 * Audits per (structure, channel) of an edition, counted by SQLite over the audit table alone: the
 * national edition's 26,000 audits were joined to their structure before grouping (a lookup per
 * audit: 30 ms of a 60 ms call); names, categories and sectors are read afterwards, only for the
 * structures the report lists (usually none). Every audit's structure exists (foreign key), so the
 * counts are those of the join.
 */
const AUDITS_PER_CHANNEL = 'SELECT structure_code, channel, COUNT(*) FROM audit WHERE edition = ? GROUP BY structure_code, channel';

export function completeness(db: Db, input: { edition: number; lang?: Lang }): CompletenessReport {
  const { edition } = input;
  ensureAggregates(db, edition);
  const expected = (db.prepare('SELECT expected_audits FROM edition WHERE year = ?').pluck().get(edition) as number | undefined) ?? DEFAULT_EXPECTED_AUDITS;
  const perChannel = db.prepare(AUDITS_PER_CHANNEL).raw(true).all(edition) as Array<[string, string, number]>;
  const structures = new Map<string, { audits: number; channels: Set<string> }>();
  const audited = new Set<string>();
  let audits = 0;
  for (const [code, channel, count] of perChannel) {
    let s = structures.get(code);
    if (s === undefined) structures.set(code, (s = { audits: 0, channels: new Set<string>() }));
    s.audits += count;
    s.channels.add(channel);
    audited.add(channel);
    audits += count;
  }
  const channelCodes = CHANNELS.map((c) => c.code as string);
  const refOf = db.prepare('SELECT name, category, sector FROM structure WHERE code = ?').raw(true);
  /** The listed structures with their reference, in category order (shared/domain.ts), then by code. */
  const listed = <T>(pick: (audits: number, channels: Set<string>) => T | undefined): Array<StructureRef & T> => {
    const rows: Array<StructureRef & T> = [];
    for (const [code, s] of structures) {
      const extra = pick(s.audits, s.channels);
      if (extra === undefined) continue;
      const [name, category, sector] = refOf.get(code) as [string, string, SectorCode];
      rows.push({ structure: code, name, category, categoryLabel: categoryLabel(category, input.lang), sector, ...extra });
    }
    return rows.sort((a, b) => compareCategories(a.category, b.category) || (a.structure < b.structure ? -1 : 1));
  };
  const observed = new Set(db.prepare(`SELECT key FROM score_stats WHERE edition = ? AND group_kind = 'edition' AND level = 'item'`).pluck().all(edition) as string[]);
  const marker = db.prepare('SELECT observations FROM score_cache_edition WHERE edition = ?').pluck().get(edition) as number | undefined;
  return {
    edition,
    expectedAudits: expected,
    structures: structures.size,
    audits,
    observations: marker ?? 0,
    auditCount: listed((n) => (n === expected ? undefined : { audits: n, expected, difference: n - expected })),
    missingChannelsByStructure: listed((_, channels) => {
      const missing = channelCodes.filter((c) => !channels.has(c));
      return missing.length > 0 ? { channels: missing } : undefined;
    }),
    channelsWithoutAudit: channelCodes.filter((c) => !audited.has(c)),
    itemsNeverObserved: [...itemsInForce(db, edition).values()]
      .filter((item) => !observed.has(item.code))
      .map((item) => ({ item: item.code, label: input.lang === 'en' ? item.labelEn ?? item.labelFr : item.labelFr, channel: item.channel })),
    observationsOfUnknownItems: db.prepare('SELECT item_code AS item, observations, audits FROM score_unscored_item WHERE edition = ? ORDER BY item_code')
      .all(edition) as Array<{ item: string; observations: number; audits: number }>,
  };
}
