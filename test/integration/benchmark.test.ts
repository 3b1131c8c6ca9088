/**
 * The anonymous national benchmark: exported from a national workspace with only what the
 * disclosure rule lets out (small categories: nothing, or n and mean only; never a structure's
 * code, name or score), refused when tampered with or foreign, imported into a diagnostic
 * workspace created by `barometer new --diagnostic`, where the peer comparison reads it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import { openWorkspace } from '../../main/db/connection.js';
import { peerBenchmark } from '../../main/analytics/peers.js';
import { createEntryAudit, completeEntryAudit, setEntryField } from '../../main/entry/index.js';
import type { BenchmarkFile } from '../../main/diagnostic/benchmark-file.js';
import type { PeerRow } from '../../shared/analytics-types.js';
import { Fixture, type ItemDef } from './analytics-fixture.js';
import { tempDir } from './helpers.js';

const ITEMS: ItemDef[] = ['TEL-01', 'TEL-02', 'TEL-03', 'TEL-04'].map((code, i) => ({
  code, channel: 'telephone', step: i < 2 ? 'acces' : 'traitement', determinant: i % 2 === 0 ? 'accessibilite' : 'courtoisie', weight: i + 1,
}));

/** 12 large cities (everything shown), 5 departments (n and mean only), 3 regions (nothing). */
const GROUPS = [
  { category: 'ville-plus-50k', prefix: 'VILLE', count: 12 },
  { category: 'departement', prefix: 'DEPT', count: 5 },
  { category: 'region', prefix: 'REGION', count: 3 },
];

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; }, interactive: false };
  const code = await main(args, io);
  return { code, out, err };
}

let national: Fixture;
let dir: string;
let benchmarkFile: string;
const secrets: string[] = [];

beforeAll(() => {
  national = new Fixture({ disclosureControl: true });
  national.edition(2026).referential(0, ITEMS);
  let seq = 0;
  for (const group of GROUPS) {
    for (let i = 1; i <= group.count; i += 1) {
      seq += 1;
      const code = `${group.prefix}-SECRET-${String(i).padStart(2, '0')}`;
      const name = `Collectivité confidentielle ${group.prefix.toLowerCase()} numéro ${i}`;
      secrets.push(code, name);
      national.structure(code, group.category, 'public', name);
      // Answers vary with the structure, so scores differ.
      const bits = (seq * 7) % 16;
      national.audit(2026, code, 'telephone', { 'TEL-01': (bits & 1) as 0 | 1, 'TEL-02': ((bits >> 1) & 1) as 0 | 1, 'TEL-03': ((bits >> 2) & 1) as 0 | 1, 'TEL-04': 1 });
    }
  }
  national.db.close();
  (national as { db: unknown }).db = openWorkspace(national.file);
  dir = tempDir();
  benchmarkFile = path.join(dir, 'repere-2026.json');
});

afterAll(() => national.close());

