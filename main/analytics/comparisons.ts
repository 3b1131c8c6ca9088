/**
 * Two panels of structures compared (shared/comparison-types.ts): public vs the private panel,
 * a label's holders vs the rest of the sector, one category vs another or vs the rest of its
 * sector. For each panel, at every level (overall, step, channel, determinant) and key: its pooled
 * score (the sums of the structures' cached compliant / applicable weights, scored by scoreOf —
 * the same pooling as a category's), the distribution of its structures' own scores, its bases;
 * and the headline indicators (shared/headline.ts) as compliant shares of the item's audits.
 *
 * Disclosure (disclosure.ts, applied to each panel, a member possibly reading): a panel's row
 * goes through discloseGroupRow; and since the edition's and the sectors' pooled figures are
 * published, a panel that is one of them minus a few structures is withheld too
 * (differenceWithheld), or the few would come out by subtraction.
 */
import type { Db } from '../db/connection.js';
import type { Lang, Level, SectorCode } from '../../shared/domain.js';
import { CATEGORIES, SECTORS, categoryDef } from '../../shared/domain.js';
import type { DisclosureRule, GroupScoreRow, ScoreCounts } from '../../shared/analytics-types.js';
import type {
  ComparisonCell, ComparisonChoices, ComparisonIndicator, ComparisonPanel, ComparisonRate, ComparisonResult, ComparisonRow, ComparisonSpec,
  PanelSpec, PanelWithheldReason,
} from '../../shared/comparison-types.js';
import { panelSpecText } from '../../shared/comparison-types.js';
import { HEADLINE_INDICATORS } from '../../shared/headline.js';
import { labelKey } from '../../shared/source-labels.js';
import { ensureAggregates } from './refresh.js';
import { readCache, type CachedRow } from './cache-read.js';
import { scoreOf, summarize } from './score-math.js';
import { differenceWithheld, discloseGroupRow, disclosureRule, pooledScoreWithheld } from './disclosure.js';
import { categoryLabel, compareCategories, keyLabels } from './labels.js';
import { rateOf } from './indicators.js';

const COMPARED_LEVELS = ['overall', 'step', 'channel', 'determinant'] as const;

/** A structure audited in the edition, with what panels are made of. */
interface Member {
  code: string;
  category: string;
  sector: SectorCode;
  audits: number;
  /** labelKey of each label it holds. */
  labels: Set<string>;
}

function auditedStructures(db: Db, edition: number): Member[] {
  const rows = db.prepare(`
    SELECT s.code AS code, s.category AS category, s.sector AS sector, COUNT(*) AS audits
    FROM audit a JOIN structure s ON s.code = a.structure_code
    WHERE a.edition = ? GROUP BY s.code ORDER BY s.code`).all(edition) as Array<Omit<Member, 'labels'>>;
  const held = new Map<string, Set<string>>();
  for (const r of db.prepare('SELECT structure_code AS code, label FROM structure_label').all() as Array<{ code: string; label: string }>) {
    const set = held.get(r.code) ?? new Set<string>();
    set.add(labelKey(r.label));
    held.set(r.code, set);
  }
  return rows.map((r) => ({ ...r, labels: held.get(r.code) ?? new Set() }));
}

/** The sector a category belongs to: the domain's, else that of its structures (public when none). */
function sectorOfCategory(category: string, members: readonly Member[]): SectorCode {
  return categoryDef(category)?.sector ?? members.find((m) => m.category === category)?.sector ?? 'public';
}

/** Whether a structure belongs to a panel. */
export function panelMembership(spec: PanelSpec, members: readonly Member[]): (m: Member) => boolean {
  switch (spec.kind) {
    case 'all': return () => true;
    case 'sector': return (m) => m.sector === spec.sector;
    case 'label': {
      const key = labelKey(spec.label);
      return (m) => m.sector === 'public' && m.labels.has(key) === spec.held;
    }
    case 'category': return (m) => m.category === spec.category;
    case 'not-category': {
      const sector = sectorOfCategory(spec.category, members);
      return (m) => m.sector === sector && m.category !== spec.category;
    }
  }
}

