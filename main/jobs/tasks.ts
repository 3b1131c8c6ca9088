/**
 * The tasks job workers run, per job method of the contract: each is a plain service call over
 * the worker's own connection, with its progress normalised to `JobProgress` (a fraction and a
 * short label in the user's language).
 */
import path from 'node:path';
import type { ImportProgress } from '../../shared/import-types.js';
import type { JobProgress } from '../../shared/api-types.js';
import { AppError } from '../../shared/errors.js';
import type { Lang } from '../../shared/domain.js';
import { importFiles } from '../import/index.js';
import { exportStructureWorkbooks } from '../export/batch.js';
import { exportStructureReports } from '../report/batch.js';
import type { TaskMap } from './types.js';

const PHASES: Record<ImportProgress['phase'], { fr: string; en: string }> = {
  read: { fr: 'Lecture', en: 'Reading' },
  validate: { fr: 'Vérification', en: 'Checking' },
  write: { fr: 'Écriture', en: 'Writing' },
  aggregate: { fr: 'Calcul des scores', en: 'Computing scores' },
  done: { fr: 'Terminé', en: 'Done' },
};

/** Overall fraction: files count equally; within a file, rows done over rows total. */
export function importJobProgress(p: ImportProgress, lang: Lang): JobProgress {
  const within = p.phase === 'done' ? 1 : p.rowsTotal > 0 ? Math.min(1, p.rowsDone / p.rowsTotal) : 0;
  const fraction = p.fileCount > 0 ? Math.min(1, (p.fileIndex + within) / p.fileCount) : null;
  const phase = PHASES[p.phase][lang];
  const rows = p.rowsTotal > 0 ? ` — ${p.rowsDone.toLocaleString(lang === 'en' ? 'en-GB' : 'fr-FR')} / ${p.rowsTotal.toLocaleString(lang === 'en' ? 'en-GB' : 'fr-FR')}` : '';
  return { fraction, label: `${phase} : ${p.file} (${p.fileIndex + 1}/${p.fileCount})${rows}`, detail: p };
}

function rejectsDir(workspacePath: string): string {
  const base = path.basename(workspacePath).replace(/\.barometre\.sqlite$|\.sqlite$/i, '');
  return path.join(path.dirname(workspacePath), 'exports', base, 'rejets');
}

export const TASKS: TaskMap = {
  'imports.preview': (db, input, hooks) => importFiles(db, { ...input, dryRun: true }, {
    onProgress: (p) => hooks.onProgress(importJobProgress(p, hooks.lang)),
    cancel: hooks.cancel,
  }),
  'imports.commit': (db, input, hooks) => importFiles(db, { ...input, dryRun: false }, {
    onProgress: (p) => hooks.onProgress(importJobProgress(p, hooks.lang)),
    cancel: hooks.cancel,
    rejectsDir: rejectsDir(hooks.workspacePath),
  }),
  'exports.structures': async (db, input, hooks) => {
    const lang = input.lang ?? hooks.lang;
    if (!input.outDir) throw AppError.keyed('INVALID_INPUT', 'export.outDirMissing', undefined, undefined, lang);
    const result = await exportStructureWorkbooks(db, {
      edition: input.edition, lang, outDir: input.outDir, keepNames: input.maskNames === false, ...(input.codes ? { codes: input.codes } : {}),
    }, {
      onProgress: (p) => hooks.onProgress({
        fraction: p.total > 0 ? p.done / p.total : null,
        label: lang === 'en' ? `Workbook ${p.done} of ${p.total}: ${p.structure}` : `Classeur ${p.done} sur ${p.total} : ${p.structure}`,
        detail: p,
      }),
      cancel: () => hooks.cancel.cancelled,
    });
    if (result.cancelled) throw AppError.keyed('CANCELLED', 'export.cancelledByUser', undefined, undefined, lang);
    return { folder: result.folder, files: result.files, count: result.count };
  },
  'exports.reports': async (db, input, hooks) => {
    const lang = input.lang ?? hooks.lang;
    if (!input.outDir) throw AppError.keyed('INVALID_INPUT', 'export.outDirMissing', undefined, undefined, lang);
    const result = await exportStructureReports(db, {
      edition: input.edition, lang, outDir: input.outDir, keepNames: input.maskNames === false, ...(input.codes ? { codes: input.codes } : {}),
    }, {
      onProgress: (p) => hooks.onProgress({
        fraction: p.total > 0 ? p.done / p.total : null,
        label: lang === 'en' ? `Report ${p.done} of ${p.total}: ${p.structure}` : `Rapport ${p.done} sur ${p.total} : ${p.structure}`,
        detail: p,
      }),
      cancel: () => hooks.cancel.cancelled,
    });
    if (result.cancelled) throw AppError.keyed('CANCELLED', 'export.cancelledByUser', undefined, undefined, lang);
    return { folder: result.folder, files: result.files, count: result.count };
  },
};
