/**
 * <Chart>: one echarts chart in a titled card, sized by its container (ResizeObserver), with
 * "Enregistrer en PNG / SVG" buttons, echarts' aria description and a visually hidden data table
 * for screen readers. Animation is off under test (`window.__BAROMETER_TEST__`) and when the user
 * prefers reduced motion, so screenshots and assistive tech see the final state at once.
 * The card, its title and its table render at once; the plot is drawn when the page is next idle,
 * echarts being loaded then (chart-loading.ts): `aria-busy` stays on the plot until it is.
 * A view may give the chart's first paint as an SVG drawn by the server from the same option
 * (`firstPaint`, the Scores view: charts.scoresSvg): it is shown at once, counts as drawn, and the
 * live echarts chart (tooltips, clicks, saving) replaces it when the page is idle.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ChartOption, echarts } from './echarts-setup.js';
import { loadEcharts, whenIdle } from './chart-loading.js';
import { markOnce } from '../../perf.js';
import { chartFileName } from './chart-file-name.js';
import { tableFromCategoryOption, type ChartTable } from './chart-table.js';
import { tooltipFormatter } from './chart-format.js';
import { useI18n } from '../../i18n/index.js';
import './charts.css';

export interface ChartProps {
  option: ChartOption;
  /** Visible title, the file name of saved images and the start of the aria description. */
  title: string;
  subtitle?: string;
  /** Description for screen readers (defaults to the title). */
  ariaLabel?: string;
  /** Height of the plot area in pixels (the card adds its header). */
  height?: number;
  /** The figures behind the chart for screen readers; derived from a category axis when omitted. */
  table?: ChartTable | null;
  /** Formats numbers of the hidden table by column index (defaults to `toLocaleString`). */
  formatValue?: (value: number, column: number) => string;
  /** Extra controls shown in the card header, before the save buttons. */
  actions?: ReactNode;
  /** Shown instead of the plot when true (the card and its title stay). */
  empty?: boolean;
  emptyText?: string;
  className?: string;
  testId?: string;
  /** A click on a data element (bar, box, point…): drill-down to what makes the figure. */
  onPointClick?: (point: ChartPoint) => void;
  /**
   * The same drill-down from the keyboard: a list of the chart's figures in the card header;
   * choosing one calls `onChoose` with its id.
   */
  drillChoices?: DrillChoices;
  /** The plot drawn by the server as SVG from the same option, shown until echarts draws it. */
  firstPaint?: { svg: string } | null;
  /** Told the plot's width once laid out (the width a view asks the server to draw `firstPaint` at). */
  onPlotWidth?: (width: number) => void;
}

export interface DrillChoices {
  /** Accessible name of the list, e.g. « Figure dont voir les preuves ». */
  label: string;
  /** Text of the button that opens the chosen figure's evidence. */
  open: string;
  options: ReadonlyArray<{ id: string; label: string }>;
  onChoose: (id: string) => void;
}

/** The data element clicked. `axisIndex`: for a radar, the indicator nearest to the click. */
export interface ChartPoint {
  seriesIndex: number;
  seriesType: string;
  dataIndex: number;
  name: string;
  axisIndex: number | null;
}

