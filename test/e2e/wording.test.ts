/**
 * The wording slips of issue #12, each checked in the real interface on a demo workspace (120
 * structures, the demo's default), in French and in English, at 1440 × 900 and 1280 × 720:
 * - Import: a file whose only problem is a criterion of another channel is refused: the title says
 *   so (never « Import terminé. »), « 1 problème », the problem's code as words, its message
 *   wrapped whole; the mapping list names the time column (never the raw key `field.auditTime`);
 * - Fiche structure: « ex æquo au meilleur rang » only under a rank another structure shares; the
 *   radar saved as PNG (kept beside the screenshots to be looked at);
 * - Scores: the ranking's subtitle never announces « 15 premiers sur 8 »;
 * - Public / privé: the private panel's figures read as the brochure's (85 %, 91 %), with the note
 *   saying the demo is calibrated on them;
 * - Explorer: at 1280 × 720 the grid stays inside its card;
 * - an API error in English is shown in English.
 * Screenshots of every view concerned, both languages, both sizes, in test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { openWorkspace } from '../../main/db/connection.js';
import { resolveEdition } from '../../main/analytics/editions.js';
import { editionScores } from '../../main/analytics/scores.js';
import type { StructureScoreRow } from '../../shared/analytics-types.js';
import { SCREENSHOT_DIR, e2eAvailable, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();
const SIZES = [{ width: 1440, height: 900 }, { width: 1280, height: 720 }] as const;
const norm = (s: string | null | undefined): string => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();

interface Reference {
  edition: number;
  /** A structure no other of its category equals in overall score. */
  alone: StructureScoreRow;
  /** One whose overall score another structure of its category shares, when the demo has one. */
  tied: StructureScoreRow | null;
  /** Scored structures per category. */
  sizes: Map<string, number>;
}

