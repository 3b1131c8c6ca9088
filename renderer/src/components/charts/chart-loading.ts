/**
 * When the chart engine arrives: echarts (0,7 MB of script) is imported on first use, not with the
 * views that show charts, and a chart is drawn once the page has shown what was rendered with it.
 * A view's figures, KPI cards and grids therefore appear without waiting for echarts to be
 * evaluated and for every chart to be laid out (on the Fiche structure that was 200 ms of the
 * 300 ms budget, on the Scores view two charts drawn before the grid's first rows, issue 11);
 * the charts follow a moment later.
 */
import type * as EchartsSetup from './echarts-setup.js';
import { markOnce } from '../../perf.js';

export type EchartsModule = typeof EchartsSetup;

let loading: Promise<EchartsModule> | null = null;

/** The echarts assembly of the app (echarts-setup.ts), loaded once. */
export function loadEcharts(): Promise<EchartsModule> {
  loading ??= import('./echarts-setup.js').then((module) => {
    markOnce('echarts-ready');
    return module;
  }, (error: unknown) => {
    // A failed download is retried by the next chart rather than remembered.
    loading = null;
    throw error;
  });
  return loading;
}

/** The longest a chart waits for the page to be idle before it is drawn anyway. */
const IDLE_TIMEOUT_MS = 800;

/**
 * Runs `task` when the main thread is next idle (after the frame that paints the current render),
 * at most IDLE_TIMEOUT_MS later; returns a function that cancels it.
 */
export function whenIdle(task: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(task, { timeout: IDLE_TIMEOUT_MS });
    return () => window.cancelIdleCallback(handle);
  }
  const timer = window.setTimeout(task, 16);
  return () => window.clearTimeout(timer);
}