function animationsOff(): boolean {
  if (typeof window === 'undefined') return true;
  if (window.__BAROMETER_TEST__) return true;
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** The option as rendered: animation policy, aria description and French tooltips added. */
function decorate(option: ChartOption, description: string, lang: 'fr' | 'en'): ChartOption {
  const tooltip = option.tooltip;
  const withFormatter =
    tooltip && !Array.isArray(tooltip) && !('valueFormatter' in tooltip) && !('formatter' in tooltip)
      ? { ...tooltip, valueFormatter: tooltipFormatter(lang) }
      : tooltip;
  return {
    ...option,
    ...(withFormatter ? { tooltip: withFormatter } : {}),
    animation: animationsOff() ? false : (option.animation ?? true),
    aria: { enabled: true, label: { enabled: true, description } },
  };
}

export function Chart(props: ChartProps): React.JSX.Element {
  const { option, title, subtitle, height = 320, formatValue, actions, empty = false, className, testId, drillChoices, firstPaint, onPlotWidth } = props;
  const { t, lang } = useI18n();
  const titleId = useId();
  const tableId = useId();
  const hostRef = useRef<HTMLDivElement>(null);
  // The live echarts instance, null until the plot is first drawn (then `aria-busy` goes).
  const [chart, setChart] = useState<echarts.ECharts | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const description = props.ariaLabel ?? title;
  const rendered = useMemo(() => decorate(option, description, lang), [option, description, lang]);
  const table = useMemo(
    () => (props.table === undefined ? tableFromCategoryOption(option, t('chart.category')) : props.table),
    [props.table, option, t],
  );

  // The option drawn last: the first one is drawn with the instance's creation, later ones by the
  // effect below (never the same one twice).
  const latest = useRef(rendered);
  latest.current = rendered;
  const drawnOption = useRef<ChartOption | null>(null);

  // The plot's width, read before the first paint (the layout it costs is the one the paint needs).
  const plotWidthRef = useRef(onPlotWidth);
  plotWidthRef.current = onPlotWidth;
  useLayoutEffect(() => {
    const host = hostRef.current;
    if (host && !empty) plotWidthRef.current?.(host.clientWidth);
  }, [empty]);
  // The server's SVG counts as the chart drawn (a milestone of the Scores view's load).
  const shownFirstPaint = chart === null && !empty && firstPaint ? firstPaint : null;
  useEffect(() => {
    if (shownFirstPaint) markOnce('first-chart-drawn');
  }, [shownFirstPaint]);

  // One echarts instance per mounted card, created and first drawn once the page is idle; resized
  // with its box, disposed with it.
  useEffect(() => {
    const host = hostRef.current;
    if (!host || empty) return undefined;
    let instance: echarts.ECharts | null = null;
    let observer: ResizeObserver | null = null;
    let cancelled = false;
    const cancelIdle = whenIdle(() => {
      loadEcharts().then(({ echarts: engine, BAROMETER_THEME_NAME }) => {
        if (cancelled) return;
        const created = engine.init(host, BAROMETER_THEME_NAME, { renderer: 'canvas' });
        instance = created;
        created.setOption(latest.current, { notMerge: true });
        drawnOption.current = latest.current;
        markOnce('first-chart-drawn');
        observer = new ResizeObserver(() => created.resize());
        observer.observe(host);
        setChart(created);
      }, (error: unknown) => {
        console.error('echarts could not be loaded', error);
      });
    });
    return () => {
      cancelled = true;
      cancelIdle();
      observer?.disconnect();
      instance?.dispose();
      drawnOption.current = null;
      setChart(null);
    };
  }, [empty]);

  useEffect(() => {
    if (!chart || drawnOption.current === rendered) return;
    chart.setOption(rendered, { notMerge: true });
    drawnOption.current = rendered;
  }, [chart, rendered]);

  // Clicks on data elements, read through a ref so a new handler needs no re-subscription.
  const pointClickRef = useRef(props.onPointClick);
  pointClickRef.current = props.onPointClick;
  const clickable = props.onPointClick !== undefined;
  useEffect(() => {
    if (!chart || empty || !clickable) return undefined;
    const onClick = (params: { seriesIndex?: number; seriesType?: string; dataIndex?: number; name?: string; event?: { offsetX?: number; offsetY?: number } }): void => {
      if (params.seriesIndex === undefined || params.dataIndex === undefined) return;
      let axisIndex: number | null = null;
      if (params.seriesType === 'radar' && params.event?.offsetX !== undefined && params.event.offsetY !== undefined) {
        // A radar's click names the polygon, not the axis: the indicator nearest to the click.
        axisIndex = radarAxisAt(chart, params.seriesIndex, [params.event.offsetX, params.event.offsetY]);
      }
      pointClickRef.current?.({ seriesIndex: params.seriesIndex, seriesType: params.seriesType ?? '', dataIndex: params.dataIndex, name: params.name ?? '', axisIndex });
    };
    chart.on('click', onClick);
    return () => {
      chart.off('click', onClick);
    };
  }, [chart, empty, clickable]);

  const save = async (kind: 'png' | 'svg'): Promise<void> => {
    if (!chart) return;
    setSaveError(null);
    try {
      // With echarts: loaded once the chart is drawn.
      const { chartToPngBlob, chartToSvgString, downloadBlob } = await import('./save-chart.js');
      if (kind === 'png') {
        downloadBlob(await chartToPngBlob(chart, title), chartFileName(title, 'png'));
      } else {
        const svg = chartToSvgString(rendered, title, chart.getWidth(), chart.getHeight());
        downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), chartFileName(title, 'svg'));
      }
    } catch (error) {
      setSaveError(t('chart.saveFailed', { message: error instanceof Error ? error.message : String(error) }));
    }
  };

  const fmt = (value: string | number | null, column: number): string =>
    value === null ? '—' : typeof value === 'number' ? (formatValue ? formatValue(value, column) : value.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB')) : value;

  return (
    <figure className={`bx-chart${className ? ` ${className}` : ''}`} aria-labelledby={titleId} data-testid={testId}>
      <div className="bx-chart__header">
        <div className="bx-chart__titles">
          <h2 id={titleId} className="bx-chart__title">{title}</h2>
          {subtitle ? <p className="bx-chart__subtitle">{subtitle}</p> : null}
        </div>
        <div className="bx-chart__actions">
          {actions}
          {drillChoices && !empty && drillChoices.options.length > 0 ? <DrillPicker choices={drillChoices} testId={testId} /> : null}
          {empty ? null : (
            <>
              {/* Saving needs the live chart: until echarts has drawn it (a moment after the page), the buttons wait. */}
              <button type="button" className="bx-chart__save" disabled={chart === null} onClick={() => void save('png')} aria-label={`${t('chart.savePng')} : ${title}`} title={t('chart.savePngLabel', { title })}>
                <DownloadIcon /> PNG
              </button>
              <button type="button" className="bx-chart__save" disabled={chart === null} onClick={() => void save('svg')} aria-label={`${t('chart.saveSvg')} : ${title}`} title={t('chart.saveSvgLabel', { title })}>
                <DownloadIcon /> SVG
              </button>
            </>
          )}
        </div>
      </div>
      {saveError ? <p role="alert" className="bx-chart__error">{saveError}</p> : null}
      {empty ? (
        <div className="bx-chart__empty" style={{ height }}>{props.emptyText ?? t('chart.noData')}</div>
      ) : (
        <div className="bx-chart__stage" style={{ height }}>
          <div ref={hostRef} className="bx-chart__plot" style={{ height }} aria-describedby={table ? tableId : undefined} aria-busy={chart === null && shownFirstPaint === null} />
          {shownFirstPaint ? (
            // Markup drawn by echarts on the server (texts escaped there), a picture only: the
            // figures are in the data table below, as for the live chart.
            <div className="bx-chart__first-paint" aria-hidden="true" data-testid={testId ? `${testId}-first-paint` : undefined} dangerouslySetInnerHTML={{ __html: shownFirstPaint.svg }} />
          ) : null}
        </div>
      )}
      {table && !empty ? (
        <table id={tableId} className="bx-visually-hidden">
          <caption>{`${t('chart.dataTable')} : ${title}`}</caption>
          <thead>
            <tr>{table.columns.map((column, i) => <th key={i} scope="col">{column}</th>)}</tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (c === 0 ? <th key={c} scope="row">{fmt(cell, c)}</th> : <td key={c}>{fmt(cell, c)}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </figure>
  );
}

/**
 * The radar indicator nearest to a pixel: echarts' radar coordinate system answers it
 * (`pointToData` → [axis index, value]) but `convertFromPixel` does not reach it for radars.
 */
function radarAxisAt(chart: echarts.ECharts, seriesIndex: number, pixel: [number, number]): number | null {
  type RadarSystem = { pointToData?: (point: number[]) => unknown };
  const model = (chart as unknown as { getModel?: () => { getSeriesByIndex: (i: number) => { coordinateSystem?: RadarSystem } | undefined } }).getModel?.();
  const found = model?.getSeriesByIndex(seriesIndex)?.coordinateSystem?.pointToData?.(pixel);
  return Array.isArray(found) && typeof found[0] === 'number' && found[0] >= 0 ? found[0] : null;
}

/**
 * The keyboard way into a chart's drill-down: pick a figure, then the button (a select alone would
 * open the evidence at the first arrow key, before the user reached the figure they wanted).
 */
function DrillPicker({ choices, testId }: { choices: DrillChoices; testId: string | undefined }): React.JSX.Element {
  const [chosen, setChosen] = useState('');
  const value = choices.options.some((o) => o.id === chosen) ? chosen : choices.options[0]?.id ?? '';
  return (
    <span className="bx-chart__drill">
      <select aria-label={choices.label} title={choices.label} value={value} onChange={(event) => setChosen(event.target.value)} data-testid={testId ? `${testId}-drill` : undefined}>
        {choices.options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
      </select>
      <button type="button" className="bx-chart__save" onClick={() => { if (value) choices.onChoose(value); }} data-testid={testId ? `${testId}-drill-open` : undefined}>
        {choices.open}
      </button>
    </span>
  );
}

function DownloadIcon(): React.JSX.Element {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M8 1.5v8.2m0 0L4.8 6.5M8 9.7l3.2-3.2M2.5 11v2.5h11V11" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
