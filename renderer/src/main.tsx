/** Entry point: styles, test-mode flag, and the React root. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles/tokens.css';
import './styles/global.css';

// The e2e harness sets `__BAROMETER_TEST__` before any script runs: animations off for stable screenshots.
if (window.__BAROMETER_TEST__) document.documentElement.classList.add('test-mode');

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
