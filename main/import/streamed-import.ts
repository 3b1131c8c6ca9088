/**
 * The streamed import of a large results file: a second thread reads and validates the file
 * (parse-worker.ts) while this one writes the audits and observations it posts, inside the file's
 * one transaction, so that reading and writing overlap on two cores instead of following each
 * other (national wide file: reading + validation ~2 s, writing ~3 s).
 *
 * It covers the national case only: a clean file whose audits are all new to the workspace, of
 * structures the workspace knows. At the first sign of anything else (a problem in the file, an
 * audit the workspace has, an unknown structure, an audit whose rows are not contiguous, an item
 * twice in an audit, an error of the reading thread) it gives up: the transaction rolls back and
 * the caller imports the file on its own thread as before, which reports problems, conflicts and
 * changes exactly as it always has. What a streamed import writes is what `applyResults` writes
 * for new audits (audits, observations, provenance, comment index, counts, touched structures).
 * Once the file is read, the reading thread also computes the new edition's scores from what it
 * sent (`postedScores`), which the refresh uses if they are this workspace's (edition-scores.ts).
 */
import fs from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { nativeBindingOf, type Db } from '../db/connection.js';
import { scriptNextTo } from '../threads/worker-script.js';
import { AppError } from '../../shared/errors.js';
import type { Detection } from './detect.js';
import type { CancelToken, ReaderLimits } from './readers/types.js';
import { emptyCounts, newObservationWriter, touchStructure, type ApplyCounts } from './apply.js';
import type { PostedEdition } from '../analytics/edition-scores.js';
import type { ChunkColumns, JournalFolded, ObservationChunk, ParseWorkerData, ParseWorkerJob, ParseWorkerMessage, StreamedAudit } from './streamed-chunks.js';

/** Below this many cells (rows × item columns, or rows in the long layout) one thread is faster: starting the reading thread costs ~0.3 s from sources. */
export const STREAM_MIN_CELLS = 200_000;

/** A reading thread silent this long is taken for dead: the stream is given up. */
const STALL_MS = 30_000;

/** Thrown inside the transaction to roll it back and import on one thread instead. */
export class GiveUpStream extends Error {}

/** What the streamed imports of this process did: the tests check a file really was streamed, or why not. */
export const streamOutcomes = { streamed: 0, givenUp: [] as string[] };

/**
 * The reading thread's script next to `base` (this module's own URL, or the bundle's it was built
 * into): the tsx bootstrap beside the sources, the ESM entry of the CLI / browser-mode bundle
 * (dist/cli), or the CommonJS entry of the Electron bundle (dist/electron, scripts/build-main.js).
 * Null where there is none: large files are then imported on one thread.
 */
export function readingThreadEntry(base: string = import.meta.url): URL | null {
  return scriptNextTo(base, ['./parse-worker-bootstrap.mjs', './parse-worker.cjs']);
}

export type ThreadsChoice = 'auto' | 'always' | 'never';

/** Whether this results file is imported on two threads. */
export function shouldStream(db: Db, detection: Detection, estimatedRows: number, choice: ThreadsChoice = 'auto', entry: URL | null = readingThreadEntry()): boolean {
  if (choice === 'never' || detection.kind !== 'results') return false;
  // A preview (or any caller's transaction) must see the worker's snapshot equal to its own.
  if (db.inTransaction || db.memory || !db.name) return false;
  if (entry === null) return false;
  if (choice === 'always') return true;
  const cells = detection.layout === 'wide' ? estimatedRows * Math.max(1, detection.assignment.items.size) : estimatedRows;
  return cells >= STREAM_MIN_CELLS;
}

export interface StreamedWrite {
  counts: ApplyCounts;
  rowsRead: number;
  editions: number[];
  touched: Map<number, Set<string>>;
  /** Observations written per edition: the reading thread's scores stand only for as many (edition-scores.ts). */
  observationsByEdition: Map<number, number>;
}

export interface ReadingThread {
  /** Receives the posts and writes them; throws GiveUpStream to fall back. Runs inside the caller's transaction. */
  write(importId: number): StreamedWrite;
  /**
   * After `write`: the scores the thread computed from what it sent, for the refresh (empty when
   * it could not: the refresh then counts the edition itself).
   */
  postedScores(): PostedEdition[];
  stop(): void;
}

/**
 * A reading thread started ahead of its file: loading its modules (~0.3 s from sources) overlaps
 * the hashing, opening and detection of the files. It waits for its file on its port.
 */
export interface SpareThread {
  worker: Worker;
  port: MessagePort;
  signal: SharedArrayBuffer;
  /** Ends the thread if no file took it. */
  stop(): void;
}

function spawnThread(entry: URL, fold?: ParseWorkerData['fold']): SpareThread {
  const signal = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(entry, { workerData: { signal, port: port2, ...(fold ? { fold } : {}) } satisfies ParseWorkerData, transferList: [port2] });
  worker.unref();
  // An uncaught error of the thread is reported by its own message; never crash the process.
  worker.on('error', () => {});
  return { worker, port: port1, signal, stop: () => { port1.close(); void worker.terminate(); } };
}

