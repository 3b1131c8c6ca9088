/**
 * The "Préparation aux labels" section of a structure's deliverables, for each label of the
 * referential the structure does not hold yet: its score on the label's items, the items met and
 * the items to fix, heaviest first, with the audits behind them. The figures come from the
 * analytics engine (main/analytics/readiness.ts) as they are; this file only reads them for the
 * report model and lays them out in the PDF (pdf-report.ts calls `drawReadinessSection` with its
 * drawing helpers). The workbook sheet is main/export/readiness-sheet.ts.
 */
import * as echarts from 'echarts/core';
import { GaugeChart } from 'echarts/charts';
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import { CHANNELS, labelOf } from '../../shared/domain.js';
import type { LabelReadiness } from '../../shared/readiness-types.js';
import { structureReadiness } from '../analytics/readiness.js';
import { labelCatalogue, type LabelCatalogue } from '../analytics/label-definitions.js';
import { ROLE_COLORS, renderSvg } from './charts-svg.js';
import { DASH, reportLabels } from './report-labels.js';

echarts.use([GaugeChart]);

/** Items to fix listed per label in the PDF (the workbook lists them all). */
export const READINESS_ITEMS_SHOWN = 10;

/**
 * The edition's label catalogue, read once per report context: a batch of reports shares one
 * context (report-model.ts), and a context never outlives the data it was read from.
 */
const CATALOGUES = new WeakMap<object, LabelCatalogue>();

/** Readiness for the labels the structure does not hold yet (none when the referential has no label). */
export function reportReadiness(db: Db, context: { edition: number; lang: Lang }, input: { structure: string; keepNames: boolean }): LabelReadiness[] {
  let catalogue = CATALOGUES.get(context);
  if (!catalogue) {
    catalogue = labelCatalogue(db, context.edition);
    CATALOGUES.set(context, catalogue);
  }
  return structureReadiness(db, { edition: context.edition, structure: input.structure, lang: context.lang, keepNames: input.keepNames, catalogue })
    .filter((r) => !r.held);
}

/** Words of the section, per language. */
export function readinessWords(lang: Lang) {
  const f = reportLabels(lang).format;
  const en = lang === 'en';
  return {
    format: f,
    title: en ? 'Label readiness' : 'Préparation aux labels',
    intro: en
      ? 'The structure does not hold these labels yet. For each: its score on the label\'s items (same method as the overall score) and the items to fix, where its share of compliant audits is below the rate the label requires, heaviest first.'
      : 'La structure ne détient pas encore ces labels. Pour chacun : son score sur les critères du label (même méthode que le score global) et les critères à corriger, ceux où sa part d’audits conformes est sous le taux exigé par le label, classés par pondération.',
    headline: (r: LabelReadiness) => en
      ? `${r.label} — score ${f.score(r.score)} / 100`
      : `${r.label} — score ${f.score(r.score)} / 100`,
    counts: (r: LabelReadiness) => {
      // French: 0 and 1 take the singular.
      const fr = (n: number, one: string, many: string): string => `${f.int(n)} ${n <= 1 ? one : many}`;
      return en
        ? `${f.int(r.met)} of ${f.int(r.items)} items met, ${f.int(r.toFix.length)} to fix${r.notObserved > 0 ? `, ${f.int(r.notObserved)} never observed` : ''} (required rate: ${f.percent(r.requiredRate)} of audits compliant on each item).`
        : `${fr(r.met, 'critère atteint', 'critères atteints')} sur ${f.int(r.items)}, ${f.int(r.toFix.length)} à corriger${r.notObserved > 0 ? `, ${fr(r.notObserved, 'jamais observé', 'jamais observés')}` : ''} (taux exigé : ${f.percent(r.requiredRate)} d’audits conformes sur chaque critère).`;
    },
    /** One non-compliant audit: reference, date when known, masked comment. */
    evidence: (e: { reference: string; date: string | null; comment: string | null }) =>
      `${e.reference}${e.date ? ` (${f.date(e.date)})` : ''}${e.comment ? ` — ${e.comment}` : ''}`,
    ready: en ? 'Every observed item reaches the required rate.' : 'Tous les critères observés atteignent le taux exigé.',
    more: (n: number) => (en ? `… and ${f.int(n)} more items to fix (full list in the workbook).` : `… et ${f.int(n)} autres critères à corriger (liste complète dans le classeur).`),
    masked: en ? 'Personal data in comments is masked.' : 'Les données personnelles des commentaires sont masquées.',
    col: {
      rank: en ? '#' : 'N°',
      item: en ? 'Item to fix' : 'Critère à corriger',
      channel: en ? 'Channel' : 'Canal',
      weight: en ? 'Weight' : 'Pond.',
      rate: en ? 'Compliant' : 'Conformes',
      audits: en ? 'Audits' : 'Audits',
      evidence: en ? 'Latest non-compliant audit' : 'Un audit non conforme',
    },
    gaugeName: en ? 'Score on the label' : 'Score sur le label',
  };
}

