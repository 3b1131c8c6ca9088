/**
 * The analysis API's result cache (main/analytics/result-cache.ts) answers a repeated question
 * from memory and never serves an answer the data has moved past: after a write on the API's own
 * connection (a data change with its aggregates refreshed, as imports, corrections and entry do; a
 * disclosure setting), after a commit by another connection (an import worker, the CLI), and never
 * from inside a transaction that is then rolled back (a dry-run import). Through the real router.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { analysisResults, refreshAggregates, ResultCache } from '../../main/analytics/index.js';
import type { DisclosedGroupScoreRow, ScoreMatrix, StructureScoreRow, Winner } from '../../shared/analytics-types.js';
import type { FailedItem } from '../../shared/api-types.js';
import { createTestCore, type TestCore } from './api-test-helpers.js';
import { startAnalysisWarmer } from '../../main/api/handlers/analytics.js';

const ORIGIN = { origin: 'app://barometre' };

let t: TestCore;
beforeEach(() => {
  t = createTestCore({ seed: { structures: 40, editions: [2023, 2024] } });
});
afterEach(async () => {
  await t.close();
});

async function call<T>(method: string, input: unknown): Promise<T> {
  const response = await t.core.router.call(method, input, ORIGIN);
  if (!response.ok) throw new Error(`${method}: ${response.error.message}`);
  return response.result as T;
}

const overallOf = (rows: StructureScoreRow[], code: string): number | null => rows.find((r) => r.structure === code)?.score ?? null;

/** Every observation of one structure's audits in 2024 made compliant (what a correction or re-import does), aggregates refreshed in the same transaction. */
function allCompliant(db: ReturnType<typeof openWorkspace>, code: string): void {
  db.transaction(() => {
    db.prepare('UPDATE observation SET compliant = 1 WHERE compliant IS NOT NULL AND audit_id IN (SELECT id FROM audit WHERE edition = 2024 AND structure_code = ?)').run(code);
    refreshAggregates(db, { editions: [2024] });
  })();
}

