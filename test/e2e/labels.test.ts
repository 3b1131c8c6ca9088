/**
 * Labels in the interface, in browser mode on a demo workspace built through the real import
 * pipeline: the Labels tab of the Fiche structure shows a gauge per label and the items to fix in
 * the order of the analytics service (`structureReadiness`), and ticking a label held is saved;
 * the Référentiel view lists the items by step and saves an item's labels (one transaction,
 * written to the edit trail). Screenshots in test-results/screenshots/labels-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { openWorkspace } from '../../main/db/connection.js';
import { resolveEdition } from '../../main/analytics/editions.js';
import { editionScores } from '../../main/analytics/scores.js';
import { structureReadiness } from '../../main/analytics/readiness.js';
import type { LabelReadiness } from '../../shared/readiness-types.js';
import { e2eAvailable, expectAccessible, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();

describe.skipIf(!available.ok)('labels (browser mode, demo workspace)', () => {
  let session: E2eSession;
  let workDir: string;
  let file: string;
  let code: string;
  let expected: LabelReadiness[];

  beforeAll(async () => {
    workDir = freshTempDir('barometre-e2e-labels-');
    file = path.join(workDir, 'demo.barometre.sqlite');
    await buildDemoWorkspace(file, { structures: 30, editions: [2023] });
    const db = openWorkspace(file);
    try {
      const edition = resolveEdition(db);
      const scored = editionScores(db, { edition, level: 'overall' }).filter((r) => r.sector === 'public' && r.score !== null);
      code = scored[0]!.structure;
      expected = structureReadiness(db, { edition, structure: code });
    } finally {
      db.close();
    }
    session = await startE2e({ workspacePath: file });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('shows a gauge per label and the items to fix by weight, and saves a label held', async () => {
    const { page } = session;
    expect(expected.map((r) => r.label)).toEqual(['Qualivilles', 'Services Publics+']);
    await session.goto(`/structure/${encodeURIComponent(code)}/labels`);
    await waitForView(page, 'structure');
    await page.waitForSelector('[data-testid="structure-labels"]');
    expect(await page.getByRole('tab', { name: 'Labels' }).getAttribute('aria-selected')).toBe('true');
    for (const r of expected) {
      const id = r.label.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().replace(/ /g, '-');
      const gauge = page.getByTestId(`gauge-${id}`);
      await gauge.waitFor();
      expect(await gauge.textContent()).toContain(`${r.met} critères atteints sur ${r.items} · ${r.toFix.length} à corriger`);
      // The items to fix in the service's order (heaviest first): the first ten, then all of them.
      const block = page.getByTestId(`readiness-${id}`);
      const codes = (): Promise<string[]> => block.locator('tbody tr td:first-child .bx-code').allTextContents();
      expect(await codes()).toEqual(r.toFix.slice(0, 10).map((t) => t.item));
      if (r.toFix.length > 10) {
        await block.getByRole('button', { name: `Voir les ${r.toFix.length} critères` }).click();
        expect(await codes()).toEqual(r.toFix.map((t) => t.item));
        await block.getByRole('button', { name: 'Voir les 10 premiers' }).click();
      }
    }
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
    await screenshot(page, 'labels-structure-tab-top');
    await screenshot(page, 'labels-structure-tab', { fullPage: true });
    await expectAccessible(page, 'Fiche structure — Labels');

    await page.getByRole('checkbox', { name: 'Qualivilles' }).click();
    await page.getByText('Label détenu', { exact: true }).waitFor();
    const db = openWorkspace(file);
    try {
      expect(db.prepare('SELECT label, source FROM structure_label WHERE structure_code = ?').all(code)).toEqual([{ label: 'Qualivilles', source: 'manual' }]);
      expect(db.prepare('SELECT COUNT(*) FROM structure_label_log WHERE structure_code = ? AND import_id IS NULL').pluck().get(code)).toBe(1);
    } finally {
      db.close();
    }
    // The profile tab is still there.
    await page.getByRole('tab', { name: 'Profil' }).click();
    await page.waitForSelector('[data-testid="structure-kpis"]');
  }, 120_000);

  it('lists the referential by step and saves an item\'s labels', async () => {
    const { page } = session;
    await session.goto('/referential');
    await waitForView(page, 'referential');
    await page.waitForSelector('[data-testid="referential-items"]');
    const row = page.getByTestId('referential-item-TEL-01');
    await row.waitFor();
    await screenshot(page, 'labels-referential', { fullPage: false });
    await expectAccessible(page, 'Référentiel');
    await row.getByRole('button', { name: 'Modifier les labels de TEL-01' }).click();
    const input = row.getByRole('textbox', { name: 'Modifier les labels de TEL-01' });
    await input.fill('Qualivilles ; Services publics +');
    await row.getByRole('button', { name: 'Enregistrer' }).click();
    await row.locator('.bx-ref-chip', { hasText: 'Services Publics+' }).waitFor();
    const db = openWorkspace(file);
    try {
      expect(db.prepare(`SELECT source_label FROM item WHERE code = 'TEL-01'`).pluck().all()).toContain('Qualivilles; Services Publics+');
      expect(db.prepare(`SELECT item_code, field FROM referential_edit`).all()).toEqual([{ item_code: 'TEL-01', field: 'source_label' }]);
    } finally {
      db.close();
    }
    await screenshot(page, 'labels-referential-edited');
  }, 120_000);
});
