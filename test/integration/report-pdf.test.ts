/**
 * The per-structure PDF report, end to end on real files: a fixture workspace, reports written by
 * the service, the batch, the CLI and the API router, read back with poppler's pdftotext /
 * pdfinfo / pdfimages (Debian poppler-utils). Figures are compared with the analytics service's
 * own output (peerBenchmark), formatted as the report formats them.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import { groupScores, peerBenchmark, refreshAggregates, trends } from '../../main/analytics/index.js';
import { buildReportContext, buildReportModel } from '../../main/report/report-model.js';
import { printable } from '../../main/report/pdf-report.js';
import { reportFonts } from '../../main/report/report-font.js';
import { exportStructureReports, writeStructureReport } from '../../main/report/batch.js';
import { reportLabels } from '../../main/report/report-labels.js';
import type { ApiResponse } from '../../shared/contract.js';
import type { ExportBatchResult, ExportFileResult, JobDoneEvent } from '../../shared/api-types.js';
import { buildFixture } from './export-fixture.js';
import type { Fixture } from './export-fixture.js';
import { createTestCore, TEST_ORIGIN, type TestCore } from './api-test-helpers.js';

const NAMES = [
  'Cité Ambre', 'Cité Béryl', 'Cité Cinabre', 'Cité Diamant', 'Cité Émeraude', 'Cité Feldspath', 'Cité Grenat', 'Cité Hématite',
  'Cité Iolite', 'Cité Jaspe', 'Cité Kunzite', 'Cité Lapis', // ville-plus-50k: 12 (k = 11: everything disclosed)
  'Bourg Œillet', 'Bourg Pervenche', 'Bourg Quetsche', // ville-20k-50k: 3 (k = 2: every benchmark withheld)
  'Société Rubis', 'Société Saphir', 'Société Topaze', 'Société Uvarovite', 'Société Vermeil', // panel-prive: 5
];

/** pdftotext's text of a PDF (or of one page), no-break spaces as plain spaces. */
function pdfText(file: string, page?: number): string {
  const args = [...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'];
  return execFileSync('pdftotext', args, { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
}
function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}
const fr = reportLabels('fr').format;
const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

/** A 2×2 red PNG, written by hand (no image library). */
function tinyPng(file: string): void {
  const crc = (buf: Buffer): number => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k += 1) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.from([0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0]);
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}

describe('PDF report of one structure', () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = buildFixture({ perCategory: { 'ville-plus-50k': 12, 'ville-20k-50k': 3, 'panel-prive': 5 }, names: NAMES });
  });
  afterAll(() => fx.cleanup());

  it('prints the structure’s figures as the analytics service gives them, in French format, with the footer on every page', async () => {
    const s = fx.structures[1]!;
    const out = path.join(fx.dir, 'one', 'report.pdf');
    const written = await writeStructureReport(fx.db, { structure: s.code, edition: 2023, outFile: out });
    expect(written.file).toBe(out);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['report.pdf']); // the temporary file was renamed
    const pages = pdfPages(out);
    expect(written.pages).toBe(pages);
    expect(pages).toBeGreaterThanOrEqual(4);
    for (let p = 1; p <= pages; p += 1) {
      const text = pdfText(out, p);
      expect(text).toContain(`Confidentiel — ${s.name}`);
      expect(text).toContain(`Page ${p} sur ${pages}`);
    }
    const text = pdfText(out);
    const overall = peerBenchmark(fx.db, { edition: 2023, structure: s.code, level: 'overall' })[0]!;
    expect(overall.rank).not.toBeNull(); // 11 other structures: rank, percentile and median disclosed
    expect(text).toContain(plain(fr.score(overall.score)));
    expect(text).toContain(`${overall.rank}${overall.rank === 1 ? 'er' : 'e'} sur ${overall.n}`);
    expect(text).toContain(`percentile ${Math.round(overall.percentile!)}`);
    expect(text).toContain(`médiane ${plain(fr.score(overall.median))}`);
    expect(text).toContain(plain(fr.gap(overall.score! - overall.median!)));
    expect(text).toContain(`1er quartile ${plain(fr.score(overall.q1))}`);
    for (const step of peerBenchmark(fx.db, { edition: 2023, structure: s.code, level: 'step' })) {
      expect(text).toContain(step.label);
      expect(text).toContain(plain(fr.score(step.score)));
    }
    // Trend against 2022 (TEL-01 was reweighted: not comparable, with the reason).
    expect(text).toMatch(/Non comparable à\s+2022/);
    // Method: fieldwork dates are the structure's first and last audit dates.
    const dates = fx.db.prepare('SELECT MIN(audit_date) AS a, MAX(audit_date) AS b FROM audit WHERE edition = 2023 AND structure_code = ?').get(s.code) as { a: string; b: string };
    expect(text).toContain(`entre le ${fr.date(dates.a)} et le ${fr.date(dates.b)}`);
    expect(text).toContain('13 audits mystère');
    // Nobody else is named anywhere, and no source-code path leaks into the method.
    for (const other of fx.structures.filter((o) => o.code !== s.code)) expect(text).not.toContain(other.name);
    expect(text).not.toMatch(/main\/|\.ts\b/);
    // Evidence: answers in words, personal names masked.
    expect(text).toContain('Non conforme');
    expect(text).not.toMatch(/\bMme Dupont\b|Jean-Pierre Le Goff/);
  });

  it('withholds every category benchmark of a category with 2 other structures, and says why', async () => {
    const s = fx.structures.find((x) => x.category === 'ville-20k-50k')!;
    const out = path.join(fx.dir, 'small.pdf');
    await writeStructureReport(fx.db, { structure: s.code, edition: 2023, outFile: out });
    const text = pdfText(out);
    const summary = pdfText(out, 1);
    const raw = groupScores(fx.db, { edition: 2023, kind: 'category', code: 'ville-20k-50k', level: 'overall' })[0]!;
    const overall = peerBenchmark(fx.db, { edition: 2023, structure: s.code, level: 'overall' })[0]!;
    expect(overall).toMatchObject({ mean: null, median: null, rank: null, suppressed: 'group-too-small' });
    expect(summary).toContain('non diffusé');
    expect(summary).toContain('Rang et percentile non diffusés');
    expect(summary).toContain('Quartiles de la catégorie non diffusés');
    expect(summary).toContain('Repère de la catégorie non diffusé');
    expect(text).not.toContain(`médiane ${plain(fr.score(raw.median))}`);
    expect(text).not.toContain(`moyenne ${plain(fr.score(raw.mean))}`);
    expect(text).not.toContain(`1er quartile ${plain(fr.score(raw.q1))}`);
    expect(text).not.toMatch(/\d+e? sur 3\b/);
    // The model carries no category figure at any level, and the action plan says the gap is the failure rate.
    const model = buildReportModel(fx.db, buildReportContext(fx.db, { edition: 2023 }), { structure: s.code });
    for (const row of [...model.steps, ...model.channels, ...model.determinants]) expect(row.category.value).toBeNull();
    for (const item of model.actionPlan) {
      expect(item.categoryFailureRate).toBeNull();
      expect(item.gap).toBe(item.failureRate);
    }
    if (model.actionPlan.length > 0) expect(text).toContain('l’écart est égal au taux d’échec');
    for (const other of fx.structures.filter((o) => o.code !== s.code)) expect(text).not.toContain(other.name);
  });

  it('reads every figure from the analytics service: the model equals peerBenchmark and trends for every structure', () => {
    const ctx = buildReportContext(fx.db, { edition: 2023 });
    for (const s of fx.structures) {
      const model = buildReportModel(fx.db, ctx, { structure: s.code });
      const peers = peerBenchmark(fx.db, { edition: 2023, structure: s.code });
      const overall = peers.find((p) => p.level === 'overall')!;
      expect(model.summary).toMatchObject({ score: overall.score, rank: overall.rank, percentile: overall.percentile, categorySize: overall.n });
      expect(model.summary.category.value).toBe(overall.median ?? overall.mean);
      for (const row of [...model.steps, ...model.channels, ...model.determinants]) {
        const p = peers.find((x) => x.level === row.level && x.key === row.key)!;
        expect(row.label).toBe(p.label);
        expect(row.score).toBe(p.score);
        expect(row.category.value).toBe(p.median ?? p.mean);
      }
      const series = trends(fx.db, { scope: { kind: 'structure', code: s.code }, level: 'overall', editions: [2022, 2023] }).series[0]!;
      const cmp = series.comparisons[0]!;
      expect(cmp.comparable).toBe(false); // TEL-01 reweighted in 2023
      expect(model.summary.trend).toEqual({ kind: 'not-comparable', edition: 2022, previous: series.points[0]!.score, reason: cmp.reason });
    }
  });

  it('ranks the action plan by weight × failure rate × gap and flags small bases', () => {
    const s = fx.structures[3]!;
    const model = buildReportModel(fx.db, buildReportContext(fx.db, { edition: 2023 }), { structure: s.code });
    expect(model.actionPlan.length).toBeGreaterThan(0);
    for (const [i, item] of model.actionPlan.entries()) {
      expect(item.priority).toBeCloseTo(item.weight * (item.failureRate / 100) * (item.gap / 100), 12);
      if (i > 0) expect(model.actionPlan[i - 1]!.priority).toBeGreaterThanOrEqual(item.priority);
      expect(item.smallBase).toBe(item.applicable < 3);
      for (const e of item.evidence) {
        expect(e.answer).toBe('non-compliant');
        expect(e.comment ?? '').not.toMatch(/Dupont|Le Goff/);
      }
      if (item.categoryFailureRate !== null) expect(item.gap).toBeCloseTo(item.failureRate - item.categoryFailureRate, 12);
    }
  });

  it('writes English on request and embeds the workspace logo', async () => {
    const logo = path.join(fx.dir, 'logo.png');
    tinyPng(logo);
    fx.db.prepare(`INSERT INTO setting (key, value_json) VALUES ('report.logoPath', ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json`).run(JSON.stringify(logo));
    const out = path.join(fx.dir, 'en.pdf');
    await writeStructureReport(fx.db, { structure: fx.structures[0]!.code, edition: 2023, outFile: out, lang: 'en' });
    fx.db.prepare(`DELETE FROM setting WHERE key = 'report.logoPath'`).run();
    const text = pdfText(out);
    expect(text).toContain(`Confidential — ${fx.structures[0]!.name}`);
    expect(text).toContain('Action plan');
    expect(execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' }).trim().split('\n').length).toBe(3); // header lines + 1 image
    const without = path.join(fx.dir, 'nologo.pdf');
    await writeStructureReport(fx.db, { structure: fx.structures[0]!.code, edition: 2023, outFile: without });
    expect(execFileSync('pdfimages', ['-list', without], { encoding: 'utf8' }).trim().split('\n').length).toBe(2);
  });

  it('draws only glyphs the embedded font has', () => {
    const font = reportFonts().regular;
    for (const ch of 'àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊËÎÏÔÖÙÛÜŒÆ«»’—–…€') expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
    // The one French letter outside the Latin subset (capital Ÿ, as in "L'HAŸ-LES-ROSES") folds to Y.
    expect(printable('L’HAŸ')).toBe('L’HAY');
    expect(printable('38\u202f%')).toBe('38\u00a0%');
    expect(printable('Ő 漢 2 → 3')).toBe('O ? 2 -> 3');
  });
});

