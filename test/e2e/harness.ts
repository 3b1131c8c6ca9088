/**
 * The end-to-end harness shared by every e2e test: a browser-mode server on a fresh temporary
 * workspace (the platform's `startBrowserServer`, the very router the desktop app uses), Debian's
 * chromium driven by playwright-core in a fresh profile, animations off (`__BAROMETER_TEST__`),
 * screenshots under `test-results/screenshots/` (kept by CI), and axe-core accessibility checks
 * that fail on serious or critical violations (axe is evaluated through the DevTools protocol, as
 * the app's CSP rightly refuses an injected script tag).
 *
 * Needs the built renderer (`npx vite build --config renderer/vite.config.ts`) and
 * `/usr/bin/chromium` (`.ci/run` installs it; never `npx playwright install`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../temp-dirs.js';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../../main/server/http-server.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');
/** Every axe finding, whatever its impact, one file per checked view (test-results/ is kept by CI). */
export const AXE_DIR = path.join(REPO_ROOT, 'test-results', 'axe');
export const CHROMIUM_PATH = process.env.BAROMETER_CHROMIUM ?? '/usr/bin/chromium';
const AXE_PATH = path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
/** The built renderer; another folder may be given so that parallel builds never overwrite each other. */
const RENDERER_DIR = process.env.BAROMETER_RENDERER_DIR ?? path.join(REPO_ROOT, 'dist', 'renderer');

export interface E2eSession {
  /** Temporary folder holding the workspace, preferences, staging area and browser profile. */
  dir: string;
  workspacePath: string;
  server: BrowserServer;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far (for assertions and diagnostics). */
  pageErrors: string[];
  /** Opens a view by its hash path (`/import`, `/structure/CODE`) and waits for the app frame. */
  goto(hashPath: string): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** An existing workspace file to open instead of a fresh empty one. */
  workspacePath?: string;
  viewport?: { width: number; height: number };
  /** Extra options for startBrowserServer (tests only). */
  server?: Record<string, unknown>;
}

/** Whether this machine can run the e2e tier (chromium present, renderer built). */
export function e2eAvailable(): { ok: boolean; reason?: string } {
  if (!fs.existsSync(CHROMIUM_PATH)) return { ok: false, reason: `${CHROMIUM_PATH} manquant (apt-get install chromium)` };
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) return { ok: false, reason: 'renderer non construit (npm run build:renderer)' };
  return { ok: true };
}

/** A fresh folder (workspace, browser profile), removed when the test file ends (test/temp-dirs.ts). */
export function freshTempDir(prefix = 'barometre-e2e-'): string {
  return makeTempDir(prefix);
}

export async function startE2e(options: StartOptions = {}): Promise<E2eSession> {
  const available = e2eAvailable();
  if (!available.ok) throw new Error(`E2E impossible : ${available.reason}`);
  const dir = freshTempDir();
  // App data (preferences, demo copy) stays inside the temp folder, never in the user's home.
  process.env.BAROMETER_HOME = path.join(dir, 'app-data');
  const workspacePath = options.workspacePath ?? path.join(dir, 'espace.barometre.sqlite');
  const server = await startBrowserServer({
    workspacePath,
    prefsFile: path.join(dir, 'prefs.json'),
    stagingDir: path.join(dir, 'staging'),
    staticDir: RENDERER_DIR,
    ...options.server,
  });

  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    reducedMotion: 'reduce',
    acceptDownloads: true,
  });
  await context.addInitScript(() => {
    (window as Window & { __BAROMETER_TEST__?: boolean }).__BAROMETER_TEST__ = true;
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
  });

  // The first visit carries the token; the app keeps it in sessionStorage and strips it.
  await page.goto(server.url);
  await page.waitForSelector('.app', { state: 'attached' });

  const goto = async (hashPath: string): Promise<void> => {
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#${hashPath.startsWith('/') ? hashPath : `/${hashPath}`}`);
    await page.waitForSelector('.app');
  };

  return {
    dir,
    workspacePath,
    server,
    context,
    page,
    pageErrors,
    goto,
    close: async () => {
      await context.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/**
 * Saves a screenshot to `test-results/screenshots/<name>.png` and returns its path. The app
 * scrolls inside its `<main>`, not the document, so `fullPage` grows the viewport to the content's
 * height for the picture (capped at 6,000 px) and restores it after.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Let lazy chunks, fonts and the grid settle before the picture.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Charts are drawn once the page is idle (components/charts/chart-loading.ts): wait for them.
  await page.waitForFunction(() => document.querySelector('.bx-chart__plot[aria-busy="true"]') === null, undefined, { timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(150);
  const viewport = page.viewportSize();
  if (options.fullPage && viewport) {
    const height = await page.evaluate(() => {
      const main = document.querySelector('main');
      return main ? Math.ceil(main.getBoundingClientRect().top + main.scrollHeight) : document.documentElement.scrollHeight;
    });
    await page.setViewportSize({ width: viewport.width, height: Math.min(6000, Math.max(viewport.height, height)) });
    await page.waitForTimeout(200);
  }
  try {
    await page.screenshot({ path: file, animations: 'disabled' });
  } finally {
    if (options.fullPage && viewport) await page.setViewportSize(viewport);
  }
  return file;
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
}

interface AxeWindow {
  axe?: { run: (context: Document, options: Record<string, unknown>) => Promise<{ violations: AxeViolation[] }> };
}

/** Runs axe-core on the page; returns every violation (all impacts). */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as AxeWindow).axe !== 'undefined');
  // The app's CSP (script-src 'self') refuses an injected <script> tag (`addScriptTag`); evaluating
  // the source through the DevTools protocol is not subject to it, and keeps the CSP under test.
  if (!loaded) await page.evaluate(fs.readFileSync(AXE_PATH, 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as AxeWindow).axe;
    if (!axe) throw new Error('axe-core did not load');
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 300), ...(n.failureSummary ? { failureSummary: n.failureSummary } : {}) })),
    }));
  });
}

/** Describes violations in a readable block for assertion messages. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.html}`).join('\n')}`).join('\n');
}

/** axe on the current view: throws when a serious or critical violation is found. */
export async function expectAccessible(page: Page, label: string): Promise<AxeViolation[]> {
  const violations = await runAxe(page);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  // Lesser findings do not fail the run but are kept beside the screenshots, for the next review;
  // one file per view, rewritten by each run.
  fs.mkdirSync(AXE_DIR, { recursive: true });
  const fileName = `${label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase()}.md`;
  fs.writeFileSync(path.join(AXE_DIR, fileName), `# ${label}\n\n${violations.length === 0 ? 'Aucune remarque.' : describeViolations(violations)}\n`);
  if (blocking.length > 0) throw new Error(`axe: ${blocking.length} violation(s) graves sur « ${label} » :\n${describeViolations(blocking)}`);
  return violations;
}

/** Waits until the view's main region says it shows `viewId` and nothing is loading. */
export async function waitForView(page: Page, viewId: string): Promise<void> {
  await page.waitForSelector(`main[data-view="${viewId}"]`);
  await page.waitForFunction(() => document.querySelectorAll('main [aria-busy="true"]').length === 0, undefined, { timeout: 30_000 });
}
