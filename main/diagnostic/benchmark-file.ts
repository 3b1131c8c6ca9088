/**
 * The anonymous national benchmark file: written from a national workspace
 * (`barometer benchmark export`), read into a diagnostic workspace (`barometer benchmark import`).
 * It carries, per category (the private panel is one), level and key, only the statistics the
 * national workspace's disclosure rule (main/analytics/disclosure.ts) lets a member of that
 * category read: never a structure's row, code, name or score. Groups whose n itself is withheld
 * are left out.
 *
 * Format: JSON, `format` "barometre-benchmark", `schemaVersion`, then `checksum` = "sha256:" +
 * SHA-256 of the file's JSON without its checksum. The checksum detects a file altered or cut
 * after export (it is not a signature: whoever edits the file on purpose can recompute it).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import { CATEGORIES, LEVELS, type Level } from '../../shared/domain.js';
import type { DisclosedStat, DisclosureRule, DistributionStats } from '../../shared/analytics-types.js';
import { disclosureFor, disclosureRule, discloseStats, othersForMember } from '../analytics/disclosure.js';
import { ensureAggregates } from '../analytics/refresh.js';

export const BENCHMARK_FORMAT = 'barometre-benchmark';
export const BENCHMARK_SCHEMA_VERSION = 1;
/** Far above a real edition's benchmark (~3,500 rows, < 1 MB): refused before reading. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

const stat = z.number().min(0).max(100).nullable();
const rowSchema = z.strictObject({
  group: z.literal('category'),
  code: z.enum(CATEGORIES.map((c) => c.code) as [string, ...string[]]),
  level: z.enum(LEVELS),
  key: z.string().min(1).max(200),
  n: z.int().min(1).max(100_000),
  mean: stat,
  median: stat,
  q1: stat,
  q3: stat,
  min: stat,
  max: stat,
  withheld: z.array(z.enum(['n', 'score', 'mean', 'median', 'q1', 'q3', 'min', 'max', 'rank', 'percentile'])).max(10),
});
export type BenchmarkRow = z.infer<typeof rowSchema>;

const fileSchema = z.strictObject({
  format: z.literal(BENCHMARK_FORMAT),
  schemaVersion: z.literal(BENCHMARK_SCHEMA_VERSION),
  application: z.string().max(200),
  edition: z.int().min(1990).max(2100),
  exportedAt: z.string().max(40),
  disclosureRule: z.strictObject({ meanMinOthers: z.int().min(0), distributionMinOthers: z.int().min(0) }),
  rows: z.array(rowSchema).max(200_000),
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});
export type BenchmarkFile = z.infer<typeof fileSchema>;

const checksumOf = (body: Omit<BenchmarkFile, 'checksum'>): string => `sha256:${crypto.createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;

interface StatsRow extends DistributionStats {
  code: string;
  level: Level;
  key: string;
}

/** The benchmark of an edition, as the disclosure rule lets a member of each category read it. */
export function buildBenchmark(db: Db, edition: number, now = new Date()): BenchmarkFile {
  if (db.prepare('SELECT 1 FROM edition WHERE year = ?').get(edition) === undefined) {
    throw AppError.keyed('NOT_FOUND', 'diagnostic.editionUnknown', { edition }, { edition });
  }
  ensureAggregates(db, edition);
  const rule: DisclosureRule = disclosureRule(db);
  const stats = db.prepare(`SELECT group_code AS code, level, key, n, mean, median, q1, q3, min, max FROM score_stats
    WHERE edition = ? AND group_kind = 'category' ORDER BY group_code, level, key`).all(edition) as StatsRow[];
  const rows: BenchmarkRow[] = [];
  for (const s of stats) {
    if (!CATEGORIES.some((c) => c.code === s.code)) continue;
    // The reader (a client's structure) may be one of the category's participants: k = n − 1.
    const shown = discloseStats(s, disclosureFor(othersForMember(s.n), rule));
    if (shown.n === null) continue;
    rows.push({
      group: 'category', code: s.code, level: s.level, key: s.key, n: shown.n,
      mean: shown.mean, median: shown.median, q1: shown.q1, q3: shown.q3, min: shown.min, max: shown.max,
      withheld: shown.withheld as Array<Exclude<DisclosedStat, never>>,
    });
  }
  const body = {
    format: BENCHMARK_FORMAT, schemaVersion: BENCHMARK_SCHEMA_VERSION, application: 'Baromètre Expérience Citoyen',
    edition, exportedAt: now.toISOString(), disclosureRule: rule, rows,
  } as const;
  return { ...body, checksum: checksumOf(body) };
}

/** Writes the file under a temporary name, then renames it (never a half-written benchmark). */
export function writeBenchmarkFile(file: string, benchmark: BenchmarkFile): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(benchmark, null, 1)}\n`);
  fs.renameSync(temp, file);
}

/** Reads and verifies a benchmark file; every refusal names the file (catalogue texts). */
export function readBenchmarkFile(file: string): { benchmark: BenchmarkFile; sha256: string } {
  const name = path.basename(file);
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) throw AppError.keyed('FILE_HOSTILE', 'diagnostic.fileTooBig', { file: name, megabytes: Math.round(size / 1048576) }, { file });
    bytes = fs.readFileSync(file);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? { key: 'diagnostic.fileMissing' } as const : (error as Error).message;
    throw AppError.keyed('FILE_UNREADABLE', 'diagnostic.fileUnreadable', { file: name, reason }, { file });
  }
  const foreign = (): AppError => AppError.keyed('FILE_UNREADABLE', 'diagnostic.foreign', { file: name }, { file });
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw foreign();
  }
  const head = parsed as { format?: unknown; schemaVersion?: unknown } | null;
  if (typeof head !== 'object' || head === null || head.format !== BENCHMARK_FORMAT) throw foreign();
  if (typeof head.schemaVersion === 'number' && head.schemaVersion > BENCHMARK_SCHEMA_VERSION) {
    throw AppError.keyed('FILE_UNREADABLE', 'diagnostic.tooNew', { file: name, format: head.schemaVersion, supported: BENCHMARK_SCHEMA_VERSION }, { file });
  }
  const checked = fileSchema.safeParse(parsed);
  if (!checked.success) {
    throw AppError.keyed('FILE_UNREADABLE', 'diagnostic.invalid', { file: name, path: checked.error.issues[0]?.path.join('.') || 'structure' }, { file });
  }
  // Over the file's own JSON (its key order as written), not over the parsed copy.
  const { checksum, ...body } = parsed as Record<string, unknown>;
  if (checksumOf(body as Omit<BenchmarkFile, 'checksum'>) !== checksum) {
    throw AppError.keyed('FILE_UNREADABLE', 'diagnostic.checksum', { file: name }, { file });
  }
  return { benchmark: checked.data, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}
