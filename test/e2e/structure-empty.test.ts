/**
 * The Fiche structure of a structure with no audit in the edition shown: its identity, the
 * explanation (« Aucun audit pour cette structure dans l'édition 2026 »), the editions where it has
 * audits (a link switches the edition and shows its full Fiche), and « Saisir son premier audit »
 * leading to the Saisie view for that structure; the Fiche's picker finds it, tagged « sans audit
 * en 2026 ». No error anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { refreshAggregates } from '../../main/analytics/refresh.js';
import { Fixture, type ItemDef } from '../integration/analytics-fixture.js';
import { e2eAvailable, expectAccessible, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();

const ITEMS: ItemDef[] = [
  { code: 'TEL-01', channel: 'telephone', step: 'acces', determinant: 'accessibilite', weight: 2, label: 'Le décroché est rapide' },
  { code: 'TEL-02', channel: 'telephone', step: 'information', determinant: 'courtoisie', weight: 1, label: 'L’interlocuteur se présente' },
  { code: 'MEL-01', channel: 'email', step: 'traitement', determinant: 'reactivite', weight: 2, label: 'Réponse au courriel en moins de 24 heures' },
];

describe.skipIf(!available.ok)('Fiche structure without audits (browser mode)', () => {
  let session: E2eSession;
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = new Fixture();
    fixture.edition(2025).edition(2026).referential(0, ITEMS)
      .structure('21060001', 'ville-plus-50k', 'public', 'Ville de Valbrune (démo)')
      .structure('21270002', 'ville-plus-50k', 'public', 'Ville de Montclair (démo)')
      .structure('21330003', 'ville-plus-50k', 'public', 'Ville de Nouvelle-Rive (démo)')
      .structure('21440004', 'ville-plus-50k', 'public', 'Ville d’Ancienne-Tour (démo)');
    fixture.audit(2026, '21060001', 'email', { 'MEL-01': 1 }, 1, 'F-1');
    fixture.audit(2026, '21270002', 'telephone', { 'TEL-01': 1, 'TEL-02': 0 }, 1, 'F-2');
    // Ancienne-Tour was audited in 2025 only; Nouvelle-Rive never.
    fixture.audit(2025, '21440004', 'telephone', { 'TEL-01': 0, 'TEL-02': 1 }, 1, 'F-3');
    refreshAggregates(fixture.db, { editions: [2025, 2026] });
    fixture.db.close();
    session = await startE2e({ workspacePath: fixture.file });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    (fixture as { db: unknown }).db = openWorkspace(fixture.file);
    fixture?.close();
  });

  it('shows the identity, the explanation and the first-audit button for a structure never audited', async () => {
    const { page } = session;
    await session.goto('/structure/21330003');
    await waitForView(page, 'structure');
    await page.getByTestId('structure-no-audit').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Ville de Nouvelle-Rive (démo)');
    const identity = await page.getByTestId('structure-identity').innerText();
    expect(identity).toContain('21330003');
    expect(identity).toContain('Villes de plus de 50 000 habitants');
    expect(identity).toContain('Public');
    expect(await page.getByTestId('structure-no-audit-message').innerText()).toContain('Aucun audit pour cette structure dans l’édition 2026');
    await page.getByTestId('structure-never-audited').waitFor();
    const button = page.getByTestId('structure-first-audit');
    expect(await button.textContent()).toBe('Saisir son premier audit');
    // No error: no alert, no error banner, nothing thrown in the page.
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
    await screenshot(page, 'structure-no-audit');
    await expectAccessible(page, 'Fiche structure sans audit');

    await button.click();
    await waitForView(page, 'entry');
    await page.getByText('DIAG-21330003-1').first().waitFor();
    expect(page.url()).toContain('#/entry/21330003');
  });

  it('finds a structure without audit from the Fiche picker, tagged, and opens its Fiche', async () => {
    const { page } = session;
    await session.goto('/structure/21060001');
    await page.getByTestId('structure-kpis').waitFor();
    const picker = page.getByTestId('structure-picker');
    await picker.fill('nouvelle rive');
    const option = page.getByRole('option', { name: /Nouvelle-Rive/ });
    await option.waitFor();
    expect(await option.innerText()).toContain('sans audit en 2026');
    await screenshot(page, 'structure-picker-unaudited');
    // An audited structure of the edition is listed without the tag.
    await picker.fill('valbrune');
    const audited = page.getByRole('option', { name: /Valbrune/ });
    await audited.waitFor();
    expect(await audited.innerText()).not.toContain('sans audit');
    await picker.fill('nouvelle rive');
    await page.getByRole('option', { name: /Nouvelle-Rive/ }).waitFor();
    await picker.press('Enter');
    await page.getByTestId('structure-no-audit').waitFor();
    expect(page.url()).toContain('#/structure/21330003');
    expect(session.pageErrors).toEqual([]);
  });

  it('links the editions where it has audits; following one shows its Fiche there', async () => {
    const { page } = session;
    await session.goto('/structure/21440004');
    await waitForView(page, 'structure');
    await page.getByTestId('structure-no-audit').waitFor();
    expect(await page.getByTestId('structure-audited-editions').innerText()).toContain('Voir l’édition 2025');
    expect(await page.getByTestId('structure-first-audit').textContent()).toBe('Saisir un audit');
    await screenshot(page, 'structure-no-audit-other-edition');
    await page.getByTestId('structure-edition-2025').click();
    await page.getByTestId('structure-kpis').waitFor();
    expect(await page.getByTestId('structure-no-audit').count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
