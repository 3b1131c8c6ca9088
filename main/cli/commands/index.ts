/** Every CLI command, in the order `barometer --help` lists them. Add one line per command. */
import type { CliCommand } from '../command.js';
import { infoCommand } from './info.js';

export const COMMANDS: readonly CliCommand[] = [
  infoCommand,
];
