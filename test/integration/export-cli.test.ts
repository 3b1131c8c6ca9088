/** `barometer export tables | structure | structures` end to end, through the CLI entry. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import { buildFixture } from './export-fixture.js';
import type { Fixture } from './export-fixture.js';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = {
    stdout: '',
    stderr: '',
    interactive: false,
    out(text: string) { io.stdout += `${text}\n`; },
    err(text: string) { io.stderr += `${text}\n`; },
  } satisfies CliIo & { stdout: string; stderr: string };
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('barometer export', () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = buildFixture({ perCategory: { 'ville-plus-50k': 4, 'panel-prive': 3 } });
    fx.db.close(); // the CLI opens the workspace itself
  });
  afterAll(() => fx.cleanup());

  it('--help documents the three sub-commands', async () => {
    const r = await run(['export', '--help']);
    expect(r.code).toBe(0);
    for (const word of ['export tables', 'export structure CODE', 'export structures', '--keep-names', '--lang en']) expect(r.stdout).toContain(word);
  });

  it('export tables --json writes the workbook in English on request', async () => {
    const out = path.join(fx.dir, 'cli', 'tables.xlsx');
    const r = await run(['export', 'tables', '--edition', '2023', '--out', out, '--lang', 'en', '--db', fx.file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const parsed = JSON.parse(r.stdout) as { file: string; sheets: string[]; edition: number };
    expect(parsed).toMatchObject({ file: out, edition: 2023 });
    expect(parsed.sheets.slice(0, 2)).toEqual(['Key messages', 'Summary']);
    expect(XLSX.read(fs.readFileSync(out)).SheetNames).toEqual(parsed.sheets);
  });

  it('export structure CODE writes one workbook; unknown codes and editions fail cleanly', async () => {
    const code = fx.structures[0]!.code;
    const out = path.join(fx.dir, 'cli', 'one.xlsx');
    const ok = await run(['export', 'structure', code, '--out', out, '--db', fx.file, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ structure: code, edition: 2023, keepNames: false, file: out });
    const missing = await run(['export', 'structure', 'NOPE', '--out', path.join(fx.dir, 'cli', 'x.xlsx'), '--db', fx.file]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NOPE');
    expect(fs.existsSync(path.join(fx.dir, 'cli', 'x.xlsx'))).toBe(false);
    const edition = await run(['export', 'tables', '--edition', '1999', '--out', path.join(fx.dir, 'cli', 'y.xlsx'), '--db', fx.file]);
    expect(edition.code).toBe(1);
    expect(edition.stderr).toContain('1999');
    const usage = await run(['export', 'tables', '--db', fx.file]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('--out');
    const sub = await run(['export', 'nimporte', '--db', fx.file]);
    expect(sub.code).toBe(1);
  });

  it('export structure --out FOLDER writes the default name inside it; tables --out FOLDER is refused before writing', async () => {
    const code = fx.structures[0]!.code;
    const folder = path.join(fx.dir, 'cli-folder');
    fs.mkdirSync(folder, { recursive: true });
    const inFolder = await run(['export', 'structure', code, '--out', folder, '--db', fx.file, '--json']);
    expect(inFolder.code, inFolder.stderr).toBe(0);
    const written = (JSON.parse(inFolder.stdout) as { file: string }).file;
    expect(path.dirname(written)).toBe(folder);
    expect(path.basename(written)).toMatch(new RegExp(`^${code}-.+\\.xlsx$`));
    expect(fs.statSync(written).isFile()).toBe(true);
    const tables = await run(['export', 'tables', '--edition', '2023', '--out', folder, '--db', fx.file]);
    expect(tables.code).toBe(1);
    expect(tables.stderr).toContain('est un dossier');
    expect(fs.readdirSync(folder)).toEqual([path.basename(written)]);
  });

  it('export structures --out-dir writes one file per structure with code + slug names', async () => {
    const dir = path.join(fx.dir, 'cli', 'all');
    const r = await run(['export', 'structures', '--edition', '2023', '--out-dir', dir, '--keep-names', '--db', fx.file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const parsed = JSON.parse(r.stdout) as { count: number; files: string[]; cancelled: boolean };
    expect(parsed.count).toBe(fx.structures.length);
    expect(parsed.cancelled).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(fx.structures.map((s) => `${s.code}-${s.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '')}.xlsx`).sort());
  });
});
