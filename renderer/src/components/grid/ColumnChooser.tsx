/**
 * « Colonnes… » : the column chooser of a grid whose column state is remembered (ag-grid
 * community has none of its own): every column with a check box, hidden ones (optional columns
 * such as the provenance of Explorer rows) included. Ticking shows the column at once; the grid's
 * `onColumnVisible` remembers it like any other column change. Escape or a click outside closes.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Column, GridApi } from 'ag-grid-community';
import { useI18n } from '../../i18n/index.js';
import './column-chooser.css';

interface Choice {
  id: string;
  label: string;
  visible: boolean;
}

function choicesOf(api: GridApi): Choice[] {
  return (api.getColumns() ?? []).map((column: Column) => ({
    id: column.getColId(),
    label: api.getDisplayNameForColumn(column, null) ?? column.getColId(),
    visible: column.isVisible(),
  }));
}

export function ColumnChooser({ api }: { api: GridApi | null }): React.JSX.Element {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<Choice[]>([]);
  const boxRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!open) return undefined;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onDown = (event: MouseEvent): void => {
      if (boxRef.current && !boxRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  const toggle = (): void => {
    if (!api) return;
    if (!open) setChoices(choicesOf(api));
    setOpen(!open);
  };
  const show = (id: string, visible: boolean): void => {
    if (!api) return;
    api.setColumnsVisible([id], visible);
    setChoices(choicesOf(api));
  };

  return (
    <div className="column-chooser" ref={boxRef}>
      <button type="button" className="btn btn-sm btn-ghost" ref={buttonRef} disabled={!api} aria-expanded={open} aria-controls={open ? listId : undefined} onClick={toggle} data-testid="column-chooser">
        {t('common.chooseColumns')}
      </button>
      {open ? (
        <fieldset id={listId} className="column-chooser__list" data-testid="column-chooser-list">
          <legend className="visually-hidden">{t('common.chooseColumns')}</legend>
          {choices.map((c) => (
            <label key={c.id} className="check">
              <input type="checkbox" checked={c.visible} onChange={(event) => show(c.id, event.target.checked)} data-col-id={c.id} />
              {c.label}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