export function panelLabel(spec: PanelSpec, lang: Lang): string {
  const en = lang === 'en';
  switch (spec.kind) {
    case 'all': return en ? 'All structures' : 'Toutes les structures';
    case 'sector': return spec.sector === 'public' ? (en ? 'Public sector' : 'Secteur public') : categoryLabel('panel-prive', lang);
    case 'label': return spec.held ? (en ? `Holding ${spec.label}` : `Labellisées ${spec.label}`) : (en ? `Not holding ${spec.label}` : `Non labellisées ${spec.label}`);
    case 'category': return categoryLabel(spec.category, lang);
    case 'not-category': return en ? `Rest of the sector (not ${categoryLabel(spec.category, lang)})` : `Reste du secteur (hors ${categoryLabel(spec.category, lang)})`;
  }
}

/** One panel's (or published group's) sums at one key. */
interface Pool extends ScoreCounts {
  structures: number;
  scores: number[];
}

const emptyPool = (): Pool => ({ compliantWeight: 0, applicableWeight: 0, observations: 0, applicable: 0, compliant: 0, audits: 0, structures: 0, scores: [] });

/** The groups whose pooled figures are published elsewhere (edition, sectors) that contain every structure of a panel. */
function publishedSupersets(panel: readonly Member[]): Array<(m: Member) => boolean> {
  const out: Array<(m: Member) => boolean> = [() => true];
  for (const s of SECTORS) if (panel.length > 0 && panel.every((m) => m.sector === s.code)) out.push((m) => m.sector === s.code);
  return out;
}

/**
 * Why a panel's pooled figure at one key is withheld: n = its structures with a figure there,
 * supersetNs = the same count in each published group containing it.
 */
function withheldReason(n: number, supersetNs: readonly number[], rule: DisclosureRule): PanelWithheldReason | null {
  if (n === 0) return null;
  if (pooledScoreWithheld(n, rule)) return 'panel-too-small';
  if (supersetNs.some((groupN) => differenceWithheld(groupN, n, rule))) return 'rest-too-small';
  return null;
}

function cellOf(pool: Pool, rule: DisclosureRule, restReason: PanelWithheldReason | null, edition: number, key: string): ComparisonCell {
  const stats = summarize(Float64Array.from(pool.scores).sort());
  const row: GroupScoreRow = {
    edition, groupKind: 'edition', group: '', groupLabel: '', level: 'overall', key, label: '',
    compliantWeight: pool.compliantWeight, applicableWeight: pool.applicableWeight, observations: pool.observations,
    applicable: pool.applicable, compliant: pool.compliant, audits: pool.audits, structures: pool.structures,
    score: scoreOf(pool.compliantWeight, pool.applicableWeight), ...stats,
  };
  const shown = discloseGroupRow(row, rule);
  if (restReason === 'rest-too-small') {
    return {
      score: null, compliantWeight: null, applicableWeight: pool.applicableWeight, n: null, audits: pool.audits,
      mean: null, median: null, q1: null, q3: null, min: null, max: null,
      suppressed: 'group-too-small', withheld: ['score', 'n', 'mean', 'median', 'q1', 'q3', 'min', 'max'], withheldBecause: 'rest-too-small',
    };
  }
  return {
    score: shown.score, compliantWeight: shown.compliantWeight, applicableWeight: pool.applicableWeight, n: shown.n, audits: pool.audits,
    mean: shown.mean, median: shown.median, q1: shown.q1, q3: shown.q3, min: shown.min, max: shown.max,
    suppressed: shown.suppressed, withheld: shown.withheld,
    withheldBecause: shown.withheld.includes('score') ? 'panel-too-small' : null,
  };
}

function panelOf(spec: PanelSpec, members: readonly Member[], lang: Lang): ComparisonPanel & { inPanel: (m: Member) => boolean; members: Member[]; supersets: Array<(m: Member) => boolean> } {
  const inPanel = panelMembership(spec, members);
  const panelMembers = members.filter(inPanel);
  return {
    spec, specText: panelSpecText(spec), label: panelLabel(spec, lang),
    structures: panelMembers.length, audits: panelMembers.reduce((sum, m) => sum + m.audits, 0),
    inPanel, members: panelMembers, supersets: publishedSupersets(panelMembers),
  };
}

