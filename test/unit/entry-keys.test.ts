/** The keyboard of audit entry (renderer/src/views/entry/entry-keys.ts). */
import { describe, expect, it } from 'vitest';
import { editionOfDateText, moveIndex, textFieldKeyAction, todayText, yesNoKeyAction } from '../../renderer/src/views/entry/entry-keys.js';

describe('audit entry keys', () => {
  it('O / N / A answer a yes/no item, in either case; Enter and arrows move', () => {
    expect(yesNoKeyAction({ key: 'o' })).toEqual({ kind: 'answer', value: 'Oui' });
    expect(yesNoKeyAction({ key: 'O' })).toEqual({ kind: 'answer', value: 'Oui' });
    expect(yesNoKeyAction({ key: 'n' })).toEqual({ kind: 'answer', value: 'Non' });
    expect(yesNoKeyAction({ key: 'A' })).toEqual({ kind: 'answer', value: 'Sans objet' });
    expect(yesNoKeyAction({ key: 'Enter' })).toEqual({ kind: 'move', delta: 1 });
    expect(yesNoKeyAction({ key: 'ArrowDown' })).toEqual({ kind: 'move', delta: 1 });
    expect(yesNoKeyAction({ key: 'ArrowUp' })).toEqual({ kind: 'move', delta: -1 });
    // Shortcuts of the app (Ctrl+1…) and other keys are left alone.
    expect(yesNoKeyAction({ key: 'o', ctrlKey: true })).toBeNull();
    expect(yesNoKeyAction({ key: 'x' })).toBeNull();
    expect(yesNoKeyAction({ key: 'Tab' })).toBeNull();
  });

  it('text fields: Enter / ↓ next, ↑ previous, letters typed', () => {
    expect(textFieldKeyAction({ key: 'Enter' })).toEqual({ kind: 'move', delta: 1 });
    expect(textFieldKeyAction({ key: 'ArrowUp' })).toEqual({ kind: 'move', delta: -1 });
    expect(textFieldKeyAction({ key: 'o' })).toBeNull();
    expect(textFieldKeyAction({ key: 'a' })).toBeNull();
  });

  it('moves stay inside the list; dates give their edition', () => {
    expect(moveIndex(0, -1, 5)).toBe(0);
    expect(moveIndex(4, 1, 5)).toBe(4);
    expect(moveIndex(2, 1, 5)).toBe(3);
    expect(todayText(new Date(2026, 2, 3))).toBe('03/03/2026');
    expect(editionOfDateText('03/03/2026')).toBe(2026);
    expect(editionOfDateText('2027-01-15')).toBe(2027);
    expect(editionOfDateText('03/03/26')).toBeNull();
  });
});
