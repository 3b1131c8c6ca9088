/**
 * Types that cross the API boundary and belong to no single service: application state, settings,
 * workspaces, jobs and their events, dialogs, the explorer's paged rows, exports. Pure (imported by
 * shared/contract.ts, main/ and renderer/).
 */
import type { Lang } from './domain.js';
import type { ColumnMapping } from './columns.js';
import type { SerializedError } from './errors.js';
import type { SuppressionReason } from './analytics-types.js';

export type AppMode = 'desktop' | 'browser';

export interface AppInfo {
  /** The application's version (package.json). */
  version: string;
  mode: AppMode;
  /** Absolute path of the open workspace file. */
  workspacePath: string;
  /** File name of the open workspace, for titles. */
  workspaceName: string;
  isDemo: boolean;
  /** The interface language the user chose (default 'fr'). */
  lang: Lang;
  /** `process.platform` of the main side: lets the UI show Ctrl or ⌘ in shortcut hints. */
  platform: string;
}

export interface RecentWorkspace {
  path: string;
  name: string;
  /** ISO date-time of the last opening. */
  openedAt: string;
  /** False when the file has been moved or deleted since. */
  exists: boolean;
}

export interface SettingEntry {
  key: string;
  /** Any JSON value; `null` when the key was never set. */
  value: unknown;
}

export interface StagedFile {
  /** Server-side path to pass to `imports.detect` / `imports.preview` / `imports.commit`. */
  path: string;
  /** The file name as the user gave it. */
  name: string;
  size: number;
}

