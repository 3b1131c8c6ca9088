/**
 * Search as people type, in a real browser: the structure picker of the Fiche structure finds
 * « Mairie de Saint-Rivozet » from "saint rivozet", and the Explorer's quick search finds the
 * audits of « Témoin 02 » from "temoin 02" (accents, capitals and hyphens left out), and the
 * observations whose comment says « Rendez-vous reporté, délai non tenu » from "rendez vous
 * reporte delai" (the comment index of migration 012). Screenshots of each.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { openWorkspace } from '../../main/db/connection.js';
import { searchWords } from '../../shared/text.js';
import { e2eAvailable, expectAccessible, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();
const EDITION = 2023;

describe.skipIf(!available.ok)('Recherche sans accents : sélecteur de structure et recherche de l’Explorer', () => {
  let session: E2eSession;
  let workDir: string;
  let renamed: { rivozet: string; temoin: string; temoinAudits: number };
  /** `audit reference|item` of the two observations given an accented, hyphenated comment. */
  let commented: string[];
  let accentedRegion: string;

  beforeAll(async () => {
    workDir = freshTempDir('barometre-e2e-search-');
    const file = path.join(workDir, 'espace.barometre.sqlite');
    await buildDemoWorkspace(file, { structures: 10, editions: [EDITION] });
    // Two structures get names with accents and a hyphen (the search index follows the rename).
    const db = openWorkspace(file);
    const [first, second] = db.prepare(`SELECT code FROM structure WHERE code IN (SELECT structure_code FROM audit) ORDER BY code LIMIT 2`).pluck().all() as string[];
    db.prepare(`UPDATE structure SET name = 'Mairie de Saint-Rivozet' WHERE code = ?`).run(first);
    db.prepare(`UPDATE structure SET name = 'Témoin 02' WHERE code = ?`).run(second);
    renamed = {
      rivozet: first!,
      temoin: second!,
      temoinAudits: db.prepare('SELECT COUNT(*) FROM audit WHERE structure_code = ? AND edition = ?').pluck().get(second, EDITION) as number,
    };
    // Two observations get a comment with accents and a hyphen (the comment index follows the update).
    const keys = db.prepare(`SELECT o.audit_id AS auditId, o.item_code AS itemCode, a.reference FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.edition = ? ORDER BY o.audit_id DESC, o.item_code LIMIT 2`).all(EDITION) as Array<{ auditId: number; itemCode: string; reference: string }>;
    for (const k of keys) db.prepare(`UPDATE observation SET comment = 'Rendez-vous reporté, délai non tenu' WHERE audit_id = ? AND item_code = ?`).run(k.auditId, k.itemCode);
    commented = keys.map((k) => `${k.reference}|${k.itemCode}`).sort();
    const regions = db.prepare(`SELECT DISTINCT s.region FROM structure s JOIN audit a ON a.structure_code = s.code WHERE a.edition = ? AND s.region IS NOT NULL ORDER BY 1`).pluck().all(EDITION) as string[];
    accentedRegion = regions.find((r) => /[^\x20-\x7e]/.test(r)) ?? regions[0]!;
    db.close();
    session = await startE2e({ workspacePath: file, viewport: { width: 1600, height: 1000 } });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('the structure picker finds « Mairie de Saint-Rivozet » typed "saint rivozet"', async () => {
    const { page } = session;
    await session.goto('/structure');
    await waitForView(page, 'structure');
    const picker = page.locator('[data-testid="structure-picker"]');
    await picker.fill('saint rivozet');
    const option = page.locator('[role="listbox"] [role="option"]', { hasText: 'Mairie de Saint-Rivozet' });
    await option.waitFor();
    // The renamed structure is also in the list before the typed words narrow it (the search is
    // asked of the server while typing): wait for the narrowed list rather than the first one.
    await expect.poll(() => page.locator('[role="listbox"] [role="option"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await option.textContent()).toContain(renamed.rivozet);
    await screenshot(page, 'search-structure-picker');
    await expectAccessible(page, 'search-structure-picker');
    await picker.press('Enter');
    await page.waitForFunction((code) => window.location.hash.includes(encodeURIComponent(code)), renamed.rivozet);
    await page.locator('[data-testid="kpi-score"]').waitFor();
    // Enter pressed at once, before the answer comes: the answer's first structure opens, never
    // one of a list left from earlier words.
    await picker.fill('saint');
    await page.locator('[role="listbox"] [role="option"]', { hasText: 'Mairie de Saint-Rivozet' }).waitFor();
    await picker.fill('temoin 02');
    await picker.press('Enter');
    await page.waitForFunction((code) => window.location.hash.includes(encodeURIComponent(code)), renamed.temoin);
    await page.locator('[data-testid="kpi-score"]').waitFor();
  });

  it('the Explorer quick search finds the audits of « Témoin 02 » typed "temoin 02"', async () => {
    const { page } = session;
    await session.goto(`/explorer?tab=audits&edition=${EDITION}`);
    await waitForView(page, 'explorer');
    await page.locator('[data-testid="explorer-grid"] [role="row"][row-index="0"]').first().waitFor();
    await page.locator('[data-testid="filter-search"]').fill('temoin 02');
    // Debounced: the grid reloads once the typing pauses, with the audits of that structure only.
    await page.waitForFunction(
      (count) => {
        const names = [...document.querySelectorAll('[data-testid="explorer-grid"] [role="row"][row-index] [col-id="structureName"]')].map((c) => c.textContent?.trim());
        return names.length >= Math.min(count, 8) && names.every((n) => n === 'Témoin 02');
      },
      renamed.temoinAudits,
      { timeout: 15_000 },
    );
    const names = await page.locator('[data-testid="explorer-grid"] [role="row"][row-index] [col-id="structureName"]').allTextContents();
    expect(new Set(names.map((n) => n.trim()))).toEqual(new Set(['Témoin 02']));
    expect(page.url()).toContain('search=temoin');
    await screenshot(page, 'search-explorer-quick-search');
  });

  it('the Explorer quick search finds comments typed without accents or hyphen: "rendez vous reporte delai"', async () => {
    const { page } = session;
    await session.goto(`/explorer?tab=observations&edition=${EDITION}`);
    await waitForView(page, 'explorer');
    await page.locator('[data-testid="explorer-grid"] [role="row"][row-index="0"]').first().waitFor();
    await page.locator('[data-testid="filter-search"]').fill('rendez vous reporte delai');
    const cells = (col: string) => `[data-testid="explorer-grid"] [role="row"][row-index] [col-id="${col}"]`;
    // Debounced: the grid reloads once the typing pauses, with those two observations only.
    await page.waitForFunction(() => document.querySelector('[data-testid="row-count"]')?.textContent?.trim() === '2 lignes', undefined, { timeout: 15_000 });
    await page.waitForFunction((selector) => document.querySelectorAll(selector).length === 2, cells('itemCode'), { timeout: 15_000 });
    const references = await page.locator(cells('reference')).allTextContents();
    const items = await page.locator(cells('itemCode')).allTextContents();
    expect(references.map((r, i) => `${r.trim()}|${items[i]?.trim()}`).sort()).toEqual(commented);
    // The comment column is far right: scroll the grid to it (columns off screen are not rendered).
    await page.evaluate(() => {
      const scroller = document.querySelector('[data-testid="explorer-grid"] .ag-body-horizontal-scroll-viewport');
      if (scroller) scroller.scrollLeft = scroller.scrollWidth;
    });
    await page.waitForFunction((selector) => document.querySelectorAll(selector).length === 2, cells('comment'), { timeout: 15_000 });
    expect((await page.locator(cells('comment')).allTextContents()).map((c) => c.trim())).toEqual(['Rendez-vous reporté, délai non tenu', 'Rendez-vous reporté, délai non tenu']);
    await screenshot(page, 'search-explorer-comment');
  });

  it('a filter value list takes typing without accents (« Région »)', async () => {
    const { page } = session;
    await session.goto(`/explorer?tab=audits&edition=${EDITION}`);
    await waitForView(page, 'explorer');
    // The start of each word, folded: « Auvergne-Rhône-Alpes » typed "auve rhon alpe".
    const typed = searchWords(accentedRegion).map((w) => w.slice(0, 4)).join(' ');
    const input = page.locator('[data-testid="filter-region"]');
    await input.click();
    await input.fill(typed);
    const options = page.locator('[role="listbox"] [role="option"]');
    await options.filter({ hasText: accentedRegion }).first().waitFor();
    // « Tous » first, then the region typed.
    expect((await options.allTextContents()).slice(1)).toContain(accentedRegion);
    await screenshot(page, 'search-filter-region');
    await expectAccessible(page, 'search-filter-region');
    await input.press('Enter');
    await page.waitForFunction(() => window.location.hash.includes('region='));
    const query = new URLSearchParams(page.url().split('?')[1] ?? '');
    expect(query.get('region')).toBe(accentedRegion);
    expect(await input.inputValue()).toBe(accentedRegion);
  });
});
