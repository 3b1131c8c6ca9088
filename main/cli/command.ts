/**
 * What a CLI command is. Each command lives in `commands/<name>.ts`, parses its own options with
 * `node:util` parseArgs, and writes either a readable table or `--json` to stdout.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Db } from '../db/connection.js';
import type { ErrorLang } from '../../shared/error-messages.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  readonly interactive: boolean;
}

export interface CliContext {
  readonly positionals: string[];
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly json: boolean;
  /** The language of messages (`--lang`, BAROMETER_LANG, LC_ALL/LANG; French by default): see cli/lang.ts. */
  readonly lang: ErrorLang;
  readonly io: CliIo;
  /** Resolved workspace path (`--db`, `BAROMETER_DB`, or the default). */
  readonly dbPath: string;
  /** Opens (and migrates) the workspace; closed by the runner after the command. */
  openDb(): Db;
}

export interface CliCommand {
  readonly name: string;
  /** One line, French, shown in `barometer --help`. */
  readonly summary: string;
  /** The same line in English (else main/cli/help-en.ts's, else the French one). */
  readonly summaryEn?: string;
  /** Full help text shown by `barometer <name> --help`. */
  readonly help: string;
  /** The same text in English, when the command has one (otherwise the French help is shown). */
  readonly helpEn?: string;
  readonly options: OptionSpec;
  /** Sub-commands such as `imports undo` arrive as positionals. Returns the exit code. */
  run(ctx: CliContext): Promise<number> | number;
}