type Side = ReturnType<typeof panelOf>;

/** Per key: each side's pool, and each side's published supersets' counts of scored structures. */
function poolByKey(rows: readonly CachedRow[], sides: readonly Side[], byCode: ReadonlyMap<string, Member>): Map<string, { pools: Pool[]; supersetNs: number[][] }> {
  const perKey = new Map<string, { pools: Pool[]; supersetNs: number[][] }>();
  for (const r of rows) {
    const m = byCode.get(r.structure);
    if (!m) continue;
    let entry = perKey.get(r.key);
    if (!entry) {
      entry = { pools: sides.map(emptyPool), supersetNs: sides.map((s) => s.supersets.map(() => 0)) };
      perKey.set(r.key, entry);
    }
    for (let i = 0; i < sides.length; i += 1) {
      const side = sides[i]!;
      if (r.score !== null) side.supersets.forEach((inGroup, g) => { if (inGroup(m)) entry.supersetNs[i]![g]! += 1; });
      if (!side.inPanel(m)) continue;
      const pool = entry.pools[i]!;
      pool.compliantWeight += r.compliantWeight;
      pool.applicableWeight += r.applicableWeight;
      pool.observations += r.observations;
      pool.applicable += r.applicable;
      pool.compliant += r.compliant;
      pool.audits += r.audits;
      pool.structures += 1;
      if (r.score !== null) pool.scores.push(r.score);
    }
  }
  return perKey;
}

/** One panel's figures at one level and key, as a comparison shows them (the evidence of a panel's cell). */
export interface PanelFigures {
  panel: ComparisonPanel;
  /** The panel's cell after the disclosure rule; null when no structure of the panel has a figure at the key. */
  cell: ComparisonCell | null;
  /** Unwithheld sums behind the cell (the caller discloses them as the cell does). */
  counts: ScoreCounts & { structures: number; scored: number };
  /** Codes of the panel's structures audited in the edition (the panel's membership, as the comparison defines it). */
  members: string[];
}

export function panelFigures(db: Db, input: { edition: number; spec: PanelSpec; level: Level; key: string; lang?: Lang }): PanelFigures {
  const { edition } = input;
  ensureAggregates(db, edition);
  const rule = disclosureRule(db);
  const members = auditedStructures(db, edition);
  const side = panelOf(input.spec, members, input.lang ?? 'fr');
  const entry = poolByKey(readCache(db, { edition, level: input.level, key: input.key }), [side], new Map(members.map((m) => [m.code, m]))).get(input.key);
  const pool = entry?.pools[0] ?? emptyPool();
  const cell = entry ? cellOf(pool, rule, withheldReason(pool.scores.length, entry.supersetNs[0]!, rule), edition, input.key) : null;
  const { spec, specText, label, structures, audits } = side;
  return {
    panel: { spec, specText, label, structures, audits },
    cell,
    counts: {
      compliantWeight: pool.compliantWeight, applicableWeight: pool.applicableWeight, observations: pool.observations,
      applicable: pool.applicable, compliant: pool.compliant, audits: pool.audits, structures: pool.structures, scored: pool.scores.length,
    },
    members: side.members.map((m) => m.code),
  };
}

export interface CompareInput extends ComparisonSpec {
  edition: number;
  lang?: Lang;
}