describe('trend against the previous edition', () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = buildFixture({ perCategory: { 'ville-plus-50k': 5, 'panel-prive': 3 }, revision: false });
    // The second structure did not take part in 2022.
    const gone = fx.structures[1]!.code;
    fx.db.prepare('DELETE FROM observation WHERE audit_id IN (SELECT id FROM audit WHERE edition = 2022 AND structure_code = ?)').run(gone);
    fx.db.prepare('DELETE FROM audit WHERE edition = 2022 AND structure_code = ?').run(gone);
    refreshAggregates(fx.db, { editions: [2022] });
  });
  afterAll(() => fx.cleanup());

  it('gives the change in points like for like, or says the structure did not take part', async () => {
    const [a, b] = fx.structures as [Fixture['structures'][number], Fixture['structures'][number]];
    const series = trends(fx.db, { scope: { kind: 'structure', code: a.code }, level: 'overall', editions: [2022, 2023] }).series[0]!;
    const delta = series.comparisons[0]!.delta!;
    const outA = path.join(fx.dir, 'a.pdf');
    await writeStructureReport(fx.db, { structure: a.code, edition: 2023, outFile: outA });
    const summaryA = pdfText(outA, 1);
    expect(summaryA).toContain(plain(fr.gap(delta)));
    expect(summaryA).toContain(`depuis 2022 (${plain(fr.score(series.points[0]!.score))})`);
    const outB = path.join(fx.dir, 'b.pdf');
    await writeStructureReport(fx.db, { structure: b.code, edition: 2023, outFile: outB });
    expect(pdfText(outB, 1)).toMatch(/Non participant en\s+2022/);
  });
});

