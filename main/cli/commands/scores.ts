import type { CliCommand } from '../command.js';
import { disclosedGroupScores, editionScores } from '../../analytics/index.js';
import type { GroupKind } from '../../../shared/analytics-types.js';
import { AppError } from '../../../shared/errors.js';
import { formatInt, formatScore, table } from '../format.js';
import { EDITION_OPTION, LEVEL_LABELS, editionOf, formatWeight, levelOf, stringOption } from './analytics-options.js';
import { LEVELS } from '../../../shared/domain.js';

export const scoresCommand: CliCommand = {
  name: 'scores',
  summary: 'Scores des structures (global, étape, canal, déterminant, item) ou des groupes',
  help: [
    `Usage : barometer scores [--edition ANNÉE] [--level ${LEVELS.join('|')}|all]`,
    '                         [--structure CODE] [--category CODE] [--by category|sector|edition] [--db FICHIER] [--json]',
    '',
    'Score = 100 × Σ pondération des observations conformes / Σ pondération des observations applicables',
    '(les « sans objet » sortent du dénominateur ; rien d’applicable : pas de score, « — »).',
    '',
    '  --edition   édition (par défaut : la plus récente qui a des audits)',
    '  --level     niveau (par défaut : overall ; all = tous les niveaux)',
    '  --structure une structure ; --category les structures d’une catégorie',
    '  --by        scores agrégés d’un groupe : observations mises en commun, avec moyenne et médiane',
    '              des scores des structures',
    '',
    'JSON : tableau de { structure, name, category, sector, level, key, score, compliantWeight,',
    'applicableWeight, observations, audits, … } (key = "overall" au niveau global).',
  ].join('\n'),
  options: { ...EDITION_OPTION, level: { type: 'string' }, structure: { type: 'string' }, category: { type: 'string' }, by: { type: 'string' } },
  run(ctx) {
    const db = ctx.openDb();
    const edition = editionOf(ctx, db);
    const level = levelOf(ctx, 'overall');
    const by = stringOption(ctx, 'by');
    if (by !== undefined) {
      if (!['category', 'sector', 'edition'].includes(by)) throw AppError.keyed('INVALID_INPUT', 'cli.byInvalid', { choices: 'category, sector, edition', value: by });
      const kind = by as GroupKind;
      const code = kind === 'category' ? stringOption(ctx, 'category') : undefined;
      const rows = disclosedGroupScores(db, { edition, kind, ...(code ? { code } : {}), ...(level ? { level } : {}) });
      if (ctx.json) {
        ctx.io.out(JSON.stringify(rows, null, 2));
        return 0;
      }
      ctx.io.out(`Édition ${edition} — scores agrégés par ${kind === 'category' ? 'catégorie' : kind === 'sector' ? 'secteur' : 'édition'} (observations mises en commun)`);
      ctx.io.out(table(['Groupe', 'Niveau', 'Clé', 'Score', 'Conforme', 'Applicable', 'Obs.', 'Audits', 'Structures', 'Moyenne', 'Médiane'], rows.map((r) => [
        r.groupLabel, LEVEL_LABELS[r.level], r.level === 'overall' ? '' : `${r.key} ${r.label === r.key ? '' : `(${r.label})`}`.trim(),
        formatScore(r.score), r.compliantWeight === null ? '—' : formatWeight(r.compliantWeight), formatWeight(r.applicableWeight), formatInt(r.observations), formatInt(r.audits),
        r.n === null ? '—' : formatInt(r.n), formatScore(r.mean), formatScore(r.median),
      ])));
      return 0;
    }
    const structure = stringOption(ctx, 'structure');
    const category = stringOption(ctx, 'category');
    const rows = editionScores(db, { edition, ...(level ? { level } : {}), ...(structure ? { structure } : {}), ...(category ? { category } : {}) });
    if (ctx.json) {
      ctx.io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    if (rows.length === 0) {
      ctx.io.out(`Édition ${edition} : aucun score.`);
      return 0;
    }
    ctx.io.out(`Édition ${edition} — ${rows.length} score(s)`);
    ctx.io.out(table(['Structure', 'Nom', 'Catégorie', 'Niveau', 'Clé', 'Score', 'Conforme', 'Applicable', 'Obs.', 'Audits'], rows.map((r) => [
      r.structure, r.name, r.categoryLabel, LEVEL_LABELS[r.level], r.level === 'overall' ? '' : r.level === 'item' || r.level === 'determinant' ? r.key : r.label,
      formatScore(r.score), formatWeight(r.compliantWeight), formatWeight(r.applicableWeight), formatInt(r.observations), formatInt(r.audits),
    ])));
    return 0;
  },
};
