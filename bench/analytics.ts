/**
 * Analytics benchmark (issue 3): builds a national-size workspace by inserting synthetic rows
 * straight with SQL (2,000 structures × 13 audits × 65 observations ≈ 1.7M observations per
 * edition, 12 editions), then measures:
 * - full scoring of one edition in SQLite: `refreshAggregates` (the cache: every score at every
 *   level, peer statistics, ranks) and the plain-SQL reference aggregation;
 * - the same aggregation run by DuckDB (@duckdb/node-api) on the same rows, exported to CSV
 *   (DuckDB's sqlite scanner needs an extension download, impossible offline);
 * - interactive reads at 12 editions: one structure's profile (scores + peer benchmark + trend)
 *   and one category ranking.
 * Run: `npx tsx bench/analytics.ts [--structures N] [--editions N] [--dir DIR --keep] [--dir DIR --reuse]`
 * (--reuse measures again on the workspace a previous --keep run left in DIR).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { openWorkspace } from '../main/db/connection.js';
import { keptAtCurrentSchema } from './kept-workspace.js';
import type { Db } from '../main/db/connection.js';
import { CATEGORIES, CHANNELS, STEPS } from '../shared/domain.js';
import { refreshAggregates } from '../main/analytics/refresh.js';
import { scoreRowsFromScratch } from '../main/analytics/from-scratch.js';
import { editionScores, structureScores } from '../main/analytics/scores.js';
import { peerBenchmark } from '../main/analytics/peers.js';
import { categoryRanking } from '../main/analytics/rankings.js';
import { trends } from '../main/analytics/trends.js';
import { headlineIndicators } from '../main/analytics/indicators.js';

export interface AnalyticsBenchOptions {
  structures?: number;
  editions?: number;
  auditsPerStructure?: number;
  itemsPerChannel?: number;
  /** Folder for the workspace and the CSV files (default: a fresh temp dir, removed at the end). */
  dir?: string;
  keep?: boolean;
  /** Reuse the workspace already generated in `dir` (same sizes), skipping generation. */
  reuse?: boolean;
  log?: (line: string) => void;
}

export interface AnalyticsBenchResult {
  structures: number;
  editions: number;
  observationsPerEdition: number;
  observationsTotal: number;
  generateMs: number;
  refreshAllEditionsMs: number;
  /** refreshAggregates of the latest edition alone: compute + write every cached score. */
  sqliteRefreshEditionMs: number;
  /** The plain SQL GROUP BY of every (structure, level, key) of one edition (no cache write). */
  sqliteReferenceSqlMs: number;
  /** Reading every cached score (all levels) of one edition. */
  sqliteReadAllScoresMs: number;
  duckdbLoadMs: number;
  /** DuckDB: the same aggregation (every structure × level × key sums) of one edition. */
  duckdbAggregateMs: number;
  /** sqliteRefreshEditionMs / duckdbAggregateMs (< 1: SQLite faster). */
  ratioRefreshVsDuckdb: number;
  ratioReferenceSqlVsDuckdb: number;
  /** Profile at 12 editions: structure scores + peer benchmark (all levels) + overall and step trends. */
  profileMs: number;
  rankingMs: number;
  headlineMs: number;
  dbFileMb: number;
  /** 1-minute load average at the end (the machine may be shared: read the times against it). */
  loadAverage: number;
  cpus: number;
}

const CATEGORY_SHARE: Record<string, number> = {
  'ville-moins-20k': 0.35, 'ville-20k-50k': 0.2, 'ville-plus-50k': 0.1, intercommunalite: 0.15,
  departement: 0.045, region: 0.0065, 'autre-public': 0.0985, 'panel-prive': 0.05,
};
/** 13 audits: telephone 3, email 3, courrier 2, site 2, réseaux sociaux 2, visite 1. */
const AUDIT_PLAN = ['telephone', 'telephone', 'telephone', 'email', 'email', 'email', 'courrier', 'courrier', 'site-web', 'site-web', 'reseaux-sociaux', 'reseaux-sociaux', 'visite'];
const CHANNEL_PREFIX: Record<string, string> = { telephone: 'TEL', email: 'MEL', courrier: 'COU', 'site-web': 'WEB', 'reseaux-sociaux': 'RSO', visite: 'VIS' };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

