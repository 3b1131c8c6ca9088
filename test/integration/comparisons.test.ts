/**
 * Comparisons of two panels (main/analytics/comparisons.ts) on a generated workspace built by the
 * real pipeline (the demo generator writes "Labels détenus", the import reads it): the pooled
 * scores of each panel equal a pooling done by hand from the observations; a small panel and the
 * panel that leaves only it out of its sector are withheld, with their reasons, and no withheld
 * figure appears anywhere; the "Comparaisons" sheet of the tables read back; the CLI's JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace } from '../../main/demo/build-demo.js';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { comparePanels, comparisonChoices } from '../../main/analytics/comparisons.js';
import { setHeldLabels } from '../../main/import/labels-held.js';
import { writeBarometerTables } from '../../main/export/barometer-tables.js';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import type { ComparisonResult } from '../../shared/comparison-types.js';
import { tempDir } from './helpers.js';

const EDITION = 2023;
let dir: string;
let file: string;
let db: Db;

beforeAll(async () => {
  dir = tempDir('barometre-compare-');
  file = path.join(dir, 'demo.sqlite');
  await buildDemoWorkspace(file, { structures: 60, editions: [EDITION] });
  db = openWorkspace(file);
}, 120_000);
afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Σ compliant weight and Σ applicable weight per level and key, pooled by hand from the observations of `codes`' audits. */
function handPooled(codes: readonly string[]): Map<string, { compliant: number; applicable: number; audits: number }> {
  const rows = db.prepare(`
    SELECT a.id AS audit, o.compliant AS compliant, i.weight AS weight, i.step AS step, i.channel AS channel, i.determinant AS determinant
    FROM observation o JOIN audit a ON a.id = o.audit_id
    JOIN item_in_force i ON i.edition = a.edition AND i.code = o.item_code
    WHERE a.edition = ? AND a.structure_code IN (SELECT value FROM json_each(?))`).all(EDITION, JSON.stringify(codes)) as Array<{ audit: number; compliant: number | null; weight: number; step: string; channel: string; determinant: string }>;
  const out = new Map<string, { compliant: number; applicable: number; audits: Set<number> }>();
  for (const r of rows) {
    for (const id of ['overall:overall', `step:${r.step}`, `channel:${r.channel}`, `determinant:${r.determinant}`]) {
      const s = out.get(id) ?? { compliant: 0, applicable: 0, audits: new Set<number>() };
      s.audits.add(r.audit);
      if (r.compliant !== null) {
        s.applicable += r.weight;
        if (r.compliant === 1) s.compliant += r.weight;
      }
      out.set(id, s);
    }
  }
  return new Map([...out].map(([id, s]) => [id, { compliant: s.compliant, applicable: s.applicable, audits: s.audits.size }]));
}

const holders = (label: string): string[] => db.prepare(`
  SELECT DISTINCT s.code FROM structure s JOIN structure_label l ON l.structure_code = s.code
  WHERE l.label = ? AND s.sector = 'public' AND EXISTS (SELECT 1 FROM audit a WHERE a.structure_code = s.code AND a.edition = ?)`).pluck().all(label, EDITION) as string[];
const publicAudited = (): string[] => db.prepare(`
  SELECT DISTINCT s.code FROM structure s JOIN audit a ON a.structure_code = s.code WHERE a.edition = ? AND s.sector = 'public'`).pluck().all(EDITION) as string[];

