/**
 * The analysis views end to end, on a demo workspace built through the real import pipeline:
 * Scores (winners and grid), a Fiche structure whose figures (overall score, rank, peer median)
 * must equal the analytics service's answer computed directly on the same file, the Public /
 * privé headline rates against `headlineIndicators`, saving a chart as PNG and SVG (real
 * downloads), the drill-down panel (opens, Escape closes), the tables export from the Export
 * view; a screenshot and an axe-core check (no serious or critical violation) on every view.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { openWorkspace } from '../../main/db/connection.js';
import { resolveEdition } from '../../main/analytics/editions.js';
import { editionScores } from '../../main/analytics/scores.js';
import { peerBenchmark } from '../../main/analytics/peers.js';
import { winners } from '../../main/analytics/rankings.js';
import { headlineIndicators } from '../../main/analytics/indicators.js';
import type { IndicatorRow, PeerRow, Winner } from '../../shared/analytics-types.js';
import { e2eAvailable, expectAccessible, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();

/**
 * The app scrolls inside <main>, so a full-page screenshot shows one screen; for the long views
 * let the frame grow to its content before the picture, then put it back.
 */
async function fullViewScreenshot(page: E2eSession['page'], name: string): Promise<void> {
  await page.evaluate(() => {
    document.querySelector<HTMLElement>('.app')?.style.setProperty('height', 'auto');
    document.querySelector<HTMLElement>('.main')?.style.setProperty('overflow', 'visible');
  });
  await page.waitForTimeout(300);
  await screenshot(page, name, { fullPage: true });
  await page.evaluate(() => {
    document.querySelector<HTMLElement>('.app')?.style.removeProperty('height');
    document.querySelector<HTMLElement>('.main')?.style.removeProperty('overflow');
  });
}

/** What Intl fr-FR writes, spaces normalised (narrow no-break space before %, thousands). */
const norm = (s: string | null): string => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const fr1 = (n: number): string => norm(new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n));
const frPercent = (n: number): string => norm(new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n / 100));

interface Expected {
  edition: number;
  structure: PeerRow;
  /** The overall row of a structure whose category is too small for its distribution to be shown. */
  small: PeerRow;
  /** Audits of that structure in that edition, counted in SQL. */
  structureAudits: number;
  winners: Winner[];
  headline: IndicatorRow[];
}

