/**
 * Comparisons of two panels of structures (the Comparaisons view, `barometer compare`, the
 * "Comparaisons" sheet of the barometer tables): what a panel is, how it is written as text
 * (`sector:public`, `label:Qualivilles`, `no-label:Qualivilles`, `category:region`,
 * `not-category:region`, `all`), and what a comparison answers. Pure: shared by main and renderer.
 *
 * "The rest" stays within the sector: a label's non-holders and a category's other structures are
 * the other structures of the same sector (labels are public-sector labels; the private panel is
 * a comparison group, compared only as a whole with `sector:prive`).
 */
import type { DisclosedStat, SuppressionReason } from './analytics-types.js';
import type { Level, SectorCode } from './domain.js';

export type PanelSpec =
  | { kind: 'all' }
  | { kind: 'sector'; sector: SectorCode }
  /** Public structures holding the label (held: true) or not holding it (held: false). */
  | { kind: 'label'; label: string; held: boolean }
  | { kind: 'category'; category: string }
  /** The other structures of the category's sector. */
  | { kind: 'not-category'; category: string };

export interface ComparisonSpec {
  a: PanelSpec;
  b: PanelSpec;
}

/** The comparison a screen opens on and the tables print when none is chosen: public vs the private panel. */
export const DEFAULT_COMPARISON: Readonly<ComparisonSpec> = Object.freeze<ComparisonSpec>({
  a: { kind: 'sector', sector: 'public' },
  b: { kind: 'sector', sector: 'prive' },
});

/** `sector:public` … as text (CLI options, addresses of the view). */
export function panelSpecText(spec: PanelSpec): string {
  switch (spec.kind) {
    case 'all': return 'all';
    case 'sector': return `sector:${spec.sector}`;
    case 'label': return `${spec.held ? 'label' : 'no-label'}:${spec.label}`;
    case 'category': return `category:${spec.category}`;
    case 'not-category': return `not-category:${spec.category}`;
  }
}

/** Reads a panel written as text; null when it is not one. */
export function parsePanelSpec(text: string): PanelSpec | null {
  const trimmed = text.trim();
  if (trimmed === 'all') return { kind: 'all' };
  const colon = trimmed.indexOf(':');
  if (colon < 0) return null;
  const kind = trimmed.slice(0, colon).trim().toLowerCase();
  const value = trimmed.slice(colon + 1).trim();
  if (!value) return null;
  switch (kind) {
    case 'sector': return value === 'public' || value === 'prive' ? { kind: 'sector', sector: value } : null;
    case 'label': return { kind: 'label', label: value, held: true };
    case 'no-label': return { kind: 'label', label: value, held: false };
    case 'category': return { kind: 'category', category: value };
    case 'not-category': return { kind: 'not-category', category: value };
    default: return null;
  }
}

/**
 * The natural other side of a panel: public ↔ private, a label's holders ↔ its non-holders, a
 * category ↔ the rest of its sector; `all` has none (null).
 */
export function complementOf(spec: PanelSpec): PanelSpec | null {
  switch (spec.kind) {
    case 'all': return null;
    case 'sector': return { kind: 'sector', sector: spec.sector === 'public' ? 'prive' : 'public' };
    case 'label': return { ...spec, held: !spec.held };
    case 'category': return { kind: 'not-category', category: spec.category };
    case 'not-category': return { kind: 'category', category: spec.category };
  }
}

/**
 * Reads "A vs B" (or "A" alone, compared with its complement); null when it is not a comparison.
 * A label may contain commas or slashes, never " vs ".
 */
export function parseComparison(text: string): ComparisonSpec | null {
  const parts = text.split(/\s+vs\s+/i);
  if (parts.length > 2) return null;
  const a = parsePanelSpec(parts[0] ?? '');
  if (!a) return null;
  const b = parts.length === 2 ? parsePanelSpec(parts[1] ?? '') : complementOf(a);
  return b ? { a, b } : null;
}

/**
 * Why a panel's pooled figures are withheld:
 * - `panel-too-small`: too few structures in the panel itself (the disclosure rule, a member reading);
 * - `rest-too-small`: the panel is a whole group (the edition, or its sector) minus a few
 *   structures, and the group's figures are published: side by side they would give the few
 *   structures' pooled figures by subtraction.
 */
export type PanelWithheldReason = 'panel-too-small' | 'rest-too-small';

/** A panel's pooled figures at one level and key, as the disclosure rule lets them be shown. */
export interface ComparisonCell {
  /** Pooled score `100 × Σ compliant weight / Σ applicable weight` over the panel; null when nothing applies or withheld. */
  score: number | null;
  /** The sums behind the score (compliant sum null when withheld). */
  compliantWeight: number | null;
  applicableWeight: number;
  /** Structures of the panel with a score at this key (the distribution's n; null when withheld). */
  n: number | null;
  /** Audits of the panel with an observation at this key. */
  audits: number;
  /** Distribution of the panel's structures' own scores (each figure null when withheld). */
  mean: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
  suppressed: SuppressionReason | null;
  withheld: DisclosedStat[];
  /** Set when the pooled score is withheld: which reason. */
  withheldBecause: PanelWithheldReason | null;
}

export interface ComparisonRow {
  level: Exclude<Level, 'item'>;
  key: string;
  label: string;
  a: ComparisonCell;
  b: ComparisonCell;
  /** a − b in points when both scores are shown. */
  gap: number | null;
}

/** A headline indicator (shared/headline.ts) on one panel: compliant share of the item's applicable audits. */
export interface ComparisonRate {
  /** 100 × compliant / audits; null when the item applied nowhere or when withheld with the panel's score. */
  rate: number | null;
  /** Audits where the item applied (the denominator). */
  audits: number;
  /** Audits where the item was compliant (null when withheld). */
  compliant: number | null;
  withheldBecause: PanelWithheldReason | null;
}

export interface ComparisonIndicator {
  item: string;
  label: string;
  a: ComparisonRate;
  b: ComparisonRate;
  gap: number | null;
  /** The 2023 brochure's public / private figures, for the public-vs-private comparison only. */
  brochure: { a: number; b: number } | null;
}

export interface ComparisonPanel {
  spec: PanelSpec;
  /** `sector:public`… */
  specText: string;
  /** "Secteur public", "Labellisées Qualivilles", "Non labellisées Qualivilles"… */
  label: string;
  /** Bases: structures audited in the edition, and their audits (always shown: counts, not scores). */
  structures: number;
  audits: number;
}

export interface ComparisonResult {
  edition: number;
  a: ComparisonPanel;
  b: ComparisonPanel;
  /** Whether this is the public vs private panel comparison (headline brochure figures apply). */
  isPublicPrivate: boolean;
  indicators: ComparisonIndicator[];
  /** Every level (overall first, then steps, channels, determinants), keys in domain order. */
  rows: ComparisonRow[];
  /** The disclosure rule applied (other structures a panel needs). */
  rule: { meanMinOthers: number; distributionMinOthers: number };
}

/** Labels, categories and counts a comparison can be chosen among, for an edition. */
export interface ComparisonChoices {
  edition: number;
  /** Labels held by at least one structure audited in the edition, with how many hold each. */
  labels: Array<{ label: string; holders: number }>;
  categories: Array<{ code: string; label: string; structures: number }>;
}
