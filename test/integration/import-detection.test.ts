import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFile, importFiles } from '../../main/import/index.js';
import { tempWorkspace } from './helpers.js';
import { REFERENTIAL_ROWS, STRUCTURES_ROWS, LONG_ROWS, WIDE_ROWS, writeCsv, writeSheet } from '../fixtures/small-barometer.js';

describe('column and layout detection', () => {
  it('recognises English headers with odd spacing, case and punctuation', () => {
    const { db, dir } = tempWorkspace();
    const referential = writeSheet(path.join(dir, 'referential.xlsx'), ['Item  CODE', 'Wording', 'channel', 'STAGE', 'Driver', 'Answer type', 'Threshold', 'Weight', 'Referential'], REFERENTIAL_ROWS);
    const structures = writeCsv(path.join(dir, 'structures.csv'), ['ID', 'Name', 'Category', 'Department', 'Region', 'Inhabitants', 'Sector (Public / Private)'], STRUCTURES_ROWS, 'utf-8', ',');
    const long = writeCsv(path.join(dir, 'results.csv'), ['Year', 'Structure code', 'Structure', 'Audit ID', 'Audit date', 'Channel', 'Criterion', 'Result', 'Comment'], LONG_ROWS, 'utf-8', '\t');
    const kinds = [referential, structures, long].map((f) => detectFile(db, f)).map((d) => [d.kind, d.layout, d.missingFields]);
    expect(kinds).toEqual([['referential', 'table', []], ['structures', 'table', []], ['results', 'long', []]]);
    const result = importFiles(db, { files: [long, structures, referential] });
    expect(result.files.map((f) => f.status)).toEqual(['imported', 'imported', 'imported']);
    expect(result.files[2]!.detection?.separator).toBe('\t');
  });

  it('maps each column with its letter, and item columns of the wide layout to their codes', () => {
    const { db, dir } = tempWorkspace();
    importFiles(db, { files: [writeSheet(path.join(dir, 'ref.xlsx'), ['Code critère', 'Libellé', 'Canal', 'Étape', 'Déterminant', 'Type de réponse', 'Seuil', 'Pondération', 'Référentiel'], REFERENTIAL_ROWS)] });
    const header = ['Édition', 'Code structure', 'Structure', 'N° audit', "Date de l'audit", 'Canal', 'tel 01', 'TEL_02', 'tel-03', 'MEL-01', 'MEL-02', 'MEL-03'];
    const file = writeSheet(path.join(dir, 'large.xlsx'), header, WIDE_ROWS, { titleRows: ['Titre', 'Sous-titre', 'Export du 27/11/2026'] });
    const detection = detectFile(db, file);
    expect(detection).toMatchObject({ kind: 'results', layout: 'wide', headerRow: 5, missingFields: [] });
    expect(detection.columns.find((c) => c.header === 'N° audit')).toMatchObject({ letter: 'D', field: 'auditRef' });
    expect(detection.columns.find((c) => c.header === 'tel 01')).toMatchObject({ letter: 'G', itemCode: 'TEL-01' });
    expect(detection.columns.find((c) => c.header === 'TEL_02')).toMatchObject({ itemCode: 'TEL-02' });
    // The detected mapping can be saved and replayed as is.
    expect(detection.mapping.columns?.['tel 01']).toBe('item:TEL-01');
  });

  it('tells the kind apart when "Code", "Label" and "Type" mean different things', () => {
    const { db, dir } = tempWorkspace();
    const referential = writeSheet(path.join(dir, 'r.xlsx'), ['Code', 'Label', 'Canal', 'Étape', 'Déterminant', 'Type', 'Seuil', 'Poids'], REFERENTIAL_ROWS.map((r) => r.slice(0, 8)));
    const detection = detectFile(db, referential);
    expect(detection.kind).toBe('referential');
    const field = (header: string): string | null | undefined => detection.columns.find((c) => c.header === header)?.field;
    expect([field('Code'), field('Label'), field('Type'), field('Poids')]).toEqual(['itemCode', 'itemLabel', 'answerType', 'weight']);
    expect(importFiles(db, { files: [referential] }).files[0]).toMatchObject({ status: 'imported', items: { new: 6 } });
  });
});
