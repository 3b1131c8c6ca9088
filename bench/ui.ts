/**
 * UI benchmark in browser mode (issue 4): a generated national workspace (default 2,000 structures
 * × 13 audits × 65 items ≈ 1.7M observations per edition, 12 editions) served by the real
 * browser-mode server, driven in Debian's chromium by playwright-core. Measures, each `runs` times
 * (median and max):
 * - a full page load of `#/explorer` → first audit rows rendered with data (default tab);
 * - a click on the "Observations" tab → first observation rows rendered with data;
 * - a deep scroll of the observations grid (row ~1,500,000, then other far positions) → the rows in
 *   the viewport rendered with data;
 * - opening a Fiche structure (`#/structure/CODE`) → its KPI figures displayed;
 * - every `explorer.*` call seen by the browser (request → last byte), plus deep pages called
 *   straight on the router (no browser) for reference.
 * Times inside the page are taken by the page itself (`performance.now()` polled on each animation
 * frame), so Playwright's round trips do not count.
 *
 * The workspace is built with SQL inserts (bench/analytics.ts's generator), not through the import
 * pipeline, and cached in `bench/out/` keyed by its size and schema version: a second run reuses it.
 * First of all, the cold start (issue 11): `npm start` in browser mode launched in a new process
 * (process launch → server listening → Accueil displayed), from the compiled CLI bundle and, in
 * alternation, from the TypeScript sources through tsx (the path before the bundle).
 * Run: `npx tsx bench/ui.ts [--structures 2000 --editions 12 --runs 5 --rebuild]`; the cold start
 * alone on a copy of a workspace: `npx tsx bench/ui.ts --cold-start-only --workspace FILE [--runs 3]`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Page, type Request } from 'playwright-core';
import { openWorkspace } from '../main/db/connection.js';
import { LATEST_SCHEMA_VERSION } from '../main/db/migrations/index.js';
import { allEditions, refreshAggregates } from '../main/analytics/refresh.js';
import { startBrowserServer, type BrowserServer } from '../main/server/http-server.js';
import { generateWorkspace } from './analytics.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(REPO_ROOT, 'bench', 'out');
const CHROMIUM_PATH = process.env.BAROMETER_CHROMIUM ?? '/usr/bin/chromium';
const AUDITS_PER_STRUCTURE = 13;
const ITEMS_PER_CHANNEL = 65;
const LAST_YEAR = 2024;
/** One measure waits at most this long before the run is declared failed. */
const MEASURE_TIMEOUT_MS = 120_000;
const MARKER_KEY = 'bench.ui';

export interface UiBenchOptions {
  structures?: number;
  editions?: number;
  /** Repetitions of each measure (default 5). */
  runs?: number;
  /** Rebuild the cached workspace even when a complete one exists. */
  rebuild?: boolean;
  log?: (line: string) => void;
}

export interface UiStat {
  samples: number[];
  median: number;
  max: number;
}

export interface UiApiStat extends UiStat {
  method: string;
  count: number;
  /** The method's first call of the run: cold (SQLite's pages, the result cache, the code). */
  first: number;
  /** The calls after the first, which the goal reads (« warm »); null for a method called once. */
  warm: UiStat | null;
}

