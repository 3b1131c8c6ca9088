/**
 * Row counts of filtered views, cached per connection until the data changes: ag-grid asks for the
 * total with every block, and a COUNT over 1.7M observations is the slowest part of a page.
 * `data_version` moves when another connection (an import worker) commits; `total_changes()` when
 * this one writes.
 */
import type { Db } from '../db/connection.js';

const caches = new WeakMap<Db, { version: string; counts: Map<string, number> }>();
const MAX_ENTRIES = 200;

export function cachedCount(db: Db, key: string, count: () => number): number {
  const version = `${String(db.pragma('data_version', { simple: true }))}:${String(db.prepare('SELECT total_changes()').pluck().get())}`;
  let cache = caches.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, counts: new Map() };
    caches.set(db, cache);
  }
  const hit = cache.counts.get(key);
  if (hit !== undefined) return hit;
  const value = count();
  if (cache.counts.size >= MAX_ENTRIES) cache.counts.clear();
  cache.counts.set(key, value);
  return value;
}

const valueCaches = new WeakMap<Db, { version: string; values: Map<string, unknown> }>();
/** Larger derived values (page indexes): few are kept. */
const MAX_VALUES = 8;

export function cachedValue<T>(db: Db, key: string, compute: () => T): T {
  const version = `${String(db.pragma('data_version', { simple: true }))}:${String(db.prepare('SELECT total_changes()').pluck().get())}`;
  let cache = valueCaches.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, values: new Map() };
    valueCaches.set(db, cache);
  }
  if (cache.values.has(key)) return cache.values.get(key) as T;
  const value = compute();
  if (cache.values.size >= MAX_VALUES) cache.values.delete(cache.values.keys().next().value as string);
  cache.values.set(key, value);
  return value;
}
