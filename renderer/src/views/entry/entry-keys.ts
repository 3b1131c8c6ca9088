/**
 * Keyboard-first entry: what a key does on an item's answer control or in a text field. Pure, so
 * the mapping is tested without a browser (test/unit/entry-keys.test.ts).
 * - On a yes/no answer: O / N / A answer Oui / Non / Sans objet and move on; Enter or ↓ move to
 *   the next item, ↑ back.
 * - In a measure or comment field: Enter or ↓ save the field and move on, ↑ save and move back.
 */
export type YesNoAnswer = 'Oui' | 'Non' | 'Sans objet';

export type EntryKeyAction =
  | { kind: 'answer'; value: YesNoAnswer }
  | { kind: 'move'; delta: 1 | -1 }
  | null;

interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

const withModifier = (e: KeyLike): boolean => Boolean(e.ctrlKey || e.metaKey || e.altKey);

const ANSWER_KEYS: Readonly<Record<string, YesNoAnswer>> = { o: 'Oui', y: 'Oui', n: 'Non', a: 'Sans objet' };

export function yesNoKeyAction(e: KeyLike): EntryKeyAction {
  if (withModifier(e)) return null;
  const answer = ANSWER_KEYS[e.key.toLowerCase()];
  if (answer && e.key.length === 1) return { kind: 'answer', value: answer };
  if (e.key === 'Enter' || e.key === 'ArrowDown') return { kind: 'move', delta: 1 };
  if (e.key === 'ArrowUp') return { kind: 'move', delta: -1 };
  return null;
}

export function textFieldKeyAction(e: KeyLike): EntryKeyAction {
  if (withModifier(e)) return null;
  if (e.key === 'Enter' || e.key === 'ArrowDown') return { kind: 'move', delta: 1 };
  if (e.key === 'ArrowUp') return { kind: 'move', delta: -1 };
  return null;
}

/** The next index within [0, count), staying put at either end. */
export function moveIndex(current: number, delta: 1 | -1, count: number): number {
  return Math.max(0, Math.min(count - 1, current + delta));
}

/** Today as the date field shows it: jj/mm/aaaa. */
export function todayText(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(now.getDate())}/${pad(now.getMonth() + 1)}/${now.getFullYear()}`;
}

/** The edition a typed date points to (its year), or null while it is not a date yet. */
export function editionOfDateText(text: string): number | null {
  const fr = /^\s*\d{1,2}[/.-]\d{1,2}[/.-](\d{4})\s*$/.exec(text);
  if (fr) return Number(fr[1]);
  const iso = /^\s*(\d{4})-\d{2}-\d{2}\s*$/.exec(text);
  return iso ? Number(iso[1]) : null;
}
