/**
 * Entry point: styles, test-mode flag, the app's first API requests (early-requests.ts), then the
 * app (boot.tsx), a chunk of its own, and the chunk of the view the address opens on: those
 * requests leave before React and the views are downloaded and evaluated, and the server answers
 * meanwhile (issue 11).
 */
import { preloadFirstView, sendEarlyRequests } from './early-requests.js';
import { markOnce } from './perf.js';
import './styles/tokens.css';
import './styles/global.css';

// The e2e harness sets `__BAROMETER_TEST__` before any script runs: animations off for stable screenshots.
if (window.__BAROMETER_TEST__) document.documentElement.classList.add('test-mode');

sendEarlyRequests(window.location.hash);
markOnce('early-requests');
void import('./boot.js');
preloadFirstView(window.location.hash);
