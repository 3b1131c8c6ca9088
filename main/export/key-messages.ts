/**
 * The first sheet of the barometer tables: the key messages AFNOR hands out. Key
 * figures as tiles, then the sentences an executive reads (participants, overall score, headline
 * indicators public vs private with their bases, best and weakest determinants), the winners of
 * each category, and three charts. Every figure is the analytics service's disclosed output
 * (`disclosedGroupScores`, `winners`, `headlineIndicators`): a withheld one prints "—" or
 * "non diffusé", never a number.
 */
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import { CATEGORIES } from '../../shared/domain.js';
import type { DisclosedGroupScoreRow, IndicatorRow, Winner } from '../../shared/analytics-types.js';
import { disclosedGroupScores, disclosureRule, headlineIndicators, itemsInForce, winners } from '../analytics/index.js';
import { HEADLINE_INDICATORS } from '../../shared/headline.js';
import type { ChartImage, ReportBlock, ReportSheet } from './workbook-kit.js';
import type { Labels } from './labels.js';
import { formatGenerated } from './labels.js';
import { groupedBarsSvg, horizontalBarsSvg } from './barometer-charts.js';

/** The sheet's grid: ten equal columns (about 130 characters, a landscape page at a readable scale). */
const GRID = Array.from({ length: 10 }, () => 13);
/** Pixels of `span` grid columns (Calibri 11: 7 px a character, 5 px of padding). */
const spanPixels = (span: number): number => span * (13 * 7 + 5);

/** One headline indicator, public vs private panel, as the service gives it. */
export interface HeadlinePair {
  item: string;
  label: string;
  pub: IndicatorRow | undefined;
  priv: IndicatorRow | undefined;
}

export function headlinePairs(db: Db, edition: number, lang: Lang): HeadlinePair[] {
  const rows = headlineIndicators(db, { edition, lang });
  return HEADLINE_INDICATORS.map((h) => ({
    item: h.item,
    label: h[lang],
    pub: rows.find((r) => r.item === h.item && r.group === 'public'),
    priv: rows.find((r) => r.item === h.item && r.group === 'prive'),
  }));
}

/**
 * The best and the weakest determinants of the edition (pooled scores of the whole edition, as
 * disclosed), up to three each and never the same one in both lists.
 */
export function bestAndWeakest(rows: readonly DisclosedGroupScoreRow[]): { best: DisclosedGroupScoreRow[]; weakest: DisclosedGroupScoreRow[] } {
  const scored = rows.filter((g) => g.score !== null).sort((a, b) => (b.score as number) - (a.score as number) || a.label.localeCompare(b.label));
  const k = Math.min(3, Math.floor(scored.length / 2));
  return { best: scored.slice(0, k), weakest: scored.slice(scored.length - k).reverse() };
}

/** Labels of the referential in force that have no English version (determinants by their French label, items by code). */
export function missingEnglishLabels(db: Db, edition: number): string[] {
  const items = [...itemsInForce(db, edition).values()];
  const used = new Set(items.map((i) => i.determinant));
  const determinants = (db.prepare('SELECT code, label_fr AS fr, label_en AS en FROM determinant ORDER BY label_fr').all() as Array<{ code: string; fr: string; en: string | null }>)
    .filter((d) => used.has(d.code) && !d.en?.trim())
    .map((d) => d.fr);
  const itemCodes = items.filter((i) => !i.labelEn?.trim()).map((i) => i.code).sort();
  return [...determinants, ...itemCodes];
}

