/**
 * Comparaisons: two panels of structures side by side — the public sector and the private panel
 * (the default, with the 2023 brochure's headline figures), a label's holders and the rest of the
 * sector, a category and the rest of its sector, or two categories — on the headline indicators
 * and at every level, each with its bases (structures, audits). Every figure comes from
 * `analytics.compare` after the disclosure rule: a withheld one reads "—" with its reason. Every
 * other score of the levels table opens its evidence (`explorer.evidence`, scope `panel`: the same
 * membership and disclosure as the comparison), by click or from the keyboard.
 * The comparison lives in the address (`#/comparisons?a=…&b=…`); `#/public-private` lands here.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ComparisonCell, ComparisonChoices, ComparisonResult, ComparisonRow, ComparisonSpec, PanelWithheldReason } from '../../../../shared/comparison-types.js';
import { panelSpecText } from '../../../../shared/comparison-types.js';
import type { Lang } from '../../../../shared/domain.js';
import { BROCHURE_EDITION } from '../../../../shared/headline.js';
import { useEdition } from '../../state/edition.js';
import { navigate, useRoute } from '../../state/router.js';
import { Card, Page, PageHeader } from '../../components/layout/PageHeader.js';
import { Chart, ROLE_COLORS, type ChartOption } from '../../components/charts/index.js';
import { tooltipFormatter } from '../../components/charts/chart-format.js';
import { EmptyState, ErrorState, LoadingState } from '../analysis-common/StateBlock.js';
import { formatCount, formatDelta, formatPercent, formatScore } from '../analysis-common/format.js';
import '../analysis-common/analysis.css';
import { useAppInfo } from '../../api/queries/app.js';
import { useWorkspaceInfo } from '../../api/queries/workspace.js';
import { useComparison, useComparisonChoices } from './queries.js';
import { choiceOf, comparisonFor, comparisonFromParams, comparisonQuery } from './comparison-model.js';
import { ComparisonExportButton } from './ComparisonExport.js';
import { useI18n, type I18n } from '../../i18n/index.js';
import { EvidencePanel } from '../evidence/EvidencePanel.js';
import type { EvidenceTarget } from '../evidence/queries.js';

type T = I18n['t'];

/** What a click on a panel's score cell says: the panel, level and key whose evidence to open. */
export interface ScoreCellTarget {
  side: 'a' | 'b';
  spec: ComparisonSpec['a'];
  level: ComparisonRow['level'];
  key: string;
  cell: ComparisonCell;
}

const PUBLIC_PRIVATE_QUERY = comparisonQuery(comparisonFromParams(new URLSearchParams()));

