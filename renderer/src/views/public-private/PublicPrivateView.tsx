/**
 * Public / privé: the headline indicators (emails answered within 24 h, polite phrase…) for the
 * public sector and the private panel, as a table and a grouped bar chart, beside the 2023
 * brochure's figures on the 2023 edition and on the demo (calibrated on them), with a note saying
 * so; then the pooled scores by step and by channel of both sectors.
 */
import { useMemo } from 'react';
import type { DisclosedGroupScoreRow } from '../../../../shared/analytics-types.js';
import { useEdition } from '../../state/edition.js';
import { Card, Page, PageHeader } from '../../components/layout/PageHeader.js';
import { Chart, ROLE_COLORS, type ChartOption } from '../../components/charts/index.js';
import { useMessages } from '../analysis-common/use-messages.js';
import { EmptyState, ErrorState, LoadingState } from '../analysis-common/StateBlock.js';
import { formatCount, formatDelta, formatPercent, formatScore } from '../analysis-common/format.js';
import { tooltipFormatter } from '../../components/charts/chart-format.js';
import '../analysis-common/analysis.css';
import { messages } from './messages.js';
import { useHeadline, useSectorScores } from './queries.js';
import { headlineRows, type HeadlineRow } from './headline-model.js';
import type { Lang } from '../../../../shared/domain.js';
import { BROCHURE_EDITION } from '../../../../shared/headline.js';
import { useAppInfo } from '../../api/queries/app.js';
import { useWorkspaceInfo } from '../../api/queries/workspace.js';

export default function PublicPrivateView(): React.JSX.Element {
  const { m, t, lang } = useMessages(messages);
  const { edition, loading } = useEdition();
  const headline = useHeadline(edition, lang);
  const overall = useSectorScores(edition, 'overall', lang);
  const steps = useSectorScores(edition, 'step', lang);
  const channels = useSectorScores(edition, 'channel', lang);
  const rows = useMemo(() => headlineRows(headline.data ?? [], lang), [headline.data, lang]);
  const appInfo = useAppInfo();
  const workspace = useWorkspaceInfo();
  const isDemo = Boolean(appInfo.data?.isDemo || workspace.data?.isDemo);
  // The brochure describes the 2023 edition: its figures are a reference for that edition, and for
  // the demo, whose data are calibrated on them; beside another real edition they would mislead.
  const showBrochure = isDemo || edition === BROCHURE_EDITION;

  const subtitle = edition === null ? undefined : t('subtitle', { edition });
  if (loading || headline.isLoading) {
    return (
      <Page testId="public-private-view">
        <PageHeader title={m.title} subtitle={subtitle} />
        <LoadingState lines={8} />
      </Page>
    );
  }
  if (headline.isError) {
    return (
      <Page testId="public-private-view">
        <PageHeader title={m.title} subtitle={subtitle} />
        <ErrorState error={headline.error} onRetry={() => void headline.refetch()} />
      </Page>
    );
  }
  if (edition === null || !headline.data || (headline.data.every((r) => r.audits === 0) && (overall.data ?? []).length === 0)) {
    return (
      <Page testId="public-private-view">
        <PageHeader title={m.title} subtitle={subtitle} />
        <EmptyState />
      </Page>
    );
  }

  const sector = (data: DisclosedGroupScoreRow[] | undefined, code: string): DisclosedGroupScoreRow | undefined =>
    data?.find((g) => g.groupKind === 'sector' && g.group === code && g.level === 'overall');
  const pubOverall = sector(overall.data, 'public');
  const privOverall = sector(overall.data, 'prive');
  const hasHeadline = rows.some((r) => r.public.audits > 0 || r.prive.audits > 0);

  return (
    <Page testId="public-private-view">
      <PageHeader title={m.title} subtitle={subtitle} />

      <div className="bx-kpis" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))' }}>
        {rows.map((r) => (
          <div key={r.item} className="bx-kpi bx-kpi--primary">
            <span className="bx-kpi__label">{r.label}</span>
            <span className="bx-kpi__value">
              {formatPercent(r.public.rate, lang)} <small>{m.publicLabel.toLowerCase()}</small>
            </span>
            <span className="bx-kpi__sub">
              {formatPercent(r.prive.rate, lang)} {m.privateLabel.toLowerCase()} · {formatDelta(r.gap, lang)}
            </span>
          </div>
        ))}
        <div className="bx-kpi">
          <span className="bx-kpi__label">{m.overallTitle} — {m.overallPublic}</span>
          <span className="bx-kpi__value">{formatScore(pubOverall?.score, lang)}<small> / 100</small></span>
          <span className="bx-kpi__sub">{t('overallSub', { n: formatCount(pubOverall?.structures ?? 0, lang) })}</span>
        </div>
        <div className="bx-kpi">
          <span className="bx-kpi__label">{m.overallTitle} — {m.overallPrivate}</span>
          <span className="bx-kpi__value">{formatScore(privOverall?.score, lang)}<small> / 100</small></span>
          <span className="bx-kpi__sub">{t('overallSub', { n: formatCount(privOverall?.structures ?? 0, lang) })}</span>
        </div>
      </div>

      <Card title={m.headlineTitle} testId="headline-table">
        <p className="bx-muted" style={{ marginBottom: 12 }}>{m.headlineHint}</p>
        {hasHeadline ? <HeadlineTable rows={rows} lang={lang} m={m} t={t} showBrochure={showBrochure} /> : <p className="bx-muted">{m.emptyHeadline}</p>}
        {showBrochure && hasHeadline ? <p className="bx-note" role="note" data-testid="brochure-note">{isDemo ? m.brochureNoteDemo : m.brochureNote}</p> : null}
      </Card>

      <div className="bx-two-cols">
        <Chart
          title={m.chartTitle}
          subtitle={t(showBrochure ? 'chartSubtitle' : 'chartSubtitlePlain', { edition })}
          option={headlineOption(rows, edition, lang, m, showBrochure)}
          formatValue={(v) => formatPercent(v, lang)}
          height={340}
          empty={!hasHeadline}
          testId="chart-headline"
        />
        <SectorChart title={m.stepsTitle} subtitle={m.scoresSubtitle} data={steps.data} failed={steps.isError} level="step" lang={lang} m={m} testId="chart-steps" />
      </div>
      <SectorChart title={m.channelsTitle} subtitle={m.scoresSubtitle} data={channels.data} failed={channels.isError} level="channel" lang={lang} m={m} testId="chart-channels" />
    </Page>
  );
}

