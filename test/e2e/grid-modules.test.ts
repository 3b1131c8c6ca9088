/**
 * The app registers only the ag-grid community modules its grids use (grid-setup.ts's
 * GRID_MODULES, not AllCommunityModule). A feature whose module is missing does not work and
 * ag-grid reports it on the console (« error #200 … is not registered »). This suite goes through
 * the grids a demo workspace shows and uses their features — sorting, quick search, column groups
 * added and scrolled to, header tooltips, remembered column state, CSV export, the import history's column
 * filter, the infinite row model of the Explorer — and fails on any console error. The editors of
 * the corrections and the import grids have their own suites (corrections, import-explorer,
 * import-changes), which fail on console errors too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { e2eAvailable, freshTempDir, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();

describe.skipIf(!available.ok)('ag-grid modules: every grid feature the views use is registered', () => {
  let session: E2eSession;
  let workDir: string;

  beforeAll(async () => {
    workDir = freshTempDir('barometre-e2e-grid-modules-');
    const file = path.join(workDir, 'demo.barometre.sqlite');
    await buildDemoWorkspace(file, { structures: 40, editions: [2023] });
    session = await startE2e({ workspacePath: file });
  });

  afterAll(async () => {
    await session?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const gridErrors = (): string[] => session.pageErrors.filter((e) => /AG Grid|ag-grid|#200|not registered/i.test(e));

  it('Scores grid: sort, quick search, determinant group, header tooltip, drill-down', async () => {
    const { page } = session;
    await session.goto('/scores');
    await waitForView(page, 'scores');
    await page.waitForSelector('[data-testid="scores-view"] .ag-row');
    const firstName = async (): Promise<string> => (await page.locator('.ag-row[row-index="0"] .bx-grid-link__name').first().textContent()) ?? '';
    const before = await firstName();
    // Sort on the overall score (descending first), then back.
    await page.locator('.ag-header-cell[col-id="overall:overall"]').click();
    await page.waitForFunction((name) => document.querySelector('.ag-row[row-index="0"] .bx-grid-link__name')?.textContent !== name, before);
    expect(await page.locator('.ag-header-cell[col-id="overall:overall"]').getAttribute('aria-sort')).toBe('descending');
    // Quick search on a structure's name: the grid keeps only its row.
    const wanted = await firstName();
    await page.getByLabel('Rechercher une structure').fill(wanted);
    const names = (): Promise<string[]> => page.locator('[data-testid="scores-view"] .ag-row .bx-grid-link__name').allTextContents();
    await expect.poll(names).toEqual([wanted]);
    await page.getByLabel('Rechercher une structure').fill('');
    // The determinant columns arrive on demand and are scrolled to (ScrollApi).
    await page.getByRole('checkbox', { name: 'Déterminants' }).check();
    await page.locator('.ag-header-group-cell', { hasText: 'Déterminants' }).first().waitFor();
    // A header's tooltip (TooltipModule).
    await page.locator('.ag-header-cell[col-id^="determinant:"]').first().hover();
    await page.locator('.ag-tooltip').first().waitFor();
    await page.getByRole('checkbox', { name: 'Déterminants' }).uncheck();
    // A score cell opens its evidence.
    await page.locator('.ag-row[row-index="0"] .ag-cell[col-id="overall:overall"]').first().click();
    await page.getByTestId('evidence-panel').waitFor();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(200);
    expect(gridErrors()).toEqual([]);
  });

  it('Scores grid in English: rebuilt with its English headers, then back in French', async () => {
    const { page } = session;
    await session.goto('/scores');
    await waitForView(page, 'scores');
    const overallHeader = page.locator('.ag-header-cell[col-id="overall:overall"] .ag-header-cell-text');
    await expect.poll(() => overallHeader.textContent()).toBe('Global');
    await page.locator('[data-testid="lang-en"]').click();
    await expect.poll(() => overallHeader.textContent()).toBe('Overall');
    await page.waitForSelector('[data-testid="scores-view"] .ag-row[row-index="0"] .bx-grid-link__name');
    // One grid only: the French one was destroyed with its language.
    expect(await page.locator('[data-testid="scores-view"] .ag-root-wrapper').count()).toBe(1);
    await page.locator('[data-testid="lang-fr"]').click();
    await expect.poll(() => overallHeader.textContent()).toBe('Global');
    expect(gridErrors()).toEqual([]);
  });

  it('Explorer: infinite rows, server-side sort with its remembered column state, CSV export, observations tab', async () => {
    const { page } = session;
    await session.goto('/explorer');
    await page.waitForSelector('[data-testid="explorer-grid"] .ag-row[row-index="0"] .ag-cell');
    // A server-side sort through the infinite row model.
    const header = page.locator('[data-testid="explorer-grid"] .ag-header-cell[aria-sort]').first();
    await header.click();
    await page.waitForSelector('[data-testid="explorer-grid"] .ag-row[row-index="0"] .ag-cell');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').first().click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await page.getByTestId('tab-observations').click();
    await page.waitForSelector('#explorer-panel[aria-labelledby="tab-observations"] .ag-row[row-index="0"] .ag-cell');
    await page.waitForTimeout(200);
    expect(gridErrors()).toEqual([]);
  });

  it('Import history: a column filter of the in-memory grid', async () => {
    const { page } = session;
    await session.goto('/import');
    await waitForView(page, 'import');
    const grid = page.locator('.ag-root-wrapper').first();
    await grid.locator('.ag-row[row-index="0"]').first().waitFor();
    // DataGrid's columns are filterable (`filter: true`): open a column's filter from its header menu.
    const menu = grid.locator('.ag-header-cell-menu-button, .ag-header-cell-filter-button').first();
    if (await menu.count()) {
      await menu.click({ force: true });
      await page.locator('.ag-filter, .ag-menu').first().waitFor();
      await page.keyboard.press('Escape');
    }
    await page.waitForTimeout(200);
    expect(gridErrors()).toEqual([]);
    expect(session.pageErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