function timeMedian(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) times.push(time(fn)[1]);
  return median(times);
}

async function timeMedianAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Synthetic national workspace: rows inserted with SQL, compliance from a deterministic hash. */
export function generateWorkspace(db: Db, opts: { structures: number; editions: number; auditsPerStructure: number; itemsPerChannel: number; firstYear: number }): void {
  const { structures, editions, itemsPerChannel, firstYear } = opts;
  db.transaction(() => {
    db.prepare(`INSERT INTO import (id, file_name, sha256, format, kind, layout, mapping_json, imported_at) VALUES (1, 'bench', 'x', 'xlsx', 'results', 'long', '{}', '2024-01-01')`).run();
    for (let d = 1; d <= 20; d += 1) db.prepare('INSERT INTO determinant (code, label_fr) VALUES (?, ?)').run(`det-${String(d).padStart(2, '0')}`, `Déterminant ${d}`);
    // Referential 0 for every edition; a revision from the 7th edition changes weights and swaps items.
    db.prepare('INSERT INTO referential_set (valid_from, version_label) VALUES (0, ?)').run('v1');
    const insertItem = db.prepare(`INSERT INTO item (valid_from, code, label_fr, channel, step, determinant, answer_type, threshold, weight)
      VALUES (?, ?, ?, ?, ?, ?, 'oui-non', NULL, ?)`);
    CHANNELS.forEach((c, ci) => {
      for (let i = 1; i <= itemsPerChannel; i += 1) {
        const code = `${CHANNEL_PREFIX[c.code]}-${String(i).padStart(2, '0')}`;
        insertItem.run(0, code, `Critère ${code}`, c.code, (STEPS[i % 3] as (typeof STEPS)[number]).code, `det-${String(((i * 7 + ci) % 20) + 1).padStart(2, '0')}`, 1 + (i % 3));
      }
    });
    const revision = firstYear + 6;
    if (editions > 6) {
      db.prepare('INSERT INTO referential_set (valid_from, version_label) VALUES (?, ?)').run(revision, 'v2');
      db.prepare(`INSERT INTO item (valid_from, code, label_fr, channel, step, determinant, answer_type, threshold, weight)
        SELECT ?, code, label_fr, channel, step, determinant, answer_type, threshold,
          CASE WHEN CAST(substr(code, 5) AS INTEGER) % 13 = 0 THEN weight + 1 ELSE weight END
        FROM item WHERE valid_from = 0`).run(revision);
    }
    const insertStructure = db.prepare(`INSERT INTO structure (code, name, category, departement, sector, source) VALUES (?, ?, ?, ?, ?, 'structures')`);
    let s = 0;
    for (const cat of CATEGORIES) {
      const count = cat.code === 'panel-prive' ? structures - s : Math.max(1, Math.round(structures * (CATEGORY_SHARE[cat.code] ?? 0.1)));
      for (let k = 0; k < count && s < structures; k += 1, s += 1) {
        insertStructure.run(`S${String(s).padStart(5, '0')}`, `Structure ${s}`, cat.code, String((s % 95) + 1).padStart(2, '0'), cat.sector);
      }
    }
  })();
  const codes = db.prepare('SELECT code FROM structure ORDER BY code').pluck().all() as string[];
  const insertAudit = db.prepare('INSERT INTO audit (edition, reference, structure_code, channel, import_id) VALUES (?, ?, ?, ?, 1)');
  const plan = AUDIT_PLAN.slice(0, opts.auditsPerStructure);
  for (let e = 0; e < editions; e += 1) {
    const year = firstYear + e;
    db.transaction(() => {
      db.prepare('INSERT INTO edition (year, expected_audits) VALUES (?, ?)').run(year, opts.auditsPerStructure);
      for (const code of codes) plan.forEach((channel, k) => insertAudit.run(year, `${code}-${k + 1}`, code, channel));
      // ~8 % not applicable; compliance probability between 45 % and 95 % depending on the structure.
      db.prepare(`
        INSERT INTO observation (audit_id, item_code, compliant, import_id)
        SELECT a.id, i.code,
          CASE WHEN ((a.id * 7919 + CAST(substr(i.code, 5) AS INTEGER) * 104729 + a.edition) % 100) < 8 THEN NULL
               WHEN ((a.id * 15485863 + CAST(substr(i.code, 5) AS INTEGER) * 32452843) % 1000)
                    < 450 + (CAST(substr(a.structure_code, 2) AS INTEGER) * 37 % 500) THEN 1 ELSE 0 END,
          1
        FROM audit a JOIN item_in_force i ON i.edition = a.edition AND i.channel = a.channel
        WHERE a.edition = ? ORDER BY a.id, i.code`).run(year);
    })();
  }
}

