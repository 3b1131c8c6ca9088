/**
 * `barometer import --limit NOM=VALEUR`: a cap lowered below a real file refuses it with the cap's
 * name and how to raise it; raised back, the same file imports; a wrong setting fails clearly.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../main/cli/index.js';
import type { CliIo } from '../../../main/cli/command.js';
import { tempDir } from '../helpers.js';
import { writeSmallBarometer } from '../../fixtures/small-barometer.js';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io: CliIo & { stdout: string; stderr: string } = {
    stdout: '',
    stderr: '',
    interactive: false,
    out(text: string) { io.stdout += `${text}\n`; },
    err(text: string) { io.stderr += `${text}\n`; },
  };
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('barometer import --limit', () => {
  it('refuses a file over a lowered cap, naming it, and imports it with the cap raised', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'w.sqlite');
    const files = writeSmallBarometer(dir);
    expect((await run(['import', files.referential, files.structures, '--db', db])).code).toBe(0);

    const refused = await run(['import', files.long, '--db', db, '--json', '--limit', 'maxCsvFields=4']);
    expect(refused.code).toBe(1);
    const report = (JSON.parse(refused.stdout) as { files: Array<{ status: string; problems: Array<{ message: string }> }> }).files[0];
    expect(report?.status).toBe('refused');
    expect(report?.problems[0]?.message).toMatch(/« resultats-long\.csv » est refusé par précaution : la ligne \d+ compte au moins 5 champs.*limite « maxCsvFields », réglable : barometer import --limit maxCsvFields=8/);

    const imported = await run(['import', files.long, '--db', db, '--json', '--limit', 'maxCsvFields=400', '--limit', 'maxCells=1M']);
    expect(imported.code).toBe(0);
    expect((JSON.parse(imported.stdout) as { files: Array<{ status: string }> }).files[0]?.status).toBe('imported');
  });

  it('fails clearly on an unknown cap or a value that is not one', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'w.sqlite');
    const files = writeSmallBarometer(dir);
    const unknown = await run(['import', files.long, '--db', db, '--limit', 'maxCels=3']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/--limit : limite inconnue « maxCels » \(limites connues : .*maxCells/);
    const invalid = await run(['import', files.long, '--db', db, '--limit', 'maxCells=beaucoup']);
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toMatch(/NOM=VALEUR/);
  });
});
