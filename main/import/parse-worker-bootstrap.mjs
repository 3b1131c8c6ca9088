// Entry of the reading thread of a streamed import (main/import/streamed-import.ts) when the app
// runs from TypeScript sources (CLI, tests, bench): worker threads do not inherit tsx's loader,
// so register it here, then load the real worker (as main/jobs/worker-bootstrap.mjs does). Where
// this file is absent (the packaged bundles), large files are imported on one thread.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
