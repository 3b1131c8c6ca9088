/**
 * The small dialog a correction goes through: what changes (before → after) and the reason,
 * which is required; then the API call. An error from the API (a value the importer would refuse)
 * stays in the dialog so the analyst can cancel or fix it.
 */
import { useId, useRef, useState } from 'react';
import type { CorrectionField, CorrectionResult } from '../../../../shared/correction-types.js';
import { useCorrect } from '../../api/queries/corrections.js';
import { ErrorBanner } from '../../components/states/index.js';
import { useModalFocus } from '../../components/ui/use-modal-focus.js';
import { displayValue } from './correction-values.js';
import './corrections.css';
import { useI18n } from '../../i18n/index.js';

export interface PendingCorrection {
  auditId: number;
  auditReference: string;
  itemCode: string;
  field: CorrectionField;
  /** Values as the history writes them (answer word, measure with a dot, comment). */
  before: string | null;
  after: string | null;
  /** What is sent: one of answer / measure / comment. */
  input: { answer?: string; measure?: number | string; comment?: string | null };
}

export function ReasonDialog({ pending, onDone, onCancel }: { pending: PendingCorrection; onDone: (result: CorrectionResult) => void; onCancel: () => void }): React.JSX.Element {
  const { t, lang } = useI18n();
  const titleId = useId();
  const reasonId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const correct = useCorrect();
  useModalFocus(true, dialogRef, reasonRef as React.RefObject<HTMLElement>, onCancel);

  const fieldLabel = pending.field === 'answer' ? t('corrections.fieldAnswer') : pending.field === 'measure' ? t('corrections.fieldMeasure') : t('corrections.fieldComment');
  const submit = (): void => {
    if (reason.trim() === '') {
      setMissing(true);
      reasonRef.current?.focus();
      return;
    }
    correct.mutate({ auditId: pending.auditId, itemCode: pending.itemCode, reason: reason.trim(), ...pending.input }, { onSuccess: onDone });
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(event) => { if (event.target === event.currentTarget) onCancel(); }}>
      <div className="dialog correction-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={dialogRef} data-testid="correction-dialog">
        <div className="dialog-header">
          <h2 id={titleId}>{t('corrections.dialogTitle')}</h2>
          <p className="subtle">{t('corrections.dialogIntro', { audit: pending.auditReference, item: pending.itemCode })}</p>
        </div>
        <form className="dialog-body correction-form" onSubmit={(event) => { event.preventDefault(); submit(); }}>
          <div className="correction-change" data-testid="correction-change">
            <span className="field-label">{fieldLabel}</span>
            <span className="correction-before">{displayValue(pending.field, pending.before, t, lang)}</span>
            <span aria-hidden="true">→</span>
            <strong className="correction-after">{displayValue(pending.field, pending.after, t, lang)}</strong>
          </div>
          <label className="field" htmlFor={reasonId}>
            <span className="field-label">{t('corrections.reason')}</span>
            <textarea
              id={reasonId}
              ref={reasonRef}
              className="input correction-reason"
              rows={3}
              maxLength={2000}
              value={reason}
              aria-required="true"
              aria-invalid={missing && reason.trim() === ''}
              aria-describedby={`${reasonId}-hint`}
              onChange={(event) => { setReason(event.target.value); setMissing(false); }}
              data-testid="correction-reason"
            />
            <span className="field-hint" id={`${reasonId}-hint`}>{missing && reason.trim() === '' ? <span className="correction-missing" role="alert">{t('corrections.reasonRequired')}</span> : t('corrections.reasonHint')}</span>
          </label>
          {correct.isError && <ErrorBanner error={correct.error} />}
          <div className="dialog-actions correction-actions">
            <button type="button" className="btn" onClick={onCancel}>{t('corrections.cancel')}</button>
            <button type="submit" className="btn btn-primary" disabled={correct.isPending} data-testid="correction-confirm">
              {correct.isPending ? t('corrections.saving') : t('corrections.confirm')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
