/**
 * TanStack Query glue: the app's QueryClient and `useApiQuery`, a typed `useQuery` over one API
 * method. Domain hooks (queries/<domain>.ts) build on it with their key factories.
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

/**
 * Starts one API query before any component asks for it (same key, same call as `useApiQuery`),
 * so the first render finds it in flight or done; a fresh cached answer is not fetched again.
 */
export function prefetchApiQuery<M extends ApiMethod>(client: QueryClient, key: QueryKey, method: M, input: ApiInput<M>, staleTime?: number): void {
  void client.prefetchQuery({ queryKey: key, queryFn: () => invoke(method, input), ...(staleTime === undefined ? {} : { staleTime }) });
}

export interface ApiQueryOptions {
  enabled?: boolean;
  staleTime?: number;
  /** Keep showing the previous data while a new key loads (filters, editions). */
  keepPrevious?: boolean;
}

export function useApiQuery<M extends ApiMethod>(
  key: QueryKey,
  method: M,
  input: ApiInput<M>,
  options: ApiQueryOptions = {},
): UseQueryResult<ApiOutput<M>, ApiError> {
  return useQuery<ApiOutput<M>, ApiError, ApiOutput<M>, QueryKey>({
    queryKey: key,
    queryFn: () => invoke(method, input),
    enabled: options.enabled ?? true,
    // An explicit `staleTime: undefined` would replace the client's default (30 s) with 0 and
    // refetch on every mount: only a given value is passed.
    ...(options.staleTime === undefined ? {} : { staleTime: options.staleTime }),
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}