async function setLang(page: Page, lang: 'fr' | 'en'): Promise<void> {
  await page.locator(`[data-testid="lang-${lang}"]`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

/** Screenshots of the current view in both sizes (the viewport is put back to the first one). */
async function shoot(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(250);
    await screenshot(page, `wording-${name}-${size.width}x${size.height}`);
  }
  await page.setViewportSize(SIZES[0]);
}

describe.skipIf(!available.ok)('wording slips (browser mode, demo workspace)', () => {
  let session: E2eSession;
  let page: Page;
  let workDir: string;
  let reference: Reference;

  beforeAll(async () => {
    workDir = freshTempDir('barometre-e2e-wording-');
    const file = path.join(workDir, 'demo.barometre.sqlite');
    await buildDemoWorkspace(file, { structures: 120, editions: [2023] });
    const db = openWorkspace(file);
    try {
      const edition = resolveEdition(db);
      const overall = editionScores(db, { edition, level: 'overall' }).filter((r) => r.score !== null);
      const sizes = new Map<string, number>();
      for (const r of overall) sizes.set(r.category, (sizes.get(r.category) ?? 0) + 1);
      const sameScore = (r: StructureScoreRow): number => overall.filter((o) => o.category === r.category && o.score === r.score).length;
      // Categories of 11 or more: their ranks are shown by the disclosure rule.
      const large = overall.filter((r) => (sizes.get(r.category) ?? 0) >= 11);
      const alone = large.find((r) => sameScore(r) === 1);
      if (!alone) throw new Error('no untied structure in a large category');
      reference = { edition, alone, tied: large.find((r) => sameScore(r) > 1) ?? null, sizes };
    } finally {
      db.close();
    }
    session = await startE2e({ workspacePath: file });
    page = session.page;
  }, 300_000);

  afterAll(async () => {
    await session?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('Import: a refused file says so, « 1 problème », the code as words, the message whole, the time column named', async () => {
    const csv = path.join(session.dir, 'un-probleme.csv');
    // One audit by telephone answering an email criterion: exactly one problem (CHANNEL_MISMATCH).
    fs.writeFileSync(csv, '\ufeff' + [
      'Édition;Code structure;Réf. audit;Date audit;Heure;Canal;Code critère;Réponse',
      `${reference.edition};${reference.alone.structure};TEL-UNIQUE;12/03/${reference.edition};10:30;Téléphone;MEL-02;Oui`,
    ].join('\r\n') + '\r\n', 'utf8');
    await session.goto('/import');
    await waitForView(page, 'import');
    await page.locator('[data-testid="file-input"]').setInputFiles([csv]);
    await expect.poll(() => page.locator('[data-testid="detected-kind"]').count(), { timeout: 60_000 }).toBe(1);

    // The mapping list: every field by its name, the time column included.
    const mappingText = norm(await page.locator('[data-testid="mapping-table"]').textContent());
    expect(mappingText).toContain('Heure de l’audit');
    expect(await page.locator('main').textContent()).not.toMatch(/\bfield\.\w+/);

    await page.locator('[data-testid="commit-button"]').click();
    const result = page.locator('[data-testid="import-result"]');
    await result.waitFor({ timeout: 120_000 });
    const resultText = norm(await result.textContent());
    expect(resultText).toContain('Import refusé : aucun fichier n’a été importé.');
    expect(resultText).not.toContain('Import terminé.');
    expect(resultText).toContain('1 problème');
    expect(resultText).not.toContain('1 problèmes');

    const grid = page.locator('[data-testid="problems-grid"]');
    await grid.locator('.ag-row').first().waitFor();
    const code = norm(await grid.locator('.ag-row [col-id="code"]').first().textContent());
    expect(code).toBe('Critère d’un autre canal');
    expect(norm(await grid.textContent())).not.toContain('CHANNEL_MISMATCH');
    // The message is wrapped, not cut: its text fits its cell, and the cell fits the grid, at both sizes.
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      const message = await grid.locator('.ag-row [col-id="message"]').first().evaluate((cell) => {
        const inner = (cell.querySelector('.ag-cell-value') ?? cell) as HTMLElement;
        const frame = cell.closest('.ag-root-wrapper')?.getBoundingClientRect();
        return { text: inner.textContent ?? '', overflow: inner.scrollWidth - inner.clientWidth, pastGrid: frame ? cell.getBoundingClientRect().right - frame.right : 999 };
      });
      expect(message.text, `${size.width}`).toContain('« Téléphone »');
      expect(message.overflow, `${size.width}`).toBeLessThanOrEqual(1);
      expect(message.pastGrid, `${size.width}`).toBeLessThanOrEqual(1);
    }
    await page.setViewportSize(SIZES[0]);
    await result.scrollIntoViewIfNeeded();
    await shoot(page, 'import-fr');

    await setLang(page, 'en');
    await expect.poll(async () => norm(await result.textContent())).toContain('Import refused: no file was imported.');
    expect(norm(await result.textContent())).toContain('1 problem');
    expect(norm(await grid.locator('.ag-row [col-id="code"]').first().textContent())).toBe('Item of another channel');
    await shoot(page, 'import-en');
    await setLang(page, 'fr');
  });

  it('Fiche structure: « ex æquo » only under a shared rank; the radar saved as PNG', async () => {
    const open = async (code: string): Promise<string> => {
      await session.goto(`/structure/${encodeURIComponent(code)}`);
      await waitForView(page, 'structure');
      await page.locator('[data-testid="kpi-rank"]').waitFor();
      return norm(await page.locator('[data-testid="structure-kpis"]').textContent());
    };
    expect(await open(reference.alone.structure)).not.toContain('ex æquo');
    if (reference.tied) expect(await open(reference.tied.structure)).toContain('ex æquo au meilleur rang');

    await open(reference.alone.structure);
    const radar = page.locator('[data-testid="chart-radar"]');
    await radar.scrollIntoViewIfNeeded();
    const [png] = await Promise.all([page.waitForEvent('download'), radar.getByRole('button', { name: /Enregistrer en PNG/ }).click()]);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const pngFile = path.join(SCREENSHOT_DIR, 'wording-radar-export.png');
    await png.saveAs(pngFile);
    expect(fs.readFileSync(pngFile).subarray(1, 4).toString('latin1')).toBe('PNG');
    await page.locator('[data-testid="chart-distribution"]').scrollIntoViewIfNeeded();
    await shoot(page, 'structure-fr');
    await setLang(page, 'en');
    await expect.poll(async () => norm(await page.locator('[data-testid="structure-kpis"]').textContent())).toContain('Rank in category');
    await page.locator('[data-testid="chart-distribution"]').scrollIntoViewIfNeeded();
    await shoot(page, 'structure-en');
    await setLang(page, 'fr');
  });

  it('Scores: the ranking never announces more structures than it has', async () => {
    await session.goto('/scores');
    await waitForView(page, 'scores');
    const chart = page.locator('[data-testid="chart-ranking"]');
    await chart.waitFor();
    const subtitle = norm(await chart.locator('.bx-chart__subtitle').textContent());
    const announced = /(\d+) premiers sur (\d+)/.exec(subtitle);
    if (announced) expect(Number(announced[1])).toBeLessThan(Number(announced[2]));
    else expect(subtitle).toMatch(/les \d+ structures notées|la seule structure notée/);
    const firstCategorySize = [...reference.sizes.values()];
    expect(firstCategorySize.length).toBeGreaterThan(0);
    await chart.scrollIntoViewIfNeeded();
    await shoot(page, 'scores-fr');
    await setLang(page, 'en');
    await expect.poll(async () => norm(await chart.locator('.bx-chart__subtitle').textContent())).toMatch(/Overall score/);
    expect(norm(await chart.locator('.bx-chart__subtitle').textContent())).not.toMatch(/top 15 of ([0-9]|1[0-5])\b/);
    await shoot(page, 'scores-en');
    await setLang(page, 'fr');
  });

  it('Public / privé: the demo\'s private panel reads as the brochure (85 %, 91 %), with the note', async () => {
    // The former address lands on the Comparaisons view, public vs private.
    await session.goto('/public-private');
    await waitForView(page, 'comparisons');
    await page.locator('[data-testid="headline-rows"]').waitFor();
    const mel01 = norm(await page.locator('[data-testid="rate-MEL-01-prive"]').textContent());
    const mel02 = norm(await page.locator('[data-testid="rate-MEL-02-prive"]').textContent());
    // Shown to one decimal; rounded to whole points they are the brochure's.
    const value = (text: string): number => Number(text.replace(/[^\d,]/g, '').replace(',', '.'));
    expect(Math.round(value(mel01))).toBe(85);
    expect(Math.round(value(mel02))).toBe(91);
    expect(norm(await page.locator('[data-testid="brochure-note"]').textContent())).toContain('Données de démonstration');
    expect(await page.locator('[data-testid="brochure-MEL-01"]').count()).toBe(1);
    await shoot(page, 'public-private-fr');
    await setLang(page, 'en');
    await expect.poll(async () => norm(await page.locator('[data-testid="brochure-note"]').textContent())).toContain('Demonstration data');
    await shoot(page, 'public-private-en');
    await setLang(page, 'fr');
  });

  it('Explorer: at 1280 × 720 the grid stays inside its card', async () => {
    await session.goto('/explorer');
    await waitForView(page, 'explorer');
    await page.locator('[data-testid="row-count"]').waitFor();
    for (const lang of ['fr', 'en'] as const) {
      await setLang(page, lang);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.waitForTimeout(300);
        const overflow = await page.evaluate(() => {
          const grid = document.querySelector('main .ag-root-wrapper');
          const card = grid?.closest('.card');
          if (!grid || !card) return null;
          const g = grid.getBoundingClientRect();
          const c = card.getBoundingClientRect();
          return { right: g.right - c.right, bottom: g.bottom - c.bottom, left: c.left - g.left };
        });
        await screenshot(page, `wording-explorer-${lang}-${size.width}x${size.height}`);
        expect(overflow, `${lang} ${size.width}×${size.height}`).not.toBeNull();
        expect(overflow!.right, `${lang} ${size.width}×${size.height}`).toBeLessThanOrEqual(0.5);
        expect(overflow!.bottom, `${lang} ${size.width}×${size.height}`).toBeLessThanOrEqual(0.5);
        expect(overflow!.left, `${lang} ${size.width}×${size.height}`).toBeLessThanOrEqual(0.5);
      }
    }
    await page.setViewportSize(SIZES[0]);
    await setLang(page, 'fr');
  });

  it('an API error is shown in the interface language', async () => {
    await setLang(page, 'en');
    await session.goto('/structure/INCONNUE-999');
    await waitForView(page, 'structure');
    const banner = page.locator('[data-testid="error-banner"]').first();
    await banner.waitFor();
    const text = norm(await banner.textContent());
    expect(text).toMatch(/Unknown structure: "INCONNUE-999"|Structure "INCONNUE-999" not found|has no audit/);
    expect(text).not.toMatch(/introuvable|inconnue|n'a aucun audit/);
    await screenshot(page, 'wording-error-en');
    await setLang(page, 'fr');
    await expect.poll(async () => norm(await page.locator('[data-testid="error-banner"]').first().textContent())).toMatch(/inconnue|introuvable|aucun audit/);
  });
});
