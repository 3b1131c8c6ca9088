/**
 * The per-structure workbook's twin of the PDF report: its first sheet is the report's summary
 * page (key figures, the radar and the score-against-quartiles charts, strengths and weaknesses,
 * scores by step, the disclosure notes) and its "Plan d'action" sheet lists the report's action
 * plan with two empty columns the client fills in (owner, due date).
 *
 * Everything is read from the report model (main/report/report-model.ts): figures, ranking,
 * benchmarks and what the disclosure rule withheld (null there, "—" here with the report's note).
 * The charts are the report's own echarts SVGs (main/report/charts-svg.ts), rasterised by the
 * workbook kit like any other chart picture; the words shared with the PDF come from its labels.
 */
import type { Lang } from '../../shared/domain.js';
import { STEPS, labelOf } from '../../shared/domain.js';
import type { Benchmark, LevelRow, ReportModel, TrendState } from '../report/report-model.js';
import { reportLabels } from '../report/report-labels.js';
import type { ReportLabels } from '../report/report-labels.js';
import { CHART_FONT, ROLE_COLORS, quartileBarSvg, radarSvg } from '../report/charts-svg.js';
import { PICTURE_FONT } from './chart-images.js';
import type { ChartImage, KeyFigure, ReportBlock, ReportSheet, TableSheet } from './workbook-kit.js';
import type { Labels } from './labels.js';
import { formatGenerated } from './labels.js';
import { fraction } from './barometer-tables.js';
import { escapeXml } from './xlsx-writer/xml.js';

/** Ten equal grid columns, as the key-messages sheet: a landscape page at a readable scale. */
const GRID = Array.from({ length: 10 }, () => 13);
/** Pixels of `span` grid columns (Calibri 11: 7 px a character, 5 px of padding). */
const spanPixels = (span: number): number => span * (13 * 7 + 5);


/**
 * A chart of the report with its title above it (and an optional caption under it), as one SVG:
 * the PDF prints these as text beside the chart, a sheet has no text box to put them in. The
 * report's SVG names the PDF's font; the picture is drawn with the same font under its own name.
 */
