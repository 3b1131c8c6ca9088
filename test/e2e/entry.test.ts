/**
 * Audit entry end to end, keyboard only: from the Fiche structure « Nouvel audit », the form
 * (channel, date, Enter), then a whole telephone audit entered with O / N / A, measures typed and
 * Enter, a comment reached with Tab; an invalid measure shows the importer's reason on its row;
 * a reload mid-way finds every field saved; « Terminer l'audit » refreshes the scores. The
 * workspace file is then read directly: the answers, the entry session in the import history,
 * the completed audit in the structure's scores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { refreshAggregates } from '../../main/analytics/refresh.js';
import { Fixture, type ItemDef } from '../integration/analytics-fixture.js';
import { buildBenchmark, writeBenchmarkFile } from '../../main/diagnostic/benchmark-file.js';
import { importBenchmark } from '../../main/diagnostic/benchmark-store.js';
import { createDiagnosticWorkspace } from '../../main/diagnostic/diagnostic-workspace.js';
import { completeEntryAudit, createEntryAudit, setEntryField } from '../../main/entry/index.js';
import { e2eAvailable, expectAccessible, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();

const ITEMS: ItemDef[] = [
  { code: 'TEL-01', channel: 'telephone', step: 'acces', determinant: 'accessibilite', weight: 2, answerType: 'seuil-max', threshold: 5, label: 'Nombre de sonneries avant le décroché' },
  { code: 'TEL-02', channel: 'telephone', step: 'acces', determinant: 'attente', weight: 1, answerType: 'seuil-max', threshold: 2, label: 'Temps d’attente avant un interlocuteur (minutes)' },
  { code: 'TEL-03', channel: 'telephone', step: 'information', determinant: 'courtoisie', weight: 1, label: 'L’interlocuteur se présente' },
  { code: 'TEL-04', channel: 'telephone', step: 'information', determinant: 'courtoisie', weight: 1, label: 'Une formule de politesse conclut l’appel' },
  { code: 'TEL-05', channel: 'telephone', step: 'information', determinant: 'orientation', weight: 2, label: 'L’appel est orienté vers le bon service' },
  { code: 'TEL-06', channel: 'telephone', step: 'traitement', determinant: 'fiabilite', weight: 3, label: 'La réponse apportée est complète' },
  { code: 'TEL-07', channel: 'telephone', step: 'traitement', determinant: 'fiabilite', weight: 2, label: 'La réponse est exacte' },
  { code: 'TEL-08', channel: 'telephone', step: 'traitement', determinant: 'personnalisation', weight: 1, label: 'Un rappel est proposé si nécessaire' },
  { code: 'MEL-01', channel: 'email', step: 'traitement', determinant: 'reactivite', weight: 2, label: 'Réponse au courriel en moins de 24 heures' },
];

describe.skipIf(!available.ok)('audit entry by keyboard (browser mode)', () => {
  let session: E2eSession;
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = new Fixture();
    fixture.edition(2026).referential(0, ITEMS)
      .structure('21060001', 'ville-plus-50k', 'public', 'Ville de Valbrune (démo)')
      .structure('21270002', 'ville-plus-50k', 'public', 'Ville de Montclair (démo)');
    // An audit from a file, so the Fiche structure has something to show before entry.
    fixture.audit(2026, '21060001', 'email', { 'MEL-01': 1 }, 1, 'FICHIER-1');
    fixture.audit(2026, '21270002', 'telephone', { 'TEL-03': 1, 'TEL-06': 0 }, 1, 'FICHIER-2');
    refreshAggregates(fixture.db, { editions: [2026] });
    fixture.db.close();
    session = await startE2e({ workspacePath: fixture.file });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    (fixture as { db: unknown }).db = openWorkspace(fixture.file);
    fixture?.close();
  });

  it('enters a whole telephone audit by keyboard, survives a reload, and completes it', async () => {
    const { page } = session;
    await session.goto('/structure/21060001');
    await waitForView(page, 'structure');
    const newAudit = page.getByTestId('structure-new-audit');
    await newAudit.focus();
    await page.keyboard.press('Enter');
    await waitForView(page, 'entry');
    await page.getByTestId('entry-new-audit').waitFor();
    await page.getByText('DIAG-21060001-1').first().waitFor();

    // The channel select has the focus: telephone is the first channel; Tab to the date, type it, Enter.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('entry-channel');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12/03/2026');
    await screenshot(page, 'entry-new-audit');
    await expectAccessible(page, 'Saisie d’audit — nouvel audit');
    await page.keyboard.press('Enter');

    await page.getByTestId('entry-toolbar').waitFor();
    await expect.poll(() => page.getByTestId('entry-progress').textContent()).toBe('0 / 8 critères');
    // The first item has the focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('entry-answer-TEL-01');

    // TEL-01: an invalid measure first: the importer's reason shows on the row, nothing is saved.
    await page.keyboard.type('beaucoup');
    await page.keyboard.press('Enter');
    await page.getByTestId('entry-status-TEL-01').getByRole('alert').waitFor();
    expect(await page.getByTestId('entry-status-TEL-01').textContent()).toContain('« beaucoup » n\'est ni une mesure ni une réponse reconnue');
    await page.keyboard.press('ArrowUp'); // back to TEL-01
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter'); // saved, conforming (≤ 5), focus on TEL-02
    await page.keyboard.type('2 min 30');
    await page.keyboard.press('Enter'); // 2,5 min > 2: not compliant
    await page.keyboard.press('o'); // TEL-03 Oui
    await page.keyboard.press('n'); // TEL-04 Non
    await expect.poll(() => page.getByTestId('entry-progress').textContent()).toBe('4 / 8 critères');
    await expect.poll(() => page.getByTestId('entry-status-TEL-02').textContent()).toContain('Non conforme');

    // A reload: every field typed so far is in the workspace.
    await page.reload();
    await page.getByTestId('entry-toolbar').waitFor();
    await expect.poll(() => page.getByTestId('entry-progress').textContent()).toBe('4 / 8 critères');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('entry-answer-TEL-05');
    expect(await page.getByTestId('entry-answer-TEL-02').inputValue()).toBe('2 min 30');
    expect(await page.getByTestId('entry-answer-TEL-04').getByRole('radio', { name: 'Non' }).getAttribute('aria-checked')).toBe('true');

    await page.keyboard.press('o'); // TEL-05 Oui
    await page.keyboard.press('n'); // TEL-06 Non
    await page.keyboard.press('ArrowUp'); // back to TEL-06
    await page.keyboard.press('Tab'); // TEL-06's comment
    await page.keyboard.type('Réponse incomplète, rappel promis');
    await page.keyboard.press('Enter'); // saved, focus on TEL-07
    await page.keyboard.press('a'); // TEL-07 Sans objet
    await page.keyboard.press('O'); // TEL-08 Oui
    await expect.poll(() => page.getByTestId('entry-progress').textContent()).toBe('8 / 8 critères');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('entry-complete');
    await page.getByTestId('entry-status-TEL-08').getByText('Enregistré').waitFor();
    await screenshot(page, 'entry-sheet-filled', { fullPage: true });
    await expectAccessible(page, 'Saisie d’audit — feuille');

    await page.keyboard.press('Enter'); // « Terminer l'audit »
    await page.getByTestId('entry-completed').waitFor();
    await screenshot(page, 'entry-completed');

    const db = openWorkspace(session.workspacePath, { readonly: true });
    try {
      const audit = db.prepare(`SELECT a.id, a.reference, a.audit_date, e.status, i.format, i.file_name FROM audit a JOIN audit_entry e ON e.audit_id = a.id JOIN import i ON i.id = a.import_id`).get() as Record<string, unknown>;
      expect(audit).toMatchObject({ reference: 'DIAG-21060001-1', audit_date: '2026-03-12', status: 'completed', format: 'saisie' });
      expect(String(audit.file_name)).toMatch(/^Saisie clavier — séance du /);
      const observations = db.prepare('SELECT item_code, compliant, measure, raw, comment FROM observation WHERE audit_id = ? ORDER BY item_code').all(audit.id);
      expect(observations).toEqual([
        { item_code: 'TEL-01', compliant: 1, measure: 3, raw: '3', comment: null },
        { item_code: 'TEL-02', compliant: 0, measure: 2.5, raw: '2 min 30', comment: null },
        { item_code: 'TEL-03', compliant: 1, measure: null, raw: 'Oui', comment: null },
        { item_code: 'TEL-04', compliant: 0, measure: null, raw: 'Non', comment: null },
        { item_code: 'TEL-05', compliant: 1, measure: null, raw: 'Oui', comment: null },
        { item_code: 'TEL-06', compliant: 0, measure: null, raw: 'Non', comment: 'Réponse incomplète, rappel promis' },
        { item_code: 'TEL-07', compliant: null, measure: null, raw: 'Sans objet', comment: null },
        { item_code: 'TEL-08', compliant: 1, measure: null, raw: 'Oui', comment: null },
      ]);
      // Completed: the telephone channel now has its score (2 + 1 + 2 + 1 = 6 of 2+1+1+1+2+3+1 = 11 applicable).
      const phone = db.prepare(`SELECT score FROM score_cache WHERE edition = 2026 AND structure_code = '21060001' AND level = 'channel' AND key = 'telephone'`).pluck().get() as number;
      expect(phone).toBeCloseTo((100 * 6) / 11, 6);
    } finally {
      db.close();
    }
    expect(session.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});

describe.skipIf(!available.ok)('diagnostic workspace: the Fiche structure reads the imported national reference', () => {
  let session: E2eSession;
  let national: Fixture;

  beforeAll(async () => {
    national = new Fixture({ disclosureControl: true });
    national.edition(2026).referential(0, ITEMS);
    for (let i = 1; i <= 12; i += 1) {
      const code = `NAT-${String(i).padStart(2, '0')}`;
      national.structure(code, 'ville-plus-50k', 'public', `Ville nationale ${i}`);
      national.audit(2026, code, 'telephone', { 'TEL-03': (i % 2) as 0 | 1, 'TEL-06': (i % 3 === 0 ? 0 : 1) as 0 | 1, 'TEL-08': 1 });
    }
    const dir = national.dir;
    const benchmarkFile = `${dir}/repere-2026.json`;
    writeBenchmarkFile(benchmarkFile, buildBenchmark(national.db, 2026));
    const diagnostic = `${dir}/diagnostic.sqlite`;
    createDiagnosticWorkspace({ file: diagnostic, structure: 'CLIENT-01', name: 'Ville cliente (démo)', category: 'ville-plus-50k', from: national.file });
    const db = openWorkspace(diagnostic);
    importBenchmark(db, benchmarkFile);
    const { auditId, sessionId } = createEntryAudit(db, { structure: 'CLIENT-01', channel: 'telephone', date: '12/03/2026' });
    for (const [itemCode, value] of [['TEL-03', 'Oui'], ['TEL-06', 'Non'], ['TEL-08', 'Oui']] as const) setEntryField(db, { auditId, sessionId, itemCode, field: 'answer', value });
    completeEntryAudit(db, { auditId });
    db.close();
    session = await startE2e({ workspacePath: diagnostic });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    national?.close();
  });

  it('says « référence nationale 2026 importée » and shows the national median, never a rank', async () => {
    const { page } = session;
    await session.goto('/structure/CLIENT-01');
    await waitForView(page, 'structure');
    const note = page.getByTestId('structure-national-reference');
    await note.waitFor();
    expect(await note.textContent()).toContain('référence nationale 2026 importée');
    expect(await page.getByTestId('kpi-rank').textContent()).toBe('—');
    expect(await page.getByTestId('kpi-median').textContent()).not.toBe('—');
    await screenshot(page, 'entry-diagnostic-structure');
    await expectAccessible(page, 'Fiche structure — espace de diagnostic');
  });
});
