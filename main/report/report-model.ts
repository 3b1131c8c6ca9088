/**
 * The data of one structure's report for one edition, independent of any output format: the PDF
 * report lays it out (pdf-report.ts), and the per-structure workbook can reuse its summary and
 * action plan. Every figure comes from the analytics service (`peerBenchmark`, `groupScores`,
 * `trends`) and the disclosure rule is READ from its output (null or withheld statistics), never
 * decided here: a withheld figure is `null` in the model, with the reason beside it.
 *
 * What is shared by every structure of an edition (items in force, private panel, category item
 * totals, edition facts) is read once into a `ReportContext`, so a batch of 2,000 reports does
 * not re-read it per structure.
 */
import type { Db } from '../db/connection.js';
import type { Lang, Level } from '../../shared/domain.js';
import { CHANNELS, DEFAULT_EXPECTED_AUDITS, labelOf } from '../../shared/domain.js';
import type { DisclosedGroupScoreRow, DisclosedStat, DisclosureRule, GroupScoreRow, PeerRow } from '../../shared/analytics-types.js';
import { AppError } from '../../shared/errors.js';
import { disclosedGroupScores, disclosureRule, editionsWithAudits, ensureAggregates, groupScores, itemsInForce, resolveEdition, scoreOf, trends } from '../analytics/index.js';
import { readCache } from '../analytics/cache-read.js';
import type { CachedRow } from '../analytics/cache-read.js';
import { keyLabels } from '../analytics/labels.js';
import type { KeyLabels } from '../analytics/labels.js';
import { benchmarkedRows } from '../analytics/peers.js';
import { assertStructureInEdition } from '../analytics/scores.js';
import type { ItemInForce } from '../analytics/index.js';
import { measureUnit } from '../import/values.js';
import { maskNullable } from '../../shared/personal-data.js';
import { trendReasonsText } from '../../shared/trend-reasons.js';
import type { LabelReadiness } from '../../shared/readiness-types.js';
import { reportReadiness } from './readiness-section.js';

/** An action-plan item observed on fewer applicable audits than this is flagged as a small base. */
export const SMALL_BASE_AUDITS = 3;

const PRIVATE_SECTOR = 'prive';

/** The disclosure fields the analytics service puts on every benchmark row it hands out. */
type DisclosedRow = Pick<PeerRow, 'others' | 'suppressed' | 'withheld' | 'median' | 'mean'>;

function withheld(row: Pick<PeerRow, 'withheld'>, stat: DisclosedStat): boolean {
  return row.withheld.includes(stat);
}

/** The benchmark figure a reader may see: the median when disclosed, else the mean, else none. */
export interface Benchmark {
  value: number | null;
  stat: 'median' | 'mean' | null;
  /** Why no median (or nothing) is shown: the group is too small. */
  withheld: boolean;
  others: number;
}

/** Reads what the analytics service disclosed of a row: never decides it (withheld figures are null there). */
function benchmarkOf(row: DisclosedRow | undefined): Benchmark {
  if (!row) return { value: null, stat: null, withheld: false, others: 0 };
  if (row.median !== null && !withheld(row, 'median')) return { value: row.median, stat: 'median', withheld: false, others: row.others };
  if (row.mean !== null && !withheld(row, 'mean')) return { value: row.mean, stat: 'mean', withheld: true, others: row.others };
  return { value: null, stat: null, withheld: row.suppressed !== null, others: row.others };
}

export interface LevelRow {
  level: Level;
  key: string;
  label: string;
  score: number | null;
  /** Applicable observations behind the score. */
  applicable: number;
  category: Benchmark;
  privatePanel: Benchmark;
  gapToCategory: number | null;
  gapToPrivate: number | null;
}

export type TrendState =
  | { kind: 'first-edition' }
  | { kind: 'not-participant'; edition: number }
  | { kind: 'no-score'; edition: number }
  | { kind: 'not-comparable'; edition: number; previous: number | null; reason: string }
  | { kind: 'compared'; edition: number; previous: number; delta: number };

