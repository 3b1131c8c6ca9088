/**
 * Fiche structure (`#/structure/CODE`): one structure against its peers (same category, same
 * edition): KPI cards, the peers' distribution per level with a "vous êtes ici" marker, a radar
 * against the peer and private-panel medians, the trend over editions, and the items it failed
 * most with a drill-down to each audit. It first asks whether the structure has audits in the
 * edition (`workspace.structureStatus`): without any, it shows who the structure is, the editions
 * where it has audits and the way to enter its first one (NoAuditPanel), and asks nothing else.
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
import { EmptyState, ErrorState, LoadingState } from '../analysis-common/StateBlock.js';
import { formatCount, formatDelta, formatPercent, formatRank, formatScore } from '../analysis-common/format.js';
import '../analysis-common/analysis.css';
import { useCategoryTrend, useFailedItems, useGroupScores, usePeers, useStructureStatus, useStructureTrend } from './queries.js';
import { NoAuditPanel } from './NoAuditPanel.js';
import { distributionRows, kpisOf, radarModel, trendLine } from './profile-model.js';
import { distributionOption, distributionTable, radarOption, radarTable, trendNotes, trendOption, trendTable } from './structure-charts.js';
import { StructurePicker } from './StructurePicker.js';
import { AuditsPanel } from './AuditsPanel.js';
import { explorerHref } from '../explorer/explorer-url.js';
import { StructureTabs, structureTabOf } from './StructureTabs.js';
import { LabelsPanel } from './LabelsPanel.js';
import { EvidencePanel } from '../evidence/EvidencePanel.js';
import type { EvidenceTarget } from '../evidence/queries.js';
import type { ChartPoint, DrillChoices } from '../../components/charts/index.js';
import type { DistributionRow } from './profile-model.js';
import { trendReasonsText } from '../../../../shared/trend-reasons.js';
import { useI18n } from '../../i18n/index.js';
import { messages } from './messages.js';

type RadarLevel = Extract<Level, 'determinant' | 'channel' | 'step'>;

export default function StructureView(): React.JSX.Element {
  const { t, lang } = useI18n();
  const route = useRoute();
  const code = route.segments[1] ?? null;
  const tab = structureTabOf(route.segments);
  const { edition, loading: editionLoading, setEdition } = useEdition();
  const status = useStructureStatus(code, edition, !editionLoading);
  // The analyses exist only for a structure audited in the edition: not asked otherwise (asked
  // along with the status, an unaudited structure's would fail, and the browser logs each failure).
  const audited = status.data?.state === 'audited' ? code : null;
  const peers = usePeers(audited, edition, lang);
  const [radarLevel, setRadarLevel] = useState<RadarLevel>('determinant');
  const privateGroups = useGroupScores(edition, radarLevel, lang);
  const trend = useStructureTrend(audited, 'overall', lang);
  const category = peers.data?.[0]?.category ?? null;
  const categoryTrend = useCategoryTrend(category, 'overall', lang);
  const failed = useFailedItems(audited, edition, lang);
  const exportWorkbook = useExportStructureWorkbook();
  const exportReport = useExportReport();
  const [drill, setDrill] = useState<FailedItem | null>(null);
  const closeDrill = useCallback(() => setDrill(null), []);
  // Drill-down from a chart figure to the evidence behind it.
  const [evidence, setEvidence] = useState<EvidenceTarget | null>(null);
  const closeEvidence = useCallback(() => setEvidence(null), []);

  const first = peers.data?.[0];
  const kpis = useMemo(() => (peers.data ? kpisOf(peers.data) : null), [peers.data]);
  const distMain = useMemo(() => distributionRows(peers.data ?? [], ['overall', 'step', 'channel']), [peers.data]);
  const distDet = useMemo(() => distributionRows(peers.data ?? [], ['determinant']), [peers.data]);
  const radar = useMemo(() => radarModel(peers.data ?? [], privateGroups.data ?? [], radarLevel), [peers.data, privateGroups.data, radarLevel]);
  const structureTrend = useMemo(() => trendLine(trend.data), [trend.data]);
  const categoryTrendLine = useMemo(() => trendLine(categoryTrend.data), [categoryTrend.data]);

  // Each chart's option and table keep their identity until their own data change: the view
  // re-renders as each of its answers arrives, and a new option redraws the chart (four charts
  // redrawn on every answer took most of the Fiche's opening, issue 11).
  const structureName = first?.name ?? '';
  const categoryLabel = first ? labelOf(CATEGORIES, first.category, lang) : '';
  const distTexts = useMemo(() => ({ youAreHere: t('structure.youAreHere'), peers: t('structure.peers'), median: t('structure.kpiMedian') }), [t]);
  const distMainChart = useMemo(() => ({
    option: distributionOption(distMain, distTexts, lang),
    table: distributionTable(distMain, { youAreHere: distTexts.youAreHere, median: distTexts.median, level: t('structure.level_step') }),
  }), [distMain, distTexts, lang, t]);
  const distDetChart = useMemo(() => ({
    option: distributionOption(distDet, distTexts, lang),
    table: distributionTable(distDet, { youAreHere: distTexts.youAreHere, median: distTexts.median, level: t('structure.level_determinant') }),
  }), [distDet, distTexts, lang, t]);
  const radarChart = useMemo(() => {
    const labels = { structure: structureName, peerMedian: t('structure.peerMedian'), privateMedian: t('structure.privateMedian') };
    const level = radarLevel === 'determinant' ? t('structure.level_determinant') : radarLevel === 'channel' ? t('structure.level_channel') : t('structure.level_step');
    return { option: radarOption(radar, labels), table: radarTable(radar, { ...labels, level }) };
  }, [radar, radarLevel, structureName, t]);
  const trendChart = useMemo(() => {
    if (!structureTrend) return { option: {}, table: null };
    const texts = { structure: structureName, category: categoryLabel, texts: messages[lang] };
    return { option: trendOption(structureTrend, categoryTrendLine, texts, lang), table: trendTable(structureTrend, categoryTrendLine, texts, lang) };
  }, [structureTrend, categoryTrendLine, structureName, categoryLabel, lang]);

  const picker = (
    <StructurePicker
      edition={edition}
      label={t('structure.pickerLabel')}
      placeholder={t('structure.pickerPlaceholder')}
      noResult={t('structure.pickerNoResult')}
      currentName={first?.name ?? status.data?.structure.name}
      onPick={(picked) => navigate(routePath('structure', picked.code))}
      testId="structure-picker"
      unauditedTag={edition === null ? undefined : t('structure.pickerUnaudited', { edition })}
    />
  );

  const header = (subtitle: string, actions?: React.ReactNode): React.JSX.Element => (
    <PageHeader
      title={first ? `${t('structure.title')} — ${first.name}` : status.data ? `${t('structure.title')} — ${status.data.structure.name}` : t('structure.title')}
      subtitle={subtitle}
      actions={<>{picker}{actions}</>}
    />
  );

  if (!code) {
    return (
      <Page testId="structure-view">
        {header(t('structure.subtitleNone'))}
        <Card><EmptyState title={t('structure.chooseTitle')} hint={t('structure.chooseText')} testId="structure-choose" noImportLink /></Card>
      </Page>
    );
  }
  if (editionLoading || status.isLoading || peers.isLoading) {
    return (
      <Page testId="structure-view">
        {header(t('structure.subtitleNone'))}
        <LoadingState lines={10} />
      </Page>
    );
  }
  if (status.data?.state === 'no-audit') {
    const { structure } = status.data;
    return (
      <Page testId="structure-view">
        {header(t('structure.subtitleNoAudit', { category: labelOf(CATEGORIES, structure.category, lang), edition: status.data.edition }))}
        <NoAuditPanel status={status.data} onOpenEdition={setEdition} />
      </Page>
    );
  }
  if (status.isError || peers.isError) {
    const failedQuery = status.isError ? status : peers;
    return (
      <Page testId="structure-view">
        {header(t('structure.subtitleNone'))}
        <ErrorState error={failedQuery.error} onRetry={() => void failedQuery.refetch()} />
      </Page>
    );
  }
  if (!first || !kpis || edition === null || peers.isPending) {
    return (
      <Page testId="structure-view">
        {header(t('structure.subtitleNone'))}
        <EmptyState />
      </Page>
    );
  }

  // Referential breaks of the structure's trend, then the category's same-panel changes.
  const trendNoteLines = structureTrend
    ? trendNotes(structureTrend, categoryTrendLine, { category: categoryLabel, texts: messages[lang], breakNote: (b) => t('structure.trendNotComparableNote', { from: b.from, to: b.to, reason: trendReasonsText(b.reasons, lang) }) }, lang)
    : [];

  // Evidence targets: the structure's own score, its category's (the peers), the private panel's.
  const target = (kind: EvidenceTarget['scope']['kind'], level: Level, key: string, year = edition): EvidenceTarget => ({
    edition: year, level, key, scope: { kind, code: kind === 'structure' ? code : kind === 'category' ? first.category : 'prive' },
  });
  const openTarget = (id: string): void => {
    const [kind, level, key, year] = id.split('|') as [EvidenceTarget['scope']['kind'], Level, string, string | undefined];
    setEvidence(target(kind, level, key, year ? Number(year) : edition));
  };
  // Boxes are the peers (the category), diamonds the structure.
  const distributionDrill = (rows: readonly DistributionRow[]) => ({
    onPointClick: (point: ChartPoint): void => {
      const row = rows[point.dataIndex];
      if (row) setEvidence(target(point.seriesType === 'boxplot' ? 'category' : 'structure', row.level, row.key));
    },
    drillChoices: {
      label: t('structure.drillLabel'),
      open: t('structure.drillOpen'),
      options: rows.flatMap((r) => [
        { id: `structure|${r.level}|${r.key}`, label: t('structure.drillStructure', { label: r.label }) },
        { id: `category|${r.level}|${r.key}`, label: t('structure.drillPeers', { label: r.label }) },
      ]),
      onChoose: openTarget,
    } satisfies DrillChoices,
  });
  const radarDrill = {
    onPointClick: (point: ChartPoint): void => {
      const axis = point.axisIndex === null ? undefined : radar.axes[point.axisIndex];
      if (!axis) return;
      const kind = point.name === t('structure.peerMedian') ? 'category' : point.name === t('structure.privateMedian') ? 'sector' : 'structure';
      setEvidence(target(kind, radarLevel, axis.key));
    },
    drillChoices: {
      label: t('structure.drillLabel'),
      open: t('structure.drillOpen'),
      options: radar.axes.flatMap((a) => [
        { id: `structure|${radarLevel}|${a.key}`, label: t('structure.drillStructure', { label: a.label }) },
        { id: `category|${radarLevel}|${a.key}`, label: t('structure.drillPeers', { label: a.label }) },
        { id: `sector|${radarLevel}|${a.key}`, label: t('structure.drillPrivate', { label: a.label }) },
      ]),
      onChoose: openTarget,
    } satisfies DrillChoices,
  };
  // Trend points: one edition of the structure (first line) or of its category (second line).
  const trendEditions = structureTrend?.editions ?? [];
  const trendDrill = {
    onPointClick: (point: ChartPoint): void => {
      const year = trendEditions[point.dataIndex];
      if (year !== undefined && structureTrend?.values[point.dataIndex] !== null) setEvidence(target(point.seriesIndex === 0 ? 'structure' : 'category', 'overall', 'overall', year));
    },
    drillChoices: {
      label: t('structure.drillLabel'),
      open: t('structure.drillOpen'),
      options: trendEditions.flatMap((year, i) => (structureTrend?.values[i] === null ? [] : [
        { id: `structure|overall|overall|${year}`, label: t('structure.drillEdition', { edition: year }) },
        { id: `category|overall|overall|${year}`, label: t('structure.drillEditionCategory', { edition: year }) },
      ])),
      onChoose: openTarget,
    } satisfies DrillChoices,
  };

  return (
    <Page testId="structure-view">
      {header(
        kpis.n === null
          ? t('structure.subtitleWithheld', { category: categoryLabel, edition })
          : kpis.others === 1
            ? t('structure.subtitleOne', { category: categoryLabel, edition })
            : t('structure.subtitle', { category: categoryLabel, edition, n: formatCount(kpis.others, lang) }),
        <>
          <a className="btn" href={explorerHref({ table: 'audits', filters: { edition, structure: code } })} data-testid="structure-see-audits">
            {t('structure.auditsInExplorer')}
          </a>
          <a className="btn" href={`#${routePath('entry', code)}`} data-testid="structure-new-audit">{t('structure.newAudit')}</a>
          <button
            type="button"
            className="btn"
            disabled={exportWorkbook.isPending}
            onClick={() => exportWorkbook.mutate({ code, edition }, { onSuccess: (file) => void openOrDownload(file) })}
          >
            {t('structure.exportWorkbook')}
          </button>
          <button
            type="button"
            className="btn"
            title={t('structure.exportReportHint')}
            disabled={exportReport.isPending}
            onClick={() => exportReport.mutate({ code, edition }, { onSuccess: (file) => void openOrDownload(file) })}
            data-testid="structure-report-pdf"
          >
            {exportReport.isPending ? t('structure.exportReportRunning') : t('structure.exportReport')}
          </button>
        </>,
      )}
      {exportWorkbook.isError ? <ErrorBanner error={exportWorkbook.error} /> : null}
      {exportReport.isError ? <ErrorBanner error={exportReport.error} /> : null}
      <StructureTabs code={code} current={tab} />
      {tab === 'labels' ? <LabelsPanel code={code} edition={edition} /> : <>
      {first.reference ? <p className="bx-note" role="note" data-testid="structure-national-reference">{t('structure.nationalReference', { label: first.reference.label })}</p> : null}
      {kpis.withheld ? <p className="bx-note" role="note" data-testid="structure-withheld">{t('structure.withheldNote', { others: formatCount(kpis.others, lang) })}</p> : null}

      <div className="bx-kpis" data-testid="structure-kpis">
        <div className="bx-kpi bx-kpi--primary">
          <span className="bx-kpi__label">{t('structure.kpiScore')}</span>
          <span className="bx-kpi__value" data-testid="kpi-score">{formatScore(kpis.score, lang)}<small> / 100</small></span>
          <span className="bx-kpi__sub">{t('structure.kpiAudits', { audits: formatCount(kpis.audits, lang), obs: formatCount(kpis.observations, lang) })}</span>
        </div>
        <div className="bx-kpi">
          <span className="bx-kpi__label">{t('structure.kpiRank')}</span>
          <span className="bx-kpi__value" data-testid="kpi-rank">{formatRank(kpis.rank, kpis.n)}</span>
          <span className="bx-kpi__sub">{kpis.rank !== null && kpis.sharesRank ? t('structure.kpiRankSub') : ''}</span>
        </div>
        <div className="bx-kpi">
          <span className="bx-kpi__label">{t('structure.kpiPercentile')}</span>
          <span className="bx-kpi__value" data-testid="kpi-percentile">{kpis.percentile === null ? '—' : `P${Math.round(kpis.percentile)}`}</span>
          <span className="bx-kpi__sub">{kpis.percentile === null ? '' : t('structure.kpiPercentileSub', { p: formatPercent(kpis.percentile, lang, 0) })}</span>
        </div>
        <div className="bx-kpi">
          <span className="bx-kpi__label">{t('structure.kpiMedian')}</span>
          <span className="bx-kpi__value" data-testid="kpi-median">{formatScore(kpis.median, lang)}</span>
          <span className={`bx-kpi__sub ${kpis.vsMedian === null ? '' : kpis.vsMedian >= 0 ? 'bx-delta-up' : 'bx-delta-down'}`}>
            {kpis.vsMedian === null ? '' : t('structure.kpiVsMedian', { delta: formatDelta(kpis.vsMedian, lang) })}
          </span>
        </div>
        <div className="bx-kpi">
          <span className="bx-kpi__label">{t('structure.kpiBest')}</span>
          <span className="bx-kpi__value" data-testid="kpi-best">{formatScore(kpis.best, lang)}</span>
          <span className="bx-kpi__sub">{categoryLabel}</span>
        </div>
      </div>

      <div className="bx-two-cols">
        <Chart
          title={t('structure.distTitle')}
          subtitle={t('structure.distSubtitle')}
          option={distMainChart.option}
          table={distMainChart.table}
          formatValue={(v, c) => (c === 2 ? formatCount(v, lang) : formatScore(v, lang))}
          height={Math.max(300, distMain.length * 34 + 70)}
          empty={distMain.length === 0}
          emptyText={kpis.withheld ? t('structure.distWithheld') : undefined}
          testId="chart-distribution"
          {...distributionDrill(distMain)}
        />
        <Chart
          title={t('structure.radarTitle')}
          subtitle={t('structure.radarSubtitle')}
          option={radarChart.option}
          table={radarChart.table}
          formatValue={(v) => formatScore(v, lang)}
          // Twenty determinants need room for their names, whole, around the circle.
          height={Math.max(radar.axes.length > 8 ? 500 : 300, distMain.length * 34 + 70)}
          empty={radar.axes.length < 3}
          testId="chart-radar"
          {...radarDrill}
          actions={
            <div className="segmented" role="group" aria-label={t('structure.radarSwitch')}>
              {(['determinant', 'channel', 'step'] as const).map((level) => (
                <button key={level} type="button" aria-pressed={radarLevel === level} onClick={() => setRadarLevel(level)}>
                  {level === 'determinant' ? t('structure.radarDeterminants') : level === 'channel' ? t('structure.radarChannels') : t('structure.radarSteps')}
                </button>
              ))}
            </div>
          }
        />
      </div>

      <div className="bx-two-cols">
        <Chart
          title={t('structure.distDetTitle')}
          subtitle={t('structure.distDetSubtitle')}
          option={distDetChart.option}
          table={distDetChart.table}
          formatValue={(v, c) => (c === 2 ? formatCount(v, lang) : formatScore(v, lang))}
          height={Math.max(300, distDet.length * 28 + 70)}
          empty={distDet.length === 0}
          emptyText={kpis.withheld ? t('structure.distWithheld') : undefined}
          testId="chart-determinants"
          {...distributionDrill(distDet)}
        />
        {trend.isPending ? (
          <LoadingState lines={5} />
        ) : trend.isError ? (
          <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />
        ) : (
          <Chart
            title={t('structure.trendTitle')}
            subtitle={(structureTrend?.editions.length ?? 0) > 1 ? t('structure.trendSubtitle') : t('structure.trendSubtitleSingle')}
            option={trendChart.option}
            table={trendChart.table}
            formatValue={(v) => formatScore(v, lang)}
            height={320}
            empty={!structureTrend}
            testId="chart-trend"
            {...trendDrill}
          />
        )}
      </div>
      {trendNoteLines.length > 0 ? (
        <ul className="bx-muted">
          {trendNoteLines.map((note) => <li key={note}>{note}</li>)}
        </ul>
      ) : null}

      <Card title={t('structure.failedTitle')} testId="failed-items">
        <p className="bx-muted" style={{ marginBottom: 12 }}>{t('structure.failedSubtitle')}</p>
        {failed.isPending ? (
          <LoadingState lines={5} />
        ) : failed.isError ? (
          <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />
        ) : (failed.data ?? []).length === 0 ? (
          <p className="bx-muted">{t('structure.failedNone')}</p>
        ) : (
          <div className="bx-table-wrap">
            <table className="table bx-table">
              <thead>
                <tr>
                  <th scope="col">{t('structure.colItem')}</th>
                  <th scope="col">{t('structure.colChannel')}</th>
                  <th scope="col" className="num">{t('structure.colFailed')}</th>
                  <th scope="col">{t('structure.colRate')}</th>
                  <th scope="col" className="num">{t('structure.colPeers')}</th>
                  <th scope="col"><span className="visually-hidden">{t('structure.seeAudits')}</span></th>
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
                    <td className="num" title={item.peersSuppressed ? t('structure.peersWithheld') : undefined}>{item.peersSuppressed ? t('structure.withheldShort') : formatPercent(item.peersFailureRate, lang)}</td>
                    <td>
                      <button type="button" className="btn btn-sm" onClick={() => setDrill(item)} aria-label={t('structure.seeAuditsOf', { item: item.item })}>
                        {t('structure.seeAudits')}
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
            title: t('structure.panelTitle', { item: drill.item }),
            intro: t('structure.panelIntro', { failed: drill.failed, applicable: drill.applicable }),
            close: t('structure.panelClose'),
            reference: t('structure.colReference'),
            date: t('structure.colDate'),
            channel: t('structure.colChannel'),
            answer: t('structure.colAnswer'),
            comment: t('structure.colComment'),
          }}
        />
      ) : null}
      </>}
      {evidence ? <EvidencePanel target={evidence} onClose={closeEvidence} /> : null}
    </Page>
  );
}
