/**
 * Brings one edition's rows of an aggregate table to a new set of rows while writing only what
 * differs: the full refresh (refresh.ts) recomputes every row of an edition, but after most of its
 * callers (an undo, a structures or referential import, the incremental refresh's fallback, a
 * second refresh of an unchanged edition) most rows come out exactly as they were, and rewriting
 * them (B-tree pages, then the WAL at commit) was about half of the refresh's time. The stored
 * result is the same as deleting the edition's rows and inserting the new ones.
 *
 * The new rows are put in primary-key order and merged with the stored ones, read in the same
 * order a page at a time (memory stays flat: 60,000 score_cache rows are never all held). A row
 * equal value for value (`===`; numbers read back from SQLite are the doubles written, NULL is
 * null; BLOBs byte for byte) is left alone, a changed one updated, a new one inserted by batches,
 * a stored one no longer produced deleted. Rows put out of order are still handled (upsert, and a
 * stored row passed over is only deleted at the end if it was never put): the order only decides
 * how fast.
 */
import type { Db } from '../db/connection.js';
import type { Statement } from 'better-sqlite3';

export type CellValue = string | number | null | Buffer;

/** Stored rows read per page of the merge. */
const PAGE_ROWS = 4096;
/**
 * When more than this share of the rows met so far differ (after a first page of them), the rest
 * of the edition's stored rows are deleted in one statement and the remaining rows inserted by
 * batches: updating row by row costs more than rewriting (a referential change moves every score).
 */
const REWRITE_SHARE = 0.5;
/**
 * Rows per multi-row INSERT: many small rows per call amortise the call, but batching large
 * values (a packed item row is ~15 Ko) gains nothing, so batches are bounded by bytes too.
 */
const PARAMETERS_PER_BATCH = 832;
const BYTES_PER_BATCH = 16_384;

/**
 * Statements per connection, prepared once and reused by every refresh: a multi-row INSERT of
 * hundreds of parameters takes longer to prepare than to run on a small table.
 */
const statementCache = new WeakMap<Db, Map<string, Statement>>();

function prepared(db: Db, sql: string): Statement {
  let statements = statementCache.get(db);
  if (statements === undefined) statementCache.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (statement === undefined) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}

const sameCell = (a: CellValue, b: CellValue): boolean =>
  a === b || (Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b));

/** SQLite's BINARY order (UTF-8 bytes) on strings, numeric order on numbers. */
function compareCells(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i += 1) {
    const cx = x.charCodeAt(i);
    const cy = y.charCodeAt(i);
    if (cx === cy) continue;
    // Below the surrogates, UTF-16 code units and UTF-8 bytes sort alike.
    if (cx < 0xd800 && cy < 0xd800) return cx - cy;
    return Buffer.compare(Buffer.from(x), Buffer.from(y));
  }
  return x.length - y.length;
}

export class EditionRows {
  private readonly keyCount: number;
  private readonly firstPage: Statement;
  private readonly nextPage: Statement;
  private page: CellValue[][] = [];
  private pageAt = 0;
  private exhausted = false;
  /** Stored rows the merge went past without a matching new row: deleted at the end unless put later. */
  private readonly passed = new Map<string, CellValue[]>();
  /**
   * New rows inserted while stored rows remain: a stored row of the same key met later (only if
   * this comparison ever disagreed with SQLite's ORDER BY) was overwritten by the upsert, not stale.
   */
  private readonly insertedAhead = new Set<string>();
  private batch: CellValue[] = [];
  private batchRows = 0;
  private batchSize = 0;
  private update: Statement | undefined;
  private written = 0;
  /** Rows put, and rows put that were stored with other values. */
  private met = 0;
  private differing = 0;

  constructor(private readonly db: Db, private readonly table: string, private readonly keyColumns: readonly string[],
    private readonly valueColumns: readonly string[], private readonly edition: number) {
    this.keyCount = keyColumns.length;
    const columns = [...keyColumns, ...valueColumns].join(', ');
    const order = keyColumns.join(', ');
    this.firstPage = prepared(db, `SELECT ${columns} FROM ${table} WHERE edition = ? ORDER BY ${order} LIMIT ${PAGE_ROWS}`).raw(true);
    this.nextPage = prepared(db, `SELECT ${columns} FROM ${table} WHERE edition = ? AND (${order}) > (${keyColumns.map(() => '?').join(', ')})
      ORDER BY ${order} LIMIT ${PAGE_ROWS}`).raw(true);
    this.readPage(this.firstPage.all(edition) as CellValue[][]);
    // Nothing stored for the edition (an edition imported, its aggregates wiped): every row is
    // new, inserted without a conflict clause.
    this.bulk = this.page.length === 0;
  }

  /** Whether the edition had no stored row: no comparison, plain inserts. */
  private readonly bulk: boolean;

