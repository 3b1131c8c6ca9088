/**
 * The Comparaisons view's choice, pure and unit-tested: the comparison the address names
 * (`#/comparisons?a=label:Qualivilles&b=no-label:Qualivilles`, public vs private by default), the
 * kinds of comparison offered (public / private, each label held, a category vs the rest of its
 * sector, two categories) and the panels each kind compares.
 */
import type { ComparisonChoices, ComparisonSpec } from '../../../../shared/comparison-types.js';
import { DEFAULT_COMPARISON, panelSpecText, parsePanelSpec } from '../../../../shared/comparison-types.js';

/** The comparison of an address's parameters; the default when they are missing or unreadable. */
export function comparisonFromParams(params: URLSearchParams): ComparisonSpec {
  const a = parsePanelSpec(params.get('a') ?? '');
  const b = parsePanelSpec(params.get('b') ?? '');
  return a && b ? { a, b } : { ...DEFAULT_COMPARISON };
}

/** The address parameters of a comparison: `a=…&b=…`. */
export function comparisonQuery(spec: ComparisonSpec): string {
  return new URLSearchParams({ a: panelSpecText(spec.a), b: panelSpecText(spec.b) }).toString();
}

/** One entry of the "Comparer" list: `public-private`, `label:NAME`, `category-rest`, `categories`. */
export type ChoiceId = string;

/** Which entry of the list a comparison is, and its categories when it has some. */
export function choiceOf(spec: ComparisonSpec): { id: ChoiceId; categoryA: string | null; categoryB: string | null } {
  const { a, b } = spec;
  if (a.kind === 'label' && a.held && b.kind === 'label' && !b.held) return { id: `label:${a.label}`, categoryA: null, categoryB: null };
  if (a.kind === 'category' && b.kind === 'not-category' && a.category === b.category) return { id: 'category-rest', categoryA: a.category, categoryB: null };
  if (a.kind === 'category' && b.kind === 'category') return { id: 'categories', categoryA: a.category, categoryB: b.category };
  return { id: 'public-private', categoryA: null, categoryB: null };
}

/**
 * The comparison an entry of the list stands for. Categories: the ones already chosen when they
 * still exist, else the first (and the second, for two categories) of the edition.
 */
export function comparisonFor(id: ChoiceId, choices: ComparisonChoices | undefined, categoryA: string | null, categoryB: string | null): ComparisonSpec {
  if (id.startsWith('label:')) {
    const label = id.slice('label:'.length);
    return { a: { kind: 'label', label, held: true }, b: { kind: 'label', label, held: false } };
  }
  const codes = (choices?.categories ?? []).map((c) => c.code);
  const first = categoryA && codes.includes(categoryA) ? categoryA : codes[0];
  if (id === 'category-rest' && first) return { a: { kind: 'category', category: first }, b: { kind: 'not-category', category: first } };
  if (id === 'categories' && first) {
    const second = categoryB && codes.includes(categoryB) && categoryB !== first ? categoryB : codes.find((c) => c !== first) ?? first;
    return { a: { kind: 'category', category: first }, b: { kind: 'category', category: second } };
  }
  return { ...DEFAULT_COMPARISON };
}
