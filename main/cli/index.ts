/**
 * The `barometer` command-line entry: finds the command, parses the options every command shares
 * (`--db`, `--json`, `--help`, `--debug`, `--lang`), runs it, and turns any error into a message on
 * stderr, in French unless English is asked for (cli/lang.ts), and a non-zero exit code. Every
 * error text comes from the FR/EN catalogue (shared/error-messages.ts). A SQLite failure (disk
 * full, locked, damaged…) is explained by main/db/sqlite-errors.ts; a stack trace is printed only
 * with `--debug`.
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
import { localizedErrorMessage, renderErrorText, type ErrorLang, type ErrorText } from '../../shared/error-messages.js';
import type { CliCommand, CliIo, OptionSpec } from './command.js';
import { COMMANDS } from './commands/index.js';
import { ENGLISH_SUMMARIES, FRENCH_ONLY_HELP_NOTE } from './help-en.js';
import { environmentLang, langOf, takeLangOption } from './lang.js';

const COMMON_OPTIONS: OptionSpec = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  debug: { type: 'boolean', default: false },
  // The language of messages; `export` also writes its deliverables in it.
  lang: { type: 'string' },
};

/** Exit code of a command that ran on a damaged workspace (see the header). */
export const EXIT_DAMAGED = 3;

/** What a command does, as the subject of an error message (« l'import n'a rien écrit »). */
const OPERATIONS: Readonly<Record<string, ErrorText>> = {
  import: { key: 'sqlite.operation.import' },
  imports: { key: 'cli.operation.importsUndo' },
  export: { key: 'sqlite.operation.export' },
  demo: { key: 'cli.operation.demo' },
  disclosure: { key: 'cli.operation.disclosure' },
  check: { key: 'cli.operation.check' },
};

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

function generalHelp(lang: ErrorLang): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const summary = (c: CliCommand): string => (lang === 'en' ? c.summaryEn ?? ENGLISH_SUMMARIES[c.name] ?? c.summary : c.summary);
  const commands = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${summary(c)}`);
  if (lang === 'en') {
    return [
      'barometer — workstation of the Baromètre Expérience Citoyen',
      '',
      'Usage: barometer <command> [options]',
      '',
      'Commands:',
      ...commands,
      '',
      'Common options: --db FILE (workspace; else BAROMETER_DB, else the application folder),',
      '                --json (JSON output), --help, --debug (technical details of errors),',
      '                --lang fr|en (language of messages; else BAROMETER_LANG, else LANG; French by default)',
    ].join('\n');
  }
  return [
    'barometer — poste de travail du Baromètre Expérience Citoyen',
    '',
    'Usage : barometer <commande> [options]',
    '',
    'Commandes :',
    ...commands,
    '',
    'Options communes : --db FICHIER (espace de travail ; sinon BAROMETER_DB, sinon le dossier de l’application),',
    '                   --json (sortie JSON), --help, --debug (détail technique des erreurs),',
    '                   --lang fr|en (langue des messages ; sinon BAROMETER_LANG, sinon LANG ; français par défaut)',
  ].join('\n');
}

/** Node's parseArgs errors (English) as a catalogue text; its own message when its shape is unknown. */
function argumentError(error: Error & { code?: string }, lang: ErrorLang): string {
  const quoted = /'([^' ]+)(?: <value>)?'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) return renderErrorText({ key: 'cli.args.unknownOption', params: { option: quoted } }, lang);
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted) {
    return renderErrorText({ key: /argument missing/.test(error.message) ? 'cli.args.missingValue' : 'cli.args.noValue', params: { option: quoted } }, lang);
  }
  return error.message;
}

/**
 * Runs one command. `openOptions` reach `openWorkspace`: tests shorten the busy timeout, force a
 * read-only open or cap the file size to simulate a full disk.
 */
export async function main(argv: string[], io: CliIo = defaultIo, openOptions: OpenOptions = {}): Promise<number> {
  const langOption = takeLangOption(argv);
  const chosenLang = langOf(langOption.value);
  const lang: ErrorLang = chosenLang ?? environmentLang();
  const say = (text: ErrorText): string => renderErrorText(text, lang);
  if (langOption.value !== undefined && !chosenLang) {
    io.err(say({ key: 'cli.langInvalid', params: { value: langOption.value } }));
    return 2;
  }
  const [name, ...rest] = langOption.argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(generalHelp(lang));
    return name ? 0 : 1;
  }
  const command: CliCommand | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(say({ key: 'cli.unknownCommand', params: { name } }));
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: { ...COMMON_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${argumentError(error as Error, lang)}\n${say({ key: 'cli.typeHelp', params: { command: command.name } })}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(lang === 'en' ? command.helpEn ?? `${FRENCH_ONLY_HELP_NOTE}\n\n${command.help}` : command.help);
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
      lang,
      io,
      dbPath,
      openDb,
    });
    return code === 0 && db && isDamaged(db) ? EXIT_DAMAGED : code;
  } catch (raw) {
    const operation = OPERATIONS[command.name] ?? { key: 'cli.operation.command', params: { name: command.name } };
    const error = toUserError(raw, { file: dbPath, ...failureContext(db, operation) });
    // The error's catalogue text in the chosen language (its French message when it has none).
    const message = localizedErrorMessage(error.toJSON(), lang);
    io.err(/^(Erreur|Error)\b/.test(message) ? message : say({ key: 'cli.errorPrefix', params: { message } }));
    if (parsed.values.debug && raw instanceof Error && raw.stack) io.err(raw.stack);
    else if (error.code === 'INTERNAL') io.err(say({ key: 'cli.debugHint' }));
    if (parsed.values.json) io.out(JSON.stringify({ error: error.toJSON() }, null, 2));
    return error.code === 'CANCELLED' ? 130 : 1;
  } finally {
    db?.close();
  }
}