export default function ComparisonsView(): React.JSX.Element {
  const { t, lang } = useI18n();
  const route = useRoute();
  const legacy = route.segments[0] === 'public-private';
  // The old address of the Public / privé view opens its comparison here.
  useEffect(() => {
    if (legacy) window.location.replace(`#/comparisons?${PUBLIC_PRIVATE_QUERY}`);
  }, [legacy]);
  const spec = useMemo(() => comparisonFromParams(route.params), [route.params]);
  const { edition, loading } = useEdition();
  const choices = useComparisonChoices(edition, lang);
  const result = useComparison(edition, spec, lang);
  const appInfo = useAppInfo();
  const workspace = useWorkspaceInfo();
  const isDemo = Boolean(appInfo.data?.isDemo || workspace.data?.isDemo);

  const choose = (next: ComparisonSpec): void => navigate(`/comparisons?${comparisonQuery(next)}`);
  // Drill-down: the evidence behind any panel's score, the panel named as in the address.
  const [evidence, setEvidence] = useState<EvidenceTarget | null>(null);
  const openEvidence = (cell: ScoreCellTarget): void => {
    if (edition !== null) setEvidence({ edition, level: cell.level, key: cell.key, scope: { kind: 'panel', code: panelSpecText(cell.spec) } });
  };
  const data = result.data;
  const subtitle = edition === null || !data ? undefined : t('comparisons.subtitle', { edition, a: data.a.label, b: data.b.label });
  const chooser = <Chooser spec={spec} choices={choices.data} onChoose={choose} t={t} />;

  if (loading || result.isLoading) {
    return (
      <Page testId="comparisons-view">
        <PageHeader title={t('comparisons.title')} subtitle={subtitle} />
        {chooser}
        <LoadingState lines={8} />
      </Page>
    );
  }
  if (result.isError) {
    return (
      <Page testId="comparisons-view">
        <PageHeader title={t('comparisons.title')} subtitle={subtitle} />
        {chooser}
        <ErrorState error={result.error} onRetry={() => void result.refetch()} />
      </Page>
    );
  }
  if (edition === null || !data || (data.a.structures === 0 && data.b.structures === 0)) {
    return (
      <Page testId="comparisons-view">
        <PageHeader title={t('comparisons.title')} subtitle={subtitle} />
        {chooser}
        <EmptyState />
      </Page>
    );
  }

  // The brochure describes the 2023 edition, public vs private: a reference for that comparison
  // on that edition, and on the demo (calibrated on it); beside anything else it would mislead.
  const showBrochure = data.isPublicPrivate && (isDemo || edition === BROCHURE_EDITION);
  const overall = data.rows.find((r) => r.level === 'overall');
  const hasHeadline = data.indicators.some((i) => i.a.audits > 0 || i.b.audits > 0);

  return (
    <Page testId="comparisons-view">
      <PageHeader
        title={t('comparisons.title')}
        subtitle={subtitle}
        actions={<ComparisonExportButton edition={edition} lang={lang} spec={spec} texts={{ exportButton: t('comparisons.exportButton'), exporting: t('comparisons.exporting'), exported: t('comparisons.exported'), download: t('comparisons.download') }} />}
      />
      {chooser}

      <div className="bx-kpis" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))' }}>
        {data.indicators.map((i) => (
          <div key={i.item} className="bx-kpi bx-kpi--primary">
            <span className="bx-kpi__label">{i.label}</span>
            <span className="bx-kpi__value">{formatPercent(i.a.rate, lang)} <small>{data.a.label}</small></span>
            <span className="bx-kpi__sub">{formatPercent(i.b.rate, lang)} {data.b.label} · {formatDelta(i.gap, lang)}</span>
          </div>
        ))}
        {(['a', 'b'] as const).map((side) => (
          <div key={side} className="bx-kpi" data-testid={`overall-${side}`}>
            <span className="bx-kpi__label">{t('comparisons.overallTitle')} — {data[side].label}</span>
            <span className="bx-kpi__value">{formatScore(overall?.[side].score ?? null, lang)}<small> / 100</small></span>
            <span className="bx-kpi__sub">{t('comparisons.overallSub', { structures: formatCount(data[side].structures, lang), audits: formatCount(data[side].audits, lang) })}</span>
          </div>
        ))}
      </div>

      <Card title={t('comparisons.basesTitle')} testId="comparison-bases">
        <dl className="bx-bases" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 }}>
          {(['a', 'b'] as const).map((side) => (
            <div key={side} style={{ display: 'contents' }}>
              <dt style={{ fontWeight: 650 }}>{side === 'a' ? t('comparisons.sideA') : t('comparisons.sideB')} — {data[side].label}</dt>
              <dd style={{ margin: 0 }} data-testid={`base-${side}`}>{t('comparisons.baseLine', { structures: formatCount(data[side].structures, lang), audits: formatCount(data[side].audits, lang) })}</dd>
            </div>
          ))}
        </dl>
      </Card>

      <Card title={t('comparisons.headlineTitle')} testId="headline-table">
        <p className="bx-muted" style={{ marginBottom: 12 }}>{t('comparisons.headlineHint')}</p>
        <WithheldReasons data={data} t={t} />
        {hasHeadline ? <HeadlineTable data={data} lang={lang} t={t} showBrochure={showBrochure} /> : <p className="bx-muted">{t('comparisons.emptyHeadline')}</p>}
        {showBrochure && hasHeadline ? <p className="bx-note" role="note" data-testid="brochure-note">{isDemo ? t('comparisons.brochureNoteDemo') : t('comparisons.brochureNote')}</p> : null}
      </Card>

      <div className="bx-two-cols">
        <Chart
          title={t('comparisons.chartTitle', { a: data.a.label, b: data.b.label })}
          subtitle={t(showBrochure ? 'comparisons.chartSubtitle' : 'comparisons.chartSubtitlePlain', { edition })}
          option={headlineOption(data, lang, t, showBrochure)}
          formatValue={(v) => formatPercent(v, lang)}
          height={340}
          empty={!hasHeadline}
          testId="chart-headline"
        />
        <LevelChart title={t('comparisons.stepsTitle')} subtitle={t('comparisons.scoresSubtitle')} data={data} level="step" lang={lang} testId="chart-steps" />
      </div>
      <LevelChart title={t('comparisons.channelsTitle')} subtitle={t('comparisons.scoresSubtitle')} data={data} level="channel" lang={lang} testId="chart-channels" />

      <Card title={t('comparisons.levelsTitle')} testId="comparison-levels">
        <p className="bx-muted" style={{ marginBottom: 12 }}>{t('comparisons.levelsHint')}</p>
        <WithheldReasons data={data} t={t} />
        <LevelTable data={data} lang={lang} t={t} onScoreCellClick={openEvidence} />
        {evidence ? <EvidencePanel target={evidence} onClose={() => setEvidence(null)} /> : null}
        <p className="bx-note" role="note" style={{ marginTop: 12 }}>{t('comparisons.withheldNote', { min: data.rule.meanMinOthers })}</p>
      </Card>
    </Page>
  );
}