/** The two panels compared at every level and on the headline indicators. */
export function comparePanels(db: Db, input: CompareInput): ComparisonResult {
  const { edition } = input;
  const lang = input.lang ?? 'fr';
  ensureAggregates(db, edition);
  const rule = disclosureRule(db);
  const members = auditedStructures(db, edition);
  const byCode = new Map(members.map((m) => [m.code, m]));
  const a = panelOf(input.a, members, lang);
  const b = panelOf(input.b, members, lang);
  const sides = [a, b];
  const labels = keyLabels(db, [edition], lang);

  const rows: ComparisonRow[] = [];
  for (const level of COMPARED_LEVELS) {
    const perKey = poolByKey(readCache(db, { edition, level }), sides, byCode);
    for (const [key, entry] of perKey) {
      const [cellA, cellB] = sides.map((_, i) => {
        const pool = entry.pools[i]!;
        return cellOf(pool, rule, withheldReason(pool.scores.length, entry.supersetNs[i]!, rule), edition, key);
      }) as [ComparisonCell, ComparisonCell];
      rows.push({ level, key, label: labels.label(level, key), a: cellA, b: cellB, gap: cellA.score !== null && cellB.score !== null ? cellA.score - cellB.score : null });
    }
  }
  rows.sort((x, y) => labels.compare(x, y));

  const isPublicPrivate = input.a.kind === 'sector' && input.a.sector === 'public' && input.b.kind === 'sector' && input.b.sector === 'prive';
  const indicators: ComparisonIndicator[] = HEADLINE_INDICATORS.map((h) => {
    const counts = sides.map(() => ({ applicable: 0, compliant: 0, structures: 0 }));
    const supersetNs = sides.map((s) => s.supersets.map(() => 0));
    for (const r of readCache(db, { edition, level: 'item', key: h.item })) {
      const m = byCode.get(r.structure);
      if (!m || r.applicable === 0) continue;
      sides.forEach((side, i) => {
        side.supersets.forEach((inGroup, g) => { if (inGroup(m)) supersetNs[i]![g]! += 1; });
        if (!side.inPanel(m)) return;
        counts[i]!.applicable += r.applicable;
        counts[i]!.compliant += r.compliant;
        counts[i]!.structures += 1;
      });
    }
    // A rate is a pooled figure of the panel's structures: withheld by the same rule as its score.
    const [rateA, rateB] = counts.map((c, i): ComparisonRate => {
      const reason = withheldReason(c.structures, supersetNs[i]!, rule);
      return reason
        ? { rate: null, audits: c.applicable, compliant: null, withheldBecause: reason }
        : { rate: rateOf(c.compliant, c.applicable), audits: c.applicable, compliant: c.compliant, withheldBecause: null };
    }) as [ComparisonRate, ComparisonRate];
    return {
      item: h.item, label: h[lang], a: rateA, b: rateB,
      gap: rateA.rate !== null && rateB.rate !== null ? rateA.rate - rateB.rate : null,
      brochure: isPublicPrivate ? { a: h.brochure2023.public, b: h.brochure2023.prive } : null,
    };
  });

  const strip = ({ spec, specText, label, structures, audits }: ComparisonPanel): ComparisonPanel => ({ spec, specText, label, structures, audits });
  return { edition, a: strip(a), b: strip(b), isPublicPrivate, indicators, rows, rule: { ...rule } };
}

/** What a comparison can be chosen among in an edition: labels held (with holders) and categories present. */
export function comparisonChoices(db: Db, input: { edition: number; lang?: Lang }): ComparisonChoices {
  const lang = input.lang ?? 'fr';
  const members = auditedStructures(db, input.edition);
  const spelling = new Map<string, string>();
  for (const name of db.prepare('SELECT DISTINCT label FROM structure_label ORDER BY label').pluck().all() as string[]) {
    if (!spelling.has(labelKey(name))) spelling.set(labelKey(name), name);
  }
  const labels = [...spelling].map(([key, label]) => ({ label, holders: members.filter((m) => m.sector === 'public' && m.labels.has(key)).length }))
    .filter((l) => l.holders > 0)
    .sort((x, y) => x.label.localeCompare(y.label, 'fr'));
  const counts = new Map<string, number>();
  for (const m of members) counts.set(m.category, (counts.get(m.category) ?? 0) + 1);
  const known = new Set<string>(CATEGORIES.map((c) => c.code));
  const categories = [...counts].map(([code, structures]) => ({ code, label: known.has(code) ? categoryLabel(code, lang) : code, structures }))
    .sort((x, y) => compareCategories(x.code, y.code));
  return { edition: input.edition, labels, categories };
}
