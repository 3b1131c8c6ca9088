/**
 * The `barometer` command-line entry: finds the command, parses the options every command shares
 * (`--db`, `--json`, `--help`, `--debug`), runs it, and turns any error into a French message on
 * stderr and a non-zero exit code. A SQLite failure (disk full, locked, damaged…) is explained by
 * main/db/sqlite-errors.ts; a stack trace is printed only with `--debug`.
 *
 * Exit codes: 0 success, 1 failure, 2 usage error, 3 the workspace is damaged (its open-time
 * check failed: the command ran read-only and warned on stderr, or `check` found damage),
 * 130 cancelled.
 */
import { parseArgs } from 'node:util';
import type { Db, OpenOptions } from '../db/connection.js';
import { openWorkspace } from '../db/connection.js';
import { failureContext, isDamaged, workspaceHealth } from '../db/health.js';
import { toUserError } from '../db/sqlite-errors.js';
import { resolveWorkspacePath } from '../workspace-path.js';
import type { CliCommand, CliIo, OptionSpec } from './command.js';
import { COMMANDS } from './commands/index.js';

const COMMON_OPTIONS: OptionSpec = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  debug: { type: 'boolean', default: false },
};

/** Exit code of a command that ran on a damaged workspace (see the header). */
export const EXIT_DAMAGED = 3;

/** What a command does, as the subject of an error message (« l'import n'a rien écrit »). */
const OPERATIONS: Record<string, string> = {
  import: "l'import",
  imports: "l'annulation d'import",
  export: "l'export",
  demo: 'la création de la démonstration',
  disclosure: 'le réglage de confidentialité',
  check: 'la vérification',
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
    '                   --json (sortie JSON), --help, --debug (détail technique des erreurs)',
  ].join('\n');
}

/**
 * Runs one command. `openOptions` reach `openWorkspace`: tests shorten the busy timeout, force a
 * read-only open or cap the file size to simulate a full disk.
 */
export async function main(argv: string[], io: CliIo = defaultIo, openOptions: OpenOptions = {}): Promise<number> {
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
  const openDb = (): Db => {
    if (db) return db;
    db = openWorkspace(dbPath, openOptions);
    // Said once, before the command's own output: a foreign journal set aside, read-only, damage.
    for (const notice of workspaceHealth(db).notices) io.err(notice);
    return db;
  };
  try {
    const code = await command.run({
      positionals: parsed.positionals,
      values: parsed.values as Record<string, string | boolean | string[] | undefined>,
      json: parsed.values.json === true,
      io,
      dbPath,
      openDb,
    });
    return code === 0 && db && isDamaged(db) ? EXIT_DAMAGED : code;
  } catch (raw) {
    const operation = OPERATIONS[command.name] ?? `la commande « ${command.name} »`;
    const error = toUserError(raw, { file: dbPath, ...failureContext(db, operation) });
    io.err(error.message.startsWith('Erreur') ? error.message : `Erreur : ${error.message}`);
    if (parsed.values.debug && raw instanceof Error && raw.stack) io.err(raw.stack);
    else if (error.code === 'INTERNAL') io.err('(Relancez avec --debug pour le détail technique.)');
    if (parsed.values.json) io.out(JSON.stringify({ error: error.toJSON() }, null, 2));
    return error.code === 'CANCELLED' ? 130 : 1;
  } finally {
    db?.close();
  }
}
