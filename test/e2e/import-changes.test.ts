/**
 * The exact changes of a corrected file, in a real browser: the preview lists each value it would
 * change (structure, audit, item, before → after), a value corrected by hand is flagged as a
 * conflict and kept by default, the user takes the file's value for that one, the commit does so,
 * and the history shows the real counts of the correction import. Screenshots of the preview.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { importFiles } from '../../main/import/index.js';
import { LONG_HEADER, LONG_ROWS, writeCsv, writeSmallBarometer } from '../fixtures/small-barometer.js';
import { e2eAvailable, expectAccessible, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();

describe.skipIf(!available.ok)('Import : les modifications exactes d’un fichier corrigé', () => {
  let session: E2eSession;
  let workDir: string;
  let corrected: string;
  let file: string;

  beforeAll(async () => {
    workDir = freshTempDir('barometre-e2e-changes-');
    file = path.join(workDir, 'espace.barometre.sqlite');
    const files = writeSmallBarometer(workDir);
    const db = openWorkspace(file);
    importFiles(db, { files: [files.referential, files.structures, files.long] });
    // The analyst corrected A1 TEL-02 by hand (Conforme → Non conforme).
    const auditId = db.prepare(`SELECT id FROM audit WHERE reference = 'A1'`).pluck().get() as number;
    db.prepare(`UPDATE observation SET compliant = 0, raw = 'Non conforme' WHERE audit_id = ? AND item_code = 'TEL-02'`).run(auditId);
    db.prepare(`INSERT INTO observation_correction(audit_id, item_code, field, before_value, after_value, reason, user_name, corrected_at, session_id)
      VALUES (?, 'TEL-02', 'answer', 'Conforme', 'Non conforme', 'Écoute de l''enregistrement', 'Claire', '2026-11-27T10:00:00Z', 'e2e')`).run(auditId);
    db.close();
    // The corrected file: A1 TEL-02 still « Oui » (a conflict), A3 MEL-01 12 h → 25 h, A1 TEL-03 commented.
    const rows = LONG_ROWS.map((r) => [...r]);
    rows[2]![8] = 'Réponse complète après relance';
    rows[6]![7] = '25';
    corrected = writeCsv(path.join(workDir, 'resultats-corriges.csv'), LONG_HEADER, rows);
    // Wide enough for every column of the changes grid to be drawn (ag-grid draws only visible columns).
    session = await startE2e({ workspacePath: file, viewport: { width: 2300, height: 1100 } });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('lists each changed value, flags the hand correction, and imports the choice made', async () => {
    const { page } = session;
    await session.goto('/import');
    await waitForView(page, 'import');
    await page.locator('[data-testid="file-input"]').setInputFiles([corrected]);
    await page.locator('[data-testid="detected-kind"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="preview-button"]').click();
    const preview = page.locator('[data-testid="import-preview"]');
    await preview.waitFor({ timeout: 60_000 });

    const grid = preview.locator('[data-testid="changes-grid"]');
    await grid.locator('[role="row"][row-index="0"]').first().waitFor();
    const cells = async (colId: string): Promise<string[]> => grid.locator(`[role="row"][row-index] [col-id="${colId}"]`).allTextContents();
    expect(await cells('itemCode')).toEqual(['TEL-02', 'TEL-03', 'MEL-01', 'MEL-01']);
    expect(await cells('before')).toEqual(['Non conforme', 'Réponse incomplète', 'Conforme', '12']);
    expect(await cells('after')).toEqual(['Conforme', 'Réponse complète après relance', 'Non conforme', '25']);
    expect(await cells('structureName')).toContain('Ville de Valbrune (démo)');
    const banner = preview.locator('[data-testid="conflicts"]');
    expect(await banner.textContent()).toContain('1 valeur corrigée à la main serait remplacée');
    const choice = grid.locator('[data-testid="conflict-choice"]');
    expect(await choice.inputValue()).toBe('keep-correction');
    expect(await grid.locator('[role="row"][row-index="0"] [col-id="correction"]').textContent()).toContain("Claire, 27/11/2026 : Écoute de l'enregistrement");
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, 'import-changes-preview');
    await expectAccessible(page, 'Import (modifications)');

    // Only the conflicts.
    await preview.locator('[data-testid="change-conflict-filter"]').selectOption('yes');
    await expect.poll(async () => (await cells('itemCode')).length).toBe(1);
    await preview.locator('[data-testid="change-conflict-filter"]').selectOption('');

    // Take the file's value for that one, then import.
    await choice.selectOption('take-file');
    expect(await banner.textContent()).toContain('Corrections gardées : 0 · valeurs du fichier prises : 1.');
    await page.locator('[data-testid="commit-button"]').click();
    const result = page.locator('[data-testid="import-result"]');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.locator('[data-testid="changes-grid"] [role="row"][row-index="0"] [col-id="decision"]').textContent()).toBe('Prendre le fichier');

    // The history shows what the correction import wrote: no new audit, 2 changed; 3 observations changed.
    const history = page.locator('[data-testid="history-grid"]');
    await expect.poll(async () => history.locator('[role="row"][row-index] [col-id="observations"]').allTextContents()).toContain('+0 ~3');
    expect(await history.locator('[role="row"][row-index] [col-id="audits"]').allTextContents()).toContain('+0 ~2');
    await screenshot(page, 'import-changes-done');

    const db = openWorkspace(file, { readonly: true });
    expect(db.prepare(`SELECT o.compliant FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.reference = 'A1' AND o.item_code = 'TEL-02'`).pluck().get()).toBe(1);
    db.close();
  });
});
