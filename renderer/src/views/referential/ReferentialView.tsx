/**
 * Référentiel (`#/referential`): the items in force for the top bar's edition, by step of the
 * user journey (channel, determinant, weight, threshold, labels, editions in force), the versions
 * of the referential and what changed from the previous one (items added, removed, changed field
 * by field). An item's labels can be edited: one transaction, written to the edit trail.
 */
import { useMemo, useState } from 'react';
import type { ReferentialChange, ReferentialItemRow } from '../../../../shared/readiness-types.js';
import { CHANNELS, STEPS, labelOf, type Lang } from '../../../../shared/domain.js';
import { labelKey } from '../../../../shared/source-labels.js';
import { useEdition } from '../../state/edition.js';
import { Card, Page, PageHeader } from '../../components/layout/PageHeader.js';
import { ErrorBanner } from '../../components/states/index.js';
import { EmptyState, ErrorState, LoadingState } from '../analysis-common/StateBlock.js';
import { formatCount } from '../analysis-common/format.js';
import '../analysis-common/analysis.css';
import './referential.css';
import { useReferential, useSetSourceLabel } from './queries.js';
import { isMessageKey, useI18n, type I18n } from '../../i18n/index.js';

type M = I18n;
const NO_LABEL = '\u0000none';

function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 2 }).format(value);
}

function thresholdText(item: ReferentialItemRow, api: M): string {
  const { t, lang } = api;
  if (item.answerType === 'oui-non' || item.threshold === null) return t('referential.yesNo');
  const v = formatNumber(item.threshold, lang);
  return item.answerType === 'seuil-min' ? t('referential.min', { v }) : t('referential.max', { v });
}

