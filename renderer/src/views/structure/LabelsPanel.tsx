/**
 * The Labels tab of the Fiche structure (`#/structure/CODE/labels`): the labels the structure
 * holds (editable), and for each label of the edition a gauge of its score on the label's items
 * with the items to fix, heaviest first, and the audits behind them. Every figure is the analytics
 * service's (`analytics.readiness`); comments are masked in client mode like everywhere else.
 */
import { useMemo, useState } from 'react';
import type { HeldLabel, LabelReadiness } from '../../../../shared/readiness-types.js';
import { CHANNELS, labelOf, type Lang } from '../../../../shared/domain.js';
import { labelKey } from '../../../../shared/source-labels.js';
import { Card } from '../../components/layout/PageHeader.js';
import { Chart } from '../../components/charts/index.js';
import { ErrorBanner } from '../../components/states/index.js';
import { useClientMode } from '../../state/client-mode.js';
import { commentForDisplay } from '../../state/client-mode-model.js';
import { ErrorState, LoadingState } from '../analysis-common/StateBlock.js';
import { formatCount, formatDate, formatPercent, formatScore } from '../analysis-common/format.js';
import './labels.css';
import { useHeldLabels, useReadiness, useSetHeldLabels, useSetRequiredRate } from './labels-queries.js';
import { readinessGaugeOption, readinessGaugeTable } from './readiness-chart.js';
import { useI18n, type I18n } from '../../i18n/index.js';

type M = I18n;

/** Weights as the referential writes them: 1, 1,5, 2. */
function formatWeight(weight: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 2 }).format(weight);
}

export function LabelsPanel({ code, edition }: { code: string; edition: number }): React.JSX.Element {
  const api = useI18n();
  const { t, lang } = api;
  const readiness = useReadiness(code, edition, lang);
  const held = useHeldLabels(code);

  if (readiness.isPending || held.isPending) return <LoadingState lines={8} />;
  if (readiness.isError) return <ErrorState error={readiness.error} onRetry={() => void readiness.refetch()} />;
  if (held.isError) return <ErrorState error={held.error} onRetry={() => void held.refetch()} />;

  return (
    <div className="bx-labels" data-testid="structure-labels">
      <HeldLabelsCard code={code} held={held.data} labels={readiness.data.map((r) => r.label)} api={api} />
      <Card title={t('labels.readinessTitle')} testId="readiness">
        <p className="bx-muted" style={{ marginTop: 0 }}>{t('labels.readinessIntro')}</p>
        {readiness.data.length === 0 ? <p className="bx-muted">{t('labels.noLabels', { edition })}</p> : (
          <div className="bx-labels__gauges">
            {readiness.data.map((r) => <LabelGauge key={r.label} readiness={r} api={api} lang={lang} />)}
          </div>
        )}
      </Card>
      {readiness.data.map((r) => <ToFixCard key={r.label} readiness={r} api={api} lang={lang} />)}
    </div>
  );
}

function HeldLabelsCard({ code, held, labels, api }: { code: string; held: HeldLabel[]; labels: string[]; api: M }): React.JSX.Element {
  const { t } = api;
  const save = useSetHeldLabels(code);
  const [other, setOther] = useState('');
  const heldKeys = useMemo(() => new Set(held.map((h) => labelKey(h.label))), [held]);
  // The referential's labels first, then any other label the structure holds.
  const choices = useMemo(() => {
    const known = new Set(labels.map(labelKey));
    return [...labels, ...held.map((h) => h.label).filter((l) => !known.has(labelKey(l)))];
  }, [labels, held]);
  const sourceOf = (label: string): HeldLabel['source'] | null => held.find((h) => labelKey(h.label) === labelKey(label))?.source ?? null;
  const toggle = (label: string, on: boolean): void => {
    const next = on ? [...held.map((h) => h.label), label] : held.map((h) => h.label).filter((l) => labelKey(l) !== labelKey(label));
    save.mutate(next);
  };
  const addOther = (): void => {
    const name = other.trim();
    if (!name) return;
    save.mutate([...held.map((h) => h.label), name], { onSuccess: () => setOther('') });
  };

  return (
    <Card title={t('labels.heldTitle')} testId="labels-held">
      <p className="bx-muted" style={{ marginTop: 0 }}>{t('labels.heldIntro')}</p>
      {choices.length === 0 ? <p className="bx-muted">{t('labels.heldNone')}</p> : (
        <ul className="bx-labels__held">
          {choices.map((label) => {
            const source = sourceOf(label);
            return (
              <li key={label}>
                <label>
                  <input type="checkbox" checked={heldKeys.has(labelKey(label))} disabled={save.isPending} onChange={(e) => toggle(label, e.target.checked)} />
                  {' '}{label}
                </label>
                {source ? <span className="bx-labels__source">{source === 'import' ? t('labels.heldSourceImport') : t('labels.heldSourceManual')}</span> : null}
              </li>
            );
          })}
        </ul>
      )}
      <form className="bx-labels__add" onSubmit={(e) => { e.preventDefault(); addOther(); }}>
        <label>
          {t('labels.heldOther')}
          <input type="text" className="input" value={other} maxLength={200} onChange={(e) => setOther(e.target.value)} />
        </label>
        <button type="submit" className="btn" disabled={save.isPending || other.trim() === ''}>{t('labels.heldAdd')}</button>
      </form>
      {save.isError ? <ErrorBanner error={save.error} /> : null}
      {save.isSuccess ? <p className="bx-muted" role="status">{t('labels.heldSaved')}</p> : null}
    </Card>
  );
}

