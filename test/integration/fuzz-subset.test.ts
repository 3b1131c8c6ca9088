/**
 * Issue 13, integration tier: the first 40 mutants of the fuzz suite's seed 13 (`npm run fuzz`
 * runs 320), each imported by the real CLI code in a child process (timeout and 1 GB watchdog)
 * into a fresh copy of a workspace holding the referential and the structures. Each must be
 * refused in French naming the file, with no stack and no library English, the workspace left
 * byte-identical, or imported; `integrity_check` stays ok either way. Plus the defect the fuzzer
 * found: an xlsx sheet cut short before `</sheetData>` used to import its first rows silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { openWorkbook } from '../../main/import/readers/open-workbook.js';
import { prepareBase, tryMutant, type MutantResult } from '../../bench/fuzz.js';
import { mutants, seedFilesIn, type Reader } from '../../bench/reliability/mutants.js';
import { CliWorker, judgeMessage } from '../../bench/reliability/probe.js';
import { buildZip, minimalXlsxEntries, sheetXml } from '../fixtures/readers/zip-builder.js';
import { makeTempDir } from '../temp-dirs.js';

const SEED = 13;
const COUNT = 40;

let dir = '';
let worker: CliWorker;
let results: MutantResult[] = [];

beforeAll(async () => {
  dir = makeTempDir('fuzz-subset-');
  worker = new CliWorker();
  const { gen, base } = await prepareBase(dir, (argv, options) => worker.run(argv, options));
  results = [];
  for (const mutant of mutants(SEED, COUNT, seedFilesIn(gen))) {
    // Generous: the slowest mutant of the full run takes under 10 s on a loaded 2-core machine.
    results.push(await tryMutant(mutant, dir, base, 60_000, worker));
  }
}, 240_000);

afterAll(() => {
  worker?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('fuzz subset (seed 13, 40 mutants)', () => {
  it('covers every reader and both outcomes, so the assertions below bite', () => {
    expect(results).toHaveLength(COUNT);
    const readers = new Set<Reader>(results.map((r) => r.mutant.reader));
    expect([...readers].sort()).toEqual(['csv', 'ods', 'xls', 'xlsx']);
    expect(results.filter((r) => r.outcome === 'refused').length).toBeGreaterThan(10);
    expect(results.filter((r) => r.outcome === 'imported').length).toBeGreaterThan(0);
  });

  it('has no hang, no run over 1 GB, no crash and no message with a stack or English', () => {
    const bad = results.filter((r) => r.outcome !== 'refused' && r.outcome !== 'imported').map((r) => `${r.mutant.name} (${r.mutant.description}) : ${r.outcome} ${r.detail}`);
    expect(bad).toEqual([]);
  });

  it('leaves the workspace byte-identical after every refusal, and sound after every run', () => {
    expect(results.filter((r) => r.outcome === 'refused' && r.unchanged !== true).map((r) => r.mutant.name)).toEqual([]);
    expect(results.filter((r) => r.integrity !== 'ok').map((r) => `${r.mutant.name} : ${r.integrity}`)).toEqual([]);
  });

  it('names the file in the first line of each refusal', () => {
    for (const r of results.filter((x) => x.outcome === 'refused')) expect(r.detail).toContain(r.mutant.name);
  });
});

describe('an xlsx sheet cut short (found by the fuzzer)', () => {
  it('is refused, not imported with its first rows only', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>ligne ${i + 1}</t></is></c></row>`).join('');
    const whole = sheetXml(rows);
    // Cut right after the 20th row: every tag read so far is complete, only the end is missing.
    const cut = whole.slice(0, whole.indexOf('<row r="21"'));
    const file = path.join(dir, 'coupe.xlsx');
    fs.writeFileSync(file, buildZip(minimalXlsxEntries(cut)));
    let error: unknown = null;
    try {
      const workbook = openWorkbook(file);
      for (const _row of workbook.rows(workbook.sheetNames[0] ?? '')) {
        // read every row: the cut is only seen at the end
      }
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    const message = (error as AppError).message;
    expect(message).toBe("Le fichier « coupe.xlsx » est illisible : les données de la feuille « Feuil1 » s'arrêtent avant leur fin (balise de fermeture absente) : fichier tronqué ou endommagé, aucune ligne n'est importée.");
    expect(judgeMessage(message).ok).toBe(true);

    // The same sheet whole reads its 30 rows.
    fs.writeFileSync(file, buildZip(minimalXlsxEntries(whole)));
    const workbook = openWorkbook(file);
    expect([...workbook.rows(workbook.sheetNames[0] ?? '')]).toHaveLength(30);
  });
});