export interface ReportSummary {
  score: number | null;
  /** Applicable observations and audits behind the overall score. */
  applicable: number;
  audits: number;
  /** Structures of the category with a score (null when withheld). */
  categorySize: number | null;
  rank: number | null;
  percentile: number | null;
  rankWithheld: boolean;
  category: Benchmark;
  privatePanel: Benchmark;
  gapToCategory: number | null;
  gapToPrivate: number | null;
  /** Category quartiles for the bar chart (null when withheld). */
  quartiles: { q1: number; median: number; q3: number } | null;
  quartilesWithheld: boolean;
  strongest: LevelRow[];
  weakest: LevelRow[];
  trend: TrendState;
}

export interface EvidenceItem {
  reference: string;
  /** ISO date as stored (YYYY-MM-DD), null when unknown. */
  date: string | null;
  channel: string;
  channelLabel: string;
  /** Every listed audit failed the item: the answer in words is "Non conforme". */
  answer: 'non-compliant';
  measure: number | null;
  unit: MeasureUnit | null;
  /** The raw answer when it is not a yes/no nor a number ("Pas de réponse"…), else null. */
  rawNote: string | null;
  /** Observation and audit comments, personal names masked. */
  comment: string | null;
}

export type MeasureUnit = 'seconds' | 'minutes' | 'hours' | 'days' | 'rings' | 'clicks' | 'posts';

export interface ActionItem {
  item: string;
  label: string;
  channel: string;
  channelLabel: string;
  weight: number;
  /** Applicable audits (the base) and failed ones. */
  applicable: number;
  failed: number;
  failureRate: number;
  /** The category's failure rate on the item (other structures), null when withheld or none. */
  categoryFailureRate: number | null;
  categoryWithheld: boolean;
  /** failureRate − categoryFailureRate, or the failure rate itself when the benchmark is withheld. */
  gap: number;
  /** weight × failure rate × gap (rates as fractions): the ranking key. */
  priority: number;
  smallBase: boolean;
  evidence: EvidenceItem[];
}

export interface MethodFacts {
  expectedAudits: number;
  channels: number;
  audits: number;
  auditsByChannel: Array<{ channel: string; label: string; audits: number }>;
  /** Fieldwork: min and max audit dates of the structure in the edition (ISO), null when unknown. */
  firstAudit: string | null;
  lastAudit: string | null;
  itemsInForce: number;
  /** The disclosure rule of the workspace (for the method's wording). */
  thresholds: DisclosureRule;
  smallBase: number;
}

export interface ReportModel {
  lang: Lang;
  edition: number;
  structure: { code: string; name: string; category: string; categoryLabel: string; sector: string };
  summary: ReportSummary;
  steps: LevelRow[];
  channels: LevelRow[];
  determinants: LevelRow[];
  actionPlan: ActionItem[];
  method: MethodFacts;
  /** Personal data in comments left as written (internal use): the report says so. */
  keepNames: boolean;
  /** Path of the logo image (workspace setting `report.logoPath`), null when none. */
  logoPath: string | null;
  generatedAt: Date;
  /** Readiness for each label of the referential the structure does not hold yet (readiness-section.ts). */
  readiness: LabelReadiness[];
  /** In a diagnostic workspace: the imported national benchmark the category figures come from (« référence nationale 2026 importée »). */
  benchmarkReference: string | null;
}

/** What every report of an edition shares: read once per batch. */
export interface ReportContext {
  edition: number;
  lang: Lang;
  previousEdition: number | null;
  items: Map<string, ItemInForce>;
  /** The private panel (sector "prive") per `level\0key`, as the disclosure rule lets it be shown. */
  privatePanel: Map<string, DisclosedGroupScoreRow>;
  /** Category statistics per `category\0level\0key` (undisclosed: `toPeerRow` applies the rule). */
  categoryStats: Map<string, GroupScoreRow>;
  labels: KeyLabels;
  /** Whether the previous edition's overall score compares like for like, and why not (edition-wide). */
  previousComparison: { comparable: boolean; reason: string | null } | null;
  expectedAudits: number;
  rule: DisclosureRule;
  logoPath: string | null;
  now: Date;
}

