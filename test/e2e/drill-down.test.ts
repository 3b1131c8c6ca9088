/**
 * Drill-down from every figure, end to end on a demo workspace built through the real import
 * pipeline: a Scores grid cell (mouse, then Enter on the focused cell) and a radar point of the
 * Fiche structure open the evidence panel, whose figures and rows equal `explorer.evidence`
 * computed directly on the same file (observations counted by the score, each with its file and
 * row); Escape closes it; « Ouvrir dans l'Explorateur » opens the observations filtered the same
 * way, its optional provenance columns shown from the column chooser; a label panel of Comparaisons
 * (its non-holders by click, its holders reached by Tab) opens its evidence with its population;
 * a small category lists no structure. Screenshots and axe-core on the panel.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { openWorkspace } from '../../main/db/connection.js';
import { resolveEdition } from '../../main/analytics/editions.js';
import { editionScores } from '../../main/analytics/scores.js';
import { peerBenchmark } from '../../main/analytics/peers.js';
import { scoreEvidence } from '../../main/explorer/evidence.js';
import type { EvidenceResult } from '../../shared/evidence-types.js';
import type { StructureScoreRow } from '../../shared/analytics-types.js';
import { e2eAvailable, expectAccessible, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();
const norm = (s: string | null): string => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
const frCount = (n: number): string => norm(new Intl.NumberFormat('fr-FR').format(n));

interface Expected {
  edition: number;
  structure: StructureScoreRow;
  /** The structure's first step score, the grid cell we drill from. */
  stepCell: EvidenceResult;
  /** The first axis of the determinant radar (structure polygon). */
  radarAxis: EvidenceResult;
  /** A structure of a small category, and that category's overall evidence. */
  small: { code: string; category: EvidenceResult } | null;
  /** Public structures scored in the edition (the Comparaisons panel A). */
  publicStructures: number;
  /** The overall evidence of the Qualivilles holders and of the other public structures (Comparaisons panels). */
  labelPanels: { holders: EvidenceResult; rest: EvidenceResult };
}

