/**
 * The import pipeline: file → reader → header and kind detection → parsing and validation →
 * diff with the workspace → one transaction per file. A file with problems is refused whole
 * unless the user asks to skip invalid rows (then a rejects workbook lists them). A preview runs
 * the very same steps inside a transaction that is rolled back, so it is exact even for a batch
 * whose later files depend on earlier ones (a referential, then results).
 */
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import type { ColumnMapping, Field } from '../../shared/columns.js';
import type { ImportFileReport, ImportProgress, ImportRequest, ImportResult } from '../../shared/import-types.js';
import { allEditions, refreshAggregates } from '../analytics/refresh.js';
import { refreshTouchedEditions } from '../analytics/refresh-incremental.js';
import { WrittenEditionSums } from '../analytics/written-sums.js';
import { PostedEditionScores } from '../analytics/edition-scores.js';
import { openWorkbook } from './readers/open-workbook.js';
import type { CancelToken, OpenedWorkbook, ReaderLimits } from './readers/types.js';
import { detectWorkbook, fieldNames, type Detection } from './detect.js';
import { knownItemCodes } from './referential-lookup.js';
import { parseResults, type ParsedResults } from './parse-results.js';
import { parseReferential, parseStructures } from './parse-tables.js';
import { ProblemSink } from './problems.js';
import { applyReferential, applyResults, applyStructures, emptyCounts, hasChanges, type ApplyCounts } from './apply.js';
import { writeRejectsWorkbook } from './rejects.js';
import { ChangeRecorder, emptyChangeSummary } from './changes.js';
import { backupBefore } from '../workspace/backup.js';
import { foldJournalOnThread, GiveUpStream, shouldStream, spareThreadFor, startReadingThread, streamOutcomes, type SpareThread, type StreamedWrite, type ThreadsChoice } from './streamed-import.js';
import type { JournalFolded } from './streamed-chunks.js';

export { checkUndoLastImport, listImports, undoLastImport, type UndoOptions } from './history.js';
export { listPresets, savePreset, deletePreset } from './presets.js';

/** Problems returned in full in a report; the rejects workbook and `problemCount` have them all. */
export const REPORTED_PROBLEMS = 500;

export interface ImportHooks {
  onProgress?: (progress: ImportProgress) => void;
  cancel?: CancelToken;
  /** Folder for rejects workbooks (default: `rejets/` next to the workspace file). */
  rejectsDir?: string;
  /** Readers' caps raised or lowered by the user (`barometer import --limit maxCells=N`); others keep their default. */
  readerLimits?: Partial<ReaderLimits>;
  /** False: no automatic backup before writing (else the workspace setting `backup.beforeImport` decides). */
  backup?: boolean;
  /**
   * Large results files are read on a second thread while this one writes (streamed-import.ts):
   * 'auto' (default) from STREAM_MIN_CELLS cells, 'always' / 'never' for tests and measures.
   */
  threads?: ThreadsChoice;
  /** The reading thread's script (default: found next to this module, `readingThreadEntry`); tests pass a bundle's. */
  readingThread?: URL;
  /** After a streamed import: its journal has been folded into the workspace by a short-lived thread (or it says why not). */
  onJournalFolded?: (folded: JournalFolded) => void;
}

