/**
 * Text normalisation shared by the importer (header and value matching) and the UI
 * (mapping editor). Pure: no Node, no DOM.
 */

/** Lower-case, strip accents, turn punctuation into spaces and fold repeated spaces. */
export function normalizeLabel(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
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
