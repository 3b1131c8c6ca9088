import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { importFiles, listImports, undoLastImport, detectFile } from '../../main/import/index.js';
import { AppError } from '../../shared/errors.js';
import { tempWorkspace } from './helpers.js';
import {
  LONG_HEADER, LONG_ROWS, REFERENTIAL_HEADER, REFERENTIAL_ROWS, STRUCTURES_HEADER, STRUCTURES_ROWS, WIDE_HEADER, WIDE_ROWS,
  writeCsv, writeSheet, writeSmallBarometer, type Row,
} from '../fixtures/small-barometer.js';

/** Everything an import may write, as comparable text: used to prove "nothing changed". */
function snapshot(db: Db): string {
  const tables = ['structure', 'audit', 'observation', 'item', 'referential_set', 'determinant', 'edition'];
  return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all())).join('\n');
}

function count(db: Db, table: string): number {
  return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}

describe('import pipeline on real files', () => {
  let db: Db;
  let dir: string;
  let files: ReturnType<typeof writeSmallBarometer>;

  beforeEach(() => {
    ({ db, dir } = tempWorkspace());
    files = writeSmallBarometer(dir);
  });

  it('detects kind and layout below title rows, in any order of files', () => {
    const result = importFiles(db, { files: [files.long, files.structures, files.referential] });
    const byName = Object.fromEntries(result.files.map((f) => [f.fileName, f]));
    expect(byName['referentiel.xlsx']).toMatchObject({ kind: 'referential', layout: 'table', status: 'imported', items: { new: 6 } });
    expect(byName['referentiel.xlsx']!.detection?.headerRow).toBe(3);
    expect(byName['structures.csv']).toMatchObject({ kind: 'structures', status: 'imported', structures: { new: 4 } });
    expect(byName['structures.csv']!.detection?.encoding).toBe('windows-1252');
    expect(byName['resultats-long.csv']).toMatchObject({ kind: 'results', layout: 'long', status: 'imported', audits: { new: 4 }, observations: { new: 10 } });
    // Windows-1252 decoded: the Œ of "Sainte-Œuvre" survived.
    expect(db.prepare(`SELECT name FROM structure WHERE code = '2A0000003'`).pluck().get()).toBe('Commune de Sainte-Œuvre (démo)');
    // Codes stay text.
    expect(db.prepare(`SELECT departement FROM structure WHERE code = '060000001'`).pluck().get()).toBe('06');
  });

  it('judges answers against the referential: thresholds, O/N, sans objet', () => {
    importFiles(db, { files: [files.referential, files.structures, files.long] });
    const obs = Object.fromEntries((db.prepare(`SELECT a.reference || ':' || o.item_code AS k, o.compliant, o.measure FROM observation o JOIN audit a ON a.id = o.audit_id`).all() as Array<{ k: string; compliant: number | null; measure: number | null }>).map((r) => [r.k, r]));
    expect(obs['A1:TEL-01']).toMatchObject({ compliant: 1, measure: 3 }); // 3 rings ≤ 5
    expect(obs['A2:MEL-01']).toMatchObject({ compliant: 0, measure: 30.5 }); // 30,5 h > 24 h
    expect(obs['A3:MEL-01']).toMatchObject({ compliant: 1, measure: 12 });
    expect(obs['A2:MEL-02']!.compliant).toBe(1); // "O"
    expect(obs['A2:MEL-03']!.compliant).toBeNull(); // "Sans objet"
  });

  it('re-importing the same data, same file or another format, changes nothing', () => {
    importFiles(db, { files: [files.referential, files.structures, files.long] });
    const before = snapshot(db);
    const importsBefore = listImports(db).length;
    const again = importFiles(db, { files: [files.long, files.wide, files.referential, files.structures] });
    for (const report of again.files) expect(report.status, report.fileName).toBe('unchanged');
    const wide = again.files.find((f) => f.fileName === 'resultats-large.xlsx')!;
    expect(wide.layout).toBe('wide');
    expect(wide.observations).toEqual({ new: 0, changed: 0, unchanged: 10 });
    expect(snapshot(db)).toBe(before);
    expect(listImports(db).length).toBe(importsBefore);
  });

  it('a corrected file updates only what changed, and undo restores what it replaced', () => {
    importFiles(db, { files: [files.referential, files.structures, files.long] });
    const before = snapshot(db);
    const corrected: Row[] = LONG_ROWS.map((r) => [...r]);
    corrected[1]![7] = 'Non'; // A1 TEL-02 Oui → Non
    corrected[6]![7] = '25'; // A3 MEL-01 12 h → 25 h
    corrected.push([2023, '2A0000003', 'Commune de Sainte-Œuvre (démo)', 'A5', '22/09/2023', 'Téléphone', 'TEL-02', 'Oui', null]);
    const file = writeCsv(path.join(dir, 'resultats-corriges.csv'), LONG_HEADER, corrected);
    const [report] = importFiles(db, { files: [file] }).files;
    expect(report).toMatchObject({ status: 'imported', audits: { new: 1, changed: 2, unchanged: 2 }, observations: { new: 1, changed: 2, unchanged: 8 } });
    expect(db.prepare(`SELECT compliant FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.reference = 'A3' AND o.item_code = 'MEL-01'`).pluck().get()).toBe(0);

    const undone = undoLastImport(db);
    expect(undone.importId).toBe(report!.importId);
    expect(undone.restored.observations).toBe(2);
    expect(undone.deleted.audits).toBe(1);
    expect(snapshot(db)).toBe(before);
    expect(listImports(db)[0]!.status).toBe('undone');
  });

  it('undoes imports one by one back to an empty workspace', () => {
    const empty = snapshot(db);
    importFiles(db, { files: [files.referential] });
    importFiles(db, { files: [files.structures] });
    importFiles(db, { files: [files.long] });
    undoLastImport(db);
    expect(count(db, 'audit')).toBe(0);
    expect(count(db, 'structure')).toBe(4);
    undoLastImport(db);
    expect(count(db, 'structure')).toBe(0);
    undoLastImport(db);
    expect(snapshot(db)).toBe(empty);
    expect(() => undoLastImport(db)).toThrow(AppError);
  });

  it('refuses a faulty file whole, naming file, sheet, row, column, value and reason; nothing is written', () => {
    importFiles(db, { files: [files.referential, files.structures] });
    const before = snapshot(db);
    const faulty: Row[] = LONG_ROWS.map((r) => [...r]);
    faulty[2]![6] = 'TEL-99'; // unknown item → row 4 of the file (header is row 1)
    faulty[4]![7] = 'Peut-être'; // invalid answer → row 6
    faulty[7]![5] = 'Téléphone'; // A3 said Courriel on row 8: inconsistent audit → row 9
    faulty[8]![4] = '12/03/2022'; // out of the 2023 edition → row 10
    const file = writeCsv(path.join(dir, 'fautif.csv'), LONG_HEADER, faulty);
    const [report] = importFiles(db, { files: [file] }).files;
    expect(report!.status).toBe('refused');
    expect(report!.importId).toBeNull();
    const codes = report!.problems.map((p) => [p.row, p.code]);
    expect(codes).toEqual(expect.arrayContaining([[4, 'UNKNOWN_ITEM'], [6, 'INVALID_ANSWER'], [9, 'INCONSISTENT_AUDIT'], [10, 'DATE_OUT_OF_EDITION']]));
    const unknown = report!.problems.find((p) => p.code === 'UNKNOWN_ITEM')!;
    expect(unknown).toMatchObject({ file: 'fautif.csv', sheet: expect.any(String), column: 'G (Code critère)', value: 'TEL-99' });
    expect(unknown.message).toMatch(/TEL-99.*inconnu/);
    const answer = report!.problems.find((p) => p.code === 'INVALID_ANSWER')!;
    expect(answer).toMatchObject({ column: 'H (Réponse)', value: 'Peut-être' });
    expect(snapshot(db)).toBe(before);
  });

  it('finds an item of another channel and the same observation twice with different answers', () => {
    importFiles(db, { files: [files.referential, files.structures] });
    const rows: Row[] = [
      [2023, '060000001', 'V', 'B1', '15/09/2023', 'Téléphone', 'MEL-02', 'Oui', null],
      [2023, '060000001', 'V', 'B2', '15/09/2023', 'Téléphone', 'TEL-02', 'Oui', null],
      [2023, '060000001', 'V', 'B2', '15/09/2023', 'Téléphone', 'TEL-02', 'Non', null],
      [2023, '060000001', 'V', 'B2', '15/09/2023', 'Téléphone', 'TEL-03', 'Oui', null],
      [2023, '060000001', 'V', 'B2', '15/09/2023', 'Téléphone', 'TEL-03', 'oui', null],
    ];
    const file = writeCsv(path.join(dir, 'doublons.csv'), LONG_HEADER, rows);
    const [report] = importFiles(db, { files: [file] }).files;
    expect(report!.problems.map((p) => [p.row, p.code])).toEqual(expect.arrayContaining([[2, 'CHANNEL_MISMATCH'], [4, 'CONFLICTING_DUPLICATE']]));
    // Identical duplicates (rows 5 and 6) are not a problem.
    expect(report!.problems.filter((p) => p.row === 6)).toEqual([]);
  });

  it('--skip-invalid imports the valid rows and writes a rejects workbook with a reason column', () => {
    importFiles(db, { files: [files.referential, files.structures] });
    const faulty: Row[] = LONG_ROWS.map((r) => [...r]);
    faulty[2]![7] = 'Peut-être'; // row 4 rejected
    const file = writeCsv(path.join(dir, 'partiel.csv'), LONG_HEADER, faulty);
    const [report] = importFiles(db, { files: [file], skipInvalid: true }, { rejectsDir: path.join(dir, 'rejets') }).files;
    expect(report).toMatchObject({ status: 'imported', rowsRejected: 1, observations: { new: 9 } });
    expect(count(db, 'observation')).toBe(9);
    expect(report!.rejectsFile).toBeTruthy();
    const book = XLSX.read(fs.readFileSync(report!.rejectsFile!));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 });
    expect(rows[0]).toEqual(['Ligne d’origine', ...LONG_HEADER, 'Motif du rejet']);
    expect(rows).toHaveLength(2);
    expect(rows[1]![0]).toBe(4);
    expect(String(rows[1]![rows[1]!.length - 1])).toMatch(/Peut-être/);
  });

  it('a preview reports new, changed and unchanged without writing, even across dependent files', () => {
    const before = snapshot(db);
    const result = importFiles(db, { files: [files.long, files.referential, files.structures], dryRun: true });
    const results = result.files.find((f) => f.kind === 'results')!;
    expect(results).toMatchObject({ status: 'preview', audits: { new: 4 }, observations: { new: 10 } });
    expect(snapshot(db)).toBe(before);
    expect(listImports(db)).toEqual([]);
  });

  it('refuses an unknown layout listing the columns found and the fields missing', () => {
    const file = writeSheet(path.join(dir, 'inconnu.xlsx'), ['Ville', 'Humeur', 'Couleur'], [['Paris', 'bonne', 'bleu']]);
    const [report] = importFiles(db, { files: [file] }).files;
    expect(report!.status).toBe('refused');
    expect(report!.problems[0]!.message).toMatch(/aucune ligne d'en-tête reconnue|non reconnu/);

    const partial = writeSheet(path.join(dir, 'partiel.xlsx'), ['Code structure', 'Réf. audit', 'Code critère', 'Commentaire'], [['06', 'A1', 'TEL-01', 'x']]);
    const [missing] = importFiles(db, { files: [partial] }).files;
    expect(missing!.status).toBe('refused');
    expect(missing!.problems[0]!.message).toMatch(/Canal/);
    expect(missing!.problems[0]!.message).toMatch(/colonnes trouvées : Code structure, Réf\. audit, Code critère, Commentaire/);
  });

  it('a mapping given by the user overrides detection', () => {
    importFiles(db, { files: [files.referential, files.structures] });
    const header = ['Année', 'Collectivité (code)', 'Mission', 'Jour', 'Moyen', 'Question', 'Verdict'];
    const rows: Row[] = LONG_ROWS.map((r) => [r[0]!, r[1]!, r[3]!, r[4]!, r[5]!, r[6]!, r[7]!]);
    const file = writeSheet(path.join(dir, 'maison.xlsx'), header, rows);
    const mapping = { kind: 'results' as const, columns: { 'Collectivité (code)': 'structureCode' as const, Mission: 'auditRef' as const, Jour: 'auditDate' as const, Moyen: 'channel' as const, Question: 'itemCode' as const, Verdict: 'answer' as const } };
    const detection = detectFile(db, file, mapping);
    expect(detection).toMatchObject({ kind: 'results', layout: 'long', missingFields: [] });
    const [report] = importFiles(db, { files: [file], mappings: { default: mapping } }).files;
    expect(report).toMatchObject({ status: 'imported', observations: { new: 10 } });
  });

  it('names the edition from the request when the file has none, else from the audit dates', () => {
    importFiles(db, { files: [files.referential, files.structures] });
    const header = WIDE_HEADER.slice(1);
    const rows = WIDE_ROWS.map((r) => r.slice(1));
    const file = writeSheet(path.join(dir, 'sans-edition.ods'), header, rows);
    const [report] = importFiles(db, { files: [file] }).files;
    expect(report).toMatchObject({ status: 'imported', editions: [2023], layout: 'wide' });
    expect(db.prepare('SELECT DISTINCT edition FROM audit').pluck().all()).toEqual([2023]);
  });

  it('reads the same data from xls and ods', () => {
    importFiles(db, { files: [files.referential, files.structures] });
    const xls = writeSheet(path.join(dir, 'resultats.xls'), LONG_HEADER, LONG_ROWS);
    expect(importFiles(db, { files: [xls] }).files[0]).toMatchObject({ status: 'imported', observations: { new: 10 } });
    const ods = writeSheet(path.join(dir, 'resultats.ods'), WIDE_HEADER, WIDE_ROWS);
    expect(importFiles(db, { files: [ods] }).files[0]).toMatchObject({ status: 'unchanged' });
  });

  it('a structures file is authoritative over what results created', () => {
    importFiles(db, { files: [files.referential] });
    const withCategory = [...LONG_HEADER.slice(0, 3), 'Catégorie', ...LONG_HEADER.slice(3)];
    const rows: Row[] = LONG_ROWS.map((r) => [...r.slice(0, 3), r[1] === 'PRV000004' ? 'Panel privé' : 'Ville de plus de 50 000 habitants', ...r.slice(3)]);
    const results = writeCsv(path.join(dir, 'avec-categorie.csv'), withCategory, rows);
    expect(importFiles(db, { files: [results] }).files[0]).toMatchObject({ status: 'imported', structures: { new: 3 } });
    expect(db.prepare(`SELECT source FROM structure WHERE code = 'PRV000004'`).pluck().get()).toBe('results');
    const [report] = importFiles(db, { files: [files.structures] }).files;
    expect(report).toMatchObject({ status: 'imported', structures: { new: 1, changed: 3 } });
    expect(db.prepare(`SELECT sector FROM structure WHERE code = 'PRV000004'`).pluck().get()).toBe('prive');
  });

  it('refuses results whose structure is unknown and has no category', () => {
    importFiles(db, { files: [files.referential] });
    const [report] = importFiles(db, { files: [files.long] }).files;
    expect(report!.status).toBe('refused');
    expect(report!.problems.some((p) => p.code === 'UNKNOWN_STRUCTURE')).toBe(true);
    expect(count(db, 'audit')).toBe(0);
  });

  it('refuses results when no referential is in force', () => {
    importFiles(db, { files: [files.structures] });
    const [report] = importFiles(db, { files: [files.long] }).files;
    expect(report!.status).toBe('refused');
    expect(report!.problems[0]!.message).toMatch(/aucun référentiel en vigueur/);
  });

  it('a later referential for an edition re-judges the raw measures it governs, and undo restores them', () => {
    importFiles(db, { files: [files.referential, files.structures, files.long] });
    const verdict = (): number => db.prepare(`SELECT compliant FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.reference = 'A2' AND o.item_code = 'MEL-01'`).pluck().get() as number;
    expect(verdict()).toBe(0); // 30,5 h against 24 h
    const loosened = REFERENTIAL_ROWS.map((r) => (r[0] === 'MEL-01' ? [...r.slice(0, 6), 48, ...r.slice(7)] : r));
    const file = writeSheet(path.join(dir, 'referentiel-2023.xlsx'), ['Édition', ...REFERENTIAL_HEADER], loosened.map((r) => [2023, ...r]));
    expect(importFiles(db, { files: [file] }).files[0]).toMatchObject({ status: 'imported', items: { new: 6 } });
    expect(verdict()).toBe(1); // 30,5 h against 48 h
    undoLastImport(db);
    expect(verdict()).toBe(0);
  });

  it('refuses a file that is not a spreadsheet without touching the workspace', () => {
    const file = path.join(dir, 'image.xlsx');
    fs.writeFileSync(file, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const before = snapshot(db);
    const [report] = importFiles(db, { files: [file] }).files;
    expect(report!.status).toBe('refused');
    expect(report!.problems[0]!.message).toMatch(/image\.xlsx/);
    expect(snapshot(db)).toBe(before);
  });

  it('reports progress and can be cancelled, leaving the workspace unchanged', () => {
    importFiles(db, { files: [files.referential, files.structures] });
    const many: Row[] = [];
    for (let i = 0; i < 6000; i++) many.push([2023, '060000001', 'V', `C${i}`, '15/09/2023', 'Téléphone', 'TEL-02', i % 2 ? 'Oui' : 'Non', null]);
    const file = writeCsv(path.join(dir, 'gros.csv'), LONG_HEADER, many);
    const phases = new Set<string>();
    const before = snapshot(db);
    const token = { cancelled: false };
    expect(() => importFiles(db, { files: [file] }, {
      cancel: token,
      onProgress: (p) => {
        phases.add(p.phase);
        if (p.phase === 'validate' && p.rowsDone >= 2000) token.cancelled = true;
      },
    })).toThrow(/annulé/);
    expect(phases.has('validate')).toBe(true);
    expect(snapshot(db)).toBe(before);
    const done = importFiles(db, { files: [file] }, { onProgress: (p) => phases.add(p.phase) });
    expect(done.files[0]).toMatchObject({ status: 'imported', audits: { new: 6000 } });
    expect(phases).toEqual(new Set(['read', 'validate', 'write', 'aggregate', 'done']));
  });

  it('reads structures without an edition and structure codes that look like numbers', () => {
    const rows: Row[] = STRUCTURES_ROWS.map((r) => [...r]);
    rows[0]![3] = '06';
    const file = writeSheet(path.join(dir, 'structures.xlsx'), STRUCTURES_HEADER, rows);
    expect(importFiles(db, { files: [file] }).files[0]).toMatchObject({ status: 'imported', structures: { new: 4 } });
    expect(db.prepare(`SELECT departement FROM structure WHERE code = '060000001'`).pluck().get()).toBe('06');
  });
});
