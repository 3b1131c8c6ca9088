/**
 * One structure's results workbook (`barometer export structure CODE`): its scores at every level
 * against its category's anonymous benchmark and the private panel, its rank and percentile, its
 * trend over editions, the items it failed most and the audit evidence behind them.
 *
 * Confidentiality is built in, not bolted on: the only structure this module ever names is the one
 * the workbook is for (every other structure enters only through anonymous aggregates from the
 * analytics service); a benchmark, rank or peer rate built from fewer than 3 OTHER structures is
 * withheld with a note; personal names in comments are masked unless `keepNames`.
 *
 * Flow: `StructureExportContext` (built once per edition and language, from the analytics
 * service: category and private-panel statistics, key labels, items in force, the edition-wide
 * trends that carry labels and comparability) → per structure, its cached sums (`readCache`)
 * joined to that context exactly as `peerBenchmark` and `trends` join them (the tests check the
 * rows are equal for every structure) → a `WorkbookSpec` → workbook-kit. Reading the shared
 * figures once instead of once per structure is what keeps a 2,000-workbook batch fast.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import type { Lang, Level } from '../../shared/domain.js';
import { CHANNELS, GROUP_LEVELS, STEPS, labelOf } from '../../shared/domain.js';
import type { DisclosureRule, GroupScoreRow, PeerRow, ScoreCounts, TrendPoint, TrendSeries, TrendsResult } from '../../shared/analytics-types.js';
import { disclosureFor, discloseGroupRow, editionsWithAudits, groupScores, itemsInForce, othersForMember, resolveEdition, trends } from '../analytics/index.js';
import { readCache } from '../analytics/cache-read.js';
import { structureComparison, structurePoint } from '../analytics/trends.js';
import type { CachedRow } from '../analytics/cache-read.js';
import type { KeyLabels } from '../analytics/labels.js';
import { assertStructureInEdition } from '../analytics/scores.js';
import { AppError } from '../../shared/errors.js';
import { writeWorkbook } from './workbook-kit.js';
import type { ColumnSpec, NotesLine, WorkbookSpec, WriteOptions } from './workbook-kit.js';
import { formatGenerated, labels } from './labels.js';
import type { Labels } from './labels.js';
import { fraction } from './barometer-tables.js';
import { writeAtomically } from './write-atomically.js';
import { trendColumns, trendRows } from './trend-sheet.js';
import type { WrittenExport } from './barometer-tables.js';
import { maskNullable } from '../../shared/personal-data.js';
import { buildReportContext, buildReportModel, evidenceRows, peerRowsOf } from '../report/report-model.js';
import { readinessSheets } from './readiness-sheet.js';
import type { EvidenceRow, ReportContext } from '../report/report-model.js';
import { actionPlanSheet, summarySheet } from './structure-summary.js';

/** Items listed in "Points à améliorer" (evidence per item: the report model's EVIDENCE_PER_ITEM). */
export const FAILED_ITEMS_LIMIT = 15;

const PRIVATE_PANEL = 'panel-prive';
const TREND_LEVELS: readonly Level[] = GROUP_LEVELS;

export interface StructureWorkbookInput {
  structure: string;
  edition: number;
  lang?: Lang;
  outFile: string;
  /** Keep personal names in audit comments (internal use only). Default: masked. */
  keepNames?: boolean;
  now?: Date;
}

/** What every structure of an edition shares: read once, reused for each workbook of a batch. */
export interface StructureExportContext {
  edition: number;
  lang: Lang;
  L: Labels;
  /** Editions up to this one that have audits (the trend's columns). */
  editions: number[];
  /** Private panel statistics per `level\0key` (as computed: disclosed per reader, see privatePanelRow). */
  privatePanel: Map<string, GroupScoreRow>;
  /** The workspace's disclosure rule: what an anonymous benchmark may show. */
  rule: DisclosureRule;
  /** Category statistics per `category\0level\0key` (benchmarks; item totals for peers' failure rates). */
  categoryStats: Map<string, GroupScoreRow>;
  /** Labels and order of the edition's keys (as the analytics service's peer rows use them). */
  labels: KeyLabels;
  determinantLabels: Map<string, string>;
  /** Items in force for the edition (channel, step, determinant of each code). */
  items: Map<string, { channel: string; step: string; determinant: string }>;
  /**
   * Edition-wide trends per level: their labels, order and comparability (which depend on the
   * referentials only, not on the scope) are reused for every structure's trend.
   */
  trendTemplates: Map<Level, TrendsResult>;
  /** What the PDF report of every structure shares: the summary and action-plan sheets are its twin. */
  report: ReportContext;
  now: Date;
}

