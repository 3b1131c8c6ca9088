/**
 * The items a structure failed most in an edition (Fiche structure): per item in force, how many
 * of its audits were non-compliant, against its peers' failure rate (the other structures of its
 * category in the edition, withheld by the disclosure rule when too few), with the non-compliant
 * audits themselves for the drill-down.
 */
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import type { FailedItem, FailedItemAudit } from '../../shared/api-types.js';
import { AppError } from '../../shared/errors.js';
import { disclosureFor, disclosureRule } from '../analytics/disclosure.js';
import { peerItemFailures, structureItemCounts } from '../analytics/item-failures.js';
import { itemsInForce, type ItemInForce } from '../analytics/items-in-force.js';

/** Audits listed per item (the drill-down shows evidence, not a second explorer). */
const AUDITS_PER_ITEM = 50;

export function failedItems(db: Db, input: { code: string; edition: number; limit?: number; lang?: Lang }): FailedItem[] {
  const structure = db.prepare('SELECT category FROM structure WHERE code = ?').get(input.code) as { category: string } | undefined;
  if (!structure) throw AppError.keyed('NOT_FOUND', 'analytics.structureNotFound', { structure: input.code }, { code: input.code });
  // Counts from the aggregates (main/analytics/item-failures.ts), worst failure rate first, then
  // most failures, then item code (byte order, as SQLite's ORDER BY on the code would give).
  const own = structureItemCounts(db, input.edition, input.code);
  const ownByItem = new Map(own.map((c) => [c.item, c]));
  const inForce = itemsInForce(db, input.edition);
  const rows = own
    .filter((c) => c.failed > 0 && inForce.has(c.item))
    .sort((a, b) => b.failed / b.applicable - a.failed / a.applicable || b.failed - a.failed || Buffer.compare(Buffer.from(a.item), Buffer.from(b.item)))
    .slice(0, input.limit ?? 10)
    .map((c) => {
      const item = inForce.get(c.item) as ItemInForce;
      return { ...c, labelFr: item.labelFr, labelEn: item.labelEn, channel: item.channel, step: item.step, determinant: item.determinant, weight: item.weight };
    });
  // Only for an item of weight 0, whose "structures where it applied" the aggregates do not count.
  const peers = db.prepare(`
    SELECT SUM(o.compliant IS NOT NULL) AS applicable, SUM(o.compliant = 0) AS failed,
      COUNT(DISTINCT CASE WHEN o.compliant IS NOT NULL THEN a.structure_code END) AS structures
    FROM audit a JOIN structure s ON s.code = a.structure_code
    JOIN observation o ON o.audit_id = a.id AND o.item_code = ?
    WHERE a.edition = ? AND s.category = ? AND a.structure_code <> ?`);
  const audits = db.prepare(`
    SELECT a.id AS auditId, a.reference, a.audit_date AS auditDate, a.channel, o.raw, o.measure, o.comment
    FROM audit a JOIN observation o ON o.audit_id = a.id AND o.item_code = ?
    WHERE a.edition = ? AND a.structure_code = ? AND o.compliant = 0
    ORDER BY a.audit_date, a.reference LIMIT ?`);
  const rule = disclosureRule(db);
  return rows.map((r) => {
    const p = r.weight > 0
      ? (({ applicable, failed, scored }) => ({ applicable, failed, structures: scored }))(peerItemFailures(db, input.edition, structure.category, r.item, ownByItem.get(r.item)))
      : peers.get(r.item, input.edition, structure.category, input.code) as { applicable: number | null; failed: number | null; structures: number };
    // The peers' rate is a mean over the other structures where the item applied.
    const disclosure = disclosureFor(p.structures, rule);
    const peersWithheld = disclosure.withheld.includes('mean');
    return {
      item: r.item,
      label: input.lang === 'en' ? r.labelEn ?? r.labelFr : r.labelFr,
      channel: r.channel,
      step: r.step,
      determinant: r.determinant,
      applicable: r.applicable,
      failed: r.failed,
      failureRate: (100 * r.failed) / r.applicable,
      peersFailureRate: !peersWithheld && p.applicable ? (100 * (p.failed ?? 0)) / p.applicable : null,
      peersOthers: p.structures,
      peersSuppressed: peersWithheld ? disclosure.suppressed : null,
      audits: audits.all(r.item, input.edition, input.code, AUDITS_PER_ITEM) as FailedItemAudit[],
    };
  });
}
