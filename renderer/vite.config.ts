/**
 * Build of the renderer: root `renderer/`, output `dist/renderer` at the repo root, relative asset
 * URLs (`base: './'`) so the same bundle loads from the desktop's custom protocol and from the
 * browser-mode HTTP server.
 */
// eslint-disable-next-line no-restricted-imports -- the build config runs in Node, not in the sandboxed renderer
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('../dist/renderer'),
    emptyOutDir: true,
    sourcemap: false,
    // ag-grid and echarts are large by nature; the app is loaded locally, not over a network.
    chunkSizeWarningLimit: 2500,
  },
});
