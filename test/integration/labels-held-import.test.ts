/**
 * Labels held by structures from a structures file's "Labels détenus" column (or `Labels`,
 * `Certifications`): written once, re-imports unchanged, a changed list is a changed structure,
 * a label set by hand survives an import, `imports undo` gives back the set before, and a hand
 * edit is logged with its author. Real files, real SQLite, the real import pipeline.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { importFiles, undoLastImport } from '../../main/import/index.js';
import { setHeldLabels } from '../../main/import/labels-held.js';
import { heldLabels } from '../../main/analytics/label-definitions.js';
import { tempWorkspace } from './helpers.js';
import { REFERENTIAL_HEADER, REFERENTIAL_ROWS, STRUCTURES_HEADER, STRUCTURES_ROWS, writeCsv, writeSheet, type Row } from '../fixtures/small-barometer.js';

function withLabels(header: string, labels: Array<string | null>): { header: Row; rows: Row[] } {
  return { header: [...STRUCTURES_HEADER, header], rows: STRUCTURES_ROWS.map((r, i) => [...r, labels[i] ?? null]) };
}

describe('labels held, from a structures file', () => {
  let db: Db;
  let dir: string;
  beforeEach(() => {
    ({ db, dir } = tempWorkspace());
    importFiles(db, { files: [writeSheet(path.join(dir, 'referentiel.xlsx'), REFERENTIAL_HEADER, REFERENTIAL_ROWS)] });
  });

  it('reads the column under each of its names, several labels per cell, in the referential spelling', () => {
    for (const [i, header] of ['Labels détenus', 'Labels', 'Certifications'].entries()) {
      const { header: h, rows } = withLabels(header, ['qualivilles ; Services publics +', 'Qualivilles', null, null]);
      const file = writeCsv(path.join(dir, `structures-${i}.csv`), h, rows);
      const report = importFiles(db, { files: [file] }).files[0]!;
      expect(report.detection?.columns.find((c) => c.header === header)?.field).toBe('labelsHeld');
      expect(heldLabels(db, '060000001')).toEqual([{ label: 'Qualivilles', source: 'import' }, { label: 'Services Publics+', source: 'import' }]);
      expect(heldLabels(db, '270000002')).toEqual([{ label: 'Qualivilles', source: 'import' }]);
      expect(heldLabels(db, '2A0000003')).toEqual([]);
    }
    // The same lists again: nothing new, the import is "unchanged".
    const { header, rows } = withLabels('Labels détenus', ['Qualivilles; Services Publics+', 'Qualivilles', null, null]);
    const again = importFiles(db, { files: [writeCsv(path.join(dir, 'again.csv'), header, rows)] }).files[0]!;
    expect(again.structures).toEqual({ new: 0, changed: 0, unchanged: 4 });
  });

  it('a changed list changes the structure, keeps hand-set labels, and is undone', () => {
    const first = withLabels('Labels détenus', ['Qualivilles', null, null, null]);
    importFiles(db, { files: [writeCsv(path.join(dir, 's1.csv'), first.header, first.rows)] });
    setHeldLabels(db, '060000001', ['Qualivilles', 'Marianne'], 'Claire');
    expect(db.prepare('SELECT user_name, import_id FROM structure_label_log ORDER BY id DESC LIMIT 1').get()).toEqual({ user_name: 'Claire', import_id: null });

    const second = withLabels('Labels détenus', ['Services Publics+', 'Qualivilles', null, null]);
    const report = importFiles(db, { files: [writeCsv(path.join(dir, 's2.csv'), second.header, second.rows)] }).files[0]!;
    expect(report.structures).toEqual({ new: 0, changed: 2, unchanged: 2 });
    expect(heldLabels(db, '060000001')).toEqual([{ label: 'Marianne', source: 'manual' }, { label: 'Services Publics+', source: 'import' }]);

    undoLastImport(db);
    expect(heldLabels(db, '060000001')).toEqual([{ label: 'Marianne', source: 'manual' }, { label: 'Qualivilles', source: 'import' }]);
    expect(heldLabels(db, '270000002')).toEqual([]);
  });

  it('a file without the column leaves the labels alone; undoing the import that created a structure removes its labels', () => {
    const first = withLabels('Labels', ['Qualivilles', null, null, null]);
    importFiles(db, { files: [writeCsv(path.join(dir, 's1.csv'), first.header, first.rows)] });
    const plain = importFiles(db, { files: [writeCsv(path.join(dir, 'plain.csv'), STRUCTURES_HEADER, STRUCTURES_ROWS.map((r) => r.map((c, i) => (i === 1 ? `${String(c)} bis` : c))))] }).files[0]!;
    expect(plain.structures.changed).toBe(4);
    expect(heldLabels(db, '060000001')).toEqual([{ label: 'Qualivilles', source: 'import' }]);
    undoLastImport(db);
    undoLastImport(db);
    expect(db.prepare('SELECT COUNT(*) FROM structure_label').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM structure').pluck().get()).toBe(0);
  });
});