export interface MappingPreset {
  name: string;
  mapping: ColumnMapping;
  /** ISO date-time. */
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Jobs

/** What a job method returns at once; the result arrives later as a `job.done` event. */
export interface JobStarted {
  jobId: string;
}

/** Normalised progress every job reports, whatever its kind. */
export interface JobProgress {
  /** 0..1 when known. */
  fraction: number | null;
  /** Short French (or English) text: "Lecture de resultats-2024.xlsx (3/5)". */
  label: string;
  /** The service's own progress object (e.g. `ImportProgress` for imports). */
  detail?: unknown;
}

export interface JobProgressEvent {
  jobId: string;
  method: string;
  progress: JobProgress;
}

export type JobDoneEvent =
  | { jobId: string; method: string; ok: true; result: unknown }
  | { jobId: string; method: string; ok: false; error: SerializedError };

export interface JobSummary {
  jobId: string;
  method: string;
  startedAt: string;
  progress: JobProgress | null;
}

// ---------------------------------------------------------------------------------------------
// Shell and dialogs

export interface OpenPathResult {
  /** Desktop: the OS opened the file or folder. */
  opened: boolean;
  /** Browser mode: a URL (with token) the UI can download the file from. */
  downloadUrl?: string;
}

export type DialogResult<T> = { supported: false } | ({ supported: true } & T);

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** Commands sent by the native menu to the renderer (`menu.command` event). */
export type MenuCommand =
  | 'workspace.open'
  | 'workspace.create'
  | 'import.files'
  | 'export.tables'
  | 'export.structures'
  | 'export.view'
  | 'view.home'
  | 'view.import'
  | 'view.explorer'
  | 'view.scores'
  | 'view.structure'
  | 'view.comparisons'
  | 'help.method'
  | 'help.about';

export interface MenuCommandEvent {
  command: MenuCommand;
  /** For `workspace.open` from "Espaces récents": the chosen path. */
  path?: string;
}

// ---------------------------------------------------------------------------------------------
// Explorer

export const EXPLORER_FILTER_KEYS = [
  'edition', 'category', 'departement', 'region', 'sector', 'channel', 'step', 'determinant', 'item', 'structure',
] as const;
export type ExplorerFilterKey = (typeof EXPLORER_FILTER_KEYS)[number];

export interface ExplorerFilters {
  edition?: number;
  category?: string;
  departement?: string;
  region?: string;
  sector?: string;
  channel?: string;
  /** Observations only (audits: audits having at least one observation of that step). */
  step?: string;
  determinant?: string;
  /** Item code. */
  item?: string;
  /** Structure code. */
  structure?: string;
  /** Quick search: the structure by the start of words of its code, name, département or région (accents, case and punctuation ignored); audit reference, answer or comment as typed (contains). */
  search?: string;
}

export interface SortModelEntry {
  colId: string;
  sort: 'asc' | 'desc';
}

export interface ExplorerPageRequest {
  startRow: number;
  endRow: number;
  sortModel?: SortModelEntry[];
  filters?: ExplorerFilters;
  lang?: Lang;
}

/** ag-grid's infinite row model: `lastRow` is the total row count for these filters. */
export interface ExplorerPage<Row> {
  rows: Row[];
  lastRow: number;
}

export interface AuditRow {
  id: number;
  edition: number;
  reference: string;
  structureCode: string;
  structureName: string;
  category: string;
  departement: string | null;
  region: string | null;
  sector: string;
  channel: string;
  auditDate: string | null;
  auditTime: string | null;
  scenario: string | null;
  auditor: string | null;
  comment: string | null;
  /** Observations of this audit. */
  observations: number;
  compliant: number;
  nonCompliant: number;
  notApplicable: number;
  /** Unweighted share of compliant among applicable observations, 0..100; null when none applies. */
  complianceRate: number | null;
  /** Provenance (migration 010): the import's file, sheet and date, and the row as the spreadsheet shows it (null when not kept: imported before, or typed in). */
  sourceFile?: string | null;
  sourceSheet?: string | null;
  sourceRow?: number | null;
  importedAt?: string | null;
}

export interface ObservationRow {
  auditId: number;
  edition: number;
  reference: string;
  structureCode: string;
  structureName: string;
  category: string;
  departement: string | null;
  region: string | null;
  sector: string;
  channel: string;
  auditDate: string | null;
  itemCode: string;
  itemLabel: string | null;
  step: string | null;
  determinant: string | null;
  determinantLabel: string | null;
  /** 1 compliant, 0 non-compliant, null not applicable. */
  compliant: 0 | 1 | null;
  measure: number | null;
  raw: string | null;
  comment: string | null;
  /** Provenance (migration 010): the import's file, sheet and date, and the row as the spreadsheet shows it (null when not kept: imported before, or typed in). */
  sourceFile?: string | null;
  sourceSheet?: string | null;
  sourceRow?: number | null;
  importedAt?: string | null;
}

export interface FacetOption {
  value: string;
  label: string;
}

/** Distinct values for the explorer's filter dropdowns. */
export interface ExplorerFacets {
  editions: number[];
  categories: FacetOption[];
  departements: FacetOption[];
  regions: FacetOption[];
  sectors: FacetOption[];
  channels: FacetOption[];
  steps: FacetOption[];
  determinants: FacetOption[];
  items: FacetOption[];
}

export interface StructureOption {
  code: string;
  name: string;
  category: string;
  /** Asked with `markAudited`: whether the structure has audits in the edition asked. */
  audited?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Exports

export interface ExportFileResult {
  /** Absolute path of the written workbook. */
  path: string;
  fileName: string;
  /** Browser mode: where the UI downloads it (token included). */
  downloadUrl?: string;
}

export interface ExportBatchResult {
  folder: string;
  files: string[];
  count: number;
  /** Browser mode: download URL of each file, same order as `files`. */
  downloadUrls?: string[];
}

// ---------------------------------------------------------------------------------------------
// Fiche structure: the items a structure failed most

export interface FailedItemAudit {
  auditId: number;
  reference: string;
  auditDate: string | null;
  channel: string;
  raw: string | null;
  measure: number | null;
  comment: string | null;
}

export interface FailedItem {
  item: string;
  label: string;
  channel: string;
  step: string;
  determinant: string;
  /** Audits where the item applied to this structure. */
  applicable: number;
  /** Audits where it was non-compliant. */
  failed: number;
  /** 100 × failed / applicable. */
  failureRate: number;
  /** Peers' failure rate on the same item (same category and edition), null when none applies or when withheld. */
  peersFailureRate: number | null;
  /** Other structures of the category where the item applied. */
  peersOthers: number;
  /** Why the peers' rate is withheld (too few other structures), null when shown. */
  peersSuppressed: SuppressionReason | null;
  audits: FailedItemAudit[];
}
