/**
 * The analysis screens' API calls timed straight on their handlers (no browser, no HTTP), on the
 * UI bench's national workspace (bench/ui.ts builds and caches it in bench/out/). For each call:
 * the first call of each input (nothing cached by the engine), the repeat of the same input
 * (the result cache), and the size of its JSON answer, plus JSON.stringify's time (the transport
 * serialises every answer). The inputs are the ones the Scores view, the Fiche structure and the
 * Accueil send. Used to profile (`node --cpu-prof --import tsx bench/analytics-api.ts`) and as the
 * "appels directs" table of BENCHMARKS.md.
 * Run: `npx tsx bench/analytics-api.ts [--file F] [--repeat 5]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openWorkspace, type Db } from '../main/db/connection.js';
import { analyticsHandlers } from '../main/api/handlers/analytics.js';
import type { CallContext } from '../main/api/context.js';
import { CATEGORIES } from '../shared/domain.js';
import { categoryRanking, editionScores, scoreMatrix } from '../main/analytics/index.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_FILE = path.join(REPO_ROOT, 'bench', 'out', 'ui-national-2000x12.barometre.sqlite');

export interface CallStat {
  method: string;
  /** Distinct inputs called. */
  inputs: number;
  /** First call of each input: median and max. */
  firstMedian: number;
  firstMax: number;
  /** Same inputs called again (`repeat` times each): median and max. */
  repeatMedian: number;
  repeatMax: number;
  /** JSON size of one answer (the largest), and JSON.stringify's time for it. */
  jsonBytes: number;
  stringifyMs: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

type Calls = Array<[method: keyof typeof analyticsHandlers, input: unknown]>;

/** The calls of the Scores view, the Fiche structure (5 structures) and the Accueil, grouped by method. */
export function screenCalls(db: Db, edition = db.prepare('SELECT MAX(edition) FROM audit').pluck().get() as number, trendLevel: 'overall' | 'step' = 'overall'): Map<string, Calls> {
  const count = db.prepare('SELECT COUNT(*) FROM structure').pluck().get() as number;
  const pick = db.prepare('SELECT code, category FROM structure ORDER BY code LIMIT 1 OFFSET ?');
  const structures = [0, 1, 2, 3, 4].map((i) => pick.get(Math.floor(((i * 2 + 1) * count) / 11) + 3) as { code: string; category: string });
  const lang = 'fr';
  const calls: Calls = [
    ...(['overall', 'step', 'channel', 'determinant'] as const).map((level): Calls[number] => ['analytics.scores', { edition, level, lang }]),
    ['analytics.scoreMatrix', { edition, levels: ['overall', 'step', 'channel'], lang }],
    ['analytics.scoreMatrix', { edition, levels: ['overall', 'step', 'channel', 'determinant'], lang }],
    ['analytics.groupScores', { edition, level: 'overall', lang }],
    ['analytics.groupScores', { edition, level: 'step', lang }],
    ['analytics.winners', { edition, lang }],
    ...CATEGORIES.map((c): Calls[number] => ['analytics.rankings', { edition, category: c.code, lang }]),
    ['analytics.completeness', { edition, lang }],
    ...structures.flatMap((s): Calls => [
      ['analytics.peers', { code: s.code, edition, lang }],
      ['analytics.failedItems', { code: s.code, edition, limit: 12, lang }],
      ['analytics.trends', { code: s.code, level: trendLevel, lang }],
      ['analytics.trends', { category: s.category, level: trendLevel, lang }],
    ]),
  ];
  const byMethod = new Map<string, Calls>();
  for (const call of calls) byMethod.set(call[0], [...(byMethod.get(call[0]) ?? []), call]);
  return byMethod;
}

export interface ShapeComparison {
  /** What the Scores grid asked before: analytics.scores at 3 levels + analytics.rankings of every category. */
  perCellMs: number;
  perCellBytes: number;
  /** analytics.scoreMatrix for the same 3 levels (positions included). */
  matrixMs: number;
  matrixBytes: number;
}

/** Old and new shapes of the Scores grid's data, computed (engine functions, no result cache) and serialised, alternately. */
export function compareGridShapes(db: Db, edition: number, runs = 5): ShapeComparison {
  const levels = ['overall', 'step', 'channel'] as const;
  const perCell: number[] = [];
  const matrix: number[] = [];
  let perCellBytes = 0;
  let matrixBytes = 0;
  for (let run = 0; run < runs; run += 1) {
    let t0 = performance.now();
    const cells = levels.map((level) => JSON.stringify(editionScores(db, { edition, level, lang: 'fr' })));
    const rankings = CATEGORIES.map((c) => JSON.stringify(categoryRanking(db, { edition, category: c.code, lang: 'fr' })));
    perCell.push(performance.now() - t0);
    perCellBytes = [...cells, ...rankings].reduce((sum, json) => sum + Buffer.byteLength(json), 0);
    t0 = performance.now();
    const json = JSON.stringify(scoreMatrix(db, { edition, levels, lang: 'fr' }));
    matrix.push(performance.now() - t0);
    matrixBytes = Buffer.byteLength(json);
  }
  return { perCellMs: median(perCell), perCellBytes, matrixMs: median(matrix), matrixBytes };
}