describe('batch of PDF reports', () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = buildFixture({ perCategory: { 'ville-plus-50k': 4, 'panel-prive': 3 }, editions: [2023] });
  });
  afterAll(() => fx.cleanup());

  it('writes one file per structure with progress, safe names and no temporary file left', async () => {
    const dir = path.join(fx.dir, 'batch');
    const progress: number[] = [];
    const result = await exportStructureReports(fx.db, { edition: 2023, outDir: dir }, { onProgress: (p) => progress.push(p.done) });
    expect(result).toMatchObject({ count: 7, total: 7, cancelled: false });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const files = fs.readdirSync(dir).sort();
    expect(files).toHaveLength(7);
    expect(files.every((f) => /^S\d{5}-[a-z0-9-]+\.pdf$/.test(f))).toBe(true);
    for (const [i, s] of fx.structures.entries()) expect(pdfText(path.join(dir, files[i]!), 1)).toContain(`Confidentiel — ${s.name}`);
  });

  it('stops between two files when cancelled, keeping the finished ones', async () => {
    const dir = path.join(fx.dir, 'cancelled');
    const controller = new AbortController();
    const result = await exportStructureReports(fx.db, { edition: 2023, outDir: dir }, { cancel: controller.signal, onProgress: (p) => { if (p.done === 2) controller.abort(); } });
    expect(result).toMatchObject({ count: 2, total: 7, cancelled: true });
    expect(fs.readdirSync(dir)).toHaveLength(2);
  });
});

