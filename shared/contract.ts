/**
 * THE API CONTRACT: every method the renderer may call, with its input schema (zod, parsed by the
 * router before any handler runs) and its output type (a type-only marker), plus the events the
 * main side pushes. Both transports (Electron IPC, HTTP in browser mode) carry exactly this.
 *
 * Conventions:
 * - method names are `domain.verb`; inputs are always objects (`{}` when there is nothing to say);
 * - a method marked `job` returns `{ jobId }` at once; its progress arrives as `job.progress`
 *   events and its result (typed by `ApiJobResult<M>`) as a `job.done` event; `jobs.cancel` stops it;
 * - a method marked `desktopOnly` answers `{ supported: false }` (or a download URL) in browser mode;
 * - errors are `{ code, message, details }` (shared/errors.ts), `message` in the user's language.
 *
 * Transports (the renderer picks one at start-up):
 * - desktop: `window.barometer` (BarometerBridge below, exposed by the preload):
 *   `invoke(method, input)` resolves an `ApiResponse` envelope — unwrap it: `ok ? result : throw error`
 *   — and `on(event, listener)` returns an unsubscribe function;
 * - browser: `POST /api/<method>` with header `Authorization: Bearer <token>` and JSON body
 *   `{ "input": … }` → `{ ok: true, result }` | `{ ok: false, error }` (HTTP 4xx/5xx); events through
 *   `new EventSource('/api/events?token=<token>')`, one SSE `event:` per ApiEvent name, `data:` the JSON
 *   payload; big files: `POST /api/upload?name=<file name>` with the raw bytes as body (same header)
 *   → `{ ok: true, result: StagedFile }`; downloads: the `downloadUrl` of export results.
 *   The token comes in the page URL `?token=…` (store it in sessionStorage, then strip it).
 *
 * Pure: imports zod and shared/ types only.
 */
import { z } from 'zod';
import { FIELDS } from './columns.js';
import type { SerializedError } from './errors.js';
import type { ImportRecord, ImportResult, FileDetection, UndoResult } from './import-types.js';
import type { BackupEntry, RestoreResult, WorkspaceCheck, WorkspaceInfo } from './workspace-types.js';
import type {
  AppInfo, AuditRow, DialogResult, ExplorerFacets, ExplorerPage, ExportBatchResult, ExportFileResult,
  JobDoneEvent, JobProgressEvent, JobStarted, JobSummary, MappingPreset, MenuCommandEvent, ObservationRow,
  OpenPathResult, RecentWorkspace, SettingEntry, StagedFile, StructureOption, FailedItem,
} from './api-types.js';
import type {
  CategoryRanking, CompletenessReport, DisclosedGroupScoreRow, DisclosureRule, IndicatorBy, IndicatorRow, PeerRow, StructureScoreRow, TrendsResult, Winner,
} from './analytics-types.js';
import type { EditionInfo } from './workspace-types.js';

export { API_CHANNEL, API_EVENT_CHANNEL, APP_PROTOCOL, APP_HOST, APP_ORIGIN, BRIDGE_NAME, EVENT_NAMES } from './ipc-channels.js';

/** Phantom type carrier: `returns<T>()` holds no value, only the type the method answers. */
export interface Returns<T> {
  readonly __returns?: T;
}
const returns = <T>(): Returns<T> => ({});

export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown, R = unknown> {
  readonly input: I;
  readonly output: Returns<O>;
  /** Long-running: answers `{ jobId }`, result of type R in `job.done`. */
  readonly job?: Returns<R>;
  /** Needs the native shell (dialogs, OS integration). */
  readonly desktopOnly?: boolean;
}

function method<I extends z.ZodType, O>(input: I, _output: Returns<O>, options: { desktopOnly?: boolean } = {}): MethodDef<I, O, never> {
  return { input, output: returns<O>(), ...(options.desktopOnly ? { desktopOnly: true } : {}) };
}

function jobMethod<I extends z.ZodType, R>(input: I, _result: Returns<R>): MethodDef<I, JobStarted, R> & { readonly job: Returns<R> } {
  return { input, output: returns<JobStarted>(), job: returns<R>() };
}

// ---------------------------------------------------------------------------------------------
// Shared schemas

const noInput = z.strictObject({}).default({});
const lang = z.enum(['fr', 'en']);
const edition = z.int().min(1990).max(2100);
const code = z.string().min(1).max(200);
const filePath = z.string().min(1).max(4096);
/** Setting keys: short, dotted, lower-case: `explorer.columns.audits`, `scores.lastEdition`. */
const settingKey = z.string().regex(/^[a-zA-Z0-9._-]{1,100}$/, 'Clé de réglage invalide');

