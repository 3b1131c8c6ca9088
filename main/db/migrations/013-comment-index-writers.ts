/**
 * Migration 13 (performance, issue 11): the word indexes of comments (migration 12) are written by
 * the code that inserts audits and observations, no longer by per-row INSERT triggers. A national
 * import inserts 26,000 audits and 1.7 million observations, nearly all without a comment, and the
 * triggers' WHEN tests still ran once per row (about 14 µs per audit and 1 µs per observation,
 * 0.36 s and 5 to 10 % of the write). The writers that insert rows (main/import/apply.ts; the audit
 * entry inserts audits and answers without a comment and adds comments by UPDATE) now index the
 * comments they insert with `observationCommentIndexer` and `auditCommentIndexer`
 * (main/explorer/comment-search.ts), in the same transaction.
 *
 * Kept: the UPDATE and DELETE triggers (corrections, undo, cascades, entry: rare writes). Another
 * tool that inserts audits or observations with a comment straight into the file must index them
 * too; a search just would not find that comment.
 * Shipped once landed: never edit, add a new migration instead.
 */
import type { Migration } from './types.js';

export const migration013: Migration = {
  version: 13,
  name: 'comment index written by the observation writers',
  // Readers see the same tables; only writers change.
  readableWithout: true,
  sql: `DROP TRIGGER IF EXISTS observation_comment_search_insert;
DROP TRIGGER IF EXISTS audit_comment_search_insert;`,
};
