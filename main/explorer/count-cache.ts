/**
 * Row counts of filtered views and other derived values (page indexes), cached per connection
 * until the data changes: ag-grid asks for the total with every block, and a COUNT over 1.7M
 * observations is the slowest part of a page. `data_version` moves when another connection (an
 * import worker) commits; `total_changes()` when this one writes.
 */
import type { Db } from '../db/connection.js';
import type { ExplorerFilters } from '../../shared/api-types.js';

function dataVersion(db: Db): string {
  return `${String(db.pragma('data_version', { simple: true }))}:${String(db.prepare('SELECT total_changes()').pluck().get())}`;
}

/** Values per connection and key, dropped when the data changes; the oldest goes past `capacity`. */
class VersionedCache {
  private readonly caches = new WeakMap<Db, { version: string; values: Map<string, unknown> }>();

  constructor(private readonly capacity: number) {}

  get<T>(db: Db, key: string, compute: () => T): T {
    const version = dataVersion(db);
    let cache = this.caches.get(db);
    if (!cache || cache.version !== version) {
      cache = { version, values: new Map() };
      this.caches.set(db, cache);
    }
    if (cache.values.has(key)) return cache.values.get(key) as T;
    const value = compute();
    if (cache.values.size >= this.capacity) cache.values.delete(cache.values.keys().next().value as string);
    cache.values.set(key, value);
    return value;
  }
}

const counts = new VersionedCache(200);
/** Larger derived values (page indexes): few are kept. */
const values = new VersionedCache(8);

export function cachedCount(db: Db, key: string, count: () => number): number {
  return counts.get(db, key, count);
}

export function cachedValue<T>(db: Db, key: string, compute: () => T): T {
  return values.get(db, key, compute);
}

/**
 * The cache key of a filter set: keys sorted, unset and empty values left out, so the same view
 * asked by the grid (whatever order its filters were set in) and by the warm-up shares one entry.
 */
export function filtersKey(filters: ExplorerFilters): string {
  const entries = Object.entries(filters).filter(([, value]) => value !== undefined && value !== null && value !== '');
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

