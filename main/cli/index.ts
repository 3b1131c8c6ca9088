/**
 * The `barometer` command-line entry: finds the command, parses the options every command shares
 * (`--db`, `--json`, `--help`), runs it, and turns any error into a French message on stderr and a
 * non-zero exit code.
 */
import { parseArgs } from 'node:util';
import type { Db } from '../db/connection.js';
import { openWorkspace } from '../db/connection.js';
import { resolveWorkspacePath } from '../workspace-path.js';
import { AppError } from '../../shared/errors.js';
import type { CliCommand, CliIo, OptionSpec } from './command.js';
import { COMMANDS } from './commands/index.js';

const COMMON_OPTIONS: OptionSpec = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'barometer — poste de travail du Baromètre Expérience Citoyen',
    '',
    'Usage : barometer <commande> [options]',
    '',
    'Commandes :',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options communes : --db FICHIER (espace de travail ; sinon BAROMETER_DB, sinon le dossier de l’application),',
    '                   --json (sortie JSON), --help',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(generalHelp());
    return name ? 0 : 1;
  }
  const command: CliCommand | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Commande inconnue « ${name} ». Tapez « barometer --help » pour la liste des commandes.`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: { ...COMMON_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\nTapez « barometer ${command.name} --help ».`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(command.help);
    return 0;
  }
  const dbPath = resolveWorkspacePath(typeof parsed.values.db === 'string' ? parsed.values.db : undefined);
  let db: Db | undefined;
  try {
    return await command.run({
      positionals: parsed.positionals,
      values: parsed.values as Record<string, string | boolean | string[] | undefined>,
      json: parsed.values.json === true,
      io,
      dbPath,
      openDb: () => (db ??= openWorkspace(dbPath)),
    });
  } catch (error) {
    if (error instanceof AppError) {
      io.err(`Erreur : ${error.message}`);
      if (parsed.values.json) io.out(JSON.stringify({ error: error.toJSON() }, null, 2));
      return error.code === 'CANCELLED' ? 130 : 1;
    }
    io.err(`Erreur inattendue : ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    db?.close();
  }
}
