/**
 * Admission control of browser mode: how many calls of each kind may run at once, and how many
 * may wait. The router's handlers compute synchronously on the one SQLite connection, so running
 * many at once gains nothing; what a flood does is pile up answers (an item-level score table of
 * a national edition is several MB of JSON) until the heap is gone. A call holds its slot until
 * its answer has left (or the client went away); callers beyond the waiting room get 503 at once,
 * and heavy calls are also refused while the heap is nearly full.
 */
import v8 from 'node:v8';

export type CallClass = 'analytics' | 'explorer' | 'exports' | 'upload' | 'other';

export interface ClassLimit {
  /** Calls of the class computing or sending their answer at once. */
  active: number;
  /** Calls waiting for a slot; beyond, refused. */
  queued: number;
}

export type AdmissionLimits = Record<CallClass, ClassLimit>;

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  analytics: { active: 2, queued: 32 },
  explorer: { active: 2, queued: 32 },
  // Single-file exports write a workbook or a PDF in the server process; batches are jobs.
  exports: { active: 1, queued: 8 },
  // Base64 JSON staging (up to 80 MB each) and streamed uploads.
  upload: { active: 2, queued: 4 },
  other: { active: 16, queued: 256 },
};

export const BUSY_MESSAGE = 'Serveur occupé : trop de requêtes en cours, réessayez dans un instant.';

/** The class of an API route (`analytics.scores`, `upload`, …). */
export function callClassOf(route: string): CallClass {
  if (route === 'upload' || route === 'imports.stage') return 'upload';
  if (route.startsWith('analytics.')) return 'analytics';
  if (route.startsWith('explorer.')) return 'explorer';
  if (route.startsWith('exports.')) return 'exports';
  return 'other';
}

/** Heavy classes are refused while the heap is above this share of its limit. */
const HEAP_REFUSAL_SHARE = 0.75;

function heapNearlyFull(): boolean {
  const stats = v8.getHeapStatistics();
  return stats.used_heap_size > stats.heap_size_limit * HEAP_REFUSAL_SHARE;
}

export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  abandoned: boolean;
}

/** A counting semaphore with a bounded waiting room. */
export class Gate {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limit: ClassLimit) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * A slot (resolves with its release function), or null at once when the waiting room is full.
   * `abandon` (the client went away while waiting) frees the place in the waiting room.
   */
  enter(onAbandon: (abandon: () => void) => void): Promise<Release> | null {
    if (this.active < this.limit.active) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.limit.queued) return null;
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, abandoned: false };
      this.waiting.push(waiter);
      onAbandon(() => {
        if (waiter.abandoned) return;
        waiter.abandoned = true;
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new Error('abandoned'));
      });
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) {
        // The slot passes straight to the next caller: `active` does not change.
        next.abandoned = true;
        next.grant(this.releaser());
      } else {
        this.active -= 1;
      }
    };
  }
}

export class Admission {
  private readonly gates: Record<CallClass, Gate>;

  constructor(limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS, private readonly heapCheck: () => boolean = heapNearlyFull) {
    this.gates = {
      analytics: new Gate(limits.analytics),
      explorer: new Gate(limits.explorer),
      exports: new Gate(limits.exports),
      upload: new Gate(limits.upload),
      other: new Gate(limits.other),
    };
  }

  gate(kind: CallClass): Gate {
    return this.gates[kind];
  }

  state(): Record<CallClass, { running: number; queued: number }> {
    const entries = Object.entries(this.gates).map(([kind, gate]) => [kind, { running: gate.running, queued: gate.queued }]);
    return Object.fromEntries(entries) as Record<CallClass, { running: number; queued: number }>;
  }

  /** See `Gate.enter`; also null for a heavy call while the heap is nearly full. */
  enter(kind: CallClass, onAbandon: (abandon: () => void) => void): Promise<Release> | null {
    if (kind !== 'other' && this.heapCheck()) return null;
    return this.gates[kind].enter(onAbandon);
  }
}