export const columnMappingSchema = z.strictObject({
  kind: z.enum(['referential', 'structures', 'results']).optional(),
  layout: z.enum(['long', 'wide', 'table']).optional(),
  headerRow: z.int().min(1).max(1000).optional(),
  sheet: z.string().max(200).optional(),
  edition: edition.optional(),
  // A field, `item:CODE` for a wide-layout item column, or null to ignore the column.
  columns: z.record(z.string().max(500), z.union([z.enum(FIELDS), z.templateLiteral(['item:', z.string().min(1).max(100)])]).nullable()).optional(),
});

export const importRequestSchema = z.strictObject({
  files: z.array(filePath).min(1).max(500),
  dryRun: z.boolean().optional(),
  skipInvalid: z.boolean().optional(),
  mappings: z.record(z.string().max(1000), columnMappingSchema).optional(),
  edition: edition.optional(),
  lang: lang.optional(),
});

export const explorerFiltersSchema = z.strictObject({
  edition: edition.optional(),
  category: code.optional(),
  departement: code.optional(),
  region: code.optional(),
  sector: code.optional(),
  channel: code.optional(),
  step: code.optional(),
  determinant: code.optional(),
  item: code.optional(),
  structure: code.optional(),
  search: z.string().max(200).optional(),
});

const explorerPageSchema = z.strictObject({
  startRow: z.int().min(0),
  endRow: z.int().min(0),
  sortModel: z.array(z.strictObject({ colId: z.string().max(100), sort: z.enum(['asc', 'desc']) })).max(5).optional(),
  filters: explorerFiltersSchema.optional(),
  lang: lang.optional(),
}).refine((p) => p.endRow > p.startRow && p.endRow - p.startRow <= 1000, {
  message: 'Bloc de lignes invalide : endRow doit dépasser startRow, 1 000 lignes au plus.',
});

const levelSchema = z.enum(['overall', 'step', 'channel', 'determinant', 'item']);
const fileFilterSchema = z.strictObject({ name: z.string().max(200), extensions: z.array(z.string().max(20)).max(20) });

// ---------------------------------------------------------------------------------------------
// The methods

