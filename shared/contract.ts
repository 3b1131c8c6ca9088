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
import { GROUP_LEVELS, LEVELS } from './domain.js';
import type { SerializedError } from './errors.js';
import type { ImportRecord, ImportResult, FileDetection, UndoCheck, UndoResult } from './import-types.js';
import type { BackupEntry, RestoreResult, WorkspaceCheck, WorkspaceInfo } from './workspace-types.js';
import type { FolderListing } from './file-browser-types.js';
import type {
  AppInfo, AuditRow, DialogResult, ExplorerFacets, ExplorerPage, ExportBatchResult, ExportFileResult,
  JobDoneEvent, JobProgressEvent, JobStarted, JobSummary, MappingPreset, MenuCommandEvent, ObservationRow,
  OpenPathResult, RecentWorkspace, SettingEntry, StagedFile, StructureOption, FailedItem,
} from './api-types.js';
import type {
  CategoryRanking, CompletenessReport, DisclosedGroupScoreRow, DisclosureRule, IndicatorBy, IndicatorRow, PeerRow, ScoreMatrix, StructureScoreRow, TrendsResult, Winner,
} from './analytics-types.js';
import type { EditionInfo } from './workspace-types.js';
import type { EntryCompleted, EntryCreated, EntryFieldSaved, EntryPreparation, EntrySheet } from './entry-types.js';
import type { HeldLabel, LabelDefinition, LabelReadiness, ReferentialView } from './readiness-types.js';
import type { EvidenceResult } from './evidence-types.js';
import type { CorrectionEntry, CorrectionResult, CorrectionUndoResult, CorrectionUserName, ObservationCellState } from './correction-types.js';
import type { ComparisonChoices, ComparisonResult } from './comparison-types.js';
import type { StructureStatus } from './structure-status-types.js';
import type { ChartSvg, ScoresChartKind } from './scores-charts.js';

import { EVENT_NAMES } from './ipc-channels.js';

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
/** A panel of structures to compare (shared/comparison-types.ts PanelSpec). */
const panelSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('sector'), sector: z.enum(['public', 'prive']) }),
  z.strictObject({ kind: z.literal('label'), label: z.string().min(1).max(200), held: z.boolean() }),
  z.strictObject({ kind: z.literal('category'), category: code }),
  z.strictObject({ kind: z.literal('not-category'), category: code }),
]);

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
  // Values corrected by hand that the file changes: keep the correction (default) or take the file.
  conflicts: z.strictObject({
    all: z.enum(['keep-correction', 'take-file']).optional(),
    byKey: z.record(z.string().max(1000), z.enum(['keep-correction', 'take-file'])).optional(),
  }).optional(),
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

