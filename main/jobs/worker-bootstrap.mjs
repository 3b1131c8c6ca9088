// Entry of a job worker when the app runs from TypeScript sources (CLI, tests, `npm start` in
// browser mode): worker threads do not inherit tsx's loader, so register it here, then load the
// real worker. The packaged app runs the esbuild bundle dist/electron/worker.cjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
