/**
 * The imported national benchmarks of a diagnostic workspace (migration 007): stored one per
 * edition (a new import of the same edition replaces it), read by the peer comparison
 * (main/analytics/national-benchmark.ts, main/analytics/peers.ts) when the structure's category
 * has no local peers.
 */
import path from 'node:path';
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import { readBenchmarkFile } from './benchmark-file.js';
import { diagnosticStructure } from './diagnostic-workspace.js';

export interface BenchmarkImportResult {
  edition: number;
  fileName: string;
  rows: number;
  categories: number;
  /** True when a benchmark of the same edition was replaced. */
  replaced: boolean;
}

export function importBenchmark(db: Db, file: string): BenchmarkImportResult {
  if (diagnosticStructure(db) === null) {
    throw AppError.keyed('INVALID_INPUT', 'diagnostic.notDiagnosticWorkspace');
  }
  const { benchmark, sha256 } = readBenchmarkFile(file);
  const fileName = path.basename(file);
  let replaced = false;
  db.transaction(() => {
    replaced = db.prepare('DELETE FROM benchmark_import WHERE edition = ?').run(benchmark.edition).changes > 0;
    const id = Number(db.prepare(`INSERT INTO benchmark_import (edition, file_name, sha256, schema_version, exported_at, imported_at, disclosure_json)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(benchmark.edition, fileName, sha256, benchmark.schemaVersion, benchmark.exportedAt, new Date().toISOString(),
      JSON.stringify(benchmark.disclosureRule)).lastInsertRowid);
    const insert = db.prepare(`INSERT INTO benchmark_stat (benchmark_id, group_kind, group_code, level, key, n, mean, median, q1, q3, min, max, withheld_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const r of benchmark.rows) insert.run(id, r.group, r.code, r.level, r.key, r.n, r.mean, r.median, r.q1, r.q3, r.min, r.max, JSON.stringify(r.withheld));
  })();
  return { edition: benchmark.edition, fileName, rows: benchmark.rows.length, categories: new Set(benchmark.rows.map((r) => r.code)).size, replaced };
}

export function listBenchmarks(db: Db): Array<{ edition: number; fileName: string; importedAt: string; rows: number }> {
  return db.prepare(`SELECT b.edition, b.file_name AS fileName, b.imported_at AS importedAt, (SELECT COUNT(*) FROM benchmark_stat s WHERE s.benchmark_id = b.id) AS rows
    FROM benchmark_import b ORDER BY b.edition`).all() as Array<{ edition: number; fileName: string; importedAt: string; rows: number }>;
}
