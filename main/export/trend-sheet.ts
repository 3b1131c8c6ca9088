/**
 * The trend table of the deliverables ("Tendances" of the barometer tables, "Évolution" of a
 * structure's workbook): each edition's value with its base, then each pair of editions' change
 * and how it reads. The states come from the analytics engine (trends.ts, TrendState): this module
 * only words them, so a change is never shown as "Comparable" beside an empty value.
 */
import type { TrendComparison, TrendSeries, TrendsResult } from '../../shared/analytics-types.js';
import type { ColumnSpec } from './workbook-kit.js';
import type { Labels } from './labels.js';

/** How one change reads, in words: "Non participant en 2022", "Base faible (2 audits)", "Même panel : 41 structures"… */
export function trendStateText(c: TrendComparison, L: Labels): string {
  const W = L.trend;
  const panel = c.panel !== null && c.panel.structures !== null ? W.samePanel(c.panel.structures) : null;
  switch (c.state) {
    case 'not-participating': return W.notParticipating(c.missingIn);
    case 'not-comparable': return W.notComparable(c.reasons);
    case 'no-score': return c.panel !== null ? W.noPanel : W.noScore(c.missingIn);
    case 'withheld': return W.withheld;
    case 'small-base': return [panel, W.smallBase(Math.min(c.base.from, c.base.to))].filter(Boolean).join(' — ');
    case 'comparable': return panel ?? W.comparable;
  }
}

/** The state of each pair, plus a note for the editions whose value the disclosure rule withholds. */
function stateCell(s: TrendSeries, i: number, L: Labels): string {
  const c = s.comparisons[i] as TrendComparison;
  const withheld = [s.points[i], s.points[i + 1]].filter((p) => p?.suppressed != null).map((p) => p?.edition as number);
  const text = trendStateText(c, L);
  return withheld.length > 0 && c.state !== 'withheld' ? `${text} ; ${L.trend.pointWithheld(withheld)}` : text;
}

/**
 * Trend rows of one scope and level. `withScope`: the barometer's group table (a scope column,
 * the structures behind each edition's value, and the same panel's scores beside each change);
 * otherwise a structure's table (its scores and audits).
 */
export function trendRows(result: TrendsResult, L: Labels, scopeLabel: string, withScope: boolean): unknown[][] {
  const C = L.common;
  return result.series.map((s) => [
    ...(withScope ? [scopeLabel] : []),
    C.levels[s.level] ?? s.level,
    s.label,
    ...s.points.flatMap((p) => (withScope ? [p.score, p.structures, p.audits] : [p.score, p.audits])),
    ...s.comparisons.flatMap((c, i) => [
      ...(withScope ? [c.panel?.from ?? null, c.panel?.to ?? null] : []),
      c.delta,
      stateCell(s, i, L),
    ]),
  ]);
}

export function trendColumns(editions: readonly number[], L: Labels, withScope: boolean): ColumnSpec[] {
  const T = L.tables;
  const C = L.common;
  const W = L.trend;
  return [
    ...(withScope ? [{ header: T.scope, kind: 'text' } as ColumnSpec] : []),
    { header: C.level, kind: 'text' },
    { header: C.label, kind: 'text' },
    ...editions.flatMap((e): ColumnSpec[] => [
      { header: T.scoreIn(e), kind: 'score' },
      ...(withScope ? [{ header: W.structuresIn(e), kind: 'int' } as ColumnSpec] : []),
      { header: W.auditsIn(e), kind: 'int' },
    ]),
    ...editions.slice(1).flatMap((e, i): ColumnSpec[] => {
      const from = editions[i] as number;
      return [
        ...(withScope
          ? [{ header: W.panelScore(from, e, from), kind: 'score' } as ColumnSpec, { header: W.panelScore(from, e, e), kind: 'score' } as ColumnSpec]
          : []),
        { header: withScope ? W.groupChange(from, e) : T.lastChange(from, e), kind: 'delta' },
        { header: W.state(from, e), kind: 'wrap' },
      ];
    }),
  ];
}