function Chooser({ spec, choices, onChoose, t }: {
  spec: ComparisonSpec;
  choices: ComparisonChoices | undefined;
  onChoose: (spec: ComparisonSpec) => void;
  t: T;
}): React.JSX.Element {
  const current = choiceOf(spec);
  const labels = choices?.labels ?? [];
  const categories = choices?.categories ?? [];
  // A label named by the address but held by no structure of this edition stays in the list.
  const labelIds = [...labels.map((l) => l.label)];
  if (current.id.startsWith('label:') && !labelIds.includes(current.id.slice(6))) labelIds.push(current.id.slice(6));
  const categorySelect = (id: string, label: string, value: string | null, onChange: (code: string) => void): React.JSX.Element => (
    <label className="bx-field" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <span>{label}</span>
      <select className="select" value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={id}>
        {categories.map((c) => <option key={c.code} value={c.code}>{c.label} ({c.structures})</option>)}
      </select>
    </label>
  );
  return (
    <Card title={t('comparisons.chooserTitle')} testId="comparison-chooser">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-end' }}>
        <label className="bx-field" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
          <span>{t('comparisons.chooserLabel')}</span>
          <select
            className="select"
            value={current.id}
            onChange={(e) => onChoose(comparisonFor(e.target.value, choices, current.categoryA, current.categoryB))}
            data-testid="comparison-choice"
          >
            <option value="public-private">{t('comparisons.modePublicPrivate')}</option>
            {labelIds.map((label) => <option key={label} value={`label:${label}`}>{t('comparisons.modeLabel', { label })}</option>)}
            {categories.length > 0 ? <option value="category-rest">{t('comparisons.modeCategoryRest')}</option> : null}
            {categories.length > 1 ? <option value="categories">{t('comparisons.modeCategories')}</option> : null}
          </select>
        </label>
        {current.id === 'category-rest' || current.id === 'categories'
          ? categorySelect('comparison-category-a', t('comparisons.categoryA'), current.categoryA, (code) => onChoose(comparisonFor(current.id, choices, code, current.categoryB)))
          : null}
        {current.id === 'categories'
          ? categorySelect('comparison-category-b', t('comparisons.categoryB'), current.categoryB, (code) => onChoose(comparisonFor(current.id, choices, current.categoryA, code)))
          : null}
      </div>
      <p className="bx-muted" style={{ marginTop: 8 }}>{t('comparisons.chooserHint')}</p>
    </Card>
  );
}

function reasonText(reason: PanelWithheldReason, t: T): string {
  return reason === 'panel-too-small' ? t('comparisons.reason_panelTooSmall') : t('comparisons.reason_restTooSmall');
}

/** "—" for a figure the disclosure rule withholds; the reason is in its tooltip and, once per panel, in WithheldReasons. */
function Withheld({ reason, t, testId }: { reason: PanelWithheldReason; t: T; testId?: string }): React.JSX.Element {
  return (
    <>
      <strong data-testid={testId} title={`${t('comparisons.withheld')} : ${reasonText(reason, t)}`}>—</strong>
      <div className="subtle" data-testid="withheld-mark">{t('comparisons.withheld')}</div>
    </>
  );
}

