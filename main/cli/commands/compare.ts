/**
 * `barometer compare --a SPEC [--b SPEC]`: two panels of structures compared on the headline
 * indicators and at every level (main/analytics/comparisons.ts), each panel through the
 * disclosure rule. Without --b, panel A is compared with its complement (public ↔ private, a
 * label's holders ↔ non-holders, a category ↔ the rest of its sector).
 */
import type { CliCommand } from '../command.js';
import { AppError } from '../../../shared/errors.js';
import { complementOf, parsePanelSpec, type PanelSpec } from '../../../shared/comparison-types.js';
import type { ComparisonCell, ComparisonRate } from '../../../shared/comparison-types.js';
import { formatInt, formatPercent, formatScore, table } from '../format.js';
import { EDITION_OPTION, LEVEL_LABELS, editionOf, stringOption } from './analytics-options.js';

function panelOption(text: string | undefined): PanelSpec | null {
  if (text === undefined) return null;
  const spec = parsePanelSpec(text);
  if (!spec) throw AppError.keyed('INVALID_INPUT', 'analytics.panelInvalid', { panel: text });
  return spec;
}

const WITHHELD_TEXT = { 'panel-too-small': 'non diffusé (panel trop petit)', 'rest-too-small': 'non diffusé (se déduirait par différence : trop peu de structures hors du panel)' } as const;

const scoreText = (c: ComparisonCell): string => (c.withheldBecause ? WITHHELD_TEXT[c.withheldBecause] : formatScore(c.score));
const rateText = (r: ComparisonRate): string => (r.withheldBecause ? WITHHELD_TEXT[r.withheldBecause] : formatPercent(r.rate));
const gapText = (gap: number | null): string => (gap === null ? '—' : `${gap >= 0 ? '+' : '−'}${formatScore(Math.abs(gap))} pts`);

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'Compare deux panels de structures (public / privé, labellisées / non labellisées, catégories)',
  help: [
    'Usage : barometer compare --a PANEL [--b PANEL] [--edition ANNÉE] [--db FICHIER] [--json]',
    '',
    'Panels : sector:public, sector:prive, label:NOM (structures publiques qui détiennent le label),',
    'no-label:NOM (celles qui ne le détiennent pas), category:CODE, not-category:CODE (les autres',
    'structures du secteur de la catégorie), all. Sans --b : le complément de A.',
    'Exemple : barometer compare --a label:Qualivilles   (labellisées Qualivilles face aux autres structures publiques)',
    '',
    'Score agrégé de chaque panel à chaque niveau (Σ pondération conforme / Σ pondération applicable),',
    'indicateurs phares, bases (structures, audits). Règle de confidentialité appliquée à chaque panel :',
    'un chiffre non diffusé est « non diffusé » avec la raison (null en JSON, withheldBecause).',
    'JSON : { edition, a: {label, structures, audits}, b, indicators: [...], rows: [{ level, key, label, a: {score, n, audits, …}, b, gap }] }.',
  ].join('\n'),
  options: { ...EDITION_OPTION, a: { type: 'string' }, b: { type: 'string' } },
  async run(ctx) {
    const a = panelOption(stringOption(ctx, 'a'));
    if (!a) throw AppError.keyed('INVALID_INPUT', 'cli.compare.panelAMissing');
    const b = panelOption(stringOption(ctx, 'b')) ?? complementOf(a);
    if (!b) throw AppError.keyed('INVALID_INPUT', 'cli.compare.noComplement', { panel: stringOption(ctx, 'a') ?? '' });
    const db = ctx.openDb();
    const edition = editionOf(ctx, db);
    const { comparePanels } = await import('../../analytics/comparisons.js');
    const result = comparePanels(db, { edition, a, b });
    if (ctx.json) {
      ctx.io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    ctx.io.out(`Comparaison — édition ${edition} : ${result.a.label} face à ${result.b.label}`);
    ctx.io.out(`Bases : A = ${formatInt(result.a.structures)} structures, ${formatInt(result.a.audits)} audits ; B = ${formatInt(result.b.structures)} structures, ${formatInt(result.b.audits)} audits.`);
    ctx.io.out('');
    ctx.io.out(table(['Indicateur', 'A', 'Audits A', 'B', 'Audits B', 'Écart A − B'], result.indicators.map((i) => [
      `${i.label} (${i.item})`, rateText(i.a), formatInt(i.a.audits), rateText(i.b), formatInt(i.b.audits), gapText(i.gap),
    ])));
    ctx.io.out('');
    ctx.io.out(table(['Niveau', 'Clé', 'Score A', 'Structures A', 'Audits A', 'Score B', 'Structures B', 'Audits B', 'Écart A − B'], result.rows.map((r) => [
      LEVEL_LABELS[r.level], r.label, scoreText(r.a), r.a.n === null ? '—' : formatInt(r.a.n), formatInt(r.a.audits),
      scoreText(r.b), r.b.n === null ? '—' : formatInt(r.b.n), formatInt(r.b.audits), gapText(r.gap),
    ])));
    return 0;
  },
};
