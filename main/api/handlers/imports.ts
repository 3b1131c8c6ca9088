/**
 * `imports.*` and `presets.*`: staging uploaded bytes, detection, preview and commit (as jobs in a
 * worker thread), history and undo, named column mappings. In browser mode a page may only name
 * files it uploaded (the staging folder): it must not make the server read arbitrary paths.
 */
import { AppError } from '../../../shared/errors.js';
import type { FileDetection } from '../../../shared/import-types.js';
import { checkUndoLastImport, detectFile, listImports, undoLastImport, listPresets, savePreset, deletePreset } from '../../import/index.js';
import type { ApiContext, DomainMethods, HandlerMap } from '../context.js';

export function checkReadable(ctx: ApiContext, file: string): void {
  if (ctx.platform.mode === 'browser' && !ctx.staging.contains(file)) {
    throw AppError.keyed('FORBIDDEN', 'api.browserImportOnlyDropped', { file });
  }
}

export const importsHandlers: HandlerMap<DomainMethods<'imports'>> = {
  'imports.stage': (ctx, input) => {
    const bytes = Buffer.from(input.dataBase64, 'base64');
    return ctx.staging.stage(input.name, bytes);
  },
  'imports.detect': (ctx, input) => {
    checkReadable(ctx, input.path);
    // The detection carries the column assignment as Maps (internal): only the public part crosses.
    const { assignment: _assignment, ...detection } = detectFile(ctx.db, input.path, input.mapping);
    return detection satisfies FileDetection;
  },
  'imports.preview': (ctx, input) => {
    input.files.forEach((f) => checkReadable(ctx, f));
    return ctx.jobs.start('imports.preview', { ...input, dryRun: true, lang: input.lang ?? ctx.lang }, ctx.workspacePath, ctx.lang);
  },
  'imports.commit': (ctx, input) => {
    input.files.forEach((f) => checkReadable(ctx, f));
    return ctx.jobs.start('imports.commit', { ...input, dryRun: false, lang: input.lang ?? ctx.lang }, ctx.workspacePath, ctx.lang);
  },
  'imports.list': (ctx) => listImports(ctx.db),
  'imports.undoCheck': (ctx) => checkUndoLastImport(ctx.db),
  'imports.undo': (ctx, input) => undoLastImport(ctx.db, { force: input.force === true }),
};

export const presetsHandlers: HandlerMap<DomainMethods<'presets'>> = {
  'presets.list': (ctx) => listPresets(ctx.db),
  'presets.save': (ctx, input) => savePreset(ctx.db, input.name, input.mapping),
  'presets.delete': (ctx, input) => ({ deleted: deletePreset(ctx.db, input.name) }),
};
