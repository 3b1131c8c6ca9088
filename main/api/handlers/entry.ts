/** `entry.*`: audit entry in the workspace (main/entry), one small transaction per call. */
import { completeEntryAudit, createEntryAudit, entrySheet, prepareEntry, setEntryField } from '../../entry/index.js';
import type { DomainMethods, HandlerMap } from '../context.js';

export const entryHandlers: HandlerMap<DomainMethods<'entry'>> = {
  'entry.prepare': (ctx, input) => prepareEntry(ctx.db, input),
  'entry.createAudit': (ctx, input) => createEntryAudit(ctx.db, input),
  'entry.sheet': (ctx, input) => entrySheet(ctx.db, { auditId: input.auditId, lang: input.lang ?? ctx.lang }),
  'entry.setField': (ctx, input) => setEntryField(ctx.db, input),
  'entry.complete': (ctx, input) => completeEntryAudit(ctx.db, input),
};
