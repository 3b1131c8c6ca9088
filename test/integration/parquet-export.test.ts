/**
 * `barometer export parquet`: the small fixture imported for real, exported to Parquet, and read
 * back with DuckDB — every exported table's row count against SQLite's, column types, a few
 * values, personal data masked unless --keep-names, bookkeeping tables left out. The last case
 * runs the compiled CLI (bin/barometer.js → dist/cli/barometer.mjs) in a child process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { readCache } from '../../main/analytics/cache-read.js';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import { exportableTables } from '../../main/export/parquet.js';
import { tempDir } from './helpers.js';
import { LONG_HEADER, LONG_ROWS, writeCsv, writeSmallBarometer } from '../fixtures/small-barometer.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PERSONAL_COMMENT = 'Mme Dupont a rappelé au 06 12 34 56 78';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io: CliIo & { stdout: string; stderr: string } = {
    stdout: '', stderr: '', interactive: false,
    out(text) { io.stdout += `${text}\n`; },
    err(text) { io.stderr += `${text}\n`; },
  };
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

let dir: string;
let workspace: string;
let duck: DuckDBConnection;
let instance: DuckDBInstance;

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  return (await duck.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
}

const parquet = (folder: string, table: string): string => `read_parquet('${path.join(folder, `${table}.parquet`).replace(/'/g, "''")}')`;

beforeAll(async () => {
  dir = tempDir('barometre-parquet-');
  workspace = path.join(dir, 'espace.sqlite');
  const files = writeSmallBarometer(dir);
  // One comment naming an agent and a phone number: the export must mask it by default.
  const rows = LONG_ROWS.map((r) => [...r]);
  rows[2]![8] = PERSONAL_COMMENT;
  const long = writeCsv(path.join(dir, 'resultats-nominatifs.csv'), LONG_HEADER, rows);
  const imported = await run(['import', files.referential, files.structures, long, '--db', workspace]);
  expect(imported.code, imported.stderr).toBe(0);
  instance = await DuckDBInstance.create(':memory:');
  duck = await instance.connect();
});

afterAll(() => {
  duck?.closeSync();
  instance?.closeSync();
});

describe('barometer export parquet', () => {
  it('writes one Parquet file per table that DuckDB reads back with the same rows and values', async () => {
    const out = path.join(dir, 'parquet');
    const result = await run(['export', 'parquet', '--out', out, '--db', workspace, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as { tables: Array<{ table: string; rows: number; columns: Array<{ name: string; type: string }> }> };

    const sqlite = new Database(workspace, { readonly: true });
    try {
      const expected = exportableTables(sqlite);
      expect(expected).toEqual(expect.arrayContaining(['structure', 'item', 'audit', 'observation', 'edition', 'category', 'score_cache', 'score_stats', 'import']));
      expect(answer.tables.map((t) => t.table).sort()).toEqual([...expected].sort());
      // Bookkeeping and search indexes stay out.
      expect(fs.existsSync(path.join(out, 'change_log.parquet'))).toBe(false);
      expect(fs.readdirSync(out).filter((f) => f.startsWith('structure_search'))).toEqual([]);

      // The item level's binary records are written decoded: one row per structure and item.
      const itemRows = (sqlite.prepare('SELECT DISTINCT edition FROM score_cache_item').pluck().all() as number[])
        .flatMap((edition) => readCache(sqlite, { edition, level: 'item' }));
      expect(itemRows.length).toBeGreaterThan(0);
      for (const table of expected) {
        const count = table === 'score_cache_item' ? itemRows.length : (sqlite.prepare(`SELECT COUNT(*) FROM "${table}"`).pluck().get() as number);
        const [read] = await query(`SELECT COUNT(*) AS n FROM ${parquet(out, table)}`);
        expect(Number(read!.n), table).toBe(count);
        expect(answer.tables.find((t) => t.table === table)!.rows, table).toBe(count);
      }
      expect(Number((await query(`SELECT COUNT(*) AS n FROM ${parquet(out, 'observation')}`))[0]!.n)).toBe(10);
      const sample = itemRows.find((r) => r.rank !== null)!;
      const [decoded] = await query(`SELECT * FROM ${parquet(out, 'score_cache_item')} WHERE edition = ${sample.edition} AND structure_code = '${sample.structure}' AND item = '${sample.key}'`);
      expect([decoded!.compliant_weight, decoded!.applicable_weight, Number(decoded!.observations), Number(decoded!.peers)])
        .toEqual([sample.compliantWeight, sample.applicableWeight, sample.observations, expect.any(Number)]);
      expect(Number(decoded!.peers)).toBeGreaterThanOrEqual(Number(decoded!.peers_below) + Number(decoded!.peers_equal));
      // The place written is the one the readers give.
      const peers = Number(decoded!.peers);
      expect([peers - Number(decoded!.peers_below) - Number(decoded!.peers_equal) + 1, (100 * (Number(decoded!.peers_below) + 0.5 * Number(decoded!.peers_equal))) / peers])
        .toEqual([sample.rank, sample.percentile]);

      const types = Object.fromEntries((await query(`DESCRIBE SELECT * FROM ${parquet(out, 'observation')}`)).map((r) => [r.column_name, r.column_type]));
      expect(types).toMatchObject({ audit_id: 'BIGINT', item_code: 'VARCHAR', compliant: 'BIGINT', measure: 'DOUBLE', comment: 'VARCHAR' });

      // A few values, joined by DuckDB across files as a warehouse would.
      const [valbrune] = await query(`SELECT name, population, sector FROM ${parquet(out, 'structure')} WHERE code = '060000001'`);
      expect(valbrune).toEqual({ name: 'Ville de Valbrune (démo)', population: 75000n, sector: 'public' });
      const measures = await query(`SELECT a.reference, o.item_code, o.measure, o.compliant FROM ${parquet(out, 'observation')} o
        JOIN ${parquet(out, 'audit')} a ON a.id = o.audit_id WHERE o.measure IS NOT NULL ORDER BY a.reference, o.item_code`);
      const sqliteMeasures = sqlite.prepare(`SELECT a.reference, o.item_code, o.measure, o.compliant FROM observation o JOIN audit a ON a.id = o.audit_id
        WHERE o.measure IS NOT NULL ORDER BY a.reference, o.item_code`).all() as Array<{ reference: string; item_code: string; measure: number; compliant: number | null }>;
      expect(measures.map((m) => [m.reference, m.item_code, m.measure, m.compliant === null ? null : Number(m.compliant)]))
        .toEqual(sqliteMeasures.map((m) => [m.reference, m.item_code, m.measure, m.compliant]));
      expect(measures.find((m) => m.reference === 'A2' && m.item_code === 'MEL-01')?.measure).toBe(30.5);

      const overall = sqlite.prepare("SELECT score FROM score_cache WHERE structure_code = '060000001' AND level = 'overall'").pluck().get() as number;
      expect(overall).toBeGreaterThan(0);
      const [cached] = await query(`SELECT score FROM ${parquet(out, 'score_cache')} WHERE structure_code = '060000001' AND level = 'overall'`);
      expect(cached!.score).toBe(overall);
      // Ranks and percentiles are derived from the categories' scores (score_stats.runs): written as the readers see them.
      const ranked = readCache(sqlite, { edition: 2023 }).filter((r) => r.level !== 'item' && r.rank !== null);
      expect(ranked.length).toBeGreaterThan(0);
      const exportedRanks = await query(`SELECT structure_code, level, key, peer_rank, peer_percentile FROM ${parquet(out, 'score_cache')} WHERE edition = 2023 AND peer_rank IS NOT NULL`);
      const key = (r: { structure: string; level: string; key: string }): string => `${r.structure}|${r.level}|${r.key}`;
      expect(exportedRanks.map((r) => [key({ structure: String(r.structure_code), level: String(r.level), key: String(r.key) }), Number(r.peer_rank), r.peer_percentile]).sort())
        .toEqual(ranked.map((r) => [key(r), r.rank, r.percentile]).sort());

      // Personal data: masked by default.
      const [comment] = await query(`SELECT o.comment FROM ${parquet(out, 'observation')} o JOIN ${parquet(out, 'audit')} a ON a.id = o.audit_id WHERE a.reference = 'A1' AND o.item_code = 'TEL-03'`);
      expect(comment!.comment).not.toContain('Dupont');
      expect(comment!.comment).not.toContain('06 12 34 56 78');
      expect(comment!.comment).toContain('[nom]');
      expect(comment!.comment).toContain('[téléphone]');

      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { tables: Array<{ table: string; file: string; rows: number }> };
      expect(manifest.tables.find((t) => t.table === 'observation')).toMatchObject({ file: 'observation.parquet', rows: 10 });
    } finally {
      sqlite.close();
    }
  });

  it('keeps comments as written with --keep-names, and says so', async () => {
    const out = path.join(dir, 'parquet-nominatif');
    const result = await run(['export', 'parquet', '--out', out, '--db', workspace, '--keep-names']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('non masqués');
    const [comment] = await query(`SELECT comment FROM ${parquet(out, 'observation')} WHERE comment IS NOT NULL AND comment LIKE 'Mme%'`);
    expect(comment!.comment).toBe(PERSONAL_COMMENT);
  });

  it('runs from the compiled CLI bundle in a child process', () => {
    const out = path.join(dir, 'parquet-cli');
    const help = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'barometer.js'), '--help'], { encoding: 'utf8', timeout: 120_000 });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('export');
    const child = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'barometer.js'), 'export', 'parquet', '--out', out, '--db', workspace, '--json'], { encoding: 'utf8', timeout: 120_000 });
    expect(child.status, child.stderr).toBe(0);
    expect(fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'barometer.mjs'))).toBe(true);
    const answer = JSON.parse(child.stdout) as { tables: Array<{ table: string; rows: number }> };
    expect(answer.tables.find((t) => t.table === 'observation')?.rows).toBe(10);
  });
});
