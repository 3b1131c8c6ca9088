/**
 * Body of the thread that reads and validates a results file while the import's own thread writes
 * it (streamed-import.ts): opens the file and its own read-only connection on the workspace (the
 * items in force, committed before this file's transaction began), runs the same `parseResults`
 * as the one-thread import, and posts the observations row by row in compact chunks (typed arrays
 * and a string table: structured-cloning 1.7 million small objects would cost the main thread
 * what the thread saves). After each post it bumps a shared counter the main thread waits on
 * (Atomics), since that thread is inside a synchronous transaction and cannot run an event loop.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { openWorkbook } from './readers/open-workbook.js';
import { parseResults, type AuditDraft } from './parse-results.js';
import { ProblemSink } from './problems.js';
import { WrittenEditionSums } from '../analytics/written-sums.js';
import { transferablesOf, type PostedEdition } from '../analytics/edition-scores.js';
import { CHUNK_OBSERVATIONS, type ChunkColumns, type JournalFolded, type ParseWorkerData, type ParseWorkerJob, type ParseWorkerMessage, type StreamedAudit } from './streamed-chunks.js';

const { port, signal: signalBuffer, fold } = workerData as ParseWorkerData;
const signal = new Int32Array(signalBuffer);

/** The first chunk's observations (see ChunkBuilder `size`). */
const FIRST_CHUNK_OBSERVATIONS = 2_048;

function post(message: ParseWorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/** Columns the writing thread returned, ready for the next chunks. */
const spareColumns: ChunkColumns[] = [];

/** Builds the chunks: each audit and each distinct text (item code, raw answer) is sent once. */
class ChunkBuilder {
  private readonly ordinals = new Map<AuditDraft, number>();
  private readonly stringIds = new Map<string, number>();
  private newStrings: string[] = [];
  private newAudits: StreamedAudit[] = [];
  private count = 0;
  private columns = this.freshColumns();
  private comments: Array<[number, string]> = [];
  /**
   * Observations in the chunk being built before it is sent: small at first, so that the writing
   * thread, idle until then, starts ~0.1 s sooner (32,768 observations are ~500 rows of a wide
   * national file), then growing to CHUNK_OBSERVATIONS.
   */
  private size = FIRST_CHUNK_OBSERVATIONS;
  /** The audit whose observations `counts` is taking (an audit is counted at its first observation, as it is written). */
  private countedOrdinal = -1;

  /** `counts`: what is sent, counted as the writing thread will write it, for the edition's scores. */
  constructor(private readonly sink: ProblemSink, private readonly counts: WrittenEditionSums) {}

  /**
   * Columns for the next chunk: the ones the writing thread sent back once written (transferred
   * both ways, so that the chunks' memory is reused instead of piling up until a collection).
   */
  private freshColumns(): ChunkColumns {
    let returned;
    while ((returned = receiveMessageOnPort(port)) !== undefined) spareColumns.push(returned.message as ChunkColumns);
    return spareColumns.pop() ?? {
      audit: new Int32Array(CHUNK_OBSERVATIONS), item: new Int32Array(CHUNK_OBSERVATIONS), compliant: new Int8Array(CHUNK_OBSERVATIONS),
      measure: new Float64Array(CHUNK_OBSERVATIONS), raw: new Int32Array(CHUNK_OBSERVATIONS), row: new Int32Array(CHUNK_OBSERVATIONS),
    };
  }

  private stringId(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.stringIds.size;
      this.stringIds.set(text, id);
      this.newStrings.push(text);
    }
    return id;
  }

  add(draft: AuditDraft, from: number): void {
    let ordinal = this.ordinals.get(draft);
    if (ordinal === undefined) {
      ordinal = this.ordinals.size;
      this.ordinals.set(draft, ordinal);
      const { edition, reference, structureCode, channel, date, time, scenario, auditor, comment, row } = draft;
      this.newAudits.push({ ordinal, edition, reference, structureCode, channel, date, time, scenario, auditor, comment, row });
    }
    if (from < draft.items.length && this.countedOrdinal !== ordinal) {
      this.counts.audit(draft.edition, draft.structureCode);
      this.countedOrdinal = ordinal;
    }
    for (let i = from; i < draft.items.length; i++) {
      const at = this.count;
      const c = this.columns;
      c.audit[at] = ordinal;
      c.item[at] = this.stringId(draft.items[i]!);
      const compliant = draft.compliant[i];
      c.compliant[at] = compliant === 1 ? 1 : compliant === 0 ? 0 : 2;
      this.counts.observation(draft.items[i]!, compliant === 1 ? 1 : compliant === 0 ? 0 : null);
      c.measure[at] = draft.measure[i] ?? Number.NaN;
      const raw = draft.raw[i];
      c.raw[at] = raw === undefined || raw === null ? -1 : this.stringId(raw);
      c.row[at] = draft.obsRow[i] ?? draft.row;
      const comment = draft.obsComment[i];
      if (comment !== null && comment !== undefined) this.comments.push([at, comment]);
      if (++this.count === this.size) this.flush();
    }
  }

  flush(rowsDone = -1, rowsTotal = -1): void {
    if (this.count === 0 && this.newAudits.length === 0 && rowsDone < 0) return;
    const c = this.columns;
    const message: ParseWorkerMessage = {
      type: 'chunk', audits: this.newAudits, strings: this.newStrings, count: this.count, ...c,
      comments: this.comments, problems: this.sink.count, rowsDone, rowsTotal,
    };
    post(message, [c.audit.buffer, c.item.buffer, c.compliant.buffer, c.measure.buffer, c.raw.buffer, c.row.buffer] as ArrayBuffer[]);
    this.size = Math.min(CHUNK_OBSERVATIONS, this.size * 4);
    this.columns = this.freshColumns();
    this.newAudits = [];
    this.newStrings = [];
    this.comments = [];
    this.count = 0;
  }
}