describe.skipIf(!available.ok)('analysis views (browser mode, demo workspace)', () => {
  let session: E2eSession;
  let workDir: string;
  let expected: Expected;

  beforeAll(async () => {
    workDir = freshTempDir('barometre-e2e-analysis-');
    const file = path.join(workDir, 'demo.barometre.sqlite');
    // 120 structures: the largest categories have 11 or more (their distributions are shown by the
    // disclosure rule), the smallest fewer (withheld), so the Fiche is seen both ways.
    await buildDemoWorkspace(file, { structures: 120, editions: [2022, 2023] });

    // The reference figures, straight from the analytics service on the same file.
    const db = openWorkspace(file);
    try {
      const edition = resolveEdition(db);
      const overall = editionScores(db, { edition, level: 'overall' })
        .filter((r) => r.sector === 'public' && r.score !== null)
        .sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
      const sizes = new Map<string, number>();
      for (const r of overall) sizes.set(r.category, (sizes.get(r.category) ?? 0) + 1);
      // A structure from the middle of the table (neither first nor last of its category), in a
      // category large enough for its whole benchmark to be shown.
      const large = overall.filter((r) => (sizes.get(r.category) ?? 0) >= 11);
      const picked = large[Math.floor(large.length / 2)];
      if (!picked) throw new Error('demo workspace without a category of 11 scored structures');
      const smallPick = overall.find((r) => (sizes.get(r.category) ?? 0) <= 10);
      if (!smallPick) throw new Error('demo workspace without a small category');
      const small = peerBenchmark(db, { edition, structure: smallPick.structure }).find((p) => p.level === 'overall')!;
      const peers = peerBenchmark(db, { edition, structure: picked.structure });
      const structure = peers.find((p) => p.level === 'overall');
      if (!structure) throw new Error('no overall peer row');
      const structureAudits = (db.prepare('SELECT COUNT(*) AS n FROM audit WHERE edition = ? AND structure_code = ?').get(edition, structure.structure) as { n: number }).n;
      expected = { edition, structure, small, structureAudits, winners: winners(db, { edition }), headline: headlineIndicators(db, { edition }) };
    } finally {
      db.close();
    }
    session = await startE2e({ workspacePath: file });
  });

  afterAll(async () => {
    await session?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('shows the winners and every structure in the Scores view', async () => {
    const { page } = session;
    await session.goto('/scores');
    await waitForView(page, 'scores');
    await page.waitForSelector('[data-testid="scores-view"] .ag-row');
    const winnerNames = await page.locator('.bx-winner__name').allTextContents();
    expect(winnerNames).toEqual(expected.winners.map((w) => w.name));
    const winnerScores = await page.locator('.bx-winner__score strong').allTextContents();
    expect(winnerScores.map(norm)).toEqual(expected.winners.map((w) => (w.score === null ? '—' : fr1(w.score))));
    await expect(page.getByText('Règle de départage').count()).resolves.toBe(1);
    // Determinant columns load on demand.
    await page.getByRole('checkbox', { name: 'Déterminants' }).check();
    await page.locator('.ag-header-group-cell', { hasText: 'Déterminants' }).first().waitFor();
    await page.getByRole('checkbox', { name: 'Déterminants' }).uncheck();
    await fullViewScreenshot(page, 'analysis-scores');
    await expectAccessible(page, 'Scores');

    // A structure's link opens its Fiche (by keyboard: Enter on the focused structure cell).
    await page.locator('.ag-row[row-index="0"] .ag-cell[col-id="rank"]').first().click();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="structure-kpis"]');
    expect(await page.evaluate(() => window.location.hash)).toMatch(/^#\/structure\//);
  });

  it('shows a Fiche structure whose figures equal the analytics service', async () => {
    const { page } = session;
    const s = expected.structure;
    await session.goto(`/structure/${encodeURIComponent(s.structure)}`);
    await waitForView(page, 'structure');
    await page.waitForSelector('[data-testid="structure-kpis"]');
    await page.waitForSelector('[data-testid="chart-distribution"] canvas');
    expect(norm(await page.getByTestId('kpi-score').textContent())).toBe(`${fr1(s.score ?? NaN)} / 100`);
    // What the disclosure rule withholds (a demo category of ~7 structures: rank, median, best) reads "—", with the note.
    const shown = (v: number | null): string => (v === null ? '—' : fr1(v));
    expect(norm(await page.getByTestId('kpi-rank').textContent())).toBe(s.rank === null ? '—' : `${s.rank} / ${s.n}`);
    expect(norm(await page.getByTestId('kpi-median').textContent())).toBe(shown(s.median));
    expect(norm(await page.getByTestId('kpi-best').textContent())).toBe(shown(s.max));
    expect(await page.getByTestId('structure-withheld').count()).toBe(s.suppressed === null ? 0 : 1);
    await expect(page.locator('h1').textContent()).resolves.toContain(s.name);
    await page.waitForSelector('[data-testid="failed-items"] table, [data-testid="failed-items"] p');
    await fullViewScreenshot(page, 'analysis-structure');
    await expectAccessible(page, 'Fiche structure');
  });

  it('saves a chart as PNG and as SVG', async () => {
    const { page } = session;
    const card = page.getByTestId('chart-distribution');
    const [png] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /Enregistrer en PNG/ }).click()]);
    expect(png.suggestedFilename()).toBe('position-parmi-les-pairs.png');
    const pngPath = path.join(workDir, png.suggestedFilename());
    await png.saveAs(pngPath);
    const pngBytes = fs.readFileSync(pngPath);
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngBytes.length).toBeGreaterThan(5_000);

    const [svg] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /Enregistrer en SVG/ }).click()]);
    expect(svg.suggestedFilename()).toBe('position-parmi-les-pairs.svg');
    const svgPath = path.join(workDir, svg.suggestedFilename());
    await svg.saveAs(svgPath);
    const svgText = fs.readFileSync(svgPath, 'utf8');
    expect(svgText.startsWith('<svg')).toBe(true);
    expect(svgText).toContain('Position parmi les pairs');
    expect(svgText).toContain('Vous êtes ici');
  });

  it('drills down into the audits of a failed item, Escape closes the panel', async () => {
    const { page } = session;
    const buttons = page.getByRole('button', { name: /Voir les audits du critère/ });
    if ((await buttons.count()) === 0) return; // a structure with no failed item has nothing to drill into
    await buttons.first().click();
    const panel = page.getByTestId('audits-panel');
    await panel.waitFor();
    expect(await panel.locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'analysis-structure-drilldown');
    await expectAccessible(page, 'Fiche structure — audits');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('opens the structure\'s audits in the Explorer, filtered on it, the filter kept in the address', async () => {
    const { page } = session;
    const s = expected.structure;
    await page.getByTestId('structure-see-audits').click();
    await waitForView(page, 'explorer');
    const chip = page.getByTestId('filter-structure');
    await expect.poll(async () => norm(await chip.textContent())).toContain(s.name);
    const countText = page.getByTestId('row-count');
    await expect.poll(async () => norm(await countText.textContent())).toBe(expected.structureAudits === 1 ? '1 ligne' : `${expected.structureAudits} lignes`);
    const hash = await page.evaluate(() => window.location.hash);
    expect(new URLSearchParams(hash.split('?')[1] ?? '').get('structure')).toBe(s.structure);
    expect(new URLSearchParams(hash.split('?')[1] ?? '').get('edition')).toBe(String(expected.edition));
    await screenshot(page, 'explorer-structure-filter');
    await expectAccessible(page, 'Explorer (filtre structure)');
    // Keyboard: Enter on a focused structure cell follows its link back to the Fiche.
    await page.locator('[data-testid="explorer-grid"] .ag-row[row-index="0"] .ag-cell[col-id="structureName"]').first().click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('Enter');
    await waitForView(page, 'structure');
    expect(await page.evaluate(() => window.location.hash)).toBe(`#/structure/${encodeURIComponent(s.structure)}`);
    // Removing the structure filter shows every audit of the edition again.
    await page.goBack();
    await waitForView(page, 'explorer');
    await page.getByTestId('filter-structure').click();
    await expect.poll(async () => Number(norm(await countText.textContent()).replace(/\D/g, ''))).toBeGreaterThan(expected.structureAudits);
    expect(await page.getByTestId('filter-structure').count()).toBe(0);
  });

  it('shows a Fiche structure of a small category with its withheld benchmark as "—" and says why', async () => {
    const { page } = session;
    const s = expected.small;
    expect(s.suppressed).toBe('group-too-small');
    await session.goto(`/structure/${encodeURIComponent(s.structure)}`);
    await waitForView(page, 'structure');
    await page.waitForSelector('[data-testid="structure-kpis"]');
    expect(norm(await page.getByTestId('kpi-score').textContent())).toBe(`${fr1(s.score ?? NaN)} / 100`);
    for (const id of ['kpi-rank', 'kpi-median', 'kpi-best']) expect(norm(await page.getByTestId(id).textContent()), id).toBe('—');
    await expect(page.getByTestId('structure-withheld').textContent()).resolves.toContain('règle de confidentialité');
    await fullViewScreenshot(page, 'analysis-structure-small-category');
    await expectAccessible(page, 'Fiche structure (petite catégorie)');
  });

  it('shows the Public / privé headline rates of the analytics service', async () => {
    const { page } = session;
    // The former address lands on the Comparaisons view, public vs private.
    await session.goto('/public-private');
    await waitForView(page, 'comparisons');
    await page.waitForSelector('[data-testid="headline-rows"]');
    for (const row of expected.headline) {
      if (row.rate === null) continue;
      const shown = norm(await page.getByTestId(`rate-${row.item}-${row.group}`).textContent());
      expect(shown).toBe(frPercent(row.rate));
    }
    await page.waitForSelector('[data-testid="chart-headline"] canvas');
    await fullViewScreenshot(page, 'analysis-public-private');
    await expectAccessible(page, 'Public / privé');
  });

  it('exports the barometer tables from the Export view', async () => {
    const { page } = session;
    await session.goto('/export');
    await waitForView(page, 'export');
    await screenshot(page, 'analysis-export');
    await expectAccessible(page, 'Export');
    await page.getByTestId('export-tables-button').click();
    const result = page.getByTestId('export-path');
    await result.waitFor({ timeout: 120_000 });
    const written = norm(await result.textContent());
    expect(written).toMatch(/\.xlsx$/);
    expect(fs.existsSync(written)).toBe(true);
    // An xlsx is a zip: "PK".
    expect([...fs.readFileSync(written).subarray(0, 2)]).toEqual([0x50, 0x4b]);
    await expect(page.getByTestId('export-download').count()).resolves.toBe(1);
  });

  it('exports the workbooks of a selection of structures as a job', async () => {
    const { page } = session;
    await page.getByLabel('Une sélection').check();
    const picker = page.getByRole('combobox', { name: 'Ajouter une structure' });
    for (const name of expected.winners.slice(0, 2).map((w) => w.name)) {
      await picker.fill(name);
      await page.getByRole('option', { name: new RegExp(name.replace(/[()]/g, '.')) }).first().waitFor();
      await page.keyboard.press('Enter');
    }
    await expect(page.getByText('2 structures sélectionnées').count()).resolves.toBe(1);
    await page.getByTestId('export-structures-button').click();
    const result = page.getByTestId('export-batch-result');
    await result.waitFor({ timeout: 120_000 });
    const links = result.locator('a[href]');
    expect(await links.count()).toBe(2);
    for (const text of await links.allTextContents()) expect(text).toMatch(/\.xlsx$/);
    await screenshot(page, 'analysis-export-done');
  });
});
