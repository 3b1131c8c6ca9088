/**
 * The Comparaisons view in browser mode, on a small demo workspace built through the real import
 * pipeline (30 structures: the demo's labels held come from its structures file): the former
 * Public / privé address opens public vs private; choosing "Labellisées Qualivilles et non
 * labellisées" shows both panels' bases as the analytics service counts them, and — two
 * structures holding the label — a withheld score ("—") with its reason on each side, never the
 * number. Screenshots in test-results/screenshots/comparisons-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { openWorkspace } from '../../main/db/connection.js';
import { comparePanels } from '../../main/analytics/comparisons.js';
import type { ComparisonResult } from '../../shared/comparison-types.js';
import { e2eAvailable, expectAccessible, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();
const norm = (s: string | null): string => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();

describe.skipIf(!available.ok)('Comparaisons (browser mode, demo workspace)', () => {
  let session: E2eSession;
  let workDir: string;
  let expected: ComparisonResult;
  let secret: number;

  beforeAll(async () => {
    workDir = freshTempDir('barometre-e2e-compare-');
    const file = path.join(workDir, 'demo.barometre.sqlite');
    await buildDemoWorkspace(file, { structures: 30, editions: [2023] });
    const db = openWorkspace(file);
    try {
      expected = comparePanels(db, { edition: 2023, a: { kind: 'label', label: 'Qualivilles', held: true }, b: { kind: 'label', label: 'Qualivilles', held: false } });
      // The holders' pooled overall score, which the rule withholds: it must appear nowhere.
      const sums = db.prepare(`SELECT SUM(c.compliant_weight) AS cw, SUM(c.applicable_weight) AS aw FROM score_cache c JOIN structure_label l ON l.structure_code = c.structure_code
        WHERE c.edition = 2023 AND c.level = 'overall' AND l.label = 'Qualivilles'`).get() as { cw: number; aw: number };
      secret = (100 * sums.cw) / sums.aw;
    } finally {
      db.close();
    }
    session = await startE2e({ workspacePath: file });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('opens public vs private from the former address', async () => {
    const { page } = session;
    await session.goto('/public-private');
    await waitForView(page, 'comparisons');
    await page.waitForSelector('[data-testid="headline-rows"]');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/comparisons?a=sector%3Apublic&b=sector%3Aprive');
    expect(await page.getByTestId('comparison-choice').inputValue()).toBe('public-private');
    expect(norm(await page.locator('nav').getByText('Comparaisons').first().textContent())).toBe('Comparaisons');
  });

  it('compares the Qualivilles holders with the other public structures: both bases, and the withheld scores with their reasons', async () => {
    const { page } = session;
    expect(expected.a.structures).toBe(2);
    await page.getByTestId('comparison-choice').selectOption({ label: 'Labellisées Qualivilles et non labellisées' });
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('a=label%3AQualivilles');
    await page.waitForSelector('[data-testid="comparison-rows"]');
    expect(norm(await page.getByTestId('base-a').textContent())).toBe(`${expected.a.structures} structures · ${expected.a.audits.toLocaleString('fr-FR')} audits`.replace(/\u202f/g, ' '));
    expect(norm(await page.getByTestId('base-b').textContent())).toBe(`${expected.b.structures} structures · ${expected.b.audits.toLocaleString('fr-FR')} audits`.replace(/\u202f/g, ' '));
    const cellA = page.getByTestId('cell-a-overall-overall');
    const cellB = page.getByTestId('cell-b-overall-overall');
    expect(norm(await cellA.locator('strong').textContent())).toBe('—');
    expect(norm(await cellA.getByTestId('withheld-mark').textContent())).toBe('Non diffusé');
    expect(norm(await cellB.locator('strong').textContent())).toBe('—');
    // A withheld figure is not reachable by drilling: no button in its cell, a click opens nothing.
    expect(await cellA.getByRole('button').count()).toBe(0);
    expect(await cellB.getByRole('button').count()).toBe(0);
    await cellA.click();
    await page.waitForTimeout(300);
    expect(await page.getByTestId('evidence-panel').count()).toBe(0);
    // The reasons, once per panel, beside the table.
    const reasons = page.getByTestId('comparison-levels');
    expect(norm(await reasons.getByTestId('withheld-reason-a').textContent())).toBe('A — Labellisées Qualivilles · Non diffusé : trop peu de structures dans ce panel pour la règle de confidentialité.');
    expect(norm(await reasons.getByTestId('withheld-reason-b').textContent())).toContain('B — Non labellisées Qualivilles · Non diffusé : ce panel n’écarte que quelques structures d’un groupe publié');
    expect(await cellA.locator('strong').getAttribute('title')).toContain('trop peu de structures');
    // The headline rates of the holders are withheld too, with the reason.
    expect(norm(await page.getByTestId('rate-MEL-01-a').textContent())).toBe('—');
    // The withheld pooled score is nowhere on the page (one decimal, French).
    const shown = secret.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(norm(await page.getByTestId('comparisons-view').textContent())).not.toContain(shown);
    // The app scrolls inside <main>: bring the levels' card to its top.
    await page.evaluate(() => {
      const main = document.querySelector('main');
      const card = document.querySelector('[data-testid="comparison-levels"]');
      if (main && card) main.scrollTo(0, main.scrollTop + card.getBoundingClientRect().top - main.getBoundingClientRect().top - 16);
    });
    await screenshot(page, 'comparisons-qualivilles');
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
    await screenshot(page, 'comparisons-qualivilles-top');
    await expectAccessible(page, 'Comparaisons (Qualivilles)');
    // The tables exported from here carry this comparison in their "Comparaisons" sheet.
    await page.getByTestId('comparison-export').click();
    const result = page.getByTestId('comparison-export-result');
    await result.waitFor({ timeout: 120_000 });
    const written = norm(await result.locator('code').textContent());
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(fs.readFileSync(written)).Sheets['Comparaisons']!, { header: 1, raw: true, defval: null });
    expect(rows[0]?.[0]).toBe('Comparaison : Labellisées Qualivilles face à Non labellisées Qualivilles — édition 2023');
    const global = rows.find((r) => r[0] === 'Global')!;
    expect([global[2], global[5]]).toEqual([null, null]);
    expect(global[4]).toBe(expected.a.audits);
  }, 180_000);

  it('compares a category with another, from the list', async () => {
    const { page } = session;
    await page.getByTestId('comparison-choice').selectOption({ label: 'Deux catégories' });
    await page.getByTestId('comparison-category-a').waitFor();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/a=category%3A.+&b=category%3A/);
    await page.waitForSelector('[data-testid="comparison-rows"]');
    expect(await page.getByTestId('comparison-category-b').inputValue()).not.toBe(await page.getByTestId('comparison-category-a').inputValue());
  });
});