describe('comparePanels on a generated workspace', () => {
  it('the demo import brings labelled structures (Qualivilles, Services Publics+), public ones only', () => {
    const choices = comparisonChoices(db, { edition: EDITION });
    const q = choices.labels.find((l) => l.label === 'Qualivilles');
    expect(q?.holders).toBeGreaterThanOrEqual(4);
    expect(choices.labels.map((l) => l.label)).toEqual(expect.arrayContaining(['Qualivilles', 'Services Publics+']));
    const priv = db.prepare(`SELECT COUNT(*) FROM structure_label l JOIN structure s ON s.code = l.structure_code WHERE s.sector = 'prive'`).pluck().get();
    expect(priv).toBe(0);
  });

  it('labelled Qualivilles vs not: every pooled score equals the hand pooling of the observations, bases included', () => {
    const labelled = holders('Qualivilles');
    const rest = publicAudited().filter((c) => !labelled.includes(c));
    const result = comparePanels(db, { edition: EDITION, a: { kind: 'label', label: 'Qualivilles', held: true }, b: { kind: 'label', label: 'qualivilles', held: false } });
    expect(result.a).toMatchObject({ label: 'Labellisées Qualivilles', structures: labelled.length });
    expect(result.b.structures).toBe(rest.length);
    const auditCount = (codes: string[]): number => db.prepare('SELECT COUNT(*) FROM audit WHERE edition = ? AND structure_code IN (SELECT value FROM json_each(?))').pluck().get(EDITION, JSON.stringify(codes)) as number;
    expect(result.a.audits).toBe(auditCount(labelled));
    expect(result.b.audits).toBe(auditCount(rest));
    const handA = handPooled(labelled);
    const handB = handPooled(rest);
    expect(result.rows.length).toBe(handA.size);
    expect(result.rows[0]).toMatchObject({ level: 'overall', key: 'overall' });
    for (const row of result.rows) {
      for (const [cell, hand] of [[row.a, handA.get(`${row.level}:${row.key}`)], [row.b, handB.get(`${row.level}:${row.key}`)]] as const) {
        expect(hand, `${row.level}:${row.key}`).toBeDefined();
        expect(cell.withheldBecause).toBeNull();
        expect(cell.score).toBeCloseTo((100 * hand!.compliant) / hand!.applicable, 9);
        expect(cell.applicableWeight).toBeCloseTo(hand!.applicable, 9);
        expect(cell.audits).toBe(hand!.audits);
      }
      expect(row.gap).toBeCloseTo(row.a.score! - row.b.score!, 9);
    }
    // The headline indicator: compliant share of the email audits where MEL-01 applies.
    const mel = (codes: string[]): { yes: number; n: number } => db.prepare(`
      SELECT SUM(o.compliant = 1) AS yes, COUNT(*) AS n FROM observation o JOIN audit a ON a.id = o.audit_id
      WHERE a.edition = ? AND o.item_code = 'MEL-01' AND o.compliant IS NOT NULL AND a.structure_code IN (SELECT value FROM json_each(?))`).get(EDITION, JSON.stringify(codes)) as { yes: number; n: number };
    const melA = mel(labelled);
    const indicator = result.indicators.find((i) => i.item === 'MEL-01')!;
    expect(indicator.a.audits).toBe(melA.n);
    expect(indicator.a.rate).toBeCloseTo((100 * melA.yes) / melA.n, 9);
    expect(indicator.brochure).toBeNull();
  });

  it('public vs private keeps the headline indicators of the Public / privé view, with the brochure figures', () => {
    const result = comparePanels(db, { edition: EDITION, a: { kind: 'sector', sector: 'public' }, b: { kind: 'sector', sector: 'prive' } });
    expect(result.isPublicPrivate).toBe(true);
    const stats = db.prepare(`SELECT compliant, applicable FROM score_stats WHERE edition = ? AND group_kind = 'sector' AND group_code = 'prive' AND level = 'item' AND key = 'MEL-01'`).get(EDITION) as { compliant: number; applicable: number };
    const mel01 = result.indicators.find((i) => i.item === 'MEL-01')!;
    expect(mel01.b.rate).toBeCloseTo((100 * stats.compliant) / stats.applicable, 9);
    expect(mel01.brochure).toEqual({ a: 38, b: 85 });
  });

  it('withholds a small panel, and the rest of its sector, with their reasons; no withheld figure leaks', () => {
    // Two structures hold a label given by hand: too few to show (k = 1 other < 3).
    const [first, second] = publicAudited();
    setHeldLabels(db, first!, ['Marianne'], 'test');
    setHeldLabels(db, second!, ['Marianne'], 'test');
    const result = comparePanels(db, { edition: EDITION, a: { kind: 'label', label: 'Marianne', held: true }, b: { kind: 'label', label: 'Marianne', held: false } });
    expect(result.a.structures).toBe(2);
    const overall = result.rows.find((r) => r.level === 'overall')!;
    expect(overall.a).toMatchObject({ score: null, compliantWeight: null, n: null, mean: null, suppressed: 'group-too-small', withheldBecause: 'panel-too-small' });
    // The non-holders are the public sector minus 2: beside the published public score they would give the 2 by subtraction.
    expect(overall.b).toMatchObject({ score: null, compliantWeight: null, withheldBecause: 'rest-too-small' });
    expect(overall.gap).toBeNull();
    for (const i of result.indicators) expect([i.a.rate, i.b.rate, i.a.compliant, i.b.compliant]).toEqual([null, null, null, null]);
    // Bases stay: counts, not scores.
    expect(overall.a.audits).toBeGreaterThan(0);
    // Neither the pair's pooled score nor either structure's own score appears in the answer.
    const hand = handPooled([first!, second!]).get('overall:overall')!;
    const secret = [(100 * hand.compliant) / hand.applicable,
      ...[first!, second!].map((c) => db.prepare(`SELECT score FROM score_cache WHERE edition = ? AND structure_code = ? AND level = 'overall'`).pluck().get(EDITION, c) as number)];
    const numbers: number[] = [];
    JSON.stringify(result, (_k, v: unknown) => { if (typeof v === 'number') numbers.push(v); return v; });
    for (const s of secret) expect(numbers.some((v) => Math.abs(v - s) < 1e-9), `leaked ${s}`).toBe(false);
  });

  it('writes the Comparaisons sheet of the tables for the comparison chosen, read back', async () => {
    const out = path.join(dir, 'tables.xlsx');
    const written = await writeBarometerTables(db, { edition: EDITION, outFile: out, comparison: { a: { kind: 'label', label: 'Marianne', held: true }, b: { kind: 'sector', sector: 'prive' } } });
    expect(written.sheets).toContain('Comparaisons');
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(fs.readFileSync(out)).Sheets['Comparaisons']!, { header: 1, raw: true, defval: null });
    expect(String(rows[0]?.[0])).toBe(`Comparaison : Labellisées Marianne face à Panel privé — édition ${EDITION}`);
    const header = rows.find((r) => r[0] === 'Niveau')!;
    expect(header.slice(0, 9)).toEqual(['Niveau', 'Clé', 'Score — Labellisées Marianne', 'Structures — Labellisées Marianne', 'Audits — Labellisées Marianne',
      'Score — Panel privé', 'Structures — Panel privé', 'Audits — Panel privé', 'Écart A − B (points)']);
    const global = rows[rows.indexOf(header) + 1]!;
    const result = comparePanels(db, { edition: EDITION, a: { kind: 'label', label: 'Marianne', held: true }, b: { kind: 'sector', sector: 'prive' } });
    const overall = result.rows[0]!;
    // A withheld: empty cells and the reason; B: the pooled score and its bases.
    expect(global.slice(0, 9)).toEqual(['Global', 'Global', null, null, overall.a.audits, overall.b.score, overall.b.n, overall.b.audits, null]);
    expect(String(global[9])).toContain('non diffusé : trop peu de structures');
    const indicatorsTitle = rows.findIndex((r) => r[0] === 'Indicateurs phares');
    expect(indicatorsTitle).toBeGreaterThan(0);
    const mel01 = rows.slice(indicatorsTitle).find((r) => r[1] === 'MEL-01')!;
    expect(mel01[2]).toBeNull();
    expect(mel01[4]).toBeCloseTo(result.indicators[0]!.b.rate! / 100, 9);
  });
});

