/**
 * What the analytics engine returns (main/analytics, the CLI's --json, the UI and the exports).
 * Pure types: every figure carries the counts behind it so it can be checked by hand.
 * The method (pooling, quartiles, percentile, tie-break) is written in main/analytics/METHOD.md.
 */
import type { Level, SectorCode } from './domain.js';

/** The sums behind a score: `score = 100 × compliantWeight / applicableWeight`. */
export interface ScoreCounts {
  /** Σ weight of the compliant observations. */
  compliantWeight: number;
  /** Σ weight of the applicable observations (compliant or not; not-applicable ones left out). */
  applicableWeight: number;
  /** Observations in the set, not-applicable ones included. */
  observations: number;
  /** Observations that were applicable (compliant 1 or 0). */
  applicable: number;
  /** Observations that were compliant. */
  compliant: number;
  /** Distinct audits with at least one observation in the set. */
  audits: number;
}

/** A score at one level and key: key is "overall", a step, channel, determinant or item code. */
export interface Score extends ScoreCounts {
  level: Level;
  key: string;
  /** Label of the key in the requested language (French by default). */
  label: string;
  /** null when nothing in the set is applicable (never 0 for that case). */
  score: number | null;
}

/** The structure a row is about (category and sector as stored on the structure). */
export interface StructureRef {
  structure: string;
  name: string;
  category: string;
  categoryLabel: string;
  sector: SectorCode;
}

/** One row of `barometer scores --json`. */
export interface StructureScoreRow extends StructureRef, Score {
  edition: number;
}

/**
 * The distribution of the structures' scores of a group (each structure counts once, whatever its
 * number of observations). Quartiles: type 7 (linear interpolation between closest ranks, Excel
 * QUARTILE.INC). All null when n = 0.
 */
export interface DistributionStats {
  /** Structures of the group with a score for this level and key. */
  n: number;
  mean: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
}

export type GroupKind = 'category' | 'sector' | 'edition';

/** The group of a group score: a category code, a sector code, or the whole edition (code ''). */
export interface GroupRef {
  kind: GroupKind;
  code: string;
}

/**
 * A pooled score of a category, a sector or an edition (`score` = Σ weights over every observation
 * of the group's structures), with the distribution of its structures' own scores beside it.
 */
export interface GroupScoreRow extends Score, DistributionStats {
  edition: number;
  groupKind: GroupKind;
  group: string;
  groupLabel: string;
  /** Structures with at least one observation in the set (overall: every audited structure); n counts those with a score. */
  structures: number;
}

/**
 * Statistical disclosure control (main/analytics/disclosure.ts): what a group's figures may show
 * depends on `others`, the number of OTHER structures behind them, so that no anonymous figure is
 * one identifiable structure's score. A withheld figure is null, never a number.
 */
export type SuppressionReason = 'group-too-small';
/** The figures a disclosure rule can withhold. */
export type DisclosedStat = 'n' | 'score' | 'mean' | 'median' | 'q1' | 'q3' | 'min' | 'max' | 'rank' | 'percentile';

/** The thresholds, in other structures (the reader's own structure excluded). */
export interface DisclosureRule {
  /** Mean, pooled score and n from this many other structures (default 3). */
  meanMinOthers: number;
  /** Median, quartiles, min, max, best, rank and percentile from this many (default 10). */
  distributionMinOthers: number;
}

export interface Disclosure {
  /** Other structures behind the figures (the reader's own structure excluded). */
  others: number;
  /** Why some figures are withheld; null when everything is shown. */
  suppressed: SuppressionReason | null;
  /** The figures withheld (null in the row). */
  withheld: DisclosedStat[];
}

/** A distribution after disclosure control: n is withheld with the mean. */
export interface DisclosedStats extends Omit<DistributionStats, 'n'>, Disclosure {
  n: number | null;
}

/** One row of `barometer peers CODE --json`: the structure's score against its category. */
export interface PeerRow extends StructureScoreRow, DisclosedStats {
  /** 1 = best; structures with the same score share the best rank. null without a score or when withheld. */
  rank: number | null;
  /** 100 × (peers strictly below + ½ × peers with the same score, itself included) / n; null when withheld. */
  percentile: number | null;
  /**
   * Set when the figures are not the workspace's own peers but the national benchmark imported
   * into a diagnostic workspace: `label` says so (« référence nationale 2026 importée »).
   */
  reference?: { kind: 'national-import'; edition: number; label: string };
}

/**
 * A group's row as a deliverable or a screen may show it: the pooled score is withheld with the
 * mean, and so are the compliant sums that would give it back.
 */
