/** Entry point: styles, test-mode flag, and the React root. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createQueryClient } from './api/query.js';
import { startEarly } from './startup.js';
import { markOnce } from './perf.js';
import './styles/tokens.css';
import './styles/global.css';

markOnce('app-start');

// The e2e harness sets `__BAROMETER_TEST__` before any script runs: animations off for stable screenshots.
if (window.__BAROMETER_TEST__) document.documentElement.classList.add('test-mode');

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
const queryClient = createQueryClient();
startEarly(queryClient, window.location.hash);
createRoot(container).render(
  <StrictMode>
    <App client={queryClient} />
  </StrictMode>,
);
