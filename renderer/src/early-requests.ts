/**
 * The app's first API requests, sent by the entry point before the app's code (React, the views:
 * boot.tsx) is downloaded and evaluated: the three start-up questions every view waits for (app
 * info, workspace info, remembered edition) and, when the address opens on the Scores view, its
 * first questions as it showed them last (views/scores/shown.ts). The server answers while the app
 * is evaluated, instead of after (issue 11: the Scores view's data left ~150 ms later). The query
 * client adopts these requests under the same keys (`adoptEarlyRequests`), so the app's own
 * queries find them in flight or answered. Light on purpose: only the API client and pure data.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ApiInput, ApiMethod } from '../../shared/contract.js';
import { invoke } from './api/client.js';
import { EDITION_SETTING } from './state/edition-setting.js';
import { lastScoresShown, scoresQuestions, type ApiQuestion } from './views/scores/shown.js';

interface EarlyRequest {
  method: ApiMethod;
  input: unknown;
  answer: Promise<unknown>;
}

let sent: EarlyRequest[] = [];

/** The first segment of an address's hash (`#/scores?x` → `scores`), as the router reads it. */
function firstSegment(hash: string): string {
  return hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
}

/** The questions the address opens with, before anything is known but what this browser remembers. */
export function earlyQuestions(hash: string, scoresShown: ReturnType<typeof lastScoresShown>): ApiQuestion[] {
  const questions: ApiQuestion[] = [['app.info', {}], ['workspace.info', {}], ['settings.get', { key: EDITION_SETTING }]];
  if (firstSegment(hash) === 'scores' && scoresShown) {
    questions.push(...scoresQuestions(scoresShown.edition, scoresShown.lang, scoresShown.category, scoresShown.chartWidth));
  }
  return questions;
}

/** Sends the early questions (once, from the entry point). */
export function sendEarlyRequests(hash: string): void {
  sent = earlyQuestions(hash, lastScoresShown()).map(([method, input]) => {
    const answer: Promise<unknown> = invoke(method, input as ApiInput<typeof method>);
    // A guess proved wrong is simply not used: its failure is nobody's error.
    answer.catch(() => undefined);
    return { method, input, answer };
  });
}

/**
 * For the Scores view, starts downloading its chunk (with ag-grid, the app's largest) alongside the
 * app's, instead of once the app is evaluated (the registry's lazy view imports the same module:
 * one download). Called after the requests and the app's import, which come first.
 */
export function preloadFirstView(hash: string): void {
  if (firstSegment(hash) === 'scores') import('./views/scores/ScoresView.js').catch(() => undefined);
}

/**
 * Hands the early requests to the query client under the keys the app's queries use
 * (`apiQueryKey`: [method, input]), before the app starts its own; each is adopted once.
 */
export function adoptEarlyRequests(client: QueryClient, keyOf: (method: ApiMethod, input: unknown) => readonly unknown[]): void {
  for (const { method, input, answer } of sent) {
    void client.prefetchQuery({ queryKey: keyOf(method, input), queryFn: () => answer });
  }
  sent = [];
}