  /** Adds one new row: its key columns, then its value columns (in the constructor's order). */
  put(row: CellValue[]): void {
    if (this.bulk) {
      this.insertRow(row);
      return;
    }
    this.met += 1;
    if (!this.exhausted && this.met > PAGE_ROWS && this.differing > REWRITE_SHARE * this.met) this.dropRest();
    for (;;) {
      const old = this.current();
      if (old === undefined) break;
      const order = this.compareKeys(old, row);
      if (order > 0) break;
      this.advance();
      if (order === 0) {
        if (!this.sameValues(old, row)) this.updateRow(row);
        return;
      }
      const id = this.idOf(old);
      if (!this.insertedAhead.delete(id)) this.passed.set(id, old);
    }
    const id = this.passed.size > 0 || !this.exhausted ? this.idOf(row) : '';
    const passed = this.passed.size > 0 ? this.passed.get(id) : undefined;
    if (passed !== undefined) {
      this.passed.delete(id);
      if (!this.sameValues(passed, row)) this.updateRow(row);
      return;
    }
    if (!this.exhausted) this.insertedAhead.add(id);
    this.insertRow(row);
  }

  /** Writes what is left: pending inserts, and the deletion of stored rows no longer produced. Returns the rows written. */
  finish(): number {
    this.flush();
    const stale: CellValue[][] = [...this.passed.values()];
    for (let old = this.current(); old !== undefined; old = this.current()) {
      if (!this.insertedAhead.delete(this.idOf(old))) stale.push(old);
      this.advance();
    }
    if (stale.length > 0) {
      const remove = this.db.prepare(`DELETE FROM ${this.table} WHERE edition = ? AND ${this.keyColumns.map((c) => `${c} = ?`).join(' AND ')}`);
      for (const old of stale) remove.run(this.edition, ...old.slice(0, this.keyCount));
    }
    return this.written + stale.length;
  }

  private current(): CellValue[] | undefined {
    return this.page[this.pageAt];
  }

  private advance(): void {
    this.pageAt += 1;
    if (this.pageAt < this.page.length || this.exhausted) return;
    const last = this.page[this.page.length - 1] as CellValue[];
    this.readPage(this.nextPage.all(this.edition, ...last.slice(0, this.keyCount)) as CellValue[][]);
  }

  private readPage(rows: CellValue[][]): void {
    this.page = rows;
    this.pageAt = 0;
    if (rows.length < PAGE_ROWS) this.exhausted = true;
  }

  private compareKeys(a: CellValue[], b: CellValue[]): number {
    for (let i = 0; i < this.keyCount; i += 1) {
      const c = compareCells(a[i] as CellValue, b[i] as CellValue);
      if (c !== 0) return c;
    }
    return 0;
  }

  private sameValues(a: CellValue[], b: CellValue[]): boolean {
    for (let i = this.keyCount; i < a.length; i += 1) if (!sameCell(a[i] as CellValue, b[i] as CellValue)) return false;
    return true;
  }

  private idOf(row: CellValue[]): string {
    return JSON.stringify(row.slice(0, this.keyCount));
  }

  /** Deletes the stored rows from the merge's position on: every row put from now on is inserted. */
  private dropRest(): void {
    const old = this.current();
    if (old !== undefined) {
      this.flush();
      this.db.prepare(`DELETE FROM ${this.table} WHERE edition = ? AND (${this.keyColumns.join(', ')}) >= (${this.keyColumns.map(() => '?').join(', ')})`)
        .run(this.edition, ...old.slice(0, this.keyCount));
    }
    this.page = [];
    this.pageAt = 0;
    this.exhausted = true;
  }

  private updateRow(row: CellValue[]): void {
    this.differing += 1;
    this.update ??= this.db.prepare(`UPDATE ${this.table} SET ${this.valueColumns.map((c) => `${c} = ?`).join(', ')}
      WHERE edition = ? AND ${this.keyColumns.map((c) => `${c} = ?`).join(' AND ')}`);
    this.update.run(...row.slice(this.keyCount), this.edition, ...row.slice(0, this.keyCount));
    this.written += 1;
  }

  private insertRow(row: CellValue[]): void {
    if (this.batchSize === 0) {
      let bytes = 8 * (row.length + 1);
      for (const cell of row) if (typeof cell === 'string' || Buffer.isBuffer(cell)) bytes += cell.length;
      this.batchSize = Math.max(1, Math.min(Math.floor(PARAMETERS_PER_BATCH / (row.length + 1)), Math.floor(BYTES_PER_BATCH / bytes)));
    }
    this.batch.push(this.edition);
    for (const cell of row) this.batch.push(cell);
    this.batchRows += 1;
    this.written += 1;
    if (this.batchRows === this.batchSize) this.flush();
  }

  private readonly inserts = new Map<number, Statement>();

  private flush(): void {
    if (this.batchRows === 0) return;
    let insert = this.inserts.get(this.batchRows);
    if (insert === undefined) {
      const columns = ['edition', ...this.keyColumns, ...this.valueColumns];
      const tuple = `(${columns.map(() => '?').join(',')})`;
      // Otherwise an upsert: a row put out of order may already be stored further on.
      const conflict = this.bulk ? ''
        : ` ON CONFLICT (${['edition', ...this.keyColumns].join(', ')}) DO UPDATE SET ${this.valueColumns.map((c) => `${c} = excluded.${c}`).join(', ')}`;
      insert = prepared(this.db, `INSERT INTO ${this.table} (${columns.join(', ')}) VALUES ${Array.from({ length: this.batchRows }, () => tuple).join(',')}${conflict}`);
      this.inserts.set(this.batchRows, insert);
    }
    insert.run(this.batch);
    this.batch = [];
    this.batchRows = 0;
  }
}
