/**
 * The workspace's tables as Parquet files, one per table, for tools beyond one workstation
 * (DuckDB, Spark, pandas/Polars, a data warehouse). DuckDB writes the files: its SQLite extension
 * is downloaded on first use, which this offline workstation cannot do, so the rows are read with
 * better-sqlite3 (one read transaction: every file comes from the same state of the workspace),
 * appended to an in-memory DuckDB table, and written by `COPY … TO … (FORMAT parquet)`, one table
 * at a time so memory holds at most the largest table.
 *
 * Columns keep their SQLite names. Types follow the declared type (SQLite affinity): INTEGER →
 * BIGINT, REAL → DOUBLE, TEXT → VARCHAR, BLOB → BLOB; a column holding values of another kind
 * (SQLite allows it) is widened (integers and reals → DOUBLE, anything with text → VARCHAR), so
 * nothing is lost. Dates stay ISO text as stored. Free-text columns where audits name people
 * (comments, the values and reasons of corrections) are masked by the rule of
 * shared/personal-data.ts unless `keepNames`. Internal bookkeeping (undo history, the workspace
 * marker, full-text search indexes) is not exported. The item level of the aggregates, stored as
 * binary records (migration 014), is written decoded: one row per structure and item. Each file is
 * written under a temporary name then renamed; `manifest.json` lists tables, columns, types and
 * row counts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { maskNullable } from '../../shared/personal-data.js';
import type { Db } from '../db/connection.js';
import { itemPackLayoutOf, unpackItems } from '../analytics/item-pack.js';
import { scoreOf } from '../analytics/score-math.js';
import { CategoryPlaces, hasCategoryRuns } from '../analytics/category-runs.js';

export type ParquetType = 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'BLOB';

export interface ParquetColumn {
  name: string;
  type: ParquetType;
  /** Personal data masked (comments and the like), unless `keepNames`. */
  masked: boolean;
}

export interface ParquetTable {
  table: string;
  file: string;
  rows: number;
  columns: ParquetColumn[];
}

export interface ParquetExportResult {
  folder: string;
  tables: ParquetTable[];
  keepNames: boolean;
  manifest: string;
}

export interface ParquetExportOptions {
  outDir: string;
  /** Leave names, telephone numbers and e-mail addresses in comments (internal use only). */
  keepNames?: boolean;
  /** Called after each table is written. */
  onTable?: (table: ParquetTable, done: number, total: number) => void;
}

/** Bookkeeping that is not data: undo images, the workspace's identity marker. */
const INTERNAL_TABLES = new Set(['change_log', 'workspace_marker', 'observation_correction_before', 'score_item_keys']);
/** Free-text columns where an audit may name a person: masked unless keepNames. */
const FREE_TEXT_COLUMNS = new Set(['comment', 'before_value', 'after_value', 'reason']);

/** The tables worth exporting: ordinary tables minus SQLite's own, virtual tables and their shadows. */
export function exportableTables(db: Db): string[] {
  const rows = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string; sql: string | null }>;
  const virtual = rows.filter((r) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql ?? '')).map((r) => r.name);
  return rows
    .map((r) => r.name)
    .filter((name) => !name.startsWith('sqlite_') && !INTERNAL_TABLES.has(name))
    .filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
}

/** SQLite's type affinity rules (https://www.sqlite.org/datatype3.html §3.1), as a Parquet type. */
function declaredType(declared: string): ParquetType {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return 'BIGINT';
  if (/CHAR|CLOB|TEXT/.test(type)) return 'VARCHAR';
  if (type === '' || type.includes('BLOB')) return 'BLOB';
  return 'DOUBLE';
}

const quoteId = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteText = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** Each column's Parquet type: its declared type, widened when the stored values need it. */
function columnsOf(db: Db, table: string, keepNames: boolean): ParquetColumn[] {
  const info = db.prepare('SELECT name, type FROM pragma_table_info(?) ORDER BY cid').all(table) as Array<{ name: string; type: string }>;
  if (info.length === 0) return [];
  // One pass over the table: which kinds of value each column actually holds.
  const kinds = info.map((c) => `MAX(typeof(${quoteId(c.name)}) = 'integer'), MAX(typeof(${quoteId(c.name)}) = 'real'), MAX(typeof(${quoteId(c.name)}) = 'text'), MAX(typeof(${quoteId(c.name)}) = 'blob')`);
  const seen = db.prepare(`SELECT ${kinds.join(', ')} FROM ${quoteId(table)}`).raw(true).get() as Array<number | null>;
  return info.map((c, i) => {
    const [integer, real, text, blob] = seen.slice(i * 4, i * 4 + 4).map((v) => v === 1);
    let type = declaredType(c.type);
    if (blob && type !== 'BLOB') type = 'VARCHAR';
    else if (type === 'BLOB' && !blob && (integer || real || text)) type = text ? 'VARCHAR' : real ? 'DOUBLE' : 'BIGINT';
    else if (type === 'BLOB' && (integer || real || text)) type = 'VARCHAR';
    else if (text && type !== 'VARCHAR') type = 'VARCHAR';
    else if (real && type === 'BIGINT') type = 'DOUBLE';
    const masked = !keepNames && FREE_TEXT_COLUMNS.has(c.name) && type === 'VARCHAR';
    return { name: c.name, type, masked };
  });
}