function RequiredRate({ readiness, api }: { readiness: LabelReadiness; api: M }): React.JSX.Element {
  const { t } = api;
  const save = useSetRequiredRate();
  const [value, setValue] = useState(String(readiness.requiredRate));
  const parsed = Number(value.replace(',', '.'));
  const valid = value.trim() !== '' && Number.isFinite(parsed) && parsed >= 0 && parsed <= 100;
  return (
    <form className="bx-labels__rate" onSubmit={(e) => { e.preventDefault(); if (valid) save.mutate({ label: readiness.label, requiredRate: parsed }); }}>
      <label title={t('labels.requiredRateHint')}>
        {t('labels.requiredRate')} (%)
        <input type="text" inputMode="decimal" className="input" size={5} value={value} aria-invalid={!valid} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-sm" disabled={!valid || save.isPending || parsed === readiness.requiredRate}>{t('labels.requiredRateSave')}</button>
      {save.isError ? <ErrorBanner error={save.error} /> : null}
    </form>
  );
}

/** Test id of a label's blocks: `qualivilles`, `services-publics`. */
function labelTestId(label: string): string {
  return labelKey(label).replace(/ /g, '-');
}

function LabelGauge({ readiness: r, api, lang }: { readiness: LabelReadiness; api: M; lang: Lang }): React.JSX.Element {
  const { t } = api;
  const option = useMemo(() => readinessGaugeOption(r.score, lang), [r.score, lang]);
  return (
    <div className="bx-labels__gauge" data-testid={`gauge-${labelTestId(r.label)}`}>
      <Chart
        title={t('labels.gaugeTitle', { label: r.label })}
        subtitle={t('labels.gaugeSubtitle', { met: formatCount(r.met, lang), items: formatCount(r.items, lang), toFix: formatCount(r.toFix.length, lang) })}
        option={option}
        table={readinessGaugeTable(r.label, t('labels.score'), r.score)}
        formatValue={(v) => formatScore(v, lang)}
        height={190}
        empty={r.score === null}
      />
      {r.held ? <p className="bx-labels__badge">{t('labels.gaugeHeld')}</p> : null}
      {r.notObserved > 0 ? <p className="bx-muted">{t('labels.notObserved', { n: formatCount(r.notObserved, lang) })}</p> : null}
      <RequiredRate key={r.requiredRate} readiness={r} api={api} />
    </div>
  );
}

/** Items to fix shown before "see all": the heaviest, where the work pays most. */
const TO_FIX_SHOWN = 10;

function ToFixCard({ readiness: r, api, lang }: { readiness: LabelReadiness; api: M; lang: Lang }): React.JSX.Element {
  const { t } = api;
  const { clientMode } = useClientMode();
  const [all, setAll] = useState(false);
  const shown = all ? r.toFix : r.toFix.slice(0, TO_FIX_SHOWN);
  return (
    <Card title={t('labels.toFixTitle', { label: r.label })} testId={`readiness-${labelTestId(r.label)}`}>
      {r.toFix.length === 0 ? <p className="bx-muted">{t('labels.toFixNone')}</p> : (
        <>
          <p className="bx-muted" style={{ marginTop: 0 }}>{t('labels.toFixIntro', { n: formatCount(r.toFix.length, lang), rate: formatPercent(r.requiredRate, lang, 0) })}</p>
          <div className="bx-table-wrap">
            <table className="table bx-table bx-labels__table">
              <thead>
                <tr>
                  <th scope="col">{t('labels.colItem')}</th>
                  <th scope="col">{t('labels.colChannel')}</th>
                  <th scope="col" className="num">{t('labels.colWeight')}</th>
                  <th scope="col" className="num">{t('labels.colRate')}</th>
                  <th scope="col" className="num">{t('labels.colAudits')}</th>
                  <th scope="col">{t('labels.colEvidence')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((item) => (
                  <tr key={item.item}>
                    <td><span className="bx-code">{item.item}</span> {item.label}</td>
                    <td className="nowrap">{labelOf(CHANNELS, item.channel, lang)}</td>
                    <td className="num">{formatWeight(item.weight, lang)}</td>
                    <td className="num">{formatPercent(item.rate, lang, 0)}</td>
                    <td className="num nowrap">{formatCount(item.audits - item.compliant, lang)} / {formatCount(item.audits, lang)}</td>
                    <td>
                      {item.evidence.length === 0 ? '—' : (
                        <details>
                          <summary>{item.evidence.length === 1 ? t('labels.evidenceShowOne') : t('labels.evidenceShow', { n: formatCount(item.evidence.length, lang) })}</summary>
                          <ul className="bx-labels__evidence">
                            {item.evidence.map((e) => (
                              <li key={e.reference}>
                                <span className="bx-code">{e.reference}</span> {formatDate(e.date, lang)} · {labelOf(CHANNELS, e.channel, lang)}
                                {e.answer ? ` · ${e.answer}` : ''}
                                {e.comment ? <> — {commentForDisplay(e.comment, clientMode)}</> : null}
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.toFix.length > TO_FIX_SHOWN ? (
            <button type="button" className="btn btn-sm" onClick={() => setAll((v) => !v)} aria-expanded={all}>
              {all ? t('labels.showFewer') : t('labels.showAll', { n: formatCount(r.toFix.length, lang) })}
            </button>
          ) : null}
        </>
      )}
    </Card>
  );
}
