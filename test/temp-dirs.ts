/**
 * Temporary folders of the test tiers, removed when their test file ends: a full `npm test` made
 * several gigabytes of workspaces, generated editions and browser profiles, and a developer's /tmp
 * filled up run after run. BAROMETRE_KEEP_TEST_DIRS=1 keeps them to look at after a failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const created = new Set<string>();

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.add(dir);
  return dir;
}

export function removeTempDirs(): void {
  if (process.env.BAROMETRE_KEEP_TEST_DIRS === '1') return;
  for (const dir of created) {
    // A browser or a worker may still be letting go of a file: a folder left behind is not a failure.
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  }
  created.clear();
}
