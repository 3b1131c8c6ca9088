/**
 * The PDF report end to end, in browser mode on a demo workspace built through the real import
 * pipeline: the "Rapport PDF" button of a Fiche structure writes the report and the browser
 * downloads it (served as application/pdf); the file is a real PDF whose text names the structure
 * and says "Confidentiel", rendered page by page to PNG (pdftoppm) beside the e2e screenshots.
 * Then the Export view writes a selection's workbooks AND reports as two chained jobs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { openWorkspace } from '../../main/db/connection.js';
import { resolveEdition } from '../../main/analytics/editions.js';
import { editionScores } from '../../main/analytics/scores.js';
import { SCREENSHOT_DIR, e2eAvailable, expectAccessible, freshTempDir, screenshot, startE2e, waitForView, type E2eSession } from './harness.js';

const available = e2eAvailable();
const popplerAvailable = ['/usr/bin/pdftotext', '/usr/bin/pdftoppm'].every((f) => fs.existsSync(f));

describe.skipIf(!available.ok || !popplerAvailable)('PDF report (browser mode, demo workspace)', () => {
  let session: E2eSession;
  let workDir: string;
  let structure: { code: string; name: string };
  let others: string[];

  beforeAll(async () => {
    workDir = freshTempDir('barometre-e2e-report-');
    const file = path.join(workDir, 'demo.barometre.sqlite');
    await buildDemoWorkspace(file, { structures: 40, editions: [2022, 2023] });
    const db = openWorkspace(file);
    try {
      const edition = resolveEdition(db);
      const scored = editionScores(db, { edition, level: 'overall' }).filter((r) => r.sector === 'public' && r.score !== null);
      const picked = scored[Math.floor(scored.length / 2)];
      if (!picked) throw new Error('demo workspace without scored structures');
      const name = (db.prepare('SELECT name FROM structure WHERE code = ?').pluck().get(picked.structure) as string);
      structure = { code: picked.structure, name };
      others = scored.filter((r) => r.structure !== picked.structure).slice(0, 2)
        .map((r) => db.prepare('SELECT name FROM structure WHERE code = ?').pluck().get(r.structure) as string);
    } finally {
      db.close();
    }
    session = await startE2e({ workspacePath: file });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('writes the Fiche structure\'s report as a PDF of at least 3 pages naming the structure', async () => {
    const { page } = session;
    await session.goto(`/structure/${encodeURIComponent(structure.code)}`);
    await waitForView(page, 'structure');
    await page.waitForSelector('[data-testid="structure-kpis"]');
    const button = page.getByRole('button', { name: 'Rapport PDF' });
    await button.waitFor();
    await screenshot(page, 'report-structure-header');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), button.click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const pdfPath = path.join(workDir, download.suggestedFilename());
    await download.saveAs(pdfPath);
    // Served as a PDF, not as an anonymous byte stream.
    const served = await page.request.get(download.url());
    expect(served.headers()['content-type']).toBe('application/pdf');

    const bytes = fs.readFileSync(pdfPath);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain(structure.name);
    expect(text).toContain('Confidentiel');
    // No other participant is named in the report.
    for (const other of others) expect(text).not.toContain(other);

    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const prefix = path.join(SCREENSHOT_DIR, 'report-pdf');
    for (const f of fs.readdirSync(SCREENSHOT_DIR)) if (f.startsWith('report-pdf-')) fs.rmSync(path.join(SCREENSHOT_DIR, f));
    execFileSync('pdftoppm', ['-png', '-r', '70', pdfPath, prefix]);
    const pages = fs.readdirSync(SCREENSHOT_DIR).filter((f) => /^report-pdf-\d+\.png$/.test(f));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const p of pages) expect([...fs.readFileSync(path.join(SCREENSHOT_DIR, p)).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }, 180_000);

  it('exports a selection\'s workbooks and PDF reports from the Export view, as two chained jobs', async () => {
    const { page } = session;
    await session.goto('/export');
    await waitForView(page, 'export');
    await page.getByLabel('Les deux').check();
    await page.getByLabel('Une sélection').check();
    const picker = page.getByRole('combobox', { name: 'Ajouter une structure' });
    for (const name of [structure.name, others[0] as string]) {
      await picker.fill(name);
      await page.getByRole('option', { name: new RegExp(name.replace(/[()]/g, '.')) }).first().waitFor();
      await page.keyboard.press('Enter');
    }
    await expect(page.getByText('2 structures sélectionnées').count()).resolves.toBe(1);
    await expect(page.getByTestId('export-structures-button').textContent()).resolves.toContain('Exporter 2 classeurs et 2 rapports PDF');
    await page.getByTestId('export-structures').scrollIntoViewIfNeeded();
    await screenshot(page, 'report-export-view');
    await expectAccessible(page, 'Export — rapports PDF');

    await page.getByTestId('export-structures-button').click();
    const reports = page.getByTestId('export-reports-result');
    await reports.waitFor({ timeout: 180_000 });
    const workbookLinks = await page.getByTestId('export-batch-result').locator('a[href]').allTextContents();
    expect(workbookLinks).toHaveLength(2);
    for (const name of workbookLinks) expect(name).toMatch(/\.xlsx$/);
    const reportLinks = await reports.locator('a[href]').allTextContents();
    expect(reportLinks).toHaveLength(2);
    for (const name of reportLinks) expect(name).toMatch(/\.pdf$/);
    await screenshot(page, 'report-export-done', { fullPage: true });
  }, 240_000);
});
