import type { CliCommand } from '../command.js';
import { categoryRankings, winners } from '../../analytics/index.js';
import type { TieBreakRule } from '../../../shared/analytics-types.js';
import { formatInt, formatScore, table } from '../format.js';
import { EDITION_OPTION, editionOf, formatWeight, stringOption } from './analytics-options.js';

const RULES: Record<TieBreakRule, string> = {
  score: 'score global',
  traitement: 'ex æquo : score « traitement »',
  applicableWeight: 'ex æquo : pondération applicable',
  code: 'ex æquo : code structure',
};

export const winnersCommand: CliCommand = {
  name: 'winners',
  summary: 'Lauréats par catégorie (et classement complet avec --category)',
  help: [
    'Usage : barometer winners [--edition ANNÉE] [--category CODE] [--db FICHIER] [--json]',
    '',
    'Le lauréat d’une catégorie est la structure au meilleur score global. Départage, dans l’ordre :',
    '(1) score global exact le plus élevé, (2) score le plus élevé à l’étape « traitement de la',
    'demande », (3) pondération applicable la plus grande, (4) code structure le plus petit.',
    'Le panel privé est un groupe de comparaison : jamais de lauréat. Une catégorie sans structure',
    'notée n’a pas de lauréat.',
    '',
    '  --category CODE  le classement complet de la catégorie',
    'JSON : [{ category, structure, name, score, … }] ; avec --category, le classement.',
  ].join('\n'),
  options: { ...EDITION_OPTION, category: { type: 'string' } },
  run(ctx) {
    const db = ctx.openDb();
    const edition = editionOf(ctx, db);
    const category = stringOption(ctx, 'category');
    if (category) {
      const ranking = categoryRankings(db, { edition, category })[0];
      if (ctx.json) {
        ctx.io.out(JSON.stringify(ranking, null, 2));
        return 0;
      }
      if (!ranking) return 0;
      ctx.io.out(`${ranking.categoryLabel} — édition ${edition}${ranking.awardsWinner ? '' : ' (groupe de comparaison, sans lauréat)'}`);
      ctx.io.out(table(['Position', 'Rang', 'Structure', 'Nom', 'Score', 'Traitement', 'Applicable', 'Départage avec le suivant'], ranking.entries.map((e) => [
        formatInt(e.position), e.rank === null ? '—' : formatInt(e.rank), e.structure, e.name, formatScore(e.score), formatScore(e.traitementScore),
        formatWeight(e.applicableWeight), e.decidedBy ? RULES[e.decidedBy] : '',
      ])));
      return 0;
    }
    const list = winners(db, { edition });
    if (ctx.json) {
      ctx.io.out(JSON.stringify(list, null, 2));
      return 0;
    }
    ctx.io.out(`Lauréats de l'édition ${edition}`);
    ctx.io.out(table(['Catégorie', 'Structure', 'Nom', 'Score', 'Participants', 'Départage'], list.map((w) => [
      w.categoryLabel, w.structure, w.name, formatScore(w.score), formatInt(w.participants), w.decidedBy ? RULES[w.decidedBy] : 'seul participant',
    ])));
    return 0;
  },
};