/** Starts a reading thread now when one of these files is large enough to be streamed (by its size on disk). */
export function spareThreadFor(db: Db, files: readonly string[], choice: ThreadsChoice = 'auto', entry: URL | null = readingThreadEntry()): SpareThread | null {
  if (choice === 'never' || db.inTransaction || db.memory || !db.name || entry === null) return null;
  const large = choice === 'always' || files.some((file) => {
    try {
      return fs.statSync(file).size >= SPARE_THREAD_MIN_BYTES;
    } catch {
      return false;
    }
  });
  return large ? spawnThread(entry) : null;
}

/**
 * After a streamed import has committed: a short-lived thread, started from the reading thread's
 * script, folds the journal into the workspace while this one goes on (parse-worker.ts
 * `foldJournal`). Not the reading thread itself: kept alive, it would hold the inflated worksheet
 * (~130 MB) until its next collection. False when there is no script to start (the caller then
 * folds it on its own thread, as its automatic checkpoint would have).
 */
export function foldJournalOnThread(db: Db, onFolded?: (folded: JournalFolded) => void, entry: URL | null = readingThreadEntry()): boolean {
  if (entry === null) return false;
  const nativeBinding = nativeBindingOf(db);
  const thread = spawnThread(entry, { workspacePath: db.name, ...(nativeBinding ? { nativeBinding } : {}) });
  // Held until done, so that a process ending now (the command line after its import) waits for
  // it: a thread stopped in the middle of SQLite can bring the whole process down. Its answer
  // comes just before it closes its end of the port, which closes this one (as its death would).
  thread.worker.ref();
  thread.port.on('message', (answer: JournalFolded) => {
    thread.port.close();
    onFolded?.(answer);
  });
  return true;
}

/** A file this large may be streamed: its reading thread is started before the files are opened. */
const SPARE_THREAD_MIN_BYTES = 1 << 20;

