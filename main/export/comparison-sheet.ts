/**
 * The "Comparaisons" sheet of the barometer tables: two panels (public vs the private panel by
 * default, or the comparison asked with `--compare`) side by side at every level, then the
 * headline indicators, each figure as main/analytics/comparisons.ts gives it after the disclosure
 * rule: a withheld figure is an empty cell with its reason in the "Note" column, never a number.
 */
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import type { ComparisonSpec, PanelWithheldReason } from '../../shared/comparison-types.js';
import { DEFAULT_COMPARISON } from '../../shared/comparison-types.js';
import { comparePanels } from '../analytics/comparisons.js';
import type { TableSheet } from './workbook-kit.js';

const n = (value: number): string => value.toLocaleString('fr-FR');

const TEXTS = {
  fr: {
    sheet: 'Comparaisons',
    title: (a: string, b: string, edition: number) => `Comparaison : ${a} face à ${b} — édition ${edition}`,
    bases: (label: string, structures: number, audits: number) => `${label} : ${n(structures)} structure${structures > 1 ? 's' : ''}, ${n(audits)} audits`,
    level: 'Niveau',
    key: 'Clé',
    levels: { overall: 'Global', step: 'Étape', channel: 'Canal', determinant: 'Déterminant' },
    score: (label: string) => `Score — ${label}`,
    structures: (label: string) => `Structures — ${label}`,
    audits: (label: string) => `Audits — ${label}`,
    rate: (label: string) => `Taux — ${label}`,
    gap: 'Écart A − B (points)',
    note: 'Note',
    indicatorsTitle: 'Indicateurs phares',
    indicator: 'Indicateur',
    item: 'Critère',
    brochure: 'Brochure 2023 (A / B)',
    withheld: {
      'panel-too-small': (side: string) => `${side} non diffusé : trop peu de structures pour la règle de confidentialité`,
      'rest-too-small': (side: string) => `${side} non diffusé : il n'écarte que quelques structures d'un groupe publié, dont les chiffres se déduiraient par différence`,
    } as Record<PanelWithheldReason, (side: string) => string>,
    notes: (meanMin: number, distMin: number) => [
      'Score d\'un panel = 100 × Σ pondération des constats conformes / Σ pondération des constats applicables, sur toutes les observations de ses structures (comme le score d\'une catégorie).',
      'Taux d\'un indicateur = part des audits où le critère s\'applique et est conforme.',
      'Les labels sont ceux que détiennent les structures (colonne « Labels détenus » du fichier des structures, ou la Fiche structure) ; « non labellisées » et « reste du secteur » désignent les autres structures du même secteur.',
      `Règle de confidentialité appliquée à chaque panel : score et taux à partir de ${meanMin} autres structures ; un panel qui n'écarte que quelques structures du secteur ou de l'édition est aussi retenu (leurs chiffres se déduiraient par différence). Un chiffre retenu est laissé vide, avec la raison ; ${distMin} autres structures pour la distribution.`,
    ],
  },
  en: {
    sheet: 'Comparisons',
    title: (a: string, b: string, edition: number) => `Comparison: ${a} against ${b} — ${edition} edition`,
    bases: (label: string, structures: number, audits: number) => `${label}: ${structures.toLocaleString('en-GB')} structure${structures > 1 ? 's' : ''}, ${audits.toLocaleString('en-GB')} audits`,
    level: 'Level',
    key: 'Key',
    levels: { overall: 'Overall', step: 'Step', channel: 'Channel', determinant: 'Determinant' },
    score: (label: string) => `Score — ${label}`,
    structures: (label: string) => `Structures — ${label}`,
    audits: (label: string) => `Audits — ${label}`,
    rate: (label: string) => `Rate — ${label}`,
    gap: 'Gap A − B (points)',
    note: 'Note',
    indicatorsTitle: 'Headline indicators',
    indicator: 'Indicator',
    item: 'Item',
    brochure: '2023 brochure (A / B)',
    withheld: {
      'panel-too-small': (side: string) => `${side} withheld: too few structures for the disclosure rule`,
      'rest-too-small': (side: string) => `${side} withheld: it leaves out only a few structures of a published group, whose figures would follow by subtraction`,
    } as Record<PanelWithheldReason, (side: string) => string>,
    notes: (meanMin: number, distMin: number) => [
      'A panel\'s score = 100 × Σ weight of compliant observations / Σ weight of applicable observations, over every observation of its structures (as a category\'s score).',
      'An indicator\'s rate = share of the audits where the item applies and is met.',
      'Labels are those the structures hold (the structures file\'s "Labels détenus" column, or the structure profile); "not holding" and "rest of the sector" mean the other structures of the same sector.',
      `Disclosure rule applied to each panel: score and rate from ${meanMin} other structures; a panel leaving out only a few structures of its sector or of the edition is withheld too (their figures would follow by subtraction). A withheld figure is left empty, with the reason; ${distMin} other structures for the distribution.`,
    ],
  },
} as const;

