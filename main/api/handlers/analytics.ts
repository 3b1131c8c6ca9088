/**
 * `analytics.*`: thin wrappers over the analytics engine (main/analytics), plus the failed-items
 * drill-down. Every read is answered through the result cache (main/analytics/result-cache.ts):
 * the same question on the same data is computed once, any write to the workspace starts afresh.
 */
import {
  analysisResults, categoryRanking, completeness, disclosedGroupScores, disclosureRule, editionScores, saveDisclosureRule, headlineIndicators, indicator, peerBenchmark, resolveEdition,
  resultKey, scoreMatrix, trends, winners,
} from '../../analytics/index.js';
import type { TrendScope } from '../../../shared/analytics-types.js';
import { workspaceInfo } from '../../workspace/info.js';
import { failedItems } from '../../explorer/failed-items.js';
import { warmExplorerCounts } from '../../explorer/warm-counts.js';
import { structureReadiness } from '../../analytics/readiness.js';
import { comparePanels, comparisonChoices } from '../../analytics/comparisons.js';
import type { CallContext, DomainMethods, HandlerMap } from '../context.js';
import { API, type ApiMethod, type ApiOutput, type ApiParsedInput } from '../../../shared/contract.js';
import type { Db } from '../../db/connection.js';
import type { Lang } from '../../../shared/domain.js';
import { CATEGORIES } from '../../../shared/domain.js';
import { editionsWithAudits } from '../../analytics/editions.js';

/** When an analysis question was last answered (the warmer waits for a quiet moment). */
let lastAnswerAt = 0;

/** The answer of `method` for `input` in the caller's language, from the cache when the data has not changed. */
function cached<T>(ctx: CallContext, method: string, input: unknown, compute: () => T): T {
  lastAnswerAt = Date.now();
  return analysisResults.get(ctx.db, resultKey(method, ctx.lang, input), compute);
}

/** `analytics.groupScores`, answered synchronously: the server-drawn distribution chart reads it too (charts.ts). */
export function groupScoresAnswer(ctx: CallContext, input: ApiParsedInput<'analytics.groupScores'>): ApiOutput<'analytics.groupScores'> {
  return cached(ctx, 'analytics.groupScores', input, () => {
    const edition = resolveEdition(ctx.db, input.edition);
    const lang = input.lang ?? ctx.lang;
    return (['category', 'sector', 'edition'] as const).flatMap((kind) => disclosedGroupScores(ctx.db, { edition, kind, level: input.level, lang }));
  });
}

/** `analytics.rankings`, answered synchronously: the server-drawn ranking chart reads it too (charts.ts). */
export function rankingAnswer(ctx: CallContext, input: ApiParsedInput<'analytics.rankings'>): ApiOutput<'analytics.rankings'> {
  return cached(ctx, 'analytics.rankings', input, () => categoryRanking(ctx.db, { edition: resolveEdition(ctx.db, input.edition), category: input.category, lang: input.lang ?? ctx.lang }));
}

