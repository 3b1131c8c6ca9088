/**
 * Writing an API answer without building it as one giant string. `JSON.stringify` of a large
 * result, then its conversion to a Buffer, then the socket's copy, held three copies of a
 * several-MB answer per call; here the answer is serialised element by element into chunks of
 * about 64 KB (one copy, counted as it grows and abandoned as soon as it passes the cap), then
 * written chunk by chunk, waiting for the socket to drain, each chunk released once sent.
 */
import type { ServerResponse } from 'node:http';

/** Answers above this are refused (413) rather than built: the caller should narrow the request. */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

const CHUNK_CHARS = 64 * 1024;

/** Nesting levels walked piece by piece (envelope → result → its elements or properties, each stringified whole: one native call per row keeps it as fast as JSON.stringify). */
const WALK_DEPTH = 2;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The JSON text of `value` in pieces, identical once joined to `JSON.stringify(value)`. */
function* pieces(value: unknown, depth: number): Generator<string> {
  if (depth > 0 && Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) yield ',';
      const element: unknown = value[i];
      // JSON.stringify writes null for what it cannot represent inside an array.
      if (element === undefined || typeof element === 'function' || typeof element === 'symbol') yield 'null';
      else yield* pieces(element, depth - 1);
    }
    yield ']';
    return;
  }
  if (depth > 0 && value !== null && typeof value === 'object' && isPlainObject(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    yield '{';
    let first = true;
    for (const [key, property] of Object.entries(value)) {
      if (property === undefined || typeof property === 'function' || typeof property === 'symbol') continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* pieces(property, depth - 1);
    }
    yield '}';
    return;
  }
  yield JSON.stringify(value) ?? 'null';
}

export interface SerializedAnswer {
  chunks: string[];
  bytes: number;
}

/** The answer in chunks, or null as soon as it passes `maxBytes` (nothing larger is ever held). */
export function serializeBounded(value: unknown, maxBytes: number = MAX_ANSWER_BYTES): SerializedAnswer | null {
  const chunks: string[] = [];
  let current = '';
  let bytes = 0;
  for (const piece of pieces(value, WALK_DEPTH)) {
    bytes += Buffer.byteLength(piece, 'utf8');
    if (bytes > maxBytes) return null;
    current += piece;
    if (current.length >= CHUNK_CHARS) {
      chunks.push(current);
      current = '';
    }
  }
  if (current) chunks.push(current);
  return { chunks, bytes };
}

/** Writes the chunks, respecting back-pressure; resolves when all are handed to the socket (or it closed). */
export async function writeChunks(res: ServerResponse, answer: SerializedAnswer): Promise<void> {
  const { chunks } = answer;
  while (chunks.length > 0) {
    if (res.destroyed) return;
    const chunk = chunks.shift()!;
    if (!res.write(chunk, 'utf8')) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}
