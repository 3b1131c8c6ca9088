/**
 * Re-importing the same data in another layout or format never loses anything: for every ordered
 * pair of the generator's results files of one edition (wide and long, xlsx, csv, ods and the
 * per-channel xls files), a workspace holding the first is left with every column of every table
 * unchanged by the second. This is the test that caught a long file erasing the audit times a
 * wide file had brought.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { generateDemo } from '../../main/generate/index.js';
import { importFiles } from '../../main/import/index.js';
import { tempDir } from './helpers.js';

type Row = Record<string, unknown>;
/** The workspace's bookkeeping of imports: a re-import that adds information records itself there. */
const BOOKKEEPING_TABLES = new Set(['import', 'change_log']);
const PROVENANCE_COLUMNS = new Set(['import_id', 'refreshed_at']);
/** Where each import found each audit (file row): every import records its own rows there. */
const PROVENANCE_TABLES = new Set(['audit_source']);

/** Every user table of the workspace, every column, each row under its primary key. */
function snapshot(db: Db): Map<string, Map<string, Row>> {
  // The shadow tables of the structure search index (migration 5) hold binary blocks; the index
  // itself is compared through its virtual table, row by row. The comment index (migration 12) is
  // derived from the comments compared here, which another layout may legitimately bring: left out.
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'structure\\_search\\_%' ESCAPE '\\'
    AND name NOT LIKE '%\\_comment\\_search%' ESCAPE '\\' AND name <> 'observation_comment' ORDER BY name`).pluck().all() as string[];
  return new Map(tables.map((t) => {
    const info = db.prepare('SELECT name, pk FROM pragma_table_info(?)').all(t) as Array<{ name: string; pk: number }>;
    const keys = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    // Binary columns (the score matrix's packed scores) are compared by content, as hex.
    const rows = (db.prepare(`SELECT ${keys.length > 0 ? '' : 'rowid AS __rowid, '}* FROM "${t}"`).all() as Row[])
      .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : v])));
    return [t, new Map(rows.map((r) => [JSON.stringify(keys.length > 0 ? keys.map((k) => r[k]) : r.__rowid), r]))];
  }));
}

/** What the second import changed in what the first one left, one line per difference. */
const layoutOf = (label: string): string => label.split('.')[0]!;

function differences(before: Map<string, Map<string, Row>>, after: Map<string, Map<string, Row>>, nothingNew: boolean): string[] {
  const found: string[] = [];
  for (const [table, rows] of before) {
    const next = after.get(table)!;
    if (PROVENANCE_TABLES.has(table)) continue;
    if (BOOKKEEPING_TABLES.has(table)) {
      if (nothingNew && next.size !== rows.size) found.push(`${table}: ${rows.size} rows → ${next.size}`);
      continue;
    }
    if (next.size !== rows.size) found.push(`${table}: ${rows.size} rows → ${next.size}`);
    for (const [key, row] of rows) {
      const now = next.get(key);
      if (!now) { found.push(`${table} ${key}: removed`); continue; }
      for (const [column, value] of Object.entries(row)) {
        if (now[column] === value) continue;
        // Another layout may bring what the first one lacked (observation comments are in the long
        // layout only), and the row then points to the import that brought it; nothing else moves.
        if (!nothingNew && (value === null || PROVENANCE_COLUMNS.has(column))) continue;
        found.push(`${table} ${key}.${column}: ${JSON.stringify(value)} → ${JSON.stringify(now[column])}`);
      }
    }
  }
  return found;
}

describe('re-import of the same edition in every other layout and format', { timeout: 600_000 }, () => {
  const sources = new Map<string, string[]>();
  let baseFile: string;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir('barometre-reimport-');
    const out = path.join(dir, 'files');
    const result = await generateDemo({ out, seed: 5, structures: 10, editions: [2023], formats: ['xlsx', 'csv', 'ods', 'xls'], layout: 'both' });
    const names = result.files.map((f) => f.name);
    for (const layout of ['large', 'long']) {
      for (const ext of ['xlsx', 'csv', 'ods']) sources.set(`${layout}.${ext}`, [path.join(out, `resultats-2023-${layout}.${ext}`)]);
      sources.set(`${layout}.xls (par canal)`, names.filter((n) => n.startsWith(`resultats-2023-${layout}-`) && n.endsWith('.xls')).map((n) => path.join(out, n)));
    }
    for (const files of sources.values()) for (const f of files) expect(fs.existsSync(f), f).toBe(true);
    // The referential and structures once, then copied for every pair: each pair starts alike.
    baseFile = path.join(dir, 'base.sqlite');
    const db = openWorkspace(baseFile);
    importFiles(db, { files: [path.join(out, 'referentiel.xlsx'), path.join(out, 'referentiel-2023.xlsx'), path.join(out, 'structures.xlsx')] });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  });

  it('leaves every column of every table unchanged, whatever the order of the pair', () => {
    const labels = [...sources.keys()];
    expect(labels).toHaveLength(8);
    let pairs = 0;
    for (const first of labels) {
      const file = path.join(dir, `pair-${pairs}.sqlite`);
      fs.copyFileSync(baseFile, file);
      const db = openWorkspace(file);
      try {
        const imported = importFiles(db, { files: sources.get(first)! });
        for (const f of imported.files) expect(f.status, `${first}: ${f.fileName}`).toBe('imported');
        // Times come only from the wide files (the generator's `Heure` column): they must be there.
        if (first.startsWith('large')) expect(db.prepare('SELECT COUNT(*) FROM audit WHERE audit_time IS NULL').pluck().get(), first).toBe(0);
        const layoutsHeld = new Set([layoutOf(first)]);
        for (const second of labels) {
          if (second === first) continue;
          const before = snapshot(db);
          const again = importFiles(db, { files: sources.get(second)! });
          for (const f of again.files) {
            expect(f.problemCount, `${first} then ${second}: ${f.fileName}`).toBe(0);
            expect(f.audits.new + f.observations.new, `${first} then ${second}: ${f.fileName}`).toBe(0);
          }
          // A layout the workspace already holds brings nothing new: not a single value may move.
          const nothingNew = layoutsHeld.has(layoutOf(second));
          if (nothingNew) for (const f of again.files) expect(f.status, `${first} then ${second}: ${f.fileName}`).toBe('unchanged');
          expect(differences(before, snapshot(db), nothingNew).slice(0, 10), `${first} then ${second}`).toEqual([]);
          layoutsHeld.add(layoutOf(second));
          pairs++;
        }
      } finally {
        db.close();
      }
    }
    expect(pairs).toBe(8 * 7);
  });
});
