/**
 * Scores: every structure of the selected edition × overall, steps, channels and determinants,
 * with the winners of each public category (tie-break shown), the distribution of overall scores
 * per category, and the ranking of the category the analyst filters on.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { DisclosedGroupScoreRow, Winner } from '../../../../shared/analytics-types.js';
import { SECTORS } from '../../../../shared/domain.js';
import { useEdition } from '../../state/edition.js';
import { markOnce } from '../../perf.js';
import { Page, PageHeader } from '../../components/layout/PageHeader.js';
import { SelectField } from '../../components/ui/Select.js';
import { routeHref } from '../../state/router.js';
import { useApiQuery } from '../../api/query.js';
import { Chart } from '../../components/charts/index.js';
import { distributionChart, rankingChart, RANKING_SHOWN } from '../../../../shared/scores-charts.js';
import { SCORE_STOPS } from '../../components/charts/score-scale.js';
import { EmptyState, ErrorState, LoadingState } from '../analysis-common/StateBlock.js';
import { formatCount, formatScore } from '../analysis-common/format.js';
import '../analysis-common/analysis.css';
import { useChartSvg, useGridScores, useRanking, useWinners } from './queries.js';
import type { ChartSvg } from '../../../../shared/scores-charts.js';
import { categoriesOf, matrixColumns, matrixRows } from './score-table.js';
import { ScoresGrid, type ScoresGridLabels } from './ScoresGrid.js';
import { EvidencePanel } from '../evidence/EvidencePanel.js';
import type { EvidenceTarget } from '../evidence/queries.js';
import type { ScoreColumn } from './score-table.js';
import { chartSvgWidth, INITIAL_SHOWN, lastScoresShown, rememberScoresShown } from './prefetch.js';
import { useI18n, type I18n } from '../../i18n/index.js';

type Decided = Winner['decidedBy'];

export default function ScoresView(): React.JSX.Element {
  const { t, lang } = useI18n();
  const { edition, loading: editionLoading } = useEdition();
  const [visible, setVisible] = useState<{ step: boolean; channel: boolean; determinant: boolean }>(INITIAL_SHOWN);
  const scores = useGridScores(edition, lang, visible);
  const winners = useWinners(edition, lang);
  const groups = useApiQuery(
    'analytics.groupScores',
    { edition: edition ?? 0, level: 'overall', lang },
    { enabled: edition !== null },
  );

  // Positions in each category come with the matrix (the engine's tie-break): only the charted
  // category's ranking is asked for.
  const rows = useMemo(() => (scores.matrix ? matrixRows(scores.matrix) : []), [scores.matrix]);
  const columns = useMemo(() => (scores.matrix ? matrixColumns(scores.matrix) : []), [scores.matrix]);
  if (rows.length > 0) markOnce('scores-data');
  const categories = useMemo(() => categoriesOf(rows), [rows]);
  // The charts' first paint: SVGs the server draws at the plot's width (the width remembered from
  // the last visit first, so the start-up prefetch already asked for them; then the width measured).
  const [chartWidth, setChartWidth] = useState<number | null>(() => lastScoresShown()?.chartWidth ?? null);
  const onPlotWidth = useCallback((width: number) => setChartWidth(chartSvgWidth(width)), []);
  // Where the next start-up prefetch begins (prefetch.ts): this edition, language, first category and chart width.
  const firstCategory = categories[0]?.code ?? null;
  useEffect(() => {
    if (edition !== null && firstCategory !== null) rememberScoresShown({ edition, lang, category: firstCategory, chartWidth });
  }, [edition, lang, firstCategory, chartWidth]);

  const [category, setCategory] = useState('');
  // The ranking chart follows the grid's category filter, else shows the first category.
  const rankingCategory = categories.find((c) => c.code === category) ?? categories[0];
  const ranking = useRanking(edition, rankingCategory?.code ?? null, lang);
  const distributionSvg = useChartSvg('distribution', edition, null, chartWidth, lang);
  // Only the ranking the view opens on has a first paint: by the time the analyst picks another
  // category, echarts draws it.
  const rankingSvg = useChartSvg('ranking', edition, category === '' ? firstCategory : null, chartWidth, lang);
  const [sector, setSector] = useState('');
  const [search, setSearch] = useState('');
  const ids = { search: useId(), tieBreak: useId() };
  // Drill-down: the evidence behind the score cell clicked (or entered) in the grid.
  const [evidence, setEvidence] = useState<EvidenceTarget | null>(null);
  const openEvidence = useCallback((structure: string, column: ScoreColumn) => {
    if (edition !== null) setEvidence({ edition, level: column.level, key: column.key, scope: { kind: 'structure', code: structure } });
  }, [edition]);
  const closeEvidence = useCallback(() => setEvidence(null), []);

  // One identity per language: new labels would make the grid rebuild its columns on every render
  // of the view (each answer arriving: winners, distribution, ranking).
  const gridLabels = useMemo<ScoresGridLabels>(() => ({
    rank: t('scores.colRank'),
    structure: t('scores.colStructure'),
    category: t('scores.colCategory'),
    sector: t('scores.colSector'),
    audits: t('scores.colAudits'),
    overall: t('scores.colOverall'),
    steps: t('scores.groupSteps'),
    channels: t('scores.groupChannels'),
    determinants: t('scores.groupDeterminants'),
    openStructure: (name) => t('scores.openStructure', { name }),
    gridLabel: t('scores.gridLabel'),
  }), [t]);

  // While another category's ranking loads, the previous one stays drawn under its own title. The
  // chart's option keeps its identity until the ranking changes: a new one redraws the chart.
  const rankingView = useMemo(() => rankingChart(ranking.data?.entries ?? [], lang), [ranking.data, lang]);

  const shownRows = useMemo(
    () => rows.filter((r) => (!category || r.category === category) && (!sector || r.sector === sector)),
    [rows, category, sector],
  );

  if (editionLoading || (edition !== null && scores.isPending)) {
    return (
      <Page testId="scores-view">
        <PageHeader title={t('scores.title')} />
        <LoadingState lines={10} />
      </Page>
    );
  }
  if (scores.error) {
    return (
      <Page testId="scores-view">
        <PageHeader title={t('scores.title')} />
        <ErrorState error={scores.error} onRetry={scores.refetch} />
      </Page>
    );
  }
  if (edition === null || rows.length === 0) {
    return (
      <Page testId="scores-view">
        <PageHeader title={t('scores.title')} />
        <EmptyState />
      </Page>
    );
  }


  return (
    <Page testId="scores-view">
      <PageHeader
        title={t('scores.title')}
        subtitle={t('scores.subtitle', { edition, structures: formatCount(rows.length, lang) })}
      />

      <section className="bx-section" aria-labelledby="scores-winners">
        <div className="bx-section__head">
          <h2 id="scores-winners" className="bx-section__title">{t('scores.winnersTitle', { edition })}</h2>
        </div>
        {winners.isPending ? (
          <LoadingState lines={3} />
        ) : winners.error ? (
          <ErrorState error={winners.error} onRetry={() => void winners.refetch()} />
        ) : (winners.data ?? []).length === 0 ? (
          <p className="bx-muted">{t('scores.winnersNone')}</p>
        ) : (
          <ul className="bx-winners" aria-describedby={ids.tieBreak}>
            {(winners.data ?? []).map((w) => (
              <li key={w.category} className="bx-winner">
                <span className="bx-winner__category">{w.categoryLabel}</span>
                <a className="bx-winner__name" href={routeHref('structure', w.structure)}>{w.name}</a>
                <span className="bx-winner__score" title={w.score === null ? t('scores.winnerScoreWithheld') : undefined}>
                  <strong>{formatScore(w.score, lang)}</strong>
                  <span className="bx-muted"> / 100 · {w.participants > 1 ? t('scores.winnerOf', { n: w.participants }) : t('scores.winnerOfOne')}</span>
                </span>
                <span className={`bx-badge bx-badge--${w.decidedBy ?? 'alone'}`}>{decidedLabel(w.decidedBy, t)}</span>
              </li>
            ))}
          </ul>
        )}
        <details className="bx-note" id={ids.tieBreak} open>
          <summary>{t('scores.tieBreakTitle')}</summary>
          <p>{t('scores.tieBreak')}</p>
        </details>
      </section>

      <div className="bx-two-cols">
        <DistributionChart groups={groups.data ?? NO_GROUPS} lang={lang} title={t('scores.distributionTitle')} subtitle={t('scores.distributionSubtitle')} median={t('scores.median')} firstPaint={distributionSvg} onPlotWidth={onPlotWidth} />
        {rankingCategory && ranking.isPending ? (
          <LoadingState lines={6} />
        ) : rankingCategory ? (
          <Chart
            title={t('scores.rankingTitle', { category: ranking.data?.categoryLabel ?? rankingCategory.label })}
            subtitle={rankingSubtitle(rankingView.ranked.length, t)}
            option={rankingView.option}
            height={rankingView.height}
            empty={rankingView.empty}
            testId="chart-ranking"
            firstPaint={category === '' ? rankingSvg : null}
            onPlotWidth={onPlotWidth}
            actions={
              <SelectField
                label={t('scores.filterCategory')}
                hideLabel
                size="sm"
                value={rankingCategory.code}
                onChange={(v) => setCategory(v)}
                options={categories.map((c) => ({ value: c.code, label: c.label }))}
              />
            }
          />
        ) : null}
      </div>

      <section className="bx-section" aria-labelledby="scores-table">
        <div className="bx-section__head">
          <h2 id="scores-table" className="bx-section__title">{t('scores.tableTitle')}</h2>
          <p className="bx-muted">{t('scores.tableHint')}</p>
        </div>
        <div className="bx-toolbar" role="group" aria-label={t('scores.tableTitle')}>
          <SelectField
            label={t('scores.filterCategory')}
            value={category}
            onChange={setCategory}
            emptyLabel={t('scores.all')}
            options={categories.map((c) => ({ value: c.code, label: c.label }))}
            testId="scores-category"
          />
          <SelectField
            label={t('scores.filterSector')}
            value={sector}
            onChange={setSector}
            emptyLabel={t('scores.allSectors')}
            options={SECTORS.map((s) => ({ value: s.code, label: s[lang] }))}
          />
          <div className="field bx-grow">
            <label htmlFor={ids.search} className="field-label">{t('scores.filterSearch')}</label>
            <input id={ids.search} className="input" type="search" value={search} placeholder={t('scores.filterSearchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <fieldset className="bx-checks">
            <legend>{t('scores.show')}</legend>
            <div className="bx-checks-row">
            {(['step', 'channel', 'determinant'] as const).map((level) => (
              <label key={level} className="check">
                <input type="checkbox" checked={visible[level]} onChange={(e) => setVisible((v) => ({ ...v, [level]: e.target.checked }))} />
                {level === 'step' ? t('scores.showSteps') : level === 'channel' ? t('scores.showChannels') : t('scores.showDeterminants')}
              </label>
            ))}
            </div>
          </fieldset>
          <ScaleLegend label={t('scores.legend')} />
        </div>
        <p className="bx-muted bx-count" aria-live="polite">{t('scores.shown', { n: formatCount(shownRows.length, lang) })}</p>
        <ScoresGrid
          rows={shownRows}
          columns={columns}
          visibleLevels={visible}
          quickFilter={search}
          lang={lang}
          height={560}
          labels={gridLabels}
          onOpenEvidence={openEvidence}
        />
      </section>
      {evidence ? <EvidencePanel target={evidence} onClose={closeEvidence} /> : null}
    </Page>
  );
}

const NO_GROUPS: DisclosedGroupScoreRow[] = [];


function rankingSubtitle(ranked: number, t: I18n['t']): string {
  if (ranked === 1) return t('scores.rankingSubtitleOne');
  if (ranked <= RANKING_SHOWN) return t('scores.rankingSubtitleAll', { n: ranked });
  return t('scores.rankingSubtitle', { shown: RANKING_SHOWN, n: ranked });
}

function decidedLabel(decided: Decided, t: I18n['t']): string {
  switch (decided) {
    case 'score': return t('scores.decided_score');
    case 'traitement': return t('scores.decided_traitement');
    case 'applicableWeight': return t('scores.decided_applicableWeight');
    case 'code': return t('scores.decided_code');
    default: return t('scores.decided_alone');
  }
}

function ScaleLegend({ label }: { label: string }): React.JSX.Element {
  const gradient = `linear-gradient(90deg, ${SCORE_STOPS.map((s) => s.color).join(', ')})`;
  const first = SCORE_STOPS[0];
  const last = SCORE_STOPS[SCORE_STOPS.length - 1];
  return (
    <div className="bx-scale" aria-label={`${label} : ${first?.score ?? 50} → ${last?.score ?? 90}`} role="img">
      <span className="bx-scale__label" aria-hidden="true">{label}</span>
      <span className="bx-scale__bar" style={{ background: gradient }} aria-hidden="true" />
      <span className="bx-scale__ends" aria-hidden="true">
        <span>≤ {first?.score}</span>
        <span>≥ {last?.score}</span>
      </span>
    </div>
  );
}

function DistributionChart({ groups, lang, title, subtitle, median, firstPaint, onPlotWidth }: { groups: DisclosedGroupScoreRow[]; lang: 'fr' | 'en'; title: string; subtitle: string; median: string; firstPaint: ChartSvg | null; onPlotWidth: (width: number) => void }): React.JSX.Element {
  // One identity per answer: a new option would redraw the chart.
  const { option, table, height, empty } = useMemo(() => distributionChart(groups, lang, { title, median }), [groups, lang, title, median]);
  return (
    <Chart
      title={title}
      subtitle={subtitle}
      option={option}
      table={table}
      formatValue={(v, column) => (column === 1 ? formatCount(v, lang) : formatScore(v, lang))}
      height={height}
      empty={empty}
      firstPaint={firstPaint}
      onPlotWidth={onPlotWidth}
      testId="chart-scores-distribution"
    />
  );
}
