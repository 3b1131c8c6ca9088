import type { CliCommand } from '../command.js';
import { DEMO_DEFAULTS } from '../../generate/index.js';
import { demoWorkspacePath } from '../../workspace-path.js';
import { workspaceInfo } from '../../workspace/info.js';
import { openWorkspace } from '../../db/connection.js';
import { AppError } from '../../../shared/errors.js';
import { importProgressBar } from '../progress-bar.js';
import { table } from '../format.js';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Crée (ou recrée) l’espace de démonstration à partir de données générées',
  help: [
    'Usage : barometer demo [--db FICHIER] [--seed N] [--structures N] [--json]',
    '',
    "Génère des fichiers fictifs (référentiel, structures, résultats) et les importe par la chaîne",
    "d'import réelle dans un espace de travail de démonstration. Sans --db (ni BAROMETER_DB), l'espace",
    `de démonstration est créé dans le dossier de l'application. Par défaut : ${DEMO_DEFAULTS.structures} structures,`,
    `éditions ${DEMO_DEFAULTS.editions.join(', ')}, graine ${DEMO_DEFAULTS.seed}. Toutes les données sont fictives.`,
  ].join('\n'),
  options: {
    seed: { type: 'string' },
    structures: { type: 'string' },
  },
  async run(ctx) {
    const explicit = typeof ctx.values.db === 'string' || Boolean(process.env.BAROMETER_DB);
    const target = explicit ? ctx.dbPath : demoWorkspacePath();
    const number = (name: string): number | undefined => {
      const raw = ctx.values[name];
      if (typeof raw !== 'string') return undefined;
      const value = Number(raw);
      if (!Number.isInteger(value)) throw AppError.keyed('INVALID_INPUT', 'cli.integerExpected', { option: name, value: raw });
      return value;
    };
    // Loaded here: the generator and the import pipeline bring SheetJS, which `barometer --help` must not pay for.
    const { buildDemoWorkspace } = await import('../../demo/build-demo.js');
    const bar = importProgressBar(ctx.io);
    const seed = number('seed');
    const structures = number('structures');
    const result = await buildDemoWorkspace(target, {
      ...(seed !== undefined ? { seed } : {}),
      ...(structures !== undefined ? { structures } : {}),
      onProgress: (message, progress) => {
        if (progress) bar.update(progress);
        else if (ctx.io.interactive) ctx.io.err(message);
      },
    });
    bar.end();
    const db = openWorkspace(result.file);
    const info = workspaceInfo(db);
    db.close();
    if (ctx.json) {
      ctx.io.out(JSON.stringify({ file: result.file, info, files: result.imported.files.map((f) => ({ file: f.fileName, kind: f.kind, layout: f.layout, status: f.status, audits: f.audits, observations: f.observations })) }, null, 2));
      return 0;
    }
    ctx.io.out(`Espace de démonstration prêt : ${result.file}`);
    ctx.io.out(table(['Édition', 'Structures', 'Audits', 'Observations'], info.editions.map((e) => [String(e.year), e.structures, e.audits, e.observations])));
    ctx.io.out(`Items : ${info.items} · Déterminants : ${info.determinants} · Canaux : ${info.channels} · Étapes : ${info.steps}`);
    return 0;
  },
};
