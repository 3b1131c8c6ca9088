/**
 * A modal confirmation dialog: focus moves into it, Tab stays inside, Escape cancels, focus
 * returns to the opener on close.
 */
import { useId, useRef, type ReactNode } from 'react';
import { useModalFocus } from './use-modal-focus.js';
import { useI18n } from '../../i18n/index.js';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  /** Label of the button that backs out (default "Annuler"; name it when the action is itself a cancellation). */
  cancelLabel?: string;
  /** Red confirm button for destructive actions. */
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ open, title, children, confirmLabel, cancelLabel, danger, busy, onConfirm, onCancel }: ConfirmDialogProps): React.JSX.Element | null {
  const { t } = useI18n();
  const titleId = useId();
  const bodyId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useModalFocus(open, dialogRef, cancelRef, onCancel);

  if (!open) return null;
  return (
    <div className="dialog-backdrop" onMouseDown={(event) => { if (event.target === event.currentTarget) onCancel(); }}>
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={bodyId} ref={dialogRef}>
        <div className="dialog-header"><h2 id={titleId}>{title}</h2></div>
        <div className="dialog-body" id={bodyId}>{children}</div>
        <div className="dialog-actions">
          <button type="button" className="btn" ref={cancelRef} onClick={onCancel}>{cancelLabel ?? t('common.cancel')}</button>
          <button type="button" className={danger ? 'btn btn-danger-solid' : 'btn btn-primary'} onClick={onConfirm} disabled={busy}>
            {confirmLabel ?? t('common.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
