/**
 * Statistical disclosure control: the one rule that decides which figures of a group of
 * structures may be shown, from k, the number of OTHER structures behind them (the reader's own
 * structure excluded). Below the thresholds a figure is withheld (null, with the reason), so an
 * "anonymous" benchmark can never be one identifiable structure's score: with 4 others, the
 * quartiles and the best score ARE those 4 scores; with 1 other, the mean is that one's score.
 *
 * Defaults (settable per workspace, setting `disclosure.rule`): mean, pooled score and n from
 * k ≥ 3; median, quartiles, min, max, best, rank and percentile from k ≥ 10. Every surface (API,
 * CLI, workbooks, PDF, screens) reads rows that went through here; none applies its own threshold.
 */
import type { Db } from '../db/connection.js';
import type {
  DisclosedGroupScoreRow, DisclosedStat, Disclosure, DisclosureRule, DistributionStats, GroupScoreRow,
} from '../../shared/analytics-types.js';
import { groupScores, type GroupScoresInput } from './scores.js';

export const DEFAULT_DISCLOSURE_RULE: Readonly<DisclosureRule> = Object.freeze({ meanMinOthers: 3, distributionMinOthers: 10 });
export const DISCLOSURE_SETTING_KEY = 'disclosure.rule';

const MEAN_STATS: readonly DisclosedStat[] = ['n', 'mean'];
const DISTRIBUTION_STATS: readonly DisclosedStat[] = ['median', 'q1', 'q3', 'min', 'max', 'rank', 'percentile'];

/** The workspace's rule: its setting when valid, else the defaults (a bad setting never loosens the rule). */
export function disclosureRule(db: Db): DisclosureRule {
  const row = db.prepare('SELECT value_json FROM setting WHERE key = ?').get(DISCLOSURE_SETTING_KEY) as { value_json: string } | undefined;
  if (!row) return { ...DEFAULT_DISCLOSURE_RULE };
  try {
    return validDisclosureRule(JSON.parse(row.value_json));
  } catch {
    return { ...DEFAULT_DISCLOSURE_RULE };
  }
}

/** A rule from untrusted JSON: whole numbers from 0 (no control: internal analysis only), the distribution threshold no lower than the mean's. */
export function validDisclosureRule(value: unknown): DisclosureRule {
  const v = (value ?? {}) as Partial<Record<keyof DisclosureRule, unknown>>;
  const whole = (x: unknown, fallback: number): number => (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 1000 ? x : fallback);
  const meanMinOthers = whole(v.meanMinOthers, DEFAULT_DISCLOSURE_RULE.meanMinOthers);
  const distributionMinOthers = Math.max(meanMinOthers, whole(v.distributionMinOthers, DEFAULT_DISCLOSURE_RULE.distributionMinOthers));
  return { meanMinOthers, distributionMinOthers };
}

export function saveDisclosureRule(db: Db, rule: DisclosureRule): DisclosureRule {
  const valid = validDisclosureRule(rule);
  db.prepare('INSERT INTO setting(key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json').run(DISCLOSURE_SETTING_KEY, JSON.stringify(valid));
  return valid;
}

/** What may be shown of a group with `others` other structures. */
export function disclosureFor(others: number, rule: DisclosureRule): Disclosure {
  const withheld = [
    ...(others < rule.meanMinOthers ? MEAN_STATS : []),
    ...(others < rule.distributionMinOthers ? DISTRIBUTION_STATS : []),
  ];
  return { others, suppressed: withheld.length > 0 ? 'group-too-small' : null, withheld };
}

/** Other structures behind a group's figures when the reader may be one of its members. */
export const othersForMember = (n: number): number => Math.max(0, n - 1);

/** Whether a group's pooled score is withheld, a member possibly reading (as discloseGroupRow decides). */
export function pooledScoreWithheld(n: number, rule: DisclosureRule): boolean {
  return disclosureFor(othersForMember(n), rule).withheld.includes('mean');
}

/**
 * Two pooled figures of nested groups side by side (a group and its same panel between two
 * editions) give, by subtraction, the pooled figure of the structures in one and not the other.
 * That difference is itself a group: the pair is withheld unless it is empty or large enough to
 * be shown on its own (a member of it possibly reading).
 */
export function differenceWithheld(groupN: number, subsetN: number, rule: DisclosureRule): boolean {
  const leftOut = groupN - subsetN;
  return leftOut > 0 && pooledScoreWithheld(leftOut, rule);
}

/** Null for a withheld figure, the value otherwise. */
export function shown<T>(d: Disclosure, stat: DisclosedStat, value: T): T | null {
  return d.withheld.includes(stat) ? null : value;
}

/** A distribution with its withheld figures nulled. */
export function discloseStats(stats: DistributionStats | undefined, d: Disclosure): Omit<DistributionStats, 'n'> & Disclosure & { n: number | null } {
  return {
    n: shown(d, 'n', stats?.n ?? 0),
    mean: shown(d, 'mean', stats?.mean ?? null),
    median: shown(d, 'median', stats?.median ?? null),
    q1: shown(d, 'q1', stats?.q1 ?? null),
    q3: shown(d, 'q3', stats?.q3 ?? null),
    min: shown(d, 'min', stats?.min ?? null),
    max: shown(d, 'max', stats?.max ?? null),
    ...d,
  };
}

/**
 * A group's row (category, sector, edition, private panel) as it may be shown. `readerIsMember`:
 * whether the reader may be one of the group's structures (a category's row in the barometer
 * tables, read by its participants), which leaves one structure fewer to hide among.
 */
export function discloseGroupRow(row: GroupScoreRow, rule: DisclosureRule, readerIsMember = true): DisclosedGroupScoreRow {
  const base = disclosureFor(readerIsMember ? othersForMember(row.n) : row.n, rule);
  // A pooled score is a weighted mean of the members' sums: withheld with the mean.
  const hideScore = base.withheld.includes('mean');
  const d: Disclosure = hideScore ? { ...base, withheld: ['score', ...base.withheld] } : base;
  return {
    ...row,
    ...discloseStats(row, d),
    score: hideScore ? null : row.score,
    compliantWeight: hideScore ? null : row.compliantWeight,
    compliant: hideScore ? null : row.compliant,
  };
}

/** Group scores as every surface may show them (API, CLI, barometer tables). */
export function disclosedGroupScores(db: Db, input: GroupScoresInput): DisclosedGroupScoreRow[] {
  const rule = disclosureRule(db);
  return groupScores(db, input).map((row) => discloseGroupRow(row, rule));
}

/**
 * Whether the members of a group may be listed one by one (code, name, their own sums) to a reader
 * who may be one of them: only where the rule already shows single structures' figures (min, max,
 * best: the distribution threshold). `required`: the other structures it takes.
 */
export function membersListable(n: number, rule: DisclosureRule): { allowed: boolean; others: number; required: number } {
  const others = othersForMember(n);
  return { allowed: !disclosureFor(others, rule).withheld.includes('min'), others, required: rule.distributionMinOthers };
}
