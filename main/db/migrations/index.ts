/**
 * The ordered, append-only list of migrations. A shipped migration is never edited: add the next
 * number instead. `test/integration/migrations.test.ts` checks each one.
 */
import type { Migration } from './types.js';
import { migration001 } from './001-initial.js';
import { migration002 } from './002-score-cache.js';
import { migration003 } from './003-explorer-indexes.js';
import { migration004 } from './004-workspace-marker.js';
import { migration005 } from './005-search-keys.js';
import { migration006 } from './006-corrections.js';
import { migration007 } from './007-benchmark.js';
import { migration008 } from './008-labels.js';
import { migration009 } from './009-score-matrix.js';
import { migration010 } from './010-provenance.js';
import { migration011 } from './011-score-columns.js';
import { migration012 } from './012-comment-search.js';
import { migration013 } from './013-comment-index-writers.js';
import { migration014 } from './014-item-pack.js';
import { migration015 } from './015-category-runs.js';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015];

/** The highest version known; the list is kept in ascending order, without gaps once landed. */
export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
