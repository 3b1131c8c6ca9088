/**
 * What the reading thread (parse-worker.ts) and the writing thread (streamed-import.ts) of a
 * streamed import exchange. Observations travel as columns of typed arrays (transferred, not
 * copied) plus a string table sent incrementally: each item code and raw answer once per file.
 */
import type { MessagePort } from 'node:worker_threads';
import type { AuditFields } from './parse-results.js';
import type { Detection } from './detect.js';
import type { ReaderLimits } from './readers/types.js';
import type { PostedEdition } from '../analytics/edition-scores.js';

/** Observations per chunk: large enough that messages stay few, small enough to overlap early. */
export const CHUNK_OBSERVATIONS = 32_768;

/** The thread's start: its channel to the writing thread. The file comes later, as a `ParseWorkerJob` on the port. */
export interface ParseWorkerData {
  /** Int32 counter bumped after every message, which the writing thread waits on. */
  signal: SharedArrayBuffer;
  port: MessagePort;
  /** Set for a thread started only to fold a committed import's journal into this workspace. */
  fold?: { workspacePath: string; nativeBinding?: string };
}

/** The file to read, posted once on the port. */
export interface ParseWorkerJob {
  file: string;
  fileName: string;
  workspacePath: string;
  detection: Detection;
  edition: number | null;
  readerLimits?: Partial<ReaderLimits>;
  /** The better-sqlite3 binary the writing thread's connection uses, when not the default one (Electron). */
  nativeBinding?: string;
  /** The worksheet the writing thread inflated for the detection, transferred rather than inflated again. */
  sheetXml?: { sheet: string; buffer: ArrayBuffer; length: number };
}

/** An audit as the file gives it, sent with its first observations; `ordinal` numbers it in the stream. */
export interface StreamedAudit extends AuditFields {
  ordinal: number;
}

/**
 * Per observation: audit ordinal, item code id, 1 / 0 / 2 (not applicable), measure (NaN: none),
 * raw text id (-1: none), file row. CHUNK_OBSERVATIONS long; the first `count` are the chunk's.
 * The writing thread sends them back once written, for the next chunks.
 */
export interface ChunkColumns {
  audit: Int32Array;
  item: Int32Array;
  compliant: Int8Array;
  measure: Float64Array;
  raw: Int32Array;
  row: Int32Array;
}

export interface ObservationChunk extends ChunkColumns {
  type: 'chunk';
  /** Audits first seen in this chunk. */
  audits: StreamedAudit[];
  /** Texts appended to the string table (ids continue from the previous chunks'). */
  strings: string[];
  count: number;
  /** [index in this chunk, comment] of the observations that have one. */
  comments: Array<[number, string]>;
  /** Problems found so far: any one makes the writing thread give up the stream. */
  problems: number;
  /** Progress of the reading (-1 when the chunk is not a progress point). */
  rowsDone: number;
  rowsTotal: number;
}

/** What a folding thread answers: SQLite's counts of frames, or why it could not. */
export type JournalFolded =
  | { type: 'checkpointed'; busy: number; log: number; checkpointed: number }
  | { type: 'checkpointed'; error: string };

export type ParseWorkerMessage =
  | ObservationChunk
  | { type: 'done'; problems: number; rowsRead: number; editions: number[] }
  /** After `done`: the scores of the editions whose counts stand for their observations (edition-scores.ts). */
  | { type: 'scores'; editions: PostedEdition[] }
  | { type: 'error'; message: string };
