/**
 * The English lines of `barometer --help` (`--lang en`, BAROMETER_LANG=en or an English LANG), one
 * per command, kept here rather than in each command so the French commands stay as they are. A
 * command may carry its own (`summaryEn`), which wins; a command missing from both shows its French
 * line (test/integration/cli-lang.test.ts requires one for every command). A detailed
 * `barometer <command> --help` stays French, under a one-line English note, unless the command
 * has `helpEn`.
 */
export const ENGLISH_SUMMARIES: Readonly<Record<string, string>> = {
  demo: 'Creates (or re-creates) the demo workspace from generated data',
  generate: 'Generates fictitious demo files (referential, structures, results)',
  import: 'Imports files (referential, structures, results; xlsx, xls, ods, csv)',
  imports: 'Import history; "imports undo" undoes the most recent one',
  correct: 'Corrects the answer, the measure or the comment of an observation (with a reason)',
  corrections: 'Correction history; "corrections undo" undoes one, the last one or a session',
  export: 'Deliverables: barometer tables, results workbook and PDF report per structure',
  scores: 'Scores of the structures (overall, step, channel, determinant, item) or of groups',
  peers: 'A structure against its peers (its category, same edition) at every level',
  readiness: 'How ready a structure is for a label: score on its items, items to fix',
  winners: 'Winners per category (and the full ranking with --category)',
  indicators: 'Indicators: share of compliant audits on an item (by default: public / private headline indicators)',
  compare: 'Compares two panels of structures (public / private, labelled / not labelled, categories)',
  trends: 'Scores from one edition to the next, with referential changes flagged',
  completeness: 'Data completeness: missing or extra audits, channels without audits, items never observed',
  disclosure: 'Confidentiality rule of the anonymous benchmarks (show or set)',
  info: 'Summary of the workspace: editions, structures, audits, referential',
  check: 'Checks the integrity of the workspace (all its pages, indexes and references)',
  backup: 'Backs up the workspace ("sauvegardes/" folder, or --out FILE)',
  restore: 'Restores a backup of the workspace (--list to see them)',
  new: 'Creates a workspace (--diagnostic: the diagnostic workspace of a client structure)',
  benchmark: 'Anonymous national benchmark: export from the national workspace, import into a diagnostic workspace',
};

/** Said above a command's French help when English is chosen and the command has no `helpEn`. */
export const FRENCH_ONLY_HELP_NOTE = '(The detailed help of this command exists in French only; the options and examples below apply as written.)';
