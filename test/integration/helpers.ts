/** Temporary folders and workspaces for integration tests: a real SQLite file per test. */
import path from 'node:path';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { makeTempDir } from '../temp-dirs.js';

/** A fresh folder, removed when the test file ends (test/temp-dirs.ts). */
export function tempDir(prefix = 'barometre-test-'): string {
  return makeTempDir(prefix);
}

export function tempWorkspace(): { db: Db; file: string; dir: string } {
  const dir = tempDir();
  const file = path.join(dir, 'espace.sqlite');
  return { db: openWorkspace(file), file, dir };
}
