/** App state and settings: `app.info`, `app.setLanguage`, `settings.get/set`. */
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ApiInput } from '../../../../shared/contract.js';
import type { Lang } from '../../../../shared/domain.js';
import { invoke } from '../client.js';
import { prefetchApiQuery, setApiQueryData, useApiQuery } from '../query.js';

/** Any JSON value a setting can hold. */
export type JsonValue = ApiInput<'settings.set'>['value'];

/** Turns any serialisable value into plain JSON (drops `undefined`, functions, class identity). */
export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

export function prefetchAppInfo(client: QueryClient): void {
  prefetchApiQuery(client, 'app.info', {}, Infinity);
}

export function useAppInfo() {
  return useApiQuery('app.info', {}, { staleTime: Infinity });
}

export function useSetLanguage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (lang: Lang) => invoke('app.setLanguage', { lang }),
    onSuccess: (info) => setApiQueryData(client, 'app.info', {}, info),
  });
}

/** One workspace setting (`null` when unset). */
export function useSetting(key: string, enabled = true) {
  return useApiQuery('settings.get', { key }, { staleTime: Infinity, enabled });
}

export function prefetchSetting(client: QueryClient, key: string): void {
  prefetchApiQuery(client, 'settings.get', { key }, Infinity);
}

/** Reads a setting outside React (e.g. when a grid becomes ready). */
export async function readSetting(key: string): Promise<unknown> {
  return (await invoke('settings.get', { key })).value;
}

/**
 * Writes a setting without waiting for anything to refresh (grid column state, last edition…);
 * given the query client, the cached copy follows at once, so a view opened again reads the new value.
 */
export async function writeSetting(key: string, value: unknown, client?: QueryClient): Promise<void> {
  const json = toJson(value);
  if (client) setApiQueryData(client, 'settings.get', { key }, { key, value: json });
  await invoke('settings.set', { key, value: json });
}

export function useSaveSetting() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, value }: { key: string; value: unknown }) => invoke('settings.set', { key, value: toJson(value) }),
    onSuccess: (entry) => setApiQueryData(client, 'settings.get', { key: entry.key }, entry),
  });
}
