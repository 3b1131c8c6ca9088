/** App state and settings: `app.info`, `app.setLanguage`, `settings.get/set`. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiInput } from '../../../../shared/contract.js';
import type { Lang } from '../../../../shared/domain.js';
import { invoke } from '../client.js';
import { useApiQuery } from '../query.js';

/** Any JSON value a setting can hold. */
export type JsonValue = ApiInput<'settings.set'>['value'];

/** Turns any serialisable value into plain JSON (drops `undefined`, functions, class identity). */
export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

export const appKeys = {
  all: ['app'] as const,
  info: () => [...appKeys.all, 'info'] as const,
};

export const settingsKeys = {
  all: ['settings'] as const,
  one: (key: string) => [...settingsKeys.all, key] as const,
};

export function useAppInfo() {
  return useApiQuery(appKeys.info(), 'app.info', {}, { staleTime: Infinity });
}

export function useSetLanguage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (lang: Lang) => invoke('app.setLanguage', { lang }),
    onSuccess: (info) => client.setQueryData(appKeys.info(), info),
  });
}

/** One workspace setting (`null` when unset). */
export function useSetting(key: string, enabled = true) {
  return useApiQuery(settingsKeys.one(key), 'settings.get', { key }, { staleTime: Infinity, enabled });
}

/** Reads a setting outside React (e.g. when a grid becomes ready). */
export async function readSetting(key: string): Promise<unknown> {
  return (await invoke('settings.get', { key })).value;
}

/** Writes a setting without waiting for anything to refresh (grid column state, last edition…). */
export async function writeSetting(key: string, value: unknown): Promise<void> {
  await invoke('settings.set', { key, value: toJson(value) });
}

export function useSaveSetting() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, value }: { key: string; value: unknown }) => invoke('settings.set', { key, value: toJson(value) }),
    onSuccess: (entry) => client.setQueryData(settingsKeys.one(entry.key), entry),
  });
}