export const API = {
  // --- app ---------------------------------------------------------------------------------
  /** Version, mode (desktop | browser), open workspace path, demo flag, interface language. */
  'app.info': method(noInput, returns<AppInfo>()),
  /** Sets the interface language (remembered across sessions, in the app data folder). */
  'app.setLanguage': method(z.strictObject({ lang }), returns<AppInfo>()),

  // --- settings (stored in the workspace's `setting` table) --------------------------------
  /** Reads one workspace setting (grid column state, last edition, …); `value` is null when unset. */
  'settings.get': method(z.strictObject({ key: settingKey }), returns<SettingEntry>()),
  /** Writes one workspace setting: any JSON value (≤ 256 kB serialised); `null` deletes it. */
  'settings.set': method(z.strictObject({ key: settingKey, value: z.json() }), returns<SettingEntry>()),

  // --- workspace ---------------------------------------------------------------------------
  /** Counts of the open workspace: editions with structures/audits/observations, items, imports, demo flag. */
  'workspace.info': method(noInput, returns<WorkspaceInfo>()),
  /** Opens an existing workspace file (migrating it if needed) and makes it the current one. */
  'workspace.open': method(z.strictObject({ path: filePath }), returns<AppInfo>()),
  /** Creates a new, empty workspace file at `path` (refused if the file exists) and opens it. */
  'workspace.create': method(z.strictObject({ path: filePath }), returns<AppInfo>()),
  /** Opens the demo workspace (copied into the app data folder on first use). */
  'workspace.openDemo': method(noInput, returns<AppInfo>()),
  /** Recently opened workspaces, most recent first (app data folder, not the workspace). */
  'workspace.recent': method(noInput, returns<RecentWorkspace[]>()),
  /**
   * « Vérifier l'espace » : SQLite's full integrity check of the open workspace (every page, index
   * and reference; slow on a large file). A damaged workspace then refuses every export.
   */
  'workspace.check': method(noInput, returns<WorkspaceCheck>()),
  /** Backup copies of the open workspace (`sauvegardes/` and migrations' copies), most recent first. */
  'workspace.backups': method(noInput, returns<BackupEntry[]>()),
  /** « Créer une sauvegarde » : an online copy into `sauvegardes/`, then rotation (setting `backup.keep`, default 10). */
  'workspace.backup': method(noInput, returns<BackupEntry>()),
  /**
   * « Restaurer » : replaces the open workspace with a copy named in `workspace.backups` (a name,
   * never a path), after checking it; the replaced file is kept as `…-avant-restauration.sqlite`.
   * Refused while a job runs. Every window is told to refetch (`workspace.changed`).
   */
  'workspace.restore': method(z.strictObject({ name: z.string().min(1).max(255).regex(/^[^/\\]+$/, 'Nom de sauvegarde invalide') }), returns<RestoreResult>()),
  /** « Enregistrer une copie » : an online copy at `path` (desktop), or in the exports folder (browser mode, or no path), with its download URL. */
  'workspace.saveCopy': method(z.strictObject({ path: filePath.optional() }), returns<ExportFileResult>()),

  // --- imports -----------------------------------------------------------------------------
  /**
   * Stages a file's bytes (base64) in a temporary folder of the main side and returns its path:
   * a browser gives bytes, not paths. For big files use `POST /api/upload` (browser mode) instead.
   */
  'imports.stage': method(z.strictObject({ name: z.string().min(1).max(255), dataBase64: z.string().max(70_000_000) }), returns<StagedFile>()),
  /** Detects a file's kind, layout, header row and column mapping (optionally forced by `mapping`). */
  'imports.detect': method(z.strictObject({ path: filePath, mapping: columnMappingSchema.optional() }), returns<FileDetection>()),
  /** JOB. Dry run of an import: what would be new / changed / unchanged, and every problem. Writes nothing. */
  'imports.preview': jobMethod(importRequestSchema, returns<ImportResult>()),
  /** JOB. Imports the files in one transaction each; progress per file and row; cancellable. */
  'imports.commit': jobMethod(importRequestSchema, returns<ImportResult>()),
  /** The import history, most recent first (active and undone). */
  'imports.list': method(noInput, returns<ImportRecord[]>()),
  /** Undoes the most recent active import, restoring what it changed. */
  'imports.undo': method(noInput, returns<UndoResult>()),

  // --- presets (named column mappings) -----------------------------------------------------
  /** Saved column mappings, by name. */
  'presets.list': method(noInput, returns<MappingPreset[]>()),
  /** Saves (creates or replaces) a named column mapping. */
  'presets.save': method(z.strictObject({ name: z.string().trim().min(1).max(100), mapping: columnMappingSchema }), returns<MappingPreset>()),
  /** Deletes a named column mapping; `deleted` is false when it did not exist. */
  'presets.delete': method(z.strictObject({ name: z.string().min(1).max(100) }), returns<{ deleted: boolean }>()),

  // --- explorer (paged straight from SQLite for ag-grid's infinite row model) --------------
  /** One block of audits (with observation counts) for the given filters and sort. */
  'explorer.audits': method(explorerPageSchema, returns<ExplorerPage<AuditRow>>()),
  /** One block of observations (audit, structure and item columns joined) for the filters and sort. */
  'explorer.observations': method(explorerPageSchema, returns<ExplorerPage<ObservationRow>>()),
  /** Distinct values for the filter dropdowns, labelled in `lang`; narrowed to `edition` when given. */
  'explorer.facets': method(z.strictObject({ edition: edition.optional(), lang: lang.optional() }), returns<ExplorerFacets>()),
  /** Structures whose code or name contains `search` (for pickers), at most `limit`. */
  'explorer.structures': method(z.strictObject({ search: z.string().max(200).optional(), edition: edition.optional(), limit: z.int().min(1).max(500).optional() }), returns<StructureOption[]>()),
  /** Writes the current view (filters + sort; the first 200,000 rows at most) to an .xlsx in the exports folder. */
  'explorer.export': method(z.strictObject({
    table: z.enum(['audits', 'observations']),
    filters: explorerFiltersSchema.optional(),
    sortModel: z.array(z.strictObject({ colId: z.string().max(100), sort: z.enum(['asc', 'desc']) })).max(5).optional(),
    columns: z.array(z.string().max(100)).max(100).optional(),
    lang: lang.optional(),
  }), returns<ExportFileResult>()),

  // --- analytics (main/analytics; method in main/analytics/METHOD.md) --------------------
  /** Editions with their counts (structures, audits, observations, expected audits), oldest first. */
  'analytics.editions': method(noInput, returns<EditionInfo[]>()),
  /** Scores of every structure of an edition at one level (optionally one category), with the counts behind each. */
  'analytics.scores': method(z.strictObject({ edition, level: levelSchema, category: code.optional(), lang: lang.optional() }), returns<StructureScoreRow[]>()),
  /** Pooled scores of each category, sector and the whole edition at one level, with the distribution of structures' scores, as the disclosure rule lets them be shown (withheld figures null). */
  'analytics.groupScores': method(z.strictObject({ edition, level: levelSchema, lang: lang.optional() }), returns<DisclosedGroupScoreRow[]>()),
  /** One structure against its peers (same category, same edition) at every level, or one `level`: benchmark, rank, percentile. */
  'analytics.peers': method(z.strictObject({ code, edition, level: levelSchema.optional(), lang: lang.optional() }), returns<PeerRow[]>()),
  /** Items a structure failed most in an edition (non-compliant share), with the audits concerned for drill-down. */
  'analytics.failedItems': method(z.strictObject({ code, edition, limit: z.int().min(1).max(200).optional(), lang: lang.optional() }), returns<FailedItem[]>()),
  /** Ranking of a category on the overall score, tie-break applied (`decidedBy` says which rule decided). */
  'analytics.rankings': method(z.strictObject({ edition, category: code, lang: lang.optional() }), returns<CategoryRanking>()),
  /** The winner of each public category of an edition (the private panel never wins). */
  'analytics.winners': method(z.strictObject({ edition, lang: lang.optional() }), returns<Winner[]>()),
  /** Indicators (share of audits where an item is compliant) per structure, category, sector or edition. */
  'analytics.indicators': method(z.strictObject({ edition, items: z.array(code).min(1).max(50), by: z.enum(['structure', 'category', 'sector', 'edition'] satisfies IndicatorBy[]).optional(), lang: lang.optional() }), returns<IndicatorRow[]>()),
  /** The headline indicators (shared/headline.ts: MEL-01, MEL-02), public vs private panel, for an edition. */
  'analytics.headline': method(z.strictObject({ edition, lang: lang.optional() }), returns<IndicatorRow[]>()),
  /** Trends over editions at a level for one structure (`code`), a category, a sector, or the whole barometer; says which pairs compare like for like. */
  'analytics.trends': method(z.strictObject({ code: code.optional(), category: code.optional(), sector: z.enum(['public', 'prive']).optional(), level: levelSchema, editions: z.array(edition).max(50).optional(), lang: lang.optional() }), returns<TrendsResult>()),
  /** The workspace's disclosure rule: from how many OTHER structures an anonymous benchmark shows its mean (and n), and its distribution, rank and percentile. */
  'analytics.disclosureRule': method(noInput, returns<DisclosureRule>()),
  /** Sets the disclosure rule (the distribution threshold is never below the mean's; 0 turns control off, for internal use). */
  'analytics.setDisclosureRule': method(z.strictObject({ meanMinOthers: z.int().min(0).max(1000), distributionMinOthers: z.int().min(0).max(1000) }), returns<DisclosureRule>()),
  /** Data-completeness warnings of an edition (default: the latest): audit counts, missing channels, unknown items. */
  'analytics.completeness': method(z.strictObject({ edition: edition.optional(), lang: lang.optional() }), returns<CompletenessReport>()),

  // --- exports (Excel deliverables, main/export) -------------------------------------------
  /** Writes the barometer tables workbook of an edition; `outPath` defaults to the exports folder. */
  'exports.tables': method(z.strictObject({ edition, lang: lang.optional(), outPath: filePath.optional() }), returns<ExportFileResult>()),
  /** Writes one structure's results workbook (peers anonymous); personal names in comments are masked unless `maskNames: false` (internal use). */
  'exports.structureWorkbook': method(z.strictObject({ code, edition, lang: lang.optional(), maskNames: z.boolean().optional(), outPath: filePath.optional() }), returns<ExportFileResult>()),
  /** JOB. Writes one workbook per structure of an edition (all, or `codes`) into a folder (default: the exports folder); cancellable between files. */
  'exports.structures': jobMethod(z.strictObject({ edition, codes: z.array(code).max(10_000).optional(), lang: lang.optional(), maskNames: z.boolean().optional(), outDir: filePath.optional() }), returns<ExportBatchResult>()),
  /** Writes one structure's PDF report (A4: summary, scores against benchmarks, action plan, method; peers anonymous); personal data in comments masked unless `maskNames: false`. */
  'exports.report': method(z.strictObject({ code, edition, lang: lang.optional(), maskNames: z.boolean().optional(), outPath: filePath.optional() }), returns<ExportFileResult>()),
  /** JOB. Writes one PDF report per structure of an edition (all, or `codes`) into a folder (default: the exports folder); cancellable between files. */
  'exports.reports': jobMethod(z.strictObject({ edition, codes: z.array(code).max(10_000).optional(), lang: lang.optional(), maskNames: z.boolean().optional(), outDir: filePath.optional() }), returns<ExportBatchResult>()),

  // --- jobs --------------------------------------------------------------------------------
  /** Asks a running job to stop; it ends with a `job.done` event carrying the CANCELLED error. */
  'jobs.cancel': method(z.strictObject({ jobId: z.string().min(1).max(100) }), returns<{ cancelled: boolean }>()),
  /** Jobs still running (after a reload, the UI can pick up their progress again). */
  'jobs.list': method(noInput, returns<JobSummary[]>()),

  // --- shell and dialogs (desktop; browser mode degrades) ----------------------------------
  /** Opens a file or folder with the OS (desktop); in browser mode returns a download URL instead. */
  'shell.openPath': method(z.strictObject({ path: filePath }), returns<OpenPathResult>()),
  /** Native "open files" dialog; `paths` empty when cancelled. Browser mode: `{ supported: false }`. */
  'dialogs.openFiles': method(z.strictObject({ title: z.string().max(200).optional(), filters: z.array(fileFilterSchema).max(10).optional() }), returns<DialogResult<{ paths: string[] }>>(), { desktopOnly: true }),
  /** Native "save as" dialog; `path` null when cancelled. Browser mode: `{ supported: false }`. */
  'dialogs.saveFile': method(z.strictObject({ title: z.string().max(200).optional(), defaultName: z.string().max(255).optional(), filters: z.array(fileFilterSchema).max(10).optional() }), returns<DialogResult<{ path: string | null }>>(), { desktopOnly: true }),
  /** Native dialog to pick a workspace file (`create`: choose where to create one). Browser: unsupported. */
  'dialogs.openWorkspace': method(z.strictObject({ create: z.boolean().optional() }), returns<DialogResult<{ path: string | null }>>(), { desktopOnly: true }),
} as const satisfies Record<string, MethodDef>;

