/**
 * Collects the problems of one file. Every problem is counted; only the first ones are kept in
 * full so a file with a million bad rows cannot exhaust memory.
 */
import type { ImportProblem } from '../../shared/import-types.js';

export const MAX_KEPT_PROBLEMS = 20_000;

export class ProblemSink {
  readonly problems: ImportProblem[] = [];
  count = 0;

  constructor(readonly file: string) {}

  add(problem: Omit<ImportProblem, 'file'>): void {
    this.count++;
    if (this.problems.length < MAX_KEPT_PROBLEMS) this.problems.push({ file: this.file, ...problem });
  }
}