type M = (typeof messages)['fr'];

function HeadlineTable({ rows, lang, m, t, showBrochure }: { rows: HeadlineRow[]; lang: Lang; m: M; t: (key: keyof M, v?: Record<string, string | number>) => string; showBrochure: boolean }): React.JSX.Element {
  const audits = (n: number): string => (n === 0 ? m.noAudit : t('audits', { n: formatCount(n, lang) }));
  return (
    <div className="bx-table-wrap">
      <table className="table bx-table" data-testid="headline-rows">
        <thead>
          <tr>
            <th scope="col">{m.colIndicator}</th>
            <th scope="col" className="num">{m.colPublic}</th>
            <th scope="col" className="num">{m.colPrivate}</th>
            <th scope="col" className="num">{m.colGap}</th>
            {showBrochure ? <th scope="col" className="num">{m.colBrochure}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.item} data-item={r.item}>
              <th scope="row" style={{ fontWeight: 600, color: 'var(--c-text)', background: 'transparent', whiteSpace: 'normal' }}>
                {r.label}
                <div className="subtle">{t('item', { item: r.item })}</div>
              </th>
              <td className="num">
                <strong data-testid={`rate-${r.item}-public`}>{formatPercent(r.public.rate, lang)}</strong>
                <div className="subtle">{audits(r.public.audits)}</div>
              </td>
              <td className="num">
                <strong data-testid={`rate-${r.item}-prive`}>{formatPercent(r.prive.rate, lang)}</strong>
                <div className="subtle">{audits(r.prive.audits)}</div>
              </td>
              <td className={`num ${r.gap === null ? '' : r.gap >= 0 ? 'bx-delta-up' : 'bx-delta-down'}`}>{formatDelta(r.gap, lang)}</td>
              {showBrochure ? (
                <td className="num" data-testid={`brochure-${r.item}`}>
                  {formatPercent(r.brochure.public, lang, 0)} / {formatPercent(r.brochure.prive, lang, 0)}
                  <div className="subtle">{m.publicLabel} / {m.privateLabel}</div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function headlineOption(rows: HeadlineRow[], edition: number, lang: Lang, m: M, showBrochure: boolean): ChartOption {
  const fill = (s: string): string => s.replace('{edition}', String(edition));
  const pct = tooltipFormatter(lang, 'percent');
  const barLabel = { show: true, position: 'top' as const, fontSize: 11, formatter: (p: { value?: unknown }) => pct(p.value) };
  return {
    grid: { left: 8, right: 16, top: 64, bottom: 12, containLabel: true },
    legend: { top: 0, left: 0, itemGap: 14 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: pct },
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { width: 200, overflow: 'break', interval: 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => `${v} %` } },
    series: [
      { type: 'bar', name: fill(m.seriesPublic), data: rows.map((r) => r.public.rate), itemStyle: { color: ROLE_COLORS.primary }, barMaxWidth: 34, label: barLabel },
      { type: 'bar', name: fill(m.seriesPrivate), data: rows.map((r) => r.prive.rate), itemStyle: { color: ROLE_COLORS.private }, barMaxWidth: 34, label: barLabel },
      ...(showBrochure ? [
        { type: 'bar' as const, name: m.seriesPublicRef, data: rows.map((r) => r.brochure.public), itemStyle: { color: '#a9bfdf' }, barMaxWidth: 34 },
        { type: 'bar' as const, name: m.seriesPrivateRef, data: rows.map((r) => r.brochure.prive), itemStyle: { color: '#f3cfa3' }, barMaxWidth: 34 },
      ] : []),
    ],
  };
}

function scoreLabel(lang: Lang) {
  return { show: true, position: 'top' as const, fontSize: 10.5, color: ROLE_COLORS.text, formatter: (p: { value?: unknown }) => formatScore(typeof p.value === 'number' ? p.value : null, lang) };
}

function SectorChart({ title, subtitle, data, level, lang, m, testId, failed }: {
  title: string;
  subtitle: string;
  data: DisclosedGroupScoreRow[] | undefined;
  level: 'step' | 'channel';
  lang: Lang;
  m: M;
  testId: string;
  failed?: boolean;
}): React.JSX.Element {
  const rows = (data ?? []).filter((g) => g.groupKind === 'sector' && g.level === level);
  const keys: Array<{ key: string; label: string }> = [];
  for (const r of rows) if (!keys.some((k) => k.key === r.key)) keys.push({ key: r.key, label: r.label });
  const value = (sector: string, key: string): number | null => rows.find((r) => r.group === sector && r.key === key)?.score ?? null;
  const option: ChartOption = {
    grid: { left: 8, right: 16, top: 40, bottom: 12, containLabel: true },
    legend: { top: 0, left: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: keys.map((k) => k.label), axisLabel: { interval: 0, width: 120, overflow: 'break' } },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      { type: 'bar', name: m.publicLabel, data: keys.map((k) => value('public', k.key)), itemStyle: { color: ROLE_COLORS.primary }, barMaxWidth: 30, label: scoreLabel(lang) },
      { type: 'bar', name: m.privateLabel, data: keys.map((k) => value('prive', k.key)), itemStyle: { color: ROLE_COLORS.private }, barMaxWidth: 30, label: scoreLabel(lang) },
    ],
  };
  if (failed) return <Chart title={title} subtitle={subtitle} option={{}} empty height={320} testId={testId} />;
  if (data === undefined) return <LoadingState lines={5} />;
  return <Chart title={title} subtitle={subtitle} option={option} formatValue={(v) => formatScore(v, lang)} height={320} empty={keys.length === 0} testId={testId} />;
}
