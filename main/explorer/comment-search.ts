/**
 * Finding audits and observations by their comment as people type: accents, case and punctuation
 * do not matter, each typed word matches the start of a word of the comment (« delai » →
 * « Délai annoncé non respecté », « rendez vous » → « rendez-vous »). Reads the word indexes of
 * migration 012 (`audit_comment_search`, `observation_comment_search`), folded like `searchWords`
 * (shared/text.ts) folds the query, the same rule as the structure search (structure-search.ts).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { searchWords } from '../../shared/text.js';
import { likePattern, type SqlFragment } from './filters.js';
import { hasTable, hasTrigger } from '../db/schema.js';

/**
 * The FTS5 query of a typed text: every word as a quoted prefix, all required; null when the
 * text holds no word (only punctuation). Words are [a-z0-9]+ after folding: quoting them cannot
 * inject FTS syntax.
 */
export function commentMatchQuery(text: string): string | null {
  const words = searchWords(text);
  return words.length === 0 ? null : words.map((w) => `"${w}"*`).join(' AND ');
}

const indexed = new WeakMap<Db, boolean>();

/** True when the workspace has the indexes (a read-only workspace from before migration 12 has not). */
export function hasCommentSearch(db: Db): boolean {
  let known = indexed.get(db);
  if (known === undefined) {
    known = hasTable(db, 'observation_comment_search');
    indexed.set(db, known);
  }
  return known;
}

/** A condition on an audit row `a`: its own comment matches the typed text. Without the index, LIKE as before (accents then matter). */
export function auditCommentMatches(db: Db, text: string): SqlFragment {
  if (!hasCommentSearch(db)) return { sql: `a.comment LIKE ? ESCAPE '\\'`, params: [likePattern(text.trim())] };
  const query = commentMatchQuery(text);
  if (query === null) return { sql: '0', params: [] };
  return { sql: 'a.id IN (SELECT rowid FROM audit_comment_search WHERE audit_comment_search MATCH ?)', params: [query] };
}

/** A condition on an observation row `o`: its comment matches the typed text. Without the index, LIKE as before. */
export function observationCommentMatches(db: Db, text: string): SqlFragment {
  if (!hasCommentSearch(db)) return { sql: `o.comment LIKE ? ESCAPE '\\'`, params: [likePattern(text.trim())] };
  const query = commentMatchQuery(text);
  if (query === null) return { sql: '0', params: [] };
  // The quick search ORs this with LIKE on the answer, so SQLite walks the filtered observations:
  // testing the comment first skips the index lookup for the many rows without one (measured on
  // the national bench: 0.29 s against 0.57 s for the row-value IN over every match).
  return {
    sql: `(o.comment <> '' AND EXISTS (SELECT 1 FROM observation_comment k WHERE k.audit_id = o.audit_id AND k.item_code = o.item_code
      AND k.id IN (SELECT rowid FROM observation_comment_search WHERE observation_comment_search MATCH ?)))`,
    params: [query],
  };
}

/** The SQL that spells out œ / æ (which unicode61 keeps as letters), as migration 012 indexes them. */
const spelledOut = (expression: string): string => `replace(replace(replace(replace(${expression}, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')`;

/** Indexes the comment of one observation just inserted; empty comments are not indexed. */
export type ObservationCommentIndexer = (auditId: number, itemCode: string, comment: string | null) => void;

/**
 * What a writer that INSERTs observations calls for each row it inserts (migration 013 dropped the
 * per-row insert trigger: a national import's 1.7 million comment-less rows paid its WHEN test).
 * Same transaction as the insert; updates and deletes stay with the triggers of migration 012.
 * A no-op on a workspace without the index, and on one still at version 12 (the trigger indexes).
 */
export function observationCommentIndexer(db: Db): ObservationCommentIndexer {
  const triggerIndexes = hasTrigger(db, 'observation_comment_search_insert');
  if (!hasCommentSearch(db) || triggerIndexes) return () => {};
  let key: Statement | null = null;
  let words: Statement | null = null;
  return (auditId, itemCode, comment) => {
    if (comment === null || comment === '') return;
    key ??= db.prepare('INSERT INTO observation_comment(audit_id, item_code) VALUES (?, ?)');
    words ??= db.prepare(`INSERT INTO observation_comment_search(rowid, words) VALUES (?, ${spelledOut('?')})`);
    words.run(key.run(auditId, itemCode).lastInsertRowid, comment);
  };
}

/**
 * What a writer that INSERTs audits uses (migration 013 dropped the per-row insert trigger: ~14 µs
 * per audit even without a comment, 0.36 s for a national edition's 26,000 audits): created before
 * the first insert, its `finish` indexes the comments of every audit inserted since, in one
 * statement, in the same transaction. A no-op on a workspace without the index, and on one still at
 * version 12 (the trigger indexes).
 */
export function auditCommentIndexer(db: Db): { finish(): void } {
  const triggerIndexes = hasTrigger(db, 'audit_comment_search_insert');
  if (!hasCommentSearch(db) || triggerIndexes) return { finish: () => {} };
  let lastId = db.prepare('SELECT coalesce(max(id), 0) FROM audit').pluck().get() as number;
  const index = db.prepare(`INSERT INTO audit_comment_search(rowid, words) SELECT id, ${spelledOut('comment')} FROM audit WHERE id > ? AND comment IS NOT NULL AND comment <> ''`);
  const newest = db.prepare('SELECT coalesce(max(id), 0) FROM audit').pluck();
  return {
    finish(): void {
      index.run(lastId);
      // Called again (a writer flushed twice), it indexes only what came after.
      lastId = newest.get() as number;
    },
  };
}