export const analyticsHandlers: HandlerMap<DomainMethods<'analytics'>> = {
  'analytics.editions': (ctx) => cached(ctx, 'analytics.editions', null, () => workspaceInfo(ctx.db).editions),
  'analytics.scores': (ctx, input) => cached(ctx, 'analytics.scores', input, () => editionScores(ctx.db, { edition: resolveEdition(ctx.db, input.edition), level: input.level, ...(input.category ? { category: input.category } : {}), lang: input.lang ?? ctx.lang })),
  'analytics.scoreMatrix': (ctx, input) => cached(ctx, 'analytics.scoreMatrix', input, () => scoreMatrix(ctx.db, { edition: resolveEdition(ctx.db, input.edition), ...(input.levels ? { levels: input.levels } : {}), lang: input.lang ?? ctx.lang })),
  'analytics.groupScores': (ctx, input) => groupScoresAnswer(ctx, input),
  'analytics.peers': (ctx, input) => cached(ctx, 'analytics.peers', input, () => peerBenchmark(ctx.db, { edition: resolveEdition(ctx.db, input.edition), structure: input.code, ...(input.level ? { level: input.level } : {}), lang: input.lang ?? ctx.lang })),
  'analytics.failedItems': (ctx, input) => cached(ctx, 'analytics.failedItems', input, () => failedItems(ctx.db, { ...input, edition: resolveEdition(ctx.db, input.edition), lang: input.lang ?? ctx.lang })),
  'analytics.rankings': (ctx, input) => rankingAnswer(ctx, input),
  'analytics.winners': (ctx, input) => cached(ctx, 'analytics.winners', input, () => winners(ctx.db, { edition: resolveEdition(ctx.db, input.edition), lang: input.lang ?? ctx.lang })),
  'analytics.indicators': (ctx, input) => cached(ctx, 'analytics.indicators', input, () => {
    const edition = resolveEdition(ctx.db, input.edition);
    return input.items.flatMap((item) => indicator(ctx.db, { edition, item, by: input.by ?? 'sector', lang: input.lang ?? ctx.lang }));
  }),
  'analytics.headline': (ctx, input) => cached(ctx, 'analytics.headline', input, () => headlineIndicators(ctx.db, { edition: resolveEdition(ctx.db, input.edition), lang: input.lang ?? ctx.lang })),
  'analytics.trends': (ctx, input) => cached(ctx, 'analytics.trends', input, () => {
    const scope: TrendScope = input.code
      ? { kind: 'structure', code: input.code }
      : input.category
        ? { kind: 'category', code: input.category }
        : input.sector
          ? { kind: 'sector', code: input.sector }
          : { kind: 'edition', code: '' };
    return trends(ctx.db, { scope, level: input.level, ...(input.editions ? { editions: input.editions } : {}), lang: input.lang ?? ctx.lang });
  }),
  'analytics.disclosureRule': (ctx) => disclosureRule(ctx.db),
  'analytics.setDisclosureRule': (ctx, input) => saveDisclosureRule(ctx.db, input),
  'analytics.readiness': (ctx, input) => structureReadiness(ctx.db, { edition: resolveEdition(ctx.db, input.edition), structure: input.code, ...(input.label ? { label: input.label } : {}), lang: input.lang ?? ctx.lang, keepNames: input.maskNames === false }),
  'analytics.compare': (ctx, input) => cached(ctx, 'analytics.compare', input, () => comparePanels(ctx.db, { edition: resolveEdition(ctx.db, input.edition), a: input.a, b: input.b, lang: input.lang ?? ctx.lang })),
  'analytics.comparisonChoices': (ctx, input) => cached(ctx, 'analytics.comparisonChoices', input, () => comparisonChoices(ctx.db, { edition: resolveEdition(ctx.db, input.edition), lang: input.lang ?? ctx.lang })),
  'analytics.completeness': (ctx, input) => cached(ctx, 'analytics.completeness', input, () => completeness(ctx.db, { edition: resolveEdition(ctx.db, input.edition), lang: input.lang ?? ctx.lang })),
};

/**
 * The questions the landing screens ask first (Accueil, Scores) about the latest edition, and the
 * trend of each category over the editions, which every Fiche structure of that category shows
 * (~60 ms each on a national workspace, 12 editions; the same answer for all its structures);
 * parsed by the contract as the router parses the renderer's, so they land on the same cache keys.
 * Only for an edition whose aggregates exist: warming up never writes.
 */