export interface UiBenchResult {
  markdown: string;
  structures: number;
  editions: number;
  observationsPerEdition: number;
  observationsTotal: number;
  workspaceFile: string;
  workspaceMb: number;
  /** Build time of the workspace, null when a cached one was reused. */
  buildMs: number | null;
  explorerLoad: UiStat;
  /** DOMContentLoaded of those loads (scripts parsed and run, before any data). */
  domReady: UiStat;
  /** The app's start-up marks (`barometre:<name>`, renderer/src/perf.ts) in those loads, median ms from navigation. */
  startupMarks: Array<{ name: string; median: number }>;
  observationsTab: UiStat;
  deepScroll: UiStat;
  /** First visible row index reached by each deep scroll. */
  deepRows: number[];
  structureOpen: UiStat;
  /** The same openings until the Fiche's charts are drawn too (they follow the KPIs, chart-loading.ts). */
  structureCharts: UiStat;
  /**
   * Full page load of `#/scores` until its grid shows rows and nothing is loading (issue 11: < 500
   * ms): the page reloaded in its tab (new document, same renderer process, as the desktop app).
   */
  scoresLoad: UiStat;
  /** The Scores view's marks (`barometre:<name>`) in those loads, median ms from navigation. */
  scoresMarks: Array<{ name: string; median: number }>;
  /** The same load reached from about:blank (the measure before): Chromium starts a new renderer process for it. */
  scoresFromBlank: UiStat;
  scoresFromBlankMarks: Array<{ name: string; median: number }>;
  /** The Accueil reloaded, until its editions table shows a row. */
  homeLoad: UiStat;
  /**
   * Cold start (issue 11: < 1.5 s): `npm start` in browser mode launched as a user launches it (a
   * new Node process: bin/start.js, then the server from the compiled CLI bundle), then a page with
   * an empty browser cache loads `#/` until the Accueil shows the workspace's editions; ms from the
   * process launch. `server`: until it prints its address; `firstPaint`: first contentful paint.
   */
  coldStart: ColdStartStat;
  /** The same launches with the server compiled from the TypeScript sources by tsx (the path before the bundle). */
  coldStartSources: ColdStartStat;
  /** `explorer.*` calls as the browser saw them, per method (and deep observation blocks apart). */
  api: UiApiStat[];
  /** Deep pages called straight on the router, without the browser. */
  direct: Array<UiStat & { label: string }>;
  loadAverage: number;
  cpus: number;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function stat(samples: readonly number[]): UiStat {
  return { samples: [...samples], median: median(samples), max: samples.length ? Math.max(...samples) : Number.NaN };
}

// ---------------------------------------------------------------------------------------------
// The workspace

interface Workspace {
  file: string;
  buildMs: number | null;
  observationsPerEdition: number;
  observationsTotal: number;
  /** Structures to open in the Fiche, spread over the list. */
  structures: Array<{ code: string; name: string }>;
}

/**
 * One cached file per size; the marker records the schema version it was built at (a workspace
 * of an older schema is rebuilt, its migration backup never piles up in bench/out/).
 */
function workspaceFileFor(structures: number, editions: number): string {
  return path.join(OUT_DIR, `ui-national-${structures}x${editions}.barometre.sqlite`);
}

function removeDbFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/** A hash of the schema a new workspace gets today (every table, index and trigger definition). */
function schemaFingerprint(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'barometre-schema-'));
  try {
    const db = openWorkspace(path.join(dir, 'schema.sqlite'));
    const rows = db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name`).raw().all();
    db.close();
    return createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds (or reuses) the cached national workspace; the marker setting is written last. */
export function ensureWorkspace(structures: number, editions: number, rebuild: boolean, runs: number, log: (line: string) => void): Workspace {
  const file = workspaceFileFor(structures, editions);
  // The schema itself in the marker, not only its version number: a workspace built while a
  // migration was still changing (same number, other columns) is rebuilt rather than measured
  // against queries it cannot answer.
  const wanted = JSON.stringify({ structures, editions, audits: AUDITS_PER_STRUCTURE, items: ITEMS_PER_CHANNEL, schema: LATEST_SCHEMA_VERSION, fingerprint: schemaFingerprint() });
  let buildMs: number | null = null;
  if (!rebuild && fs.existsSync(file)) {
    // Read-only: an outdated file is neither migrated nor copied (a 1 GB backup) just to be replaced.
    let marker: string | undefined;
    try {
      const db = openWorkspace(file, { readonly: true });
      marker = db.prepare('SELECT value_json FROM setting WHERE key = ?').pluck().get(MARKER_KEY) as string | undefined;
      db.close();
    } catch {
      marker = undefined;
    }
    if (marker !== wanted) rebuild = true;
    else log(`Espace réutilisé : ${path.relative(process.cwd(), file)}`);
  } else {
    rebuild = true;
  }
  if (rebuild) {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const building = `${file}.building`;
    removeDbFiles(building);
    removeDbFiles(file);
    const t0 = performance.now();
    const db = openWorkspace(building);
    try {
      db.pragma('synchronous = OFF');
      db.pragma('cache_size = -262144');
      // Secondary indexes of observation (migration 003's item index) are dropped during the bulk
      // insert and rebuilt after: far faster than keeping them up to date row by row.
      const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observation' AND sql IS NOT NULL`).all() as Array<{ name: string; sql: string }>;
      for (const index of indexes) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
      log(`Génération : ${structures} structures × ${AUDITS_PER_STRUCTURE} audits × ${ITEMS_PER_CHANNEL} items, ${editions} éditions (insertion SQL)…`);
      generateWorkspace(db, { structures, editions, auditsPerStructure: AUDITS_PER_STRUCTURE, itemsPerChannel: ITEMS_PER_CHANNEL, firstYear: LAST_YEAR - editions + 1 });
      log(`  lignes insérées en ${((performance.now() - t0) / 1000).toFixed(1)} s ; index…`);
      for (const index of indexes) db.exec(index.sql);
      log(`  index reconstruits à ${((performance.now() - t0) / 1000).toFixed(1)} s ; agrégats…`);
      for (const edition of allEditions(db)) refreshAggregates(db, { editions: [edition] });
      log(`  agrégats calculés à ${((performance.now() - t0) / 1000).toFixed(1)} s ; ANALYZE…`);
      db.exec('ANALYZE');
      db.prepare('INSERT OR REPLACE INTO setting (key, value_json) VALUES (?, ?)').run(MARKER_KEY, wanted);
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    removeDbFiles(file);
    fs.renameSync(building, file);
    removeDbFiles(building);
    buildMs = performance.now() - t0;
    log(`  espace construit en ${(buildMs / 1000).toFixed(1)} s : ${path.relative(process.cwd(), file)}`);
  }
  const db = openWorkspace(file);
  try {
    const observationsTotal = db.prepare('SELECT COUNT(*) FROM observation').pluck().get() as number;
    const lastYear = db.prepare('SELECT MAX(year) FROM edition').pluck().get() as number;
    const observationsPerEdition = db.prepare('SELECT COUNT(*) FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.edition = ?').pluck().get(lastYear) as number;
    const count = db.prepare('SELECT COUNT(*) FROM structure').pluck().get() as number;
    const pick = db.prepare('SELECT code, name FROM structure ORDER BY code LIMIT 1 OFFSET ?');
    const picked: Array<{ code: string; name: string }> = [];
    for (let i = 0; i < runs; i += 1) {
      const row = pick.get(Math.floor(((i * 2 + 1) * count) / (runs * 2 + 1)) + 3) as { code: string; name: string } | undefined;
      if (row) picked.push(row);
    }
    return { file, buildMs, observationsPerEdition, observationsTotal, structures: picked };
  } finally {
    db.close();
  }
}

/**
 * Always rebuilt (a left-over build of other sources would measure the wrong code), into the
 * bench's own folder (`bench/out/renderer`, or BAROMETER_BENCH_RENDERER_DIR): never the app's
 * dist/renderer, which another build may be writing at the same time.
 */
function ensureRendererBuilt(log: (line: string) => void): string {
  const outDir = process.env.BAROMETER_BENCH_RENDERER_DIR ?? path.join(OUT_DIR, 'renderer');
  log(`Construction du renderer (vite build → ${path.relative(REPO_ROOT, outDir) || outDir})…`);
  const result = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--outDir', outDir, '--emptyOutDir'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('La construction du renderer a échoué (npx vite build --config renderer/vite.config.ts).');
  return outDir;
}

// ---------------------------------------------------------------------------------------------
// In-page probes (run inside chromium: no closure over Node values)

interface GridProbe {
  /** Rows intersecting the grid's viewport. */
  visible: number;
  /** Visible rows still loading (ag-grid's stub rows). */
  loading: number;
  /** Visible rows with data and text. */
  filled: number;
  minIndex: number;
  maxIndex: number;
  /** Whether the grid scrolls (its total row count is known). */
  scrollable: boolean;
}

interface BenchWindow {
  __BAROMETER_TEST__?: boolean;
  __benchGrid?: (tab: string) => GridProbe | null;
  __benchScroller?: (tab: string) => HTMLElement | null;
  __benchFirstRows?: Record<string, number>;
}

