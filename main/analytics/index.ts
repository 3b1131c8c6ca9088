/** The analytics engine: plain synchronous functions `(db, input) → output` over a workspace. */
export { refreshAggregates, ensureAggregates, allEditions } from './refresh.js';
export type { RefreshScope } from './refresh.js';
export { listEditions, editionsWithAudits, resolveEdition } from './editions.js';
export type { EditionRow } from './editions.js';
export { itemsInForce, itemsInForceByEdition } from './items-in-force.js';
export type { ItemInForce } from './items-in-force.js';
export { editionScores, structureScores, groupScores, auditScores } from './scores.js';
export type { EditionScoresInput } from './scores.js';
export { peerBenchmark } from './peers.js';
export { categoryRanking, categoryRankings, winners } from './rankings.js';
export { indicator, headlineIndicators } from './indicators.js';
export type { IndicatorInput } from './indicators.js';
export { trends, comparabilityReasons } from './trends.js';
export type { TrendsInput } from './trends.js';
export { completeness } from './completeness.js';
export { scoreOf, quantile7, summarize, rankAndPercentile, placeCounts, placeFromCounts, compareCandidates, sortCandidates, aggregateObservations } from './score-math.js';
export type { ObservationFact, LevelCounts, RankingCandidate } from './score-math.js';
export { scoreRowsFromScratch } from './from-scratch.js';