describe('reports from the CLI and the API', () => {
  let fx: Fixture;
  let t: TestCore;
  beforeAll(() => {
    fx = buildFixture({ perCategory: { 'ville-plus-50k': 4, 'panel-prive': 3 }, editions: [2023] });
    fx.db.close(); // the CLI opens the workspace itself
    t = createTestCore({ realTasks: true, seed: { editions: [2023], structures: 6, itemsPerChannel: 2 } });
  });
  afterAll(async () => {
    fx.cleanup();
    await t.close();
  });

  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const io = {
      stdout: '', stderr: '', interactive: false,
      out(text: string) { io.stdout += `${text}\n`; },
      err(text: string) { io.stderr += `${text}\n`; },
    } satisfies CliIo & { stdout: string; stderr: string };
    const code = await main(args, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
  }

  it('barometer export report CODE writes the PDF and exits 0; reports writes the batch', async () => {
    const out = path.join(fx.dir, 'cli', 'r.pdf');
    const r = await run(['export', 'report', 'S00001', '--db', fx.file, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
    expect(r.stdout).toContain(out);
    const help = await run(['export', '--help']);
    expect(help.stdout).toContain('export report CODE');
    const dir = path.join(fx.dir, 'cli-batch');
    const batch = await run(['export', 'reports', '--edition', '2023', '--out-dir', dir, '--db', fx.file, '--json']);
    expect(batch.code, batch.stderr).toBe(0);
    expect(JSON.parse(batch.stdout)).toMatchObject({ count: 7, cancelled: false });
    const missing = await run(['export', 'report', 'NOPE', '--db', fx.file, '--out', path.join(fx.dir, 'x.pdf')]);
    expect(missing.code).not.toBe(0);
  });

  it('exports.report and the exports.reports job write into the exports folder', async () => {
    const caller = { origin: TEST_ORIGIN };
    const ok = <T>(response: ApiResponse): T => {
      if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
      return response.result as T;
    };
    const one = ok<ExportFileResult>(await t.core.router.call('exports.report', { code: 'S0002', edition: 2023 }, caller));
    expect(one.path.startsWith(t.core.context.session.exportsFolder())).toBe(true);
    expect(one.fileName).toMatch(/^S0002-.*\.pdf$/);
    expect(pdfPages(one.path)).toBeGreaterThanOrEqual(3);
    const missing = await t.core.router.call('exports.report', { code: 'NOPE', edition: 2023 }, caller);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    const started = ok<{ jobId: string }>(await t.core.router.call('exports.reports', { edition: 2023, codes: ['S0001', 'S0003'] }, caller));
    const done = (await t.waitFor((m) => m.event === 'job.done' && (m.payload as JobDoneEvent).jobId === started.jobId)).payload as JobDoneEvent;
    if (!done.ok) throw new Error(done.error.message);
    const result = done.result as ExportBatchResult;
    expect(result.count).toBe(2);
    expect(result.folder).toBe(path.join(t.core.context.session.exportsFolder(), 'rapports-2023'));
    expect(result.files.every((f) => f.endsWith('.pdf') && fs.existsSync(f))).toBe(true);
    expect(t.events.some((e) => e.event === 'job.progress' && (e.payload as { jobId: string }).jobId === started.jobId)).toBe(true);
  });
});