/** Installed in every document: helpers to read the grid, and the time its first rows showed. */
function initScript(): void {
  const w = window as unknown as BenchWindow;
  w.__BAROMETER_TEST__ = true;
  const panelOf = (tab: string): Element | null => document.querySelector(`#explorer-panel[aria-labelledby="tab-${tab}"]`);
  w.__benchScroller = (tab) => {
    const panel = panelOf(tab);
    if (!panel) return null;
    // ag-grid 36 scrolls `.ag-grid-viewport`; older versions `.ag-body-viewport`.
    const main = panel.querySelector<HTMLElement>('.ag-grid-viewport, .ag-body-viewport');
    if (main && main.scrollHeight > main.clientHeight + 1) return main;
    let best: HTMLElement | null = null;
    for (const el of Array.from(panel.querySelectorAll<HTMLElement>('*'))) {
      const extra = el.scrollHeight - el.clientHeight;
      if (extra > 1 && (!best || extra > best.scrollHeight - best.clientHeight)) best = el;
    }
    return best ?? main;
  };
  w.__benchGrid = (tab) => {
    const panel = panelOf(tab);
    if (!panel) return null;
    const viewport = w.__benchScroller?.(tab) ?? panel;
    const box = viewport.getBoundingClientRect();
    const rows = Array.from(panel.querySelectorAll<HTMLElement>('.ag-row[row-index]'));
    let visible = 0;
    let loading = 0;
    let filled = 0;
    let minIndex = Number.POSITIVE_INFINITY;
    let maxIndex = Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      const r = row.getBoundingClientRect();
      if (r.height === 0 || r.bottom <= box.top + 1 || r.top >= box.bottom - 1) continue;
      visible += 1;
      const index = Number(row.getAttribute('row-index'));
      if (Number.isFinite(index)) {
        minIndex = Math.min(minIndex, index);
        maxIndex = Math.max(maxIndex, index);
      }
      // A row whose block is not loaded yet is a stub: its cells show "—" (or a loading renderer);
      // a row with data has letters or digits (edition, reference, labels).
      if (row.classList.contains('ag-row-loading') || row.querySelector('.ag-loading, .ag-skeleton-container') || !/[0-9A-Za-z]/.test(row.textContent ?? '')) loading += 1;
      else filled += 1;
    }
    return { visible, loading, filled, minIndex, maxIndex, scrollable: viewport.scrollHeight > viewport.clientHeight + 1 };
  };
  // First moment each grid shows complete rows, measured from navigation start (performance.now()).
  w.__benchFirstRows = {};
  const probe = (): void => {
    for (const tab of ['audits', 'observations']) {
      if (w.__benchFirstRows && w.__benchFirstRows[tab] === undefined) {
        const g = w.__benchGrid?.(tab);
        if (g && g.visible > 0 && g.loading === 0 && g.filled === g.visible) w.__benchFirstRows[tab] = performance.now();
      }
    }
    requestAnimationFrame(probe);
  };
  requestAnimationFrame(probe);
}

/** Clicks the tab and waits until its grid shows complete rows; returns the elapsed ms or -1. */
function clickTabAndWait(args: { tab: string; timeout: number }): Promise<number> {
  const w = window as unknown as BenchWindow;
  const button = document.querySelector<HTMLElement>(`[data-testid="tab-${args.tab}"]`);
  if (!button) return Promise.resolve(-2);
  const t0 = performance.now();
  button.click();
  return new Promise((resolve) => {
    const tick = (): void => {
      const g = w.__benchGrid?.(args.tab);
      if (g && g.visible > 0 && g.loading === 0 && g.filled === g.visible) resolve(performance.now() - t0);
      else if (performance.now() - t0 > args.timeout) resolve(-1);
      else requestAnimationFrame(tick);
    };
    tick();
  });
}

/**
 * Scrolls the grid to `fraction` of its height and waits until the viewport shows complete rows far
 * from where it was; returns [elapsed ms, first visible row index] ([-1, …] on timeout).
 */
function scrollAndWait(args: { tab: string; fraction: number; timeout: number }): Promise<[number, number]> {
  const w = window as unknown as BenchWindow;
  const scroller = w.__benchScroller?.(args.tab);
  const before = w.__benchGrid?.(args.tab);
  if (!scroller || !before) return Promise.resolve([-2, -1]);
  const from = before.minIndex;
  const t0 = performance.now();
  scroller.scrollTop = Math.round(args.fraction * (scroller.scrollHeight - scroller.clientHeight));
  return new Promise((resolve) => {
    const tick = (): void => {
      const g = w.__benchGrid?.(args.tab);
      if (g && g.visible > 0 && g.loading === 0 && g.filled === g.visible && Math.abs(g.minIndex - from) > 1000) resolve([performance.now() - t0, g.minIndex]);
      else if (performance.now() - t0 > args.timeout) resolve([-1, g?.minIndex ?? -1]);
      else requestAnimationFrame(tick);
    };
    tick();
  });
}

/**
 * Goes to a structure's Fiche and waits until its title names it and the KPI figures show, then
 * until its charts are drawn (no plot still `aria-busy`); returns both times ([-1, -1] on timeout).
 */
function openStructureAndWait(args: { code: string; name: string; timeout: number }): Promise<[number, number]> {
  const t0 = performance.now();
  window.location.hash = `#/structure/${encodeURIComponent(args.code)}`;
  let kpisAt = -1;
  return new Promise((resolve) => {
    const tick = (): void => {
      if (kpisAt < 0) {
        const title = document.querySelector('#page-title')?.textContent ?? '';
        const kpis = Array.from(document.querySelectorAll('[data-testid="structure-kpis"] .bx-kpi__value, [data-testid^="kpi-"]'));
        const score = document.querySelector('[data-testid="kpi-score"]')?.textContent ?? '';
        if (title.endsWith(`— ${args.name}`) && kpis.length > 0 && /\d/.test(score)) kpisAt = performance.now() - t0;
      }
      if (kpisAt >= 0 && document.querySelectorAll('main .bx-chart__plot[aria-busy="true"], main [aria-busy="true"]').length === 0) resolve([kpisAt, performance.now() - t0]);
      else if (performance.now() - t0 > args.timeout) resolve([-1, -1]);
      else requestAnimationFrame(tick);
    };
    tick();
  });
}

// ---------------------------------------------------------------------------------------------
// The run

interface ApiSample {
  method: string;
  ms: number;
  startRow: number | null;
}

async function waitApiIdle(page: Page, inflight: () => number, quietMs = 250): Promise<void> {
  const deadline = Date.now() + 30_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (inflight() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
    await page.waitForTimeout(25);
  }
}

function apiMethodOf(request: Request): string | null {
  const url = new URL(request.url());
  if (!url.pathname.startsWith('/api/')) return null;
  return url.pathname.slice('/api/'.length);
}