/** A gauge of the label score (0–100), echarts SVG like the report's other charts. */
export function readinessGaugeSvg(score: number | null, lang: Lang, size = { width: 160, height: 90 }): string {
  const f = reportLabels(lang).format;
  // A half ring standing on its diameter: the figure sits inside, nothing hangs below the box.
  return renderSvg({
    series: [{
      type: 'gauge',
      min: 0,
      max: 100,
      startAngle: 180,
      endAngle: 0,
      radius: '140%',
      center: ['50%', '88%'],
      progress: { show: true, width: 14, itemStyle: { color: ROLE_COLORS.primary } },
      axisLine: { lineStyle: { width: 14, color: [[1, ROLE_COLORS.grid]] } },
      axisTick: { show: false },
      splitLine: { show: false },
      axisLabel: { show: false },
      pointer: { show: false },
      anchor: { show: false },
      title: { show: false },
      detail: { valueAnimation: false, offsetCenter: [0, '-18%'], fontSize: 20, fontWeight: 'bold', color: ROLE_COLORS.text, formatter: () => f.score(score) },
      data: [{ value: score ?? 0 }],
    }],
  }, size);
}

/** The drawing helpers of pdf-report.ts the section needs (its layout stays there). */
export interface ReadinessPdfKit {
  sectionTitle(title: string, newPage: boolean): void;
  subTitle(title: string): void;
  paragraph(text: string, options?: { size?: number; color?: string; gap?: number }): void;
  table(columns: Array<{ header: string; width: number; align?: 'left' | 'right' | 'center' }>, rows: Array<Array<string | { text: string; color?: string; bold?: boolean }>>, options?: { size?: number }): void;
  /** Draws an SVG at the left margin of the current line, moving down by its height. */
  svg(svg: string, width: number, height: number): void;
  muted: string;
  bad: string;
}

/** The section, on a new page; nothing when there is no label to prepare. */
export function drawReadinessSection(kit: ReadinessPdfKit, readiness: readonly LabelReadiness[], lang: Lang): void {
  if (readiness.length === 0) return;
  const W = readinessWords(lang);
  const f = W.format;
  kit.sectionTitle(W.title, true);
  kit.paragraph(W.intro, { color: kit.muted, gap: 4 });
  kit.paragraph(W.masked, { size: 7.8, color: kit.muted, gap: 10 });
  for (const r of readiness) {
    kit.subTitle(W.headline(r));
    kit.svg(readinessGaugeSvg(r.score, lang), 128, 72);
    kit.paragraph(W.counts(r), { gap: 6 });
    if (r.toFix.length === 0) {
      kit.paragraph(W.ready, { gap: 12 });
      continue;
    }
    const shown = r.toFix.slice(0, READINESS_ITEMS_SHOWN);
    kit.table([
      { header: W.col.rank, width: 22, align: 'right' },
      { header: W.col.item, width: 0 },
      { header: W.col.channel, width: 62 },
      { header: W.col.weight, width: 36, align: 'right' },
      { header: W.col.rate, width: 52, align: 'right' },
      { header: W.col.audits, width: 40, align: 'right' },
      { header: W.col.evidence, width: 150 },
    ], shown.map((t, i) => {
      const e = t.evidence[0];
      return [
        String(i + 1),
        `${t.label} (${t.item})`,
        labelOf(CHANNELS, t.channel, lang),
        f.score(t.weight).replace(/[,.]0$/, ''),
        { text: f.percent(t.rate), bold: true, color: kit.bad },
        `${f.int(t.compliant)}/${f.int(t.audits)}`,
        e ? W.evidence(e) : DASH,
      ];
    }), { size: 7.8 });
    if (r.toFix.length > shown.length) kit.paragraph(W.more(r.toFix.length - shown.length), { size: 7.8, color: kit.muted, gap: 10 });
  }
}