const levelSchema = z.enum(LEVELS);
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
  /** A structure's identity and whether it has audits in an edition (default: the latest with audits): the Fiche structure asks this first. */
  'workspace.structureStatus': method(z.strictObject({ code, edition: edition.optional() }), returns<StructureStatus>()),
  /**
   * Opens an existing workspace file (migrating it if needed) and makes it the current one; the
   * previous connection is closed. Refused (CONFLICT) while a job runs; a database of another
   * application is refused untouched (WORKSPACE_FOREIGN). Browser mode: a recent workspace, or a
   * `*.sqlite` file inside the roots of `workspace.browse`.
   */
  'workspace.open': method(z.strictObject({ path: filePath }), returns<AppInfo>()),
  /** « Nouvel espace » : creates an empty workspace file at `path` (refused if the file exists) and opens it. Browser mode: a `*.sqlite` name in a folder inside the roots of `workspace.browse`. */
  'workspace.create': method(z.strictObject({ path: filePath }), returns<AppInfo>()),
  /** « Démo » : opens the demo workspace (copied into the app data folder on first use). Refused while a job runs. */
  'workspace.openDemo': method(noInput, returns<AppInfo>()),
  /** Recently opened workspaces, most recent first, `exists: false` for a moved or deleted file (preferences file, not the workspace). */
  'workspace.recent': method(noInput, returns<RecentWorkspace[]>()),
  /** Removes one workspace from the recent list (the file itself is left alone); answers the new list. */
  'workspace.forgetRecent': method(z.strictObject({ path: filePath }), returns<RecentWorkspace[]>()),
  /**
   * The chooser's file browser (browser mode has no native dialog): one folder inside the user's
   * home folder or the app data folder — `..` and symbolic links resolved, anything outside refused
   * (FORBIDDEN) — with its sub-folders and `*.sqlite` files. Default: the open workspace's folder
   * when inside those roots, else the first root.
   */
  'workspace.browse': method(z.strictObject({ path: filePath.optional(), showHidden: z.boolean().optional() }), returns<FolderListing>()),
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
  /** « Enregistrer une copie » : an online copy (SQLite backup API, consistent while the workspace is in use) at `path`, or in the exports folder when no path is given, with its download URL in browser mode. Browser mode: `path` is a new `*.sqlite` file inside the roots of `workspace.browse`. */
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
  /** What undoing the most recent active import would do to hand corrections made since (asked before `imports.undo`). */
  'imports.undoCheck': method(noInput, returns<UndoCheck>()),
  /** Undoes the most recent active import, restoring what it changed; refused (CONFLICT) when it would replace hand corrections made since, unless `force` (they are then marked undone). */
  'imports.undo': method(z.strictObject({ force: z.boolean().optional() }).default({}), returns<UndoResult>()),

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
  /**
   * Structures by typed text. With an edition: only those audited in it, or, with `markAudited`,
   * every structure, each marked audited in that edition or not (the Fiche opens either).
   */
  'explorer.structures': method(z.strictObject({ search: z.string().max(200).optional(), edition: edition.optional(), markAudited: z.boolean().optional(), limit: z.int().min(1).max(500).optional() }), returns<StructureOption[]>()),
  /** Writes the current view (filters + sort; the first 200,000 rows at most) to an .xlsx in the exports folder. */
  'explorer.export': method(z.strictObject({
    table: z.enum(['audits', 'observations']),
    filters: explorerFiltersSchema.optional(),
    sortModel: z.array(z.strictObject({ colId: z.string().max(100), sort: z.enum(['asc', 'desc']) })).max(5).optional(),
    columns: z.array(z.string().max(100)).max(100).optional(),
    lang: lang.optional(),
  }), returns<ExportFileResult>()),
  /**
   * The evidence behind one score (drill-down from a grid cell or a chart point): for a structure,
   * every observation its score at (level, key) counts, with audit, answer, comment and source
   * (file, sheet, row, import date); for a category, a sector or a panel of Comparaisons (`panel`,
   * code `label:NOM`, `all`…, figures as `analytics.compare` discloses them), its sums as the
   * disclosure rule shows them and its structures only when the rule lets a member see single
   * structures (never in client mode: `withheld` says why). `clientMode` also masks personal data in comments.
   */
  'explorer.evidence': method(z.strictObject({
    edition,
    level: levelSchema,
    key: code,
    // `panel`: the code is a panel as text (`label:NOM`, up to 200 characters of label).
    scope: z.strictObject({ kind: z.enum(['structure', 'category', 'sector', 'panel']), code: z.string().min(1).max(220) }),
    clientMode: z.boolean().optional(),
    limit: z.int().min(1).max(20_000).optional(),
    lang: lang.optional(),
  }), returns<EvidenceResult>()),

  // --- analytics (main/analytics; method in main/analytics/METHOD.md) --------------------
  /** Editions with their counts (structures, audits, observations, expected audits), oldest first. */
  'analytics.editions': method(noInput, returns<EditionInfo[]>()),
  /** Scores of every structure of an edition at one level (optionally one category), with the counts behind each. */
  'analytics.scores': method(z.strictObject({ edition, level: levelSchema, category: code.optional(), lang: lang.optional() }), returns<StructureScoreRow[]>()),
  /** The Scores grid: every structure of an edition × the score columns of the levels asked, column by column (keys and structures sent once), with each structure's position in its category. */
  'analytics.scoreMatrix': method(z.strictObject({ edition, levels: z.array(z.enum(GROUP_LEVELS)).min(1).max(GROUP_LEVELS.length).optional(), lang: lang.optional() }), returns<ScoreMatrix>()),
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
  /** Two panels compared (public vs private, a label's holders vs the rest of the sector, a category vs another or vs the rest): pooled scores at every level, headline indicators, bases; each panel through the disclosure rule (shared/comparison-types.ts). */
  'analytics.compare': method(z.strictObject({ edition, a: panelSpecSchema, b: panelSpecSchema, lang: lang.optional() }), returns<ComparisonResult>()),
  /** The labels held (with their holders) and the categories present in an edition, to choose a comparison among. */
  'analytics.comparisonChoices': method(z.strictObject({ edition, lang: lang.optional() }), returns<ComparisonChoices>()),
  /** Data-completeness warnings of an edition (default: the latest): audit counts, missing channels, unknown items. */
  'analytics.completeness': method(z.strictObject({ edition: edition.optional(), lang: lang.optional() }), returns<CompletenessReport>()),

  /** Readiness of a structure for each label of the edition (or one `label`): score on the label's items, items met, items to fix (rate below the label's required rate) heaviest first with their non-compliant audits (comments masked unless `maskNames: false`). */
  'analytics.readiness': method(z.strictObject({ code, edition, label: z.string().min(1).max(200).optional(), lang: lang.optional(), maskNames: z.boolean().optional() }), returns<LabelReadiness[]>()),

  // --- charts (first paint of a view's charts drawn by the server; shared/scores-charts.ts) ---
  /** One chart of the Scores view (`distribution` of overall scores per category, or the `ranking` of `category`) as an SVG of `width` pixels, drawn by echarts on the server from the same option as the screen's; null when there is nothing to draw. */
  'charts.scoresSvg': method(z.strictObject({ chart: z.enum(['distribution', 'ranking'] satisfies ScoresChartKind[]), edition, category: code.optional(), width: z.int().min(100).max(4000), lang: lang.optional() }), returns<ChartSvg | null>()),

  // --- labels (labels held by structures, required rates; main/analytics/label-definitions.ts) --
  /** Labels of the referential in force for an edition, with their item counts and required rates. */
  'labels.list': method(z.strictObject({ edition }), returns<LabelDefinition[]>()),
  /** Labels a structure holds, and who said so (a structures file or a person). */
  'labels.held': method(z.strictObject({ code }), returns<HeldLabel[]>()),
  /** Sets the whole list of labels a structure holds (one transaction, logged with the user's name). */
  'labels.setHeld': method(z.strictObject({ code, labels: z.array(z.string().min(1).max(200)).max(50) }), returns<HeldLabel[]>()),
  /** Sets the compliance rate (percent) a label requires on each of its items. */
  'labels.setRequiredRate': method(z.strictObject({ label: z.string().min(1).max(200), requiredRate: z.number().min(0).max(100) }), returns<{ label: string; requiredRate: number }>()),

  // --- referential (Référentiel view) ------------------------------------------------------
  /** The referential in force for an edition (default: the latest): items by step with labels and editions in force, and the changes from the previous set. */
  'referential.view': method(z.strictObject({ edition: edition.optional(), lang: lang.optional() }), returns<ReferentialView>()),
  /** Sets an item's source labels (one transaction, with a trail in referential_edit). */
  'referential.setSourceLabel': method(z.strictObject({ validFrom: z.int().min(0).max(2100), code, labels: z.array(z.string().min(1).max(200)).max(20) }), returns<{ validFrom: number; code: string; sourceLabel: string | null; changed: boolean }>()),
  /** Hand edits of an item's source label, most recent first. */
  'referential.history': method(z.strictObject({ code }), returns<Array<{ validFrom: number; before: string | null; after: string | null; user: string; editedAt: string }>>()),

  // --- entry (an audit typed in the workspace, saved field by field; main/entry) -----------
  /** What the "Nouvel audit" form needs for a structure: channels with items in force for the edition (default: this year), the next `DIAG-<code>-<n>` reference, its audits being entered. */
  'entry.prepare': method(z.strictObject({ structure: code, edition: edition.optional() }), returns<EntryPreparation>()),
  /** Creates an audit to enter (date `jj/mm/aaaa` or ISO, inside the edition's year; reference generated when absent), in the entry session `sessionId` or a new one (an import row of format 'saisie'). */
  'entry.createAudit': method(z.strictObject({
    structure: code,
    channel: code,
    date: z.string().min(1).max(40),
    time: z.string().max(20).optional(),
    edition: edition.optional(),
    reference: z.string().max(200).optional(),
    scenario: z.string().max(500).optional(),
    auditor: z.string().max(200).optional(),
    sessionId: z.int().min(1).optional(),
  }), returns<EntryCreated>()),
  /** The items of an audit being entered, grouped by step and determinant, with the answers saved so far and the progress. */
  'entry.sheet': method(z.strictObject({ auditId: z.int().min(1), lang: lang.optional() }), returns<EntrySheet>()),
  /** Saves one field (an item's answer or comment; null clears it) in its own transaction, judged like an imported answer. */
  'entry.setField': method(z.strictObject({
    auditId: z.int().min(1),
    itemCode: code,
    field: z.enum(['answer', 'comment']),
    value: z.string().max(5000).nullable(),
    sessionId: z.int().min(1).optional(),
  }), returns<EntryFieldSaved>()),
  /** Closes an audit: no more entry, and its edition's scores are recomputed. */
  'entry.complete': method(z.strictObject({ auditId: z.int().min(1) }), returns<EntryCompleted>()),

  // --- exports (Excel deliverables, main/export) -------------------------------------------
  /** Writes the barometer tables workbook of an edition; `outPath` defaults to the exports folder. */
  'exports.tables': method(z.strictObject({ edition, lang: lang.optional(), outPath: filePath.optional(), comparison: z.strictObject({ a: panelSpecSchema, b: panelSpecSchema }).optional() }), returns<ExportFileResult>()),
  /** Writes one structure's results workbook (peers anonymous); personal names in comments are masked unless `maskNames: false` (internal use). */
  'exports.structureWorkbook': method(z.strictObject({ code, edition, lang: lang.optional(), maskNames: z.boolean().optional(), outPath: filePath.optional() }), returns<ExportFileResult>()),
  /** JOB. Writes one workbook per structure of an edition (all, or `codes`) into a folder (default: the exports folder); cancellable between files. */
  'exports.structures': jobMethod(z.strictObject({ edition, codes: z.array(code).max(10_000).optional(), lang: lang.optional(), maskNames: z.boolean().optional(), outDir: filePath.optional() }), returns<ExportBatchResult>()),
  /** Writes one structure's PDF report (A4: summary, scores against benchmarks, action plan, method; peers anonymous); personal data in comments masked unless `maskNames: false`. */
  'exports.report': method(z.strictObject({ code, edition, lang: lang.optional(), maskNames: z.boolean().optional(), outPath: filePath.optional() }), returns<ExportFileResult>()),
  /** JOB. Writes one PDF report per structure of an edition (all, or `codes`) into a folder (default: the exports folder); cancellable between files. */
  'exports.reports': jobMethod(z.strictObject({ edition, codes: z.array(code).max(10_000).optional(), lang: lang.optional(), maskNames: z.boolean().optional(), outDir: filePath.optional() }), returns<ExportBatchResult>()),

  // --- corrections (main/corrections: an analyst corrects an observation in place) ----------
  /**
   * Corrects one observation's answer, measure or comment (validated as the importer validates a
   * file's cell), with a required reason; writes the history and recomputes the edition's scores
   * in one transaction. The audit is named by `auditId`, or `auditReference` (+ `edition` when
   * the reference exists in several editions). `sessionId` defaults to this run of the app.
   */
  'corrections.correct': method(z.strictObject({
    edition: edition.optional(),
    auditReference: z.string().min(1).max(200).optional(),
    auditId: z.int().min(1).optional(),
    itemCode: code,
    answer: z.string().min(1).max(200).optional(),
    measure: z.union([z.number(), z.string().min(1).max(100)]).optional(),
    comment: z.string().max(10_000).nullable().optional(),
    reason: z.string().trim().min(1, 'Le motif de la correction est obligatoire.').max(2000),
    sessionId: z.string().min(1).max(100).optional(),
  }).refine((r) => r.auditId !== undefined || r.auditReference !== undefined, { message: "Indiquez l'audit (auditId ou auditReference)." }), returns<CorrectionResult>()),
  /** The corrections history (most recent first) of an observation, an audit, a structure, an edition or a session; undone rows included unless `includeUndone: false`. */
  'corrections.history': method(z.strictObject({
    edition: edition.optional(),
    structureCode: code.optional(),
    auditId: z.int().min(1).optional(),
    auditReference: z.string().min(1).max(200).optional(),
    itemCode: code.optional(),
    sessionId: z.string().min(1).max(100).optional(),
    includeUndone: z.boolean().optional(),
    limit: z.int().min(1).max(10_000).optional(),
  }), returns<CorrectionEntry[]>()),
  /** Undoes one correction (the one that wrote history row `id`, every field it changed), restoring the earlier values and scores exactly; refused (CONFLICT) when the value changed since. */
  'corrections.undo': method(z.strictObject({ id: z.int().min(1) }), returns<CorrectionUndoResult>()),
  /** Undoes every correction of a session still in force (default: this run of the app), most recent first, after a backup copy. */
  'corrections.undoSession': method(z.strictObject({ sessionId: z.string().min(1).max(100).optional() }), returns<CorrectionUndoResult>()),
  /** The current session id (this run of the app). */
  'corrections.session': method(noInput, returns<{ sessionId: string }>()),
  /** For grid rows: each observation's item answer type and threshold, and which fields hold a corrected value. */
  'corrections.cellStates': method(z.strictObject({ keys: z.array(z.strictObject({ auditId: z.int().min(1), itemCode: code })).max(1000) }), returns<ObservationCellState[]>()),
  /** The name written in the history (workspace setting, default the OS user name). */
  'corrections.userName': method(noInput, returns<CorrectionUserName>()),
  /** Sets the name written in the history; null or empty goes back to the OS user name. */
  'corrections.setUserName': method(z.strictObject({ userName: z.string().max(100).nullable() }), returns<CorrectionUserName>()),

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
} as const satisfies Record<(typeof EVENT_NAMES)[number], Returns<unknown>>;

export type ApiEvent = keyof typeof EVENTS;
export type ApiEventPayload<E extends ApiEvent> = (typeof EVENTS)[E] extends Returns<infer P> ? P : never;
/** The event names, as the preload spells them (shared/ipc-channels.ts); EVENTS gives each its payload. */
export const API_EVENTS: readonly ApiEvent[] = EVENT_NAMES;

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
