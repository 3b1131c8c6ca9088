/**
 * `barometer check`: SQLite's full integrity check of the workspace (main/db/health.ts), the same
 * as « Vérifier l'espace » in the app. Exit code 0 when intact, 3 when damaged.
 */
import type { CliCommand } from '../command.js';
import { checkWorkspace } from '../../db/health.js';
import { formatInt } from '../format.js';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: "Vérifie l'intégrité de l'espace de travail (toutes ses pages, ses index, ses références)",
  help: [
    'Usage : barometer check [--db FICHIER] [--json]',
    '',
    "Lit tout l'espace de travail et vérifie chaque page, chaque index et chaque référence entre",
    "tables (PRAGMA integrity_check et foreign_key_check de SQLite). Long sur un très gros espace.",
    "Code de sortie : 0 si l'espace est intact, 3 s'il est endommagé (les exports sont alors",
    'refusés ; le message indique la copie de sauvegarde à restaurer quand il en existe une).',
  ].join('\n'),
  options: {},
  run(ctx) {
    const result = checkWorkspace(ctx.openDb());
    if (ctx.json) {
      ctx.io.out(JSON.stringify(result, null, 2));
    } else {
      ctx.io.out(result.message);
      for (const problem of result.problems.slice(0, 20)) ctx.io.out(`  - ${problem}`);
      if (result.problems.length > 20) ctx.io.out(`  … et ${formatInt(result.problems.length - 20)} autre(s) (--json pour la liste)`);
    }
    return result.ok ? 0 : 3;
  },
};