type SqliteValue = bigint | number | string | Buffer | null;

const decodedColumn = (name: string, type: ParquetType): ParquetColumn => ({ name, type, masked: false });

/**
 * The places of an edition as the readers derive them (migration 015), with each structure's
 * category when the aggregates were computed (score_member); null where places are stored.
 */
function placesOf(db: Db, edition: number): { places: CategoryPlaces; categoryOf: Map<string, string> } | null {
  if (!hasCategoryRuns(db)) return null;
  const categoryOf = new Map(db.prepare('SELECT structure_code, category FROM score_member WHERE edition = ?').raw(true).all(edition) as Array<[string, string]>);
  return { places: new CategoryPlaces(db, edition), categoryOf };
}

/** Tables written decoded rather than as stored (any tool can read the rows). */
const DECODED_TABLES: Record<string, { columns: ParquetColumn[]; rows: (db: Db) => Iterable<SqliteValue[]> }> = {
  // The rank and percentile columns filled from the categories' scores (score_stats.runs,
  // migration 015), as the readers derive them; a workspace without runs has them stored.
  score_cache: {
    columns: [
      decodedColumn('edition', 'BIGINT'), decodedColumn('structure_code', 'VARCHAR'), decodedColumn('level', 'VARCHAR'), decodedColumn('key', 'VARCHAR'),
      decodedColumn('compliant_weight', 'DOUBLE'), decodedColumn('applicable_weight', 'DOUBLE'), decodedColumn('observations', 'BIGINT'),
      decodedColumn('applicable', 'BIGINT'), decodedColumn('compliant', 'BIGINT'), decodedColumn('audits', 'BIGINT'), decodedColumn('score', 'DOUBLE'),
      decodedColumn('peer_rank', 'BIGINT'), decodedColumn('peer_percentile', 'DOUBLE'),
    ],
    *rows(db) {
      const editions = db.prepare('SELECT DISTINCT edition FROM score_cache ORDER BY edition').pluck().all() as number[];
      const rows = db.prepare(`SELECT edition, structure_code, level, key, compliant_weight, applicable_weight, observations, applicable, compliant, audits,
        score, peer_rank, peer_percentile FROM score_cache WHERE edition = ? ORDER BY structure_code, level, key`).raw(true);
      for (const edition of editions) {
        const derived = placesOf(db, edition);
        for (const row of rows.iterate(edition) as IterableIterator<SqliteValue[]>) {
          if (derived !== null) {
            const place = derived.places.place(derived.categoryOf.get(row[1] as string) ?? '', row[2] as string, row[3] as string, row[10] as number | null);
            row[11] = place?.rank ?? null;
            row[12] = place?.percentile ?? null;
          }
          yield row;
        }
      }
    },
  },
  // One row per structure and item (score_item_keys, which the records follow, is folded in).
  score_cache_item: {
    columns: [
      decodedColumn('edition', 'BIGINT'), decodedColumn('structure_code', 'VARCHAR'), decodedColumn('item', 'VARCHAR'),
      decodedColumn('compliant_weight', 'DOUBLE'), decodedColumn('applicable_weight', 'DOUBLE'), decodedColumn('observations', 'BIGINT'),
      decodedColumn('applicable', 'BIGINT'), decodedColumn('compliant', 'BIGINT'), decodedColumn('audits', 'BIGINT'),
      decodedColumn('peers_below', 'BIGINT'), decodedColumn('peers_equal', 'BIGINT'), decodedColumn('peers', 'BIGINT'),
    ],
    *rows(db) {
      const editions = db.prepare('SELECT DISTINCT edition FROM score_cache_item ORDER BY edition').pluck().all() as number[];
      const rows = db.prepare('SELECT structure_code, items FROM score_cache_item WHERE edition = ? ORDER BY structure_code').raw(true);
      for (const edition of editions) {
        const layout = itemPackLayoutOf(db, edition);
        const derived = placesOf(db, edition);
        for (const [code, items] of rows.iterate(edition) as IterableIterator<[string, string | Buffer]>) {
          for (const p of unpackItems(items, layout)) {
            if (derived !== null) {
              const counts = derived.places.counts(derived.categoryOf.get(code) ?? '', 'item', p[0], scoreOf(p[1], p[2]));
              [p[7], p[8], p[9]] = counts === null ? [null, null, null] : [counts.below, counts.equal, counts.n];
            }
            yield [edition, code, ...p];
          }
        }
      }
    },
  },
};

