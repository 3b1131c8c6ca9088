/**
 * Accueil « Sauvegardes » in a real browser: the list of copies, « Vérifier l'espace » (the full
 * integrity check), « Créer une sauvegarde », and « Restaurer… » through its confirmation dialog,
 * after which the view shows the restored workspace. Screenshots and axe checks on the way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { openWorkspace } from '../../main/db/connection.js';
import { createBackup } from '../../main/workspace/backup.js';
import { e2eAvailable, expectAccessible, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();

describe.skipIf(!available.ok)('Accueil : sauvegardes', () => {
  let session: E2eSession;
  let workDir: string;
  let structuresBefore = 0;

  beforeAll(async () => {
    workDir = freshTempDir('barometre-e2e-backups-');
    const file = path.join(workDir, 'espace.barometre.sqlite');
    await buildDemoWorkspace(file, { structures: 10, editions: [2023] });
    const db = openWorkspace(file);
    structuresBefore = db.prepare('SELECT COUNT(*) FROM structure').pluck().get() as number;
    await createBackup(db, 'manuelle');
    // A change made after the copy: restoring must undo it.
    db.prepare(`INSERT INTO structure(code, name, category, sector, source) SELECT 'ZZ-APRES', 'Ajoutée après la copie', category, sector, source FROM structure LIMIT 1`).run();
    db.close();
    session = await startE2e({ workspacePath: file });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('lists the copies, checks the workspace, and restores one after confirmation', async () => {
    const { page } = session;
    await session.goto('/');
    await waitForView(page, 'home');
    const card = page.locator('[data-testid="backups-card"]');
    await card.waitFor();
    expect(await card.locator('tbody tr').count()).toBe(1);
    expect(await card.textContent()).toContain('Manuelle');

    await page.click('[data-testid="check-workspace"]');
    await page.waitForSelector('[data-testid="check-result"]');
    expect(await page.textContent('[data-testid="check-result"]')).toContain('Espace intact');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'accueil-sauvegardes', { fullPage: true });
    await expectAccessible(page, 'accueil-sauvegardes');

    await card.locator('tbody tr').first().getByRole('button', { name: /Restaurer/ }).click();
    await page.waitForSelector('[role="alertdialog"]');
    expect(await page.textContent('[role="alertdialog"]')).toMatch(/sera remplacé par la sauvegarde du \d{2}\/\d{2}\/\d{4}/);
    await screenshot(page, 'accueil-restaurer-confirmation');
    await page.locator('[role="alertdialog"]').getByRole('button', { name: 'Restaurer', exact: true }).click();
    await page.waitForSelector('text=/Sauvegarde « .* » restaurée/');
    // The copy taken before the restore is listed too.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="backups-table"] tbody tr').length === 2);
    expect(await card.textContent()).toContain('Avant restauration');

    const db = openWorkspace(session.workspacePath, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM structure').pluck().get()).toBe(structuresBefore);
    db.close();
  });
});
