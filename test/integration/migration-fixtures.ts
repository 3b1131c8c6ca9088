/**
 * Test helper (not a test): a seeded workspace (24 structures, editions 2023 and 2024) left at an
 * older schema version with its aggregates computed as that version computed them, for the
 * migration tests that open it afterwards at the latest version.
 */
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { allEditions, refreshAggregates } from '../../main/analytics/index.js';
import { seedWorkspace } from './api-seed.js';

/** Builds it in `file` and returns what `read` sees there before it is closed. */
export function seededWithAggregatesAt<T>(file: string, version: number, read: (db: Db) => T): T {
  const db = openWorkspace(file, { targetVersion: version });
  try {
    seedWorkspace(db, { structures: 24, editions: [2023, 2024] });
    refreshAggregates(db, { editions: allEditions(db) });
    return read(db);
  } finally {
    db.close();
  }
}