function appendValue(appender: DuckDBAppender, column: ParquetColumn, value: SqliteValue): void {
  if (value === null) {
    appender.appendNull();
    return;
  }
  switch (column.type) {
    case 'BIGINT':
      appender.appendBigInt(typeof value === 'bigint' ? value : BigInt(value as number));
      return;
    case 'DOUBLE':
      appender.appendDouble(Number(value));
      return;
    case 'BLOB':
      appender.appendBlob(value instanceof Uint8Array ? value : Buffer.from(String(value)));
      return;
    case 'VARCHAR': {
      const text = value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : String(value);
      appender.appendVarchar(column.masked ? (maskNullable(text) ?? '') : text);
    }
  }
}

/** One table copied from SQLite into DuckDB, written to Parquet, then dropped. */
async function exportTable(db: Db, duck: DuckDBConnection, table: string, columns: ParquetColumn[], file: string, decoded?: Iterable<SqliteValue[]>): Promise<number> {
  const staging = `t_${table.replace(/\W/g, '_')}`;
  await duck.run(`CREATE OR REPLACE TABLE ${quoteId(staging)} (${columns.map((c) => `${quoteId(c.name)} ${c.type}`).join(', ')})`);
  const appender = await duck.createAppender(staging);
  let rows = 0;
  try {
    // safeIntegers: 64-bit integers arrive as bigint, exactly (ids, counts), as DuckDB's BIGINT wants.
    const statement = decoded ? null : db.prepare(`SELECT ${columns.map((c) => quoteId(c.name)).join(', ')} FROM ${quoteId(table)}`).raw(true).safeIntegers(true);
    for (const row of decoded ?? (statement!.iterate() as IterableIterator<SqliteValue[]>)) {
      for (let i = 0; i < columns.length; i += 1) appendValue(appender, columns[i]!, row[i] ?? null);
      appender.endRow();
      rows += 1;
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    await duck.run(`COPY ${quoteId(staging)} TO ${quoteText(temporary)} (FORMAT parquet, COMPRESSION zstd)`);
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
    await duck.run(`DROP TABLE ${quoteId(staging)}`);
  }
  return rows;
}

export async function exportWorkspaceParquet(db: Db, options: ParquetExportOptions): Promise<ParquetExportResult> {
  const keepNames = options.keepNames === true;
  const folder = path.resolve(options.outDir);
  fs.mkdirSync(folder, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const duck = await instance.connect();
  // One read transaction: every file reflects the same state, even if an import runs meanwhile.
  const ownTransaction = !db.inTransaction;
  if (ownTransaction) db.exec('BEGIN');
  const tables: ParquetTable[] = [];
  try {
    const names = exportableTables(db);
    for (const table of names) {
      const decoded = DECODED_TABLES[table];
      const columns = decoded?.columns ?? columnsOf(db, table, keepNames);
      if (columns.length === 0) continue;
      const file = path.join(folder, `${table}.parquet`);
      const rows = await exportTable(db, duck, table, columns, file, decoded?.rows(db));
      const entry = { table, file, rows, columns };
      tables.push(entry);
      options.onTable?.(entry, tables.length, names.length);
    }
  } finally {
    if (ownTransaction && db.inTransaction) db.exec('COMMIT');
    duck.closeSync();
    instance.closeSync();
  }
  const manifest = path.join(folder, 'manifest.json');
  const description = {
    format: 'parquet',
    exportedAt: new Date().toISOString(),
    personalData: keepNames ? 'kept (internal use only)' : 'masked in free-text columns (shared/personal-data.ts)',
    tables: tables.map((t) => ({ table: t.table, file: path.basename(t.file), rows: t.rows, columns: t.columns })),
  };
  fs.writeFileSync(`${manifest}.tmp`, `${JSON.stringify(description, null, 2)}\n`);
  fs.renameSync(`${manifest}.tmp`, manifest);
  return { folder, tables, keepNames, manifest };
}
