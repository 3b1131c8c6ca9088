/**
 * Keyboard use, end to end on a demo workspace: Tab crosses the Scores grid in at most 3 presses
 * (it once took 968, one per cell) and Shift+Tab goes back over it; inside the grid the arrows
 * move from the header to the cells and from cell to cell; the skip link « Aller au contenu » is
 * the first stop of the page and puts the focus on the main content.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { e2eAvailable, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();

/** Where the focus is: inside the grid, before it or after it in the document, and what it is. */
async function focusPlace(page: E2eSession['page'], gridSelector: string): Promise<{ where: 'inside' | 'before' | 'after' | 'none'; tag: string; text: string; cell: string | null; row: string | null }> {
  return page.evaluate((selector) => {
    const grid = document.querySelector(selector);
    const active = document.activeElement;
    if (!grid || !active || active === document.body) return { where: 'none' as const, tag: '', text: '', cell: null, row: null };
    const cell = active.closest('.ag-cell, .ag-header-cell');
    const description = {
      tag: active.tagName.toLowerCase(),
      text: (active.textContent ?? '').trim().slice(0, 60),
      cell: cell?.getAttribute('col-id') ?? null,
      row: active.closest('.ag-row')?.getAttribute('row-index') ?? null,
    };
    if (grid.contains(active)) return { where: 'inside' as const, ...description };
    const position = grid.compareDocumentPosition(active);
    return { where: position & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' as const : 'before' as const, ...description };
  }, gridSelector);
}

/**
 * The Scores grid is the last control of its view: past it, the browser leaves the page. A button
 * placed right after it stands for « the next control », so the test sees where Tab lands.
 */
async function addControlAfter(page: E2eSession['page'], gridSelector: string): Promise<void> {
  await page.evaluate((selector) => {
    if (document.getElementById('after-grid')) return;
    const button = document.createElement('button');
    button.id = 'after-grid';
    button.type = 'button';
    button.textContent = 'après la grille';
    document.querySelector(selector)?.after(button);
  }, gridSelector);
}

describe.skipIf(!available.ok)('keyboard (browser mode, demo workspace)', () => {
  let session: E2eSession;
  let workDir: string;
  const GRID = '[data-view="scores"] .bx-grid';

  beforeAll(async () => {
    workDir = freshTempDir('barometre-e2e-keyboard-');
    const file = path.join(workDir, 'demo.barometre.sqlite');
    await buildDemoWorkspace(file, { structures: 40, editions: [2023] });
    session = await startE2e({ workspacePath: file });
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  it('Tab crosses the Scores grid in at most 3 presses, Shift+Tab goes back over it', async () => {
    const { page } = session;
    await session.goto('/scores');
    await waitForView(page, 'scores');
    await page.waitForSelector(`${GRID} .ag-row`);
    const cells = await page.locator(`${GRID} .ag-cell`).count();
    expect(cells).toBeGreaterThan(50);
    await addControlAfter(page, GRID);

    // Start on the last control before the grid (the level check boxes above it).
    const before = page.locator('[data-view="scores"] .bx-checks input[type="checkbox"]').last();
    await before.focus();
    expect((await focusPlace(page, GRID)).where).toBe('before');

    const path: string[] = [];
    let presses = 0;
    let place = await focusPlace(page, GRID);
    while (place.where !== 'after' && presses < 10) {
      await page.keyboard.press('Tab');
      presses += 1;
      place = await focusPlace(page, GRID);
      path.push(`${place.where}:${place.tag}:${place.cell ?? ''}`);
    }
    expect(place.where, path.join(' → ')).toBe('after');
    expect(place.text, path.join(' → ')).toBe('après la grille');
    expect(presses, path.join(' → ')).toBeLessThanOrEqual(3);
    // The grid is on the way, not skipped: one stop inside it, on its header.
    expect(path.some((step) => step.startsWith('inside')), path.join(' → ')).toBe(true);
    await screenshot(page, 'keyboard-scores-after-grid');

    // Back: Shift+Tab crosses it the other way as quickly.
    let back = 0;
    place = await focusPlace(page, GRID);
    while (place.where !== 'before' && back < 10) {
      await page.keyboard.press('Shift+Tab');
      back += 1;
      place = await focusPlace(page, GRID);
    }
    expect(place.where).toBe('before');
    expect(back).toBeLessThanOrEqual(3);
  });

  it('the arrows move inside the grid, from the header to the rows and from cell to cell', async () => {
    const { page } = session;
    await addControlAfter(page, GRID);
    const before = page.locator('[data-view="scores"] .bx-checks input[type="checkbox"]').last();
    await before.focus();
    await page.keyboard.press('Tab');
    const header = await focusPlace(page, GRID);
    expect(header.where).toBe('inside');
    expect(header.row).toBeNull();

    await page.keyboard.press('ArrowDown');
    const firstCell = await focusPlace(page, GRID);
    expect(firstCell.where).toBe('inside');
    expect(firstCell.row).toBe('0');
    expect(firstCell.cell).toBe(header.cell);

    await page.keyboard.press('ArrowDown');
    expect((await focusPlace(page, GRID)).row).toBe('1');
    await page.keyboard.press('ArrowRight');
    const right = await focusPlace(page, GRID);
    expect(right.row).toBe('1');
    expect(right.cell).not.toBe(firstCell.cell);

    // From a cell deep in the grid, Tab leaves it at once, and Shift+Tab from there comes back to it.
    await page.keyboard.press('Tab');
    expect((await focusPlace(page, GRID)).text).toBe('après la grille');
    await page.keyboard.press('Shift+Tab');
    expect((await focusPlace(page, GRID)).where).toBe('inside');
    await page.keyboard.press('Shift+Tab');
    expect((await focusPlace(page, GRID)).where).toBe('before');
  });

  it('the skip link « Aller au contenu » is the first stop and puts the focus on the main content', async () => {
    const { page } = session;
    // A fresh page: the tab order starts at the top of the document.
    await page.reload();
    await waitForView(page, 'scores');
    await page.keyboard.press('Tab');
    const link = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      const box = active?.getBoundingClientRect();
      return { text: active?.textContent?.trim() ?? '', className: active?.className ?? '', visible: Boolean(box && box.width > 0 && box.height > 0 && box.top >= 0) };
    });
    expect(link.text).toBe('Aller au contenu');
    expect(link.className).toContain('skip-link');
    expect(link.visible).toBe(true);
    await screenshot(page, 'keyboard-skip-link');

    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => ({ id: document.activeElement?.id ?? '', tag: document.activeElement?.tagName.toLowerCase() ?? '' }));
    expect(focused).toEqual({ id: 'main-content', tag: 'main' });
    // The next Tab goes into the view, not back to the sidebar.
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => Boolean(document.activeElement?.closest('main')));
    expect(next).toBe(true);
  });
});
