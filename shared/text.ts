/**
 * Text normalisation shared by the importer (header and value matching) and the UI
 * (mapping editor). Pure: no Node, no DOM.
 */

/**
 * Lower-case, strip accents, spell out the ligatures French writes (« Cœur » → « coeur »), turn
 * punctuation into spaces and fold repeated spaces.
 */
export function normalizeLabel(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/ +/g, ' ');
}

/** A file-system and URL safe slug: `Ville de Saint-Étienne` → `ville-de-saint-etienne`. */
export function slugify(value: string, maxLength = 60): string {
  const slug = normalizeLabel(value).replace(/ /g, '-');
  return slug.slice(0, maxLength).replace(/-+$/, '') || 'sans-nom';
}

/**
 * The words of a search as people type it, folded like the names they look for:
 * « Témoin-02 » → ["temoin", "02"]. The structure search index (migration 005) folds names the
 * same way (accents, case, punctuation, œ/æ), so each word is matched as the start of a word.
 */
export function searchWords(text: string): string[] {
  const folded = normalizeLabel(text);
  return folded === '' ? [] : folded.split(' ');
}

/**
 * True when every typed word starts a word of `label`, folded alike: the rule of the structure
 * search index, applied to the short value lists filtered in the interface (« rhone » finds
 * « Auvergne-Rhône-Alpes »). No typed word: everything matches.
 */
export function matchesSearch(label: string, typed: string): boolean {
  const wanted = searchWords(typed);
  if (wanted.length === 0) return true;
  const words = searchWords(label);
  return wanted.every((w) => words.some((word) => word.startsWith(w)));
}
