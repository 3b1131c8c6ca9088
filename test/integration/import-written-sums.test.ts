/**
 * The counts an import takes as it writes a new edition (main/analytics/written-sums.ts) stand in
 * for reading its observations back: the aggregates they give must be exactly those a refresh from
 * the observations gives, on one thread or streamed (then the reading thread counts what it sends
 * and computes the edition's scores, main/analytics/edition-scores.ts); and where they would not be
 * exact (an edition that already had audits, weights that do not sum exactly, scores computed for
 * another state of the workspace) the refresh reads back as before.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { importFiles } from '../../main/import/index.js';
import { refreshAggregates } from '../../main/analytics/refresh.js';
import { WrittenEditionSums, writtenSumsOutcomes } from '../../main/analytics/written-sums.js';
import { PostedEditionScores, postedScoresOutcomes, type PostedEdition } from '../../main/analytics/edition-scores.js';
import { tempDir } from './helpers.js';
import { REFERENTIAL_HEADER, REFERENTIAL_ROWS, STRUCTURES_HEADER, STRUCTURES_ROWS, WIDE_HEADER, writeCsv, writeSheet, type Row } from '../fixtures/small-barometer.js';

const AGGREGATES = ['score_cache', 'score_cache_item', 'score_stats', 'score_unscored_item', 'score_matrix', 'score_column', 'score_member'];

function aggregates(db: Db): Record<string, unknown[]> {
  const dump = Object.fromEntries(AGGREGATES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).raw(true).all()]));
  return { ...dump, score_cache_edition: db.prepare('SELECT edition, structures, observations FROM score_cache_edition ORDER BY 1').raw(true).all() };
}

/** The aggregates a refresh from the observations gives (the workspace's own are replaced by them). */
function readBack(db: Db): Record<string, unknown[]> {
  const editions = db.prepare('SELECT year FROM edition').pluck().all() as number[];
  db.transaction(() => {
    for (const t of [...AGGREGATES, 'score_cache_edition']) db.prepare(`DELETE FROM ${t}`).run();
    refreshAggregates(db, { editions });
  })();
  return aggregates(db);
}

function workspace(label: string, weights?: (row: Row) => number): { db: Db; dir: string } {
  const dir = tempDir(`written-sums-${label}-`);
  const db = openWorkspace(path.join(dir, 'espace.sqlite'));
  const referential = REFERENTIAL_ROWS.map((r) => (weights ? [...r.slice(0, 7), weights(r), r[8]!] : r));
  importFiles(db, {
    files: [writeSheet(path.join(dir, 'referentiel.xlsx'), REFERENTIAL_HEADER, referential), writeCsv(path.join(dir, 'structures.csv'), STRUCTURES_HEADER, STRUCTURES_ROWS)],
  }, { backup: false });
  return { db, dir };
}

/** `audits` wide rows of an edition, answers varied (numbers, yes/no, not applicable, blanks). */
function wideRows(edition: number, audits: number, prefix: string): Row[] {
  const structures = STRUCTURES_ROWS.map((r) => r[0] as string);
  const rows: Row[] = [];
  for (let a = 0; a < audits; a++) {
    const structure = structures[(a * 7) % structures.length]!;
    rows.push(a % 3 === 0
      ? [edition, structure, 'S', `${prefix}${a}`, `15/09/${edition}`, 'Téléphone', a % 9, a % 4 ? 'Oui' : 'Non', a % 5 ? 'Non' : 'Oui', null, null, null]
      : [edition, structure, 'S', `${prefix}${a}`, `18/09/${edition}`, 'Courriel', null, null, null, a % 40, a % 3 === 1 ? 'Oui' : 'Non', a % 5 ? 'Oui' : (a % 2 ? 'Sans objet' : null)]);
  }
  return rows;
}