const keyOf = (level: string, key: string): string => `${level}\u0000${key}`;

/** The workspace setting `report.logoPath` (a JSON string), null when absent or not a string. */
export function readLogoPath(db: Db): string | null {
  const raw = db.prepare(`SELECT value_json FROM setting WHERE key = 'report.logoPath'`).pluck().get() as string | undefined;
  if (raw === undefined) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value === 'string' && value.trim() !== '' ? value : null;
  } catch {
    return null;
  }
}

export function buildReportContext(db: Db, input: { edition?: number; lang?: Lang; now?: Date }): ReportContext {
  const edition = resolveEdition(db, input.edition);
  const lang = input.lang ?? 'fr';
  const previousEdition = editionsWithAudits(db).filter((e) => e < edition).pop() ?? null;
  const privatePanel = new Map(disclosedGroupScores(db, { edition, kind: 'sector', code: PRIVATE_SECTOR, lang }).filter((g) => g.level !== 'item').map((g) => [keyOf(g.level, g.key), g]));
  const categoryStats = new Map(groupScores(db, { edition, kind: 'category', lang }).map((g) => [`${g.group}\u0000${g.level}\u0000${g.key}`, g]));
  // Comparability depends on the referentials only, not on the structure: read once per edition.
  const comparison = previousEdition === null ? null
    : trends(db, { scope: { kind: 'edition', code: '' }, level: 'overall', editions: [previousEdition, edition], lang }).series[0]?.comparisons[0] ?? null;
  if (previousEdition !== null) ensureAggregates(db, previousEdition);
  const expected = db.prepare('SELECT expected_audits FROM edition WHERE year = ?').pluck().get(edition) as number | null | undefined;
  return {
    edition,
    lang,
    previousEdition,
    items: itemsInForce(db, edition),
    privatePanel,
    categoryStats,
    labels: keyLabels(db, [edition], lang),
    // The reasons in the report's language (the engine gives codes and parameters).
    previousComparison: comparison ? { comparable: comparison.comparable, reason: comparison.comparable ? null : trendReasonsText(comparison.reasons, lang) } : null,
    expectedAudits: expected ?? DEFAULT_EXPECTED_AUDITS,
    rule: disclosureRule(db),
    logoPath: readLogoPath(db),
    now: input.now ?? new Date(),
  };
}

/**
 * The unit a measure of this item is expressed in, read from its label: a count ("Nombre de
 * clics…") in its own unit, or none when the thing counted has no word here; else a duration
 * as the importer reads it (seconds, hours, days, by default minutes).
 */
export function unitOfItem(label: string): MeasureUnit | null {
  if (/sonnerie|\brings?\b/i.test(label)) return 'rings';
  if (/\bclics?\b|\bclicks?\b/i.test(label)) return 'clicks';
  if (/\bpublications?\b|\bposts?\b/i.test(label)) return 'posts';
  if (/^\s*(nombre|number)\b/i.test(label)) return null;
  return measureUnit(label);
}

function levelRows(peers: readonly PeerRow[], ctx: ReportContext, level: Level): LevelRow[] {
  return peers.filter((p) => p.level === level).map((p): LevelRow => {
    const category = benchmarkOf(p);
    const privatePanel = benchmarkOf(ctx.privatePanel.get(keyOf(p.level, p.key)));
    return {
      level,
      key: p.key,
      label: p.label,
      score: p.score,
      applicable: p.applicable,
      category,
      privatePanel,
      gapToCategory: p.score !== null && category.value !== null ? p.score - category.value : null,
      gapToPrivate: p.score !== null && privatePanel.value !== null ? p.score - privatePanel.value : null,
    };
  });
}

