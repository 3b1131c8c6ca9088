/**
 * Migration 10 (provenance): a version-9 workspace gains an empty audit_source table and keeps
 * its data; rows imported before it show their file and date with no row, and the
 * next import records the row of everything it writes; a read-only version-9 workspace is still read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion } from '../../main/db/connection.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { migration010 } from '../../main/db/migrations/010-provenance.js';
import { importFiles } from '../../main/import/index.js';
import { scoreEvidence } from '../../main/explorer/evidence.js';
import { tempDir } from './helpers.js';
import { LONG_HEADER, LONG_ROWS, writeCsv, writeSmallBarometer } from '../fixtures/small-barometer.js';

const input = { edition: 2023, level: 'item' as const, key: 'MEL-01', scope: { kind: 'structure' as const, code: '270000002' } };

function version9Workspace(dir: string): string {
  const file = path.join(dir, 'w.sqlite');
  const v9 = openWorkspace(file, { targetVersion: 9 });
  const files = writeSmallBarometer(dir);
  importFiles(v9, { files: [files.referential, files.structures, files.long] });
  v9.close();
  return file;
}

describe('migration 10: provenance', () => {
  it('is registered in order, the tenth step', () => {
    expect(MIGRATIONS[9]).toBe(migration010);
    const versions = MIGRATIONS.map((m) => m.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });

  it('adds empty source tables; old rows keep file and date without a row, new imports record theirs', () => {
    const dir = tempDir();
    const db = openWorkspace(version9Workspace(dir));
    try {
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(10);
      expect(db.prepare('SELECT name, "notnull" AS required, pk FROM pragma_table_info(?) ORDER BY cid').all('audit_source')).toEqual([
        { name: 'audit_id', required: 1, pk: 1 },
        { name: 'import_id', required: 1, pk: 2 },
        { name: 'source_row', required: 1, pk: 0 },
        { name: 'item_rows', required: 1, pk: 0 },
      ]);
      expect(db.prepare('SELECT COUNT(*) FROM audit_source').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM observation').pluck().get()).toBe(10);
      expect(scoreEvidence(db, input).observations[0]!.source).toMatchObject({ fileName: 'resultats-long.csv', row: null });

      // A new file that changes A3's MEL-01 (7th data row, line 8): that observation gets its row.
      const changed = LONG_ROWS.map((r) => (r[3] === 'A3' && r[6] === 'MEL-01' ? r.map((v, i) => (i === 7 ? '30' : v)) : r));
      importFiles(db, { files: [writeCsv(path.join(dir, 'corrige.csv'), LONG_HEADER, changed)] });
      expect(scoreEvidence(db, input).observations[0]!.source).toMatchObject({ fileName: 'corrige.csv', row: 8 });
      // One row for the one audit the file changed: A3 starts on line 8, its MEL-01 is there too.
      expect(db.prepare('SELECT source_row, item_rows FROM audit_source').all()).toEqual([{ source_row: 8, item_rows: '{}' }]);
      // A3's MEL-02, unchanged, still comes from the first file.
      expect(scoreEvidence(db, { ...input, key: 'MEL-02' }).observations[0]!.source).toMatchObject({ fileName: 'resultats-long.csv', row: null });
      // Deleting an audit takes its provenance rows with it.
      db.prepare(`DELETE FROM audit WHERE reference = 'A3'`).run();
      expect(db.prepare('SELECT COUNT(*) FROM audit_source').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('leaves a read-only version-9 workspace readable, with no rows', () => {
    const dir = tempDir();
    const file = version9Workspace(dir);
    fs.chmodSync(file, 0o444);
    const db = openWorkspace(file, { readonly: true });
    try {
      expect(schemaVersion(db)).toBe(9);
      expect(scoreEvidence(db, input).observations[0]!.source).toMatchObject({ fileName: 'resultats-long.csv', row: null });
    } finally {
      db.close();
      fs.chmodSync(file, 0o644);
    }
  });
});
