/**
 * Refresh benchmark (issue 11), on a copy of the UI bench's national workspace (2,000 structures,
 * 12 editions, 1.69 M observations per edition): in one run, on the latest edition,
 * - the full refresh of the edition (`refreshAggregates`) and DuckDB's aggregation of the same
 *   rows (bench/analytics.ts `duckdbSession`), alternated round by round so their ratios are
 *   measured under the same load: the refresh of an up-to-date edition (it recomputes everything
 *   and writes only the rows that differ: main/analytics/edition-rows.ts) and the refresh of an
 *   edition whose aggregates were wiped first (everything written, as in an import);
 * - the incremental refresh (`refreshTouched`) after one corrected observation, a new audit and
 *   its removal, a change of 3 structures in 2 categories, a structure changing category (between
 *   the two largest categories, and between two small ones), a structure changing sector;
 * - that the incremental result equals the full refresh's on every aggregate table (digest).
 * Run: `npx tsx bench/refresh.ts [--source FILE] [--work FILE] [--runs N] [--rounds N]` (the copy is kept in
 * bench/out/ and reused; the source is never written).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openWorkspace, type Db } from '../main/db/connection.js';
import { refreshAggregates } from '../main/analytics/refresh.js';
import { MAX_WORK_SHARE, refreshTouched, type RefreshPath } from '../main/analytics/refresh-incremental.js';
import { duckdbSession } from './analytics.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface RefreshBenchOptions {
  source?: string;
  work?: string;
  runs?: number;
  /** Rounds of the full refresh / DuckDB comparison (each: up-to-date refresh, refresh after a wipe, DuckDB). */
  fullRounds?: number;
  log?: (line: string) => void;
}