export default function ReferentialView(): React.JSX.Element {
  const api = useI18n();
  const { t, lang } = api;
  const { edition, loading } = useEdition();
  const view = useReferential(edition, lang);
  const [labelFilter, setLabelFilter] = useState<string>('');
  const [search, setSearch] = useState('');

  const labels = useMemo(() => {
    const byKey = new Map<string, string>();
    for (const item of view.data?.items ?? []) for (const l of item.labels) if (!byKey.has(labelKey(l))) byKey.set(labelKey(l), l);
    return [...byKey.values()].sort((a, b) => a.localeCompare(b, 'fr'));
  }, [view.data]);

  const byStep = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const items = (view.data?.items ?? []).filter((item) => {
      if (labelFilter === NO_LABEL && item.labels.length > 0) return false;
      if (labelFilter && labelFilter !== NO_LABEL && !item.labels.some((l) => labelKey(l) === labelKey(labelFilter))) return false;
      return !needle || item.code.toLowerCase().includes(needle) || item.label.toLowerCase().includes(needle);
    });
    return STEPS.map((step) => ({ step, items: items.filter((i) => i.step === step.code) })).filter((g) => g.items.length > 0);
  }, [view.data, labelFilter, search]);

  if (loading || view.isPending) {
    return <Page testId="referential-view"><PageHeader title={t('referential.title')} /><LoadingState lines={10} /></Page>;
  }
  if (view.isError) {
    return <Page testId="referential-view"><PageHeader title={t('referential.title')} /><ErrorState error={view.error} onRetry={() => void view.refetch()} /></Page>;
  }
  const data = view.data;
  if (!data) return <Page testId="referential-view"><PageHeader title={t('referential.title')} /><EmptyState /></Page>;
  const version = data.validFrom === 0 ? t('referential.versionAll') : t('referential.versionFrom', { year: data.validFrom });

  return (
    <Page testId="referential-view">
      <PageHeader title={t('referential.title')} subtitle={t('referential.subtitle', { edition: data.edition, items: formatCount(data.items.length, lang), version })} />
      <div className="bx-two-cols">
        <Card title={t('referential.setsTitle')} testId="referential-sets">
          <ul className="bx-ref-sets">
            {data.sets.map((s) => (
              <li key={s.validFrom} aria-current={s.validFrom === data.validFrom ? 'true' : undefined}>
                <strong>{s.validFrom === 0 ? t('referential.setAll') : t('referential.setFrom', { year: s.validFrom })}</strong>{' '}
                <span className="bx-muted">{s.editions.length > 0 ? t('referential.setEditions', { items: formatCount(s.items, lang), editions: s.editions.join(', ') }) : t('referential.setNoEdition', { items: formatCount(s.items, lang) })}</span>
              </li>
            ))}
          </ul>
        </Card>
        <ChangesCard changes={data.changes} previous={data.previousValidFrom} api={api} />
      </div>

      <Card
        title={t('referential.itemsTitle')}
        testId="referential-items"
        actions={
          <div className="bx-ref-filters">
            <label>
              {t('referential.filterLabel')}
              <select className="input" value={labelFilter} onChange={(e) => setLabelFilter(e.target.value)} data-testid="referential-label-filter">
                <option value="">{t('referential.filterAll')}</option>
                {labels.map((l) => <option key={l} value={l}>{l}</option>)}
                <option value={NO_LABEL}>{t('referential.filterNone')}</option>
              </select>
            </label>
            <label>
              {t('referential.searchLabel')}
              <input type="search" className="input" value={search} placeholder={t('referential.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
            </label>
          </div>
        }
      >
        {byStep.map((group) => (
          <section key={group.step.code} className="bx-ref-step">
            <h3>{labelOf(STEPS, group.step.code, lang)} <span className="bx-muted">· {t('referential.count', { n: formatCount(group.items.length, lang) })}</span></h3>
            <div className="bx-table-wrap">
              <table className="table bx-table">
                <thead>
                  <tr>
                    <th scope="col">{t('referential.colCode')}</th>
                    <th scope="col">{t('referential.colLabel')}</th>
                    <th scope="col">{t('referential.colChannel')}</th>
                    <th scope="col">{t('referential.colDeterminant')}</th>
                    <th scope="col" className="num">{t('referential.colWeight')}</th>
                    <th scope="col">{t('referential.colThreshold')}</th>
                    <th scope="col">{t('referential.colLabels')}</th>
                    <th scope="col">{t('referential.colEditions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {group.items.map((item) => <ItemRow key={item.code} item={item} api={api} />)}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      </Card>
    </Page>
  );
}

function ItemRow({ item, api }: { item: ReferentialItemRow; api: M }): React.JSX.Element {
  const { t, lang } = api;
  const save = useSetSourceLabel();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(item.labels.join('; '));
  return (
    <tr data-testid={`referential-item-${item.code}`}>
      <td className="nowrap"><span className="bx-code">{item.code}</span></td>
      <td>{item.label}</td>
      <td className="nowrap">{labelOf(CHANNELS, item.channel, lang)}</td>
      <td>{item.determinantLabel}</td>
      <td className="num">{formatNumber(item.weight, lang)}</td>
      <td className="nowrap">{thresholdText(item, api)}</td>
      <td className="bx-ref-labels">
        {editing ? (
          <form onSubmit={(e) => { e.preventDefault(); save.mutate({ validFrom: item.validFrom, code: item.code, labels: [draft] }, { onSuccess: () => setEditing(false) }); }}>
            <input
              type="text"
              className="input"
              value={draft}
              maxLength={200}
              aria-label={t('referential.editLabelsOf', { code: item.code })}
              title={t('referential.editHint')}
              onChange={(e) => setDraft(e.target.value)}
              autoFocus
            />
            <button type="submit" className="btn btn-sm btn-primary" disabled={save.isPending}>{t('referential.save')}</button>
            <button type="button" className="btn btn-sm" onClick={() => { setEditing(false); setDraft(item.labels.join('; ')); }}>{t('referential.cancel')}</button>
            {save.isError ? <ErrorBanner error={save.error} /> : null}
          </form>
        ) : (
          <>
            {item.labels.length === 0 ? <span className="bx-muted">{t('referential.none')}</span> : item.labels.map((l) => <span key={l} className="bx-ref-chip">{l}</span>)}
            <button type="button" className="btn btn-sm bx-ref-edit" onClick={() => { setDraft(item.labels.join('; ')); setEditing(true); }} aria-label={t('referential.editLabelsOf', { code: item.code })}>
              {t('referential.edit')}
            </button>
          </>
        )}
      </td>
      <td className="nowrap">{item.editions.length > 0 ? item.editions.join(', ') : t('referential.none')}</td>
    </tr>
  );
}

function ChangesCard({ changes, previous, api }: { changes: ReferentialChange[]; previous: number | null; api: M }): React.JSX.Element {
  const { t, lang } = api;
  const count = (kind: ReferentialChange['kind']): string => formatCount(changes.filter((c) => c.kind === kind).length, lang);
  const fieldName = (field: string): string => {
    const key = `referential.field_${field}`;
    return isMessageKey(key) ? t(key) : field;
  };
  return (
    <Card title={t('referential.changesTitle')} testId="referential-changes">
      {previous === null ? <p className="bx-muted">{t('referential.changesNone')}</p> : (
        <>
          <p className="bx-muted" style={{ marginTop: 0 }}>
            {t('referential.changesIntro', { previous: previous === 0 ? t('referential.setAll').toLowerCase() : String(previous), added: count('added'), removed: count('removed'), changed: count('changed') })}
          </p>
          {changes.length === 0 ? <p className="bx-muted">{t('referential.changesSame')}</p> : (
            <ul className="bx-ref-changes">
              {changes.map((c) => (
                <li key={`${c.kind}-${c.code}`} className={`bx-ref-change bx-ref-change--${c.kind}`}>
                  <span className="bx-ref-change__kind">{c.kind === 'added' ? t('referential.added') : c.kind === 'removed' ? t('referential.removed') : t('referential.changed')}</span>{' '}
                  <span className="bx-code">{c.code}</span> {c.label}
                  {c.fields.length > 0 ? (
                    <span className="bx-muted"> — {c.fields.map((f) => `${fieldName(f.field)} : ${f.before ?? t('referential.none')} → ${f.after ?? t('referential.none')}`).join(' ; ')}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}
