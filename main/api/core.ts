/**
 * Assembles the main side once, for either shell: the workspace session, the job runner (its
 * events routed to every connected UI), preferences, staging area, context and router. The
 * Electron main process and the HTTP server of browser mode each create one core and only add
 * their transport on top.
 */
import path from 'node:path';
import type { ApiEvent, ApiEventMessage, ApiEventPayload } from '../../shared/contract.js';
import type { ExportBatchResult, ExportFileResult, JobDoneEvent } from '../../shared/api-types.js';
import { appDataFolder } from '../workspace-path.js';
import { JobRunner } from '../jobs/job-runner.js';
import type { ApiContext, PlatformServices } from './context.js';
import { HANDLERS } from './handlers/index.js';
import { startAnalysisWarmer } from './handlers/analytics.js';
import { OpenableFiles } from './openable-files.js';
import { ApiRouter, type AllHandlers } from './router.js';
import { StagingArea } from './staging.js';
import { UiPrefs } from './ui-prefs.js';
import { WorkspaceSession } from './workspace-session.js';

export type EventListener = (message: ApiEventMessage) => void;

export interface ApiCoreOptions {
  /** Workspace to open (created when missing). */
  workspacePath: string;
  platform: PlatformServices;
  version: string;
  resourcesDir: string;
  allowedOrigins?: readonly string[];
  /** Default: `<app data folder>/preferences.json`. */
  prefsFile?: string;
  stagingDir?: string;
  nativeBinding?: string;
  /** Job worker entry (packaged app: dist/electron/worker.cjs). */
  workerFile?: string | URL;
  /** Tests only: a module exporting `TASKS` for the job workers. */
  tasksModule?: string;
  /** Tests only: replace some handlers. */
  handlers?: Partial<AllHandlers>;
}

export interface ApiCore {
  readonly router: ApiRouter;
  readonly context: ApiContext;
  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

/** Browser mode: a finished batch export also says where to download each file. */
function withDownloadUrls(event: JobDoneEvent, platform: PlatformServices): JobDoneEvent {
  if (!event.ok || (event.method !== 'exports.structures' && event.method !== 'exports.reports') || !platform.downloadUrl) return event;
  const result = event.result as ExportBatchResult;
  return { ...event, result: { ...result, downloadUrls: result.files.map((f) => platform.downloadUrl!(f)) } };
}

/** The single-file exports, whose result names the file written (remembered as openable). */
const FILE_EXPORTS = ['exports.tables', 'exports.structureWorkbook', 'exports.report'] as const;

/** Wraps the single-file export handlers so every file they write may later be opened. */
function rememberingWrittenFiles(handlers: AllHandlers, openable: OpenableFiles): AllHandlers {
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const method of FILE_EXPORTS) {
    const handler = handlers[method] as (ctx: never, input: never) => Promise<ExportFileResult> | ExportFileResult;
    wrapped[method] = async (ctx: never, input: never): Promise<ExportFileResult> => {
      const result = await handler(ctx, input);
      openable.remember(result.path);
      return result;
    };
  }
  return wrapped as unknown as AllHandlers;
}

export function createApiCore(options: ApiCoreOptions): ApiCore {
  const listeners = new Set<EventListener>();
  const emit = <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>): void => {
    const message = { event, payload } as ApiEventMessage;
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        console.error('[api] event listener failed:', error);
      }
    }
  };
  const session = new WorkspaceSession(options.nativeBinding);
  session.openOrCreate(options.workspacePath);
  const prefs = new UiPrefs(options.prefsFile ?? path.join(appDataFolder(), 'preferences.json'));
  prefs.touchRecent(session.path);
  const staging = new StagingArea(options.stagingDir);
  const openable = new OpenableFiles();
  const rememberBatch = (event: JobDoneEvent): void => {
    if (!event.ok || (event.method !== 'exports.structures' && event.method !== 'exports.reports')) return;
    const result = event.result as ExportBatchResult;
    openable.rememberFolder(result.folder);
    for (const file of result.files) openable.remember(file);
  };
  const jobs = new JobRunner({
    ...(options.workerFile ? { workerFile: options.workerFile } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.tasksModule ? { tasksModule: options.tasksModule } : {}),
    onProgress: (event) => emit('job.progress', event),
    onDone: (event) => {
      rememberBatch(event);
      emit('job.done', withDownloadUrls(event, options.platform));
    },
  });
  const context: ApiContext = {
    session, jobs, prefs, staging, openable, platform: options.platform, version: options.version, resourcesDir: options.resourcesDir, emit,
  };
  const handlers = rememberingWrittenFiles({ ...HANDLERS, ...options.handlers } as AllHandlers, openable);
  const router = new ApiRouter(context, handlers, { allowedOrigins: options.allowedOrigins ?? [] });
  // The landing screens' answers computed in quiet moments, after opening and after each change.
  const stopWarmer = startAnalysisWarmer({ db: () => (session.isOpen ? session.db : null), lang: () => prefs.lang });
  return {
    router,
    context,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      stopWarmer();
      await jobs.close();
      session.close();
      staging.dispose();
      listeners.clear();
    },
  };
}
