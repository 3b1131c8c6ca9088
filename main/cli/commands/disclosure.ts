/**
 * `barometer disclosure`: shows or sets the workspace's disclosure rule (main/analytics/disclosure.ts),
 * the thresholds below which an anonymous benchmark is withheld in every deliverable and screen.
 */
import type { CliCommand } from '../command.js';
import { disclosureRule, saveDisclosureRule } from '../../analytics/index.js';
import { AppError } from '../../../shared/errors.js';
import { stringOption } from './analytics-options.js';

function threshold(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 1000) throw AppError.keyed('INVALID_INPUT', 'cli.disclosure.countInvalid', { option: name, value: text });
  return value;
}

export const disclosureCommand: CliCommand = {
  name: 'disclosure',
  summary: 'Règle de confidentialité des repères anonymes (afficher ou régler)',
  help: [
    'Usage : barometer disclosure [--mean N] [--distribution N] [--db FICHIER] [--json]',
    '',
    'Un repère anonyme (moyenne, médiane, quartiles, meilleur score, rang…) n’est publié que s’il',
    'repose sur assez d’AUTRES structures que celle qui le lit ; sinon il est masqué partout',
    '(écrans, CLI, classeurs, PDF). Par défaut : moyenne et n à partir de 3 autres structures ;',
    'médiane, quartiles, min, max, meilleur score, rang et centile à partir de 10.',
    '',
    '  --mean N          seuil de la moyenne, du score d’ensemble et de n',
    '  --distribution N  seuil de la distribution, du rang et du centile (jamais sous --mean)',
    'Sans option : affiche la règle de l’espace. 0 désactive le contrôle (usage interne seulement).',
  ].join('\n'),
  options: { mean: { type: 'string' }, distribution: { type: 'string' } },
  run(ctx) {
    const db = ctx.openDb();
    const mean = threshold(stringOption(ctx, 'mean'), 'mean');
    const distribution = threshold(stringOption(ctx, 'distribution'), 'distribution');
    let rule = disclosureRule(db);
    if (mean !== undefined || distribution !== undefined) {
      rule = saveDisclosureRule(db, { meanMinOthers: mean ?? rule.meanMinOthers, distributionMinOthers: distribution ?? rule.distributionMinOthers });
    }
    if (ctx.json) {
      ctx.io.out(JSON.stringify(rule, null, 2));
      return 0;
    }
    ctx.io.out(`Moyenne, score d’ensemble et n : à partir de ${rule.meanMinOthers} autres structures.`);
    ctx.io.out(`Médiane, quartiles, min, max, meilleur score, rang et centile : à partir de ${rule.distributionMinOthers} autres structures.`);
    return 0;
  },
};
