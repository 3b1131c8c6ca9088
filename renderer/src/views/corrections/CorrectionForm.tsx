/**
 * An inline correction of one observation, for surfaces that are not a grid (the Fiche
 * structure's evidence panel): the answer among the three words, the measure of a threshold item,
 * the comment, and the required reason; the same API call as the Explorer's cell edit.
 */
import { useId, useState } from 'react';
import type { CorrectionResult } from '../../../../shared/correction-types.js';
import { useApiQuery } from '../../api/query.js';
import { useCorrect } from '../../api/queries/corrections.js';
import { ErrorBanner } from '../../components/states/index.js';
import { ANSWER_CHOICES, answerLabel, answerWordOf } from './correction-values.js';
import './corrections.css';
import { useI18n } from '../../i18n/index.js';

export interface CorrectionFormProps {
  auditId: number;
  itemCode: string;
  compliant: 0 | 1 | null;
  measure: number | null;
  comment: string | null;
  /** Comments are masked on screen (client mode): the form then leaves them alone. */
  commentEditable: boolean;
  onDone: (result: CorrectionResult) => void;
  onCancel: () => void;
}

export function CorrectionForm(props: CorrectionFormProps): React.JSX.Element {
  const { t, lang } = useI18n();
  const id = useId();
  const state = useApiQuery('corrections.cellStates', { keys: [{ auditId: props.auditId, itemCode: props.itemCode }] });
  const answerType = state.data?.[0]?.answerType ?? null;
  const initialAnswer = answerWordOf(props.compliant);
  const initialMeasure = props.measure === null ? '' : String(props.measure).replace('.', lang === 'fr' ? ',' : '.');
  const [answer, setAnswer] = useState<string>(initialAnswer);
  const [measure, setMeasure] = useState(initialMeasure);
  const [comment, setComment] = useState(props.comment ?? '');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const correct = useCorrect();

  const submit = (): void => {
    if (reason.trim() === '') {
      setMissing(true);
      return;
    }
    const input: { answer?: string; measure?: string; comment?: string | null } = {};
    if (measure.trim() !== '' && measure !== initialMeasure) input.measure = measure.trim();
    if (answer !== initialAnswer) input.answer = answer;
    if (props.commentEditable && comment.trim() !== (props.comment ?? '').trim()) input.comment = comment.trim() === '' ? null : comment;
    if (Object.keys(input).length === 0) {
      props.onCancel();
      return;
    }
    correct.mutate({ auditId: props.auditId, itemCode: props.itemCode, reason: reason.trim(), ...input }, { onSuccess: props.onDone });
  };

  return (
    <form className="correction-inline" onSubmit={(event) => { event.preventDefault(); submit(); }} data-testid="correction-form">
      <label className="field" htmlFor={`${id}-answer`}>
        <span className="field-label">{t('corrections.fieldAnswer')}</span>
        <select id={`${id}-answer`} className="select select-sm" value={answer} onChange={(event) => setAnswer(event.target.value)} disabled={answerType === null}>
          {ANSWER_CHOICES.map((word) => <option key={word} value={word}>{answerLabel(word, t)}</option>)}
        </select>
      </label>
      {answerType !== null && answerType !== 'oui-non' && (
        <label className="field" htmlFor={`${id}-measure`}>
          <span className="field-label">{t('corrections.fieldMeasure')}</span>
          <input id={`${id}-measure`} className="input input-sm" inputMode="decimal" value={measure} onChange={(event) => setMeasure(event.target.value)} />
        </label>
      )}
      {props.commentEditable && (
        <label className="field field-reason" htmlFor={`${id}-comment`}>
          <span className="field-label">{t('corrections.fieldComment')}</span>
          <textarea id={`${id}-comment`} className="input correction-reason" rows={2} maxLength={10_000} value={comment} onChange={(event) => setComment(event.target.value)} />
        </label>
      )}
      <label className="field field-reason" htmlFor={`${id}-reason`}>
        <span className="field-label">{t('corrections.reason')}</span>
        <textarea
          id={`${id}-reason`}
          className="input correction-reason"
          rows={2}
          maxLength={2000}
          aria-required="true"
          value={reason}
          aria-invalid={missing && reason.trim() === ''}
          onChange={(event) => { setReason(event.target.value); setMissing(false); }}
          data-testid="correction-reason"
        />
        <span className="field-hint">{missing && reason.trim() === '' ? <span className="correction-missing" role="alert">{t('corrections.reasonRequired')}</span> : t('corrections.reasonHint')}</span>
      </label>
      {correct.isError && <div className="field-reason"><ErrorBanner error={correct.error} /></div>}
      <div className="field-reason correction-inline__actions">
        <button type="button" className="btn btn-sm" onClick={props.onCancel}>{t('corrections.cancel')}</button>
        <button type="submit" className="btn btn-sm btn-primary" disabled={correct.isPending} data-testid="correction-confirm">{correct.isPending ? t('corrections.saving') : t('corrections.formSubmit')}</button>
      </div>
    </form>
  );
}
