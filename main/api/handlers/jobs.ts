/** `jobs.*` and `shell.*` / `dialogs.*`: job control, and the native services browser mode lacks. */
import type { DomainMethods, HandlerMap } from '../context.js';

export const jobsHandlers: HandlerMap<DomainMethods<'jobs'>> = {
  'jobs.cancel': (ctx, input) => ({ cancelled: ctx.jobs.cancel(input.jobId) }),
  'jobs.list': (ctx) => ctx.jobs.list(),
};

export const shellHandlers: HandlerMap<DomainMethods<'shell'>> = {
  'shell.openPath': (ctx, input) => {
    // Checked before the file system is asked anything about the path (no existence oracle).
    const file = ctx.openable.resolve(input.path, ctx.session.isOpen ? ctx.session.exportsFolder() : null);
    return ctx.platform.openPath(file);
  },
};

export const dialogsHandlers: HandlerMap<DomainMethods<'dialogs'>> = {
  'dialogs.openFiles': (ctx, input) => ctx.platform.openFiles?.(input) ?? { supported: false },
  'dialogs.saveFile': (ctx, input) => ctx.platform.saveFile?.(input) ?? { supported: false },
  'dialogs.openWorkspace': (ctx, input) => ctx.platform.openWorkspace?.(input) ?? { supported: false },
};
