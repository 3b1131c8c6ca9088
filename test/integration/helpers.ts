/** Temporary folders and workspaces for integration tests: a real SQLite file per test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace, type Db } from '../../main/db/connection.js';

export function tempDir(prefix = 'barometre-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tempWorkspace(): { db: Db; file: string; dir: string } {
  const dir = tempDir();
  const file = path.join(dir, 'espace.sqlite');
  return { db: openWorkspace(file), file, dir };
}