export async function runAnalyticsApiBench(options: { file?: string; repeat?: number; log?: (line: string) => void } = {}): Promise<{ stats: CallStat[]; shapes: ShapeComparison; markdown: string; loadAverage: number }> {
  const file = options.file ?? DEFAULT_FILE;
  const repeat = options.repeat ?? 5;
  const log = options.log ?? ((line: string) => console.log(line));
  if (!fs.existsSync(file)) throw new Error(`${file} manquant : construisez-le d'abord (npx tsx bench/ui.ts --build-only).`);
  const db = openWorkspace(file);
  try {
    const ctx = { db, lang: 'fr' } as unknown as CallContext;
    const call = async (method: keyof typeof analyticsHandlers, input: unknown): Promise<[number, unknown]> => {
      const t0 = performance.now();
      const handler = analyticsHandlers[method] as (c: CallContext, i: unknown) => unknown;
      const out = await handler(ctx, input);
      return [performance.now() - t0, out];
    };
    // Warms SQLite's page cache and the code's JIT the way a running app has them, on the previous
    // edition: other inputs, so nothing the engine caches is reused by the measures.
    const latest = db.prepare('SELECT MAX(edition) FROM audit').pluck().get() as number;
    // (Trends span every edition: the warm-up asks for another level.)
    for (const [, calls] of screenCalls(db, latest - 1, 'step')) for (const [m, input] of calls) await call(m, input);
    const stats: CallStat[] = [];
    for (const [method, calls] of screenCalls(db)) {
      const first: number[] = [];
      const again: number[] = [];
      let jsonBytes = 0;
      let stringifyMs = 0;
      for (const [m, input] of calls) {
        const [ms, out] = await call(m, input);
        first.push(ms);
        for (let i = 0; i < repeat; i += 1) again.push((await call(m, input))[0]);
        const t0 = performance.now();
        const json = JSON.stringify(out);
        const sMs = performance.now() - t0;
        if (json.length > jsonBytes) {
          jsonBytes = Buffer.byteLength(json);
          stringifyMs = sMs;
        }
      }
      const stat: CallStat = {
        method, inputs: calls.length, firstMedian: median(first), firstMax: Math.max(...first), repeatMedian: median(again), repeatMax: Math.max(...again), jsonBytes, stringifyMs,
      };
      stats.push(stat);
      log(`  ${method} ×${calls.length} : premier appel médiane ${stat.firstMedian.toFixed(1)} ms (max ${stat.firstMax.toFixed(1)}), répété ${stat.repeatMedian.toFixed(1)} ms (max ${stat.repeatMax.toFixed(1)}), ${(jsonBytes / 1024).toFixed(0)} Ko JSON (stringify ${stringifyMs.toFixed(1)} ms)`);
    }
    const shapes = compareGridShapes(db, latest);
    log(`  grille Scores : par cellule ${shapes.perCellMs.toFixed(0)} ms, ${(shapes.perCellBytes / 1024).toFixed(0)} Ko ; matrice ${shapes.matrixMs.toFixed(0)} ms, ${(shapes.matrixBytes / 1024).toFixed(0)} Ko`);
    const loadAverage = os.loadavg()[0] ?? 0;
    return { stats, shapes, markdown: formatAnalyticsApiBench(stats, repeat, loadAverage, shapes), loadAverage };
  } finally {
    db.close();
  }
}

export function formatAnalyticsApiBench(stats: readonly CallStat[], repeat: number, loadAverage: number, shapes?: ShapeComparison): string {
  const ms = (v: number): string => `${v.toLocaleString('fr-FR', { maximumFractionDigits: v < 10 ? 1 : 0 })} ms`;
  const ko = (bytes: number): string => `${(bytes / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 0 })} Ko`;
  const ratio = (v: number): string => v.toLocaleString('fr-FR', { maximumFractionDigits: 1 });
  return [
    ...(shapes
      ? [
        '| Données de la grille Scores (3 niveaux + positions), calculées et sérialisées sans cache de résultats | Temps (médiane de 5) | JSON |',
        '| --- | ---: | ---: |',
        `| avant : \`analytics.scores\` × 3 niveaux + \`analytics.rankings\` × ${CATEGORIES.length} catégories (un objet par cellule) | ${ms(shapes.perCellMs)} | ${ko(shapes.perCellBytes)} |`,
        `| après : \`analytics.scoreMatrix\` (colonnes, clés et structures une seule fois ; score_matrix de la migration 009) | ${ms(shapes.matrixMs)} | ${ko(shapes.matrixBytes)} |`,
        `| ratio avant / après (même exécution) | × ${ratio(shapes.perCellMs / shapes.matrixMs)} | × ${ratio(shapes.perCellBytes / shapes.matrixBytes)} |`,
        '',
      ]
      : []),
    `| Appel direct du handler (sans navigateur) | Entrées | 1er appel : médiane | 1er appel : max | Répété (×${repeat}) : médiane | Répété : max | JSON (le plus gros) | JSON.stringify |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...stats.map((s) => `| \`${s.method}\` | ${s.inputs} | ${ms(s.firstMedian)} | ${ms(s.firstMax)} | ${ms(s.repeatMedian)} | ${ms(s.repeatMax)} | ${(s.jsonBytes / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 0 })} Ko | ${ms(s.stringifyMs)} |`),
    '',
    `Charge moyenne à la fin : ${loadAverage.toFixed(1)} (${os.cpus().length} cœurs).`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { file: { type: 'string' }, repeat: { type: 'string' } }, strict: true });
  const result = await runAnalyticsApiBench({ ...(values.file ? { file: values.file } : {}), ...(values.repeat ? { repeat: Number(values.repeat) } : {}) });
  console.log(`\n${result.markdown}`);
}
