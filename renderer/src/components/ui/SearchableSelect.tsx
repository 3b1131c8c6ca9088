/**
 * A long value list people can type into (ARIA combobox): « rhone » finds « Auvergne-Rhône-Alpes »,
 * « tel 02 » the item TEL-02, accents, capitals and punctuation left out (`matchesSearch`, the rule
 * of the structure search). Arrows move, Enter picks, Escape closes; the first entry clears the
 * choice. The options are the few dozen values of a filter, already in memory: nothing is asked
 * of the workspace as the user types.
 */
import { useId, useMemo, useState } from 'react';
import { matchesSearch } from '../../../../shared/text.js';
import './searchable-select.css';

export interface SearchableOption {
  value: string;
  label: string;
}

export interface SearchableSelectProps {
  label: string;
  value: string;
  options: readonly SearchableOption[];
  onChange: (value: string) => void;
  /** The entry that clears the choice (« Tous »), shown first. */
  emptyLabel: string;
  noResult: string;
  testId?: string;
}

/** Entries shown at once: enough to scroll through, few enough to stay quick to draw. */
const SHOWN = 80;

export function SearchableSelect({ label, value, options, onChange, emptyLabel, noResult, testId }: SearchableSelectProps): React.JSX.Element {
  const inputId = useId();
  const listId = useId();
  const [text, setText] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const selected = options.find((o) => o.value === value);
  const open = text !== null;
  const entries = useMemo(() => {
    const found = options.filter((o) => matchesSearch(o.label, text ?? '')).slice(0, SHOWN);
    return [{ value: '', label: emptyLabel }, ...found];
  }, [options, text, emptyLabel]);

  const close = (): void => {
    setText(null);
    setActive(0);
  };
  const pick = (entry: SearchableOption): void => {
    close();
    if (entry.value !== value) onChange(entry.value);
  };

  return (
    <div className="field searchable-select">
      <label htmlFor={inputId} className="field-label">{label}</label>
      <input
        id={inputId}
        className="input input-sm"
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && entries[active] ? `${listId}-${active}` : undefined}
        value={text ?? selected?.label ?? ''}
        placeholder={emptyLabel}
        title={selected?.label}
        autoComplete="off"
        data-testid={testId}
        onFocus={(e) => e.target.select()}
        onChange={(e) => {
          setText(e.target.value);
          // The first match, not « Tous », is what Enter takes after typing.
          setActive(e.target.value.trim() ? 1 : 0);
        }}
        onBlur={() => window.setTimeout(close, 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            if (!open) setText('');
            setActive((i) => Math.min(i + 1, entries.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(0, i - 1));
          } else if (e.key === 'Enter' && open) {
            const entry = entries[active];
            if (entry) {
              e.preventDefault();
              pick(entry);
            }
          } else if (e.key === 'Escape' && open) {
            e.preventDefault();
            close();
          }
        }}
      />
      {open ? (
        <ul id={listId} role="listbox" className="searchable-select__list" aria-label={label}>
          {entries.map((entry, i) => (
            <li
              key={entry.value || '(tous)'}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className="searchable-select__option"
              onMouseDown={(e) => {
                e.preventDefault();
                pick(entry);
              }}
            >
              {entry.label}
            </li>
          ))}
          {entries.length === 1 && text?.trim() ? <li className="searchable-select__option" role="option" aria-selected={false} aria-disabled="true">{noResult}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
