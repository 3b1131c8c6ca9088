/**
 * « Annuler le dernier import » when a value it would restore was corrected by hand since: the
 * confirmation lists the correction (structure, audit, item, field, who), its button says it will
 * replace it; confirming undoes the import and the history of corrections says what happened.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { importFiles } from '../../main/import/index.js';
import { correctObservation, listCorrections } from '../../main/corrections/index.js';
import { LONG_HEADER, LONG_ROWS, writeCsv, writeSmallBarometer } from '../fixtures/small-barometer.js';
import { e2eAvailable, expectAccessible, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();

describe.skipIf(!available.ok)('undoing an import that hand corrections followed (browser mode)', () => {
  let session: E2eSession;
  let file: string;

  beforeAll(async () => {
    const dir = freshTempDir('barometre-e2e-undo-');
    file = path.join(dir, 'espace.barometre.sqlite');
    const db = openWorkspace(file);
    const small = writeSmallBarometer(dir);
    importFiles(db, { files: [small.referential, small.structures, small.long] });
    const rows = LONG_ROWS.map((r) => [...r]);
    rows[1]![7] = 'Non'; // A1 TEL-02 Oui → Non
    importFiles(db, { files: [writeCsv(path.join(dir, 'resultats-corriges.csv'), LONG_HEADER, rows)] });
    correctObservation(db, { auditReference: 'A1', itemCode: 'TEL-02', answer: 'Conforme', reason: 'Enregistrement réécouté', userName: 'Camille' });
    db.close();
    session = await startE2e({ workspacePath: file });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('lists the correction in the confirmation, then undoes and marks it undone', async () => {
    const { page } = session;
    await session.goto('/import');
    await waitForView(page, 'import');
    await page.getByTestId('undo-import').click();
    const dialog = page.locator('[role="alertdialog"]');
    await dialog.waitFor();
    const listed = dialog.getByTestId('undo-overridden-corrections');
    await listed.waitFor();
    const text = await listed.innerText();
    expect(text).toContain('1 valeur(s) corrigée(s) à la main depuis cet import');
    for (const cell of ['060000001', 'A1', 'TEL-02', 'Réponse', 'Camille']) expect(text).toContain(cell);
    const confirm = dialog.locator('.btn-danger-solid');
    expect(await confirm.textContent()).toBe('Annuler quand même');
    await screenshot(page, 'import-undo-corrections');
    await expectAccessible(page, 'Import (annulation avec corrections)');

    await confirm.click();
    await expect.poll(async () => (await page.getByTestId('import-history').textContent()) ?? '')
      .toContain('Import de « resultats-corriges.csv » annulé ; 1 correction(s) remplacée(s)');
    expect(session.pageErrors).toEqual([]);

    const db = openWorkspace(file);
    try {
      const [entry] = listCorrections(db, { itemCode: 'TEL-02' });
      expect(entry!.undoneAt).not.toBeNull();
      expect(entry!.reason).toContain("remplacée par l'annulation de l'import n° 4 (« resultats-corriges.csv »)");
    } finally {
      db.close();
    }
  });
});