function titledChart(title: string, chartSvg: string, width: number, chartHeight: number, caption: string | null): { svg: string; height: number } {
  const titleHeight = 26;
  const captionHeight = caption ? 22 : 0;
  const height = titleHeight + chartHeight + captionHeight;
  // The chart's own content shifted under the title: a group, not a nested <svg> (which resvg
  // draws on a layer of its own, twice as slow); the root is as big as the chart's viewBox.
  const svg0 = chartSvg.split(CHART_FONT).join(PICTURE_FONT);
  const inner = `<g transform="translate(0 ${titleHeight})">${svg0.slice(svg0.indexOf('>') + 1, svg0.lastIndexOf('</svg>'))}</g>`;
  const text = (y: number, size: number, weight: string, color: string, value: string): string =>
    `<text x="2" y="${y}" font-family="${PICTURE_FONT}" font-size="${size}" font-weight="${weight}" fill="${color}">${escapeXml(value)}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + text(17, 13, 'bold', ROLE_COLORS.primary, title)
    + inner
    + (caption ? text(titleHeight + chartHeight + 15, 11, 'normal', ROLE_COLORS.text, caption) : '')
    + '</svg>';
  return { svg, height };
}

/** The trend tile: a signed delta when compared, else "—" and the reason in its label. */
function trendFigure(t: TrendState, R: ReportLabels, S: Labels['structure']['summary']): KeyFigure {
  switch (t.kind) {
    case 'first-edition': return { label: S.trend(R.trend.firstEdition), value: null, span: 2 };
    case 'not-participant': return { label: S.trend(R.trend.notParticipant(t.edition)), value: null, span: 2 };
    case 'no-score': return { label: S.trend(R.trend.noScore(t.edition)), value: null, span: 2 };
    case 'not-comparable': return { label: S.trend(R.trend.notComparable(t.edition)), value: null, span: 2 };
    case 'compared': return { label: S.trend(R.trend.compared(t.edition, R.format.score(t.previous))), value: t.delta, kind: 'delta', span: 2 };
  }
}

/** "médiane 72,4" for the tile's label; null when nothing is disclosed. */
function versus(b: Benchmark, R: ReportLabels): string | null {
  return b.value !== null && b.stat ? R.versus(b.stat, R.format.score(b.value)) : null;
}

/** What the remark column says of a row's benchmarks: nothing, the mean in place of the median, or withheld. */
function benchmarkRemark(row: Pick<LevelRow, 'score' | 'category' | 'privatePanel'>, S: Labels['structure']['summary']): string | null {
  if (row.score !== null && row.category.value === null && row.category.withheld) return S.withheld;
  if (row.category.stat === 'mean' || row.privatePanel.stat === 'mean') return S.meanInstead;
  return null;
}

/** The summary sheet: the PDF report's first page, for one structure and edition. */
export function summarySheet(model: ReportModel, L: Labels): ReportSheet {
  const R = reportLabels(model.lang);
  const S = L.structure.summary;
  const s = model.summary;
  const f = R.format;
  const thresholds = model.method.thresholds;

  const figures: KeyFigure[] = [
    { label: S.score, value: s.score, kind: 'score', span: 2 },
    s.rank !== null
      ? { label: S.rank(s.percentile !== null ? R.kpi.percentile(s.percentile) : null), value: R.kpi.rankOf(s.rank, s.categorySize), kind: 'text', span: 2 }
      : { label: S.rank(R.withheldShort), value: null, span: 2 },
    { label: S.gapCategory(versus(s.category, R)), value: s.gapToCategory, kind: 'delta', span: 2 },
    { label: S.gapPrivate(versus(s.privatePanel, R)), value: s.gapToPrivate, kind: 'delta', span: 2 },
    trendFigure(s.trend, R, S),
  ];

  // The charts, as in the PDF: radar of the channels (or of the steps when fewer than three
  // channels have a score) on the left, the overall score against the category's quartiles right.
  const half = spanPixels(5) - 12;
  const axes = model.channels.filter((c) => c.score !== null);
  const radarRows = axes.length >= 3 ? axes : model.steps;
  const radarHeight = 300;
  const radar = titledChart(R.chartRadarTitle, radarSvg({
    axes: radarRows.map((r) => r.label),
    structure: radarRows.map((r) => r.score),
    category: radarRows.map((r) => r.category.value),
    privatePanel: radarRows.map((r) => r.privatePanel.value),
    labels: { structure: R.structure, category: R.category, privatePanel: R.privatePanel },
  }, { width: half, height: radarHeight }), half, radarHeight, null);
  const barHeight = 90;
  const quartileCaption = s.quartiles
    ? `${R.q1} ${f.score(s.quartiles.q1)} · ${R.median} ${f.score(s.quartiles.median)} · ${R.q3} ${f.score(s.quartiles.q3)}`
    : R.notes.quartilesWithheld(thresholds.distributionMinOthers);
  const bar = titledChart(R.chartBarTitle, quartileBarSvg({
    score: s.score,
    quartiles: s.quartiles,
    labels: { structure: R.structure, q1: R.q1, median: R.median, q3: R.q3 },
    formatScore: (v) => f.score(v),
  }, { width: half, height: barHeight }), half, barHeight, s.quartiles ? quartileCaption : null);
  const charts: ChartImage[] = [
    { svg: radar.svg, width: half, height: radar.height, col: 0, top: 0 },
    { svg: bar.svg, width: half, height: bar.height, col: 5, top: 0 },
  ];

  // Strengths beside weaknesses, each with its score and its gap to the category.
  const pairs = Math.max(1, s.strongest.length, s.weakest.length);
  const cellsOf = (row: LevelRow | undefined, first: boolean): unknown[] =>
    row ? [row.label, row.score, row.gapToCategory] : [first ? R.none : null, null, null];
  const strengthRows = Array.from({ length: pairs }, (_, i) => [...cellsOf(s.strongest[i], i === 0), ...cellsOf(s.weakest[i], i === 0)]);

  const stepRows = model.steps.map((r) => [r.label, r.score, r.category.value, r.gapToCategory, r.privatePanel.value, r.gapToPrivate, benchmarkRemark(r, S)]);

  // The PDF's notes, in the same order and words.
  const notes: string[] = [];
  if (s.rankWithheld) notes.push(R.notes.rankWithheld(thresholds.distributionMinOthers));
  if (!s.quartiles && s.score !== null) notes.push(quartileCaption);
  if (s.category.value === null && s.score !== null) notes.push(R.notes.categoryWithheld(thresholds.meanMinOthers));
  if ([s, ...model.steps].some((r) => r.category.stat === 'mean' || r.privatePanel.stat === 'mean')) notes.push(R.notes.meanInstead);
  if (s.privatePanel.value === null && s.privatePanel.withheld) notes.push(R.notes.privateWithheld);
  if (s.trend.kind === 'not-comparable' && s.trend.reason) notes.push(R.notes.trendReason(s.trend.reason));
  notes.push(S.dashNote, S.detail, model.keepNames ? L.structure.notMasked : L.structure.masked);

  const blocks: ReportBlock[] = [
    { kind: 'figures', figures },
    { kind: 'heading', text: S.charts },
    { kind: 'charts', charts },
    { kind: 'heading', text: R.determinants },
    {
      kind: 'table',
      columns: [
        { header: R.strengths, kind: 'text', span: 3 },
        { header: R.col.score, kind: 'score', span: 1 },
        { header: R.col.gapCategory, kind: 'delta', span: 1 },
        { header: R.weaknesses, kind: 'text', span: 3 },
        { header: R.col.score, kind: 'score', span: 1 },
        { header: R.col.gapCategory, kind: 'delta', span: 1 },
      ],
      rows: strengthRows,
    },
    // The first printed page ends here (a sheet prints landscape): the step table and the notes follow.
    { kind: 'pageBreak' },
    { kind: 'heading', text: R.stepsSummary },
    {
      kind: 'table',
      columns: [
        { header: R.col.step, kind: 'text', span: 2 },
        { header: S.score2, kind: 'score', span: 1 },
        { header: S.benchmark, kind: 'score', span: 1 },
        { header: S.gap, kind: 'delta', span: 1 },
        { header: S.privatePanel, kind: 'score', span: 1 },
        { header: S.gapPrivate2, kind: 'delta', span: 1 },
        { header: L.structure.remark, kind: 'text', span: 3 },
      ],
      rows: stepRows,
    },
    { kind: 'notes', lines: notes },
  ];
  return {
    kind: 'report',
    name: L.structure.sheets.summary,
    title: S.title(model.structure.name),
    subtitle: [
      `${R.barometer} · ${R.reportTitle(model.edition)}`,
      `${R.identity(model.structure.categoryLabel, model.structure.code, s.audits)} · ${L.structure.generatedOn} ${formatGenerated(model.generatedAt, model.lang)}`,
      ...(model.benchmarkReference ? [R.benchmarkReference(model.benchmarkReference)] : []),
      R.confidential(model.structure.name),
    ],
    grid: GRID,
    blocks,
  };
}

/** Where an item sits in the referential, for the plan's step and determinant columns. */
export interface ItemPlace {
  step: string;
  determinant: string;
}

/** The action-plan sheet: every failed item of the report model, in its order, with columns to fill in. */
export function actionPlanSheet(model: ReportModel, L: Labels, places: ReadonlyMap<string, ItemPlace>, determinantLabels: ReadonlyMap<string, string>, lang: Lang): TableSheet {
  const R = reportLabels(model.lang);
  const S = L.structure;
  const P = S.plan;
  const plan = model.actionPlan;
  const notes: string[] = [P.priorityNote];
  if (plan.some((p) => p.smallBase)) notes.push(R.smallBaseNote(model.method.smallBase));
  if (plan.some((p) => p.categoryWithheld)) notes.push(`${P.notDisclosed} : ${R.withheldNote} ${L.common.disclosureRule(model.method.thresholds)}`);
  if (plan.some((p) => !p.categoryWithheld && p.categoryFailureRate === null)) notes.push(P.noneNote);
  return {
    kind: 'table',
    name: S.sheets.actionPlan,
    title: P.title(model.edition),
    subtitle: [model.structure.name, R.actionIntro],
    freezeColumns: 3,
    emptyMessage: R.actionNone,
    // Fixed, narrow widths: sixteen columns must still print legibly on a landscape page.
    columns: [
      { header: P.rank, kind: 'int', width: 5 },
      { header: L.common.code, kind: 'code', width: 9 },
      { header: L.common.label, kind: 'wrap', width: 34 },
      { header: S.channel, kind: 'wrap', width: 13 },
      { header: S.step, kind: 'wrap', width: 16 },
      { header: S.determinant, kind: 'wrap', width: 16 },
      { header: P.weight, kind: 'number', width: 12 },
      { header: S.applicable, kind: 'int', width: 9 },
      { header: S.failed, kind: 'int', width: 11 },
      { header: S.failureRate, kind: 'percent', width: 9 },
      { header: S.peersFailureRate, kind: 'percent', width: 11 },
      { header: P.gap, kind: 'delta', width: 11 },
      { header: P.priority, kind: 'number', width: 10 },
      { header: P.smallBase, kind: 'flag', width: 8 },
      { header: P.owner, kind: 'text', width: 18 },
      { header: P.due, kind: 'date', width: 12 },
    ],
    rows: plan.map((p, i) => {
      const place = places.get(p.item);
      return [
        i + 1,
        p.item,
        p.label,
        p.channelLabel,
        place ? labelOf(STEPS, place.step, lang) : null,
        place ? determinantLabels.get(place.determinant) ?? place.determinant : null,
        p.weight,
        p.applicable,
        p.failed,
        fraction(p.failureRate),
        p.categoryWithheld ? P.notDisclosed : p.categoryFailureRate === null ? '—' : fraction(p.categoryFailureRate),
        p.gap,
        100 * p.priority,
        p.smallBase ? P.yes : null,
        null,
        null,
      ];
    }),
    notes,
  };
}
