/**
 * The corrections history of a scope (an observation, an audit, a structure, the session), most
 * recent first: before → after, reason, who, state; « Annuler » per correction (every value it
 * changed together) and « Annuler la session » (this run of the app, after a backup copy).
 */
import { useState } from 'react';
import type { CorrectionEntry } from '../../../../shared/correction-types.js';
import { type CorrectionScope, useCorrectionHistory, useCorrectionSession, useUndoCorrection } from '../../api/queries/corrections.js';
import { Banner, ErrorBanner } from '../../components/states/index.js';
import { ConfirmDialog } from '../../components/ui/Dialog.js';
import { useI18n } from '../../i18n/index.js';
import { displayValue } from './correction-values.js';
import './corrections.css';

export function CorrectionHistory({ scope, enabled = true, onUndone, toolbar, emptyHint }: { scope: CorrectionScope | null; enabled?: boolean; onUndone?: () => void; toolbar?: React.ReactNode; emptyHint?: string }): React.JSX.Element {
  const { t, lang, fmt } = useI18n();
  const history = useCorrectionHistory(scope ?? {}, enabled && scope !== null);
  const session = useCorrectionSession();
  const sessionId = session.data?.sessionId;
  const sessionActive = useCorrectionHistory({ sessionId: sessionId ?? '-', includeUndone: false }, sessionId !== undefined);
  const undo = useUndoCorrection();
  const [confirmSession, setConfirmSession] = useState(false);
  const activeInSession = new Set((sessionActive.data ?? []).map((e) => e.changeId)).size;

  const fieldLabel = (entry: CorrectionEntry): string => (entry.field === 'answer' ? t('corrections.fieldAnswer') : entry.field === 'measure' ? t('corrections.fieldMeasure') : t('corrections.fieldComment'));
  const stateOf = (entry: CorrectionEntry): string => (entry.undoneAt !== null ? t('corrections.stateUndone') : entry.current ? t('corrections.stateCurrent') : t('corrections.stateReplaced'));
  const done = (): void => onUndone?.();

  return (
    <section className="correction-history" aria-label={t('corrections.historyTitle')} data-testid="correction-history">
      <div className="correction-history__head">
        <h3>{t('corrections.historyTitle')}</h3>
        <button
          type="button"
          className="btn btn-sm"
          disabled={activeInSession === 0 || undo.isPending}
          onClick={() => setConfirmSession(true)}
          data-testid="undo-session"
        >
          {t('corrections.undoSession')}
        </button>
      </div>
      {toolbar}
      {undo.isError && <ErrorBanner error={undo.error} />}
      {undo.isSuccess && <Banner tone="success">{t('corrections.undone', { n: undo.data.undone.length })}</Banner>}
      {history.isError && <ErrorBanner error={history.error} />}
      {scope === null && emptyHint && <p className="subtle" data-testid="correction-hint">{emptyHint}</p>}
      {scope !== null && history.data && history.data.length === 0 && <p className="subtle">{t('corrections.historyEmpty')}</p>}
      {scope !== null && history.data && history.data.length > 0 && (
        <div className="correction-history__table" tabIndex={0} role="region" aria-label={t('corrections.historyTitle')}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('corrections.colWhen')}</th>
                <th scope="col">{t('corrections.colAudit')}</th>
                <th scope="col">{t('corrections.colItem')}</th>
                <th scope="col">{t('corrections.colField')}</th>
                <th scope="col">{t('corrections.colChange')}</th>
                <th scope="col">{t('corrections.colReason')}</th>
                <th scope="col">{t('corrections.colUser')}</th>
                <th scope="col">{t('corrections.colState')}</th>
                <th scope="col"><span className="visually-hidden">{t('corrections.undo')}</span></th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((entry) => (
                <tr key={entry.id} data-testid="correction-row" className={entry.undoneAt ? 'correction-row--undone' : undefined}>
                  <td className="nowrap">{fmt.dateTime(entry.correctedAt)}</td>
                  <td className="mono">{entry.auditReference}</td>
                  <td className="mono">{entry.itemCode}</td>
                  <td>{fieldLabel(entry)}</td>
                  <td>{displayValue(entry.field, entry.before, t, lang)} → <strong>{displayValue(entry.field, entry.after, t, lang)}</strong></td>
                  <td>{entry.reason}</td>
                  <td>{entry.userName}</td>
                  <td>{stateOf(entry)}</td>
                  <td>
                    {entry.undoneAt === null && (
                      <button
                        type="button"
                        className="btn btn-sm btn-ghost"
                        disabled={undo.isPending}
                        aria-label={t('corrections.undoAria', { id: entry.changeId })}
                        onClick={() => undo.mutate({ id: entry.id }, { onSuccess: done })}
                        data-testid="undo-correction"
                      >
                        {t('corrections.undo')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={confirmSession}
        title={t('corrections.undoSessionTitle')}
        confirmLabel={t('corrections.undoSession')}
        cancelLabel={t('corrections.cancel')}
        danger
        busy={undo.isPending}
        onCancel={() => setConfirmSession(false)}
        onConfirm={() => {
          if (sessionId) undo.mutate({ sessionId }, { onSuccess: done, onSettled: () => setConfirmSession(false) });
        }}
      >
        {t('corrections.undoSessionText', { n: activeInSession })}
      </ConfirmDialog>
    </section>
  );
}
