import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import { COMMANDS } from '../../main/cli/commands/index.js';
import { tempDir } from './helpers.js';
import { LONG_HEADER, LONG_ROWS, writeCsv, writeSmallBarometer } from '../fixtures/small-barometer.js';

function captured(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    interactive: false,
    out(text: string) { io.stdout += `${text}\n`; },
    err(text: string) { io.stderr += `${text}\n`; },
  };
  return io;
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captured();
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('barometer CLI: import, imports, info', () => {
  it('imports with --json in the documented shape, then reports unchanged on a second run', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'w.sqlite');
    const files = writeSmallBarometer(dir);
    const first = await run(['import', files.referential, files.structures, files.long, '--db', db, '--json']);
    expect(first.code).toBe(0);
    const parsed = JSON.parse(first.stdout) as { files: Array<Record<string, unknown>> };
    expect(parsed.files).toHaveLength(3);
    for (const file of parsed.files) {
      expect(Object.keys(file)).toEqual(expect.arrayContaining(['file', 'kind', 'layout', 'status', 'audits', 'observations', 'problems', 'importId']));
      expect(file.status).toBe('imported');
    }
    const results = parsed.files.find((f) => f.kind === 'results')!;
    expect(results.audits).toEqual({ new: 4, changed: 0, unchanged: 0 });
    expect(results.observations).toEqual({ new: 10, changed: 0, unchanged: 0 });

    const again = await run(['import', files.wide, '--db', db, '--json']);
    expect(JSON.parse(again.stdout).files[0]).toMatchObject({ status: 'unchanged', layout: 'wide', importId: null });

    const info = await run(['info', '--db', db, '--json']);
    expect(JSON.parse(info.stdout)).toMatchObject({
      editions: [{ year: 2023, structures: 3, audits: 4, observations: 10 }],
      items: 6, determinants: 5, channels: 6, steps: 3, structures: 4,
    });
  });

  it('a refused file exits non-zero with a French message on stderr and problems in JSON', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'w.sqlite');
    const files = writeSmallBarometer(dir);
    await run(['import', files.referential, files.structures, '--db', db]);
    const rows = LONG_ROWS.map((r) => [...r]);
    rows[0]![7] = '???';
    const bad = writeCsv(path.join(dir, 'mauvais.csv'), LONG_HEADER, rows);
    const result = await run(['import', bad, '--db', db, '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refusé.*mauvais\.csv/);
    const problem = JSON.parse(result.stdout).files[0].problems[0];
    expect(problem).toEqual({ file: 'mauvais.csv', sheet: expect.any(String), row: 2, column: 'H (Réponse)', value: '???', code: 'INVALID_ANSWER', message: expect.stringMatching(/TEL-01/) });
    const text = await run(['import', bad, '--db', db]);
    expect(text.stdout).toMatch(/ligne 2, colonne H \(Réponse\)/);
  });

  it('--dry-run writes nothing; imports lists and undo restores', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'w.sqlite');
    const files = writeSmallBarometer(dir);
    const preview = await run(['import', files.referential, files.structures, files.long, '--dry-run', '--db', db, '--json']);
    expect(JSON.parse(preview.stdout).files.map((f: { status: string }) => f.status)).toEqual(['preview', 'preview', 'preview']);
    expect(JSON.parse((await run(['imports', '--db', db, '--json'])).stdout)).toEqual([]);
    await run(['import', files.referential, files.structures, files.long, '--db', db]);
    const list = JSON.parse((await run(['imports', '--db', db, '--json'])).stdout) as Array<{ status: string; fileName: string }>;
    expect(list.map((i) => i.fileName)).toEqual(['resultats-long.csv', 'structures.csv', 'referentiel.xlsx']);
    const undo = await run(['imports', 'undo', '--db', db, '--json']);
    expect(undo.code).toBe(0);
    expect(JSON.parse(undo.stdout)).toMatchObject({ fileName: 'resultats-long.csv', deleted: { audits: 4, observations: 10 } });
    expect(JSON.parse((await run(['info', '--db', db, '--json'])).stdout).editions).toEqual([]);
  });

  it('--map reads a mapping file; --skip-invalid writes rejects', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'w.sqlite');
    const files = writeSmallBarometer(dir);
    await run(['import', files.referential, files.structures, '--db', db]);
    const header = LONG_HEADER.map((h) => (h === 'Réponse' ? 'Verdict' : h));
    const rows = LONG_ROWS.map((r) => [...r]);
    rows[3]![7] = 'bof';
    const file = writeCsv(path.join(dir, 'verdicts.csv'), header, rows);
    const mapFile = path.join(dir, 'map.json');
    fs.writeFileSync(mapFile, JSON.stringify({ columns: { Verdict: 'answer' } }));
    const result = await run(['import', file, '--map', mapFile, '--skip-invalid', '--db', db, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout).files[0];
    expect(report).toMatchObject({ status: 'imported', rowsRejected: 1, observations: { new: 9 } });
    expect(fs.existsSync(report.rejectsFile)).toBe(true);
    expect(path.dirname(report.rejectsFile)).toBe(path.join(dir, 'rejets'));
  });

  it('every command has --help; unknown commands and options fail clearly', async () => {
    for (const command of COMMANDS) {
      const help = await run([command.name, '--help']);
      expect(help.code, command.name).toBe(0);
      expect(help.stdout, command.name).toMatch(new RegExp(`Usage :\\s+barometer ${command.name}`));
    }
    const unknown = await run(['inventer']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Commande inconnue/);
    const badOption = await run(['info', '--nimporte']);
    expect(badOption.code).toBe(2);
    const missing = await run(['import', '/nulle/part.xlsx', '--db', path.join(tempDir(), 'w.sqlite')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/introuvable/);
  });
});
