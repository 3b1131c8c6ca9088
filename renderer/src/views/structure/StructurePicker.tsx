/**
 * Structure search box (ARIA combobox): type a name or code, arrows to move, Enter to open,
 * Escape to close the list. Results come from `explorer.structures`, narrowed to the edition, or
 * (with `unauditedTag`) every structure, those without audit in the edition tagged.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { StructureOption } from '../../../../shared/api-types.js';
import { useStructureSearch } from '../../api/queries/explorer.js';

export interface StructurePickerProps {
  edition: number | null;
  label: string;
  placeholder: string;
  noResult: string;
  onPick: (option: StructureOption) => void;
  /** Shown in the box when nothing is typed (the current structure's name). */
  currentName?: string;
  testId?: string;
  /** Lists the structures without audit in the edition too, tagged with this text (« sans audit en 2026 »). */
  unauditedTag?: string;
}

export function StructurePicker({ edition, label, placeholder, noResult, onPick, currentName, testId, unauditedTag }: StructurePickerProps): React.JSX.Element {
  const inputId = useId();
  const listId = useId();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(text.trim()), 180);
    return () => window.clearTimeout(timer);
  }, [text]);

  // Nothing is asked before something is typed: an empty search would list the first structures,
  // and that list would stand in for the typed words' answer while it is on its way.
  const search = useStructureSearch(debounced, edition, 30, unauditedTag !== undefined, debounced !== '');
  const options = open && debounced ? (search.data ?? []) : [];
  // While the answer to the latest words is on its way the previous list stays on screen (no
  // flicker), but Enter does not pick from it: it would open a structure the words do not name.
  const optionsAreStale = search.isPlaceholderData || debounced !== text.trim();
  // Enter pressed before the answer came: it picks the first answer when it comes.
  const [enterPending, setEnterPending] = useState(false);
  const expanded = open && debounced.length > 0;

  const pick = (option: StructureOption): void => {
    setOpen(false);
    setText('');
    setEnterPending(false);
    onPick(option);
  };

  const pickRef = useRef(pick);
  pickRef.current = pick;
  const answer = search.data;
  const answerPending = optionsAreStale || search.isFetching;
  useEffect(() => {
    if (!enterPending || answerPending) return;
    const first = answer?.[0];
    if (first) pickRef.current(first);
    else setEnterPending(false);
  }, [enterPending, answerPending, answer]);

  return (
    <div className="field bx-picker">
      <label htmlFor={inputId} className="field-label">{label}</label>
      <input
        id={inputId}
        className="input"
        type="text"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && options[active] ? `${listId}-${active}` : undefined}
        placeholder={currentName ?? placeholder}
        value={text}
        data-testid={testId}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
          setEnterPending(false);
        }}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((i) => Math.min(i + 1, Math.max(0, options.length - 1)));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(0, i - 1));
          } else if (e.key === 'Enter') {
            if (optionsAreStale && text.trim() !== '') {
              e.preventDefault();
              setOpen(true);
              setEnterPending(true);
              return;
            }
            const option = options[active];
            if (option) {
              e.preventDefault();
              pick(option);
            }
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {expanded ? (
        <ul id={listId} role="listbox" className="bx-picker__list" aria-label={label}>
          {options.length === 0 ? (
            <li className="bx-picker__option" role="option" aria-selected={false} aria-disabled="true">{search.isFetching ? '…' : noResult}</li>
          ) : (
            options.map((o, i) => (
              <li
                key={o.code}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className="bx-picker__option"
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(o);
                }}
              >
                <span>{o.name}</span>
                {unauditedTag !== undefined && o.audited === false ? <span className="bx-picker__tag">{unauditedTag}</span> : null}
                <span className="bx-picker__code">{o.code}</span>
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
