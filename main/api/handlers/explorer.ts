/** `explorer.*`: the grids' paged rows, filter values, structure picker and export of the current view. */
import { auditsPage } from '../../explorer/audits.js';
import { observationsPage } from '../../explorer/observations.js';
import { explorerFacets, findStructures } from '../../explorer/facets.js';
import { scoreEvidence } from '../../explorer/evidence.js';
import type { DomainMethods, HandlerMap } from '../context.js';
import { withDownloadUrl } from './exports.js';

export const explorerHandlers: HandlerMap<DomainMethods<'explorer'>> = {
  'explorer.audits': (ctx, input) => auditsPage(ctx.db, input),
  'explorer.observations': (ctx, input) => observationsPage(ctx.db, { ...input, lang: input.lang ?? ctx.lang }),
  'explorer.facets': (ctx, input) => explorerFacets(ctx.db, { ...input, lang: input.lang ?? ctx.lang }),
  'explorer.structures': (ctx, input) => findStructures(ctx.db, input),
  'explorer.evidence': (ctx, input) => scoreEvidence(ctx.db, { ...input, lang: input.lang ?? ctx.lang }),
  'explorer.export': async (ctx, input) => {
    // Loaded by the call: the workbook writer (xlsx writer, chart images) is not part of the API's start-up.
    const { exportExplorerView } = await import('../../explorer/export-view.js');
    return withDownloadUrl(ctx, await exportExplorerView(ctx.db, { ...input, lang: input.lang ?? ctx.lang, folder: ctx.session.exportsFolder() }));
  },
};