export interface DisclosedGroupScoreRow extends Omit<GroupScoreRow, 'n' | 'compliantWeight' | 'compliant'>, DisclosedStats {
  compliantWeight: number | null;
  compliant: number | null;
}

/** The score of one audit (computed on the fly from its observations). */
export interface AuditScoreRow extends Score {
  edition: number;
  auditId: number;
  reference: string;
  structure: string;
  channel: string;
}

/** The levels of the Scores grid (the item level is the Explorer's business). */
export type MatrixLevel = Exclude<Level, 'item'>;

/**
 * Every structure scored in an edition × the score columns of some levels, sent column by column
 * (the Scores grid): each key, label and structure is written once, not once per cell.
 * Index i of every array of `structures` and of every `scores[c]` is the same structure.
 */
export interface ScoreMatrix {
  edition: number;
  structures: {
    code: string[];
    name: string[];
    category: string[];
    sector: SectorCode[];
    /** Audits behind the overall score. */
    audits: number[];
    /** Position in its category after the tie-break (1 = first), null without an overall score. */
    position: Array<number | null>;
    /** Structures of its category with an overall score, null without one itself. */
    rankedIn: Array<number | null>;
  };
  /** Label of each category present, in the requested language. */
  categoryLabels: Record<string, string>;
  /** Score columns: levels in the order asked, keys in the domain's order. */
  columns: Array<{ level: MatrixLevel; key: string; label: string }>;
  /** `scores[c][i]`: structure i's score in column c; null when it has none there (nothing applicable, or no observation). */
  scores: Array<Array<number | null>>;
}

/** Which rule separated a structure from the next one in a ranking. */
export type TieBreakRule = 'score' | 'traitement' | 'applicableWeight' | 'code';

export interface RankingEntry extends StructureRef {
  /** 1-based order after the tie-break (no two entries share it). */
  position: number;
  /** Competition rank on the exact overall score alone (ties share the best rank). */
  rank: number | null;
  score: number | null;
  compliantWeight: number;
  applicableWeight: number;
  observations: number;
  audits: number;
  /** Score at the "traitement" step: the first tie-break. */
  traitementScore: number | null;
  /** The rule that put this entry before the next one (null for the last entry). */
  decidedBy: TieBreakRule | null;
}

export interface CategoryRanking {
  edition: number;
  category: string;
  categoryLabel: string;
  sector: SectorCode;
  awardsWinner: boolean;
  entries: RankingEntry[];
}

/**
 * One row of `barometer winners --json`. The winner is always named; its score (the category's
 * best) is null, with `suppressed`, when the category is too small for the disclosure rule.
 */
export interface Winner extends Disclosure {
  edition: number;
  category: string;
  categoryLabel: string;
  structure: string;
  name: string;
  score: number | null;
  compliantWeight: number | null;
  applicableWeight: number;
  traitementScore: number | null;
  /** Structures of the category with an overall score. */
  participants: number;
  /** The rule that separated the winner from the runner-up (null when alone). */
  decidedBy: TieBreakRule | null;
}

export type IndicatorBy = 'structure' | 'category' | 'sector' | 'edition';

/** One row of `barometer indicators --json`: compliant share of one item over the audits where it applies. */
export interface IndicatorRow {
  item: string;
  label: string;
  edition: number;
  by: IndicatorBy;
  /** A structure, category or sector code, or the edition year as text. */
  group: string;
  groupLabel: string;
  /** 100 × compliant / audits; null when the item applied nowhere. */
  rate: number | null;
  /** Audits where the item applied (the denominator). */
  audits: number;
  /** Audits where the item was compliant (the numerator). */
  compliant: number;
  /** Audits where the item was observed, not-applicable answers included. */
  observed: number;
  /** False when the item is not in the referential in force for the edition. */
  inForce: boolean;
}

export type TrendReasonCode =
  | 'item-absent'
  | 'weight-changed'
  | 'threshold-changed'
  | 'answer-type-changed'
  | 'composition-changed'
  | 'definition-changed';

/**
 * Why a key is not comparable between two editions: a code and its parameters, rendered in the
 * reader's language by shared/trend-reasons.ts (`trendReasonsText`); `message` is the French
 * rendering, kept for the CLI's JSON and older readers.
 */
