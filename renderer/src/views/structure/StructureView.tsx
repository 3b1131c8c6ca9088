/**
 * Fiche structure (`#/structure/CODE`): one structure against its peers (same category, same
 * edition): KPI cards, the peers' distribution per level with a "vous êtes ici" marker, a radar
 * against the peer and private-panel medians, the trend over editions, and the items it failed
 * most with a drill-down to each audit.
 */
import { useCallback, useMemo, useState } from 'react';
import type { FailedItem } from '../../../../shared/api-types.js';
import { CATEGORIES, CHANNELS, labelOf, type Level } from '../../../../shared/domain.js';
import { useEdition } from '../../state/edition.js';
import { navigate, routePath, useRoute } from '../../state/router.js';
import { Card, Page, PageHeader } from '../../components/layout/PageHeader.js';
import { Chart } from '../../components/charts/index.js';
import { openOrDownload, useExportReport, useExportStructureWorkbook } from '../../api/queries/exports.js';
import { ErrorBanner } from '../../components/states/index.js';
import { useMessages } from '../analysis-common/use-messages.js';
import { EmptyState, ErrorState, LoadingState } from '../analysis-common/StateBlock.js';
import { formatCount, formatDelta, formatPercent, formatRank, formatScore } from '../analysis-common/format.js';
import '../analysis-common/analysis.css';
import { messages } from './messages.js';
import { useCategoryTrend, useFailedItems, useGroupScores, usePeers, useStructureTrend } from './queries.js';
import { distributionRows, kpisOf, radarModel, trendLine } from './profile-model.js';
import { distributionOption, distributionTable, radarOption, radarTable, trendNotes, trendOption, trendTable } from './structure-charts.js';
import { StructurePicker } from './StructurePicker.js';
import { AuditsPanel } from './AuditsPanel.js';
import { explorerHref } from '../explorer/explorer-url.js';
import { StructureTabs, structureTabOf } from './StructureTabs.js';
import { LabelsPanel } from './LabelsPanel.js';

type RadarLevel = Extract<Level, 'determinant' | 'channel' | 'step'>;