/** Why each panel has withheld figures, said once per panel and reason. */
function WithheldReasons({ data, t }: { data: ComparisonResult; t: T }): React.JSX.Element | null {
  const lines: Array<{ side: 'a' | 'b'; reason: PanelWithheldReason }> = [];
  for (const side of ['a', 'b'] as const) {
    const reasons = new Set<PanelWithheldReason>();
    for (const r of data.rows) if (r[side].withheldBecause) reasons.add(r[side].withheldBecause);
    for (const i of data.indicators) if (i[side].withheldBecause) reasons.add(i[side].withheldBecause);
    for (const reason of reasons) lines.push({ side, reason });
  }
  if (lines.length === 0) return null;
  return (
    <div className="bx-note" role="note" data-testid="withheld-reasons" style={{ marginBottom: 12 }}>
      {lines.map(({ side, reason }) => (
        <p key={`${side}:${reason}`} data-testid={`withheld-reason-${side}`} style={{ margin: 0 }}>
          <strong>{side === 'a' ? t('comparisons.sideA') : t('comparisons.sideB')} — {data[side].label}</strong> · {t('comparisons.withheld')} : {reasonText(reason, t)}.
        </p>
      ))}
    </div>
  );
}

function HeadlineTable({ data, lang, t, showBrochure }: { data: ComparisonResult; lang: Lang; t: T; showBrochure: boolean }): React.JSX.Element {
  const audits = (n: number): string => (n === 0 ? t('comparisons.noAudit') : t('comparisons.audits', { n: formatCount(n, lang) }));
  // Sector panels keep the sector in their test ids (rate-MEL-01-public / -prive); others are a / b.
  const slot = (side: 'a' | 'b'): string => (data[side].spec.kind === 'sector' ? (data[side].spec as { sector: string }).sector : side);
  return (
    <div className="bx-table-wrap">
      <table className="table bx-table" data-testid="headline-rows">
        <thead>
          <tr>
            <th scope="col">{t('comparisons.colIndicator')}</th>
            <th scope="col" className="num">{data.a.label}</th>
            <th scope="col" className="num">{data.b.label}</th>
            <th scope="col" className="num">{t('comparisons.colGap')}</th>
            {showBrochure ? <th scope="col" className="num">{t('comparisons.colBrochure')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {data.indicators.map((i) => (
            <tr key={i.item} data-item={i.item}>
              <th scope="row" style={{ fontWeight: 600, color: 'var(--c-text)', background: 'transparent', whiteSpace: 'normal' }}>
                {i.label}
                <div className="subtle">{t('comparisons.item', { item: i.item })}</div>
              </th>
              {(['a', 'b'] as const).map((side) => (
                <td key={side} className="num">
                  {i[side].withheldBecause
                    ? <Withheld reason={i[side].withheldBecause} t={t} testId={`rate-${i.item}-${slot(side)}`} />
                    : <strong data-testid={`rate-${i.item}-${slot(side)}`}>{formatPercent(i[side].rate, lang)}</strong>}
                  <div className="subtle">{audits(i[side].audits)}</div>
                </td>
              ))}
              <td className={`num ${i.gap === null ? '' : i.gap >= 0 ? 'bx-delta-up' : 'bx-delta-down'}`}>{formatDelta(i.gap, lang)}</td>
              {showBrochure && i.brochure ? (
                <td className="num" data-testid={`brochure-${i.item}`}>
                  {formatPercent(i.brochure.a, lang, 0)} / {formatPercent(i.brochure.b, lang, 0)}
                  <div className="subtle">{data.a.label} / {data.b.label}</div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Every level's rows, A and B side by side with their bases. `onScoreCellClick`: the drill-down
 * from a panel's score to its evidence; a withheld cell opens nothing (its figure must not be
 * reachable by drilling), and cells are plain text without the hook.
 */
export function LevelTable({ data, lang, t, onScoreCellClick }: { data: ComparisonResult; lang: Lang; t: T; onScoreCellClick?: (target: ScoreCellTarget) => void }): React.JSX.Element {
  const levelName = (level: ComparisonRow['level']): string => t(`comparisons.level_${level}`);
  return (
    <div className="bx-table-wrap">
      <table className="table bx-table" data-testid="comparison-rows">
        <thead>
          <tr>
            <th scope="col">{t('comparisons.colLevel')}</th>
            <th scope="col">{t('comparisons.colKey')}</th>
            <th scope="col" className="num">{t('comparisons.sideA')} — {data.a.label}</th>
            <th scope="col" className="num">{t('comparisons.sideB')} — {data.b.label}</th>
            <th scope="col" className="num">{t('comparisons.colGap')}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={`${r.level}:${r.key}`} data-level={r.level} data-key={r.key}>
              <td>{levelName(r.level)}</td>
              <th scope="row" style={{ fontWeight: r.level === 'overall' ? 700 : 500, background: 'transparent', whiteSpace: 'normal' }}>{r.label}</th>
              {(['a', 'b'] as const).map((side) => {
                const cell = r[side];
                const click = onScoreCellClick && cell.score !== null && cell.withheldBecause === null
                  ? () => onScoreCellClick({ side, spec: data[side].spec, level: r.level, key: r.key, cell })
                  : undefined;
                return (
                  <td key={side} className="num" data-testid={`cell-${side}-${r.level}-${r.key}`} onClick={click} style={click ? { cursor: 'pointer' } : undefined}>
                    {cell.withheldBecause
                      ? <Withheld reason={cell.withheldBecause} t={t} />
                      : click
                        // A button as well as the cell's click: the keyboard reaches the evidence too.
                        ? <button type="button" className="cell-link" aria-label={t('comparisons.openEvidence', { score: formatScore(cell.score, lang), panel: data[side].label, key: r.label })} onClick={(event) => { event.stopPropagation(); click(); }}><strong>{formatScore(cell.score, lang)}</strong></button>
                        : <strong>{formatScore(cell.score, lang)}</strong>}
                    <div className="subtle">{cell.n === null ? t('comparisons.cellBaseWithheld', { audits: formatCount(cell.audits, lang) }) : t('comparisons.cellBase', { n: formatCount(cell.n, lang), audits: formatCount(cell.audits, lang) })}</div>
                  </td>
                );
              })}
              <td className={`num ${r.gap === null ? '' : r.gap >= 0 ? 'bx-delta-up' : 'bx-delta-down'}`}>{formatDelta(r.gap, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function headlineOption(data: ComparisonResult, lang: Lang, t: T, showBrochure: boolean): ChartOption {
  const pct = tooltipFormatter(lang, 'percent');
  const barLabel = { show: true, position: 'top' as const, fontSize: 11, formatter: (p: { value?: unknown }) => pct(p.value) };
  return {
    grid: { left: 8, right: 16, top: 64, bottom: 12, containLabel: true },
    legend: { top: 0, left: 0, itemGap: 14 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: pct },
    xAxis: { type: 'category', data: data.indicators.map((i) => i.label), axisLabel: { width: 200, overflow: 'break', interval: 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => `${v} %` } },
    series: [
      { type: 'bar', name: `${data.a.label} ${data.edition}`, data: data.indicators.map((i) => i.a.rate), itemStyle: { color: ROLE_COLORS.primary }, barMaxWidth: 34, label: barLabel },
      { type: 'bar', name: `${data.b.label} ${data.edition}`, data: data.indicators.map((i) => i.b.rate), itemStyle: { color: ROLE_COLORS.private }, barMaxWidth: 34, label: barLabel },
      ...(showBrochure ? [
        { type: 'bar' as const, name: t('comparisons.seriesPublicRef'), data: data.indicators.map((i) => i.brochure?.a ?? null), itemStyle: { color: '#a9bfdf' }, barMaxWidth: 34 },
        { type: 'bar' as const, name: t('comparisons.seriesPrivateRef'), data: data.indicators.map((i) => i.brochure?.b ?? null), itemStyle: { color: '#f3cfa3' }, barMaxWidth: 34 },
      ] : []),
    ],
  };
}

function LevelChart({ title, subtitle, data, level, lang, testId }: {
  title: string;
  subtitle: string;
  data: ComparisonResult;
  level: 'step' | 'channel';
  lang: Lang;
  testId: string;
}): React.JSX.Element {
  const rows = data.rows.filter((r) => r.level === level);
  const scoreLabel = { show: true, position: 'top' as const, fontSize: 10.5, color: ROLE_COLORS.text, formatter: (p: { value?: unknown }) => formatScore(typeof p.value === 'number' ? p.value : null, lang) };
  const option: ChartOption = {
    grid: { left: 8, right: 16, top: 40, bottom: 12, containLabel: true },
    legend: { top: 0, left: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, width: 120, overflow: 'break' } },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      { type: 'bar', name: data.a.label, data: rows.map((r) => r.a.score), itemStyle: { color: ROLE_COLORS.primary }, barMaxWidth: 30, label: scoreLabel },
      { type: 'bar', name: data.b.label, data: rows.map((r) => r.b.score), itemStyle: { color: ROLE_COLORS.private }, barMaxWidth: 30, label: scoreLabel },
    ],
  };
  return <Chart title={title} subtitle={subtitle} option={option} formatValue={(v) => formatScore(v, lang)} height={320} empty={rows.length === 0} testId={testId} />;
}