export type TrendReason = { message: string } & (
  | { code: 'item-absent'; params: { item: string; editions: number[] } }
  | { code: 'weight-changed' | 'threshold-changed'; params: { item: string; from: number | null; to: number | null } }
  | { code: 'answer-type-changed'; params: { item: string; from: string; to: string } }
  | { code: 'composition-changed'; params: { from: number; to: number; removed: string[]; added: string[] } }
  | { code: 'definition-changed'; params: { changes: TrendReason[] } }
);

/**
 * One edition of a series: the scope's score and the base behind it. For a group (category,
 * sector, edition) it is the full-panel value (every structure of the group that edition), shown
 * only as the disclosure rule allows: a withheld point has its score, compliant sums and n null.
 */
export interface TrendPoint extends Omit<ScoreCounts, 'compliantWeight' | 'compliant'> {
  edition: number;
  score: number | null;
  /** null when withheld by the disclosure rule (group scopes). */
  compliantWeight: number | null;
  compliant: number | null;
  /** Group scopes: structures with a score that edition (n; null when withheld). Always null for a structure. */
  structures: number | null;
  /** Group scopes: why the disclosure rule withholds this point; null otherwise. */
  suppressed: SuppressionReason | null;
}

/**
 * How a change between two editions reads, first matching state wins:
 * - not-participating: the structure had no audit in `missingIn` (structure scope): no value, no change;
 * - not-comparable: the referential changed for this key (`reasons`): no change;
 * - no-score: nothing applicable in `missingIn` (structure), or no structure scored in both editions (group);
 * - withheld: the same panel is too small for the disclosure rule (group);
 * - small-base: the change is computed on fewer than 3 audits on one side: shown, flagged;
 * - comparable: like for like, on 3 audits or more each side.
 */
export type TrendState = 'comparable' | 'small-base' | 'not-comparable' | 'not-participating' | 'no-score' | 'withheld';

/**
 * The same panel of a group's change: the structures with a score in both editions, pooled on
 * each side. A group's delta is computed on it, so that structures joining or leaving the
 * barometer do not pass for a change. Withheld (null, with `suppressed`) when too small.
 */
export interface TrendPanel {
  /** Structures with a score in both editions (null when withheld). */
  structures: number | null;
  /** Pooled score of the panel in the `from` and `to` editions. */
  from: number | null;
  to: number | null;
  /** Audits of the panel's structures behind each side. */
  audits: { from: number; to: number };
  suppressed: SuppressionReason | null;
}

/** Whether two consecutive editions of a series can be compared, and the change when they can. */
export interface TrendComparison {
  from: number;
  to: number;
  /** The referential is like for like for this key (see `state` for whether a change is given). */
  comparable: boolean;
  /** The referential reasons joined in one sentence, in French (null when comparable); surfaces render `reasons` in their language. */
  reason: string | null;
  reasons: TrendReason[];
  state: TrendState;
  /** The edition(s) of the pair without a value (not-participating, no-score); empty otherwise. */
  missingIn: number[];
  /** Audits behind each side of the change: the structure's at this key, or the same panel's. */
  base: { from: number; to: number };
  /**
   * to − from when a change is given (state comparable or small-base): the structure's scores, or
   * for a group the same panel's pooled scores (the full-panel values are the points).
   */
  delta: number | null;
  /** Group scopes: the same panel behind `delta`; null for a structure. */
  panel: TrendPanel | null;
}

export interface TrendSeries {
  level: Level;
  key: string;
  label: string;
  points: TrendPoint[];
  comparisons: TrendComparison[];
}

export type TrendScope = { kind: 'structure'; code: string } | GroupRef;

export interface TrendsResult {
  scope: TrendScope;
  scopeLabel: string;
  level: Level;
  editions: number[];
  series: TrendSeries[];
}

export interface AuditCountIssue extends StructureRef {
  audits: number;
  expected: number;
  /** audits − expected: negative when audits are missing. */
  difference: number;
}

export interface MissingChannels extends StructureRef {
  channels: string[];
}

export interface CompletenessReport {
  edition: number;
  expectedAudits: number;
  structures: number;
  audits: number;
  observations: number;
  /** Structures with fewer or more audits than the edition expects. */
  auditCount: AuditCountIssue[];
  /** Per structure: the channels it has no audit on. */
  missingChannelsByStructure: MissingChannels[];
  /** Channels with no audit at all in the edition. */
  channelsWithoutAudit: string[];
  /** Items in force for the edition that no audit observed. */
  itemsNeverObserved: Array<{ item: string; label: string; channel: string }>;
  /** Observations whose item code is not in the referential in force (left out of every score). */
  observationsOfUnknownItems: Array<{ item: string; observations: number; audits: number }>;
}