/** "A, B et C" */
function listOf(parts: readonly string[], and: string): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} ${and} ${parts[parts.length - 1]}`;
}

export function keyMessagesSheet(db: Db, edition: number, lang: Lang, L: Labels, now: Date): ReportSheet {
  const K = L.tables.keys;
  const C = L.common;
  const locale = lang === 'en' ? 'en-GB' : 'fr-FR';
  const scoreFormat = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const rateFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const score = (v: number | null): string => (v === null ? K.withheldShort : scoreFormat.format(v));
  const rate = (v: number | null | undefined): string => (v === null || v === undefined ? K.withheldShort : rateFormat.format(v / 100));

  const categories = disclosedGroupScores(db, { edition, kind: 'category', level: 'overall', lang });
  const sectors = disclosedGroupScores(db, { edition, kind: 'sector', level: 'overall', lang });
  const whole = disclosedGroupScores(db, { edition, kind: 'edition', level: 'overall', lang })[0];
  const pub = sectors.find((s) => s.group === 'public');
  const priv = sectors.find((s) => s.group === 'prive');
  const determinants = disclosedGroupScores(db, { edition, kind: 'edition', level: 'determinant', lang });
  const { best, weakest } = bestAndWeakest(determinants);
  const headline = headlinePairs(db, edition, lang);
  const laureates: Winner[] = winners(db, { edition, lang });
  const rule = disclosureRule(db);

  // Participants are n of the group: withheld with it (only ever for a tiny workspace).
  const participants = whole && whole.n !== null ? whole.structures : null;
  const countOf = (g: DisclosedGroupScoreRow | undefined): number | null => (g && g.n !== null ? g.structures : null);
  const sentences: string[] = [];
  if (whole && participants !== null) sentences.push(K.participants(participants, whole.audits, whole.observations, countOf(pub), countOf(priv)));
  sentences.push(K.overallLine(score(whole?.score ?? null), score(pub?.score ?? null), score(priv?.score ?? null)));
  for (const h of headline) {
    if (!h.pub && !h.priv) continue;
    sentences.push(K.headline(h.label, rate(h.pub?.rate), h.pub?.audits ?? 0, rate(h.priv?.rate), h.priv?.audits ?? 0));
  }
  const named = (list: readonly DisclosedGroupScoreRow[]): string => listOf(list.map((g) => `${g.label} (${score(g.score)})`), K.and);
  if (best.length > 0) sentences.push(K.best(named(best)));
  if (weakest.length > 0) sentences.push(K.weakest(named(weakest)));

  // The chart page: the category and headline charts stacked on the left, the determinants on the right.
  const half = spanPixels(5) - 12;
  const categoryHeight = 280;
  const headlineHeight = 250;
  const pageHeight = categoryHeight + 12 + headlineHeight;
  const charts: ChartImage[] = [];
  const privateCategory = new Set<string>(CATEGORIES.filter((c) => c.sector === 'prive').map((c) => c.code));
  charts.push({
    svg: horizontalBarsSvg(
      categories.map((g) => ({ label: g.groupLabel, value: g.score, private: privateCategory.has(g.group) })),
      { title: K.chartCategories, missing: K.withheldShort, format: (v) => scoreFormat.format(v) },
      { width: half, height: categoryHeight },
      { label: C.kinds.edition ?? '', value: whole?.score ?? null },
    ),
    width: half,
    height: categoryHeight,
    col: 0,
    top: 0,
  });
  const shownHeadline = headline.filter((h) => h.pub || h.priv);
  if (shownHeadline.length > 0) {
    charts.push({
      svg: groupedBarsSvg({
        categories: shownHeadline.map((h) => h.label),
        series: [
          { name: K.publicSeries, values: shownHeadline.map((h) => h.pub?.rate ?? null) },
          { name: K.privateSeries, values: shownHeadline.map((h) => h.priv?.rate ?? null), private: true },
        ],
      }, { title: K.chartHeadline, missing: K.withheldShort, format: (v) => rateFormat.format(v / 100) }, { width: half, height: headlineHeight }),
      width: half,
      height: headlineHeight,
      col: 0,
      top: categoryHeight + 12,
    });
  }
  const ranked = [...determinants].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.label.localeCompare(b.label));
  // As tall as the two charts beside it, unless there are too many determinants for that.
  const detHeight = Math.max(pageHeight, 60 + ranked.length * 22);
  if (ranked.length > 0) charts.push({
    svg: horizontalBarsSvg(
      ranked.map((g) => ({ label: g.label, value: g.score })),
      { title: K.chartDeterminants, missing: K.withheldShort, format: (v) => scoreFormat.format(v) },
      { width: half, height: detHeight },
      undefined,
      30,
    ),
    width: half,
    height: detHeight,
    col: 5,
    top: 0,
  });

  const withheldWinner = laureates.some((w) => w.score === null);
  const blocks: ReportBlock[] = [
    {
      kind: 'figures',
      figures: [
        { label: K.structures, value: participants, kind: 'int', span: 2 },
        { label: K.audits, value: whole?.audits ?? null, kind: 'int', span: 2 },
        { label: K.overall, value: whole?.score ?? null, kind: 'score', span: 2 },
        { label: K.publicScore, value: pub?.score ?? null, kind: 'score', span: 2 },
        { label: K.privateScore, value: priv?.score ?? null, kind: 'score', span: 2 },
      ],
    },
    { kind: 'heading', text: K.essentials },
    { kind: 'bullets', lines: sentences },
    { kind: 'heading', text: K.winnersHeading },
    {
      kind: 'table',
      columns: [
        { header: C.category, kind: 'text', span: 3 },
        { header: L.tables.winner, kind: 'text', span: 4 },
        { header: K.winnerScore, kind: 'score', span: 1 },
        { header: L.structure.remark, kind: 'text', span: 2 },
      ],
      rows: laureates.map((w) => [w.categoryLabel, w.name, w.score, w.score === null ? K.winnerWithheld(rule.distributionMinOthers) : null]),
    },
    { kind: 'notes', lines: [L.tables.tieBreak] },
    { kind: 'pageBreak' },
    { kind: 'heading', text: K.chartsHeading },
    { kind: 'charts', charts },
  ];
  const notes = [K.dashNote, ...(withheldWinner ? [L.common.disclosureRule(rule)] : []), K.detailNote];
  if (lang === 'en') {
    const missing = missingEnglishLabels(db, edition);
    if (missing.length > 0) notes.push(L.tables.englishMissing(missing.length, missing.slice(0, 12).join(', ') + (missing.length > 12 ? '…' : '')));
  }
  blocks.push({ kind: 'notes', lines: notes });
  return {
    kind: 'report',
    name: L.tables.sheets.keyMessages,
    title: K.title(edition),
    subtitle: [K.subtitle(edition, formatGenerated(now, lang))],
    grid: GRID,
    blocks,
  };
}
