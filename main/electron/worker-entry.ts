/** Entry of the bundled job worker (dist/electron/worker.cjs): the same worker body as from sources. */
import '../jobs/worker.js';
