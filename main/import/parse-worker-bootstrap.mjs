// Entry of the reading thread of a streamed import (main/import/streamed-import.ts) when the app
// runs from TypeScript sources (CLI, tests, bench): worker threads do not inherit tsx's loader,
// so register it here, then load the real worker (as main/jobs/worker-bootstrap.mjs does).
// The bundles have their own entry instead (dist/cli/parse-worker-bootstrap.mjs,
// dist/electron/parse-worker.cjs).
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
