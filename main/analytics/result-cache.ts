/**
 * Answers of the analysis screens (and the workspace summary every page load asks for first) kept
 * per connection until the workspace's data changes: the same question (method, edition, input)
 * asked again by another screen, a refetch or a second window is answered from memory instead of
 * re-reading and re-shaping thousands of cached scores.
 *
 * When the data changes — the version of a connection: `PRAGMA data_version` moves when ANOTHER
 * connection commits (an import worker, the CLI on the same file), and `total_changes()` when this
 * one writes anything (import, undo, correction, entry, disclosure setting, an aggregate computed on
 * first read). Every writer is covered without having to remember to bump a counter; a write
 * anywhere drops every answer (the cheap, always-correct choice: writes are rare, reads many).
 *
 * Never cached: an answer computed inside an open transaction (it may see rows that are rolled
 * back: a dry-run import), nor one during which another connection committed (it may mix two
 * states). Answers are shared between callers: they must be treated as read-only (the transports
 * only serialise them).
 */
import type { Db } from '../db/connection.js';

/** Total "weight" kept per connection (array answers weigh their length, others 1). */
const DEFAULT_CAPACITY = 250_000;

interface Entry {
  value: unknown;
  weight: number;
}

interface ConnectionCache {
  /** `data_version:total_changes()` the entries were computed at. */
  version: string;
  entries: Map<string, Entry>;
  weight: number;
}

export interface ResultCacheStats {
  hits: number;
  misses: number;
}

function versionOf(db: Db): { data: number; version: string } {
  const data = db.pragma('data_version', { simple: true }) as number;
  const changes = db.prepare('SELECT total_changes()').pluck().get() as number;
  return { data, version: `${data}:${changes}` };
}

function weightOf(value: unknown): number {
  if (Array.isArray(value)) return Math.max(1, value.length);
  return 1;
}

export class ResultCache {
  private readonly caches = new WeakMap<Db, ConnectionCache>();
  readonly stats: ResultCacheStats = { hits: 0, misses: 0 };

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The answer to `key` on `db`'s current data: from memory, or `compute()`d and kept. */
  get<T>(db: Db, key: string, compute: () => T): T {
    if (db.inTransaction) return compute();
    const before = versionOf(db);
    let cache = this.caches.get(db);
    if (cache && cache.version !== before.version) cache = undefined;
    const hit = cache?.entries.get(key);
    if (cache && hit) {
      // Most recently used last: the first entry is the one evicted.
      cache.entries.delete(key);
      cache.entries.set(key, hit);
      this.stats.hits += 1;
      return hit.value as T;
    }
    this.stats.misses += 1;
    const value = compute();
    // Computing may itself write (aggregates of an edition computed on first read): the answer is
    // that of the data after those writes, so it is kept under the version read afterwards.
    const after = versionOf(db);
    if (after.data !== before.data || db.inTransaction) return value;
    if (!cache || cache.version !== after.version) {
      cache = { version: after.version, entries: new Map(), weight: 0 };
      this.caches.set(db, cache);
    }
    const weight = weightOf(value);
    if (weight > this.capacity) return value;
    cache.entries.set(key, { value, weight });
    cache.weight += weight;
    while (cache.weight > this.capacity) {
      const oldest = cache.entries.keys().next().value as string;
      cache.weight -= (cache.entries.get(oldest) as Entry).weight;
      cache.entries.delete(oldest);
    }
    return value;
  }

  /** Forgets every answer of `db` (tests; a restored or reopened workspace is another connection anyway). */
  clear(db: Db): void {
    this.caches.delete(db);
  }
}

/** The one cache of the analysis API (main/api/handlers/analytics.ts). */
export const analysisResults = new ResultCache();

/** The cache key of a method's input: the method, the language it answers in, the input's JSON. */
export function resultKey(method: string, lang: string, input: unknown): string {
  return `${method}\u0000${lang}\u0000${JSON.stringify(input ?? null)}`;
}