describe('benchmark export', () => {
  it('writes only disclosed category statistics: no code, name or withheld figure of any structure', async () => {
    const result = await run(['benchmark', 'export', '--edition', '2026', '--out', benchmarkFile, '--db', national.file]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Repère national 2026 écrit/);
    const text = fs.readFileSync(benchmarkFile, 'utf8');
    for (const secret of secrets) expect(text, secret).not.toContain(secret);
    expect(text).not.toMatch(/SECRET/);

    const file = JSON.parse(text) as BenchmarkFile;
    expect(file).toMatchObject({ format: 'barometre-benchmark', schemaVersion: 1, edition: 2026 });
    expect(file.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Regions (2 others behind each figure): not even n.
    expect(file.rows.filter((r) => r.code === 'region')).toEqual([]);
    // Departments (4 others): n and mean, no distribution.
    const dept = file.rows.find((r) => r.code === 'departement' && r.level === 'overall')!;
    expect(dept).toMatchObject({ n: 5, median: null, q1: null, q3: null, min: null, max: null });
    expect(dept.mean).toEqual(expect.any(Number));
    expect(dept.withheld).toEqual(expect.arrayContaining(['median', 'q1', 'q3', 'min', 'max', 'rank', 'percentile']));
    // The same figures the national workspace itself shows a department: the rule is read, not re-implemented.
    const shownToAMember = peerBenchmark(national.db, { edition: 2026, structure: 'DEPT-SECRET-01', level: 'overall' })[0]!;
    expect(dept.mean).toBe(shownToAMember.mean);
    expect(shownToAMember.median).toBeNull();
    // Large cities: everything, equal to the national workspace's own figures.
    const city = file.rows.find((r) => r.code === 'ville-plus-50k' && r.level === 'overall')!;
    const cityPeers = peerBenchmark(national.db, { edition: 2026, structure: 'VILLE-SECRET-01', level: 'overall' })[0]!;
    expect(city).toMatchObject({ n: 12, mean: cityPeers.mean, median: cityPeers.median, q1: cityPeers.q1, q3: cityPeers.q3, min: cityPeers.min, max: cityPeers.max, withheld: [] });
    expect(file.rows.some((r) => r.code === 'ville-plus-50k' && r.level === 'item' && r.key === 'TEL-01')).toBe(true);
  });
});

describe('diagnostic workspace', () => {
  let diagnostic: string;

  it('is created for one structure with the national referential, and refuses a second creation over it', async () => {
    diagnostic = path.join(dir, 'diagnostic.sqlite');
    const created = await run(['new', '--diagnostic', '--structure', 'CLIENT-01', '--name', 'Ville cliente (démo)', '--category', 'Villes de plus de 50 000 habitants', '--from', national.file, '--db', diagnostic]);
    expect(created.err).toBe('');
    expect(created.out).toMatch(/Espace de diagnostic créé/);
    expect(created.out).toMatch(/Référentiel copié : 4 critères/);
    const again = await run(['new', '--diagnostic', '--structure', 'CLIENT-01', '--name', 'x', '--category', 'region', '--db', diagnostic]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/« diagnostic\.sqlite » existe déjà/);
  });

  it('refuses a tampered, foreign or missing benchmark file, naming it', async () => {
    const tampered = path.join(dir, 'repere-modifie.json');
    const file = JSON.parse(fs.readFileSync(benchmarkFile, 'utf8')) as BenchmarkFile;
    const row = file.rows.find((r) => r.mean !== null)!;
    row.mean = (row.mean ?? 0) + 1;
    fs.writeFileSync(tampered, JSON.stringify(file));
    const t = await run(['benchmark', 'import', tampered, '--db', diagnostic]);
    expect(t.code).toBe(1);
    expect(t.err).toMatch(/Le fichier « repere-modifie\.json » a été modifié ou abîmé depuis son export/);

    const smuggled = path.join(dir, 'repere-ajout.json');
    const withCode = JSON.parse(fs.readFileSync(benchmarkFile, 'utf8')) as BenchmarkFile & { rows: Array<Record<string, unknown>> };
    withCode.rows[0]!.structure = 'VILLE-SECRET-01';
    fs.writeFileSync(smuggled, JSON.stringify(withCode));
    expect((await run(['benchmark', 'import', smuggled, '--db', diagnostic])).err).toMatch(/« repere-ajout\.json » n'est pas un repère national valide/);

    const foreign = path.join(dir, 'autre.json');
    fs.writeFileSync(foreign, JSON.stringify({ hello: 'monde' }));
    expect((await run(['benchmark', 'import', foreign, '--db', diagnostic])).err).toMatch(/Le fichier « autre\.json » n'est pas un repère national du Baromètre/);
    const binary = path.join(dir, 'classeur.xlsx');
    fs.writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3]));
    expect((await run(['benchmark', 'import', binary, '--db', diagnostic])).err).toMatch(/« classeur\.xlsx » n'est pas un repère national/);
    expect((await run(['benchmark', 'import', path.join(dir, 'absent.json'), '--db', diagnostic])).err).toMatch(/« absent\.json » ne peut pas être lu : il n’existe pas/);
    // The national workspace is not a diagnostic one.
    expect((await run(['benchmark', 'import', benchmarkFile, '--db', national.file])).err).toMatch(/n'est pas un espace de diagnostic/);

    const db = openWorkspace(diagnostic);
    expect(db.prepare('SELECT COUNT(*) FROM benchmark_import').pluck().get()).toBe(0);
    db.close();
  });

  it('imports the benchmark; the structure’s peers are then the imported national reference', async () => {
    const imported = await run(['benchmark', 'import', benchmarkFile, '--db', diagnostic]);
    expect(imported.err).toBe('');
    expect(imported.out).toMatch(/Repère national 2026 importé depuis « repere-2026\.json »/);

    // An audit entered by keyboard in the diagnostic workspace, then completed.
    const db = openWorkspace(diagnostic);
    const { auditId, sessionId } = createEntryAudit(db, { structure: 'CLIENT-01', channel: 'telephone', date: '12/03/2026' });
    for (const [itemCode, value] of [['TEL-01', 'O'], ['TEL-02', 'N'], ['TEL-03', 'O'], ['TEL-04', 'O']] as const) setEntryField(db, { auditId, sessionId, itemCode, field: 'answer', value });
    completeEntryAudit(db, { auditId });

    const file = JSON.parse(fs.readFileSync(benchmarkFile, 'utf8')) as BenchmarkFile;
    const city = file.rows.find((r) => r.code === 'ville-plus-50k' && r.level === 'overall')!;
    const overall = peerBenchmark(db, { edition: 2026, structure: 'CLIENT-01', level: 'overall' })[0]!;
    expect(overall.score).toBeCloseTo((100 * (1 + 3 + 4)) / 10, 6);
    expect(overall).toMatchObject({ n: 12, mean: city.mean, median: city.median, q1: city.q1, q3: city.q3, min: city.min, max: city.max, rank: null, percentile: null });
    expect(overall.reference).toEqual({ kind: 'national-import', edition: 2026, label: 'référence nationale 2026 importée' });
    db.close();

    const cli = await run(['peers', 'CLIENT-01', '--db', diagnostic]);
    expect(cli.out).toMatch(/Pairs : référence nationale 2026 importée/);
    const json = JSON.parse((await run(['peers', 'CLIENT-01', '--json', '--db', diagnostic])).out) as PeerRow[];
    expect(json.every((r) => r.reference?.label === 'référence nationale 2026 importée')).toBe(true);
  });

  it('the structure’s PDF report and workbook compare it with the imported national reference and say so', async () => {
    const pdf = path.join(dir, 'rapport-client.pdf');
    const report = await run(['export', 'report', 'CLIENT-01', '--edition', '2026', '--out', pdf, '--db', diagnostic]);
    expect(report.err).toBe('');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Repère de la catégorie : référence nationale 2026 importée');
    const file = JSON.parse(fs.readFileSync(benchmarkFile, 'utf8')) as BenchmarkFile;
    const city = file.rows.find((r) => r.code === 'ville-plus-50k' && r.level === 'overall')!;
    // The category median of the national file, in French format, is the summary's benchmark.
    expect(text).toContain(new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(city.median!));
    for (const secret of secrets) expect(text).not.toContain(secret);

    const xlsx = path.join(dir, 'classeur-client.xlsx');
    expect((await run(['export', 'structure', 'CLIENT-01', '--edition', '2026', '--out', xlsx, '--db', diagnostic])).err).toBe('');
    const book = XLSX.read(fs.readFileSync(xlsx));
    const summary = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 }).flat().join('\n');
    expect(summary).toContain('Repère de la catégorie : référence nationale 2026 importée');
  });

  it('a small category in the benchmark stays withheld in the diagnostic workspace', async () => {
    const small = path.join(dir, 'diag-dept.sqlite');
    await run(['new', '--diagnostic', '--structure', 'CLIENT-02', '--name', 'Département client (démo)', '--category', 'departement', '--from', national.file, '--db', small]);
    await run(['benchmark', 'import', benchmarkFile, '--db', small]);
    const db = openWorkspace(small);
    const { auditId, sessionId } = createEntryAudit(db, { structure: 'CLIENT-02', channel: 'telephone', date: '12/03/2026' });
    setEntryField(db, { auditId, sessionId, itemCode: 'TEL-01', field: 'answer', value: 'Oui' });
    completeEntryAudit(db, { auditId });
    const overall = peerBenchmark(db, { edition: 2026, structure: 'CLIENT-02', level: 'overall' })[0]!;
    expect(overall).toMatchObject({ n: 5, median: null, q1: null, min: null, max: null, suppressed: 'group-too-small' });
    expect(overall.mean).toEqual(expect.any(Number));
    db.close();
  });
});