describe.skipIf(!available.ok)('drill-down to the evidence behind a score (browser mode, demo workspace)', () => {
  let session: E2eSession;
  let expected: Expected;

  beforeAll(async () => {
    const workDir = freshTempDir('barometre-e2e-drill-');
    const file = path.join(workDir, 'demo.barometre.sqlite');
    await buildDemoWorkspace(file, { structures: 120, editions: [2023] });
    const db = openWorkspace(file);
    try {
      const edition = resolveEdition(db);
      const overall = editionScores(db, { edition, level: 'overall' }).filter((r) => r.score !== null && r.sector === 'public');
      const sizes = new Map<string, number>();
      for (const r of overall) sizes.set(r.category, (sizes.get(r.category) ?? 0) + 1);
      const structure = overall.find((r) => (sizes.get(r.category) ?? 0) >= 11)!;
      const step = editionScores(db, { edition, level: 'step', structure: structure.structure }).find((r) => r.score !== null)!;
      const determinants = peerBenchmark(db, { structure: structure.structure, edition, level: 'determinant' }).filter((p) => p.score !== null);
      const scope = { kind: 'structure' as const, code: structure.structure };
      const smallRow = overall.find((r) => (sizes.get(r.category) ?? 0) <= 3);
      expected = {
        edition,
        structure,
        stepCell: scoreEvidence(db, { edition, level: 'step', key: step.key, scope }),
        radarAxis: scoreEvidence(db, { edition, level: 'determinant', key: determinants[0]!.key, scope }),
        publicStructures: overall.length,
        labelPanels: {
          holders: scoreEvidence(db, { edition, level: 'overall', key: 'overall', scope: { kind: 'panel', code: 'label:Qualivilles' } }),
          rest: scoreEvidence(db, { edition, level: 'overall', key: 'overall', scope: { kind: 'panel', code: 'no-label:Qualivilles' } }),
        },
        small: smallRow ? { code: smallRow.structure, category: scoreEvidence(db, { edition, level: 'overall', key: 'overall', scope: { kind: 'category', code: smallRow.category } }) } : null,
      };
    } finally {
      db.close();
    }
    session = await startE2e({ workspacePath: file });
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  async function checkPanel(evidence: EvidenceResult): Promise<void> {
    const panel = session.page.getByTestId('evidence-panel');
    await panel.getByTestId('evidence-observations').waitFor();
    await expect.poll(async () => norm(await panel.locator('h2').first().textContent())).toBe(`Preuves — ${evidence.keyLabel}`);
    const rows = panel.getByTestId('evidence-observation');
    expect(await rows.count()).toBe(evidence.observations.length);
    expect(evidence.observations.length).toBe(evidence.totals.observations);
    expect(await panel.getByTestId('evidence-audit').count()).toBe(evidence.totals.audits);
    const totals = norm(await panel.getByTestId('evidence-totals').textContent());
    expect(totals).toContain(`${frCount(evidence.totals.audits!)} audits · ${frCount(evidence.totals.observations!)} observations`);
    // The first audit names itself and the file and row it was imported from.
    const first = evidence.observations[0]!;
    const firstAudit = norm(await panel.getByTestId('evidence-audit').first().textContent());
    expect(firstAudit).toContain(first.reference);
    expect(first.source?.row).toBeGreaterThan(1);
    expect(firstAudit).toContain(`${first.source!.fileName}`);
    expect(firstAudit).toContain(`ligne ${first.source!.row}`);
  }

  it('opens the evidence of a Scores grid cell by click and by Enter; Escape closes it', async () => {
    const { page } = session;
    const { structure, stepCell } = expected;
    await session.goto('/scores');
    await waitForView(page, 'scores');
    await page.getByLabel('Rechercher').fill(structure.structure);
    const cell = page.locator(`[data-testid="scores-view"] .ag-row[row-id="${structure.structure}"] .ag-cell[col-id="step:${stepCell.key}"]`).first();
    await cell.waitFor();
    await cell.click();
    await checkPanel(stepCell);
    await screenshot(page, 'drill-down-scores-cell');
    await expectAccessible(page, 'Preuves — cellule Scores');
    await page.keyboard.press('Escape');
    await page.getByTestId('evidence-panel').waitFor({ state: 'detached' });
    // Focus went back to the cell: Enter opens the same evidence again.
    await page.keyboard.press('Enter');
    await checkPanel(stepCell);
    await page.keyboard.press('Escape');
    await page.getByTestId('evidence-panel').waitFor({ state: 'detached' });
  });

  it('opens the evidence of a radar point in the Fiche structure, then the Explorer filtered the same way', async () => {
    const { page } = session;
    const { structure, radarAxis } = expected;
    await session.goto(`/structure/${structure.structure}`);
    await waitForView(page, 'structure');
    const plot = page.locator('[data-testid="chart-radar"] .bx-chart__plot');
    await plot.locator('canvas').waitFor();
    const box = (await plot.boundingBox())!;
    // The radar's circle (center 50 % / 48 %, radius 46 % of half the smaller side); axis 0 points up.
    // Inside the structure's filled polygon, on the first axis, near the centre.
    const radius = 0.46 * Math.min(box.width, box.height) / 2;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.48 - radius * 0.12);
    await checkPanel(radarAxis);
    await screenshot(page, 'drill-down-radar-point');
    await expectAccessible(page, 'Preuves — radar');

    await page.getByTestId('evidence-open-explorer').click();
    await waitForView(page, 'explorer');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('tab=observations');
    const hash = decodeURIComponent(await page.evaluate(() => window.location.hash));
    expect(hash).toContain(`structure=${structure.structure}`);
    expect(hash).toContain(`determinant=${radarAxis.key}`);
    expect(hash).toContain(`edition=${expected.edition}`);
    await page.waitForSelector('.ag-row');
    // The same observations there: as many rows as the score counts.
    await expect.poll(async () => norm(await page.getByTestId('row-count').textContent())).toContain(`${frCount(radarAxis.observations.length)} ligne`);
    // Provenance columns, hidden by default, shown from the column chooser.
    expect(await page.locator('.ag-header-cell[col-id="sourceRow"]').count()).toBe(0);
    await page.getByTestId('column-chooser').click();
    await page.locator('[data-testid="column-chooser-list"] input[data-col-id="sourceFile"]').check();
    await page.locator('[data-testid="column-chooser-list"] input[data-col-id="sourceRow"]').check();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="column-chooser-list"]').count()).toBe(0);
    // They come last, past the right edge: scrolled to (ag-grid draws only the columns in view).
    await page.evaluate(() => {
      const viewport = document.querySelector<HTMLElement>('[data-view="explorer"] .ag-body-horizontal-scroll-viewport');
      if (viewport) viewport.scrollLeft = viewport.scrollWidth;
    });
    await page.locator('.ag-header-cell[col-id="sourceRow"]').waitFor();
    const cellOfFirstRow = (colId: string) => page.locator(`[data-view="explorer"] .ag-row[row-index="0"] .ag-cell[col-id="${colId}"]`).first();
    const files = new Set(radarAxis.observations.map((o) => o.source?.fileName));
    const rows = new Set(radarAxis.observations.map((o) => String(o.source?.row)));
    expect(files.has(norm(await cellOfFirstRow('sourceFile').textContent()))).toBe(true);
    expect(rows.has(norm(await cellOfFirstRow('sourceRow').textContent()))).toBe(true);
    await screenshot(page, 'drill-down-explorer');
  });

  it('opens the evidence of a panel score in Comparaisons: the public sector, structure by structure', async () => {
    const { page } = session;
    await session.goto('/comparisons');
    await waitForView(page, 'comparisons');
    await page.getByTestId('cell-a-overall-overall').click();
    const panel = page.getByTestId('evidence-panel');
    await panel.getByTestId('evidence-structures').waitFor();
    expect(await panel.locator('[data-testid="evidence-structures"] tbody tr').count()).toBe(expected.publicStructures);
    await screenshot(page, 'drill-down-comparisons');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    // The same cell from the keyboard: its score is a button.
    await page.getByTestId('cell-a-overall-overall').getByRole('button').focus();
    await page.keyboard.press('Enter');
    await panel.getByTestId('evidence-structures').waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('opens the evidence of a label panel in Comparaisons by click and by keyboard, saying its population', async () => {
    const { page } = session;
    const { holders, rest } = expected.labelPanels;
    // The demo's 120 structures: enough holders and non-holders for both panels' scores to be shown.
    expect(holders.totals.score).not.toBeNull();
    expect(rest.totals.score).not.toBeNull();
    await session.goto('/comparisons?a=label%3AQualivilles&b=no-label%3AQualivilles');
    await waitForView(page, 'comparisons');
    await page.waitForSelector('[data-testid="comparison-rows"]');
    const panel = page.getByTestId('evidence-panel');
    const population = (e: EvidenceResult): string =>
      `${frCount(e.population!.structures)} structures, ${frCount(e.population!.audits)} audits.`;
    // The non-holders, by mouse.
    await page.getByTestId('cell-b-overall-overall').click();
    await panel.getByTestId('evidence-population').waitFor();
    expect(norm(await panel.getByTestId('evidence-population').textContent()))
      .toBe(`Population : les structures publiques qui ne détiennent pas le label Qualivilles — ${population(rest)}`);
    expect(norm(await panel.locator('p.bx-muted').first().textContent())).toContain('Non labellisées Qualivilles · édition');
    if (rest.structures) {
      await panel.getByTestId('evidence-structures').waitFor();
      expect(await panel.locator('[data-testid="evidence-structures"] tbody tr').count()).toBe(rest.structures.length);
    }
    // No Explorer link: its filters cannot select a label's non-holders.
    expect(await panel.getByTestId('evidence-open-explorer').count()).toBe(0);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    // The holders, from the keyboard only: Tab from the comparison chooser reaches the cell's button.
    await page.getByTestId('comparison-choice').focus();
    const inHoldersCell = (): Promise<boolean> => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="cell-a-overall-overall"]')));
    let presses = 0;
    while (!(await inHoldersCell()) && presses < 80) {
      await page.keyboard.press('Tab');
      presses += 1;
    }
    expect(await inHoldersCell()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toContain('Labellisées Qualivilles');
    await page.keyboard.press('Enter');
    await panel.getByTestId('evidence-population').waitFor();
    expect(norm(await panel.getByTestId('evidence-population').textContent()))
      .toBe(`Population : les structures publiques qui détiennent le label Qualivilles — ${population(holders)}`);
    await panel.getByTestId(holders.structures ? 'evidence-structures' : 'evidence-withheld').waitFor();
    if (holders.structures) expect(await panel.locator('[data-testid="evidence-structures"] tbody tr').count()).toBe(holders.structures.length);
    await screenshot(page, 'drill-down-comparisons-label');
    await expectAccessible(page, 'Preuves d\'un panel labellisé');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    // Focus went back to the cell's button.
    expect(await inHoldersCell()).toBe(true);
  });

  it('lists no structure behind a small category, from the keyboard picker of the distribution chart', async () => {
    const { page } = session;
    if (!expected.small) return;
    const { code, category } = expected.small;
    expect(category.structures).toBeNull();
    await session.goto(`/structure/${code}`);
    await waitForView(page, 'structure');
    const picker = page.getByTestId('chart-radar-drill');
    await picker.waitFor();
    await picker.selectOption({ index: 1 }); // the first axis, its peers
    await page.getByTestId('chart-radar-drill-open').click();
    const panel = page.getByTestId('evidence-panel');
    await panel.getByTestId('evidence-withheld').waitFor();
    expect(await panel.locator('tbody tr').count()).toBe(0);
    expect(norm(await panel.getByTestId('evidence-withheld').textContent())).toContain('règle de confidentialité');
    await screenshot(page, 'drill-down-small-category');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });
});