/** Starts reading `file` on `spare` (or on a new thread); `write` then consumes what it posts. */
export function startReadingThread(db: Db, file: string, fileName: string, detection: Detection, edition: number | null,
  options: { readerLimits?: Partial<ReaderLimits> | undefined; cancel?: CancelToken | undefined; onRows?: (done: number, total: number) => void; spare?: SpareThread | null; sheetXml?: Buffer | null; entry?: URL | null }): ReadingThread {
  const entry = options.entry ?? readingThreadEntry();
  if (!options.spare && !entry) throw new GiveUpStream('no reading thread');
  const thread = options.spare ?? spawnThread(entry as URL);
  const signal = new Int32Array(thread.signal);
  const port1 = thread.port;
  // The thread opens its own connection with the same better-sqlite3 binary (Electron's own build).
  const nativeBinding = nativeBindingOf(db);
  const job: ParseWorkerJob = {
    file, fileName, workspacePath: db.name, detection, edition,
    ...(options.readerLimits ? { readerLimits: options.readerLimits } : {}),
    ...(nativeBinding ? { nativeBinding } : {}),
  };
  // The inflated worksheet moves to the reading thread (no copy) when it owns its memory (larger
  // than Buffer's shared pool: zlib's output, which may have a spare byte at its end).
  const xml = options.sheetXml;
  const movable = xml && xml.byteOffset === 0 && xml.length > Buffer.poolSize && xml.buffer instanceof ArrayBuffer;
  if (movable) job.sheetXml = { sheet: detection.sheet, buffer: xml.buffer as ArrayBuffer, length: xml.length };
  port1.postMessage(job, movable ? [xml.buffer as ArrayBuffer] : []);
  let stopped = false;

  const next = (): ParseWorkerMessage => {
    let waited = 0;
    for (;;) {
      if (options.cancel?.cancelled) throw AppError.keyed('CANCELLED', 'import.cancelled');
      const seen = Atomics.load(signal, 0);
      const received = receiveMessageOnPort(port1);
      if (received) return received.message as ParseWorkerMessage;
      if (Atomics.wait(signal, 0, seen, 250) === 'timed-out') {
        waited += 250;
        if (waited >= STALL_MS) throw new GiveUpStream('reading thread silent');
      }
    }
  };

  return {
    write(importId) {
      const giveBack = (chunk: ObservationChunk): void => {
        const { audit, item, compliant, measure, raw, row } = chunk;
        if (!stopped) port1.postMessage({ audit, item, compliant, measure, raw, row } satisfies ChunkColumns, [audit.buffer, item.buffer, compliant.buffer, measure.buffer, raw.buffer, row.buffer] as ArrayBuffer[]);
      };
      return writeStream(db, importId, next, giveBack, options.onRows);
    },
    postedScores() {
      if (stopped) return [];
      try {
        for (;;) {
          const message = next();
          if (message.type === 'scores') return message.editions;
          if (message.type !== 'chunk') return [];
        }
      } catch (error) {
        if (error instanceof GiveUpStream) return [];
        throw error;
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      thread.stop();
    },
  };
}

interface WrittenAudit {
  audit: StreamedAudit;
  id: number;
}

function writeStream(db: Db, importId: number, next: () => ParseWorkerMessage, giveBack: (chunk: ObservationChunk) => void, onRows?: (done: number, total: number) => void): StreamedWrite {
  const counts = emptyCounts();
  const touched = new Map<number, Set<string>>();
  const knownStructures = new Set(db.prepare('SELECT code FROM structure').pluck().all() as string[]);
  const usedStructures = new Set<string>();
  const insertEdition = db.prepare('INSERT OR IGNORE INTO edition(year) VALUES (?)');
  const auditExists = db.prepare('SELECT 1 FROM audit WHERE edition = ? AND reference = ?').pluck();
  const editionHasAudits = db.prepare('SELECT 1 FROM audit WHERE edition = ? LIMIT 1').pluck();
  /** Per edition: whether it had audits before this import (then each audit is looked up). */
  const editions = new Map<number, boolean>();
  const writer = newObservationWriter(db, importId);
  const observationsByEdition = new Map<number, number>();
  // Counted per audit rather than per observation (a map lookup each: ~2 million of them).
  let countedEdition = 0;
  let counted = 0;
  const closeCount = (): void => {
    if (counted > 0) observationsByEdition.set(countedEdition, (observationsByEdition.get(countedEdition) ?? 0) + counted);
    counted = 0;
  };
  const strings: string[] = [];
  const audits: Array<WrittenAudit | undefined> = [];
  let current = -1;
  const seenReferences = new Set<string>();

  const openAudit = (audit: StreamedAudit): number => {
    let hadAudits = editions.get(audit.edition);
    if (hadAudits === undefined) {
      hadAudits = editionHasAudits.get(audit.edition) !== undefined;
      editions.set(audit.edition, hadAudits);
      insertEdition.run(audit.edition);
    }
    if (!knownStructures.has(audit.structureCode)) throw new GiveUpStream('unknown structure');
    const key = `${audit.edition}\u0000${audit.reference}`;
    if (seenReferences.has(key) || (hadAudits && auditExists.get(audit.edition, audit.reference) !== undefined)) throw new GiveUpStream('audit already there');
    seenReferences.add(key);
    usedStructures.add(audit.structureCode);
    counts.audits.new++;
    touchStructure(touched, audit.edition, audit.structureCode);
    return writer.audit(audit);
  };

  const writeChunk = (chunk: ObservationChunk): void => {
    for (const text of chunk.strings) strings.push(text);
    for (const audit of chunk.audits) audits[audit.ordinal] = { audit, id: -1 };
    const comments = new Map(chunk.comments);
    for (let i = 0; i < chunk.count; i++) {
      const ordinal = chunk.audit[i]!;
      const written = audits[ordinal]!;
      if (ordinal !== current) {
        // An audit's observations arrive together, as applyResults writes them (provenance row included).
        if (written.id !== -1) throw new GiveUpStream('audit rows not contiguous');
        written.id = openAudit(written.audit);
        current = ordinal;
        closeCount();
        countedEdition = written.audit.edition;
      }
      const compliant = chunk.compliant[i]!;
      const measure = chunk.measure[i]!;
      const raw = chunk.raw[i]!;
      writer.observation(written.id, strings[chunk.item[i]!]!, compliant === 2 ? null : (compliant as 0 | 1), Number.isNaN(measure) ? null : measure,
        raw === -1 ? null : strings[raw]!, comments.get(i) ?? null, chunk.row[i]!);
      counts.observations.new++;
      counted++;
    }
  };

  try {
    for (;;) {
      const message = next();
      if (message.type === 'error') throw new GiveUpStream(message.message);
      if (message.type === 'scores') throw new GiveUpStream('scores before the end');
      if (message.problems > 0) throw new GiveUpStream('problems in the file');
      if (message.type === 'done') {
        if (message.rowsRead === 0) throw new GiveUpStream('empty sheet');
        // Every edition the file names, as applyResults records them (an edition whose rows carry no answer included).
        for (const edition of message.editions) insertEdition.run(edition);
        writer.flush();
        closeCount();
        counts.structures.unchanged = usedStructures.size;
        return { counts, rowsRead: message.rowsRead, editions: [...message.editions].sort(), touched, observationsByEdition };
      }
      writeChunk(message);
      giveBack(message);
      if (message.rowsDone >= 0) onRows?.(message.rowsDone, message.rowsTotal);
    }
  } catch (error) {
    // An item twice in an audit: the one-thread import collapses or refuses it, with its message.
    if (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw new GiveUpStream('constraint');
    throw error;
  }
}
