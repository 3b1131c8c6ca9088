/**
 * `exports.*`: the Excel deliverables (main/export) and the PDF reports (main/report). Files go to the workspace's exports folder
 * unless the desktop user chose a path; browser mode always writes there and answers with a
 * download URL, since a page cannot name a place on the server's disk.
 */
import path from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { ExportFileResult } from '../../../shared/api-types.js';
import { resolveEdition } from '../../analytics/index.js';
import { assertDeliverableSource } from '../../db/health.js';
import type { ApiContext, DomainMethods, HandlerMap } from '../context.js';

export function withDownloadUrl(ctx: ApiContext, file: string): ExportFileResult {
  const url = ctx.platform.downloadUrl?.(file);
  return { path: file, fileName: path.basename(file), ...(url ? { downloadUrl: url } : {}) };
}

/** The target file or folder: the user's choice on the desktop, else `<exports folder>/<defaultName>`. */
export function outputFile(ctx: ApiContext, defaultName: string, outPath?: string): string {
  if (outPath) {
    if (ctx.platform.mode === 'browser') throw AppError.keyed('FORBIDDEN', 'export.browserExportFolder');
    return path.resolve(outPath);
  }
  return path.join(ctx.session.exportsFolder(), defaultName);
}

// The writers (xlsx writer, pdfkit, echarts, fontkit, resvg) are loaded by the call that needs them,
// not when the API starts: browser mode's cold start (issue 11) would pay ~0.7 s of CPU for them.
export const exportsHandlers: HandlerMap<DomainMethods<'exports'>> = {
  'exports.tables': async (ctx, input) => {
    assertDeliverableSource(ctx.db);
    const edition = resolveEdition(ctx.db, input.edition);
    const lang = input.lang ?? ctx.lang;
    const file = outputFile(ctx, lang === 'en' ? `Barometer-${edition}-tables.xlsx` : `Barometre-${edition}-tableaux.xlsx`, input.outPath);
    const { writeBarometerTables } = await import('../../export/barometer-tables.js');
    const written = await writeBarometerTables(ctx.db, { edition, lang, outFile: file, ...(input.comparison ? { comparison: input.comparison } : {}) });
    return withDownloadUrl(ctx, written.file);
  },
  'exports.structureWorkbook': async (ctx, input) => {
    assertDeliverableSource(ctx.db);
    const edition = resolveEdition(ctx.db, input.edition);
    const lang = input.lang ?? ctx.lang;
    const name = ctx.db.prepare('SELECT name FROM structure WHERE code = ?').pluck().get(input.code) as string | undefined;
    if (name === undefined) throw AppError.keyed('NOT_FOUND', 'analytics.structureNotFound', { structure: input.code }, { code: input.code });
    const [{ structureFileName }, { writeStructureWorkbook }] = await Promise.all([import('../../export/batch.js'), import('../../export/structure-workbook.js')]);
    const file = outputFile(ctx, path.join(`structures-${edition}`, structureFileName(input.code, name)), input.outPath);
    const written = await writeStructureWorkbook(ctx.db, { structure: input.code, edition, lang, outFile: file, keepNames: input.maskNames === false });
    return withDownloadUrl(ctx, written.file);
  },
  'exports.structures': (ctx, input) => {
    assertDeliverableSource(ctx.db);
    const edition = resolveEdition(ctx.db, input.edition);
    const outDir = outputFile(ctx, `structures-${edition}`, input.outDir);
    return ctx.jobs.start('exports.structures', { ...input, edition, outDir, lang: input.lang ?? ctx.lang }, ctx.workspacePath, ctx.lang);
  },
  'exports.report': async (ctx, input) => {
    assertDeliverableSource(ctx.db);
    const edition = resolveEdition(ctx.db, input.edition);
    const lang = input.lang ?? ctx.lang;
    const name = ctx.db.prepare('SELECT name FROM structure WHERE code = ?').pluck().get(input.code) as string | undefined;
    if (name === undefined) throw AppError.keyed('NOT_FOUND', 'analytics.structureNotFound', { structure: input.code }, { code: input.code });
    const { reportFileName, writeStructureReport } = await import('../../report/batch.js');
    const file = outputFile(ctx, path.join(`rapports-${edition}`, reportFileName(input.code, name)), input.outPath);
    const written = await writeStructureReport(ctx.db, { structure: input.code, edition, lang, outFile: file, keepNames: input.maskNames === false });
    return withDownloadUrl(ctx, written.file);
  },
  'exports.reports': (ctx, input) => {
    assertDeliverableSource(ctx.db);
    const edition = resolveEdition(ctx.db, input.edition);
    const outDir = outputFile(ctx, `rapports-${edition}`, input.outDir);
    return ctx.jobs.start('exports.reports', { ...input, edition, outDir, lang: input.lang ?? ctx.lang }, ctx.workspacePath, ctx.lang);
  },
};
