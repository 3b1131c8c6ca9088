/**
 * Rankings per category and winners. Order (METHOD.md): higher exact overall score, then higher
 * score at the "traitement" step, then more applicable weight overall, then structure code
 * ascending. The private panel (category.awards_winner = 0) is ranked but never has a winner; a
 * category with no scored structure has no winner.
 */
import type { Db } from '../db/connection.js';
import type { Lang, SectorCode } from '../../shared/domain.js';
import type { CategoryRanking, RankingEntry, Winner } from '../../shared/analytics-types.js';
import { ensureAggregates } from './refresh.js';
import { categoryLabel } from './labels.js';
import { compareCandidates, sortCandidates } from './score-math.js';
import { AppError } from '../../shared/errors.js';
import { disclosureFor, disclosureRule, othersForMember } from './disclosure.js';

interface Row {
  code: string;
  name: string;
  category: string;
  sector: SectorCode;
  score: number | null;
  compliantWeight: number;
  applicableWeight: number;
  observations: number;
  audits: number;
  traitementScore: number | null;
}

interface CategoryRow {
  code: string;
  sector: SectorCode;
  awardsWinner: number;
}

function categories(db: Db, code?: string): CategoryRow[] {
  const rows = db.prepare(`SELECT code, sector, awards_winner AS awardsWinner FROM category ${code ? 'WHERE code = ?' : ''} ORDER BY sort_order, code`)
    .all(...(code ? [code] : [])) as CategoryRow[];
  if (code && rows.length === 0) throw AppError.keyed('NOT_FOUND', 'analytics.categoryUnknown', { category: code }, { category: code });
  return rows;
}

function rank(db: Db, edition: number, category: CategoryRow, lang: Lang): CategoryRanking {
  const rows = db.prepare(`
    SELECT s.code AS code, s.name AS name, s.category AS category, s.sector AS sector, c.score AS score,
      c.compliant_weight AS compliantWeight, c.applicable_weight AS applicableWeight, c.observations AS observations, c.audits AS audits,
      t.score AS traitementScore
    FROM structure s
    JOIN score_cache c ON c.edition = $edition AND c.structure_code = s.code AND c.level = 'overall' AND c.key = 'overall'
    LEFT JOIN score_cache t ON t.edition = $edition AND t.structure_code = s.code AND t.level = 'step' AND t.key = 'traitement'
    WHERE s.category = $category`).all({ edition, category: category.code }) as Row[];
  const sorted = sortCandidates(rows);
  const entries = sorted.map((r, i): RankingEntry => {
    const next = sorted[i + 1];
    const firstSameScore = sorted.findIndex((x) => x.score === r.score);
    return {
      structure: r.code,
      name: r.name,
      category: r.category,
      categoryLabel: categoryLabel(r.category, lang),
      sector: r.sector,
      position: i + 1,
      rank: r.score === null ? null : firstSameScore + 1,
      score: r.score,
      compliantWeight: r.compliantWeight,
      applicableWeight: r.applicableWeight,
      observations: r.observations,
      audits: r.audits,
      traitementScore: r.traitementScore,
      decidedBy: next ? compareCandidates(r, next).rule : null,
    };
  });
  return {
    edition,
    category: category.code,
    categoryLabel: categoryLabel(category.code, lang),
    sector: category.sector,
    awardsWinner: category.awardsWinner === 1,
    entries,
  };
}

/** The ranking of one category, or of every category when `category` is omitted. */
export function categoryRankings(db: Db, input: { edition: number; category?: string; lang?: Lang }): CategoryRanking[] {
  ensureAggregates(db, input.edition);
  return categories(db, input.category).map((c) => rank(db, input.edition, c, input.lang ?? 'fr'));
}

export function categoryRanking(db: Db, input: { edition: number; category: string; lang?: Lang }): CategoryRanking {
  return categoryRankings(db, input)[0] as CategoryRanking;
}

/** The winner of each awarding category that has a scored structure, its score as the disclosure rule allows. */
export function winners(db: Db, input: { edition: number; lang?: Lang }): Winner[] {
  const out: Winner[] = [];
  const rule = disclosureRule(db);
  for (const ranking of categoryRankings(db, input)) {
    if (!ranking.awardsWinner) continue;
    const first = ranking.entries[0];
    if (!first || first.score === null) continue;
    const participants = ranking.entries.filter((e) => e.score !== null).length;
    // The winner is named (the brochure does), but its score is the category's best: published
    // only where the disclosure rule lets the best score of a group of that size be shown.
    const d = disclosureFor(othersForMember(participants), rule);
    const hide = d.withheld.includes('max');
    out.push({
      edition: ranking.edition,
      category: ranking.category,
      categoryLabel: ranking.categoryLabel,
      structure: first.structure,
      name: first.name,
      score: hide ? null : first.score,
      compliantWeight: hide ? null : first.compliantWeight,
      applicableWeight: first.applicableWeight,
      traitementScore: hide ? null : first.traitementScore,
      participants,
      decidedBy: ranking.entries.length > 1 ? first.decidedBy : null,
      others: d.others,
      suppressed: hide ? d.suppressed : null,
      withheld: hide ? ['score'] : [],
    });
  }
  return out;
}