export default function StructureView(): React.JSX.Element {
  const { m, t, lang } = useMessages(messages);
  const route = useRoute();
  const code = route.segments[1] ?? null;
  const tab = structureTabOf(route.segments);
  const { edition, loading: editionLoading } = useEdition();
  const peers = usePeers(code, edition, lang);
  const [radarLevel, setRadarLevel] = useState<RadarLevel>('determinant');
  const privateGroups = useGroupScores(edition, radarLevel, lang);
  const trend = useStructureTrend(code, 'overall', lang);
  const category = peers.data?.[0]?.category ?? null;
  const categoryTrend = useCategoryTrend(category, 'overall', lang);
  const failed = useFailedItems(code, edition, lang);
  const exportWorkbook = useExportStructureWorkbook();
  const exportReport = useExportReport();
  const [drill, setDrill] = useState<FailedItem | null>(null);
  const closeDrill = useCallback(() => setDrill(null), []);

  const first = peers.data?.[0];
  const kpis = useMemo(() => (peers.data ? kpisOf(peers.data) : null), [peers.data]);
  const distMain = useMemo(() => distributionRows(peers.data ?? [], ['overall', 'step', 'channel']), [peers.data]);
  const distDet = useMemo(() => distributionRows(peers.data ?? [], ['determinant']), [peers.data]);
  const radar = useMemo(() => radarModel(peers.data ?? [], privateGroups.data ?? [], radarLevel), [peers.data, privateGroups.data, radarLevel]);
  const structureTrend = useMemo(() => trendLine(trend.data), [trend.data]);
  const categoryTrendLine = useMemo(() => trendLine(categoryTrend.data), [categoryTrend.data]);

  const picker = (
    <StructurePicker
      edition={edition}
      label={m.pickerLabel}
      placeholder={m.pickerPlaceholder}
      noResult={m.pickerNoResult}
      currentName={first?.name}
      onPick={(picked) => navigate(routePath('structure', picked.code))}
      testId="structure-picker"
    />
  );

  const header = (subtitle: string, actions?: React.ReactNode): React.JSX.Element => (
    <PageHeader
      title={first ? `${m.title} — ${first.name}` : m.title}
      subtitle={subtitle}
      actions={<>{picker}{actions}</>}
    />
  );

  if (!code) {
    return (
      <Page testId="structure-view">
        {header(m.subtitleNone)}
        <Card><EmptyState title={m.chooseTitle} hint={m.chooseText} testId="structure-choose" noImportLink /></Card>
      </Page>
    );
  }
  if (editionLoading || peers.isLoading) {
    return (
      <Page testId="structure-view">
        {header(m.subtitleNone)}
        <LoadingState lines={10} />
      </Page>
    );
  }
  if (peers.isError) {
    return (
      <Page testId="structure-view">
        {header(m.subtitleNone)}
        <ErrorState error={peers.error} onRetry={() => void peers.refetch()} />
      </Page>
    );
  }
  if (!first || !kpis || edition === null || peers.isPending) {
    return (
      <Page testId="structure-view">
        {header(m.subtitleNone)}
        <EmptyState />
      </Page>
    );
  }

  const categoryLabel = labelOf(CATEGORIES, first.category, lang);
  // Referential breaks of the structure's trend, then the category's same-panel changes.
  const trendNoteLines = structureTrend
    ? trendNotes(structureTrend, categoryTrendLine, { category: categoryLabel, texts: m, breakNote: (b) => t('trendNotComparableNote', { from: b.from, to: b.to, reason: b.reason }) }, lang)
    : [];
  const radarLabels = { structure: first.name, peerMedian: m.peerMedian, privateMedian: m.privateMedian };
  const levelLabel = radarLevel === 'determinant' ? m.level_determinant : radarLevel === 'channel' ? m.level_channel : m.level_step;

  return (
    <Page testId="structure-view">
      {header(
        kpis.n === null
          ? t('subtitleWithheld', { category: categoryLabel, edition })
          : t('subtitle', { category: categoryLabel, edition, n: formatCount(kpis.others, lang) }),
        <>
          <a className="btn" href={explorerHref({ table: 'audits', filters: { edition, structure: code } })} data-testid="structure-see-audits">
            {m.auditsInExplorer}
          </a>
          <a className="btn" href={`#${routePath('entry', code)}`} data-testid="structure-new-audit">{m.newAudit}</a>
          <button
            type="button"
            className="btn"
            disabled={exportWorkbook.isPending}
            onClick={() => exportWorkbook.mutate({ code, edition }, { onSuccess: (file) => void openOrDownload(file) })}
          >
            {m.exportWorkbook}
          </button>
          <button
            type="button"
            className="btn"
            title={m.exportReportHint}
            disabled={exportReport.isPending}
            onClick={() => exportReport.mutate({ code, edition }, { onSuccess: (file) => void openOrDownload(file) })}
            data-testid="structure-report-pdf"
          >
            {exportReport.isPending ? m.exportReportRunning : m.exportReport}
          </button>
        </>,
      )}
      {exportWorkbook.isError ? <ErrorBanner error={exportWorkbook.error} /> : null}
      {exportReport.isError ? <ErrorBanner error={exportReport.error} /> : null}
      <StructureTabs code={code} current={tab} />
      {tab === 'labels' ? <LabelsPanel code={code} edition={edition} /> : <>
      {first.reference ? <p className="bx-note" role="note" data-testid="structure-national-reference">{t('nationalReference', { label: first.reference.label })}</p> : null}
      {kpis.withheld ? <p className="bx-note" role="note" data-testid="structure-withheld">{t('withheldNote', { others: formatCount(kpis.others, lang) })}</p> : null}

      <div className="bx-kpis" data-testid="structure-kpis">
        <div className="bx-kpi bx-kpi--primary">
          <span className="bx-kpi__label">{m.kpiScore}</span>
          <span className="bx-kpi__value" data-testid="kpi-score">{formatScore(kpis.score, lang)}<small> / 100</small></span>
          <span className="bx-kpi__sub">{t('kpiAudits', { audits: formatCount(kpis.audits, lang), obs: formatCount(kpis.observations, lang) })}</span>
        </div>
        <div className="bx-kpi">
          <span className="bx-kpi__label">{m.kpiRank}</span>
          <span className="bx-kpi__value" data-testid="kpi-rank">{formatRank(kpis.rank, kpis.n)}</span>
          <span className="bx-kpi__sub">{kpis.rank !== null && kpis.sharesRank ? m.kpiRankSub : ''}</span>
        </div>
        <div className="bx-kpi">
          <span className="bx-kpi__label">{m.kpiPercentile}</span>
          <span className="bx-kpi__value" data-testid="kpi-percentile">{kpis.percentile === null ? '—' : `P${Math.round(kpis.percentile)}`}</span>
          <span className="bx-kpi__sub">{kpis.percentile === null ? '' : t('kpiPercentileSub', { p: formatPercent(kpis.percentile, lang, 0) })}</span>
        </div>
        <div className="bx-kpi">
          <span className="bx-kpi__label">{m.kpiMedian}</span>
          <span className="bx-kpi__value" data-testid="kpi-median">{formatScore(kpis.median, lang)}</span>
          <span className={`bx-kpi__sub ${kpis.vsMedian === null ? '' : kpis.vsMedian >= 0 ? 'bx-delta-up' : 'bx-delta-down'}`}>
            {kpis.vsMedian === null ? '' : t('kpiVsMedian', { delta: formatDelta(kpis.vsMedian, lang) })}
          </span>
        </div>
        <div className="bx-kpi">
          <span className="bx-kpi__label">{m.kpiBest}</span>
          <span className="bx-kpi__value" data-testid="kpi-best">{formatScore(kpis.best, lang)}</span>
          <span className="bx-kpi__sub">{categoryLabel}</span>
        </div>
      </div>

      <div className="bx-two-cols">
        <Chart
          title={m.distTitle}
          subtitle={m.distSubtitle}
          option={distributionOption(distMain, { youAreHere: m.youAreHere, peers: m.peers, median: m.kpiMedian }, lang)}
          table={distributionTable(distMain, { youAreHere: m.youAreHere, median: m.kpiMedian, level: m.level_step })}
          formatValue={(v, c) => (c === 2 ? formatCount(v, lang) : formatScore(v, lang))}
          height={Math.max(300, distMain.length * 34 + 70)}
          empty={distMain.length === 0}
          emptyText={kpis.withheld ? m.distWithheld : undefined}
          testId="chart-distribution"
        />
        <Chart
          title={m.radarTitle}
          subtitle={m.radarSubtitle}
          option={radarOption(radar, radarLabels)}
          table={radarTable(radar, { ...radarLabels, level: levelLabel })}
          formatValue={(v) => formatScore(v, lang)}
          // Twenty determinants need room for their names, whole, around the circle.
          height={Math.max(radar.axes.length > 8 ? 500 : 300, distMain.length * 34 + 70)}
          empty={radar.axes.length < 3}
          testId="chart-radar"
          actions={
            <div className="segmented" role="group" aria-label={m.radarSwitch}>
              {(['determinant', 'channel', 'step'] as const).map((level) => (
                <button key={level} type="button" aria-pressed={radarLevel === level} onClick={() => setRadarLevel(level)}>
                  {level === 'determinant' ? m.radarDeterminants : level === 'channel' ? m.radarChannels : m.radarSteps}
                </button>
              ))}
            </div>
          }
        />
      </div>

      <div className="bx-two-cols">
        <Chart
          title={m.distDetTitle}
          subtitle={m.distDetSubtitle}
          option={distributionOption(distDet, { youAreHere: m.youAreHere, peers: m.peers, median: m.kpiMedian }, lang)}
          table={distributionTable(distDet, { youAreHere: m.youAreHere, median: m.kpiMedian, level: m.level_determinant })}
          formatValue={(v, c) => (c === 2 ? formatCount(v, lang) : formatScore(v, lang))}
          height={Math.max(300, distDet.length * 28 + 70)}
          empty={distDet.length === 0}
          emptyText={kpis.withheld ? m.distWithheld : undefined}
          testId="chart-determinants"
        />
        {trend.isPending ? (
          <LoadingState lines={5} />
        ) : trend.isError ? (
          <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />
        ) : (
          <Chart
            title={m.trendTitle}
            subtitle={(structureTrend?.editions.length ?? 0) > 1 ? m.trendSubtitle : m.trendSubtitleSingle}
            option={structureTrend ? trendOption(structureTrend, categoryTrendLine, { structure: first.name, category: categoryLabel, texts: m }, lang) : {}}
            table={structureTrend ? trendTable(structureTrend, categoryTrendLine, { structure: first.name, category: categoryLabel, texts: m }, lang) : null}
            formatValue={(v) => formatScore(v, lang)}
            height={320}
            empty={!structureTrend}
            testId="chart-trend"
          />
        )}
      </div>
      {trendNoteLines.length > 0 ? (
        <ul className="bx-muted">
          {trendNoteLines.map((note) => <li key={note}>{note}</li>)}
        </ul>
      ) : null}

      <Card title={m.failedTitle} testId="failed-items">
        <p className="bx-muted" style={{ marginBottom: 12 }}>{m.failedSubtitle}</p>
        {failed.isPending ? (
          <LoadingState lines={5} />
        ) : failed.isError ? (
          <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />
        ) : (failed.data ?? []).length === 0 ? (
          <p className="bx-muted">{m.failedNone}</p>
        ) : (
          <div className="bx-table-wrap">
            <table className="table bx-table">
              <thead>
                <tr>
                  <th scope="col">{m.colItem}</th>
                  <th scope="col">{m.colChannel}</th>
                  <th scope="col" className="num">{m.colFailed}</th>
                  <th scope="col">{m.colRate}</th>
                  <th scope="col" className="num">{m.colPeers}</th>
                  <th scope="col"><span className="visually-hidden">{m.seeAudits}</span></th>
                </tr>
              </thead>
              <tbody>
                {(failed.data ?? []).map((item) => (
                  <tr key={item.item}>
                    <td>
                      <span className="bx-code">{item.item}</span> {item.label}
                    </td>
                    <td className="nowrap">{labelOf(CHANNELS, item.channel, lang)}</td>
                    <td className="num">{item.failed} / {item.applicable}</td>
                    <td className="nowrap">
                      <span className="bx-bar" style={{ width: `${Math.round(item.failureRate * 0.8)}px` }} aria-hidden="true" />
                      {formatPercent(item.failureRate, lang)}
                    </td>
                    <td className="num" title={item.peersSuppressed ? m.peersWithheld : undefined}>{item.peersSuppressed ? m.withheldShort : formatPercent(item.peersFailureRate, lang)}</td>
                    <td>
                      <button type="button" className="btn btn-sm" onClick={() => setDrill(item)} aria-label={t('seeAuditsOf', { item: item.item })}>
                        {m.seeAudits}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {drill ? (
        <AuditsPanel
          item={drill}
          lang={lang}
          onClose={closeDrill}
          labels={{
            title: t('panelTitle', { item: drill.item }),
            intro: t('panelIntro', { failed: drill.failed, applicable: drill.applicable }),
            close: m.panelClose,
            reference: m.colReference,
            date: m.colDate,
            channel: m.colChannel,
            answer: m.colAnswer,
            comment: m.colComment,
          }}
        />
      ) : null}
      </>}
    </Page>
  );
}
