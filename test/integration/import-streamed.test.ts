/**
 * The streamed import (main/import/streamed-import.ts): a results file read and validated on a
 * second thread while the import's thread writes it. Every case is imported twice, streamed
 * (`threads: 'always'`) and on one thread (`threads: 'never'`), into twin workspaces, and both must
 * hold exactly the same rows (audits, observations, provenance, comment index, import record,
 * aggregates) and give the same report. Where the stream must give up (a problem in the file, an
 * audit already in the workspace, an audit on two rows, an item twice), the one-thread import
 * takes over and the result is still the same; a streamed import backs up the workspace as it was.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { importFiles } from '../../main/import/index.js';
import { readingThreadEntry, streamOutcomes } from '../../main/import/streamed-import.js';
import type { JournalFolded } from '../../main/import/streamed-chunks.js';
import { listBackups } from '../../main/workspace/backup.js';
import type { ImportFileReport } from '../../shared/import-types.js';
import { tempDir } from './helpers.js';
import { LONG_HEADER, LONG_ROWS, WIDE_HEADER, WIDE_ROWS, writeCsv, writeSheet, writeSmallBarometer, type Row } from '../fixtures/small-barometer.js';

interface Twin {
  db: Db;
  dir: string;
}

/** A workspace holding the referential and the structures of the small barometer. */
function twin(label: string): Twin {
  const dir = tempDir(`streamed-${label}-`);
  const db = openWorkspace(path.join(dir, 'espace.sqlite'));
  const files = writeSmallBarometer(dir);
  importFiles(db, { files: [files.referential, files.structures] }, { backup: false });
  return { db, dir };
}

/** Every row an import writes, in a stable order (ids included: both twins number alike). */
function contents(db: Db): Record<string, unknown[]> {
  const all = (sql: string): unknown[] => db.prepare(sql).raw(true).all();
  return {
    audit: all('SELECT * FROM audit ORDER BY id'),
    observation: all('SELECT * FROM observation ORDER BY audit_id, item_code'),
    audit_source: all('SELECT * FROM audit_source ORDER BY audit_id, import_id'),
    observation_comment: all('SELECT audit_id, item_code FROM observation_comment ORDER BY audit_id, item_code'),
    comment_words: all(`SELECT k.audit_id, k.item_code FROM observation_comment k WHERE k.id IN (SELECT rowid FROM observation_comment_search WHERE observation_comment_search MATCH '"delai"*') ORDER BY 1, 2`),
    import: all('SELECT id, file_name, kind, layout, edition, rows_read, rows_rejected, problems_json, counts_json, undone_at FROM import ORDER BY id'),
    change_log: all('SELECT import_id, entity, row_key, before_json FROM change_log ORDER BY id'),
    edition: all('SELECT * FROM edition ORDER BY year'),
    score_cache: all('SELECT * FROM score_cache ORDER BY 1, 2, 3, 4'),
    score_stats: all('SELECT * FROM score_stats ORDER BY 1, 2, 3, 4, 5'),
    // The streamed import computes a new edition's aggregates from the rows it holds (packed-audits.ts),
    // the one-thread import reads them back: every aggregate table must come out the same.
    score_cache_item: all('SELECT * FROM score_cache_item ORDER BY 1, 2'),
    score_unscored_item: all('SELECT * FROM score_unscored_item ORDER BY 1, 2'),
    score_cache_edition: all('SELECT edition, structures, observations FROM score_cache_edition ORDER BY 1'),
    score_matrix: all('SELECT * FROM score_matrix ORDER BY 1, 2'),
    score_column: all('SELECT * FROM score_column ORDER BY 1, 2, 3'),
    score_member: all('SELECT * FROM score_member ORDER BY 1, 2'),
  };
}

/** A report without what legitimately differs between the twins (the file's folder, the rejects workbook's time stamp). */
function comparable(report: ImportFileReport | undefined): unknown {
  const { file: _file, rejectsFile, detection, ...rest } = report!;
  return { ...rest, detection: detection === null ? null : { ...detection, file: path.basename(detection.file) }, rejectsFile: rejectsFile === null ? null : path.basename(rejectsFile).replace(/\d{8}-\d{6}/, 'HORODATAGE') };
}