function startRowOf(request: Request): number | null {
  try {
    const body = request.postDataJSON() as { input?: { startRow?: unknown } } | null;
    return typeof body?.input?.startRow === 'number' ? body.input.startRow : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Cold start (issue 11): `npm start` launched as a user launches it

export interface ColdStartStat {
  /** Process launch → the server prints its address (Node started, code loaded, workspace opened, listening). */
  server: UiStat;
  /** Process launch → the page's first contentful paint. */
  firstPaint: UiStat;
  /** Process launch → the Accueil shows the workspace's editions. */
  home: UiStat;
}

/**
 * How bin/start.js loads the server: from the compiled CLI bundle dist/cli/ (today), or from the
 * TypeScript sources compiled by tsx at run time (before; BAROMETER_FROM_SOURCES=1).
 */
export type StartPath = 'bundle' | 'sources';

interface LaunchedStart {
  child: ChildProcess;
  url: string;
  /** Date.now() at the spawn: the page's clock (performance.timeOrigin) is on the same epoch. */
  startedAt: number;
  listeningMs: number;
}

/** `node bin/start.js --browser --no-open --db FILE`, until it prints « Ouvrez : URL ». */
function launchNpmStart(workspace: string, staticDir: string, startPath: StartPath): Promise<LaunchedStart> {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'start.js'), '--browser', '--no-open', '--db', workspace], {
    cwd: REPO_ROOT,
    // The bench's interface (never dist/renderer, never rebuilt here); app data in the bench's temp folder.
    env: { ...process.env, BAROMETER_RENDERER_DIR: staticDir, BAROMETER_FROM_SOURCES: startPath === 'sources' ? '1' : '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start n'a pas affiché son adresse en ${MEASURE_TIMEOUT_MS / 1000} s :\n${output}`));
    }, MEASURE_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /^Ouvrez : (\S+)$/m.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      resolve({ child, url: match[1] as string, startedAt, listeningMs: Date.now() - startedAt });
    };
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`npm start s'est arrêté (code ${code}) :\n${output}`));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    child.once('exit', onExit);
  });
}

function stopNpmStart(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * `runs` launches of each path, alternated (sources, bundle, then bundle, sources…) so a burst of
 * load on a shared machine hits both alike, after one unmeasured launch of each (disk cache of
 * Node, the sources and the workspace warmed for both). The CLI bundle is built beforehand when
 * out of date: its build is not a start-up cost.
 */
export async function measureColdStart(page: Page, cdp: CDPSession, workspace: string, staticDir: string, runs: number, log: (line: string) => void): Promise<Record<StartPath, ColdStartStat>> {
  const { buildCli, cliBundleFresh } = await import('../scripts/build-cli.js');
  if (!cliBundleFresh()) await buildCli();
  const samples: Record<StartPath, { server: number[]; firstPaint: number[]; home: number[] }> = {
    bundle: { server: [], firstPaint: [], home: [] },
    sources: { server: [], firstPaint: [], home: [] },
  };
  const label: Record<StartPath, string> = { bundle: 'paquet compilé', sources: 'sources par tsx' };
  for (let run = -1; run < runs; run += 1) {
    const order: StartPath[] = run % 2 === 0 ? ['bundle', 'sources'] : ['sources', 'bundle'];
    for (const startPath of order) {
      await page.goto('about:blank');
      await cdp.send('Network.clearBrowserCache');
      const launched = await launchNpmStart(workspace, staticDir, startPath);
      try {
        await page.goto(`${launched.url}#/`, { waitUntil: 'commit' });
        await page.waitForSelector('[data-testid="editions-table"] tbody tr', { timeout: MEASURE_TIMEOUT_MS });
        const shown = await page.evaluate(() => ({
          at: performance.timeOrigin + performance.now(),
          paint: performance.timeOrigin + (performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN),
        }));
        const firstPaint = shown.paint - launched.startedAt;
        const home = shown.at - launched.startedAt;
        if (run >= 0) {
          samples[startPath].server.push(launched.listeningMs);
          samples[startPath].firstPaint.push(firstPaint);
          samples[startPath].home.push(home);
        }
        log(`  démarrage à froid (${label[startPath]}${run < 0 ? ', mise en route non comptée' : ''}) : serveur à l’écoute ${launched.listeningMs} ms, première image ${firstPaint.toFixed(0)} ms, Accueil affiché ${home.toFixed(0)} ms`);
      } finally {
        await page.goto('about:blank');
        await stopNpmStart(launched.child);
      }
    }
  }
  const stats = (s: { server: number[]; firstPaint: number[]; home: number[] }): ColdStartStat => ({ server: stat(s.server), firstPaint: stat(s.firstPaint), home: stat(s.home) });
  return { bundle: stats(samples.bundle), sources: stats(samples.sources) };
}

/** The cold start's lines of the bench table (French, as BENCHMARKS.md). */
export function coldStartRows(bundle: ColdStartStat, sources: ColdStartStat): string[] {
  const n = (v: number): string => v.toLocaleString('fr-FR', { maximumFractionDigits: 0 });
  const ms = (v: number): string => (Number.isFinite(v) ? `${n(v)} ms` : '—');
  const ratio = (before: number, after: number): string => (Number.isFinite(before / after) ? `× ${(before / after).toLocaleString('fr-FR', { maximumFractionDigits: 1 })}` : '—');
  return [
    `| Démarrage à froid : lancement de \`npm start\` en mode navigateur (processus Node neuf, serveur chargé depuis le paquet compilé \`dist/cli/\`, ouverture de l’espace) → Accueil affiché avec ses éditions, cache du navigateur vidé (${bundle.home.samples.length} mesures ; serveur à l’écoute : médiane ${ms(bundle.server.median)} ; première image : médiane ${ms(bundle.firstPaint.median)}) | ${ms(bundle.home.median)} | ${ms(bundle.home.max)} | < 1 500 ms ${bundle.home.median < 1500 ? '✅' : '❌'} |`,
    `| ↳ même lancement, serveur compilé depuis les sources TypeScript par tsx (chemin d’avant ; lancements alternés avec les précédents) : serveur à l’écoute ${ms(sources.server.median)} (${ratio(sources.server.median, bundle.server.median)} plus lent), Accueil ${ms(sources.home.median)} (${ratio(sources.home.median, bundle.home.median)}) | ${ms(sources.home.median)} | ${ms(sources.home.max)} | |`,
  ];
}

/** Headless Chromium as every measure of this bench sees it (viewport, locale, probes). */
async function launchBenchBrowser(profileDir: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    reducedMotion: 'reduce',
  });
  // tsx (esbuild, keepNames) wraps named functions in `__name(…)`: functions serialised into the
  // page need that helper to exist there.
  await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((fn) => fn);' });
  await context.addInitScript(initScript);
  return context;
}

