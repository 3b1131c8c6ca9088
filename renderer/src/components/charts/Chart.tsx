/**
 * <Chart>: one echarts chart in a titled card, sized by its container (ResizeObserver), with
 * "Enregistrer en PNG / SVG" buttons, echarts' aria description and a visually hidden data table
 * for screen readers. Animation is off under test (`window.__BAROMETER_TEST__`) and when the user
 * prefers reduced motion, so screenshots and assistive tech see the final state at once.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { echarts, BAROMETER_THEME_NAME, type ChartOption } from './echarts-setup.js';
import { chartToPngBlob, chartToSvgString, downloadBlob } from './save-chart.js';
import { chartFileName } from './chart-file-name.js';
import { tableFromCategoryOption, type ChartTable } from './chart-table.js';
import { chartMessages } from './chart-messages.js';
import { tooltipFormatter } from './chart-format.js';
import { interpolate, useUiLang } from './use-ui-lang.js';
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
  const { option, title, subtitle, height = 320, formatValue, actions, empty = false, className, testId } = props;
  const lang = useUiLang();
  const m = chartMessages[lang];
  const titleId = useId();
  const tableId = useId();
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const description = props.ariaLabel ?? title;
  const rendered = useMemo(() => decorate(option, description, lang), [option, description, lang]);
  const table = useMemo(
    () => (props.table === undefined ? tableFromCategoryOption(option, m.category) : props.table),
    [props.table, option, m.category],
  );

  // One echarts instance per mounted card; resized with its box, disposed with it.
  useEffect(() => {
    const host = hostRef.current;
    if (!host || empty) return undefined;
    const chart = echarts.init(host, BAROMETER_THEME_NAME, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(host);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [empty]);

  useEffect(() => {
    chartRef.current?.setOption(rendered, { notMerge: true });
  }, [rendered, empty]);

  const save = async (kind: 'png' | 'svg'): Promise<void> => {
    const chart = chartRef.current;
    if (!chart) return;
    setSaveError(null);
    try {
      if (kind === 'png') {
        downloadBlob(await chartToPngBlob(chart, title), chartFileName(title, 'png'));
      } else {
        const svg = chartToSvgString(rendered, title, chart.getWidth(), chart.getHeight());
        downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), chartFileName(title, 'svg'));
      }
    } catch (error) {
      setSaveError(interpolate(m.saveFailed, { message: error instanceof Error ? error.message : String(error) }));
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
          {empty ? null : (
            <>
              <button type="button" className="bx-chart__save" onClick={() => void save('png')} aria-label={`${m.savePng} : ${title}`} title={interpolate(m.savePngLabel, { title })}>
                <DownloadIcon /> PNG
              </button>
              <button type="button" className="bx-chart__save" onClick={() => void save('svg')} aria-label={`${m.saveSvg} : ${title}`} title={interpolate(m.saveSvgLabel, { title })}>
                <DownloadIcon /> SVG
              </button>
            </>
          )}
        </div>
      </div>
      {saveError ? <p role="alert" className="bx-chart__error">{saveError}</p> : null}
      {empty ? (
        <div className="bx-chart__empty" style={{ height }}>{props.emptyText ?? m.noData}</div>
      ) : (
        <div ref={hostRef} className="bx-chart__plot" style={{ height }} aria-describedby={table ? tableId : undefined} />
      )}
      {table && !empty ? (
        <table id={tableId} className="bx-visually-hidden">
          <caption>{`${m.dataTable} : ${title}`}</caption>
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

function DownloadIcon(): React.JSX.Element {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M8 1.5v8.2m0 0L4.8 6.5M8 9.7l3.2-3.2M2.5 11v2.5h11V11" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
