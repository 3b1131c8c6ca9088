/**
 * Migration 2 (score cache): upgrades a version-1 workspace that already holds results, creates
 * the item_in_force view and the aggregate tables, and the first read computes the aggregates of
 * the editions that existed before the migration.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace, schemaVersion } from '../../main/db/connection.js';
import { editionScores, scoreRowsFromScratch } from '../../main/analytics/index.js';
import { makeTempDir } from '../temp-dirs.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = makeTempDir('barometer-mig2-');
  dirs.push(dir);
  return path.join(dir, 'w.sqlite');
}

describe('migration 2: score cache', () => {
  it('upgrades a version-1 workspace with data, whose aggregates are computed on first read', () => {
    const file = tempFile();
    const v1 = openWorkspace(file, { targetVersion: 1 });
    expect(schemaVersion(v1)).toBe(1);
    v1.exec(`
      INSERT INTO import(id, file_name, sha256, format, kind, layout, mapping_json, imported_at) VALUES (1, 'f', 'h', 'csv', 'results', 'long', '{}', 'now');
      INSERT INTO edition(year) VALUES (2022), (2023);
      INSERT INTO referential_set(valid_from) VALUES (0), (2023);
      INSERT INTO determinant(code, label_fr) VALUES ('d1', 'D1');
      INSERT INTO item(valid_from, code, label_fr, channel, step, determinant, answer_type, weight) VALUES
        (0, 'I1', 'Item 1', 'email', 'acces', 'd1', 'oui-non', 1),
        (0, 'I2', 'Item 2', 'email', 'acces', 'd1', 'oui-non', 1),
        (2023, 'I1', 'Item 1', 'email', 'acces', 'd1', 'oui-non', 3);
      INSERT INTO structure(code, name, category, sector, source) VALUES ('S', 'Struct', 'region', 'public', 'structures');
      INSERT INTO audit(id, edition, reference, structure_code, channel, import_id) VALUES (1, 2022, 'R1', 'S', 'email', 1), (2, 2023, 'R2', 'S', 'email', 1);
      INSERT INTO observation(audit_id, item_code, compliant, import_id) VALUES (1, 'I1', 1, 1), (1, 'I2', 0, 1), (2, 'I1', 1, 1), (2, 'I2', 0, 1);
    `);
    v1.close();

    const db = openWorkspace(file, { targetVersion: 2 });
    expect(schemaVersion(db)).toBe(2);
    const objects = db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`).pluck().all();
    for (const name of ['item_in_force', 'score_cache', 'score_cache_item', 'score_stats', 'score_unscored_item', 'score_cache_edition']) expect(objects).toContain(name);

    // item_in_force: 2022 uses set 0 (I1 w1, I2 w1); 2023 uses set 2023 alone (I1 w3; I2 not in force)
    const inForce = db.prepare('SELECT edition, code, weight FROM item_in_force ORDER BY edition, code').raw(true).all();
    expect(inForce).toEqual([[2022, 'I1', 1], [2022, 'I2', 1], [2023, 'I1', 3]]);

    // No aggregates yet; the first read computes them.
    expect(db.prepare('SELECT COUNT(*) FROM score_cache').pluck().get()).toBe(0);
    // 2022: I1 ✓ 1, I2 ✗ 1 → 50; 2023: I1 ✓ 3 only (I2 not in force, left out) → 100
    expect(editionScores(db, { edition: 2022, level: 'overall' })[0]?.score).toBe(50);
    expect(editionScores(db, { edition: 2023, level: 'overall' })[0]?.score).toBe(100);
    expect(scoreRowsFromScratch(db, 2023).find((r) => r.level === 'overall')).toMatchObject({ compliantWeight: 3, applicableWeight: 3 });
    expect(db.prepare('SELECT edition FROM score_cache_edition ORDER BY edition').pluck().all()).toEqual([2022, 2023]);
    db.close();
  });

  it('refuses an item level in score_cache (kept packed in score_cache_item)', () => {
    const db = openWorkspace(tempFile(), { targetVersion: 2 });
    expect(() => db.prepare(`INSERT INTO score_cache(edition, structure_code, level, key, compliant_weight, applicable_weight, observations, applicable, compliant, audits)
      VALUES (2023, 'S', 'item', 'I1', 0, 0, 0, 0, 0, 0)`).run()).toThrow(/CHECK/);
    db.close();
  });
});