export type Api = typeof API;
export type ApiMethod = keyof Api;
/** What the caller passes (before defaults are applied). */
export type ApiInput<M extends ApiMethod> = z.input<Api[M]['input']>;
/** What the handler receives (after parsing and defaults). */
export type ApiParsedInput<M extends ApiMethod> = z.output<Api[M]['input']>;
export type ApiOutput<M extends ApiMethod> = Api[M]['output'] extends Returns<infer O> ? O : never;
export type ApiJobMethod = { [M in ApiMethod]: Api[M] extends { job: Returns<unknown> } ? M : never }[ApiMethod];
export type ApiJobResult<M extends ApiJobMethod> = Api[M] extends { job: Returns<infer R> } ? R : never;

export const API_METHODS = Object.keys(API) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(API, name);
}

export function isJobMethod(name: ApiMethod): name is ApiJobMethod {
  return 'job' in API[name];
}

// ---------------------------------------------------------------------------------------------
// Events pushed by the main side

export const EVENTS = {
  /** Progress of a running job. */
  'job.progress': returns<JobProgressEvent>(),
  /** A job ended: `ok: true` with its result, or `ok: false` with the error (CANCELLED when cancelled). */
  'job.done': returns<JobDoneEvent>(),
  /** The native menu asks the UI to do something (open a view, import files, …). Desktop only. */
  'menu.command': returns<MenuCommandEvent>(),
  /** Another workspace was opened (from the menu or a dialog): every query must be refetched. */
  'workspace.changed': returns<AppInfo>(),
} as const;

export type ApiEvent = keyof typeof EVENTS;
export type ApiEventPayload<E extends ApiEvent> = (typeof EVENTS)[E] extends Returns<infer P> ? P : never;
export const API_EVENTS = Object.keys(EVENTS) as ApiEvent[];

export interface ApiEventMessage<E extends ApiEvent = ApiEvent> {
  event: E;
  payload: ApiEventPayload<E>;
}

/**
 * What the preload exposes as `window.barometer`. `invoke` resolves the response envelope (never
 * rejects for an API error, so the error's code and details cross the bridge intact).
 */
export interface BarometerBridge {
  invoke<M extends ApiMethod>(method: M, input?: ApiInput<M>): Promise<ApiResponse<ApiOutput<M>>>;
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void;
}

/** The envelope both transports answer with (IPC resolves it; HTTP sends it as JSON). */
export type ApiResponse<T = unknown> = { ok: true; result: T } | { ok: false; error: SerializedError };
