/**
 * What a CLI command is. Each command lives in `commands/<name>.ts`, parses its own options with
 * `node:util` parseArgs, and writes either a readable table or `--json` to stdout.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Db } from '../db/connection.js';

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
  /** Full help text shown by `barometer <name> --help`. */
  readonly help: string;
  readonly options: OptionSpec;
  /** Sub-commands such as `imports undo` arrive as positionals. Returns the exit code. */
  run(ctx: CliContext): Promise<number> | number;
}
