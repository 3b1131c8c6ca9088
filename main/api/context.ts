/**
 * What every API handler receives: the open workspace (its one writer connection), the job runner,
 * the user's preferences, the staging area for uploaded files, and the platform services that
 * differ between the desktop shell and browser mode (dialogs, opening files, download URLs).
 * Handlers stay thin: they read the context, call a plain service function, return its result.
 */
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import type { ApiEvent, ApiEventPayload, ApiMethod, ApiOutput, ApiParsedInput } from '../../shared/contract.js';
import type { AppMode, DialogResult, FileFilter, OpenPathResult } from '../../shared/api-types.js';
import type { JobRunner } from '../jobs/job-runner.js';
import type { UiPrefs } from './ui-prefs.js';
import type { StagingArea } from './staging.js';
import type { OpenableFiles } from './openable-files.js';
import type { WorkspaceSession } from './workspace-session.js';

/** The native side of the app: Electron implements every method; browser mode degrades. */
export interface PlatformServices {
  readonly mode: AppMode;
  openPath(filePath: string): Promise<OpenPathResult>;
  /** Browser mode: the URL (token included) the UI downloads a file from. */
  downloadUrl?(filePath: string): string;
  openFiles?(options: { title?: string; filters?: FileFilter[] }): Promise<DialogResult<{ paths: string[] }>>;
  saveFile?(options: { title?: string; defaultName?: string; filters?: FileFilter[] }): Promise<DialogResult<{ path: string | null }>>;
  openWorkspace?(options: { create?: boolean }): Promise<DialogResult<{ path: string | null }>>;
}

export interface ApiContext {
  readonly session: WorkspaceSession;
  readonly jobs: JobRunner;
  readonly prefs: UiPrefs;
  readonly staging: StagingArea;
  readonly platform: PlatformServices;
  /** What `shell.openPath` may open: the exports folder and the files written this session. */
  readonly openable: OpenableFiles;
  readonly version: string;
  /** Folder of bundled resources (demo workspace, native binaries): `resources/` or Electron's resourcesPath. */
  readonly resourcesDir: string;
  /** Pushes an event to every connected UI (IPC `webContents.send` or SSE). */
  emit<E extends ApiEvent>(event: E, payload: ApiEventPayload<E>): void;
}

/** The context of one call: the shared context plus shortcuts resolved for this call. */
export interface CallContext extends ApiContext {
  readonly db: Db;
  readonly workspacePath: string;
  readonly lang: Lang;
}

export type Handler<M extends ApiMethod> = (ctx: CallContext, input: ApiParsedInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>>;

export type HandlerMap<K extends ApiMethod> = { readonly [M in K]: Handler<M> };

/** Methods whose names start with `<domain>.`. */
export type DomainMethods<D extends string> = Extract<ApiMethod, `${D}.${string}`>;
