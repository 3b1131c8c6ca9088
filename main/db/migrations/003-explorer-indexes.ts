/**
 * Migration 3: indexes for the explorer's grids (main/explorer/), which filter and page audits and
 * observations straight from SQLite. Shipped: never edit, add a new migration instead.
 * - audit(edition): audits of one edition in id order, so the observations of an edition page in
 *   primary-key order without a sort;
 * - audit(audit_date): sorting by date walks the index instead of sorting every row;
 * - audit(channel, edition), structure(category|departement|region|name): the dropdown filters;
 *
 * No index on observation(item_code): it made a national import 2.5× slower to write (1.7 million
 * rows spread over 400 insertion points) for the one case it helps, an item filter with no edition
 * nor any other audit filter; the explorer walks the primary key for everything else.
 */
import type { Migration } from './types.js';

export const migration003: Migration = {
  version: 3,
  name: 'explorer indexes',
  sql: `
CREATE INDEX audit_edition ON audit(edition);
CREATE INDEX audit_channel ON audit(channel, edition);
CREATE INDEX audit_date ON audit(audit_date);
CREATE INDEX structure_category ON structure(category);
CREATE INDEX structure_departement ON structure(departement);
CREATE INDEX structure_region ON structure(region);
CREATE INDEX structure_name ON structure(name);
`,
};