const keyOf = (level: string, key: string): string => `${level}\u0000${key}`;

/** Prepared statements per connection: a batch runs them thousands of times. */
const STATEMENTS = new WeakMap<Db, Map<string, Statement<unknown[]>>>();
function statement(db: Db, sql: string): Statement<unknown[]> {
  let map = STATEMENTS.get(db);
  if (!map) {
    map = new Map();
    STATEMENTS.set(db, map);
  }
  let stmt = map.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    map.set(sql, stmt);
  }
  return stmt;
}

export function buildStructureExportContext(db: Db, input: { edition: number; lang?: Lang; now?: Date }): StructureExportContext {
  const lang = input.lang ?? 'fr';
  const edition = resolveEdition(db, input.edition);
  const editions = editionsWithAudits(db).filter((e) => e <= edition);
  const privatePanel = new Map(groupScores(db, { edition, kind: 'category', code: PRIVATE_PANEL, lang }).map((g) => [keyOf(g.level, g.key), g]));
  const trendTemplates = new Map(TREND_LEVELS.map((level) => [level, trends(db, { scope: { kind: 'edition', code: '' }, level, editions, lang })]));
  const items = new Map([...itemsInForce(db, edition).values()].map((i) => [i.code, { channel: i.channel, step: i.step, determinant: i.determinant }]));
  const determinantLabels = new Map((db.prepare('SELECT code, label_fr AS fr, label_en AS en FROM determinant').all() as Array<{ code: string; fr: string; en: string | null }>)
    .map((d) => [d.code, lang === 'en' ? d.en ?? d.fr : d.fr]));
  const now = input.now ?? new Date();
  // The report's context reads the category statistics, labels and rule once: the workbook uses the same.
  const report = buildReportContext(db, { edition, lang, now });
  return { edition, lang, L: labels(lang), editions, privatePanel, rule: report.rule, categoryStats: report.categoryStats, labels: report.labels, determinantLabels, items, trendTemplates, report, now };
}

/**
 * A structure's peer rows: the same rows as the analytics service's `peerBenchmark` (its cached
 * sums, rank and percentile from `readCache`, beside its category's statistics, labelled and
 * ordered by `keyLabels`), but with the category statistics and labels read once per edition
 * for a whole batch. The integration tests check it equals `peerBenchmark` for every structure.
 */
export function peerRows(db: Db, ctx: StructureExportContext, own: readonly CachedRow[]): PeerRow[] {
  return peerRowsOf(db, ctx.report, own[0]?.category ?? '', own);
}

/** The private panel's row for one level and key as a structure may see it (a panel member is one of its own peers). */
export function privatePanelRow(ctx: StructureExportContext, level: string, key: string, structureCategory: string) {
  const row = ctx.privatePanel.get(keyOf(level, key));
  return row ? discloseGroupRow(row, ctx.rule, structureCategory === PRIVATE_PANEL) : undefined;
}

interface StructureInfo {
  code: string;
  name: string;
  category: string;
  categoryLabel: string;
  audits: number;
}

interface FailedRow {
  item: string;
  label: string;
  channel: string;
  step: string;
  determinant: string;
  applicable: number;
  failed: number;
  failureRate: number;
  /** null when none applies or when the disclosure rule withholds it. */
  peersFailureRate: number | null;
  peersWithheld: boolean;
}

/**
 * The items a structure failed most: the same figures as the Fiche structure's `failedItems`
 * (main/explorer/failed-items.ts: rate = failed / applicable, ordered by rate, then failures, then
 * code), read from the analytics aggregates so a batch does not rescan the category per item; the
 * peers' rate is the category's totals less the structure's own. Tests check both agree.
 */
