/**
 * The compact score matrix (`analytics.scoreMatrix`) carries exactly the figures of the per-cell
 * shape it replaces for the Scores grid: every cell equals the `editionScores` row of that
 * structure, level and key (null where there is none), every position equals `categoryRankings`,
 * and the grid rows the renderer builds from it equal those it built from the old answers.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { categoryRankings, editionScores, refreshAggregates, scoreMatrix } from '../../main/analytics/index.js';
import type { MatrixLevel, ScoreMatrix } from '../../shared/analytics-types.js';
import { matrixColumns, matrixRows, pivotScores, scoreColumns } from '../../renderer/src/views/scores/score-table.js';
import { handDataset } from './analytics-fixture.js';
import { seededWorkspaceFile } from './api-test-helpers.js';
import { tempDir } from './helpers.js';

const LEVELS: MatrixLevel[] = ['overall', 'step', 'channel', 'determinant'];

/** Asserts the matrix equals the old answers of `db` for `edition`, cell by cell and row by row. */
function expectSameFigures(db: Db, edition: number, matrix: ScoreMatrix, levels: readonly MatrixLevel[], lang: 'fr' | 'en' = 'fr'): void {
  const rowsByLevel = Object.fromEntries(levels.map((level) => [level, editionScores(db, { edition, level, lang })]));
  const index = new Map(matrix.structures.code.map((code, i) => [code, i]));
  // Same structures (those with an overall score row) and same columns (level and key, label).
  expect([...index.keys()].sort()).toEqual([...new Set(rowsByLevel.overall!.map((r) => r.structure))].sort());
  const expectedColumns = levels.flatMap((level) => [...new Map(rowsByLevel[level]!.map((r) => [r.key, r.label]))].map(([key, label]) => ({ level, key, label })));
  expect([...matrix.columns].sort((a, b) => `${a.level}|${a.key}`.localeCompare(`${b.level}|${b.key}`)))
    .toEqual([...expectedColumns].sort((a, b) => `${a.level}|${a.key}`.localeCompare(`${b.level}|${b.key}`)));
  // Every cell: the row's score exactly, or null where the old shape has no row.
  const columnIndex = new Map(matrix.columns.map((c, i) => [`${c.level}|${c.key}`, i]));
  const seen = new Set<string>();
  for (const level of levels) {
    for (const row of rowsByLevel[level]!) {
      const c = columnIndex.get(`${level}|${row.key}`) as number;
      const i = index.get(row.structure) as number;
      expect(matrix.scores[c]![i]).toBe(row.score);
      seen.add(`${c}|${i}`);
      if (level === 'overall') {
        expect(matrix.structures.audits[i]).toBe(row.audits);
        expect([matrix.structures.name[i], matrix.structures.category[i], matrix.structures.sector[i], matrix.categoryLabels[row.category]]).toEqual([row.name, row.category, row.sector, row.categoryLabel]);
      }
    }
  }
  matrix.scores.forEach((column, c) => column.forEach((value, i) => {
    if (!seen.has(`${c}|${i}`)) expect(value).toBeNull();
  }));
  // Positions: the engine's rankings, tie-break included.
  const rankings = categoryRankings(db, { edition, lang });
  for (const ranking of rankings) {
    const ranked = ranking.entries.filter((e) => e.score !== null).length;
    for (const entry of ranking.entries) {
      const i = index.get(entry.structure) as number;
      expect([matrix.structures.position[i], matrix.structures.rankedIn[i]]).toEqual(entry.score === null ? [null, null] : [entry.position, ranked]);
    }
  }
  // The grid the renderer builds: the same rows and columns from either shape.
  const byStructure = (rows: ReturnType<typeof matrixRows>) => [...rows].sort((a, b) => a.structure.localeCompare(b.structure));
  const fromCells = pivotScores(rowsByLevel, rankings).map((row) => ({
    ...row,
    // The per-cell pivot leaves a key absent where the matrix has null: the grid shows both as "—".
    scores: Object.fromEntries(matrix.columns.map((c) => [`${c.level}:${c.key}`, row.scores[`${c.level}:${c.key}`] ?? null])),
  }));
  expect(byStructure(matrixRows(matrix))).toEqual(byStructure(fromCells));
  expect(matrixColumns(matrix).map((c) => c.field).sort()).toEqual(scoreColumns(rowsByLevel).map((c) => c.field).sort());
}

