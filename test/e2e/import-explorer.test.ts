/**
 * End to end, through browser mode and Debian's chromium, on a fresh workspace: the generated demo
 * files are imported through the Import view (detected kind and mapping shown, preview, commit
 * with progress), a faulty file shows its problems (filterable, exportable), then the Explorer
 * filters, sorts and pages deep into a table loaded block by block; the language switches to
 * English and back; every view is screenshotted and checked with axe.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateDemo } from '../../main/generate/index.js';
import { e2eAvailable, expectAccessible, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();

let session: E2eSession;
let page: Page;
let demoFiles: string[] = [];
let faultyFile = '';

const STRUCTURES = 30;
const EDITION = 2024;
const AUDITS = STRUCTURES * 13;

async function rowCount(): Promise<number> {
  const text = (await page.locator('[data-testid="row-count"]').textContent()) ?? '';
  const digits = text.replace(/[^\d]/g, '');
  return digits ? Number(digits) : Number.NaN;
}

async function waitRowCount(predicate: (count: number) => boolean): Promise<number> {
  let count = Number.NaN;
  await expect.poll(async () => {
    count = await rowCount();
    return predicate(count);
  }, { timeout: 30_000 }).toBe(true);
  return count;
}

/** Rendered data rows of a grid (ag-grid 36 keeps only the visible ones in the DOM). */
async function renderedRows(gridTestId: string): Promise<number[]> {
  return page.evaluate((gridTestId) => {
    const grid = document.querySelector(`[data-testid="${gridTestId}"]`);
    const indexes = new Set<number>();
    for (const row of grid?.querySelectorAll<HTMLElement>('[role="row"][row-index]') ?? []) indexes.add(Number(row.getAttribute('row-index')));
    return [...indexes].sort((a, b) => a - b);
  }, gridTestId);
}