describe('analysis answers cached until the data changes', () => {
  it('answers the same question twice from memory (the same answer object, one computation)', async () => {
    const before = { ...analysisResults.stats };
    const first = await call<ScoreMatrix>('analytics.scoreMatrix', { edition: 2024, levels: ['overall', 'step'] });
    const again = await call<ScoreMatrix>('analytics.scoreMatrix', { edition: 2024, levels: ['overall', 'step'] });
    expect(again).toBe(first);
    expect(analysisResults.stats.hits - before.hits).toBe(1);
    // Another input, another language: another answer.
    const other = await call<ScoreMatrix>('analytics.scoreMatrix', { edition: 2024, levels: ['overall'] });
    expect(other).not.toBe(first);
    const english = await call<ScoreMatrix>('analytics.scoreMatrix', { edition: 2024, levels: ['overall', 'step'], lang: 'en' });
    expect(english.columns.find((c) => c.level === 'overall')?.label).toBe('Overall');
  });

  it('a write on the API connection changes the next answer (scores, matrix, failed items)', async () => {
    const code = 'S0003';
    const scores = await call<StructureScoreRow[]>('analytics.scores', { edition: 2024, level: 'overall' });
    const matrix = await call<ScoreMatrix>('analytics.scoreMatrix', { edition: 2024, levels: ['overall'] });
    const failed = await call<FailedItem[]>('analytics.failedItems', { code, edition: 2024 });
    expect(overallOf(scores, code)).toBeLessThan(100);
    expect(failed.length).toBeGreaterThan(0);

    allCompliant(t.core.context.session.db, code);

    const after = await call<StructureScoreRow[]>('analytics.scores', { edition: 2024, level: 'overall' });
    expect(overallOf(after, code)).toBe(100);
    const matrixAfter = await call<ScoreMatrix>('analytics.scoreMatrix', { edition: 2024, levels: ['overall'] });
    expect(matrixAfter.scores[0]![matrixAfter.structures.code.indexOf(code)]).toBe(100);
    expect(matrix.scores[0]![matrix.structures.code.indexOf(code)]).toBe(overallOf(scores, code));
    expect(await call<FailedItem[]>('analytics.failedItems', { code, edition: 2024 })).toEqual([]);
  });

  it('a disclosure setting written through the API applies to the very next answer', async () => {
    const shown = await call<DisclosedGroupScoreRow[]>('analytics.groupScores', { edition: 2024, level: 'overall' });
    // 40 structures over 8 categories: 5 per category, 4 others: mean shown, distribution withheld.
    const category = shown.find((g) => g.groupKind === 'category')!;
    expect(category.mean).not.toBeNull();
    expect(category.median).toBeNull();
    const winners = await call<Winner[]>('analytics.winners', { edition: 2024 });
    expect(winners.every((w) => w.score === null)).toBe(true);

    await call('analytics.setDisclosureRule', { meanMinOthers: 0, distributionMinOthers: 0 });
    const open = await call<DisclosedGroupScoreRow[]>('analytics.groupScores', { edition: 2024, level: 'overall' });
    expect(open.find((g) => g.groupKind === 'category')!.median).not.toBeNull();
    expect((await call<Winner[]>('analytics.winners', { edition: 2024 })).every((w) => w.score !== null)).toBe(true);

    await call('analytics.setDisclosureRule', { meanMinOthers: 10, distributionMinOthers: 10 });
    const closed = await call<DisclosedGroupScoreRow[]>('analytics.groupScores', { edition: 2024, level: 'overall' });
    expect(closed.find((g) => g.groupKind === 'category')!.mean).toBeNull();
  });

  it('a commit by another connection on the same file changes the next answer', async () => {
    const code = 'S0005';
    const before = overallOf(await call<StructureScoreRow[]>('analytics.scores', { edition: 2024, level: 'overall' }), code);
    const other = openWorkspace(t.file);
    try {
      allCompliant(other, code);
    } finally {
      other.close();
    }
    const after = overallOf(await call<StructureScoreRow[]>('analytics.scores', { edition: 2024, level: 'overall' }), code);
    expect(before).toBeLessThan(100);
    expect(after).toBe(100);
  });

  it('keeps nothing computed inside a transaction that is rolled back', () => {
    const db = t.core.context.session.db;
    const cache = new ResultCache();
    const read = (): number => db.prepare("SELECT COUNT(*) FROM audit WHERE edition = 2024").pluck().get() as number;
    const committed = cache.get(db, 'audits', read);
    // A dry run: write, read, roll back. The write moves the connection's version, and the rollback
    // does not move it back: an answer kept from inside would be served as current afterwards.
    db.exec('BEGIN');
    try {
      db.prepare("INSERT INTO audit (edition, reference, structure_code, channel, import_id) VALUES (2024, 'DRY-RUN', 'S0001', 'email', 1)").run();
      expect(cache.get(db, 'audits', read)).toBe(committed + 1);
    } finally {
      db.exec('ROLLBACK');
    }
    expect(cache.get(db, 'audits', read)).toBe(committed);
  });

  it('warms the landing answers in a quiet moment, never writing, and again after the data changes', async () => {
    const db = t.core.context.session.db;
    const changesBefore = db.prepare('SELECT total_changes()').pluck().get();
    const stop = startAnalysisWarmer({ db: () => db, lang: () => 'fr' }, { intervalMs: 20, quietMs: 50 });
    try {
      const until = async (done: () => boolean): Promise<void> => {
        for (let i = 0; i < 300 && !done(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      };
      // Aggregates never computed yet (the seed writes rows only): nothing to warm, nothing written.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(db.prepare('SELECT total_changes()').pluck().get()).toBe(changesBefore);
      expect(db.prepare('SELECT COUNT(*) FROM score_cache_edition').pluck().get()).toBe(0);

      // A first question computes 2024's aggregates; then, once quiet, the landing answers are made.
      await call('analytics.editions', {});
      await call<StructureScoreRow[]>('analytics.scores', { edition: 2024, level: 'overall' });
      // The other editions' too: the categories' trends are warmed only once every edition has its aggregates.
      for (const edition of db.prepare('SELECT DISTINCT edition FROM audit WHERE edition <> 2024').pluck().all() as number[]) {
        await call('analytics.scores', { edition, level: 'overall' });
      }
      const misses = analysisResults.stats.misses;
      await until(() => analysisResults.stats.misses >= misses + 5);
      const hits = analysisResults.stats.hits;
      // The Scores view's questions, as the renderer sends them: answered from memory.
      const matrix = await call<ScoreMatrix>('analytics.scoreMatrix', { lang: 'fr', levels: ['overall', 'step', 'channel'], edition: 2024 });
      await call('analytics.winners', { edition: 2024, lang: 'fr' });
      await call('analytics.completeness', { edition: 2024, lang: 'fr' });
      // And the Fiche structure's trend of the structure's category (the same for all its structures).
      const category = db.prepare("SELECT category FROM structure WHERE code = 'S0007'").pluck().get() as string;
      await call('analytics.trends', { category, level: 'overall', lang: 'fr' });
      expect(analysisResults.stats.hits - hits).toBe(4);

      // After a write, warmed again on the new data.
      allCompliant(db, 'S0007');
      const after = analysisResults.stats.misses;
      await until(() => analysisResults.stats.misses >= after + 5);
      const warmHits = analysisResults.stats.hits;
      const fresh = await call<ScoreMatrix>('analytics.scoreMatrix', { edition: 2024, levels: ['overall', 'step', 'channel'], lang: 'fr' });
      expect(analysisResults.stats.hits - warmHits).toBe(1);
      expect(fresh).not.toBe(matrix);
      expect(fresh.scores[0]![fresh.structures.code.indexOf('S0007')]).toBe(100);
    } finally {
      stop();
    }
  });

  it('drops the oldest answers past its capacity and never keeps one larger than it', () => {
    const db = t.core.context.session.db;
    const cache = new ResultCache(10);
    let computed = 0;
    const list = (n: number) => () => {
      computed += 1;
      return Array.from({ length: n }, (_, i) => i);
    };
    cache.get(db, 'a', list(4));
    cache.get(db, 'b', list(4));
    cache.get(db, 'a', list(4)); // a hit: "a" becomes the most recent
    cache.get(db, 'c', list(4)); // 12 > 10: "b", the least recently used, goes
    expect(computed).toBe(3);
    cache.get(db, 'a', list(4));
    cache.get(db, 'c', list(4));
    expect(computed).toBe(3);
    cache.get(db, 'b', list(4));
    expect(computed).toBe(4);
    cache.get(db, 'huge', list(11));
    cache.get(db, 'huge', list(11));
    expect(computed).toBe(6);
  });
});
