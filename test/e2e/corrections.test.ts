/**
 * Correcting an observation from the Explorer in a real browser: double-click the answer of a
 * non-compliant observation, pick « Conforme », give the reason in the dialog, see the « corrigé »
 * marker and the structure's score move on its Fiche, then undo it from the history panel and see
 * the score come back. Screenshots of the dialog, the corrected row and the history.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { openWorkspace } from '../../main/db/connection.js';
import { e2eAvailable, expectAccessible, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();
const EDITION = 2023;

describe.skipIf(!available.ok)('Corrections : corriger une réponse dans l’Explorer', () => {
  let session: E2eSession;
  let workDir: string;
  let target: { structure: string; reference: string; item: string; auditId: number };
  let scoreBefore = '';

  beforeAll(async () => {
    workDir = freshTempDir('barometre-e2e-corrections-');
    const file = path.join(workDir, 'espace.barometre.sqlite');
    await buildDemoWorkspace(file, { structures: 10, editions: [EDITION] });
    const db = openWorkspace(file);
    // A non-compliant yes/no observation of a weighted item: correcting it must move the score.
    target = db.prepare(`SELECT a.structure_code AS structure, a.reference, o.item_code AS item, a.id AS auditId
      FROM observation o JOIN audit a ON a.id = o.audit_id JOIN item_in_force i ON i.edition = a.edition AND i.code = o.item_code
      WHERE a.edition = ? AND o.compliant = 0 AND i.answer_type = 'oui-non' AND i.weight > 0
      ORDER BY a.structure_code, a.id, o.item_code LIMIT 1`).get(EDITION) as typeof target;
    db.close();
    // Wide enough for the answer, measure and comment columns to be drawn (ag-grid draws only visible columns).
    session = await startE2e({ workspacePath: file, viewport: { width: 2200, height: 1000 } });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const structureScore = async (): Promise<string> => {
    await session.goto(`/structure/${encodeURIComponent(target.structure)}`);
    await waitForView(session.page, 'structure');
    const kpi = session.page.locator('[data-testid="kpi-score"]');
    await kpi.waitFor();
    return (await kpi.textContent())?.trim() ?? '';
  };

  const openObservation = async (): Promise<void> => {
    const { page } = session;
    await session.goto(`/explorer?tab=observations&edition=${EDITION}&structure=${encodeURIComponent(target.structure)}&item=${encodeURIComponent(target.item)}&search=${encodeURIComponent(target.reference)}`);
    await waitForView(page, 'explorer');
    await page.locator('[data-testid="explorer-grid"] [role="row"][row-index="0"] [col-id="compliant"]').first().waitFor();
  };

  it('corrects the answer with a reason, marks the cell and moves the structure’s score', async () => {
    const { page } = session;
    scoreBefore = await structureScore();
    expect(scoreBefore).toMatch(/\d/);

    await openObservation();
    const cell = page.locator('[data-testid="explorer-grid"] [role="row"][row-index="0"] [col-id="compliant"]').first();
    await expect.poll(async () => cell.textContent()).toContain('Non conforme');
    await cell.dblclick();
    await cell.locator('.ag-picker-field-wrapper').click();
    // ag-grid's select editor: its list of the three answers in words.
    const option = page.locator('.ag-select-list .ag-list-item', { hasText: /^\s*Conforme\s*$/ });
    await option.first().waitFor();
    await option.first().click();
    const dialog = page.locator('[data-testid="correction-dialog"]');
    await dialog.waitFor();
    expect(await dialog.locator('[data-testid="correction-change"]').textContent()).toMatch(/Non conforme.*→.*Conforme/);
    // The reason is required.
    await dialog.locator('[data-testid="correction-confirm"]').click();
    expect(await dialog.textContent()).toContain('Indiquez le motif de la correction.');
    await dialog.locator('[data-testid="correction-reason"]').fill('Enregistrement réécouté : la formule de politesse y est.');
    await screenshot(page, 'corrections-dialogue-motif');
    await expectAccessible(page, 'corrections-dialogue-motif');
    await dialog.locator('[data-testid="correction-confirm"]').click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(async () => cell.textContent()).toMatch(/^Conforme\s*corrigé$/);
    await page.locator('[data-testid="correction-row"]').first().waitFor();
    expect(await page.locator('[data-testid="correction-history"]').textContent()).toContain('Enregistrement réécouté');
    await screenshot(page, 'corrections-explorer-corrige');

    const db = openWorkspace(session.workspacePath, { readonly: true });
    expect(db.prepare('SELECT compliant FROM observation WHERE audit_id = ? AND item_code = ?').pluck().get(target.auditId, target.item)).toBe(1);
    expect(db.prepare('SELECT field, before_value, after_value FROM observation_correction').all()).toEqual([{ field: 'answer', before_value: 'Non conforme', after_value: 'Conforme' }]);
    db.close();

    const scoreAfter = await structureScore();
    expect(scoreAfter).not.toBe(scoreBefore);
    expect(Number.parseFloat(scoreAfter.replace(',', '.'))).toBeGreaterThan(Number.parseFloat(scoreBefore.replace(',', '.')));
  });

  it('undoes the correction from the history panel: the score comes back', async () => {
    const { page } = session;
    await openObservation();
    await page.locator('[data-testid="explorer-grid"] [role="row"][row-index="0"] [col-id="itemCode"]').first().click();
    const history = page.locator('[data-testid="correction-history"]');
    await history.locator('[data-testid="undo-correction"]').first().click();
    await history.getByText('valeur(s) restaurée(s)').waitFor();
    const cell = page.locator('[data-testid="explorer-grid"] [role="row"][row-index="0"] [col-id="compliant"]').first();
    await expect.poll(async () => cell.textContent()).toBe('Non conforme');
    expect(await history.textContent()).toContain('Annulée');
    await screenshot(page, 'corrections-historique-annule');
    expect(await structureScore()).toBe(scoreBefore);
    expect(session.pageErrors).toEqual([]);
  });

  it('offers the same correction in the Fiche structure’s evidence panel', async () => {
    const { page } = session;
    await structureScore();
    const failed = page.locator('[data-testid="failed-items"]');
    await failed.locator('tbody tr').first().getByRole('button').click();
    const panel = page.locator('[data-testid="audits-panel"]');
    await panel.waitFor();
    await panel.locator('[data-testid="correct-audit"]').first().click();
    const form = panel.locator('[data-testid="correction-form"]');
    await form.waitFor();
    await form.locator('select').first().selectOption('Non applicable');
    await form.locator('[data-testid="correction-confirm"]').click();
    expect(await form.textContent()).toContain('Indiquez le motif de la correction.');
    await form.locator('[data-testid="correction-reason"]').fill('Critère sans objet pour ce scénario.');
    await form.locator('[data-testid="correction-confirm"]').click();
    await form.waitFor({ state: 'detached' });
    await panel.locator('[data-testid="corrected-mark"]').first().waitFor();
    // The row shows its new answer, not the snapshot it was opened with.
    expect(await panel.locator('tbody tr').first().textContent()).toContain('Non applicable');
    await screenshot(page, 'corrections-fiche-structure');
    const db = openWorkspace(session.workspacePath, { readonly: true });
    const rows = db.prepare('SELECT field, after_value AS after, reason FROM observation_correction WHERE undone_at IS NULL').all();
    db.close();
    // « Non applicable » on a threshold item also clears its measure (a second history row).
    expect(rows).toContainEqual({ field: 'answer', after: 'Non applicable', reason: 'Critère sans objet pour ce scénario.' });
    expect(rows.filter((r) => (r as { field: string }).field !== 'answer')).toEqual(rows.length === 1 ? [] : [{ field: 'measure', after: null, reason: 'Critère sans objet pour ce scénario.' }]);
    expect(session.pageErrors).toEqual([]);
  });
});