/**
 * The overall trend against the previous edition: the same figures as the analytics service's
 * `trends({ scope: structure, level: 'overall' })` (the structure's cached sums of the previous
 * edition, score = `scoreOf`; comparability from the edition-wide series, which depends on the
 * referentials only), read without re-reading the referentials for every structure of a batch.
 */
function trendState(db: Db, ctx: ReportContext, code: string, score: number | null): TrendState {
  if (ctx.previousEdition === null) return { kind: 'first-edition' };
  const previous = ctx.previousEdition;
  const before = readCache(db, { edition: previous, structure: code, level: 'overall' })[0];
  if (!before || before.audits === 0) return { kind: 'not-participant', edition: previous };
  const previousScore = scoreOf(before.compliantWeight, before.applicableWeight);
  if (previousScore === null) return { kind: 'no-score', edition: previous };
  const cmp = ctx.previousComparison;
  if (!cmp || !cmp.comparable || score === null) return { kind: 'not-comparable', edition: previous, previous: previousScore, reason: cmp?.reason ?? '' };
  return { kind: 'compared', edition: previous, previous: previousScore, delta: score - previousScore };
}

/** Strengths and weaknesses: the determinants with a score, best first; the two lists never overlap. */
function strengthsAndWeaknesses(determinants: readonly LevelRow[]): { strongest: LevelRow[]; weakest: LevelRow[] } {
  const scored = determinants.filter((d) => d.score !== null).sort((a, b) => (b.score as number) - (a.score as number) || a.label.localeCompare(b.label, 'fr'));
  const top = Math.min(3, Math.ceil(scored.length / 2));
  const bottom = Math.min(3, scored.length - top);
  return { strongest: scored.slice(0, top), weakest: scored.slice(scored.length - bottom).reverse() };
}

/** Audits of evidence kept per failed item (the PDF shows fewer; a workbook may show them all). */
export const EVIDENCE_PER_ITEM = 50;

export interface EvidenceRow {
  item: string;
  reference: string;
  auditDate: string | null;
  channel: string;
  raw: string | null;
  measure: number | null;
  comment: string | null;
  auditComment: string | null;
}

/** The structure's non-compliant observations in the edition, oldest first, at most EVIDENCE_PER_ITEM per item. */
export function evidenceRows(db: Db, edition: number, structure: string): EvidenceRow[] {
  const rows = db.prepare(`
    SELECT o.item_code AS item, a.reference, a.audit_date AS auditDate, a.channel, o.raw, o.measure, o.comment, a.comment AS auditComment
    FROM audit a JOIN observation o ON o.audit_id = a.id
    WHERE a.edition = ? AND a.structure_code = ? AND o.compliant = 0
    ORDER BY a.audit_date, a.reference`).all(edition, structure) as EvidenceRow[];
  const perItem = new Map<string, number>();
  return rows.filter((r) => {
    const seen = perItem.get(r.item) ?? 0;
    perItem.set(r.item, seen + 1);
    return seen < EVIDENCE_PER_ITEM;
  });
}

const YES_NO = /^(oui|non|o|n|yes|no|y|1|0|x|vrai|faux|true|false|conforme|non conforme|nc|ok|ko)$/i;

function evidenceNote(raw: string | null, measure: number | null): string | null {
  if (raw === null || raw.trim() === '' || measure !== null) return null;
  if (YES_NO.test(raw.trim())) return null;
  return raw.trim();
}

