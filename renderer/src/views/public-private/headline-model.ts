/**
 * The headline table: one row per headline indicator (shared/headline.ts), its public and private
 * rates from the engine's rows (by sector) beside the 2023 brochure figures. Pure, unit-tested.
 */
import type { IndicatorRow } from '../../../../shared/analytics-types.js';
import { HEADLINE_INDICATORS } from '../../../../shared/headline.js';
import type { Lang } from '../../../../shared/domain.js';

export interface SectorRate {
  rate: number | null;
  audits: number;
  compliant: number;
}

export interface HeadlineRow {
  item: string;
  label: string;
  public: SectorRate;
  prive: SectorRate;
  /** public − private in points, when both rates exist. */
  gap: number | null;
  brochure: { public: number; prive: number };
}

const NONE: SectorRate = { rate: null, audits: 0, compliant: 0 };

export function headlineRows(rows: readonly IndicatorRow[], lang: Lang): HeadlineRow[] {
  return HEADLINE_INDICATORS.map((h) => {
    const find = (sector: string): SectorRate => {
      const row = rows.find((r) => r.item === h.item && r.by === 'sector' && r.group === sector);
      return row ? { rate: row.rate, audits: row.audits, compliant: row.compliant } : NONE;
    };
    const pub = find('public');
    const prive = find('prive');
    return {
      item: h.item,
      label: h[lang],
      public: pub,
      prive,
      gap: pub.rate !== null && prive.rate !== null ? pub.rate - prive.rate : null,
      brochure: { public: h.brochure2023.public, prive: h.brochure2023.prive },
    };
  });
}