describe('the score matrix round-trip', () => {
  let dir: string;
  let db: Db;
  beforeAll(() => {
    dir = tempDir('barometre-matrix-');
    db = openWorkspace(seededWorkspaceFile(dir, { structures: 60, editions: [2023, 2024] }).file);
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives every figure of the per-cell answers at every grid level, in both editions and languages', () => {
    for (const edition of [2023, 2024]) {
      for (const lang of ['fr', 'en'] as const) {
        const matrix = scoreMatrix(db, { edition, levels: LEVELS, lang });
        expect(matrix.structures.code).toHaveLength(60);
        expectSameFigures(db, edition, matrix, LEVELS, lang);
      }
    }
    // Read from score_matrix (migration 009), written by the refresh of each edition (here the one
    // done on first read), four levels each.
    expect(db.prepare('SELECT edition, level FROM score_matrix ORDER BY edition, level').raw(true).all()).toHaveLength(8);
  });

  it('reads score_cache instead for an edition refreshed before migration 009, to the same answer', () => {
    const packed = scoreMatrix(db, { edition: 2023, levels: LEVELS });
    db.prepare('DELETE FROM score_matrix WHERE edition = 2023').run();
    try {
      const scanned = scoreMatrix(db, { edition: 2023, levels: LEVELS });
      expect(scanned).toEqual(packed);
      expectSameFigures(db, 2023, scanned, LEVELS);
    } finally {
      refreshAggregates(db, { editions: [2023] });
    }
    expect(db.prepare('SELECT COUNT(*) FROM score_matrix WHERE edition = 2023').pluck().get()).toBe(4);
  });

  it('sends only the levels asked, in their order, keys in the domain order, structures by category then code', () => {
    const matrix = scoreMatrix(db, { edition: 2024, levels: ['overall', 'channel'] });
    expect([...new Set(matrix.columns.map((c) => c.level))]).toEqual(['overall', 'channel']);
    expect(matrix.columns.filter((c) => c.level === 'channel').map((c) => c.key)).toEqual(['telephone', 'email', 'courrier', 'site-web', 'reseaux-sociaux', 'visite']);
    expectSameFigures(db, 2024, matrix, ['overall', 'channel']);
    const keys = matrix.structures.code.map((code, i) => `${matrix.structures.category[i]}|${code}`);
    const rows = editionScores(db, { edition: 2024, level: 'overall' });
    const categoryOrder = [...new Set(rows.map((r) => r.category))];
    expect(keys).toEqual([...keys].sort((a, b) => categoryOrder.indexOf(a.split('|')[0]!) - categoryOrder.indexOf(b.split('|')[0]!) || a.localeCompare(b)));
    // Column by column: about a third of the per-cell JSON for the same grid.
    const perCell = JSON.stringify(['overall', 'channel'].flatMap((level) => editionScores(db, { edition: 2024, level: level as MatrixLevel })));
    expect(JSON.stringify(matrix).length).toBeLessThan(perCell.length / 3);
  });

  it('keeps null scores (nothing applicable) and structures without a score, unranked, on the hand dataset', () => {
    const f = handDataset();
    try {
      const matrix = scoreMatrix(f.db, { edition: 2023 });
      expectSameFigures(f.db, 2023, matrix, LEVELS);
      const e = matrix.structures.code.indexOf('E');
      // E has only not-applicable answers: a structure of the grid with no score and no position.
      expect(e).toBeGreaterThanOrEqual(0);
      expect(matrix.scores[0]![e]).toBeNull();
      expect(matrix.structures.position[e]).toBeNull();
    } finally {
      f.close();
    }
  });
});