/** The sheet's name in a language (tests and the CLI read it). */
export const comparisonSheetName = (lang: Lang): string => TEXTS[lang].sheet;

export function comparisonSheet(db: Db, edition: number, lang: Lang, comparison: ComparisonSpec = DEFAULT_COMPARISON): TableSheet {
  const T = TEXTS[lang];
  const result = comparePanels(db, { edition, a: comparison.a, b: comparison.b, lang });
  const A = result.a.label;
  const B = result.b.label;
  const notes = (a: PanelWithheldReason | null, b: PanelWithheldReason | null): string | null =>
    [a ? T.withheld[a](`A (${A})`) : null, b ? T.withheld[b](`B (${B})`) : null].filter(Boolean).join(' ; ') || null;
  return {
    kind: 'table',
    name: T.sheet,
    title: T.title(A, B, edition),
    subtitle: [`A = ${T.bases(A, result.a.structures, result.a.audits)} · B = ${T.bases(B, result.b.structures, result.b.audits)}`],
    freezeColumns: 2,
    columns: [
      { header: T.level, kind: 'text' },
      { header: T.key, kind: 'text' },
      { header: T.score(A), kind: 'score', colorScale: true },
      { header: T.structures(A), kind: 'int' },
      { header: T.audits(A), kind: 'int' },
      { header: T.score(B), kind: 'score', colorScale: true },
      { header: T.structures(B), kind: 'int' },
      { header: T.audits(B), kind: 'int' },
      { header: T.gap, kind: 'delta' },
      { header: T.note, kind: 'wrap', width: 60 },
    ],
    rows: result.rows.map((r) => [
      T.levels[r.level], r.label, r.a.score, r.a.n, r.a.audits, r.b.score, r.b.n, r.b.audits, r.gap, notes(r.a.withheldBecause, r.b.withheldBecause),
    ]),
    boldRows: [0],
    blocks: [{
      title: T.indicatorsTitle,
      columns: [
        { header: T.indicator, kind: 'text' },
        { header: T.item, kind: 'code' },
        { header: T.rate(A), kind: 'percent' },
        { header: T.audits(A), kind: 'int' },
        { header: T.rate(B), kind: 'percent' },
        { header: T.audits(B), kind: 'int' },
        { header: T.gap, kind: 'delta' },
        { header: result.isPublicPrivate ? T.brochure : T.note, kind: 'text' },
      ],
      rows: result.indicators.map((i) => [
        i.label, i.item, i.a.rate === null ? null : i.a.rate / 100, i.a.audits, i.b.rate === null ? null : i.b.rate / 100, i.b.audits, i.gap,
        i.brochure ? `${i.brochure.a} % / ${i.brochure.b} %` : notes(i.a.withheldBecause, i.b.withheldBecause),
      ]),
    }],
    notes: T.notes(result.rule.meanMinOthers, result.rule.distributionMinOthers),
  };
}
