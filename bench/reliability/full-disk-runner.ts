/**
 * Child process of `npm run faults`: imports files into a workspace opened with SQLite's
 * `max_page_count` set just above its current size, which is what a full disk looks like to
 * SQLite (SQLITE_FULL), and prints what the user would read, as JSON on stdout.
 * Usage: node --import tsx full-disk-runner.ts WORKSPACE EXTRA_PAGES FILE...
 */
import { openWorkspace } from '../../main/db/connection.js';
import { failureContext } from '../../main/db/health.js';
import { toUserError } from '../../main/db/sqlite-errors.js';
import { importFiles } from '../../main/import/index.js';

const [workspace, extraPages, ...files] = process.argv.slice(2);
if (!workspace || !extraPages || files.length === 0) throw new Error('usage: full-disk-runner WORKSPACE EXTRA_PAGES FILE...');

const probe = openWorkspace(workspace);
const pages = Number((probe.pragma('page_count', { simple: true }) as number | bigint).toString());
probe.close();

const db = openWorkspace(workspace, { maxPageCount: pages + Number(extraPages) });
try {
  const result = importFiles(db, { files });
  const statuses = result.files.map((file) => file.status);
  const messages = result.files.flatMap((file) => file.problems.map((problem) => problem.message));
  console.log(JSON.stringify({ pages, statuses, messages: messages.slice(0, 5), thrown: null }));
} catch (error) {
  const userError = toUserError(error, failureContext(db, "l'import"));
  console.log(JSON.stringify({ pages, statuses: [], messages: [userError.message], thrown: userError.code }));
  process.exitCode = 1;
} finally {
  db.close();
}
