/**
 * TanStack Query glue: the app's QueryClient, and the one way a view reads the API: `useApiQuery`
 * (a typed `useQuery` over one method) and `prefetchApiQuery`. A query's cache key is always
 * `[method, input]` (`apiQueryKey`): the same call has the same key wherever it is made, so a
 * prefetch, a hook and a `setQueryData` can never disagree, and invalidation names methods or
 * their domain (`invalidateApi(client, 'labels', 'analytics.readiness')`).
 */
import { QueryClient, keepPreviousData, useQuery, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import type { ApiInput, ApiMethod, ApiOutput } from '../../../shared/contract.js';
import { invoke, type ApiError } from './client.js';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The server is local and the data changes only through this UI: no refetch on focus,
        // a short stale time, no retry storms on a real error (it would only repeat the message).
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => (error as ApiError).code === 'NETWORK' && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}

/** The cache key of one API call. */
export function apiQueryKey<M extends ApiMethod>(method: M, input: ApiInput<M>): readonly [M, ApiInput<M>] {
  return [method, input];
}

/** The method a cache key belongs to (every key of the app is an `apiQueryKey`). */
export function methodOfKey(key: QueryKey): string {
  return typeof key[0] === 'string' ? key[0] : '';
}

/** Whether a method is one of `scopes`: a method name, or a domain (`'labels'` = every `labels.*`). */
function inScope(method: string, scopes: readonly string[]): boolean {
  return scopes.some((scope) => method === scope || method.startsWith(`${scope}.`));
}

/** Marks stale, and refetches if shown, every query of these methods or domains. */
export function invalidateApi(client: QueryClient, ...scopes: string[]): Promise<void> {
  return client.invalidateQueries({ predicate: (query) => inScope(methodOfKey(query.queryKey), scopes) });
}

/** Every query except those of these methods or domains (after an import, a workspace switch…). */
export function invalidateApiExcept(client: QueryClient, ...kept: string[]): Promise<void> {
  return client.invalidateQueries({ predicate: (query) => !inScope(methodOfKey(query.queryKey), kept) });
}

/**
 * Starts one API query before any component asks for it (same key, same call as `useApiQuery`),
 * so the first render finds it in flight or done; a fresh cached answer is not fetched again.
 */
export function prefetchApiQuery<M extends ApiMethod>(client: QueryClient, method: M, input: ApiInput<M>, staleTime?: number): void {
  void client.prefetchQuery({ queryKey: apiQueryKey(method, input), queryFn: () => invoke(method, input), ...(staleTime === undefined ? {} : { staleTime }) });
}

/** The answer of one API call, from the cache when it is there, else fetched (and cached). */
export function fetchApiQuery<M extends ApiMethod>(client: QueryClient, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  return client.fetchQuery({ queryKey: apiQueryKey(method, input), queryFn: () => invoke(method, input) });
}

/** Like `fetchApiQuery`, but a cached answer is used even when stale. */
export function ensureApiQuery<M extends ApiMethod>(client: QueryClient, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  return client.ensureQueryData({ queryKey: apiQueryKey(method, input), queryFn: () => invoke(method, input) });
}

/** Puts an answer in the cache as if `method(input)` had returned it. */
export function setApiQueryData<M extends ApiMethod>(client: QueryClient, method: M, input: ApiInput<M>, data: ApiOutput<M>): void {
  client.setQueryData(apiQueryKey(method, input), data);
}

export interface ApiQueryOptions {
  enabled?: boolean;
  staleTime?: number;
  /** Keep showing the previous data while a new key loads (filters, editions). */
  keepPrevious?: boolean;
}

export function useApiQuery<M extends ApiMethod>(
  method: M,
  input: ApiInput<M>,
  options: ApiQueryOptions = {},
): UseQueryResult<ApiOutput<M>, ApiError> {
  return useQuery<ApiOutput<M>, ApiError, ApiOutput<M>, QueryKey>({
    queryKey: apiQueryKey(method, input),
    queryFn: () => invoke(method, input),
    enabled: options.enabled ?? true,
    // An explicit `staleTime: undefined` would replace the client's default (30 s) with 0 and
    // refetch on every mount: only a given value is passed.
    ...(options.staleTime === undefined ? {} : { staleTime: options.staleTime }),
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}
