/**
 * Why two editions do not compare, in the deliverable's language: the trends engine gives each
 * reason a code and parameters, and the English workbooks and PDF model word them in English, with
 * not one French reason left (issue #12). The fixture's 2023 referential reweights TEL-01, so the
 * telephone channel and the overall score of 2022 → 2023 are "not comparable".
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { buildFixture, type Fixture } from './export-fixture.js';
import { trends } from '../../main/analytics/index.js';
import { writeBarometerTables } from '../../main/export/barometer-tables.js';
import { writeStructureWorkbook } from '../../main/export/structure-workbook.js';
import { buildReportContext, buildReportModel } from '../../main/report/report-model.js';
import { trendReasonsText } from '../../shared/trend-reasons.js';
import type { TrendReason } from '../../shared/analytics-types.js';

/** The words of the French reasons (and of « Non comparable »): none may appear in an English deliverable. */
const FRENCH_REASON = /Non comparable|modifiée?s?\b|pondération|seuil de|type de réponse|qui le composent|retirés? :|ajoutés? :|absent du référentiel|\baucun\b/;

function sheetCells(file: string, sheet: string): string[] {
  const wb = XLSX.read(fs.readFileSync(file));
  const ws = wb.Sheets[sheet];
  if (!ws) throw new Error(`feuille ${sheet} absente (${wb.SheetNames.join(', ')})`);
  return XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, defval: null }).flat().filter((c): c is string => typeof c === 'string');
}

describe('trend comparability reasons in the deliverable language', () => {
  let fx: Fixture;
  let out: string;

  beforeAll(() => {
    fx = buildFixture();
    out = path.join(fx.dir, 'out');
    fs.mkdirSync(out, { recursive: true });
  });
  afterAll(() => fx.cleanup());

  it('gives each reason a code and parameters, worded in French (message, reason) and English', () => {
    const t = trends(fx.db, { scope: { kind: 'edition', code: '' }, level: 'channel', editions: [2022, 2023] });
    const phone = t.series.find((s) => s.key === 'telephone')!.comparisons[0]!;
    expect(phone.comparable).toBe(false);
    expect(phone.reasons).toHaveLength(1);
    const reason = phone.reasons[0]!;
    expect(reason.code).toBe('definition-changed');
    const changes = (reason as Extract<TrendReason, { code: 'definition-changed' }>).params.changes;
    expect(changes.map((c) => [c.code, (c.params as { item: string }).item])).toEqual([['weight-changed', 'TEL-01']]);
    // The French sentence the CLI's JSON and older readers see is unchanged in form.
    expect(phone.reason).toMatch(/^pondération de TEL-01 modifiée \(\S+ → \S+\)$/);
    expect(reason.message).toBe(phone.reason);
    expect(trendReasonsText(phone.reasons, 'en')).toMatch(/^weight of TEL-01 changed \(\S+ → \S+\)$/);

    // Composition and absence, on a hand-built pair.
    const composition: TrendReason = { code: 'composition-changed', message: '', params: { from: 2022, to: 2023, removed: ['A-1', 'A-2'], added: ['B-1'] } };
    expect(trendReasonsText([composition], 'fr')).toBe('items qui le composent modifiés entre 2022 et 2023 (retirés : A-1, A-2 ; ajouté : B-1)');
    expect(trendReasonsText([composition], 'en')).toBe('items composing it changed between 2022 and 2023 (removed: A-1, A-2; added: B-1)');
    const absent: TrendReason = { code: 'item-absent', message: '', params: { item: 'TEL-09', editions: [2022, 2023] } };
    expect(trendReasonsText([absent], 'en')).toBe('item TEL-09 absent from the referential in force in 2022 and 2023');
    const threshold: TrendReason = { code: 'threshold-changed', message: '', params: { item: 'TEL-02', from: null, to: 1.5 } };
    expect(trendReasonsText([threshold], 'fr')).toBe('seuil de TEL-02 modifié (aucun → 1,5)');
    expect(trendReasonsText([threshold], 'en')).toBe('threshold of TEL-02 changed (none → 1.5)');
  });

  it('an English barometer Trends sheet states the reason in English and holds no French reason', async () => {
    const en = await writeBarometerTables(fx.db, { edition: 2023, lang: 'en', outFile: path.join(out, 'tables-en.xlsx') });
    const cells = sheetCells(en.file, 'Trends');
    const notComparable = cells.filter((c) => c.startsWith('Not comparable: '));
    expect(notComparable.length).toBeGreaterThan(0);
    for (const cell of notComparable) expect(cell).toMatch(/TEL-01/);
    expect(notComparable.some((c) => /weight of TEL-01 changed/.test(c))).toBe(true);
    expect(cells.filter((c) => FRENCH_REASON.test(c))).toEqual([]);

    // The French workbook keeps its French words (the same reason, so the test above can fail).
    const fr = await writeBarometerTables(fx.db, { edition: 2023, outFile: path.join(out, 'tables-fr.xlsx') });
    expect(sheetCells(fr.file, 'Tendances').some((c) => /^Non comparable : .*pondération de TEL-01 modifiée/.test(c))).toBe(true);
  });

  it('an English structure workbook and PDF model word the break in English', async () => {
    const code = fx.structures[0]!.code;
    const book = await writeStructureWorkbook(fx.db, { structure: code, edition: 2023, lang: 'en', outFile: path.join(out, `${code}-en.xlsx`) });
    const cells = sheetCells(book.file, 'Trend');
    expect(cells.some((c) => /^Not comparable: .*weight of TEL-01 changed/.test(c))).toBe(true);
    expect(cells.filter((c) => FRENCH_REASON.test(c))).toEqual([]);

    const model = buildReportModel(fx.db, buildReportContext(fx.db, { edition: 2023, lang: 'en' }), { structure: code });
    expect(model.summary.trend).toMatchObject({ kind: 'not-comparable', edition: 2022 });
    const reason = (model.summary.trend as { reason: string }).reason;
    expect(reason).toMatch(/^weight of TEL-01 changed/);
    expect(reason).not.toMatch(FRENCH_REASON);
  });
});