/** Text of one column's cells in the rendered rows of a grid, in row order. */
async function columnTexts(gridTestId: string, colId: string): Promise<string[]> {
  return page.evaluate(({ gridTestId, colId }) => {
    const grid = document.querySelector(`[data-testid="${gridTestId}"]`);
    if (!grid) return [];
    // Pinned columns render one row element per container: merge them by row index.
    const byIndex = new Map<number, string>();
    for (const row of grid.querySelectorAll<HTMLElement>('[role="row"][row-index]')) {
      const cell = row.querySelector(`[col-id="${colId}"]`);
      if (cell) byIndex.set(Number(row.getAttribute('row-index')), cell.textContent?.trim() ?? '');
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  }, { gridTestId, colId });
}

const frenchDateKey = (text: string): string => {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  return match ? `${match[3]}-${match[2]}-${match[1]}` : text;
};

beforeAll(async () => {
  if (!available.ok) return;
  session = await startE2e();
  page = session.page;
  const out = path.join(session.dir, 'demo');
  const generated = await generateDemo({ out, structures: STRUCTURES, editions: [EDITION], formats: ['xlsx'], layout: 'wide' });
  demoFiles = generated.files.map((file) => file.path);
  // A long-layout French CSV with an unknown item code and an invalid yes/no answer.
  faultyFile = path.join(session.dir, 'resultats-defectueux.csv');
  fs.writeFileSync(faultyFile, '\ufeff' + [
    'Édition;Code structure;Réf. audit;Date audit;Canal;Code critère;Réponse;Commentaire',
    `${EDITION};STRUCT-ERR;ERR-0001;12/03/${EDITION};Courriel;ZZZ-99;Oui;critère inconnu`,
    `${EDITION};STRUCT-ERR;ERR-0001;12/03/${EDITION};Courriel;MEL-02;peut-être;réponse invalide`,
  ].join('\r\n') + '\r\n', 'utf8');
});

afterAll(async () => {
  await session?.close();
});

describe.skipIf(!available.ok)('Import, Explorer and language through the real UI', () => {
  it('shows the designed empty state on a fresh workspace', async () => {
    await waitForView(page, 'home');
    await page.locator('[data-testid="home-empty"]').waitFor();
    expect(await page.locator('[data-testid="home-empty"]').textContent()).toContain('Aucune donnée : importez des fichiers ou ouvrez la démo');
    expect(await page.locator('[data-testid="nav-home"]').getAttribute('aria-current')).toBe('page');
    await screenshot(page, 'home-empty');
    await expectAccessible(page, 'Accueil (vide)');
  });

  it('imports the generated demo files through the Import view with a preview and a progress bar', async () => {
    await page.keyboard.press('Control+2');
    await waitForView(page, 'import');
    expect(await page.locator('[data-testid="nav-import"]').getAttribute('aria-current')).toBe('page');

    await page.locator('[data-testid="file-input"]').setInputFiles(demoFiles);
    const panels = page.locator('[data-testid="file-panel"]');
    await expect.poll(() => panels.count()).toBe(demoFiles.length);
    await expect.poll(() => page.locator('[data-testid="detected-kind"]').count(), { timeout: 60_000 }).toBe(demoFiles.length);
    const kinds = await page.locator('[data-testid="detected-kind"]').allTextContents();
    expect(new Set(kinds)).toEqual(new Set(['Référentiel', 'Structures', 'Résultats d’audits']));

    // The mapping is shown: the structures file maps its code column to "Code structure".
    const structuresPanel = page.locator('[data-testid="file-panel"][data-file="structures.xlsx"]');
    const toggle = structuresPanel.locator('.file-panel-toggle');
    if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
    const mappedFields = await structuresPanel.locator('[data-testid="mapping-table"] select').evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).value));
    expect(mappedFields).toContain('structureCode');
    expect(mappedFields).toContain('category');

    // The mapping can be saved as a named preset, then offered for the next files.
    await structuresPanel.locator('[data-testid="preset-name"]').fill('Structures AFNOR');
    await structuresPanel.locator('[data-testid="preset-name"]').press('Enter');
    await expect.poll(async () => (await structuresPanel.textContent()) ?? '').toContain('Préréglage « Structures AFNOR » enregistré.');
    await expect.poll(async () => structuresPanel.locator('[data-testid="preset-select"] option').allTextContents()).toContain('Structures AFNOR');
    await screenshot(page, 'import-files');

    await page.locator('[data-testid="preview-button"]').click();
    const preview = page.locator('[data-testid="import-preview"]');
    await preview.waitFor({ timeout: 120_000 });
    expect(await preview.textContent()).toContain(`+${AUDITS}`);
    await screenshot(page, 'import-preview');

    // Record every progress state the commit goes through (the job may be quick).
    await page.evaluate(() => {
      const seen: { bars: number; labels: string[] } = { bars: 0, labels: [] };
      (window as Window & { __progress?: typeof seen }).__progress = seen;
      new MutationObserver(() => {
        const box = document.querySelector('[data-testid="commit-progress"]');
        if (!box) return;
        if (box.querySelector('[role="progressbar"]')) seen.bars += 1;
        const label = box.querySelector('strong')?.textContent ?? '';
        if (label && !seen.labels.includes(label)) seen.labels.push(label);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.locator('[data-testid="commit-button"]').click();
    const result = page.locator('[data-testid="import-result"]');
    await result.waitFor({ timeout: 180_000 });
    const progress = await page.evaluate(() => (window as Window & { __progress?: { bars: number; labels: string[] } }).__progress);
    expect(progress?.bars ?? 0).toBeGreaterThan(0);
    expect(progress?.labels.length ?? 0).toBeGreaterThan(0);
    expect(await result.textContent()).toContain('Importé');

    // The history lists the three imports; the top bar now offers the edition.
    await expect.poll(async () => (await renderedRows('history-grid')).length).toBe(demoFiles.length);
    await expect.poll(() => page.locator('[data-testid="edition-select"]').inputValue()).toBe(String(EDITION));
    await page.locator('[data-testid="import-result"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'import-done');
    await expectAccessible(page, 'Import (terminé)');
  });

  it('shows the problems of a faulty file, filterable by code and exportable to CSV', async () => {
    await page.locator('[data-testid="file-input"]').setInputFiles([faultyFile]);
    await expect.poll(() => page.locator('[data-testid="detected-kind"]').count(), { timeout: 60_000 }).toBe(1);

    // Editing the mapping re-runs the detection with the user's choice: the comment column is ignored.
    const commentSelect = page.locator('[data-testid="mapping-table"] select[aria-label="Champ : Commentaire"]');
    expect(await commentSelect.inputValue()).toBe('comment');
    await commentSelect.selectOption('');
    await expect.poll(() => commentSelect.inputValue()).toBe('');
    await commentSelect.selectOption('comment');
    await expect.poll(() => commentSelect.inputValue()).toBe('comment');

    await page.locator('[data-testid="preview-button"]').click();
    const grid = page.locator('[data-testid="problems-grid"]');
    await grid.waitFor({ timeout: 120_000 });
    // Problem codes read as words (« Critère inconnu »), not as the API's codes.
    await expect.poll(() => columnTexts('problems-grid', 'code')).toEqual(expect.arrayContaining(['Critère inconnu', 'Réponse invalide']));

    await page.locator('[data-testid="problem-code-filter"]').selectOption('UNKNOWN_ITEM');
    await expect.poll(async () => {
      const codes = await columnTexts('problems-grid', 'code');
      return codes.length > 0 && codes.every((code) => code === 'Critère inconnu');
    }).toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      grid.locator('[data-testid="export-csv"]').click(),
    ]);
    const csvPath = path.join(session.dir, 'problemes.csv');
    await download.saveAs(csvPath);
    const csv = fs.readFileSync(csvPath, 'utf8');
    expect(csv).toContain('Critère inconnu');
    expect(csv).not.toContain('Réponse invalide');
    expect(csv).not.toContain('UNKNOWN_ITEM');
    expect(csv.split(/\r?\n/)[0]).toContain(';');

    await page.locator('[data-testid="problem-code-filter"]').selectOption('');
    await page.locator('[data-testid="problems"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'import-problems');
    await expectAccessible(page, 'Import (problèmes)');
  });

  it('explores audits: filter by channel, sort a column', async () => {
    await page.keyboard.press('Control+3');
    await waitForView(page, 'explorer');
    expect(await waitRowCount((count) => count === AUDITS)).toBe(AUDITS);

    await page.locator('[data-testid="filter-channel"]').selectOption({ label: 'Courriel' });
    const emailCount = await waitRowCount((count) => count > 0 && count < AUDITS);
    // The filter is in the address: a reload or a bookmark opens the same rows.
    expect(new URLSearchParams((await page.evaluate(() => window.location.hash)).split('?')[1] ?? '').get('channel')).toBe('email');
    await expect.poll(async () => {
      const channels = await columnTexts('explorer-grid', 'channel');
      return channels.length > 0 && channels.every((channel) => channel === 'Courriel');
    }).toBe(true);
    expect(emailCount).toBeLessThan(AUDITS);

    // CSV of the current view, by the grid: French separator, the filtered channel only.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="explorer-grid"] [data-testid="export-csv"]').click(),
    ]);
    const csvPath = path.join(session.dir, 'audits.csv');
    await download.saveAs(csvPath);
    const lines = fs.readFileSync(csvPath, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(1);
    const headerCells = (lines[0] ?? '').split(';').map((cell) => cell.replace(/"/g, ''));
    const channelIndex = headerCells.indexOf('Canal');
    expect(channelIndex).toBeGreaterThanOrEqual(0);
    for (const line of lines.slice(1)) expect(line.split(';')[channelIndex]?.replace(/"/g, '')).toBe('Courriel');

    // Excel of the whole filter, written by the main side and downloaded in browser mode.
    const [workbook] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.locator('[data-testid="explorer-grid"] [data-testid="export-xlsx"]').click(),
    ]);
    const xlsxPath = path.join(session.dir, 'audits.xlsx');
    await workbook.saveAs(xlsxPath);
    expect(fs.readFileSync(xlsxPath).subarray(0, 2).toString('latin1')).toBe('PK');

    const header = page.locator('[data-testid="explorer-grid"] .ag-header-cell[col-id="auditDate"]');
    await header.locator('.ag-header-cell-label').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(async () => {
      const dates = (await columnTexts('explorer-grid', 'auditDate')).filter(Boolean).map(frenchDateKey);
      return dates.length > 5 && dates.every((date, i) => i === 0 || (dates[i - 1] ?? '') <= date);
    }).toBe(true);
    const firstAscending = frenchDateKey((await columnTexts('explorer-grid', 'auditDate'))[0] ?? '');
    await header.locator('.ag-header-cell-label').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => {
      const dates = (await columnTexts('explorer-grid', 'auditDate')).filter(Boolean).map(frenchDateKey);
      return dates.length > 5 && dates.every((date, i) => i === 0 || (dates[i - 1] ?? '') >= date) && (dates[0] ?? '') >= firstAscending;
    }).toBe(true);
    await page.evaluate(() => {
      for (const el of document.querySelectorAll<HTMLElement>('[data-testid="explorer-grid"] .ag-grid-viewport, [data-testid="explorer-grid"] .ag-body-horizontal-scroll-viewport')) el.scrollLeft = 0;
    });
    await screenshot(page, 'explorer-audits');
    await expectAccessible(page, 'Explorer (audits)');
  });

  it('scrolls deep into the observations and sees the rows load block by block', async () => {
    await page.locator('[data-testid="tab-observations"]').click();
    await page.locator('[data-testid="filter-channel"]').selectOption('');
    const total = await waitRowCount((count) => count > 5_000);
    // Only the first blocks are in the page, never the whole table.
    const rendered = await renderedRows('explorer-grid');
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(200);

    const target = total - 50;
    await page.evaluate((fraction) => {
      const grid = document.querySelector('[data-testid="explorer-grid"]');
      const viewport = grid?.querySelector<HTMLElement>('.ag-grid-viewport') ?? grid?.querySelector<HTMLElement>('.ag-body-viewport');
      if (!viewport) throw new Error('grid viewport not found');
      viewport.scrollTop = viewport.scrollHeight * fraction;
    }, target / total);
    await expect.poll(async () => page.evaluate((minIndex) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="explorer-grid"] [role="row"][row-index]')];
      return rows.some((row) => Number(row.getAttribute('row-index')) >= minIndex && (row.querySelector('[col-id="itemCode"]')?.textContent?.trim() ?? '') !== '');
    }, target - 200), { timeout: 30_000 }).toBe(true);
    await screenshot(page, 'explorer-observations-deep');
    await expectAccessible(page, 'Explorer (observations)');
  });

  it('switches to English and back to French', async () => {
    await page.locator('[data-testid="lang-en"]').click();
    await expect.poll(() => page.locator('[data-testid="nav-home"]').textContent()).toContain('Home');
    await expect.poll(async () => (await page.locator('[data-testid="row-count"]').textContent()) ?? '').toMatch(/rows/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await screenshot(page, 'explorer-en');

    await page.keyboard.press('Control+1');
    await waitForView(page, 'home');
    await page.locator('[data-testid="editions-table"]').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Home');
    await screenshot(page, 'home-en');

    await page.locator('[data-testid="lang-fr"]').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Accueil');
    // The choice is remembered: a reload keeps French.
    await page.reload();
    await waitForView(page, 'home');
    expect(await page.locator('h1').textContent()).toBe('Accueil');
  });

  it('shows the workspace, its editions and completeness on Accueil', async () => {
    await page.locator('[data-testid="editions-table"]').waitFor();
    const editionsText = (await page.locator('[data-testid="editions-table"]').textContent()) ?? '';
    expect(editionsText).toContain(String(EDITION));
    expect(editionsText.replace(/\s/g, '')).toContain(String(AUDITS));
    expect(await page.locator('[data-testid="workspace-path"]').textContent()).toBe(session.workspacePath);
    await page.locator('[data-testid="completeness-card"] [role="status"], [data-testid="completeness-card"] [role="alert"], [data-testid="completeness-warnings"]').first().waitFor();
    await screenshot(page, 'home');
    await expectAccessible(page, 'Accueil');
    expect(session.pageErrors.filter((error) => !/favicon/.test(error))).toEqual([]);
  });

  it('reopens the Explorer on its last table and filters, and remembers its column state (sort), across a reload', async () => {
    await page.reload();
    await session.goto('/explorer');
    await waitForView(page, 'explorer');
    // Opened from the menu, the Explorer comes back on the last table of the session (observations,
    // every channel) and writes it to the address.
    await expect.poll(() => page.locator('[data-testid="tab-observations"]').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/explorer?tab=observations&edition=${EDITION}`);
    // An address with filters opens them: the email channel on the audits table.
    await session.goto(`/explorer?edition=${EDITION}&channel=email`);
    await expect.poll(() => page.locator('[data-testid="tab-audits"]').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('[data-testid="filter-channel"]').inputValue()).toBe('email');
    await expect.poll(async () => {
      const channels = await columnTexts('explorer-grid', 'channel');
      return channels.length > 0 && channels.every((channel) => channel === 'Courriel');
    }).toBe(true);
    const header = page.locator('[data-testid="explorer-grid"] .ag-header-cell[col-id="auditDate"]');
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    // The first block is fetched before the grid exists, with the remembered sort: rows come sorted.
    await expect.poll(async () => {
      const dates = (await columnTexts('explorer-grid', 'auditDate')).filter(Boolean).map(frenchDateKey);
      return dates.length > 5 && dates.every((date, i) => i === 0 || (dates[i - 1] ?? '') >= date);
    }).toBe(true);
  });

  it('undoes the last import from the history, after a confirmation', async () => {
    await page.keyboard.press('Control+2');
    await waitForView(page, 'import');
    await page.locator('[data-testid="undo-import"]').click();
    const dialog = page.locator('[role="alertdialog"]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('resultats-2024-large.xlsx');
    await screenshot(page, 'import-undo-confirm');
    await expectAccessible(page, 'Import (confirmation)');
    await dialog.locator('.btn-danger-solid').click();
    await expect.poll(async () => (await page.locator('[data-testid="import-history"]').textContent()) ?? '').toContain('Import de « resultats-2024-large.xlsx » annulé');
    await expect.poll(async () => (await columnTexts('history-grid', 'status')).filter((status) => status === 'Annulé').length).toBe(1);
    await page.keyboard.press('Control+1');
    await waitForView(page, 'home');
    await page.locator('[data-testid="home-empty"]').waitFor();
  });
});