/**
 * The cold start alone, on a given workspace (`--cold-start-only --workspace FILE`): the lines of
 * the table and the conditions, for an A/B run without the whole bench. The workspace should be a
 * copy: the server opens it read-write.
 */
export async function runColdStartBench(workspace: string, runs: number, log: (line: string) => void): Promise<string> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} manquant (apt-get install chromium)`);
  const staticDir = ensureRendererBuilt(log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'barometre-bench-cold-'));
  const previousHome = process.env.BAROMETER_HOME;
  process.env.BAROMETER_HOME = path.join(dir, 'app-data');
  const loadBefore = os.loadavg()[0] ?? 0;
  let context: BrowserContext | null = null;
  try {
    context = await launchBenchBrowser(path.join(dir, 'profile'));
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(MEASURE_TIMEOUT_MS);
    const cdp = await context.newCDPSession(page);
    const cold = await measureColdStart(page, cdp, workspace, staticDir, runs, log);
    await cdp.detach().catch(() => undefined);
    const mb = (fs.statSync(workspace).size / 1e6).toLocaleString('fr-FR', { maximumFractionDigits: 0 });
    return [
      `Commande : \`npx tsx bench/ui.ts --cold-start-only --workspace ${path.basename(workspace)} --runs ${runs}\`. Espace de ${mb} Mo ; `
        + `\`node bin/start.js --browser --no-open --db ESPACE\` lancé ${runs} fois par chemin, en alternance, après une mise en route non comptée de chacun ; `
        + `Chromium headless déjà lancé, cache vidé avant chaque chargement. Charge moyenne au début : ${loadBefore.toFixed(1)}, à la fin : ${(os.loadavg()[0] ?? 0).toFixed(1)} (${os.cpus().length} cœurs).`,
      '',
      '| Mesure | Médiane | Max | Objectif |',
      '| --- | --- | --- | --- |',
      ...coldStartRows(cold.bundle, cold.sources),
      '',
      `Mesures brutes (ms, Accueil affiché) — paquet : ${cold.bundle.home.samples.map((v) => v.toFixed(0)).join(', ')} ; sources : ${cold.sources.home.samples.map((v) => v.toFixed(0)).join(', ')}. `
        + `Serveur à l’écoute — paquet : ${cold.bundle.server.samples.join(', ')} ; sources : ${cold.sources.server.samples.join(', ')}.`,
    ].join('\n');
  } finally {
    await context?.close().catch(() => undefined);
    if (previousHome === undefined) delete process.env.BAROMETER_HOME;
    else process.env.BAROMETER_HOME = previousHome;
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

export async function runUiBench(options: UiBenchOptions = {}): Promise<UiBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const structures = options.structures ?? 2000;
  const editions = options.editions ?? 12;
  const runs = Math.max(1, options.runs ?? 5);
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} manquant (apt-get install chromium)`);
  const staticDir = ensureRendererBuilt(log);
  const ws = ensureWorkspace(structures, editions, options.rebuild ?? false, runs, log);
  const workspaceMb = fs.statSync(ws.file).size / 1e6;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'barometre-bench-ui-'));
  const previousHome = process.env.BAROMETER_HOME;
  // Preferences, staging and app data of this run stay in the temp folder, never in the user's home.
  process.env.BAROMETER_HOME = path.join(dir, 'app-data');
  let server: BrowserServer | null = null;
  let context: BrowserContext | null = null;
  try {
    context = await launchBenchBrowser(path.join(dir, 'profile'));
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(MEASURE_TIMEOUT_MS);

    // (0) cold start, before anything else touched the workspace: `npm start` launched in a new
    // process each time, the browser's cache emptied, so the page downloads and parses the app as a
    // first launch does. Chromium itself is already running.
    const cdp = await context.newCDPSession(page);
    const cold = await measureColdStart(page, cdp, ws.file, staticDir, Math.min(3, runs), log);
    await cdp.detach().catch(() => undefined);

    server = await startBrowserServer({ workspacePath: ws.file, staticDir, prefsFile: path.join(dir, 'prefs.json'), stagingDir: path.join(dir, 'staging') });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    let inflight = 0;
    const samples: ApiSample[] = [];
    page.on('request', (request) => {
      if (apiMethodOf(request) !== null && apiMethodOf(request) !== 'events') inflight += 1;
    });
    page.on('requestfailed', (request) => {
      if (apiMethodOf(request) !== null && apiMethodOf(request) !== 'events') inflight -= 1;
    });
    page.on('requestfinished', (request) => {
      const method = apiMethodOf(request);
      if (method === null || method === 'events') return;
      inflight -= 1;
      const timing = request.timing();
      if (timing.responseEnd >= 0) samples.push({ method, ms: timing.responseEnd, startRow: startRowOf(request) });
    });
    const fail = async (what: string): Promise<never> => {
      const state = await page.evaluate(() => ({
        hash: window.location.hash,
        audits: (window as unknown as BenchWindow).__benchGrid?.('audits') ?? null,
        observations: (window as unknown as BenchWindow).__benchGrid?.('observations') ?? null,
        text: (document.querySelector('main')?.textContent ?? '').slice(0, 400),
      })).catch(() => null);
      throw new Error(`${what} : délai dépassé (${MEASURE_TIMEOUT_MS / 1000} s). État : ${JSON.stringify(state)}${pageErrors.length ? ` ; erreurs de la page : ${pageErrors.slice(0, 3).join(' | ')}` : ''}`);
    };

    // The first visit carries the token (kept by the app in sessionStorage for the next loads).
    await page.goto(`${server.url}#/`);
    await page.waitForSelector('.app', { state: 'attached' });
    await waitApiIdle(page, () => inflight);

    const explorerLoad: number[] = [];
    const domReady: number[] = [];
    const marks = new Map<string, number[]>();
    const observationsTab: number[] = [];
    const deepScroll: number[] = [];
    const deepRows: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      // (1) full load of the Explorer → first audit rows, timed from navigation start by the page.
      // Through about:blank so each pass is a real page load, not a same-document hash change; the
      // session's last Explorer table is forgotten so each pass opens the default one (the rest of
      // sessionStorage, the access token among it, stays).
      await page.evaluate(() => window.sessionStorage.removeItem('barometer.explorer.query'));
      await page.goto('about:blank');
      await page.goto(`${server.origin}/#/explorer`, { waitUntil: 'domcontentloaded' });
      const loaded = await page.waitForFunction(() => (window as unknown as BenchWindow).__benchFirstRows?.audits, undefined, { polling: 50, timeout: MEASURE_TIMEOUT_MS })
        .then((handle) => handle.jsonValue())
        .catch(() => null);
      if (typeof loaded !== 'number') await fail('Explorateur : premières lignes');
      explorerLoad.push(loaded as number);
      domReady.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd ?? Number.NaN));
      const pageMarks = await page.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('barometre:')).map((m) => [m.name.slice('barometre:'.length), m.startTime] as const));
      for (const [name, at] of pageMarks) marks.set(name, [...(marks.get(name) ?? []), at]);
      await waitApiIdle(page, () => inflight);

      // (2) Observations tab → first rows.
      const tabMs = await page.evaluate(clickTabAndWait, { tab: 'observations', timeout: MEASURE_TIMEOUT_MS });
      if (tabMs < 0) await fail('Onglet Observations : premières lignes');
      observationsTab.push(tabMs);
      await waitApiIdle(page, () => inflight);

      // (3) a deep scroll: row ~1,500,000 first (or 88 % of the table), then other far positions.
      const fractions = [0.88, 0.999, 0.5, 0.7, 0.3];
      const fraction = fractions[run % fractions.length] as number;
      const [scrollMs, reached] = await page.evaluate(scrollAndWait, { tab: 'observations', fraction, timeout: MEASURE_TIMEOUT_MS });
      if (scrollMs < 0) await fail(`Défilement profond (${fraction})`);
      deepScroll.push(scrollMs);
      deepRows.push(reached);
      await waitApiIdle(page, () => inflight);
      log(`  passage ${run + 1}/${runs} : explorateur ${(loaded as number).toFixed(0)} ms, onglet observations ${tabMs.toFixed(0)} ms, défilement → ligne ${reached.toLocaleString('fr-FR')} ${scrollMs.toFixed(0)} ms`);
    }

    // (4) Fiche structure: a different structure each time (nothing cached in the page).
    const structureOpen: number[] = [];
    const structureCharts: number[] = [];
    for (const s of ws.structures) {
      const [ms, chartsMs] = await page.evaluate(openStructureAndWait, { code: s.code, name: s.name, timeout: MEASURE_TIMEOUT_MS });
      if (ms < 0) await fail(`Fiche structure ${s.code}`);
      structureOpen.push(ms);
      structureCharts.push(chartsMs);
      await waitApiIdle(page, () => inflight);
      log(`  fiche ${s.code} : ${ms.toFixed(0)} ms (graphiques dessinés à ${chartsMs.toFixed(0)} ms)`);
    }

    // (5) Scores view, full page load (every structure of the edition in the grid, charts), two ways.
    // Everything shown: the grid's first row AND nothing loading in the view (each chart drawn, the
    // server's SVG counting as drawn). The time is read in the frame where this first holds: read by
    // a later call, it would also count what the page does next, once idle (echarts loaded to make
    // the charts interactive).
    const scoresShown = async (what: string): Promise<number> => {
      const shown = await page.waitForFunction(
        () => (document.querySelector('.ag-row[row-index="0"] .ag-cell') && document.querySelectorAll('main [aria-busy="true"]').length === 0 ? performance.now() : 0),
        undefined,
        { timeout: MEASURE_TIMEOUT_MS, polling: 'raf' },
      ).catch(() => null);
      if (!shown) await fail(`Vue Scores (${what}) : tout affiché`);
      return (await shown!.jsonValue()) as number;
    };
    const readMarks = async (into: Map<string, number[]>): Promise<void> => {
      const viewMarks = await page.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('barometre:')).map((m) => [m.name.slice('barometre:'.length), m.startTime] as const));
      for (const [name, at] of viewMarks) into.set(name, [...(into.get(name) ?? []), at]);
    };
    // (5a) From about:blank, as measured before: a change of site, for which Chromium starts a new
    // renderer process (~200 ms here before the page's first script runs) whose code caches are cold.
    const scoresFromBlank: number[] = [];
    const scoresFromBlankMarks = new Map<string, number[]>();
    for (let run = 0; run < Math.min(3, runs); run += 1) {
      await page.goto('about:blank');
      await page.goto(`${server.origin}/#/scores`, { waitUntil: 'domcontentloaded' });
      const ms = await scoresShown('depuis about:blank');
      scoresFromBlank.push(ms);
      await readMarks(scoresFromBlankMarks);
      await waitApiIdle(page, () => inflight);
      log(`  scores (depuis about:blank) : ${ms.toFixed(0)} ms`);
    }
    // (5b) The page reloaded (F5): a new document, every script evaluated again and every request
    // made again, in the renderer process the window already has, as in the desktop app, whose
    // window keeps its renderer process for its whole life.
    const scoresLoad: number[] = [];
    const scoresMarks = new Map<string, number[]>();
    for (let run = 0; run < runs; run += 1) {
      await page.reload({ waitUntil: 'domcontentloaded' });
      const ms = await scoresShown('rechargée');
      scoresLoad.push(ms);
      await readMarks(scoresMarks);
      await waitApiIdle(page, () => inflight);
      log(`  scores (page rechargée) : ${ms.toFixed(0)} ms`);
    }

    // (6) The Accueil reloaded: its questions (analytics.completeness among them) answered warm, as
    // the goal reads them; the first visit above was the server's very first page.
    const homeLoad: number[] = [];
    await page.goto(`${server.origin}/#/`, { waitUntil: 'domcontentloaded' });
    await waitApiIdle(page, () => inflight);
    for (let run = 0; run < Math.min(3, runs); run += 1) {
      await page.reload({ waitUntil: 'domcontentloaded' });
      const shown = await page.waitForFunction(() => (document.querySelector('[data-testid="editions-table"] tbody tr') ? performance.now() : 0), undefined, { timeout: MEASURE_TIMEOUT_MS, polling: 'raf' }).catch(() => null);
      if (!shown) await fail('Accueil : éditions affichées');
      const ms = (await shown!.jsonValue()) as number;
      homeLoad.push(ms);
      await waitApiIdle(page, () => inflight);
      log(`  accueil (page rechargée) : ${ms.toFixed(0)} ms`);
    }

    // Deep pages straight on the router (no browser): the SQL cost alone, edition filter as in the UI.
    const lastYear = LAST_YEAR;
    const call = async (input: unknown): Promise<number> => {
      const t0 = performance.now();
      const response = await server!.core.router.call('explorer.observations', input, { origin: server!.origin });
      if (!response.ok) throw new Error(`explorer.observations : ${response.error.message}`);
      return performance.now() - t0;
    };
    const deepRow = Math.min(1_500_000, Math.max(0, ws.observationsPerEdition - 100));
    const directEdition: number[] = [];
    for (let i = 0; i < runs; i += 1) directEdition.push(await call({ startRow: deepRow + i * 1000, endRow: deepRow + i * 1000 + 100, sortModel: [], filters: { edition: lastYear } }));
    const lastAll = Math.max(0, ws.observationsTotal - 100);
    const directAll: number[] = [];
    for (let i = 0; i < Math.min(3, runs); i += 1) directAll.push(await call({ startRow: lastAll - i * 1000, endRow: lastAll - i * 1000 + 100, sortModel: [], filters: {} }));

    const api: UiApiStat[] = [];
    const methods = [...new Set(samples.map((s) => s.method))].sort((a, b) => (a.startsWith('explorer.') === b.startsWith('explorer.') ? a.localeCompare(b) : a.startsWith('explorer.') ? -1 : 1));
    // Samples are in the order the calls finished: the first of each method is its cold call.
    const apiStat = (method: string, ms: number[]): UiApiStat => ({ method, count: ms.length, ...stat(ms), first: ms[0] ?? Number.NaN, warm: ms.length > 1 ? stat(ms.slice(1)) : null });
    for (const method of methods) {
      const ms = samples.filter((s) => s.method === method).map((s) => s.ms);
      api.push(apiStat(method, ms));
      if (method === 'explorer.observations') {
        const deep = samples.filter((s) => s.method === method && (s.startRow ?? 0) >= 100_000).map((s) => s.ms);
        if (deep.length) api.push(apiStat(`${method} (blocs profonds, ligne ≥ 100 000)`, deep));
      }
    }
    const result: Omit<UiBenchResult, 'markdown'> = {
      structures, editions,
      observationsPerEdition: ws.observationsPerEdition,
      observationsTotal: ws.observationsTotal,
      workspaceFile: ws.file, workspaceMb, buildMs: ws.buildMs,
      explorerLoad: stat(explorerLoad), domReady: stat(domReady),
      startupMarks: [...marks.entries()].map(([name, values]) => ({ name, median: median(values) })).sort((a, b) => a.median - b.median), observationsTab: stat(observationsTab), deepScroll: stat(deepScroll), deepRows,
      structureOpen: stat(structureOpen),
      structureCharts: stat(structureCharts),
      scoresLoad: stat(scoresLoad),
      scoresMarks: [...scoresMarks.entries()].map(([name, values]) => ({ name, median: median(values) })).sort((a, b) => a.median - b.median),
      scoresFromBlank: stat(scoresFromBlank),
      scoresFromBlankMarks: [...scoresFromBlankMarks.entries()].map(([name, values]) => ({ name, median: median(values) })).sort((a, b) => a.median - b.median),
      homeLoad: stat(homeLoad),
      coldStart: cold.bundle,
      coldStartSources: cold.sources,
      api,
      direct: [
        { label: `explorer.observations appelé directement (sans navigateur), édition ${lastYear}, ligne ${deepRow.toLocaleString('fr-FR')}`, ...stat(directEdition) },
        { label: `explorer.observations appelé directement, toutes éditions, dernière page (ligne ${lastAll.toLocaleString('fr-FR')})`, ...stat(directAll) },
      ],
      loadAverage: os.loadavg()[0] ?? 0,
      cpus: os.cpus().length,
    };
    return { ...result, markdown: formatUiBench(result, runs) };
  } finally {
    await context?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (previousHome === undefined) delete process.env.BAROMETER_HOME;
    else process.env.BAROMETER_HOME = previousHome;
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

export function formatUiBench(r: Omit<UiBenchResult, 'markdown'>, runs: number): string {
  const n = (v: number): string => v.toLocaleString('fr-FR', { maximumFractionDigits: 0 });
  const ms = (v: number): string => (Number.isFinite(v) ? `${n(v)} ms` : '—');
  const ok = (v: number, goal: number): string => (v < goal ? '✅' : '❌');
  const command = `npx tsx bench/ui.ts --structures ${r.structures} --editions ${r.editions}${runs !== 5 ? ` --runs ${runs}` : ''}`;
  const rows = (label: string, s: UiStat, goal: number): string => `| ${label} | ${ms(s.median)} | ${ms(s.max)} | < ${n(goal)} ms ${ok(s.median, goal)} |`;
  return [
    `Commande : \`${command}\` (ou \`npm run bench -- --only ui\`). Espace généré par insertions SQL : ${n(r.structures)} structures, ${r.editions} éditions, `
      + `${n(r.observationsPerEdition)} observations par édition (${n(r.observationsTotal)} au total), fichier de ${n(r.workspaceMb)} Mo`
      + `${r.buildMs === null ? ' (réutilisé depuis `bench/out/`)' : ` (construit en ${n(r.buildMs / 1000)} s, gardé dans \`bench/out/\`)`}. `
      + `Serveur du mode navigateur, Chromium headless 1440×900, ${runs} mesures par ligne ; temps pris dans la page (performance.now() à chaque image). `
      + `Charge moyenne à la fin : ${r.loadAverage.toFixed(1)} (${r.cpus} cœurs).`,
    '',
    '| Mesure | Médiane | Max | Objectif |',
    '| --- | --- | --- | --- |',
    rows(`Chargement complet de \`#/explorer\` → premières lignes affichées (audits, onglet par défaut ; dont DOMContentLoaded : médiane ${ms(r.domReady.median)})`, r.explorerLoad, 1000),
    ...(r.startupMarks.length
      ? [`| ↳ jalons de ce chargement (médianes depuis la navigation) : ${r.startupMarks.map((m) => `${m.name} ${ms(m.median)}`).join(' → ')} → premières lignes ${ms(r.explorerLoad.median)} | | | |`]
      : []),
    rows(`Onglet Observations → premières lignes affichées (${n(r.observationsPerEdition)} lignes)`, r.observationsTab, 1000),
    rows(`Défilement profond des observations → lignes visibles affichées (lignes atteintes : ${r.deepRows.map(n).join(' ; ')})`, r.deepScroll, 1000),
    rows(`Ouverture d’une fiche structure (\`#/structure/CODE\`) → indicateurs affichés (la première ouverture charge aussi le code de la vue ; dont \`analytics.peers\` vu du navigateur : médiane ${ms(r.api.find((a) => a.method === 'analytics.peers')?.median ?? Number.NaN)} ; les graphiques suivent, dessinés dès que la page est libre : tout dessiné à ${ms(r.structureCharts.median)} en médiane)`, r.structureOpen, 300),
    rows(`Chargement complet de \`#/scores\`, page rechargée (F5 : nouveau document, tout le code de l’application évalué et toutes ses requêtes refaites, dans le processus de rendu de l’onglet, comme la fenêtre de l’application de bureau garde le sien) → grille de toutes les structures affichée, plus rien en chargement, graphiques dessinés compris (${r.scoresLoad.samples.length} mesures ; les requêtes de la vue partent avant même l’évaluation du code de l’application, avec l’édition vue en dernier)`, r.scoresLoad, 500),
    ...(r.scoresMarks.length
      ? [`| ↳ jalons de ce chargement (médianes depuis la navigation) : ${r.scoresMarks.map((m) => `${m.name} ${ms(m.median)}`).join(' → ')} → tout affiché ${ms(r.scoresLoad.median)} | | | |`]
      : []),
    `| ↳ le même chargement en venant d’\`about:blank\` (la mesure d’avant le 07/12/2026 ; ${r.scoresFromBlank.samples.length} mesures, la première sans édition vue en mémoire) : changement de site, Chromium crée un processus de rendu neuf, dont les caches de code sont froids ; jalons : ${r.scoresFromBlankMarks.map((m) => `${m.name} ${ms(m.median)}`).join(' → ')} | ${ms(r.scoresFromBlank.median)} | ${ms(r.scoresFromBlank.max)} | |`,
    `| Chargement complet de \`#/\` (Accueil), page rechargée → éditions affichées (${r.homeLoad.samples.length} mesures ; donne aussi les appels de l’Accueil à chaud, \`analytics.completeness\` compris) | ${ms(r.homeLoad.median)} | ${ms(r.homeLoad.max)} | |`,
    ...coldStartRows(r.coldStart, r.coldStartSources),
    '',
    '| Appel API (vu du navigateur : requête → dernier octet) | Appels | 1er appel (à froid) | Médiane (à chaud) | Max (à chaud) | Objectif (à chaud) |',
    '| --- | --- | --- | --- | --- | --- |',
    // Issue 11: every analytics.* and explorer.* call, median < 100 ms and max < 250 ms, warm.
    ...r.api.map((a) => `| \`${a.method.replace(/ .*/, '')}\`${a.method.includes(' ') ? a.method.replace(/^\S+/, '') : ''} | ${a.count} | ${ms(a.first)} | ${a.warm ? ms(a.warm.median) : '—'} | ${a.warm ? ms(a.warm.max) : '—'} | ${/^(analytics|explorer)\./.test(a.method) && a.warm ? `médiane < 100 ms ${ok(a.warm.median, 100)}, max < 250 ms ${ok(a.warm.max, 250)}` : ''} |`),
    ...r.direct.map((d) => `| ${d.label} | ${d.samples.length} | ${ms(d.samples[0] ?? Number.NaN)} | ${ms(d.median)} | ${ms(d.max)} | |`),
    '',
    '« À froid » : le premier appel de chaque méthode dans l’exécution (pages SQLite, cache de résultats et code pas encore chauds, comptage des lignes non encore fait) ; l’objectif de l’issue 11 porte sur les appels à chaud, médiane et max pris sur les appels suivants. Pour les deux lignes d’appels directs, médiane et max portent sur tous les appels.',
    '',
    'Jalons de la vue Scores : `early-requests` (le point d’entrée a envoyé les premières requêtes : les trois du démarrage et, pour `#/scores`, celles de la vue '
      + 'avec l’édition, la catégorie et la largeur de graphique vues en dernier), `app-start` (le code de l’application évalué, React démarre), '
      + '`scores-data` (la matrice des scores reçue et la vue rendue avec), `first-chart-drawn` (premier graphique affiché : le SVG dessiné par le serveur '
      + 'à partir de la même option, `charts.scoresSvg`), `scores-grid-rendered` (ag-grid a dessiné ses premières lignes), `echarts-ready` (echarts chargé, '
      + 'seulement une fois la page libre : il prend alors la place des SVG pour les infobulles et l’enregistrement). « Tout affiché » attend les premières '
      + 'lignes de la grille et qu’aucun élément de la vue ne soit en chargement (chaque graphique dessiné, SVG compris) ; l’instant est lu dans l’image où '
      + 'c’est vrai, pas par un appel suivant qui attendrait le travail fait ensuite quand la page est libre.',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      structures: { type: 'string' }, editions: { type: 'string' }, runs: { type: 'string' }, rebuild: { type: 'boolean' }, 'build-only': { type: 'boolean' },
      'cold-start-only': { type: 'boolean' }, workspace: { type: 'string' },
    },
    strict: true,
  });
  if (values['cold-start-only']) {
    // The cold start alone on a given workspace (a copy: the server opens it read-write).
    if (!values.workspace) throw new Error('--cold-start-only demande --workspace FICHIER (une copie de l’espace à mesurer).');
    console.log(`\n${await runColdStartBench(path.resolve(values.workspace), Number(values.runs ?? 3), (line) => console.log(line))}`);
    process.exit(0);
  }
  if (values['build-only']) {
    // Builds (or checks) the cached workspace only, e.g. ahead of a run or for a profiling script.
    const ws = ensureWorkspace(Number(values.structures ?? 2000), Number(values.editions ?? 12), values.rebuild ?? false, 5, (line) => console.log(line));
    console.log(ws.file);
    process.exit(0);
  }
  const result = await runUiBench({
    structures: values.structures ? Number(values.structures) : undefined,
    editions: values.editions ? Number(values.editions) : undefined,
    runs: values.runs ? Number(values.runs) : undefined,
    rebuild: values.rebuild,
  });
  console.log(`\n${result.markdown}`);
}
