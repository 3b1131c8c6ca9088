/** `analytics.*`: thin wrappers over the analytics engine (main/analytics), plus the failed-items drill-down. */
import {
  categoryRanking, completeness, disclosedGroupScores, disclosureRule, editionScores, saveDisclosureRule, headlineIndicators, indicator, peerBenchmark, resolveEdition, trends, winners,
} from '../../analytics/index.js';
import type { TrendScope } from '../../../shared/analytics-types.js';
import { workspaceInfo } from '../../workspace/info.js';
import { failedItems } from '../../explorer/failed-items.js';
import type { DomainMethods, HandlerMap } from '../context.js';

export const analyticsHandlers: HandlerMap<DomainMethods<'analytics'>> = {
  'analytics.editions': (ctx) => workspaceInfo(ctx.db).editions,
  'analytics.scores': (ctx, input) => editionScores(ctx.db, { edition: resolveEdition(ctx.db, input.edition), level: input.level, ...(input.category ? { category: input.category } : {}), lang: input.lang ?? ctx.lang }),
  'analytics.groupScores': (ctx, input) => {
    const edition = resolveEdition(ctx.db, input.edition);
    const lang = input.lang ?? ctx.lang;
    return (['category', 'sector', 'edition'] as const).flatMap((kind) => disclosedGroupScores(ctx.db, { edition, kind, level: input.level, lang }));
  },
  'analytics.peers': (ctx, input) => peerBenchmark(ctx.db, { edition: resolveEdition(ctx.db, input.edition), structure: input.code, ...(input.level ? { level: input.level } : {}), lang: input.lang ?? ctx.lang }),
  'analytics.failedItems': (ctx, input) => failedItems(ctx.db, { ...input, edition: resolveEdition(ctx.db, input.edition), lang: input.lang ?? ctx.lang }),
  'analytics.rankings': (ctx, input) => categoryRanking(ctx.db, { edition: resolveEdition(ctx.db, input.edition), category: input.category, lang: input.lang ?? ctx.lang }),
  'analytics.winners': (ctx, input) => winners(ctx.db, { edition: resolveEdition(ctx.db, input.edition), lang: input.lang ?? ctx.lang }),
  'analytics.indicators': (ctx, input) => {
    const edition = resolveEdition(ctx.db, input.edition);
    return input.items.flatMap((item) => indicator(ctx.db, { edition, item, by: input.by ?? 'sector', lang: input.lang ?? ctx.lang }));
  },
  'analytics.headline': (ctx, input) => headlineIndicators(ctx.db, { edition: resolveEdition(ctx.db, input.edition), lang: input.lang ?? ctx.lang }),
  'analytics.trends': (ctx, input) => {
    const scope: TrendScope = input.code
      ? { kind: 'structure', code: input.code }
      : input.category
        ? { kind: 'category', code: input.category }
        : input.sector
          ? { kind: 'sector', code: input.sector }
          : { kind: 'edition', code: '' };
    return trends(ctx.db, { scope, level: input.level, ...(input.editions ? { editions: input.editions } : {}), lang: input.lang ?? ctx.lang });
  },
  'analytics.disclosureRule': (ctx) => disclosureRule(ctx.db),
  'analytics.setDisclosureRule': (ctx, input) => saveDisclosureRule(ctx.db, input),
  'analytics.completeness': (ctx, input) => completeness(ctx.db, { edition: resolveEdition(ctx.db, input.edition), lang: input.lang ?? ctx.lang }),
};
