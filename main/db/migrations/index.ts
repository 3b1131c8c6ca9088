/**
 * The ordered, append-only list of migrations. A shipped migration is never edited: add the next
 * number instead. `test/integration/migrations.test.ts` checks each one.
 */
import type { Migration } from './types.js';
import { migration001 } from './001-initial.js';
import { migration002 } from './002-score-cache.js';
import { migration003 } from './003-explorer-indexes.js';
import { migration004 } from './004-workspace-marker.js';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
