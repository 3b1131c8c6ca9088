/**
 * `barometer benchmark export|import`: the anonymous national benchmark of an edition, written
 * from the national workspace (only what the disclosure rule lets out) and read into a diagnostic
 * workspace, where it stands in for peers (main/diagnostic).
 */
import path from 'node:path';
import type { CliCommand } from '../command.js';
import { AppError } from '../../../shared/errors.js';
import { EDITION_OPTION, stringOption } from './analytics-options.js';
import { formatInt } from '../format.js';

export const benchmarkCommand: CliCommand = {
  name: 'benchmark',
  summary: 'Repère national anonyme : export depuis l’espace national, import dans un espace de diagnostic',
  help: [
    'Usage : barometer benchmark export --edition ANNÉE --out FICHIER.json [--db ESPACE_NATIONAL]',
    '        barometer benchmark import FICHIER.json [--db ESPACE_DE_DIAGNOSTIC]',
    '',
    'export : écrit, pour chaque catégorie (dont le panel privé) et chaque niveau et clé, n, moyenne,',
    '  médiane, quartiles, min et max des scores de ses structures, tels que la règle de confidentialité',
    '  de l’espace les laisse lire à l’un de ses membres (barometer disclosure) : jamais le code, le nom',
    '  ni le score d’une structure ; une catégorie trop petite n’y figure pas. Fichier JSON avec version',
    '  de format et somme de contrôle.',
    'import : vérifie le fichier (un fichier modifié ou étranger est refusé) et le range dans l’espace',
    '  de diagnostic ; il y remplace celui de la même édition. La fiche de la structure s’y compare alors',
    '  à la « référence nationale ANNÉE importée » quand l’espace n’a pas de pairs de sa catégorie.',
  ].join('\n'),
  options: { ...EDITION_OPTION, out: { type: 'string', short: 'o' } },
  async run(ctx) {
    const [action, file] = ctx.positionals;
    // Loaded here: the benchmark file's schema brings zod (~70 ms), which `barometer --help` must not pay for.
    const [{ buildBenchmark, writeBenchmarkFile }, { importBenchmark }] = await Promise.all([
      import('../../diagnostic/benchmark-file.js'), import('../../diagnostic/benchmark-store.js'),
    ]);
    if (action === 'export') {
      const out = stringOption(ctx, 'out');
      const editionText = stringOption(ctx, 'edition');
      if (!out) throw AppError.keyed('INVALID_INPUT', 'cli.benchmark.outMissing');
      if (!editionText || !/^\d{4}$/.test(editionText)) throw AppError.keyed('INVALID_INPUT', 'cli.editionMissing');
      const benchmark = buildBenchmark(ctx.openDb(), Number(editionText));
      writeBenchmarkFile(out, benchmark);
      const categories = new Set(benchmark.rows.map((r) => r.code)).size;
      ctx.io.out(ctx.json
        ? JSON.stringify({ file: out, edition: benchmark.edition, rows: benchmark.rows.length, categories })
        : `Repère national ${benchmark.edition} écrit : ${out} (${formatInt(benchmark.rows.length)} lignes, ${categories} catégories).`);
      return 0;
    }
    if (action === 'import') {
      if (!file) throw AppError.keyed('INVALID_INPUT', 'cli.benchmark.fileMissing');
      const result = importBenchmark(ctx.openDb(), file);
      ctx.io.out(ctx.json
        ? JSON.stringify(result)
        : `Repère national ${result.edition} importé depuis « ${path.basename(file)} » : ${formatInt(result.rows)} lignes, ${result.categories} catégories${result.replaced ? ' (remplace le précédent de la même édition)' : ''}.`);
      return 0;
    }
    throw AppError.keyed('INVALID_INPUT', 'cli.benchmark.subcommand');
  },
};