describe('barometer compare', () => {
  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; }, interactive: false };
    const code = await main([...args, '--db', file], io);
    return { code, out, err };
  }

  it('answers the comparison in JSON, B defaulting to the complement of A', async () => {
    const r = await run(['compare', '--a', 'label:Qualivilles', '--edition', String(EDITION), '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as ComparisonResult;
    expect(result.b.spec).toEqual({ kind: 'label', label: 'Qualivilles', held: false });
    expect(result).toEqual(JSON.parse(JSON.stringify(comparePanels(db, { edition: EDITION, a: { kind: 'label', label: 'Qualivilles', held: true }, b: { kind: 'label', label: 'Qualivilles', held: false } }))));
  });

  it('prints a French table with the withheld figures named, and refuses an unreadable panel', async () => {
    const r = await run(['compare', '--a', 'label:Marianne', '--b', 'sector:prive']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Labellisées Marianne face à Panel privé');
    expect(r.out).toContain('non diffusé (panel trop petit)');
    const bad = await run(['compare', '--a', 'colour:blue']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Panel à comparer illisible');
  });

  it('export tables --compare writes the comparison asked', async () => {
    const out = path.join(dir, 'cli-tables.xlsx');
    const r = await run(['export', 'tables', '--edition', String(EDITION), '--out', out, '--compare', 'category:ville-moins-20k vs category:intercommunalite', '--json']);
    expect(r.code).toBe(0);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(fs.readFileSync(out)).Sheets['Comparaisons']!, { header: 1, raw: true, defval: null });
    expect(String(rows[0]?.[0])).toContain('Villes de moins de 20 000 habitants face à Intercommunalités');
  });
});