export function failedItemsFromAggregates(db: Db, ctx: StructureExportContext, structure: StructureInfo, peerItems: readonly PeerRow[], limit = FAILED_ITEMS_LIMIT): FailedRow[] {
  const defs = ctx.items;
  const rows: FailedRow[] = [];
  for (const p of peerItems) {
    const failed = p.applicable - p.compliant;
    if (p.level !== 'item' || failed <= 0 || p.applicable === 0) continue;
    const def = defs.get(p.key);
    if (!def) continue;
    const cat = ctx.categoryStats.get(`${structure.category}\u0000item\u0000${p.key}`);
    const peersApplicable = (cat?.applicable ?? 0) - p.applicable;
    const peersFailed = ((cat?.applicable ?? 0) - (cat?.compliant ?? 0)) - failed;
    // The peers' rate is a mean over the other structures that have a score on the item.
    const withheld = disclosureFor(othersForMember(cat?.n ?? 0), ctx.rule).withheld.includes('mean');
    rows.push({
      item: p.key,
      label: p.label,
      channel: def.channel,
      step: def.step,
      determinant: def.determinant,
      applicable: p.applicable,
      failed,
      failureRate: (100 * failed) / p.applicable,
      peersFailureRate: withheld || peersApplicable <= 0 ? null : (100 * peersFailed) / peersApplicable,
      peersWithheld: withheld,
    });
  }
  rows.sort((a, b) => b.failed / b.applicable - a.failed / a.applicable || b.failed - a.failed || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
  return rows.slice(0, limit);
}

/** The evidence of `items`, in their order: the report model's rows (one query for both deliverables). */
function evidence(db: Db, edition: number, structure: string, items: readonly string[]): EvidenceRow[] {
  if (items.length === 0) return [];
  const order = new Map(items.map((code, i) => [code, i]));
  return evidenceRows(db, edition, structure)
    .filter((r) => order.has(r.item))
    .sort((a, b) => (order.get(a.item) ?? 0) - (order.get(b.item) ?? 0));
}

/** An ISO date (YYYY-MM-DD…) as a Date cell at UTC midnight, else the text as stored. */
function auditDate(value: string | null): Date | string | null {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function structureInfo(db: Db, edition: number, code: string, lang: Lang): StructureInfo {
  const row = statement(db, `SELECT s.code, s.name, s.category, (SELECT COUNT(*) FROM audit a WHERE a.structure_code = s.code AND a.edition = ?) AS audits
    FROM structure s WHERE s.code = ?`).get(edition, code) as { code: string; name: string; category: string; audits: number } | undefined;
  if (!row) throw AppError.keyed('NOT_FOUND', 'analytics.structureUnknown', { structure: code }, { structure: code }, lang);
  return { ...row, categoryLabel: '' };
}

/**
 * The structure's trend at each level: the same series as the analytics service's
 * `trends({ scope: structure })`, assembled for a batch without re-reading the referentials for
 * every structure. Points: the structure's cached sums per edition (analytics `readCache`), made
 * points and states by trends.ts's `structurePoint` and `structureComparison`; labels, order and the
 * referential comparability: the edition-wide template (it depends on the referentials only). The
 * integration tests check it equals `trends()` for every structure of the fixture.
 */
export function structureTrends(db: Db, ctx: StructureExportContext, code: string, current?: readonly CachedRow[]): TrendsResult[] {
  const byEdition = new Map<number, Map<string, ScoreCounts>>();
  for (const edition of ctx.editions) {
    const rows = edition === ctx.edition && current
      ? current.filter((r) => r.level !== 'item')
      : TREND_LEVELS.flatMap((level) => readCache(db, { edition, structure: code, level }));
    byEdition.set(edition, new Map(rows.map((r) => [`${r.level}\u0000${r.key}`, r])));
  }
  // Every audited structure has an overall aggregate: its presence says it took part (as trends.ts reads it).
  const tookPart = ctx.editions.map((edition) => byEdition.get(edition)?.has('overall\u0000overall') === true);
  return TREND_LEVELS.map((level): TrendsResult => {
    const template = ctx.trendTemplates.get(level);
    const series: TrendSeries[] = [];
    for (const t of template?.series ?? []) {
      const id = `${level}\u0000${t.key}`;
      if (![...byEdition.values()].some((m) => m.has(id))) continue;
      const points = ctx.editions.map((edition) => structurePoint(edition, byEdition.get(edition)?.get(id)));
      // Only the referential part of the edition-wide comparison is shared; the state is the structure's own.
      const comparisons = t.comparisons.map(({ from, to, comparable, reason, reasons }, i) => structureComparison({ from, to, comparable, reason, reasons },
        points[i] as TrendPoint, points[i + 1] as TrendPoint, [tookPart[i] as boolean, tookPart[i + 1] as boolean]));
      series.push({ level, key: t.key, label: t.label, points, comparisons });
    }
    return { scope: { kind: 'structure', code }, scopeLabel: '', level, editions: [...ctx.editions], series };
  });
}

/** The workbook description of one structure (nothing written). */
export function structureWorkbookSpec(db: Db, ctx: StructureExportContext, input: { structure: string; keepNames?: boolean }): WorkbookSpec {
  const { L, lang, edition } = ctx;
  const S = L.structure;
  const C = L.common;
  const info = structureInfo(db, edition, input.structure, lang);
  const own = readCache(db, { edition, structure: info.code });
  if (own.length === 0) assertStructureInEdition(db, edition, info.code);
  const peers = peerRows(db, ctx, own);
  info.categoryLabel = peers[0]?.categoryLabel ?? info.category;
  const keepNames = input.keepNames === true;

  // Every figure below comes disclosed (null when the rule withholds it): nothing is hidden here.
  let withheld = 0;
  const benchmarkCells = (p: PeerRow): unknown[] => {
    if (p.suppressed !== null) withheld += 1;
    const pp = privatePanelRow(ctx, p.level, p.key, info.category);
    return [
      p.score,
      p.rank,
      fraction(p.percentile),
      p.n,
      p.median,
      p.q1,
      p.q3,
      p.max,
      p.score === null || p.median === null ? null : p.score - p.median,
      pp?.median ?? null,
      pp?.score ?? null,
      p.suppressed !== null ? S.suppressed : null,
    ];
  };
  const benchmarkColumns: ColumnSpec[] = [
    { header: S.yourScore, kind: 'score', colorScale: true },
    { header: S.rank, kind: 'int' },
    { header: S.percentile, kind: 'percent' },
    { header: S.peers, kind: 'int' },
    { header: C.median, kind: 'score' },
    { header: C.q1, kind: 'score' },
    { header: C.q3, kind: 'score' },
    { header: C.best, kind: 'score' },
    { header: S.gapToMedian, kind: 'delta' },
    { header: S.privateMedian, kind: 'score' },
    { header: S.privateScore, kind: 'score' },
    { header: S.remark, kind: 'text' },
  ];

  const levelRows = peers.filter((p) => p.level !== 'item').map((p) => [C.levels[p.level] ?? p.level, p.label, ...benchmarkCells(p)]);
  const withheldLevels = withheld;
  withheld = 0;
  const itemPeers = peers.filter((p) => p.level === 'item');
  const itemRows = itemPeers.map((p) => [p.key, p.label, labelOf(CHANNELS, ctx.items.get(p.key)?.channel ?? '', lang), ...benchmarkCells(p)]);
  const withheldItems = withheld;

  const overall = peers.find((p) => p.level === 'overall');
  const ppOverall = privatePanelRow(ctx, 'overall', 'overall', info.category);

  const failed = failedItemsFromAggregates(db, ctx, info, itemPeers);
  const proof = evidence(db, edition, info.code, failed.map((f) => f.item));
  const labelOfItem = new Map(failed.map((f) => [f.item, f.label]));

  const trendResults = structureTrends(db, ctx, info.code, own);
  for (const r of trendResults) r.scopeLabel = info.name;
  const trendTableRows = trendResults.flatMap((r) => trendRows(r, L, info.name, false));

  const headline: NotesLine[] = [
    { label: S.overall, value: overall?.score ?? null, kind: 'score' },
    ...(!overall || overall.rank === null || overall.n === null
      ? [{ label: S.rank, value: S.suppressed }]
      : [
        { label: S.rank, value: S.rankOf(overall.rank, overall.n) },
        { label: S.percentile, value: fraction(overall.percentile), kind: 'percent' as const },
      ]),
    ...(overall?.mean != null ? [{ label: `${C.mean} (${info.categoryLabel})`, value: overall.mean, kind: 'score' as const }] : []),
    ...(overall?.median != null ? [{ label: `${C.median} (${info.categoryLabel})`, value: overall.median, kind: 'score' as const }] : []),
    ...(overall?.max != null ? [{ label: `${C.best} (${info.categoryLabel})`, value: overall.max, kind: 'score' as const }] : []),
    ...(ppOverall?.score != null ? [{ label: S.privatePanel, value: ppOverall.score, kind: 'score' as const }] : []),
  ];

  const withheldTotal = withheldLevels + withheldItems + failed.filter((f) => f.peersWithheld).length;
  // The PDF report's model of the same structure: the summary and action-plan sheets print it as is.
  const model = buildReportModel(db, ctx.report, { structure: info.code, keepNames, peers });
  return {
    title: S.title(info.name, edition),
    subject: S.subject(edition),
    keywords: `${edition} ${info.code}`,
    lang,
    created: ctx.now,
    sheets: [
      summarySheet(model, L),
      actionPlanSheet(model, L, ctx.items, ctx.determinantLabels, lang),
      ...readinessSheets(model.readiness, lang, edition),
      {
        kind: 'notes',
        name: S.sheets.readme,
        title: S.readmeTitle(info.name),
        subtitle: [S.subject(edition)],
        sections: [
          {
            heading: S.identity,
            lines: [
              { label: S.name, value: info.name },
              { label: S.code, value: info.code },
              { label: S.category, value: info.categoryLabel },
              { label: S.edition, value: edition, kind: 'code' },
              { label: S.audits, value: info.audits, kind: 'int' },
            ],
          },
          { heading: S.headline, lines: headline },
          { heading: S.howToRead, lines: [S.howToReadText] },
          {
            heading: S.confidentiality,
            lines: [S.confidentialityText, C.disclosureRule(ctx.rule), keepNames ? S.notMasked : S.masked, ...(withheldTotal > 0 ? [S.suppressedNote(withheldTotal)] : [])],
          },
          { lines: [{ label: S.generatedOn, value: formatGenerated(ctx.now, lang) }] },
        ],
      },
      {
        kind: 'table',
        name: S.sheets.levels,
        title: S.levelsTitle(edition),
        subtitle: [S.levelsSub(info.categoryLabel)],
        freezeColumns: 2,
        columns: [{ header: C.level, kind: 'text' }, { header: C.label, kind: 'text' }, ...benchmarkColumns],
        rows: levelRows,
        notes: withheldLevels > 0 ? [S.suppressedNote(withheldLevels)] : [],
      },
      {
        kind: 'table',
        name: S.sheets.items,
        title: S.itemsTitle(edition),
        subtitle: [S.levelsSub(info.categoryLabel)],
        freezeColumns: 2,
        columns: [{ header: C.code, kind: 'code' }, { header: C.label, kind: 'text' }, { header: S.channel, kind: 'text' }, ...benchmarkColumns],
        rows: itemRows,
        notes: withheldItems > 0 ? [S.suppressedNote(withheldItems)] : [],
      },
      {
        kind: 'table',
        name: S.sheets.trend,
        title: S.trendTitle,
        subtitle: [S.trendSub],
        freezeColumns: 2,
        columns: trendColumns(ctx.editions, L, false),
        rows: trendTableRows,
        notes: ctx.editions.length < 2 ? [L.tables.trendsNone] : [],
      },
      {
        kind: 'table',
        name: S.sheets.failed,
        title: S.failedTitle(edition),
        subtitle: [S.failedSub],
        freezeColumns: 2,
        emptyMessage: S.noFailed,
        columns: [
          { header: C.code, kind: 'code' },
          { header: C.label, kind: 'text' },
          { header: S.channel, kind: 'text' },
          { header: S.step, kind: 'text' },
          { header: S.determinant, kind: 'text' },
          { header: S.applicable, kind: 'int' },
          { header: S.failed, kind: 'int' },
          { header: S.failureRate, kind: 'percent' },
          { header: S.peersFailureRate, kind: 'percent' },
        ],
        rows: failed.map((f) => [f.item, f.label, labelOf(CHANNELS, f.channel, lang), labelOf(STEPS, f.step, lang), ctx.determinantLabels.get(f.determinant) ?? f.determinant,
          f.applicable, f.failed, fraction(f.failureRate), f.peersWithheld ? S.suppressed : fraction(f.peersFailureRate)]),
        notes: failed.some((f) => f.peersWithheld) ? [S.suppressedNote(failed.filter((f) => f.peersWithheld).length)] : [],
      },
      {
        kind: 'table',
        name: S.sheets.evidence,
        title: S.evidenceTitle,
        subtitle: [keepNames ? S.notMasked : S.masked],
        freezeColumns: 1,
        emptyMessage: S.noFailed,
        columns: [
          { header: C.code, kind: 'code' },
          { header: C.label, kind: 'text', width: 30 },
          { header: S.auditRef, kind: 'code' },
          { header: S.date, kind: 'date' },
          { header: S.channel, kind: 'text' },
          { header: S.answer, kind: 'text', width: 12 },
          { header: S.measure, kind: 'number' },
          { header: S.comment, kind: 'wrap', width: 45 },
          { header: S.auditComment, kind: 'wrap', width: 45 },
        ],
        rows: proof.map((e) => [e.item, labelOfItem.get(e.item) ?? e.item, e.reference, auditDate(e.auditDate), labelOf(CHANNELS, e.channel, lang),
          e.raw, e.measure, maskNullable(e.comment, keepNames), maskNullable(e.auditComment, keepNames)]),
      },
    ],
  };
}

/** Writes one structure's workbook to `outFile` (temporary name, then rename). */
export async function writeStructureWorkbook(db: Db, input: StructureWorkbookInput, options: WriteOptions & { context?: StructureExportContext } = {}): Promise<WrittenExport> {
  const ctx = options.context ?? buildStructureExportContext(db, { edition: input.edition, lang: input.lang, now: input.now });
  const spec = structureWorkbookSpec(db, ctx, { structure: input.structure, keepNames: input.keepNames });
  return writeAtomically(input.outFile, (temp) => writeWorkbook(temp, spec, options));
}
