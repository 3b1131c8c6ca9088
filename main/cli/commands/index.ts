/** Every CLI command, in the order `barometer --help` lists them. Add one line per command. */
import type { CliCommand } from '../command.js';
import { infoCommand } from './info.js';
import { demoCommand } from './demo.js';
import { generateCommand } from './generate.js';
import { importCommand } from './import.js';
import { importsCommand } from './imports.js';
import { correctCommand } from './correct.js';
import { correctionsCommand } from './corrections.js';
import { exportCommand } from './export.js';
import { scoresCommand } from './scores.js';
import { peersCommand } from './peers.js';
import { readinessCommand } from './readiness.js';
import { winnersCommand } from './winners.js';
import { indicatorsCommand } from './indicators.js';
import { compareCommand } from './compare.js';
import { trendsCommand } from './trends.js';
import { completenessCommand } from './completeness.js';
import { disclosureCommand } from './disclosure.js';
import { checkCommand } from './check.js';
import { backupCommand } from './backup.js';
import { restoreCommand } from './restore.js';
import { newCommand } from './new.js';
import { benchmarkCommand } from './benchmark.js';
import { serveCommand } from './serve.js';

export const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  generateCommand,
  importCommand,
  importsCommand,
  correctCommand,
  correctionsCommand,
  exportCommand,
  scoresCommand,
  peersCommand,
  readinessCommand,
  winnersCommand,
  indicatorsCommand,
  compareCommand,
  trendsCommand,
  completenessCommand,
  disclosureCommand,
  infoCommand,
  checkCommand,
  backupCommand,
  restoreCommand,
  newCommand,
  benchmarkCommand,
  serveCommand,
];
