/** `jobs.*` and `shell.*` / `dialogs.*`: job control, and the native services browser mode lacks. */
import fs from 'node:fs';
import { AppError } from '../../../shared/errors.js';
import type { DomainMethods, HandlerMap } from '../context.js';

export const jobsHandlers: HandlerMap<DomainMethods<'jobs'>> = {
  'jobs.cancel': (ctx, input) => ({ cancelled: ctx.jobs.cancel(input.jobId) }),
  'jobs.list': (ctx) => ctx.jobs.list(),
};

export const shellHandlers: HandlerMap<DomainMethods<'shell'>> = {
  'shell.openPath': (ctx, input) => {
    if (!fs.existsSync(input.path)) throw new AppError('NOT_FOUND', `« ${input.path} » est introuvable.`);
    return ctx.platform.openPath(input.path);
  },
};

export const dialogsHandlers: HandlerMap<DomainMethods<'dialogs'>> = {
  'dialogs.openFiles': (ctx, input) => ctx.platform.openFiles?.(input) ?? { supported: false },
  'dialogs.saveFile': (ctx, input) => ctx.platform.saveFile?.(input) ?? { supported: false },
  'dialogs.openWorkspace': (ctx, input) => ctx.platform.openWorkspace?.(input) ?? { supported: false },
};
