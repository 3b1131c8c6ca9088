/**
 * The workspace chooser in browser mode, in a real browser: opened from the top bar (keyboard:
 * Escape closes it and focus returns), « Nouvel espace… » through the main side's file browser
 * (confined to the home and app data folders), a small generated barometer imported into the new
 * workspace through the Import view, another application's database refused with its message, and
 * the previous workspace reopened from the recent list. Screenshots and axe checks on the way.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { writeSmallBarometer } from '../fixtures/small-barometer.js';
import { e2eAvailable, expectAccessible, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();

describe.skipIf(!available.ok)('Espaces de travail en mode navigateur', () => {
  let session: E2eSession;
  let home: string;
  const savedHome = process.env.HOME;
  const serverErrors: string[] = [];

  beforeAll(async () => {
    session = await startE2e();
    // The file browser's roots are read at each call: a home folder of our own for this test
    // (set after Chromium started, which keeps its usual environment); the app data folder is
    // the harness's BAROMETER_HOME.
    home = path.join(session.dir, 'home');
    fs.mkdirSync(path.join(home, 'etudes'), { recursive: true });
    fs.mkdirSync(process.env.BAROMETER_HOME!, { recursive: true });
    const foreign = new Database(path.join(home, 'etudes', 'compta.sqlite'));
    foreign.exec('CREATE TABLE facture (id INTEGER PRIMARY KEY, montant REAL)');
    foreign.close();
    process.env.HOME = home;
    // Server errors, with their answer, for the diagnosis of a failing run.
    session.page.on('response', (response) => {
      if (response.status() >= 500) void response.text().then((body) => serverErrors.push(`${response.url()} → ${body}`), () => undefined);
    });
  }, 120_000);

  afterAll(async () => {
    process.env.HOME = savedHome;
    await session?.close();
  });

  it('creates a new workspace from the interface, imports into it, and reopens the previous one from the recent list', async () => {
    const { page } = session;
    await session.goto('/');
    await waitForView(page, 'home');
    expect(await page.textContent('[data-testid="workspace-name"]')).toBe('espace.barometre.sqlite');

    // Opened from the top bar; Escape closes it and gives the focus back to the button.
    const opener = page.locator('[data-testid="topbar-workspaces"]');
    await opener.click();
    const chooser = page.locator('[data-testid="workspace-chooser"]');
    await chooser.waitFor();
    expect(await chooser.getAttribute('aria-modal')).toBe('true');
    expect(await page.textContent('[data-testid="chooser-current-path"]')).toBe(session.workspacePath);
    await page.keyboard.press('Escape');
    await chooser.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('topbar-workspaces');

    // « Nouvel espace… » : the file browser starts in the home folder (the open workspace lies outside the roots).
    await page.keyboard.press('Enter');
    await chooser.waitFor();
    await screenshot(page, 'espaces-choix');
    await expectAccessible(page, 'Espaces de travail');
    await page.click('[data-testid="chooser-new"]');
    await page.waitForSelector('[data-testid="file-browser"]');
    await expect.poll(() => page.textContent('[data-testid="browse-path"]')).toBe(fs.realpathSync(home));
    await page.getByRole('button', { name: 'Dossier etudes' }).click();
    await expect.poll(() => page.textContent('[data-testid="browse-path"]')).toBe(fs.realpathSync(path.join(home, 'etudes')));
    await page.locator('[data-testid="workspace-file-name"]').fill('essai');
    await screenshot(page, 'espaces-nouvel-espace');
    await expectAccessible(page, 'Nouvel espace de travail');
    await page.locator('[data-testid="workspace-file-name"]').press('Enter');
    await chooser.waitFor({ state: 'detached' });
    const created = path.join(fs.realpathSync(home), 'etudes', 'essai.barometre.sqlite');
    await expect.poll(() => page.textContent('[data-testid="workspace-name"]')).toBe('essai.barometre.sqlite');
    expect(fs.existsSync(created)).toBe(true);
    await waitForView(page, 'home');
    expect(await page.textContent('[data-testid="workspace-path"]')).toBe(created);
    await page.locator('[data-testid="home-empty"]').waitFor();

    // A small generated barometer, imported into the new workspace through the Import view.
    fs.mkdirSync(path.join(session.dir, 'fichiers'));
    const files = writeSmallBarometer(path.join(session.dir, 'fichiers'));
    await session.goto('/import');
    await waitForView(page, 'import');
    await page.locator('[data-testid="file-input"]').setInputFiles([files.referential, files.structures, files.long]);
    await expect.poll(() => page.locator('[data-testid="detected-kind"]').count(), { timeout: 60_000 }).toBe(3);
    await page.locator('[data-testid="commit-button"]').click();
    const result = page.locator('[data-testid="import-result"]');
    await result.waitFor({ timeout: 120_000 });
    expect(await result.textContent()).toContain('Importé');
    await expect.poll(() => page.locator('[data-testid="edition-select"]').inputValue()).toBe('2023');
    const check = openWorkspace(created, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(4);
    check.close();
    // The previous workspace was left as it was.
    const previous = openWorkspace(session.workspacePath, { readonly: true });
    expect(previous.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(0);
    previous.close();

    // « Enregistrer une copie… » into the app data folder: a real workspace file with the imported audits.
    await opener.click();
    await chooser.waitFor();
    await page.click('[data-testid="chooser-copy"]');
    await page.waitForSelector('[data-testid="file-browser"]');
    await page.getByRole('button', { name: 'Dossier de l’application' }).click();
    await expect.poll(() => page.textContent('[data-testid="browse-path"]')).toBe(fs.realpathSync(process.env.BAROMETER_HOME!));
    expect(await page.inputValue('[data-testid="workspace-file-name"]')).toBe('essai-copie.barometre.sqlite');
    await page.locator('[data-testid="workspace-file-name"]').press('Enter');
    await chooser.locator('[data-testid="copy-saved"]').waitFor();
    const copy = path.join(fs.realpathSync(process.env.BAROMETER_HOME!), 'essai-copie.barometre.sqlite');
    const copied = openWorkspace(copy, { readonly: true });
    expect(copied.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(4);
    copied.close();
    await page.click('[data-testid="chooser-back"]');

    // « Ouvrir… » on another application's database: refused with the main side's message.
    await page.click('[data-testid="chooser-open"]');
    await page.waitForSelector('[data-testid="file-browser"]');
    await expect.poll(() => page.textContent('[data-testid="browse-path"]')).toBe(path.dirname(created));
    await page.getByRole('button', { name: 'Ouvrir l’espace compta.sqlite' }).click();
    const refusal = chooser.locator('[data-testid="error-banner"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('« compta.sqlite » n\'est pas un espace de travail du Baromètre');
    await screenshot(page, 'espaces-base-etrangere');
    expect(await page.textContent('[data-testid="workspace-name"]')).toBe('essai.barometre.sqlite');

    // Back to the main panel (Escape), then the previous workspace from the recent list.
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="recent-workspaces"]').first().waitFor();
    expect(await chooser.locator('[data-testid="error-banner"]').count()).toBe(0);
    const recentNames = await chooser.locator('.workspace-recent-name').allTextContents();
    expect(recentNames).toEqual(['essai.barometre.sqlite', 'espace.barometre.sqlite']);
    await screenshot(page, 'espaces-recents');
    await chooser.getByRole('button', { name: 'Ouvrir espace.barometre.sqlite' }).click();
    await chooser.waitFor({ state: 'detached' });
    await expect.poll(() => page.textContent('[data-testid="workspace-name"]')).toBe('espace.barometre.sqlite');
    await waitForView(page, 'home');
    await page.locator('[data-testid="home-empty"]').waitFor();
    // The queries were refetched: no edition left from the other workspace.
    await expect.poll(() => page.locator('[data-testid="edition-select"]').isDisabled()).toBe(true);

    // Accueil lists both, the open one marked; a deleted file shows as missing and can be removed.
    fs.rmSync(created);
    await page.reload();
    await waitForView(page, 'home');
    const card = page.locator('[data-testid="recent-card"]');
    await expect.poll(async () => (await card.textContent()) ?? '').toContain('Fichier introuvable');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'accueil-espaces-recents', { fullPage: true });
    await expectAccessible(page, 'Accueil (espaces récents)');
    await card.getByRole('button', { name: 'Retirer essai.barometre.sqlite de la liste' }).click();
    await expect.poll(async () => card.locator('.workspace-recent-name').allTextContents()).toEqual(['espace.barometre.sqlite']);
    expect(serverErrors).toEqual([]);
  });
});