/** DuckDB with one edition's observations loaded in memory, ready to run the aggregation again and again. */
export interface DuckdbSession {
  loadMs: number;
  /** Runs the aggregation once; returns its time and the number of rows it gave. */
  aggregate(): Promise<{ ms: number; rows: number }>;
  close(): void;
}

export async function duckdbSession(db: Db, edition: number, dir: string, log: (l: string) => void): Promise<DuckdbSession> {
  const csv = path.join(dir, 'observations.csv');
  const out = fs.createWriteStream(csv);
  // Raw tables joined by DuckDB itself, like SQLite does: one flat CSV per table would be fairer
  // but the join keys are the same; exporting observation rows with their audit's structure keeps
  // the file small.
  const write = (chunk: string): Promise<void> => new Promise((resolve) => { if (out.write(chunk)) resolve(); else out.once('drain', () => resolve()); });
  await write('structure,audit,item,compliant\n');
  let buffer = '';
  for (const [s, a, i, c] of db.prepare(`SELECT a.structure_code, a.id, o.item_code, o.compliant FROM audit a JOIN observation o ON o.audit_id = a.id WHERE a.edition = ?`).raw(true).iterate(edition) as IterableIterator<[string, number, string, number | null]>) {
    buffer += `${s},${a},${i},${c ?? ''}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const itemsCsv = path.join(dir, 'items.csv');
  const items = db.prepare('SELECT code, weight, step, channel, determinant FROM item_in_force WHERE edition = ?').raw(true).all(edition) as Array<[string, number, string, string, string]>;
  fs.writeFileSync(itemsCsv, `code,weight,step,channel,determinant\n${items.map((r) => r.join(',')).join('\n')}\n`);
  log(`  CSV écrit : ${(fs.statSync(csv).size / 1e6).toFixed(1)} Mo`);

  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const t0 = performance.now();
  await con.run(`CREATE TABLE obs AS SELECT * FROM read_csv('${csv.replace(/'/g, "''")}', header = true, columns = {'structure': 'VARCHAR', 'audit': 'INTEGER', 'item': 'VARCHAR', 'compliant': 'INTEGER'})`);
  await con.run(`CREATE TABLE items AS SELECT * FROM read_csv('${itemsCsv.replace(/'/g, "''")}', header = true)`);
  const loadMs = performance.now() - t0;
  const sums = `SUM(CASE WHEN o.compliant = 1 THEN i.weight ELSE 0 END) AS cw, SUM(CASE WHEN o.compliant IS NOT NULL THEN i.weight ELSE 0 END) AS aw,
    COUNT(*) AS obs, COUNT(o.compliant) AS applicable, SUM(CASE WHEN o.compliant = 1 THEN 1 ELSE 0 END) AS compliant, COUNT(DISTINCT o.audit) AS audits`;
  const sql = `
    WITH j AS (SELECT o.structure, o.audit, o.compliant, i.weight, i.step, i.channel, i.determinant, o.item FROM obs o JOIN items i ON i.code = o.item)
    SELECT structure, 'overall' AS level, 'overall' AS key, ${sums.replace(/i\.weight/g, 'o.weight')} FROM j o GROUP BY structure
    UNION ALL SELECT structure, 'step', step, ${sums.replace(/i\.weight/g, 'o.weight')} FROM j o GROUP BY structure, step
    UNION ALL SELECT structure, 'channel', channel, ${sums.replace(/i\.weight/g, 'o.weight')} FROM j o GROUP BY structure, channel
    UNION ALL SELECT structure, 'determinant', determinant, ${sums.replace(/i\.weight/g, 'o.weight')} FROM j o GROUP BY structure, determinant
    UNION ALL SELECT structure, 'item', item, ${sums.replace(/i\.weight/g, 'o.weight')} FROM j o GROUP BY structure, item`;
  return {
    loadMs,
    async aggregate() {
      const start = performance.now();
      const reader = await con.runAndReadAll(sql);
      return { ms: performance.now() - start, rows: reader.currentRowCount };
    },
    close() {
      con.closeSync();
      instance.closeSync();
    },
  };
}

