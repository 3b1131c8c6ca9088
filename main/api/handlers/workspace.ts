/** `workspace.*`: what is open, opening/creating another one, the demo, recent workspaces. */
import { workspaceInfo } from '../../workspace/info.js';
import { AppError } from '../../../shared/errors.js';
import type { AppInfo } from '../../../shared/api-types.js';
import type { ApiContext, DomainMethods, HandlerMap } from '../context.js';
import { ensureDemoWorkspace } from '../demo.js';
import { appInfo } from './app.js';

/** After a switch: remember it and tell every window to refetch. */
function switched(ctx: ApiContext): AppInfo {
  ctx.prefs.touchRecent(ctx.session.path);
  const info = appInfo(ctx);
  ctx.emit('workspace.changed', info);
  return info;
}

function refuseInBrowser(ctx: ApiContext): void {
  // Browser mode serves one workspace chosen at start-up: a page must not make the server open
  // arbitrary files on disk.
  if (ctx.platform.mode === 'browser') {
    throw new AppError('FORBIDDEN', "En mode navigateur, l'espace de travail est choisi au démarrage (npx barometer … --db FICHIER).");
  }
}

export const workspaceHandlers: HandlerMap<DomainMethods<'workspace'>> = {
  'workspace.info': (ctx) => workspaceInfo(ctx.db),
  'workspace.open': (ctx, input) => {
    refuseInBrowser(ctx);
    ctx.session.open(input.path);
    return switched(ctx);
  },
  'workspace.create': (ctx, input) => {
    refuseInBrowser(ctx);
    ctx.session.create(input.path);
    return switched(ctx);
  },
  'workspace.openDemo': (ctx) => {
    const demo = ensureDemoWorkspace(ctx.resourcesDir);
    if (!demo) throw new AppError('NOT_FOUND', "L'espace de démonstration n'est pas installé : lancez « npx barometer demo » pour le créer.");
    ctx.session.open(demo);
    return switched(ctx);
  },
  'workspace.recent': (ctx) => ctx.prefs.recent(),
};
