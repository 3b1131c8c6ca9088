/**
 * `explorer.evidence` on real workspaces: a structure's score is made of exactly the observations
 * returned (count and sums equal the materialised score, row by row the same keys as a direct
 * query), each with the file, sheet and row it was imported from; a small category's group score
 * lists no structure (the disclosure rule), a large one lists its members, and client mode lists
 * none and masks comments.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { importFiles, undoLastImport } from '../../main/import/index.js';
import { editionScores, refreshAggregates, allEditions } from '../../main/analytics/index.js';
import { disclosedGroupScores } from '../../main/analytics/disclosure.js';
import { scoreEvidence } from '../../main/explorer/evidence.js';
import { observationsPage } from '../../main/explorer/observations.js';
import { auditsPage } from '../../main/explorer/audits.js';
import { seedWorkspace } from './api-seed.js';
import { tempWorkspace } from './helpers.js';
import { LONG_HEADER, LONG_ROWS, WIDE_HEADER, WIDE_ROWS, writeCsv, writeSheet, writeSmallBarometer } from '../fixtures/small-barometer.js';

describe('evidence of a structure score (imported files)', () => {
  let db: Db;
  let dir: string;

  beforeEach(() => {
    ({ db, dir } = tempWorkspace());
    const files = writeSmallBarometer(dir);
    importFiles(db, { files: [files.referential, files.structures, files.long] });
  });

  it('returns exactly the observations the score counts, at every level and key', () => {
    const scores = editionScores(db, { edition: 2023, structure: '060000001' });
    expect(scores.length).toBeGreaterThan(5);
    for (const score of scores) {
      const evidence = scoreEvidence(db, { edition: 2023, level: score.level, key: score.key, scope: { kind: 'structure', code: '060000001' } });
      expect(evidence.observations).toHaveLength(score.observations);
      expect(evidence.totals).toMatchObject({
        observations: score.observations, applicable: score.applicable, compliant: score.compliant,
        compliantWeight: score.compliantWeight, applicableWeight: score.applicableWeight, audits: score.audits,
      });
      expect(evidence.totals.score).toBe(score.score);
      // Recomputed from the rows sent: the panel's figures are the score's.
      const applicable = evidence.observations.filter((o) => o.compliant !== null);
      expect(applicable.reduce((s, o) => s + o.weight, 0)).toBe(score.applicableWeight);
      expect(applicable.filter((o) => o.compliant === 1).reduce((s, o) => s + o.weight, 0)).toBe(score.compliantWeight);
      expect(evidence.observations.every((o) => o.structure === '060000001')).toBe(true);
      expect(evidence.truncated).toBe(false);
    }
  });

  it('gives the item score its one observation with answer, comment and CSV row, and the Explorer filter', () => {
    const evidence = scoreEvidence(db, { edition: 2023, level: 'item', key: 'TEL-03', scope: { kind: 'structure', code: '060000001' } });
    expect(evidence.totals).toMatchObject({ observations: 1, applicable: 1, compliant: 0, score: 0 });
    expect(evidence.observations).toEqual([expect.objectContaining({
      reference: 'A1', itemCode: 'TEL-03', compliant: 0, raw: 'Non', comment: 'Réponse incomplète', weight: 3,
      // Header on line 1: TEL-03 of A1 is the 3rd data row, line 4 of the file.
      source: expect.objectContaining({ fileName: 'resultats-long.csv', row: 4, format: 'csv' }),
    })]);
    expect(evidence.explorerFilters).toEqual({ edition: 2023, structure: '060000001', item: 'TEL-03' });
    const step = scoreEvidence(db, { edition: 2023, level: 'step', key: 'traitement', scope: { kind: 'structure', code: '060000001' } });
    expect(step.explorerFilters).toMatchObject({ step: 'traitement' });
  });

  it('follows each observation to the import it now carries, and back after an undo', () => {
    // The same audits in the wide layout with A2's MEL-01 changed: that observation now comes from the workbook.
    const changed = WIDE_ROWS.map((r) => (r[3] === 'A2' ? r.map((v, i) => (i === 9 ? 10 : v)) : r));
    const wide = writeSheet(path.join(dir, 'corrige.xlsx'), WIDE_HEADER, changed, { titleRows: ['Résultats 2023', 'Export plateforme'], sheetName: 'Audits' });
    importFiles(db, { files: [wide] });
    const rows = (key: string) => scoreEvidence(db, { edition: 2023, level: 'item', key, scope: { kind: 'structure', code: '060000001' } }).observations[0]!.source;
    // Two title rows, a blank row, the header on row 4: A2 is on row 6.
    expect(rows('MEL-01')).toMatchObject({ fileName: 'corrige.xlsx', sheet: 'Audits', row: 6 });
    expect(rows('MEL-02')).toMatchObject({ fileName: 'resultats-long.csv', row: 6 });
    undoLastImport(db);
    expect(rows('MEL-01')).toMatchObject({ fileName: 'resultats-long.csv', row: 5 });
  });

  it('gives the Explorer rows the same provenance, and the same rows for the evidence filter', () => {
    const evidence = scoreEvidence(db, { edition: 2023, level: 'channel', key: 'email', scope: { kind: 'structure', code: '060000001' } });
    const page = observationsPage(db, { startRow: 0, endRow: 100, filters: evidence.explorerFilters! });
    expect(page.lastRow).toBe(evidence.observations.length);
    const byKey = new Map(page.rows.map((r) => [`${r.auditId}|${r.itemCode}`, r]));
    for (const o of evidence.observations) {
      expect(byKey.get(`${o.auditId}|${o.itemCode}`)).toMatchObject({
        sourceFile: o.source!.fileName, sourceSheet: o.source!.sheet, sourceRow: o.source!.row, importedAt: o.source!.importedAt,
      });
    }
    // An audit's row is its first line in the long layout: A2 starts on line 5.
    const audits = auditsPage(db, { startRow: 0, endRow: 10, filters: { edition: 2023, structure: '060000001' } });
    expect(audits.rows.find((a) => a.reference === 'A2')).toMatchObject({ sourceFile: 'resultats-long.csv', sourceRow: 5 });
  });

  it('masks personal data of comments in client mode', () => {
    const named = LONG_ROWS.map((r) => (r[3] === 'A1' && r[6] === 'TEL-03' ? [...r.slice(0, 8), 'Mme Dupont au 06 12 34 56 78'] : r));
    importFiles(db, { files: [writeCsv(path.join(dir, 'noms.csv'), LONG_HEADER, named)] });
    const input = { edition: 2023, level: 'item' as const, key: 'TEL-03', scope: { kind: 'structure' as const, code: '060000001' } };
    expect(scoreEvidence(db, input).observations[0]!.comment).toBe('Mme Dupont au 06 12 34 56 78');
    const masked = scoreEvidence(db, { ...input, clientMode: true }).observations[0]!.comment!;
    expect(masked).not.toMatch(/Dupont|06 12/);
    expect(masked).toContain('[téléphone]');
  });

  it('lists no structure of a two-member category: counts withheld, the reason given', () => {
    const evidence = scoreEvidence(db, { edition: 2023, level: 'overall', key: 'overall', scope: { kind: 'category', code: 'ville-plus-50k' } });
    expect(evidence.structures).toBeNull();
    expect(evidence.observations).toEqual([]);
    expect(evidence.withheld).toMatchObject({ reason: 'group-too-small', others: 1, required: 10 });
    // What the rule withholds from the group row is withheld here too.
    const row = disclosedGroupScores(db, { edition: 2023, kind: 'category', code: 'ville-plus-50k', level: 'overall' })[0]!;
    expect(row.score).toBeNull();
    expect(evidence.totals).toMatchObject({ score: null, compliantWeight: null, structures: null, audits: null, observations: null });
    expect(JSON.stringify(evidence)).not.toMatch(/060000001|270000002|Valbrune|Montclair/);
  });
});

describe('evidence of a group score (seeded national-like edition)', () => {
  it('lists the members of a large category, and only where the rule allows', () => {
    const { db } = tempWorkspace();
    // 8 categories: 96 structures give 12 per category, so k = 11 others ≥ 10.
    seedWorkspace(db, { structures: 96, editions: [2024] });
    refreshAggregates(db, { editions: allEditions(db) });
    const input = { edition: 2024, level: 'channel' as const, key: 'email', scope: { kind: 'category' as const, code: 'region' } };
    const evidence = scoreEvidence(db, input);
    const members = editionScores(db, { edition: 2024, level: 'channel', category: 'region' }).filter((r) => r.key === 'email');
    expect(members).toHaveLength(12);
    expect(evidence.withheld).toBeNull();
    expect(evidence.structures!.map((s) => s.structure).sort()).toEqual(members.map((m) => m.structure).sort());
    expect(evidence.totals.observations).toBe(members.reduce((s, m) => s + m.observations, 0));
    expect(evidence.explorerFilters).toEqual({ edition: 2024, category: 'region', channel: 'email' });
    // Client mode: never a list of other structures.
    expect(scoreEvidence(db, { ...input, clientMode: true })).toMatchObject({ structures: null, withheld: { reason: 'client-mode' } });
    // Raising the rule above the category's size withholds the list.
    db.prepare(`INSERT INTO setting(key, value_json) VALUES ('disclosure.rule', '{"meanMinOthers":3,"distributionMinOthers":12}')`).run();
    expect(scoreEvidence(db, input)).toMatchObject({ structures: null, withheld: { reason: 'group-too-small', others: 11, required: 12 } });
    db.close();
  });
});
