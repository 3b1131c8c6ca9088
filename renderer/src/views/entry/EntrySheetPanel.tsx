/**
 * The entry sheet of one audit: its items in force grouped by step and determinant, one row per
 * item with its answer control (Oui / Non / Sans objet, or a measure field) and a comment field.
 * Keyboard-first (entry-keys.ts); every field is saved on its own as soon as it is filled, the
 * saves chained so each carries the entry session the previous one returned. "Terminer l'audit"
 * closes it and refreshes the edition's scores.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EntryAnswer, EntryItem, EntryProgress, EntrySheet } from '../../../../shared/entry-types.js';
import { CHANNELS, labelOf } from '../../../../shared/domain.js';
import { ApiError } from '../../api/client.js';
import { Card, PageHeader } from '../../components/layout/PageHeader.js';
import { Banner, ErrorBanner, Skeleton } from '../../components/states/index.js';
import { ConfirmDialog } from '../../components/ui/Dialog.js';
import { ProgressBar } from '../../components/ui/ProgressBar.js';
import { useI18n } from '../../i18n/index.js';
import { routeHref } from '../../state/router.js';
import { moveIndex, textFieldKeyAction, yesNoKeyAction, type YesNoAnswer } from './entry-keys.js';
import { rememberSession, rememberedSession, saveField, useCompleteAudit, useEntrySheet } from './queries.js';

export function EntrySheetPanel({ code, auditId }: { code: string; auditId: number }): React.JSX.Element {
  const { lang } = useI18n();
  const sheet = useEntrySheet(auditId, lang);
  if (sheet.isError) return <ErrorBanner error={sheet.error} onRetry={() => void sheet.refetch()} />;
  if (!sheet.data) return <Skeleton lines={10} />;
  return <EntrySheetBody key={auditId} sheet={sheet.data} code={code} />;
}

interface RowState {
  answer: EntryAnswer | null;
  measureDraft: string;
  commentDraft: string;
  status: 'idle' | 'saving' | 'saved' | 'error';
  error: string | null;
}

const YES_NO: readonly YesNoAnswer[] = ['Oui', 'Non', 'Sans objet'];

function yesNoValue(answer: EntryAnswer | null): YesNoAnswer | null {
  if (!answer) return null;
  return answer.compliant === 1 ? 'Oui' : answer.compliant === 0 ? 'Non' : 'Sans objet';
}

function initialRows(sheet: EntrySheet): Map<string, RowState> {
  const byItem = new Map(sheet.answers.map((a) => [a.itemCode, a]));
  const rows = new Map<string, RowState>();
  for (const group of sheet.groups) {
    for (const det of group.determinants) {
      for (const item of det.items) {
        const answer = byItem.get(item.code) ?? null;
        rows.set(item.code, { answer, measureDraft: answer?.raw ?? '', commentDraft: answer?.comment ?? '', status: 'idle', error: null });
      }
    }
  }
  return rows;
}

function EntrySheetBody({ sheet, code }: { sheet: EntrySheet; code: string }): React.JSX.Element {
  const { t, lang, fmt } = useI18n();
  const items = useMemo(() => sheet.groups.flatMap((g) => g.determinants.flatMap((d) => d.items)), [sheet.groups]);
  const indexOf = useMemo(() => new Map(items.map((item, i) => [item.code, i])), [items]);
  const [rows, setRows] = useState(() => initialRows(sheet));
  const [progress, setProgress] = useState<EntryProgress>(sheet.progress);
  const [confirming, setConfirming] = useState(false);
  const session = useRef<number | undefined>(rememberedSession());
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const answerRefs = useRef<Array<HTMLElement | null>>([]);
  const completeRef = useRef<HTMLButtonElement>(null);
  const complete = useCompleteAudit();
  const readOnly = sheet.audit.status === 'completed' || complete.isSuccess;

  const patchRow = useCallback((itemCode: string, patch: Partial<RowState>) => {
    setRows((previous) => {
      const next = new Map(previous);
      const row = next.get(itemCode);
      if (row) next.set(itemCode, { ...row, ...patch });
      return next;
    });
  }, []);

  /** Moves from item `index` by `delta`; past the last item, to « Terminer l'audit ». */
  const moveFrom = useCallback((index: number, delta: 1 | -1) => {
    if (delta === 1 && index === items.length - 1 && completeRef.current) {
      completeRef.current.focus();
      return;
    }
    const target = answerRefs.current[moveIndex(index, delta, items.length)];
    target?.focus();
    target?.scrollIntoView({ block: 'center' });
  }, [items.length]);

  // The first item without an answer has the focus when the sheet opens.
  useEffect(() => {
    if (readOnly) return;
    const first = items.findIndex((item) => !rows.get(item.code)?.answer);
    answerRefs.current[first < 0 ? 0 : first]?.focus();
    // Once, on opening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const save = useCallback((itemCode: string, field: 'answer' | 'comment', value: string | null) => {
    patchRow(itemCode, { status: 'saving', error: null });
    queue.current = queue.current.then(() => saveField({ auditId: sheet.audit.id, itemCode, field, value, ...(session.current ? { sessionId: session.current } : {}) })
      .then((saved) => {
        session.current = saved.sessionId;
        rememberSession(saved.sessionId);
        setProgress(saved.progress);
        setRows((previous) => {
          const next = new Map(previous);
          const row = next.get(itemCode);
          if (row) {
            next.set(itemCode, {
              ...row,
              answer: saved.answer,
              status: 'saved',
              error: null,
              // A measure typed as "2 min 30" stays as typed; the saved raw text is the same.
              ...(field === 'answer' ? { measureDraft: saved.answer?.raw ?? '' } : { commentDraft: saved.answer?.comment ?? '' }),
            });
          }
          return next;
        });
      }, (error: unknown) => patchRow(itemCode, { status: 'error', error: ApiError.from(error).message })));
  }, [patchRow, sheet.audit.id]);

  const answerYesNo = (item: EntryItem, value: YesNoAnswer): void => {
    if (readOnly) return;
    const row = rows.get(item.code);
    patchRow(item.code, { answer: { itemCode: item.code, compliant: value === 'Oui' ? 1 : value === 'Non' ? 0 : null, measure: null, raw: value, comment: row?.answer?.comment ?? null } });
    if (yesNoValue(row?.answer ?? null) !== value || row?.status === 'error') save(item.code, 'answer', value);
  };

  const commitMeasure = (item: EntryItem): void => {
    const row = rows.get(item.code);
    if (!row || readOnly) return;
    const draft = row.measureDraft.trim();
    if (draft !== (row.answer?.raw ?? '') || row.status === 'error') save(item.code, 'answer', draft === '' ? null : draft);
  };

  const commitComment = (item: EntryItem): void => {
    const row = rows.get(item.code);
    if (!row || readOnly) return;
    const draft = row.commentDraft.trim();
    if (draft !== (row.answer?.comment ?? '') || row.status === 'error') save(item.code, 'comment', draft === '' ? null : draft);
  };

  const onYesNoKey = (item: EntryItem, index: number) => (event: React.KeyboardEvent): void => {
    const action = yesNoKeyAction(event);
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'answer') answerYesNo(item, action.value);
    moveFrom(index, action.kind === 'answer' ? 1 : action.delta);
  };

  const onTextKey = (item: EntryItem, index: number, commit: (item: EntryItem) => void) => (event: React.KeyboardEvent): void => {
    const action = textFieldKeyAction(event);
    if (!action || action.kind !== 'move') return;
    event.preventDefault();
    commit(item);
    moveFrom(index, action.delta);
  };

  const finish = (): void => {
    setConfirming(false);
    // Every pending save lands before the audit is closed.
    void queue.current.then(() => complete.mutate(sheet.audit.id));
  };
  const missing = progress.total - progress.answered;

  const channelLabel = labelOf(CHANNELS, sheet.audit.channel, lang);
  const thresholdText = (item: EntryItem): string => {
    const value = fmt.number(item.threshold ?? 0, (item.threshold ?? 0) % 1 === 0 ? 0 : 1);
    return item.unit ? `${value}\u00a0${t(`entry.unit_${item.unit}`)}` : value;
  };

  return (
    <>
      <PageHeader
        title={t('entry.sheetTitle', { reference: sheet.audit.reference })}
        subtitle={t('entry.sheetSubtitle', { structure: sheet.audit.structureName, channel: channelLabel, date: fmt.date(sheet.audit.date), edition: sheet.audit.edition })}
        actions={(
          <>
            <a className="btn" href={routeHref('entry', code)}>{t('entry.backToForm')}</a>
            <a className="btn" href={routeHref('structure', code)}>{t('entry.openStructure')}</a>
          </>
        )}
      />
      <div className="entry-toolbar" data-testid="entry-toolbar">
        <div className="entry-progress">
          <span className="entry-progress-text" data-testid="entry-progress">{t('entry.progress', { answered: fmt.integer(progress.answered), total: fmt.integer(progress.total) })}</span>
          <ProgressBar fraction={progress.total === 0 ? 0 : progress.answered / progress.total} label={t('entry.progressLabel')} />
        </div>
        {readOnly ? null : (
          <button
            type="button"
            ref={completeRef}
            className="btn btn-primary"
            disabled={complete.isPending}
            onClick={() => (missing > 0 ? setConfirming(true) : finish())}
            data-testid="entry-complete"
          >
            {complete.isPending ? t('entry.completing') : t('entry.complete')}
          </button>
        )}
      </div>
      {complete.isSuccess ? (
        <Banner tone="success" testId="entry-completed" actions={<a className="btn btn-sm" href={routeHref('structure', code)}>{t('entry.openStructure')}</a>}>
          {t('entry.completedBanner', { edition: sheet.audit.edition })}
        </Banner>
      ) : readOnly ? <Banner tone="info">{t('entry.completedReadOnly')}</Banner> : <p className="entry-keys-help">{t('entry.keysHelp')}</p>}
      {complete.isError ? <ErrorBanner error={complete.error} /> : null}

      {sheet.groups.map((group) => (
        <Card key={group.step} title={group.stepLabel} tight testId={`entry-step-${group.step}`}>
          {group.determinants.map((det) => (
            <section key={det.determinant} className="entry-determinant" aria-labelledby={`entry-det-${group.step}-${det.determinant}`}>
              <h3 id={`entry-det-${group.step}-${det.determinant}`} className="entry-determinant-title">{det.determinantLabel}</h3>
              {det.items.map((item) => {
                const index = indexOf.get(item.code) ?? 0;
                const row = rows.get(item.code);
                const labelId = `entry-item-${item.code}`;
                const current = yesNoValue(row?.answer ?? null);
                return (
                  <div key={item.code} className={`entry-item${row?.status === 'error' ? ' entry-item--error' : ''}`} data-testid={`entry-item-${item.code}`}>
                    <div className="entry-item-text">
                      <span className="entry-item-code">{item.code}</span>
                      <span id={labelId} className="entry-item-label">{item.label}</span>
                      <span className="entry-item-meta">{t('entry.weight', { w: fmt.number(item.weight, item.weight % 1 === 0 ? 0 : 1) })}</span>
                    </div>
                    <div className="entry-item-answer">
                      {item.answerType === 'oui-non' ? (
                        <div
                          role="radiogroup"
                          aria-labelledby={labelId}
                          aria-readonly={readOnly || undefined}
                          tabIndex={0}
                          className="entry-yesno"
                          ref={(el) => { answerRefs.current[index] = el; }}
                          onKeyDown={onYesNoKey(item, index)}
                          data-testid={`entry-answer-${item.code}`}
                        >
                          {YES_NO.map((value) => (
                            <button
                              key={value}
                              type="button"
                              role="radio"
                              aria-checked={current === value}
                              tabIndex={-1}
                              disabled={readOnly}
                              className={`entry-choice entry-choice--${value === 'Oui' ? 'yes' : value === 'Non' ? 'no' : 'na'}`}
                              onClick={() => answerYesNo(item, value)}
                            >
                              {value === 'Oui' ? t('entry.yes') : value === 'Non' ? t('entry.no') : t('entry.na')}
                            </button>
                          ))}
                        </div>
                      ) : (
                        <div className="entry-measure">
                          <input
                            className="input"
                            aria-label={t('entry.answerFor', { code: item.code })}
                            aria-describedby={`${labelId}-hint`}
                            value={row?.measureDraft ?? ''}
                            readOnly={readOnly}
                            inputMode="decimal"
                            ref={(el) => { answerRefs.current[index] = el; }}
                            onChange={(e) => patchRow(item.code, { measureDraft: e.target.value })}
                            onKeyDown={onTextKey(item, index, commitMeasure)}
                            onBlur={() => commitMeasure(item)}
                            data-testid={`entry-answer-${item.code}`}
                          />
                          <span className="field-hint" id={`${labelId}-hint`}>
                            {t('entry.measureHint', { op: item.answerType === 'seuil-max' ? '≤' : '≥', threshold: thresholdText(item) })}
                          </span>
                        </div>
                      )}
                    </div>
                    <input
                      className="input entry-comment"
                      aria-label={t('entry.commentFor', { code: item.code })}
                      placeholder={t('entry.comment')}
                      value={row?.commentDraft ?? ''}
                      readOnly={readOnly}
                      onChange={(e) => patchRow(item.code, { commentDraft: e.target.value })}
                      onKeyDown={onTextKey(item, index, commitComment)}
                      onBlur={() => commitComment(item)}
                      data-testid={`entry-comment-${item.code}`}
                    />
                    <div className="entry-item-status" data-testid={`entry-status-${item.code}`}>
                      {row?.status === 'saving' ? <span className="entry-saving">{t('entry.saving')}</span> : null}
                      {row?.status === 'saved' ? <span className="entry-saved">{t('entry.saved')}</span> : null}
                      {row?.answer && item.answerType !== 'oui-non' && row.status !== 'error' ? (
                        <span className={`badge ${row.answer.compliant === 1 ? 'badge-success' : row.answer.compliant === 0 ? 'badge-danger' : 'badge-neutral'}`}>
                          {row.answer.compliant === 1 ? t('entry.compliant') : row.answer.compliant === 0 ? t('entry.notCompliant') : t('entry.notApplicable')}
                        </span>
                      ) : null}
                      {row?.status === 'error' ? <span className="entry-error" role="alert">{row.error}</span> : null}
                    </div>
                  </div>
                );
              })}
            </section>
          ))}
        </Card>
      ))}
      <ConfirmDialog
        open={confirming}
        title={t('entry.completeConfirmTitle')}
        confirmLabel={t('entry.completeConfirm')}
        cancelLabel={t('entry.keepEntering')}
        onCancel={() => setConfirming(false)}
        onConfirm={finish}
      >
        <p>{t('entry.completeConfirmText', { missing: fmt.integer(missing) })}</p>
      </ConfirmDialog>
    </>
  );
}