export async function duckdbAggregate(db: Db, edition: number, dir: string, log: (l: string) => void): Promise<{ loadMs: number; aggregateMs: number; rows: number }> {
  const session = await duckdbSession(db, edition, dir, log);
  try {
    let rows = 0;
    const aggregateMs = await timeMedianAsync(3, async () => {
      rows = (await session.aggregate()).rows;
    });
    return { loadMs: session.loadMs, aggregateMs, rows };
  } finally {
    session.close();
  }
}

export async function runAnalyticsBench(options: AnalyticsBenchOptions = {}): Promise<AnalyticsBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const structures = options.structures ?? 2000;
  const editions = options.editions ?? 12;
  const auditsPerStructure = options.auditsPerStructure ?? 13;
  const itemsPerChannel = options.itemsPerChannel ?? 65;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-bench-analytics-'));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'bench.sqlite');
  const reuse = options.reuse === true && keptAtCurrentSchema(file);
  if (!reuse) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = openWorkspace(file);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const firstYear = 2024 - editions;
  const lastYear = firstYear + editions - 1;
  try {
    log(`Génération : ${structures} structures × ${auditsPerStructure} audits × ${itemsPerChannel} items, ${editions} éditions…`);
    const [, generateMs] = reuse ? [undefined, 0] : time(() => generateWorkspace(db, { structures, editions, auditsPerStructure, itemsPerChannel, firstYear }));
    const observationsTotal = db.prepare('SELECT COUNT(*) FROM observation').pluck().get() as number;
    const observationsPerEdition = db.prepare('SELECT COUNT(*) FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.edition = ?').pluck().get(lastYear) as number;
    log(`  ${observationsTotal.toLocaleString('fr-FR')} observations en ${(generateMs / 1000).toFixed(1)} s`);

    const [, refreshAllEditionsMs] = reuse ? [undefined, 0] : time(() => refreshAggregates(db, { editions: Array.from({ length: editions }, (_, i) => firstYear + i) }));
    log(`  agrégats de ${editions} éditions : ${(refreshAllEditionsMs / 1000).toFixed(1)} s`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');

    const sqliteRefreshEditionMs = timeMedian(3, () => refreshAggregates(db, { editions: [lastYear] }));
    const sqliteReferenceSqlMs = timeMedian(3, () => scoreRowsFromScratch(db, lastYear));
    const sqliteReadAllScoresMs = timeMedian(3, () => editionScores(db, { edition: lastYear }));
    log(`  SQLite : refresh d'une édition ${sqliteRefreshEditionMs.toFixed(0)} ms, SQL de référence ${sqliteReferenceSqlMs.toFixed(0)} ms, lecture de tous les scores ${sqliteReadAllScoresMs.toFixed(0)} ms`);

    const duck = await duckdbAggregate(db, lastYear, dir, log);
    log(`  DuckDB : chargement ${duck.loadMs.toFixed(0)} ms, agrégation ${duck.aggregateMs.toFixed(0)} ms (${duck.rows.toLocaleString('fr-FR')} lignes)`);

    // The biggest category and one of its structures.
    const category = db.prepare('SELECT category FROM structure GROUP BY category ORDER BY COUNT(*) DESC LIMIT 1').pluck().get() as string;
    const structure = db.prepare('SELECT code FROM structure WHERE category = ? ORDER BY code LIMIT 1 OFFSET 7').pluck().get(category) as string;
    const profileMs = timeMedian(7, () => {
      structureScores(db, { edition: lastYear, structure });
      peerBenchmark(db, { edition: lastYear, structure });
      trends(db, { scope: { kind: 'structure', code: structure }, level: 'overall' });
      trends(db, { scope: { kind: 'structure', code: structure }, level: 'step' });
    });
    const rankingMs = timeMedian(7, () => categoryRanking(db, { edition: lastYear, category }));
    const headlineMs = timeMedian(7, () => headlineIndicators(db, { edition: lastYear }));
    log(`  profil (${editions} éditions) ${profileMs.toFixed(1)} ms, classement « ${category} » ${rankingMs.toFixed(1)} ms, indicateurs phares ${headlineMs.toFixed(1)} ms`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const dbFileMb = fs.statSync(file).size / 1e6;
    return {
      structures, editions, observationsPerEdition, observationsTotal, generateMs, refreshAllEditionsMs,
      sqliteRefreshEditionMs, sqliteReferenceSqlMs, sqliteReadAllScoresMs,
      duckdbLoadMs: duck.loadMs, duckdbAggregateMs: duck.aggregateMs,
      ratioRefreshVsDuckdb: sqliteRefreshEditionMs / duck.aggregateMs,
      ratioReferenceSqlVsDuckdb: sqliteReferenceSqlMs / duck.aggregateMs,
      profileMs, rankingMs, headlineMs, dbFileMb, loadAverage: os.loadavg()[0] ?? 0, cpus: os.cpus().length,
    };
  } finally {
    db.close();
    if (!options.keep && !options.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatAnalyticsBench(r: AnalyticsBenchResult): string {
  const ms = (v: number): string => `${v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} ms`;
  return [
    `| Mesure (${r.structures} structures, ${r.editions} éditions, ${r.observationsPerEdition.toLocaleString('fr-FR')} obs./édition) | Temps |`,
    '| --- | --- |',
    `| Génération (${r.observationsTotal.toLocaleString('fr-FR')} observations) | ${ms(r.generateMs)} |`,
    `| refreshAggregates, toutes les éditions | ${ms(r.refreshAllEditionsMs)} |`,
    `| Calcul complet d'une édition, SQLite (refreshAggregates : scores, statistiques, rangs, écriture) | ${ms(r.sqliteRefreshEditionMs)} |`,
    `| Même agrégation en SQL pur, SQLite (sans écriture) | ${ms(r.sqliteReferenceSqlMs)} |`,
    `| Même agrégation, DuckDB (données chargées en mémoire) | ${ms(r.duckdbAggregateMs)} |`,
    `| Ratio refresh SQLite / DuckDB | ${r.ratioRefreshVsDuckdb.toFixed(2)} |`,
    `| Ratio SQL pur SQLite / DuckDB | ${r.ratioReferenceSqlVsDuckdb.toFixed(2)} |`,
    `| Lecture de tous les scores d'une édition (cache) | ${ms(r.sqliteReadAllScoresMs)} |`,
    `| Profil d'une structure (scores, pairs, tendances sur ${r.editions} éditions) | ${ms(r.profileMs)} |`,
    `| Classement d'une catégorie | ${ms(r.rankingMs)} |`,
    `| Indicateurs phares public / privé | ${ms(r.headlineMs)} |`,
    `| Chargement DuckDB (CSV) | ${ms(r.duckdbLoadMs)} |`,
    `| Taille du fichier | ${r.dbFileMb.toFixed(0)} Mo |`,
    `| Charge de la machine (moyenne 1 min, ${r.cpus} cœurs) | ${r.loadAverage.toFixed(1)} |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { structures: { type: 'string' }, editions: { type: 'string' }, keep: { type: 'boolean' }, reuse: { type: 'boolean' }, dir: { type: 'string' } } });
  const result = await runAnalyticsBench({
    structures: values.structures ? Number(values.structures) : undefined,
    editions: values.editions ? Number(values.editions) : undefined,
    keep: values.keep,
    reuse: values.reuse,
    dir: values.dir,
  });
  console.log(`\n${formatAnalyticsBench(result)}`);
}