function actionPlan(db: Db, ctx: ReportContext, structure: { code: string; category: string }, peers: readonly PeerRow[], keepNames: boolean): ActionItem[] {
  const failedRows = peers.filter((p) => p.level === 'item' && p.applicable > 0 && p.applicable - p.compliant > 0);
  const evidence = evidenceRows(db, ctx.edition, structure.code);
  const byItem = new Map<string, EvidenceItem[]>();
  for (const e of evidence) {
    const def = ctx.items.get(e.item);
    const unit = def && def.answerType !== 'oui-non' ? unitOfItem(def.labelFr) : null;
    const comment = [maskNullable(e.comment, keepNames), maskNullable(e.auditComment, keepNames)].filter((c): c is string => !!c && c.trim() !== '').join(' — ');
    const list = byItem.get(e.item) ?? [];
    list.push({
      reference: e.reference,
      date: e.auditDate,
      channel: e.channel,
      channelLabel: labelOf(CHANNELS, e.channel, ctx.lang),
      answer: 'non-compliant',
      measure: e.measure,
      unit: e.measure === null ? null : unit,
      rawNote: evidenceNote(e.raw, e.measure),
      comment: comment === '' ? null : comment,
    });
    byItem.set(e.item, list);
  }
  const plan = failedRows.map((p): ActionItem => {
    const def = ctx.items.get(p.key);
    const failed = p.applicable - p.compliant;
    const failureRate = (100 * failed) / p.applicable;
    // The category's failure rate is a pooled figure of the other structures: shown when the
    // analytics service discloses the item's category mean (same rule as any pooled score).
    const cat = ctx.categoryStats.get(`${structure.category}\u0000item\u0000${p.key}`);
    const othersApplicable = (cat?.applicable ?? 0) - p.applicable;
    const othersFailed = (cat ? cat.applicable - cat.compliant : 0) - failed;
    const categoryWithheld = withheld(p, 'mean') || p.mean === null;
    const categoryFailureRate = categoryWithheld || othersApplicable <= 0 ? null : (100 * othersFailed) / othersApplicable;
    const gap = categoryFailureRate === null ? failureRate : failureRate - categoryFailureRate;
    const weight = def?.weight ?? 1;
    return {
      item: p.key,
      label: p.label,
      channel: def?.channel ?? '',
      channelLabel: labelOf(CHANNELS, def?.channel ?? '', ctx.lang),
      weight,
      applicable: p.applicable,
      failed,
      failureRate,
      categoryFailureRate,
      categoryWithheld,
      gap,
      priority: weight * (failureRate / 100) * (gap / 100),
      smallBase: p.applicable < SMALL_BASE_AUDITS,
      evidence: byItem.get(p.key) ?? [],
    };
  });
  return plan.sort((a, b) => b.priority - a.priority || b.failureRate - a.failureRate || b.failed - a.failed || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}

function methodFacts(db: Db, ctx: ReportContext, code: string): MethodFacts {
  const rows = db.prepare(`SELECT channel, COUNT(*) AS audits, MIN(audit_date) AS first, MAX(audit_date) AS last
    FROM audit WHERE edition = ? AND structure_code = ? GROUP BY channel`).all(ctx.edition, code) as Array<{ channel: string; audits: number; first: string | null; last: string | null }>;
  const order = new Map<string, number>(CHANNELS.map((c, i) => [c.code, i]));
  const dates = rows.flatMap((r) => [r.first, r.last]).filter((d): d is string => !!d).map((d) => d.slice(0, 10)).sort();
  return {
    expectedAudits: ctx.expectedAudits,
    channels: CHANNELS.length,
    audits: rows.reduce((s, r) => s + r.audits, 0),
    auditsByChannel: rows.sort((a, b) => (order.get(a.channel) ?? 99) - (order.get(b.channel) ?? 99))
      .map((r) => ({ channel: r.channel, label: labelOf(CHANNELS, r.channel, ctx.lang), audits: r.audits })),
    firstAudit: dates[0] ?? null,
    lastAudit: dates[dates.length - 1] ?? null,
    itemsInForce: ctx.items.size,
    thresholds: ctx.rule,
    smallBase: SMALL_BASE_AUDITS,
  };
}

/** A structure's cached sums (`own`) beside its category's statistics read once per edition, disclosed by `toPeerRow`. */
export function peerRowsOf(db: Db, ctx: ReportContext, category: string, own: readonly CachedRow[]): PeerRow[] {
  return benchmarkedRows(db, { edition: ctx.edition, category, own, statsOf: (r) => ctx.categoryStats.get(`${r.category}\u0000${r.level}\u0000${r.key}`), labels: ctx.labels, lang: ctx.lang, rule: ctx.rule });
}

function ownPeerRows(db: Db, ctx: ReportContext, info: { code: string; category: string }): PeerRow[] {
  const own = readCache(db, { edition: ctx.edition, structure: info.code });
  if (own.length === 0) assertStructureInEdition(db, ctx.edition, info.code);
  return peerRowsOf(db, ctx, info.category, own);
}

/**
 * The report of one structure (nothing written). Throws NOT_FOUND for an unknown or unaudited
 * structure. `peers`: the structure's rows already computed by the caller with `benchmarkedRows`
 * for the same edition, statistics and rule (the structure workbook, which prints them too), so a
 * batch does not compute them twice per structure.
 */
export function buildReportModel(db: Db, ctx: ReportContext, input: { structure: string; keepNames?: boolean; peers?: readonly PeerRow[] }): ReportModel {
  const info = db.prepare('SELECT code, name, category, sector FROM structure WHERE code = ?').get(input.structure) as
    { code: string; name: string; category: string; sector: string } | undefined;
  if (!info) throw AppError.keyed('NOT_FOUND', 'analytics.structureUnknown', { structure: input.structure }, { structure: input.structure }, ctx.lang);
  // The same rows as the analytics service's `peerBenchmark` (cached sums beside the category's
  // statistics, disclosed by `toPeerRow`), with the statistics and labels read once per edition.
  const peers = input.peers ?? ownPeerRows(db, ctx, info);
  const overall = peers.find((p) => p.level === 'overall');
  const steps = levelRows(peers, ctx, 'step');
  const channels = levelRows(peers, ctx, 'channel');
  const determinants = levelRows(peers, ctx, 'determinant');
  const [overallRow] = overall ? levelRows([overall], ctx, 'overall') : [];
  // Withheld statistics are already null in the service's rows.
  const rank = overall?.rank ?? null;
  const percentile = overall?.percentile ?? null;
  const q1 = overall?.q1 ?? null;
  const median = overall?.median ?? null;
  const q3 = overall?.q3 ?? null;
  const { strongest, weakest } = strengthsAndWeaknesses(determinants);
  return {
    lang: ctx.lang,
    edition: ctx.edition,
    structure: { code: info.code, name: info.name, category: info.category, categoryLabel: overall?.categoryLabel ?? info.category, sector: info.sector },
    summary: {
      score: overall?.score ?? null,
      applicable: overall?.applicable ?? 0,
      audits: overall?.audits ?? 0,
      categorySize: overall?.n ?? null,
      rank,
      percentile,
      // Against an imported national reference there is no rank to withhold: the file holds statistics only.
      rankWithheld: overall !== undefined && overall.score !== null && overall.reference === undefined && (rank === null || percentile === null),
      category: overallRow?.category ?? benchmarkOf(undefined),
      privatePanel: overallRow?.privatePanel ?? benchmarkOf(undefined),
      gapToCategory: overallRow?.gapToCategory ?? null,
      gapToPrivate: overallRow?.gapToPrivate ?? null,
      quartiles: q1 !== null && median !== null && q3 !== null ? { q1, median, q3 } : null,
      quartilesWithheld: q1 === null || median === null || q3 === null,
      strongest,
      weakest,
      trend: trendState(db, ctx, info.code, overall?.score ?? null),
    },
    steps,
    channels,
    determinants,
    actionPlan: actionPlan(db, ctx, info, peers, input.keepNames === true),
    benchmarkReference: overall?.reference?.label ?? null,
    readiness: reportReadiness(db, ctx, { structure: info.code, keepNames: input.keepNames === true }),
    method: methodFacts(db, ctx, info.code),
    keepNames: input.keepNames === true,
    logoPath: ctx.logoPath,
    generatedAt: ctx.now,
  };
}
