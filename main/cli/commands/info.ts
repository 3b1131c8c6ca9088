import type { CliCommand } from '../command.js';
import { workspaceInfo } from '../../workspace/info.js';
import { table } from '../format.js';

export const infoCommand: CliCommand = {
  name: 'info',
  summary: "Résumé de l'espace de travail : éditions, structures, audits, référentiel",
  help: [
    'Usage : barometer info [--db FICHIER] [--json]',
    '',
    "Affiche le contenu de l'espace de travail : pour chaque édition, le nombre de structures,",
    "d'audits et d'observations ; le nombre d'items, de déterminants, de canaux et d'étapes.",
  ].join('\n'),
  options: {},
  run(ctx) {
    const info = workspaceInfo(ctx.openDb());
    if (ctx.json) {
      ctx.io.out(JSON.stringify(info, null, 2));
      return 0;
    }
    ctx.io.out(`Espace de travail : ${ctx.dbPath}${info.isDemo ? ' (données de démonstration)' : ''}`);
    ctx.io.out(table(['Édition', 'Structures', 'Audits', 'Observations'], info.editions.map((e) => [String(e.year), e.structures, e.audits, e.observations])));
    ctx.io.out(`\nItems : ${info.items} · Déterminants : ${info.determinants} · Canaux : ${info.channels} · Étapes : ${info.steps} · Structures : ${info.structures}`);
    return 0;
  },
};
