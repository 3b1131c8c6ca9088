// Entry of a report-batch worker thread when the app runs from TypeScript sources (CLI, tests,
// bench): worker threads do not inherit tsx's loader, so register it here, then load the real
// worker (as main/jobs/worker-bootstrap.mjs does for job workers). Where this file is absent (the
// packaged app's bundle), the batch writes its reports on one thread.
import { register } from 'tsx/esm/api';

register();
await import('./batch-worker.ts');