/** Imports `name` (written by `write` in each twin's folder) streamed and on one thread; both must agree. */
function importBoth(twins: { streamed: Twin; single: Twin }, name: string, write: (dir: string) => string, options: { skipInvalid?: boolean } = {}): ImportFileReport {
  const [streamed] = importFiles(twins.streamed.db, { files: [write(twins.streamed.dir)], ...options }, { threads: 'always', backup: false }).files;
  const [single] = importFiles(twins.single.db, { files: [write(twins.single.dir)], ...options }, { threads: 'never', backup: false }).files;
  expect(comparable(streamed), name).toEqual(comparable(single));
  expect(contents(twins.streamed.db), name).toEqual(contents(twins.single.db));
  return streamed!;
}

const longWithComments = (): Row[] => LONG_ROWS.map((r) => (r[3] === 'A2' && r[6] === 'MEL-02' ? [...r.slice(0, 8), 'Délai de réponse dépassé'] : r));

describe('streamed import (reading thread + writing thread)', () => {
  let twins: { streamed: Twin; single: Twin };
  beforeEach(() => {
    twins = { streamed: twin('a'), single: twin('b') };
    streamOutcomes.streamed = 0;
    streamOutcomes.givenUp.length = 0;
  });

  it('writes a new wide file exactly as the one-thread import does', () => {
    // The last row names an edition but answers nothing: the edition is recorded, not the audit.
    const rows = [...WIDE_ROWS.map((r) => [...r, r[3] === 'A3' ? 'Accueil : délai correct' : null]), [2024, '060000001', 'V', 'A9', null, 'Téléphone', null, null, null, null, null, null, null]];
    const report = importBoth(twins, 'wide', (dir) => writeSheet(path.join(dir, 'large.xlsx'), [...WIDE_HEADER, 'Commentaire'], rows, { titleRows: ['Résultats 2023'] }));
    expect(report.status).toBe('imported');
    expect(report.observations.new).toBe(10);
    expect(report.editions).toEqual([2023, 2024]);
    expect((contents(twins.streamed.db).edition as number[][]).map((e) => e[0])).toEqual([2023, 2024]);
    expect(streamOutcomes).toEqual({ streamed: 1, givenUp: [] });
  });

  it('writes a new long file, comments and their index included, exactly as the one-thread import does', () => {
    const report = importBoth(twins, 'long', (dir) => writeCsv(path.join(dir, 'long.csv'), LONG_HEADER, longWithComments()));
    expect(report.status).toBe('imported');
    expect(contents(twins.streamed.db).comment_words).toHaveLength(1);
    expect(streamOutcomes).toEqual({ streamed: 1, givenUp: [] });
  });

  it('writes larger files in many chunks (columns sent back and reused, the worksheet handed over) as on one thread', () => {
    // Long: a chunk every 2,000 rows; wide: a worksheet of ~300 KB, moved to the reading thread.
    const long: Row[] = [];
    const wide: Row[] = [];
    for (let a = 0; a < 3000; a++) {
      const structure = a % 2 ? '060000001' : '270000002';
      for (const [item, answer] of [['MEL-01', String(a % 40)], ['MEL-02', a % 3 ? 'Oui' : 'Non'], ['MEL-03', a % 5 ? 'Oui' : 'NA']]) {
        long.push([2023, structure, 'V', `L${a}`, '20/09/2023', 'Courriel', item!, answer!, a % 97 === 0 && item === 'MEL-02' ? `Délai ${a}` : null]);
      }
      wide.push([2023, structure, 'V', `W${a}`, '20/09/2023', 'Courriel', null, null, null, a % 40, a % 3 ? 'Oui' : 'Non', a % 5 ? 'Oui' : 'NA']);
    }
    expect(importBoth(twins, 'long', (dir) => writeCsv(path.join(dir, 'long.csv'), LONG_HEADER, long)).observations.new).toBe(9000);
    expect(importBoth(twins, 'wide', (dir) => writeSheet(path.join(dir, 'large.xlsx'), WIDE_HEADER, wide)).observations.new).toBe(9000);
    expect(streamOutcomes).toEqual({ streamed: 2, givenUp: [] });
  });

  it('gives up on a file with a problem: refused, or imported without its bad rows, as on one thread', () => {
    const bad = LONG_ROWS.map((r, i) => (i === 4 ? [...r.slice(0, 7), 'Peut-être', null] : r));
    const refused = importBoth(twins, 'refused', (dir) => writeCsv(path.join(dir, 'faux.csv'), LONG_HEADER, bad));
    expect(refused.status).toBe('refused');
    expect(refused.problems[0]!.message).toContain('Peut-être');
    const skipped = importBoth(twins, 'skip-invalid', (dir) => writeCsv(path.join(dir, 'faux.csv'), LONG_HEADER, bad), { skipInvalid: true });
    expect(skipped.status).toBe('imported');
    expect(skipped.rowsRejected).toBe(1);
    expect(streamOutcomes.streamed).toBe(0);
    expect(streamOutcomes.givenUp).toEqual(['problems in the file', 'problems in the file']);
  });

  it('gives up on audits the workspace has: a re-import is unchanged, a corrected file changes what it changes', () => {
    const wide = (rows: Row[]) => (dir: string): string => writeSheet(path.join(dir, 'large.xlsx'), WIDE_HEADER, rows);
    importBoth(twins, 'first', wide(WIDE_ROWS));
    expect(importBoth(twins, 'again', wide(WIDE_ROWS)).status).toBe('unchanged');
    const corrected = WIDE_ROWS.map((r) => (r[3] === 'A2' ? [...r.slice(0, 10), 'Non', r[11]!] : r));
    const changed = importBoth(twins, 'corrected', wide(corrected));
    expect(changed.observations.changed).toBe(1);
    expect(changed.changeCount).toBe(1);
    expect(streamOutcomes.streamed).toBe(1);
    expect(streamOutcomes.givenUp).toEqual(['audit already there', 'audit already there']);
  });

  it('gives up on an audit spread over two rows or an item twice, which the one-thread import merges', () => {
    // A1 on rows 1 and 4 (not contiguous): its answers are merged.
    const split: Row[] = [
      [2023, '060000001', 'Ville de Valbrune (démo)', 'A1', '15/09/2023', 'Téléphone', 3, null, null, null, null, null],
      ...WIDE_ROWS.slice(1),
      [2023, '060000001', 'Ville de Valbrune (démo)', 'A1', '15/09/2023', 'Téléphone', null, 'Oui', 'Non', null, null, null],
    ];
    expect(importBoth(twins, 'split', (dir) => writeSheet(path.join(dir, 'large.xlsx'), WIDE_HEADER, split)).status).toBe('imported');
    // The same answer twice in the long layout collapses into one observation.
    const twice = [...LONG_ROWS.slice(0, 3), LONG_ROWS[2]!, ...LONG_ROWS.slice(3)].map((r) => (r[3] === 'A1' ? r : [...r.slice(0, 3), `B${String(r[3]).slice(1)}`, ...r.slice(4)]));
    expect(importBoth(twins, 'twice', (dir) => writeCsv(path.join(dir, 'long.csv'), LONG_HEADER, twice)).status).toBe('imported');
    expect(streamOutcomes.streamed).toBe(0);
    expect(streamOutcomes.givenUp).toEqual(['audit rows not contiguous', 'audit already there']);
  });

  it('reports progress and can be cancelled while streaming, leaving the workspace unchanged', () => {
    const { db, dir } = twins.streamed;
    const many: Row[] = [];
    for (let i = 0; i < 6000; i++) many.push([2023, '060000001', 'V', `C${i}`, '15/09/2023', 'Téléphone', 'TEL-02', i % 2 ? 'Oui' : 'Non', null]);
    const file = writeCsv(path.join(dir, 'gros.csv'), LONG_HEADER, many);
    const audits = (): number => db.prepare('SELECT COUNT(*) FROM audit').pluck().get() as number;
    const imports = (): number => db.prepare('SELECT COUNT(*) FROM import').pluck().get() as number;
    const before = [audits(), imports()];
    const token = { cancelled: false };
    const phases = new Set<string>();
    expect(() => importFiles(db, { files: [file] }, {
      threads: 'always', backup: false, cancel: token,
      onProgress: (p) => {
        phases.add(p.phase);
        if (p.phase === 'validate' && p.rowsDone >= 2000) token.cancelled = true;
      },
    })).toThrow(/annulé/);
    expect([audits(), imports()]).toEqual(before);
    phases.clear();
    const done = importFiles(db, { files: [file] }, { threads: 'always', backup: false, onProgress: (p) => phases.add(p.phase) });
    expect(done.files[0]).toMatchObject({ status: 'imported', audits: { new: 6000 }, observations: { new: 6000 } });
    expect(phases).toEqual(new Set(['read', 'validate', 'write', 'aggregate', 'done']));
    expect(streamOutcomes.streamed).toBe(1);
  });

  it('leaves the journal to the reading thread, which folds all of it into the workspace once committed', async () => {
    const { db, dir } = twins.streamed;
    const given = db.pragma('wal_autocheckpoint', { simple: true });
    const folded = new Promise<JournalFolded>((resolve) => {
      const [report] = importFiles(db, { files: [writeCsv(path.join(dir, 'long.csv'), LONG_HEADER, longWithComments())] }, { threads: 'always', backup: false, onJournalFolded: resolve }).files;
      expect(report!.status).toBe('imported');
    });
    expect(streamOutcomes.streamed).toBe(1);
    // The connection checkpoints automatically again, as before the import.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(given);
    const answer = await folded;
    expect(answer).toMatchObject({ type: 'checkpointed', busy: 0 });
    const { log, checkpointed } = answer as { log: number; checkpointed: number };
    expect(log).toBeGreaterThan(0);
    expect(checkpointed).toBe(log);
    // The workspace file alone (its journal set aside) now holds the import.
    const copy = path.join(dir, 'sans-journal.sqlite');
    fs.copyFileSync(db.name, copy);
    const alone = openWorkspace(copy, { readonly: true });
    try {
      expect(contents(alone)).toEqual(contents(db));
    } finally {
      alone.close();
    }
  });

  it('backs up the workspace as it was before the streamed file, and takes no backup for a refused one', () => {
    const { db, dir } = twins.streamed;
    const file = db.name;
    const bad = LONG_ROWS.map((r, i) => (i === 0 ? [...r.slice(0, 5), 'Pigeon voyageur', ...r.slice(6)] : r));
    expect(importFiles(db, { files: [writeCsv(path.join(dir, 'faux.csv'), LONG_HEADER, bad)] }, { threads: 'always' }).files[0]!.status).toBe('refused');
    expect(listBackups(file)).toHaveLength(0);
    const [report] = importFiles(db, { files: [writeCsv(path.join(dir, 'long.csv'), LONG_HEADER, LONG_ROWS)] }, { threads: 'always' }).files;
    expect(report!.status).toBe('imported');
    expect(streamOutcomes.streamed).toBe(1);
    const backups = listBackups(file);
    expect(backups).toHaveLength(1);
    const copy = openWorkspace(path.join(path.dirname(file), 'sauvegardes', backups[0]!.name), { readonly: true });
    try {
      // The copy is the workspace before this file: its referential and structures, no audit.
      expect(copy.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(0);
      expect(copy.prepare('SELECT COUNT(*) FROM structure').pluck().get()).toBe(db.prepare('SELECT COUNT(*) FROM structure').pluck().get());
    } finally {
      copy.close();
    }
    expect(db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(4);
    expect(fs.existsSync(file)).toBe(true);
  });

  describe('from the Electron bundle', () => {
    // Built inside the repository (dist/ is ignored) so the bundle resolves node_modules as the
    // packaged app does from app.asar; dist/electron itself is rebuilt by electron-main.test.ts.
    const root = path.resolve(import.meta.dirname, '..', '..');
    const outdir = path.join(root, 'dist', `.electron-streamed-test-${process.pid}`);
    afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

    it('the job worker finds the bundled reading thread, which streams what the one-thread import writes', async () => {
      const script = (await import(pathToFileURL(path.join(root, 'scripts', 'build-main.js')).href)) as { buildMain: (into: string) => Promise<string> };
      await script.buildMain(outdir);
      // The job worker's bundle (worker.cjs) looks for the reading thread next to itself.
      const entry = readingThreadEntry(pathToFileURL(path.join(outdir, 'worker.cjs')).href);
      expect(entry?.href).toBe(pathToFileURL(path.join(outdir, 'parse-worker.cjs')).href);

      // The app opens its workspace with Electron's build of better-sqlite3 (nativeBinding), which the
      // reading thread's own connection must use too. Here Node's build, named explicitly: the path
      // through the option is run (which file a thread loads cannot be told apart in one process).
      const binding = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
      twins.streamed.db.close();
      twins.streamed.db = openWorkspace(path.join(twins.streamed.dir, 'espace.sqlite'), { nativeBinding: binding });
      const [streamed] = importFiles(twins.streamed.db, { files: [writeCsv(path.join(twins.streamed.dir, 'long.csv'), LONG_HEADER, longWithComments())] }, { threads: 'always', backup: false, readingThread: entry! }).files;
      const [single] = importFiles(twins.single.db, { files: [writeCsv(path.join(twins.single.dir, 'long.csv'), LONG_HEADER, longWithComments())] }, { threads: 'never', backup: false }).files;
      expect(streamOutcomes).toEqual({ streamed: 1, givenUp: [] });
      expect(comparable(streamed)).toEqual(comparable(single));
      expect(contents(twins.streamed.db)).toEqual(contents(twins.single.db));
    }, 60_000);
  });
});
