/**
 * `workspace.*`: what is open, the workspace chooser (recent list, new, open, demo, save a copy,
 * file browser), backups and restore. A switch closes the previous connection (WorkspaceSession),
 * is refused while a job runs, is remembered in the recent list and told to every window.
 */
import path from 'node:path';
import { workspaceInfo } from '../../workspace/info.js';
import { analysisResults, resultKey } from '../../analytics/result-cache.js';
import { structureStatus } from '../../workspace/structure-status.js';
import { checkWorkspace } from '../../db/health.js';
import { copyFileName, createBackup, listBackups, restoreBackup, saveCopy } from '../../workspace/backup.js';
import { browseRoots, confineExistingWorkspace, confineNewFile, listFolder } from '../../workspace/file-browser.js';
import { withDownloadUrl } from './exports.js';
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

/** A job holds its own connection to the open file and reports into this session: let it finish first. */
function refuseWhileJobRuns(ctx: ApiContext, action: 'workspace.action.open' | 'workspace.action.create' | 'workspace.action.demo' | 'workspace.action.restore'): void {
  if (ctx.jobs.list().length > 0) throw AppError.keyed('CONFLICT', 'workspace.jobRunning', { action: { key: action } });
}

/**
 * Browser mode: a page may open a workspace the user already opened (the recent list) or a
 * `*.sqlite` file inside the file browser's roots, never an arbitrary file on disk.
 */
function workspaceToOpen(ctx: ApiContext, requested: string): string {
  if (ctx.platform.mode !== 'browser') return requested;
  if (path.isAbsolute(requested) && ctx.prefs.recent().some((r) => r.path === path.resolve(requested))) return requested;
  return confineExistingWorkspace(requested, browseRoots());
}

/** Browser mode: a new file only inside the roots, never over an existing one. */
function fileToCreate(ctx: ApiContext, requested: string): string {
  return ctx.platform.mode === 'browser' ? confineNewFile(requested, browseRoots()) : path.resolve(requested);
}

export const workspaceHandlers: HandlerMap<DomainMethods<'workspace'>> = {
  // Asked by every page load before anything else (counting each edition's audits: ~15 ms on a
  // national workspace, ahead of every other question in the server's queue): kept until the data changes.
  'workspace.info': (ctx) => analysisResults.get(ctx.db, resultKey('workspace.info', ctx.lang, null), () => workspaceInfo(ctx.db)),
  'workspace.structureStatus': (ctx, input) => structureStatus(ctx.db, input.edition === undefined ? { code: input.code } : { code: input.code, edition: input.edition }),
  'workspace.open': (ctx, input) => {
    const file = workspaceToOpen(ctx, input.path);
    refuseWhileJobRuns(ctx, 'workspace.action.open');
    ctx.session.open(file);
    return switched(ctx);
  },
  'workspace.create': (ctx, input) => {
    const file = fileToCreate(ctx, input.path);
    refuseWhileJobRuns(ctx, 'workspace.action.create');
    ctx.session.create(file);
    return switched(ctx);
  },
  'workspace.openDemo': (ctx) => {
    refuseWhileJobRuns(ctx, 'workspace.action.demo');
    const demo = ensureDemoWorkspace(ctx.resourcesDir);
    if (!demo) throw AppError.keyed('NOT_FOUND', 'workspace.demoMissing');
    ctx.session.open(demo);
    return switched(ctx);
  },
  'workspace.recent': (ctx) => ctx.prefs.recent(),
  'workspace.forgetRecent': (ctx, input) => {
    ctx.prefs.forgetRecent(input.path);
    return ctx.prefs.recent();
  },
  'workspace.browse': (ctx, input) => {
    const roots = browseRoots();
    const options = input.showHidden === undefined ? {} : { showHidden: input.showHidden };
    if (input.path !== undefined) return listFolder(input.path, roots, options);
    // By default the folder of the open workspace, when it lies inside the roots.
    try {
      return listFolder(path.dirname(ctx.workspacePath), roots, options);
    } catch {
      return listFolder(undefined, roots, options);
    }
  },
  'workspace.check': (ctx) => checkWorkspace(ctx.db),
  'workspace.backups': (ctx) => listBackups(ctx.workspacePath),
  'workspace.backup': (ctx) => createBackup(ctx.db, 'manuelle'),
  'workspace.restore': async (ctx, input) => {
    refuseWhileJobRuns(ctx, 'workspace.action.restore');
    // A finished import's worker may still be folding its journal into this file on a thread of
    // its own (a fraction of a second): the file is replaced only once that connection is gone.
    await ctx.jobs.idle();
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
    // No path: the exports folder, which browser mode can download from.
    if (input.path === undefined) return withDownloadUrl(ctx, await saveCopy(ctx.db, path.join(ctx.session.exportsFolder(), copyFileName(ctx.workspacePath))));
    const written = await saveCopy(ctx.db, fileToCreate(ctx, input.path));
    return { path: written, fileName: path.basename(written) };
  },
};