function releaseObservations(audit: AuditDraft): void {
  audit.items.length = 0;
  audit.compliant.length = 0;
  audit.measure.length = 0;
  audit.raw.length = 0;
  audit.obsComment.length = 0;
  audit.obsRow.length = 0;
  if (audit.obsColumn) audit.obsColumn.length = 0;
}

/**
 * Reads the file and sends its observations; returns the number of problems found. The worksheet
 * (a national file's is ~130 MB inflated) is reachable only from here, so that it can be collected
 * before the edition's scores are computed.
 */
function readAndSend(db: Database.Database, start: ParseWorkerJob, counts: WrittenEditionSums): number {
  const handed = start.sheetXml;
  delete start.sheetXml;
  const sheetXml = handed ? { sheet: handed.sheet, xml: Buffer.from(handed.buffer, 0, handed.length) } : undefined;
  const workbook = openWorkbook(start.file, { ...(start.readerLimits ? { limits: start.readerLimits } : {}), ...(sheetXml ? { sheetXml } : {}) });
  const sink = new ProblemSink(start.fileName);
  const chunks = new ChunkBuilder(sink, counts);
  const parsed = parseResults(db, workbook, start.detection, sink, start.edition, {
    // Progress rides on the next chunk; a problem is posted at once (the main thread then gives up the stream).
    onRows: (done, total) => chunks.flush(done, total),
    onRowDone: (audit, from) => {
      if (sink.count > 0) return;
      chunks.add(audit, from);
      // Sent: this thread keeps no observation (the national file's would hold ~150 MB). An
      // audit met again on a later row, or an item twice, makes the writing thread give up.
      releaseObservations(audit);
    },
  });
  chunks.flush();
  post({ type: 'done', problems: sink.count, rowsRead: parsed.rowsRead, editions: [...parsed.editions] });
  return sink.count;
}

function run(start: ParseWorkerJob): void {
  let db: Database.Database | null = null;
  try {
    db = new Database(start.workspacePath, { readonly: true, fileMustExist: true, ...(start.nativeBinding ? { nativeBinding: start.nativeBinding } : {}) });
    const counts = new WrittenEditionSums(db);
    if (readAndSend(db, start, counts) > 0) return;
    // The writing thread is still inserting what was sent (a national file: ~0.4 to 0.9 s more): the
    // edition's scores are computed here meanwhile, for its refresh (edition-scores.ts).
    let editions: PostedEdition[] = [];
    try {
      editions = counts.scoresToPost();
    } catch {
      // That thread then computes them itself, as it would without this thread.
    }
    post({ type: 'scores', editions }, editions.flatMap((e) => transferablesOf(e.scores)));
  } catch (error) {
    // The main thread gives up the stream and imports on its own thread, which meets the same
    // error and reports it as the one-thread import always has.
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    db?.close();
    port.close();
  }
}

/**
 * Folds a committed import's journal into the workspace (a passive checkpoint on this thread's own
 * connection) while the import's thread goes on: a national file leaves ~80 MB of journal, which
 * that thread's automatic checkpoint copied inside its COMMIT (~0.2 s). Passive: it never waits
 * for, nor blocks, a reader or a writer; what it cannot fold now, the next automatic checkpoint does.
 */
function foldJournal(workspacePath: string, nativeBinding: string | undefined): void {
  let db: Database.Database | null = null;
  let answer: JournalFolded;
  try {
    db = new Database(workspacePath, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    answer = { type: 'checkpointed', busy: result?.busy ?? 1, log: result?.log ?? -1, checkpointed: result?.checkpointed ?? -1 };
  } catch (error) {
    answer = { type: 'checkpointed', error: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
  port.postMessage(answer);
  port.close();
}

// Started for a checkpoint (streamed-import.ts `foldJournalOnThread`), this thread does only that.
// Otherwise it may start before its file is known (`spareThreadFor`): it waits for it.
if (fold) foldJournal(fold.workspacePath, fold.nativeBinding);
else port.once('message', (job: ParseWorkerJob) => run(job));
