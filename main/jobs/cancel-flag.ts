/** A cancellation flag shared between threads: the parent sets it, the worker polls it synchronously. */
import type { CancelToken } from './types.js';

export function createCancelBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

export function requestCancel(buffer: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(buffer), 0, 1);
}

export function cancelToken(buffer: SharedArrayBuffer): CancelToken {
  const flag = new Int32Array(buffer);
  return {
    get cancelled(): boolean {
      return Atomics.load(flag, 0) === 1;
    },
  };
}