function landingQuestions(db: Db, lang: Lang): Array<[ApiMethod, unknown]> {
  const edition = editionsWithAudits(db).at(-1);
  if (edition === undefined || db.prepare('SELECT 1 FROM score_cache_edition WHERE edition = ?').pluck().get(edition) === undefined) return [];
  const present = new Set(db.prepare(`SELECT DISTINCT s.category FROM score_cache c JOIN structure s ON s.code = c.structure_code
    WHERE c.edition = ? AND c.level = 'overall' AND c.key = 'overall'`).pluck().all(edition) as string[]);
  const allAggregated = db.prepare(`SELECT COUNT(*) FROM edition e WHERE EXISTS (SELECT 1 FROM audit a WHERE a.edition = e.year)
    AND NOT EXISTS (SELECT 1 FROM score_cache_edition c WHERE c.edition = e.year)`).pluck().get() === 0;
  // The Scores view charts its first category (domain order) until the analyst picks another.
  const firstCategory = CATEGORIES.find((c) => present.has(c.code))?.code;
  const questions: Array<[ApiMethod, unknown]> = [
    ['analytics.scoreMatrix', { edition, levels: ['overall', 'step', 'channel'], lang }],
    ['analytics.winners', { edition, lang }],
    ['analytics.groupScores', { edition, level: 'overall', lang }],
    ['analytics.completeness', { edition, lang }],
    ['analytics.headline', { edition, lang }],
    ...(firstCategory ? [['analytics.rankings', { edition, category: firstCategory, lang }] as [ApiMethod, unknown]] : []),
    // Over every edition: only when each has its aggregates (a trend would otherwise compute them).
    ...(allAggregated ? CATEGORIES.filter((c) => present.has(c.code)).map((c) => ['analytics.trends', { category: c.code, level: 'overall', lang }] as [ApiMethod, unknown]) : []),
  ];
  return questions.map(([method, input]) => [method, API[method].input.parse(input)]);
}

/** Answers the landing questions into the cache (each through its handler, as a call would). */
export function warmLandingAnswers(ctx: CallContext): number {
  const questions = landingQuestions(ctx.db, ctx.lang);
  for (const [method, input] of questions) {
    const handler = analyticsHandlers[method as keyof typeof analyticsHandlers] as (c: CallContext, i: unknown) => unknown;
    handler(ctx, input);
  }
  return questions.length;
}

export interface AnalysisWarmerSource {
  /** The open workspace's connection, null while none is open. */
  db(): Db | null;
  lang(): Lang;
}

/** The server-side chart renderer, loaded once per process by the warmer. */
let chartRendererLoading: Promise<unknown> | null = null;

/**
 * Work moved off the request path: once the workspace is opened or its data changes (an import,
 * an undo, a correction…), and nothing was asked for `quietMs`, the landing answers are computed
 * into the result cache, so the first visit of the Accueil or the Scores view reads them from
 * memory. Checks the data version every `intervalMs` (two tiny statements); returns the stop
 * function.
 */
export function startAnalysisWarmer(source: AnalysisWarmerSource, options: { intervalMs?: number; quietMs?: number } = {}): () => void {
  const quietMs = options.quietMs ?? 1000;
  let warmedAt: string | null = null;
  const tick = (): void => {
    const db = source.db();
    if (!db || !db.open || db.inTransaction || Date.now() - lastAnswerAt < quietMs) return;
    const version = dataVersionOf(db);
    if (version === warmedAt) return;
    try {
      warmLandingAnswers({ db, lang: source.lang() } as CallContext);
      // The Explorer's first counts of the latest edition too (its slowest part, cold).
      const latest = editionsWithAudits(db).at(-1);
      if (latest !== undefined) warmExplorerCounts(db, latest);
      // The Scores view's first chart paint is drawn by echarts on the server (charts.scoresSvg):
      // loading echarts there costs ~0,5 s once, better spent now than on that first visit.
      chartRendererLoading ??= import('../../report/scores-charts-svg.js').catch(() => undefined);
    } catch {
      // A damaged or busy workspace: the screens will say so when they ask; nothing to warm.
    }
    warmedAt = dataVersionOf(db);
  };
  const timer = setInterval(tick, options.intervalMs ?? 2000);
  timer.unref();
  return () => clearInterval(timer);
}

function dataVersionOf(db: Db): string {
  return `${String(db.pragma('data_version', { simple: true }))}:${String(db.prepare('SELECT total_changes()').pluck().get())}`;
}
