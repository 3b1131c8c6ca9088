/**
 * Migration 5: a word index of the structures, so that the structure picker, the Explorer's quick
 * search and the structure filters find « Témoin 02 » from "temoin 02" and « Saint-Rivozet » from
 * "saint rivozet" as people type, without reading every structure at each key.
 * Shipped once landed: never edit, add a new migration instead.
 *
 * - `structure_search`: an FTS5 table, one row per structure, its code kept beside the indexed
 *   words (`code_words` the code, `name_words` the name, `place_words` département and région).
 *   The `unicode61 remove_diacritics 2` tokenizer folds case and accents and splits on punctuation;
 *   the ligatures œ and æ, which it keeps as letters, are spelled out before indexing. That is the
 *   folding `normalizeLabel` (shared/text.ts) applies to what the user types, so each typed word is
 *   looked up as a word prefix (`"temoin"*`). `prefix = '2 3'` indexes short prefixes too: the first
 *   keys typed stay as cheap as the later ones.
 * - Triggers keep it in step with every write to `structure` (imports, undo, tests, any other
 *   tool), using only built-in SQL. The row is found by code, not by the structure's rowid, which
 *   VACUUM may renumber (the table has a text primary key).
 * - Existing structures are indexed here.
 *
 * A read-only workspace that predates this step can still be read: the searches fall back to the
 * LIKE matching of earlier versions (main/explorer/structure-search.ts).
 */
import type { Migration } from './types.js';

/** The SQL that spells out œ / æ (which unicode61 keeps as letters) in a column of `row` (new / old). */
function spelledOut(expression: string): string {
  return `replace(replace(replace(replace(${expression}, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')`;
}

function wordsOf(row: string): string {
  return `${spelledOut(`${row}.code`)}, ${spelledOut(`${row}.name`)}, ${spelledOut(`coalesce(${row}.departement, '') || ' ' || coalesce(${row}.region, '')`)}`;
}

export const migration005: Migration = {
  version: 5,
  name: 'structure search keys',
  readableWithout: true,
  sql: `
CREATE VIRTUAL TABLE structure_search USING fts5(
  code UNINDEXED,
  code_words,
  name_words,
  place_words,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
INSERT INTO structure_search(code, code_words, name_words, place_words) SELECT code, ${wordsOf('structure')} FROM structure;

CREATE TRIGGER structure_search_insert AFTER INSERT ON structure BEGIN
  INSERT INTO structure_search(code, code_words, name_words, place_words) VALUES (new.code, ${wordsOf('new')});
END;
CREATE TRIGGER structure_search_update AFTER UPDATE OF code, name, departement, region ON structure
WHEN old.code IS NOT new.code OR old.name IS NOT new.name OR old.departement IS NOT new.departement OR old.region IS NOT new.region BEGIN
  DELETE FROM structure_search WHERE code = old.code;
  INSERT INTO structure_search(code, code_words, name_words, place_words) VALUES (new.code, ${wordsOf('new')});
END;
CREATE TRIGGER structure_search_delete AFTER DELETE ON structure BEGIN
  DELETE FROM structure_search WHERE code = old.code;
END;
`,
};
