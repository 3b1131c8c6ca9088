/** `workspace.*`: what is open, opening/creating another one, the demo, recent workspaces. */
import path from 'node:path';
import { workspaceInfo } from '../../workspace/info.js';
import { checkWorkspace } from '../../db/health.js';
import { copyFileName, createBackup, listBackups, restoreBackup, saveCopy } from '../../workspace/backup.js';
import { outputFile, withDownloadUrl } from './exports.js';
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

/**
 * Browser mode serves the workspace chosen at start-up: a page may switch only to a workspace the
 * user already opened (the recent list) or the demo, never make the server open or create an
 * arbitrary file on disk.
 */
function refuseInBrowser(ctx: ApiContext, file?: string): void {
  if (ctx.platform.mode !== 'browser') return;
  if (file !== undefined && ctx.prefs.recent().some((r) => r.path === path.resolve(file))) return;
  throw new AppError('FORBIDDEN', "En mode navigateur, seuls les espaces récents peuvent être rouverts ; pour un autre espace, relancez avec « npm start -- --db FICHIER ».");
}

export const workspaceHandlers: HandlerMap<DomainMethods<'workspace'>> = {
  'workspace.info': (ctx) => workspaceInfo(ctx.db),
  'workspace.open': (ctx, input) => {
    refuseInBrowser(ctx, input.path);
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
  'workspace.check': (ctx) => checkWorkspace(ctx.db),
  'workspace.backups': (ctx) => listBackups(ctx.workspacePath),
  'workspace.backup': (ctx) => createBackup(ctx.db, 'manuelle'),
  'workspace.restore': (ctx, input) => {
    // A job holds its own connection to the file being replaced: let it finish first.
    if (ctx.jobs.list().length > 0) throw new AppError('CONFLICT', 'Une tâche est en cours (import, export) : attendez sa fin avant de restaurer une sauvegarde.');
    const file = ctx.workspacePath;
    ctx.session.close();
    try {
      return restoreBackup(file, input.name, ctx.session.nativeBinding ? { nativeBinding: ctx.session.nativeBinding } : {});
    } finally {
      // The restored copy, or the untouched workspace when the restore was refused.
      ctx.session.open(file);
      switched(ctx);
    }
  },
  'workspace.saveCopy': async (ctx, input) => {
    const file = outputFile(ctx, copyFileName(ctx.workspacePath), input.path);
    return withDownloadUrl(ctx, await saveCopy(ctx.db, file));
  },
};