export interface RefreshBenchResult {
  markdown: string;
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2).replace('.', ',')} ${a <= b ? '✅' : '❌'}`;
const fmt = (v: number): string => `${v.toLocaleString('fr-FR', { maximumFractionDigits: v < 10 ? 1 : 0 })} ms`;

/** A digest of every table the refresh writes for one edition (the refresh time left out). */
export function aggregatesDigest(db: Db, edition: number): string {
  const hash = crypto.createHash('sha256');
  for (const sql of [
    'SELECT * FROM score_cache WHERE edition = ? ORDER BY structure_code, level, key',
    'SELECT * FROM score_cache_item WHERE edition = ? ORDER BY structure_code',
    'SELECT * FROM score_stats WHERE edition = ? ORDER BY group_kind, group_code, level, key',
    'SELECT * FROM score_unscored_item WHERE edition = ? ORDER BY item_code',
    'SELECT edition, structures, observations FROM score_cache_edition WHERE edition = ?',
    'SELECT * FROM score_matrix WHERE edition = ? ORDER BY level',
    'SELECT level, key, hex(scores) FROM score_column WHERE edition = ? ORDER BY level, key',
    'SELECT * FROM score_member WHERE edition = ? ORDER BY structure_code',
  ]) {
    for (const row of db.prepare(sql).raw(true).iterate(edition)) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

export async function runRefreshBench(options: RefreshBenchOptions = {}): Promise<RefreshBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const source = options.source ?? path.join(here, 'out', 'ui-national-2000x12.barometre.sqlite');
  const work = options.work ?? path.join(here, 'out', 'refresh-national.sqlite');
  const runs = options.runs ?? 7;
  const fullRounds = options.fullRounds ?? 5;
  if (!fs.existsSync(work)) {
    if (!fs.existsSync(source)) throw new Error(`Espace source introuvable : ${source} (npm run bench -- --only ui le construit)`);
    log(`Copie de ${path.basename(source)} vers ${path.basename(work)}…`);
    fs.copyFileSync(source, work);
  }
  const loadStart = os.loadavg()[0] ?? 0;
  const db = openWorkspace(work, { quickCheckMaxBytes: 0 });
  // Schema-upgrade backups of the bench copy are not wanted.
  for (const f of fs.readdirSync(path.dirname(work))) if (f.startsWith(`${path.basename(work)}.v`) && f.endsWith('.bak')) fs.rmSync(path.join(path.dirname(work), f));
  try {
    const edition = db.prepare('SELECT MAX(year) FROM edition').pluck().get() as number;
    const observations = db.prepare('SELECT COUNT(*) FROM observation o JOIN audit a ON a.id = o.audit_id WHERE a.edition = ?').pluck().get(edition) as number;
    const structures = db.prepare('SELECT COUNT(DISTINCT structure_code) FROM audit WHERE edition = ?').pluck().get(edition) as number;

    // 1. Full refresh of the edition and DuckDB's aggregation of the same rows, alternated in this
    // run (same load for both): the refresh of an edition whose aggregates are up to date (what
    // most callers meet: only what changed is written), the refresh of an edition whose aggregates
    // were wiped first (everything written, as in the import of a new edition), then DuckDB.
    const duckDir = fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-bench-refresh-'));
    const duck = await duckdbSession(db, edition, duckDir, log);
    const upToDate: number[] = [];
    const rewritten: number[] = [];
    const duckTimes: number[] = [];
    const wipe = db.transaction(() => {
      for (const table of ['score_cache', 'score_cache_item', 'score_stats', 'score_unscored_item', 'score_matrix', 'score_column', 'score_member', 'score_cache_edition']) {
        db.prepare(`DELETE FROM ${table} WHERE edition = ?`).run(edition);
      }
    });
    // The refresh in an explicit transaction, so that its commit (writing the WAL, then the
    // automatic checkpoint: ~40 Mo when every row is written) is timed apart and within the total.
    const commits: number[] = [];
    const timeFull = (into: number[]): void => {
      const t0 = performance.now();
      db.exec('BEGIN');
      try {
        refreshAggregates(db, { editions: [edition] });
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
      const t1 = performance.now();
      db.exec('COMMIT');
      into.push(performance.now() - t0);
      if (into === rewritten) commits.push(performance.now() - t1);
    };
    try {
      refreshAggregates(db, { editions: [edition] }); // brings the copy up to date (not timed)
      for (let i = 0; i < fullRounds; i += 1) {
        timeFull(upToDate);
        wipe();
        timeFull(rewritten);
        duckTimes.push((await duck.aggregate()).ms);
      }
    } finally {
      duck.close();
      fs.rmSync(duckDir, { recursive: true, force: true });
    }
    log(`  refresh complet, édition à jour : ${upToDate.map((t) => t.toFixed(0)).join(', ')} ms`);
    log(`  refresh complet, agrégats effacés avant : ${rewritten.map((t) => t.toFixed(0)).join(', ')} ms (dont validation : ${commits.map((t) => t.toFixed(0)).join(', ')} ms)`);
    log(`  DuckDB : ${duckTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
    const fullMs = median(upToDate);
    const rewrittenMs = median(rewritten);
    const duckMs = median(duckTimes);

    // 2. Incremental refreshes, each in its own transaction as the callers run them.
    const category = db.prepare('SELECT category FROM structure GROUP BY category ORDER BY COUNT(*) DESC LIMIT 1').pluck().get() as string;
    const categorySize = db.prepare('SELECT COUNT(*) FROM structure WHERE category = ?').pluck().get(category) as number;
    const inCategory = db.prepare('SELECT code FROM structure WHERE category = ? ORDER BY code LIMIT 1 OFFSET ?').pluck();
    const structure = inCategory.get(category, 7) as string;
    const paths = new Map<number[], Set<RefreshPath>>();
    /** Runs one change and its refresh in one transaction; records the refresh time and path in `into`. */
    const timed = (into: number[], change: () => void, touched: string[]): void => {
      db.transaction(() => {
        change();
        const t0 = performance.now();
        const path = refreshTouched(db, { edition, structures: touched });
        into.push(performance.now() - t0);
        paths.set(into, (paths.get(into) ?? new Set<RefreshPath>()).add(path));
      })();
    };
    const auditsOf = db.prepare('SELECT id FROM audit WHERE structure_code = ? AND edition = ? ORDER BY id').pluck();
    const audits = auditsOf.all(structure, edition) as number[];
    const flip = db.prepare(`UPDATE observation SET compliant = CASE compliant WHEN 1 THEN 0 ELSE 1 END
      WHERE audit_id = ? AND item_code = (SELECT item_code FROM observation WHERE audit_id = ? ORDER BY item_code LIMIT 1 OFFSET ?)`);
    const oneObservation: number[] = [];
    for (let i = 0; i < runs * 2; i += 1) {
      const audit = audits[i % audits.length] as number;
      // Each observation is flipped twice (there and back): the workspace ends as it started.
      timed(oneObservation, () => flip.run(audit, audit, Math.floor(i / 2) % 20), [structure]);
    }
    log(`  une observation corrigée : ${oneObservation.map((t) => t.toFixed(0)).join(', ')} ms`);

    // A new audit (as a completed entry writes it), then its removal (an undo).
    const channel = db.prepare('SELECT channel FROM audit WHERE id = ?').pluck().get(audits[0]) as string;
    const newAudit: number[] = [];
    const removeAudit: number[] = [];
    for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i += 1) {
      let id = 0;
      timed(newAudit, () => {
        id = Number(db.prepare(`INSERT INTO audit (edition, reference, structure_code, channel, import_id) VALUES (?, ?, ?, ?, 1)`)
          .run(edition, `BENCH-REFRESH-${i}`, structure, channel).lastInsertRowid);
        db.prepare(`INSERT INTO observation (audit_id, item_code, compliant, import_id)
          SELECT ?, item_code, compliant, 1 FROM observation WHERE audit_id = ?`).run(id, audits[0]);
      }, [structure]);
      timed(removeAudit, () => db.prepare('DELETE FROM audit WHERE id = ?').run(id), [structure]);
    }
    log(`  nouvel audit : ${newAudit.map((t) => t.toFixed(0)).join(', ')} ms ; retrait : ${removeAudit.map((t) => t.toFixed(0)).join(', ')} ms`);

    // 3 structures in 2 categories (an import of a few structures' results).
    const other = db.prepare('SELECT category FROM structure WHERE category <> ? GROUP BY category ORDER BY COUNT(*) DESC LIMIT 1').pluck().get(category) as string;
    const three = [inCategory.get(category, 11) as string, inCategory.get(category, 12) as string, inCategory.get(other, 3) as string];
    const threeTimes: number[] = [];
    for (let i = 0; i < runs * 2; i += 1) {
      timed(threeTimes, () => {
        for (const code of three) {
          const id = (auditsOf.all(code, edition) as number[])[i % 5] as number;
          flip.run(id, id, Math.floor(i / 2) % 20);
        }
      }, three);
    }
    log(`  3 structures, 2 catégories : ${threeTimes.map((t) => t.toFixed(0)).join(', ')} ms`);

    // A structure changing category, and back: between the two largest categories (the worst case:
    // every slot of both re-ranked), then between two small ones of one sector (the usual structures
    // import); a structure changing sector only (its two sectors' statistics, no rank).
    const moveBetween = (into: number[], code: string, field: 'category' | 'sector', values: [string, string]): void => {
      for (let i = 0; i < Math.max(2, runs - 1); i += 1) {
        timed(into, () => db.prepare(`UPDATE structure SET ${field} = ? WHERE code = ?`).run(values[i % 2], code), [code]);
      }
      if (into.length % 2 === 1) db.transaction(() => {
        db.prepare(`UPDATE structure SET ${field} = ? WHERE code = ?`).run(values[1], code);
        refreshTouched(db, { edition, structures: [code] });
      })();
    };
    const moving = inCategory.get(other, 5) as string;
    const moveTimes: number[] = [];
    moveBetween(moveTimes, moving, 'category', [category, other]);
    log(`  changement de catégorie (${category} ↔ ${other}) : ${moveTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
    const bySize = db.prepare(`SELECT category, sector, COUNT(*) AS n FROM structure GROUP BY category, sector ORDER BY n, category`).raw(true).all() as Array<[string, string, number]>;
    const [small, smallSector, smallSize] = bySize[0] as [string, string, number];
    const [small2, , small2Size] = (bySize.find(([c, sector]) => c !== small && sector === smallSector) ?? bySize[1]) as [string, string, number];
    const smallMoving = inCategory.get(small, 0) as string;
    const smallMoveTimes: number[] = [];
    moveBetween(smallMoveTimes, smallMoving, 'category', [small2, small]);
    log(`  changement de catégorie (${small} ↔ ${small2}) : ${smallMoveTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
    const sectorTimes: number[] = [];
    moveBetween(sectorTimes, smallMoving, 'sector', [smallSector === 'public' ? 'prive' : 'public', smallSector]);
    log(`  changement de secteur : ${sectorTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
    const sizeOf = (c: string): number => db.prepare('SELECT COUNT(*) FROM structure WHERE category = ?').pluck().get(c) as number;

    // 3. The incremental result equals the full refresh's.
    const incrementalDigest = aggregatesDigest(db, edition);
    refreshAggregates(db, { editions: [edition] });
    const identical = incrementalDigest === aggregatesDigest(db, edition);
    const loadEnd = os.loadavg()[0] ?? 0;

    const rows: Array<[string, number[]]> = [
      ['Une observation corrigée (1 structure, catégorie de ' + categorySize + ' structures)', oneObservation],
      ['Un audit ajouté (saisie terminée : 1 structure, ~65 observations)', newAudit],
      ['Le même audit retiré (annulation)', removeAudit],
      ['3 structures dans 2 catégories (import de quelques structures)', threeTimes],
      [`Une structure qui change de catégorie entre les deux plus grandes (${sizeOf(other)} et ${categorySize} structures : les rangs et centiles de tous leurs membres changent, 55 % de l'édition)`, moveTimes],
      [`Une structure qui change de catégorie entre deux petites du même secteur (${smallSize} et ${small2Size} structures : import d'un fichier de structures)`, smallMoveTimes],
      ['Une structure qui change de secteur seulement (statistiques des deux secteurs, aucun rang)', sectorTimes],
    ];
    const markdown = [
      `Commande : \`npm run bench -- --only refresh\` (ou \`npx tsx bench/refresh.ts --runs ${runs}${options.work ? ` --work ${options.work}` : ''}\`). Copie de l'espace national du banc de l'interface (${path.relative(path.join(here, '..'), source)}) : `
        + `édition ${edition}, ${structures.toLocaleString('fr-FR')} structures, ${observations.toLocaleString('fr-FR')} observations. Chaque \`refreshTouched\` est mesuré dans sa propre transaction, `
        + `après la modification ; « chemin » : incrémental, ou complet quand le raccourci coûterait autant (MAX_WORK_SHARE de main/analytics/refresh-incremental.ts). Charge moyenne (1 min, ${os.cpus().length} cœurs) : ${loadStart.toFixed(1)} au départ, ${loadEnd.toFixed(1)} à la fin ; `
        + 'les rapports sont mesurés dans la même exécution.',
      '',
      `| Rafraîchissement complet d'une édition (${fullRounds} tours alternés : édition à jour, agrégats effacés, DuckDB) | Temps (médiane) | Rapport à DuckDB (objectif ≤ 1) |`,
      '| --- | ---: | ---: |',
      `| \`refreshAggregates\`, édition déjà à jour (scores, statistiques, rangs recalculés ; seules les lignes qui diffèrent sont écrites) | ${fmt(fullMs)} | ${ratio(fullMs, duckMs)} |`,
      `| \`refreshAggregates\`, agrégats de l'édition effacés avant (tout est écrit, comme à l'import d'une édition ; dont validation de la transaction : ${fmt(median(commits))}) | ${fmt(rewrittenMs)} | ${ratio(rewrittenMs, duckMs)} |`,
      `| Même agrégation, DuckDB (sommes par structure × niveau × clé seulement, données chargées en mémoire, 2 cœurs) | ${fmt(duckMs)} | |`,
      '',
      'Lecture : le rafraîchissement complet relit toutes les observations de l\'édition et recalcule tout (sommes, scores, statistiques de groupe, rangs et centiles) ; '
        + 'il compare ensuite chaque ligne calculée à la ligne enregistrée (lues dans l\'ordre de la clé primaire, page par page) et n\'écrit que celles qui diffèrent. '
        + 'La première ligne est le cas de la plupart des appels (annulation d\'un import, import de structures ou de référentiel, repli du rafraîchissement ciblé : la plupart des lignes ne bougent pas) ; '
        + 'la deuxième, celui de l\'import d\'une nouvelle édition, où tout est écrit : sans comparaison (l\'édition n\'a aucune ligne, tout part en INSERT de plusieurs lignes), '
        + 'son surcoût est surtout la validation de la transaction (les ~40 Mo de pages écrits dans le WAL, puis recopiés par le point de contrôle automatique), '
        + 'qui dans l\'import se confond avec la sienne. DuckDB ne fait que les sommes, sans statistiques, rangs ni écriture.',
      '',
      '| Rafraîchissement ciblé (`refreshTouched`) | Chemin | Mesures | Médiane | Max | Objectif < 200 ms | × plus rapide que le complet |',
      '| --- | --- | ---: | ---: | ---: | --- | ---: |',
      ...rows.map(([label, times]) => `| ${label} | ${[...(paths.get(times) ?? [])].map((p) => (p === 'full' ? 'complet' : 'incrémental')).join(', ')} | ${times.length} | ${fmt(median(times))} | ${fmt(Math.max(...times))} | ${median(times) < 200 ? '✅' : '❌'} | × ${(fullMs / median(times)).toFixed(1).replace('.', ',')} |`),
      '',
      'Changement de catégorie : les scores de la structure ne bougent pas ; le rafraîchissement ciblé recalcule les statistiques des deux catégories (ou des deux secteurs) '
        + 'à toutes les clés où elle a un score, dont leurs scores (`runs`, migration 015) d\'où se déduisent à la lecture les rangs et centiles de leurs membres, qui changent presque tous '
        + 'puisque leur effectif change : aucune ligne de membre n\'est réécrite (avant la migration 015, entre les deux plus grandes, 1 100 structures voyaient leurs ~30 lignes et leurs '
        + `enregistrements d'items réécrits : 320 ms). Au-delà de ${MAX_WORK_SHARE.toLocaleString('fr-FR')} `
        + 'du travail du complet (MAX_WORK_SHARE), le rafraîchissement complet prend le relais.',
      '',
      `Résultat incrémental identique au rafraîchissement complet (toutes les tables d'agrégats de l'édition, empreinte SHA-256) : ${identical ? 'oui ✅' : 'NON ❌'}.`,
    ].join('\n');
    if (!identical) throw new Error(`${markdown}\n\nLe rafraîchissement incrémental diffère du complet.`);
    return { markdown };
  } finally {
    db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { source: { type: 'string' }, work: { type: 'string' }, runs: { type: 'string' }, rounds: { type: 'string' } } });
  const result = await runRefreshBench({
    ...(values.source ? { source: values.source } : {}),
    ...(values.work ? { work: values.work } : {}),
    ...(values.runs ? { runs: Number(values.runs) } : {}),
    ...(values.rounds ? { fullRounds: Number(values.rounds) } : {}),
  });
  console.log(`\n${result.markdown}`);
}
