/**
 * The app itself, loaded by the entry point (main.tsx) once its first API requests have left:
 * the query client (adopting those requests), the start-up prefetch of the view the address opens
 * on, and the React root.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { apiQueryKey, createQueryClient } from './api/query.js';
import { adoptEarlyRequests } from './early-requests.js';
import { startEarly } from './startup.js';
import { parseHash } from './state/router.js';
import { viewForRoute } from './views/registry.js';
import { markOnce } from './perf.js';

markOnce('app-start');

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
const queryClient = createQueryClient();
adoptEarlyRequests(queryClient, (method, input) => apiQueryKey(method, input as never));
startEarly(queryClient, window.location.hash);

/** The longest the first render waits for the chunk of the view the address opens on. */
const FIRST_VIEW_WAIT_MS = 1500;

// The first render waits for that chunk (already on its way, with the view's data: startEarly), so
// the view renders at once rather than behind a loading fallback that React keeps for at least
// 300 ms once shown (issue 11: the Scores view's data can be there sooner). Bounded: a chunk that
// does not come lets the app render anyway, its fallback shown.
const firstView = viewForRoute(parseHash(window.location.hash));
void Promise.race([firstView?.loaded(), new Promise<void>((resolve) => window.setTimeout(resolve, FIRST_VIEW_WAIT_MS))]).then(() => {
  createRoot(container).render(
    <StrictMode>
      <App client={queryClient} />
    </StrictMode>,
  );
});