describe('aggregates from what the import wrote', () => {
  beforeEach(() => {
    writtenSumsOutcomes.used = 0;
    postedScoresOutcomes.used = 0;
  });

  for (const threads of ['never', 'always'] as const) {
    it(`equal a refresh from the observations for a new edition (threads: ${threads})`, () => {
      const { db, dir } = workspace(`new-${threads}`);
      const file = writeSheet(path.join(dir, 'large.xlsx'), WIDE_HEADER, [...wideRows(2023, 900, 'A'), ...wideRows(2024, 300, 'B')]);
      const [report] = importFiles(db, { files: [file] }, { threads, backup: false }).files;
      expect(report!.problems).toEqual([]);
      expect(report!.status).toBe('imported');
      // Streamed, both editions' scores come from the reading thread, none from counts taken here.
      expect(writtenSumsOutcomes.used).toBe(threads === 'never' ? 2 : 0);
      expect(postedScoresOutcomes.used).toBe(threads === 'never' ? 0 : 2);
      const imported = aggregates(db);
      expect(imported.score_cache!.length).toBeGreaterThan(50);
      expect(readBack(db)).toEqual(imported);
      db.close();
    });
  }

  it('are not used for an edition that had audits: it is read back, and still equal', () => {
    const { db, dir } = workspace('existing');
    importFiles(db, { files: [writeSheet(path.join(dir, 'first.xlsx'), WIDE_HEADER, wideRows(2023, 200, 'A'))] }, { threads: 'never', backup: false });
    expect(writtenSumsOutcomes.used).toBe(1);
    const [report] = importFiles(db, { files: [writeSheet(path.join(dir, 'second.xlsx'), WIDE_HEADER, wideRows(2023, 200, 'B'))] }, { threads: 'always', backup: false }).files;
    expect(report!.audits.new).toBe(200);
    expect(writtenSumsOutcomes.used).toBe(1);
    expect(postedScoresOutcomes.used).toBe(0);
    const imported = aggregates(db);
    expect(readBack(db)).toEqual(imported);
    db.close();
  });

  it('are not used when the weights do not sum exactly (0,1): read back in the observations’ order', () => {
    const { db, dir } = workspace('inexact', (r) => (r[0] === 'TEL-01' ? 0.1 : r[0] === 'MEL-02' ? 0.7 : Number(r[7])));
    importFiles(db, { files: [writeSheet(path.join(dir, 'large.xlsx'), WIDE_HEADER, wideRows(2023, 300, 'A'))] }, { threads: 'never', backup: false });
    expect(writtenSumsOutcomes.used).toBe(0);
    const imported = aggregates(db);
    expect(readBack(db)).toEqual(imported);
    db.close();
  });

  it('scores computed on another connection are used only where this workspace has the same audits, observations and participants', () => {
    const { db, dir } = workspace('posted');
    importFiles(db, { files: [writeSheet(path.join(dir, 'large.xlsx'), WIDE_HEADER, wideRows(2023, 240, 'A'))] }, { threads: 'never', backup: false });
    const expected = readBack(db);
    // Scores computed as a reading thread does: on a connection that sees no audit yet (a second
    // workspace with the same referential and structures), from the observations as sent.
    const other = workspace('posted-other').db;
    const post = (): PostedEdition[] => {
      const counts = new WrittenEditionSums(other);
      const rows = db.prepare(`SELECT a.id, a.edition, a.structure_code, o.item_code, o.compliant FROM audit a JOIN observation o ON o.audit_id = a.id
        ORDER BY a.id, o.item_code`).raw(true).all() as Array<[number, number, string, string, 0 | 1 | null]>;
      let audit = -1;
      for (const [id, edition, structure, item, compliant] of rows) {
        if (id !== audit) counts.audit(edition, structure);
        audit = id;
        counts.observation(item, compliant);
      }
      return counts.scoresToPost();
    };
    const observations = db.prepare('SELECT COUNT(*) FROM observation').pluck().get() as number;
    const refreshWith = (posted: PostedEdition[], written: number): Record<string, unknown[]> => {
      db.transaction(() => {
        for (const t of [...AGGREGATES, 'score_cache_edition']) db.prepare(`DELETE FROM ${t}`).run();
        refreshAggregates(db, { editions: [2023], written: new PostedEditionScores(posted, new Map([[2023, written]])) });
      })();
      return aggregates(db);
    };

    expect(refreshWith(post(), observations)).toEqual(expected);
    expect(postedScoresOutcomes.used).toBe(1);
    // One observation fewer written than the scores count: refused, read back.
    expect(refreshWith(post(), observations - 1)).toEqual(expected);
    expect(postedScoresOutcomes.used).toBe(1);
    // An audit the scores do not count: refused.
    const posted = post();
    const [structure, channel] = db.prepare('SELECT structure_code, channel FROM audit LIMIT 1').raw(true).get() as [string, string];
    db.prepare("INSERT INTO audit(edition, reference, structure_code, channel, import_id) VALUES (2023, 'EXTRA', ?, ?, (SELECT MAX(id) FROM import))").run(structure, channel);
    expect(refreshWith(posted, observations)).toEqual(readBack(db));
    expect(postedScoresOutcomes.used).toBe(1);
    db.prepare("DELETE FROM audit WHERE reference = 'EXTRA'").run();
    // A participant in another category than when the scores were computed: refused.
    db.prepare('UPDATE structure SET category = (SELECT MIN(category) FROM structure WHERE category <> s.category) FROM structure s WHERE structure.code = ? AND s.code = structure.code').run(structure);
    expect(db.prepare('SELECT category FROM structure WHERE code = ?').pluck().get(structure)).not.toBe(other.prepare('SELECT category FROM structure WHERE code = ?').pluck().get(structure));
    const moved = readBack(db);
    expect(refreshWith(post(), observations)).toEqual(moved);
    expect(postedScoresOutcomes.used).toBe(1);
    other.close();
    db.close();
  });
});