function sha256(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    let read: number;
    while ((read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0) hash.update(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

function mappingFor(request: ImportRequest, file: string): ColumnMapping | undefined {
  const mappings = request.mappings ?? {};
  return mappings[file] ?? mappings[path.basename(file)] ?? mappings.default;
}

function workspaceFile(db: Db): string {
  return db.name;
}

/** Detects one file's kind, layout and columns without importing it. */
export function detectFile(db: Db, filePath: string, mapping?: ColumnMapping, cancel?: CancelToken): Detection {
  const workbook = openWorkbook(filePath, cancel ? { cancel } : {});
  return detectWorkbook(workbook, filePath, { knownItems: knownItemCodes(db) }, mapping);
}

class NothingChanged extends Error {}

/** A file of an import run, opened and detected (detection null: it could not be read). */
export interface Opened {
  file: string;
  workbook: OpenedWorkbook | null;
  detection: Detection | null;
  report: ImportFileReport;
}

function blankReport(file: string, hash: string): ImportFileReport {
  const counts = emptyCounts();
  return {
    file, fileName: path.basename(file), sha256: hash, kind: null, layout: null, status: 'refused', editions: [],
    ...counts, rowsRead: 0, rowsRejected: 0, problems: [], problemCount: 0, ...emptyChangeSummary(), importId: null, rejectsFile: null, detection: null,
  };
}

const KIND_ORDER = { referential: 0, structures: 1, results: 2 } as const;

export function importFiles(db: Db, request: ImportRequest, hooks: ImportHooks = {}): ImportResult {
  if (request.files.length === 0) throw AppError.keyed('INVALID_INPUT', 'import.noFiles');
  const fileCount = request.files.length;
  const progress = (p: Omit<ImportProgress, 'fileCount'>): void => hooks.onProgress?.({ ...p, fileCount });
  // A large results file is read on a second thread (streamed-import.ts): started now, it loads
  // while the files are hashed, opened and detected. Taken by the first file streamed, else ended.
  const spare = { thread: request.dryRun ? null : spareThreadFor(db, request.files, hooks.threads, hooks.readingThread) };
  try {
    return importAll(db, request, hooks, progress, spare);
  } finally {
    spare.thread?.stop();
  }
}

function importAll(db: Db, request: ImportRequest, hooks: ImportHooks, progress: (p: Omit<ImportProgress, 'fileCount'>) => void, spare: { thread: SpareThread | null }): ImportResult {

  // Open and detect every file first: the referential must be imported before the results that use it.
  const opened: Opened[] = [];
  const open = (file: string, fileIndex: number): Opened => {
    progress({ file: path.basename(file), fileIndex, phase: 'read', rowsDone: 0, rowsTotal: 0 });
    if (!fs.existsSync(file)) throw AppError.keyed('NOT_FOUND', 'import.fileNotFound', { file });
    const report = blankReport(file, sha256(file));
    try {
      const workbook = openWorkbook(file, { ...(hooks.cancel ? { cancel: hooks.cancel } : {}), ...(hooks.readerLimits ? { limits: hooks.readerLimits } : {}) });
      const detection = detectWorkbook(workbook, file, { knownItems: knownItemCodes(db) }, mappingFor(request, file));
      return { file, workbook, detection, report: { ...report, kind: detection.kind, layout: detection.layout, detection: stripAssignment(detection) } };
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'CANCELLED') throw error;
      const details = (error.details ?? {}) as { sheet?: string; row?: number };
      report.problems = [{ file: report.fileName, sheet: details.sheet ?? '', row: details.row ?? null, column: null, value: null, code: error.code === 'LAYOUT_UNKNOWN' ? 'MISSING_FIELD' : 'INVALID_VALUE', message: error.message }];
      report.problemCount = 1;
      return { file, workbook: null, detection: null, report };
    }
  };
  request.files.forEach((file, fileIndex) => {
    opened.push(open(file, fileIndex));
    // At once, so that the run never holds more than two of them (the one kept, the one just detected).
    keepOneInflatedSheet(opened);
  });
  // Stable: results files keep their order, and the first of them is the one that kept its worksheet.
  opened.sort((a, b) => (a.detection ? KIND_ORDER[a.detection.kind] : -1) - (b.detection ? KIND_ORDER[b.detection.kind] : -1));

  // One copy per import run, taken just before the first file writes (main/workspace/backup.ts):
  // a run that refuses every file, or a preview, costs nothing.
  let backupTaken = request.dryRun === true || hooks.backup === false;
  // `source`: a streamed import backs up from a second connection, whose snapshot is the
  // workspace before its transaction (streamed-import.ts).
  const beforeWrite = (source: Db = db): void => {
    if (backupTaken) return;
    backupTaken = true;
    backupBefore(source, 'import');
  };
  const run = (): ImportFileReport[] => opened.map((entry, fileIndex) => {
    const report = importOne(db, entry, fileIndex, request, hooks, progress, beforeWrite, spare);
    // Imported: its workbook (file bytes, shared strings, inflated worksheet) is no longer needed.
    entry.workbook = null;
    return report;
  });
  if (!request.dryRun) return { files: run() };
  // A preview applies everything, reports, and rolls back: the workspace is left untouched.
  let reports: ImportFileReport[] = [];
  db.exec('BEGIN');
  try {
    reports = run().map((r) => ({ ...r, status: r.status === 'refused' ? 'refused' : 'preview', importId: null }));
  } finally {
    db.exec('ROLLBACK');
  }
  return { files: reports };
}

/**
 * An xlsx workbook keeps the worksheet its detection inflated (a national wide file's: ~130 MB),
 * so that its import does not inflate it again. Files are all opened before the first is
 * imported: N national files would hold N worksheets through the whole run. Only the first
 * results file keeps its own; the others inflate theirs again when their turn comes (~0.3 s each).
 */
export function keepOneInflatedSheet(opened: readonly Opened[]): void {
  let kept = false;
  for (const entry of opened) {
    if (entry.detection?.kind !== 'results' || !entry.workbook) continue;
    if (kept) entry.workbook.takeSheetXml?.(entry.detection.sheet);
    kept = true;
  }
}

function stripAssignment(detection: Detection): ImportFileReport['detection'] {
  const { assignment: _assignment, ...rest } = detection;
  return rest;
}

function importOne(db: Db, entry: Opened, fileIndex: number, request: ImportRequest, hooks: ImportHooks, progress: (p: Omit<ImportProgress, 'fileCount'>) => void, beforeWrite: (source?: Db) => void, spare: { thread: SpareThread | null }): ImportFileReport {
  const { detection, report } = entry;
  let workbook = entry.workbook;
  if (!workbook || !detection) return report;
  const fileName = report.fileName;
  const sink = new ProblemSink(fileName);
  if (detection.missingFields.length > 0) {
    const found = detection.columns.map((c) => c.header).join(', ');
    sink.add({ sheet: detection.sheet, row: detection.headerRow, column: null, value: null, code: 'MISSING_FIELD', message: `colonnes obligatoires absentes : ${fieldNames(detection.missingFields)} (colonnes trouvées : ${found})` });
    return finish(report, sink, 0, 0);
  }
  const presentFields = new Set(Object.keys(detection.assignment.fields) as Field[]);
  const edition = request.edition ?? detection.mapping.edition ?? null;
  const onRows = (rowsDone: number, rowsTotal: number): void => progress({ file: fileName, fileIndex, phase: 'validate', rowsDone, rowsTotal });

  let parsedResults: ParsedResults | null = null;
  let changes: ChangeRecorder | null = null;
  let apply: (importId: number | null) => ApplyCounts;
  let rowsRead: number;
  let rejectedRows: Set<number>;
  let editions: number[];
  // What the scores depend on that this file changes: structures per edition (results), structures
  // moved to another category or sector (structures file); a referential refreshes every edition.
  const touched = new Map<number, Set<string>>();
  // What a results file's new audits count, so the refresh need not read them back (written-sums.ts).
  const written = new WrittenEditionSums(db);
  const moved = new Set<string>();
  // The validation phase starts now (the reader streams rows into it): said at once, not after the first 2,000 rows.
  onRows(0, 0);
  if (detection.kind === 'results' && !request.dryRun && shouldStream(db, detection, workbook.estimatedRows(detection.sheet), hooks.threads, hooks.readingThread)) {
    // The reading thread opens the file itself and takes over the sheet this thread inflated for
    // the detection (71 MB for the national wide file): one copy in memory, inflated once. If the
    // stream gives up, the file is opened again here.
    const sheetXml = workbook.takeSheetXml?.(detection.sheet) ?? null;
    entry.workbook = null;
    workbook = null;
    const thread = spare.thread;
    spare.thread = null;
    const streamed = importStreamed(db, entry, fileIndex, edition, hooks, progress, beforeWrite, onRows, thread, sheetXml);
    if (streamed) return streamed;
    workbook = openWorkbook(entry.file, { ...(hooks.cancel ? { cancel: hooks.cancel } : {}), ...(hooks.readerLimits ? { limits: hooks.readerLimits } : {}) });
    entry.workbook = workbook;
  }
  if (detection.kind === 'results') {
    parsedResults = parseResults(db, workbook, detection, sink, edition, { ...(hooks.cancel ? { cancel: hooks.cancel } : {}), onRows });
    checkNewStructures(db, parsedResults, detection, sink);
    const parsed = parsedResults;
    ({ rowsRead, rejectedRows } = parsed);
    editions = [...parsed.editions].sort();
    // Read: the worksheet (~130 MB inflated for a national file) is needed again only to copy rejected rows.
    if (rejectedRows.size === 0) {
      entry.workbook = null;
      workbook = null;
    }
    const recorder = new ChangeRecorder(db, request.conflicts);
    changes = recorder;
    apply = (importId) => applyResults(db, dropRejected(parsed), { importId, presentFields, changes: recorder, touched, written, onAudit: (done, total) => progress({ file: fileName, fileIndex, phase: 'write', rowsDone: done, rowsTotal: total }) });
  } else if (detection.kind === 'referential') {
    const parsed = parseReferential(workbook, detection, sink, edition, hooks.cancel);
    ({ rowsRead, rejectedRows } = parsed);
    editions = [...new Set(parsed.items.map((i) => i.validFrom).filter((y) => y > 0))];
    apply = (importId) => applyReferential(db, parsed.items, importId);
  } else {
    const parsed = parseStructures(workbook, detection, sink, hooks.cancel);
    ({ rowsRead, rejectedRows } = parsed);
    editions = [];
    apply = (importId) => applyStructures(db, parsed.structures, importId, presentFields, moved);
  }
  report.editions = editions;

  const refuse = sink.count > 0 && (!request.skipInvalid || rowsRead === 0 || rejectedRows.size >= rowsRead);
  if (refuse && !request.dryRun) return finish(report, sink, rowsRead, rejectedRows.size);

  let counts: ApplyCounts = emptyCounts();
  let importId: number | null = null;
  if (!request.dryRun) beforeWrite();
  try {
    db.transaction(() => {
      importId = Number(db.prepare(`INSERT INTO import(file_name, file_path, sha256, format, kind, layout, sheet, header_row, mapping_json, edition, imported_at, rows_read, rows_rejected, problems_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        fileName, entry.file, report.sha256, detection.format, detection.kind, detection.layout, detection.sheet, detection.headerRow,
        JSON.stringify(detection.mapping), editions.length === 1 ? editions[0] : edition, new Date().toISOString(), rowsRead, rejectedRows.size,
        JSON.stringify(sink.problems.slice(0, REPORTED_PROBLEMS)),
      ).lastInsertRowid);
      const applied = apply(importId);
      counts = applied;
      if (!hasChanges(applied)) throw new NothingChanged();
      db.prepare('UPDATE import SET counts_json = ? WHERE id = ?').run(JSON.stringify(applied), importId);
      progress({ file: fileName, fileIndex, phase: 'aggregate', rowsDone: 0, rowsTotal: 0 });
      if (detection.kind === 'referential') refreshAggregates(db, { editions: allEditions(db) });
      else if (detection.kind === 'results') refreshTouchedEditions(db, touched, written);
      else refreshTouchedEditions(db, editionsOfStructures(db, moved));
    })();
  } catch (error) {
    if (!(error instanceof NothingChanged)) throw error;
    importId = null;
  }
  Object.assign(report, counts, (changes as ChangeRecorder | null)?.summary() ?? emptyChangeSummary());
  report.importId = refuse ? null : importId;
  report.status = refuse ? 'refused' : importId === null ? 'unchanged' : 'imported';
  finish(report, sink, rowsRead, rejectedRows.size);
  if (report.status === 'imported' && rejectedRows.size > 0 && !request.dryRun && workbook) {
    report.rejectsFile = writeRejectsWorkbook(workbook, detection, sink.problems, rejectedRows, hooks.rejectsDir ?? path.join(path.dirname(workspaceFile(db)), 'rejets'));
  }
  progress({ file: fileName, fileIndex, phase: 'done', rowsDone: rowsRead, rowsTotal: rowsRead });
  return report;
}

/**
 * A large results file read on a second thread while this one writes (streamed-import.ts). Null
 * when the stream was given up (a problem in the file, audits already in the workspace…): its
 * transaction is rolled back, and the caller imports the file on one thread.
 */
function importStreamed(db: Db, entry: Opened, fileIndex: number, edition: number | null, hooks: ImportHooks,
  progress: (p: Omit<ImportProgress, 'fileCount'>) => void, beforeWrite: (source?: Db) => void, onRows: (done: number, total: number) => void, spare: SpareThread | null, sheetXml: Buffer | null): ImportFileReport | null {
  const { detection, report } = entry as Opened & { detection: Detection };
  const fileName = report.fileName;
  const reading = startReadingThread(db, entry.file, fileName, detection, edition, { readerLimits: hooks.readerLimits, cancel: hooks.cancel, onRows, spare, sheetXml, entry: hooks.readingThread });
  let written: StreamedWrite | null = null;
  let importId = 0;
  // Foreign keys are not checked row by row here (a fifth of the observations' insert): every
  // observation points at the audit just written and at this import, and the audits' own
  // references are checked once below, in one query.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  if (foreignKeys) db.pragma('foreign_keys = OFF');
  // The journal this transaction leaves (~80 MB for a national file) is folded into the workspace
  // by a short-lived thread once committed, in parallel, rather than by this connection's automatic
  // checkpoint inside the COMMIT (~0.2 s during which the import was not over yet).
  const foldsJournal = db.pragma('journal_mode', { simple: true }) === 'wal';
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (foldsJournal) db.pragma('wal_autocheckpoint = 0');
  let committed = false;
  try {
    db.transaction(() => {
      importId = Number(db.prepare(`INSERT INTO import(file_name, file_path, sha256, format, kind, layout, sheet, header_row, mapping_json, edition, imported_at, rows_read, rows_rejected, problems_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, '[]')`).run(
        fileName, entry.file, report.sha256, detection.format, detection.kind, detection.layout, detection.sheet, detection.headerRow,
        JSON.stringify(detection.mapping), edition, new Date().toISOString(),
      ).lastInsertRowid);
      // While the observations stream in, a small page cache: they are appended in key order, so
      // spilled pages are not read again soon, and the reading thread holds the worksheet
      // meanwhile (national wide file: peak RSS 493 MB instead of 510, no slower). The usual
      // cache is back for the aggregates, which read the edition back.
      const cacheSize = db.pragma('cache_size', { simple: true }) as number;
      db.pragma(`cache_size = -${STREAM_CACHE_KIB}`);
      let done: StreamedWrite;
      try {
        done = reading.write(importId);
      } finally {
        db.pragma(`cache_size = ${cacheSize}`);
      }
      written = done;
      if (foreignKeys && auditsWithBrokenReferences(db, importId) > 0) throw new GiveUpStream('broken reference');
      // A file without any observation is left to the one-thread import (« unchanged »).
      if (!hasChanges(done.counts)) throw new GiveUpStream('nothing to write');
      db.prepare('UPDATE import SET edition = ?, rows_read = ?, counts_json = ? WHERE id = ?')
        .run(done.editions.length === 1 ? done.editions[0] : edition, done.rowsRead, JSON.stringify(done.counts), importId);
      progress({ file: fileName, fileIndex, phase: 'write', rowsDone: done.counts.audits.new, rowsTotal: done.counts.audits.new });
      progress({ file: fileName, fileIndex, phase: 'aggregate', rowsDone: 0, rowsTotal: 0 });
      refreshTouchedEditions(db, done.touched, new PostedEditionScores(reading.postedScores(), done.observationsByEdition));
      backupFromSnapshot(db, beforeWrite);
    })();
    committed = true;
  } catch (error) {
    if (!(error instanceof GiveUpStream)) throw error;
    streamOutcomes.givenUp.push(error.message);
    return null;
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
    if (foldsJournal) db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
    reading.stop();
    if (committed && foldsJournal && !foldJournalOnThread(db, hooks.onJournalFolded, hooks.readingThread)) db.pragma('wal_checkpoint(PASSIVE)');
  }
  streamOutcomes.streamed++;
  const result = written as StreamedWrite | null;
  if (!result) return null;
  Object.assign(report, result.counts, emptyChangeSummary());
  report.editions = result.editions;
  report.importId = importId;
  report.status = 'imported';
  finish(report, new ProblemSink(fileName), result.rowsRead, 0);
  progress({ file: fileName, fileIndex, phase: 'done', rowsDone: result.rowsRead, rowsTotal: result.rowsRead });
  return report;
}

/** The page cache while a streamed import writes (KiB). */
const STREAM_CACHE_KIB = 8192;

/** Audits of an import whose structure, channel or edition is missing (what the foreign keys would refuse). */
function auditsWithBrokenReferences(db: Db, importId: number): number {
  return db.prepare(`SELECT COUNT(*) FROM audit a WHERE a.import_id = ? AND (NOT EXISTS (SELECT 1 FROM structure s WHERE s.code = a.structure_code)
    OR NOT EXISTS (SELECT 1 FROM channel c WHERE c.code = a.channel) OR NOT EXISTS (SELECT 1 FROM edition e WHERE e.year = a.edition))`).pluck().get(importId) as number;
}

/**
 * The automatic backup, taken from a second connection: it reads the workspace as committed before
 * this transaction. Opened with the default better-sqlite3 binary: the streamed path runs only
 * where a reading-thread entry exists (sources under Node, the CLI / browser-mode bundle), never in
 * Electron, whose own binary would be needed.
 */
function backupFromSnapshot(db: Db, beforeWrite: (source?: Db) => void): void {
  const snapshot = new Database(db.name, { readonly: true, fileMustExist: true });
  try {
    beforeWrite(snapshot);
  } finally {
    snapshot.close();
  }
}

/** The editions each structure has audits in, as the incremental refresh's scope. */
function editionsOfStructures(db: Db, codes: ReadonlySet<string>): Map<number, Set<string>> {
  const touched = new Map<number, Set<string>>();
  if (codes.size === 0) return touched;
  const rows = db.prepare('SELECT DISTINCT edition, structure_code FROM audit WHERE structure_code IN (SELECT value FROM json_each(?))').raw(true).all(JSON.stringify([...codes])) as Array<[number, string]>;
  for (const [edition, code] of rows) touched.set(edition, (touched.get(edition) ?? new Set<string>()).add(code));
  return touched;
}

function finish(report: ImportFileReport, sink: ProblemSink, rowsRead: number, rowsRejected: number): ImportFileReport {
  report.problems = sink.problems.slice(0, REPORTED_PROBLEMS);
  report.problemCount = sink.count;
  report.rowsRead = rowsRead;
  report.rowsRejected = rowsRejected;
  return report;
}

/** Rows of an audit that was rejected anywhere are dropped whole in the wide layout already; here only audits left empty go. */
function dropRejected(parsed: ParsedResults): ParsedResults {
  return { ...parsed, audits: parsed.audits.filter((a) => a.items.length > 0) };
}

/** A structure the workspace does not know must come with a recognised category. */
function checkNewStructures(db: Db, parsed: ParsedResults, detection: Detection, sink: ProblemSink): void {
  const known = db.prepare('SELECT 1 FROM structure WHERE code = ?').pluck();
  const refused = new Set<string>();
  for (const seen of parsed.structures.values()) {
    if (seen.category && seen.sector) continue;
    if (known.get(seen.code) !== undefined) continue;
    refused.add(seen.code);
    const column = detection.assignment.fields.category ?? detection.assignment.fields.structureCode;
    sink.add({
      sheet: detection.sheet, row: seen.row, column: column === undefined ? null : detection.columns.find((c) => c.index === column)?.letter ?? null,
      value: seen.code, code: 'UNKNOWN_STRUCTURE',
      message: `la structure ${seen.code} est inconnue de l'espace de travail et sa catégorie n'est pas reconnue : importez d'abord le fichier des structures ou ajoutez une colonne Catégorie`,
    });
  }
  if (refused.size === 0) return;
  parsed.audits = parsed.audits.filter((audit) => {
    if (!refused.has(audit.structureCode)) return true;
    for (const row of audit.obsRow) parsed.rejectedRows.add(row);
    parsed.rejectedRows.add(audit.row);
    return false;
  });
}
