/**
 * Drill-down of one failed item: the audits where it applied and was not met (date, channel,
 * answer as written, comment), in a modal side panel. Focus moves into it, Tab stays inside,
 * Escape or the close button closes it and focus returns to the button that opened it. In "mode
 * client", comments are shown with names, telephone numbers and e-mail addresses masked.
 */
import { useId, useRef } from 'react';
import type { FailedItem } from '../../../../shared/api-types.js';
import { CHANNELS, labelOf, type Lang } from '../../../../shared/domain.js';
import { Icon } from '../../components/ui/Icon.js';
import { useModalFocus } from '../../components/ui/use-modal-focus.js';
import { useClientMode } from '../../state/client-mode.js';
import { commentForDisplay } from '../../state/client-mode-model.js';
import { formatDate, formatScore } from '../analysis-common/format.js';

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
                </tr>
              </thead>
              <tbody>
                {item.audits.map((a) => (
                  <tr key={a.auditId}>
                    <td className="bx-code">{a.reference}</td>
                    <td className="nowrap">{formatDate(a.auditDate, lang)}</td>
                    <td>{labelOf(CHANNELS, a.channel, lang)}</td>
                    <td className="bx-answer-ko">{a.raw ?? (a.measure !== null ? formatScore(a.measure, lang) : '—')}</td>
                    <td>{commentForDisplay(a.comment, clientMode) ?? <span className="subtle">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </>
  );
}
