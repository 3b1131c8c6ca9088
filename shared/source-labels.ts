/**
 * Labels (Qualivilles, Services Publics+…): the one reading of a "source label" cell of the
 * referential and of a "Labels détenus" cell of a structures file. An item can belong to several
 * labels ("Qualivilles; Services Publics+"); a structure can hold several. Two spellings name the
 * same label when their `normalizeLabel` forms are equal ("services publics +" = "Services Publics+").
 * Pure: shared by the importer, the analytics engine and the UI.
 */
import { normalizeLabel } from './text.js';

/** Separators between labels in one cell: `;`, `,`, `/`, `|` and line breaks. `+` belongs to names. */
const LIST_SEPARATORS = /[;,/|\n\r]+/;

/** The labels a cell names, trimmed, in their first spelling, each once, in the cell's order. */
export function parseLabelList(text: string | null | undefined): string[] {
  if (!text) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(LIST_SEPARATORS)) {
    const name = part.replace(/\s+/g, ' ').trim();
    const key = labelKey(name);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/** The comparison form of a label's name. */
export function labelKey(name: string): string {
  return normalizeLabel(name);
}

/** The cell text of a list of labels, as the app writes it back. */
export function formatLabelList(labels: readonly string[]): string {
  return labels.join('; ');
}

/**
 * Items "specific to the barometer" carry the source "Baromètre" in the referential (besides the
 * Qualivilles and Services Publics+ labels, the referential holds barometer-specific items): that
 * source is not a label a structure can hold, so it has no readiness.
 */
const NOT_A_LABEL = new Set(['barometre', 'barometer', 'barometre experience citoyen']);

export function isHoldableLabel(name: string): boolean {
  const key = labelKey(name);
  return key !== '' && !NOT_A_LABEL.has(key);
}

/** The required compliance rate of a label when none was set (percent). */
export const DEFAULT_REQUIRED_RATE = 100;
