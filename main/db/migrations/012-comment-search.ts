/**
 * Migration 12: a word index of the comments, so that the Explorer's quick search finds « Délai
 * annoncé non respecté » from "delai" and « rendez-vous » from "rendez vous" as people type,
 * without reading every observation's comment at each key (20 M observations on a national
 * workspace). The same folding as the structure search (migration 005): the `unicode61
 * remove_diacritics 2` tokenizer folds case and accents and splits on punctuation, œ / æ are
 * spelled out before indexing, each typed word is looked up as a word prefix (`"delai"*`).
 * Shipped once landed: never edit, add a new migration instead.
 *
 * - Only non-empty comments are indexed (a few percent of the rows at most), so the index stays
 *   small and the many comment-less writes of an import cost one WHEN test each.
 * - `audit_comment_search`: contentless FTS5, its rowid the audit's id (an INTEGER PRIMARY KEY,
 *   stable under VACUUM). `contentless_delete = 1` lets a trigger delete a row by rowid.
 * - `observation` has no rowid (WITHOUT ROWID, key (audit_id, item_code)): `observation_comment`
 *   gives each commented observation an integer id, the rowid of its row in
 *   `observation_comment_search`.
 * - Triggers keep both in step with every write (import apply and undo, audit entry, corrections
 *   and their undo, cascading deletes, any other tool), with built-in SQL only.
 * - Existing comments are indexed here (one pass over the observations).
 *
 * A read-only workspace that predates this step can still be read: the search falls back to the
 * LIKE matching of earlier versions (main/explorer/comment-search.ts).
 */
import type { Migration } from './types.js';

/** The SQL that spells out œ / æ (which unicode61 keeps as letters) in a comment. */
function spelledOut(expression: string): string {
  return `replace(replace(replace(replace(${expression}, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')`;
}

const hasText = (expression: string): string => `${expression} IS NOT NULL AND ${expression} <> ''`;

/** Indexes the comment of a new observation row, which has one. */
const INDEX_NEW_OBSERVATION = `INSERT INTO observation_comment(audit_id, item_code) VALUES (new.audit_id, new.item_code);
  INSERT INTO observation_comment_search(rowid, words) VALUES (last_insert_rowid(), ${spelledOut('new.comment')});`;

/** Removes the comment of observation row `row` from the index. */
function unindexObservation(row: string): string {
  return `DELETE FROM observation_comment_search
    WHERE rowid = (SELECT id FROM observation_comment WHERE audit_id = ${row}.audit_id AND item_code = ${row}.item_code);
  DELETE FROM observation_comment WHERE audit_id = ${row}.audit_id AND item_code = ${row}.item_code;`;
}

const FTS_OPTIONS = `tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', content = '', contentless_delete = 1`;

export const migration012: Migration = {
  version: 12,
  name: 'comment search keys',
  readableWithout: true,
  sql: `
CREATE VIRTUAL TABLE audit_comment_search USING fts5(words, ${FTS_OPTIONS});
CREATE TABLE observation_comment (
  id INTEGER PRIMARY KEY,
  audit_id INTEGER NOT NULL,
  item_code TEXT NOT NULL,
  UNIQUE (audit_id, item_code)
);
CREATE VIRTUAL TABLE observation_comment_search USING fts5(words, ${FTS_OPTIONS});

INSERT INTO audit_comment_search(rowid, words) SELECT id, ${spelledOut('comment')} FROM audit WHERE ${hasText('comment')};
INSERT INTO observation_comment(audit_id, item_code) SELECT audit_id, item_code FROM observation WHERE ${hasText('comment')};
INSERT INTO observation_comment_search(rowid, words)
  SELECT k.id, ${spelledOut('o.comment')} FROM observation_comment k JOIN observation o ON o.audit_id = k.audit_id AND o.item_code = k.item_code;

CREATE TRIGGER audit_comment_search_insert AFTER INSERT ON audit WHEN ${hasText('new.comment')} BEGIN
  INSERT INTO audit_comment_search(rowid, words) VALUES (new.id, ${spelledOut('new.comment')});
END;
CREATE TRIGGER audit_comment_search_update AFTER UPDATE OF id, comment ON audit
WHEN old.id IS NOT new.id OR old.comment IS NOT new.comment BEGIN
  DELETE FROM audit_comment_search WHERE rowid = old.id;
  INSERT INTO audit_comment_search(rowid, words) SELECT new.id, ${spelledOut('new.comment')} WHERE ${hasText('new.comment')};
END;
CREATE TRIGGER audit_comment_search_delete AFTER DELETE ON audit WHEN ${hasText('old.comment')} BEGIN
  DELETE FROM audit_comment_search WHERE rowid = old.id;
END;

CREATE TRIGGER observation_comment_search_insert AFTER INSERT ON observation WHEN ${hasText('new.comment')} BEGIN
  ${INDEX_NEW_OBSERVATION}
END;
CREATE TRIGGER observation_comment_search_update AFTER UPDATE OF audit_id, item_code, comment ON observation
WHEN old.audit_id IS NOT new.audit_id OR old.item_code IS NOT new.item_code OR old.comment IS NOT new.comment BEGIN
  ${unindexObservation('old')}
  INSERT INTO observation_comment(audit_id, item_code) SELECT new.audit_id, new.item_code WHERE ${hasText('new.comment')};
  INSERT INTO observation_comment_search(rowid, words)
    SELECT id, ${spelledOut('new.comment')} FROM observation_comment WHERE audit_id = new.audit_id AND item_code = new.item_code AND ${hasText('new.comment')};
END;
CREATE TRIGGER observation_comment_search_delete AFTER DELETE ON observation WHEN ${hasText('old.comment')} BEGIN
  ${unindexObservation('old')}
END;
`,
};
