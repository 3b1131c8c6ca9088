/**
 * Drill-down of one failed item: the audits where it applied and was not met (date, channel,
 * answer as written, comment), in a modal side panel. Focus moves into it, Tab stays inside,
 * Escape or the close button closes it and focus returns to the button that opened it. In "mode
 * client", comments are shown with names, telephone numbers and e-mail addresses masked.
 * « Corriger » opens the same correction as the Explorer's (reason required) under the audit.
 */
import { Fragment, useId, useRef, useState } from 'react';
import type { FailedItem } from '../../../../shared/api-types.js';
import { CHANNELS, labelOf, type Lang } from '../../../../shared/domain.js';
import { Icon } from '../../components/ui/Icon.js';
import { useModalFocus } from '../../components/ui/use-modal-focus.js';
import { useClientMode } from '../../state/client-mode.js';
import { commentForDisplay } from '../../state/client-mode-model.js';
import { formatDate, formatScore } from '../analysis-common/format.js';
import { CorrectionForm } from '../corrections/CorrectionForm.js';
import { answerLabel, answerWordOf } from '../corrections/correction-values.js';
import type { CorrectedObservation } from '../../../../shared/correction-types.js';
import { useI18n } from '../../i18n/index.js';

export interface AuditsPanelLabels {
  title: string;
  intro: string;
  close: string;
  reference: string;
  date: string;
  channel: string;
  answer: string;
  comment: string;
}

export function AuditsPanel({ item, labels, lang, onClose }: { item: FailedItem; labels: AuditsPanelLabels; lang: Lang; onClose: () => void }): React.JSX.Element {
  const titleId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const { clientMode } = useClientMode();
  const { t } = useI18n();
  const [editing, setEditing] = useState<number | null>(null);
  // The panel shows a snapshot of the failed audits: a corrected one shows its new values.
  const [corrected, setCorrected] = useState<ReadonlyMap<number, CorrectedObservation>>(new Map());

  useModalFocus(true, panelRef, closeRef, onClose);

  return (
    <>
      <div className="bx-panel-backdrop" onMouseDown={onClose} aria-hidden="true" />
      <div className="bx-panel" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={panelRef} data-testid="audits-panel">
        <div className="bx-panel__head">
          <div className="grow">
            <h2 id={titleId}>{labels.title}</h2>
            <p className="bx-muted">{item.label}</p>
          </div>
          <button type="button" className="btn btn-ghost btn-icon" ref={closeRef} onClick={onClose} aria-label={labels.close} title={labels.close}>
            <Icon name="close" />
          </button>
        </div>
        <div className="bx-panel__body">
          <p className="bx-muted">{labels.intro}</p>
          <div className="bx-table-wrap" tabIndex={0} role="region" aria-labelledby={titleId}>
            <table className="table bx-table">
              <thead>
                <tr>
                  <th scope="col">{labels.reference}</th>
                  <th scope="col">{labels.date}</th>
                  <th scope="col">{labels.channel}</th>
                  <th scope="col">{labels.answer}</th>
                  <th scope="col">{labels.comment}</th>
                  <th scope="col"><span className="visually-hidden">{t('corrections.correct')}</span></th>
                </tr>
              </thead>
              <tbody>
                {item.audits.map((a) => (
                  <Fragment key={a.auditId}>
                    <tr>
                      <td className="bx-code">{a.reference}</td>
                      <td className="nowrap">{formatDate(a.auditDate, lang)}</td>
                      <td>{labelOf(CHANNELS, a.channel, lang)}</td>
                      {(() => {
                        const now = corrected.get(a.auditId);
                        if (!now) return <td className="bx-answer-ko">{a.raw ?? (a.measure !== null ? formatScore(a.measure, lang) : '—')}</td>;
                        return (
                          <td className={now.compliant === 0 ? 'bx-answer-ko' : undefined}>
                            {answerLabel(answerWordOf(now.compliant), t)}{now.measure !== null ? ` (${formatScore(now.measure, lang)})` : ''}
                            <span className="corrected-mark" data-testid="corrected-mark">{t('corrections.corrected')}</span>
                          </td>
                        );
                      })()}
                      <td>{commentForDisplay(corrected.get(a.auditId)?.comment ?? a.comment, clientMode) ?? <span className="subtle">—</span>}</td>
                      <td>
                        <button type="button" className="btn btn-sm btn-ghost" aria-expanded={editing === a.auditId} aria-label={t('corrections.correctAria', { audit: a.reference })} onClick={() => setEditing(editing === a.auditId ? null : a.auditId)} data-testid="correct-audit">
                          {t('corrections.correct')}
                        </button>
                      </td>
                    </tr>
                    {editing === a.auditId && (
                      <tr>
                        <td colSpan={6}>
                          <CorrectionForm
                            auditId={a.auditId}
                            itemCode={item.item}
                            // The panel lists the audits where the item was not met.
                            compliant={0}
                            measure={corrected.get(a.auditId)?.measure ?? a.measure}
                            comment={corrected.get(a.auditId)?.comment ?? a.comment}
                            commentEditable={!clientMode}
                            onCancel={() => setEditing(null)}
                            onDone={(result) => {
                              setEditing(null);
                              setCorrected((previous) => new Map(previous).set(a.auditId, result.observation));
                            }}
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </>
  );
}
