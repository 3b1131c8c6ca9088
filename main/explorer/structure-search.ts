/**
 * Finding structures by what people type: accents, case and punctuation do not matter, each typed
 * word matches the start of a word of the code, the name, the département or the région
 * (« temoin 02 » → « Témoin 02 », « saint rivoz » → « Saint-Rivozet »). Reads the word index of
 * migration 005 (`structure_search`), folded like `searchWords` (shared/text.ts) folds the query.
 * Used by the structure picker, the Explorer's quick search and the structure filter lists.
 */
import type { Db } from '../db/connection.js';
import { searchWords } from '../../shared/text.js';
import { likePattern, type SqlFragment } from './filters.js';
import { hasTable } from '../db/schema.js';

/** Which columns of the index a search looks in. */
export type SearchScope = 'code-or-name' | 'everything';

const COLUMNS: Record<SearchScope, string> = {
  'code-or-name': '{code_words name_words}',
  everything: '{code_words name_words place_words}',
};

/**
 * The FTS5 query of a typed text: every word as a quoted prefix, all required. `null` when the
 * text holds no word at all (only punctuation): such a search matches no structure.
 * Words are [a-z0-9]+ after folding, so quoting them cannot inject FTS syntax.
 */
export function structureMatchQuery(text: string, scope: SearchScope = 'everything'): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return `${COLUMNS[scope]} : (${words.map((w) => `"${w}"*`).join(' AND ')})`;
}

const indexed = new WeakMap<Db, boolean>();

/** True when the workspace has the index (a read-only workspace from before migration 5 has not). */
export function hasStructureSearch(db: Db): boolean {
  let known = indexed.get(db);
  if (known === undefined) {
    known = hasTable(db, 'structure_search');
    indexed.set(db, known);
  }
  return known;
}

/**
 * A condition on a structure code column (`a.structure_code`, `code`…): the structure matches the
 * typed text. Without the index, the LIKE matching of earlier versions (accents then matter).
 */
export function structureCodeMatches(db: Db, codeColumn: string, text: string, nameColumn: string | null, scope: SearchScope = 'everything'): SqlFragment {
  if (!hasStructureSearch(db)) {
    const pattern = likePattern(text.trim());
    return nameColumn
      ? { sql: `(${codeColumn} LIKE ? ESCAPE '\\' OR ${nameColumn} LIKE ? ESCAPE '\\')`, params: [pattern, pattern] }
      : { sql: `(${codeColumn} LIKE ? ESCAPE '\\' OR ${codeColumn} IN (SELECT code FROM structure WHERE name LIKE ? ESCAPE '\\'))`, params: [pattern, pattern] };
  }
  const query = structureMatchQuery(text, scope);
  if (query === null) return { sql: '0', params: [] };
  return { sql: `${codeColumn} IN (SELECT code FROM structure_search WHERE structure_search MATCH ?)`, params: [query] };
}

export interface StructureHit {
  code: string;
  name: string;
  category: string;
}

/**
 * Structures matching a typed text, for the picker: those whose code or name matches first (by
 * name), then those found only by their département or région, up to `limit`.
 * `extra` narrows both (e.g. to the structures audited in an edition).
 */
export function searchStructures(db: Db, text: string, limit: number, extra: SqlFragment | null): StructureHit[] {
  const narrow = extra ? ` AND ${extra.sql}` : '';
  const narrowParams = extra?.params ?? [];
  if (!hasStructureSearch(db)) {
    const match = structureCodeMatches(db, 'code', text, 'name');
    return db.prepare(`SELECT code, name, category FROM structure WHERE ${match.sql}${narrow} ORDER BY name, code LIMIT ?`).all(...match.params, ...narrowParams, limit) as StructureHit[];
  }
  const byName = structureMatchQuery(text, 'code-or-name');
  const anywhere = structureMatchQuery(text, 'everything');
  if (byName === null || anywhere === null) return [];
  const select = db.prepare(`SELECT code, name, category FROM structure
    WHERE code IN (SELECT code FROM structure_search WHERE structure_search MATCH ?)${narrow}
    ORDER BY name, code LIMIT ?`);
  const first = select.all(byName, ...narrowParams, limit) as StructureHit[];
  if (first.length >= limit) return first;
  const seen = new Set(first.map((s) => s.code));
  const more = (select.all(anywhere, ...narrowParams, limit + first.length) as StructureHit[]).filter((s) => !seen.has(s.code));
  return [...first, ...more].slice(0, limit);
}
