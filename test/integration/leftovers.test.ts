/**
 * What an interrupted run leaves behind is cleared by the next one: the hidden `.…PID.tmp` files
 * of a batch killed mid-way (workbooks and PDF reports) when a batch runs again into the folder,
 * and the staging folder (with its uploaded files) of a server that crashed, when a server starts.
 * A living process's files are never touched. The "dead" pid is that of a real child process
 * that has exited.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStructureWorkbooks } from '../../main/export/batch.js';
import { exportStructureReports } from '../../main/report/batch.js';
import { processAlive, removeStaleTempFiles, tempFileWriterPid } from '../../main/export/stale-temp-files.js';
import { StagingArea, removeStaleStagingFolders } from '../../main/api/staging.js';
import { buildFixture, type Fixture } from './export-fixture.js';
import { tempDir } from './helpers.js';

/** The pid of a process that has run and exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(child.stdout);
  expect(processAlive(pid)).toBe(false);
  return pid;
}

function plant(folder: string, name: string): string {
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, name);
  fs.writeFileSync(file, 'PK moitié de classeur');
  return file;
}

describe('temporary files of interrupted batches', () => {
  let fx: Fixture;

  beforeAll(() => {
    fx = buildFixture({ perCategory: { 'ville-plus-50k': 3 }, editions: [2023] });
  });
  afterAll(() => fx.cleanup());

  it('reads the writer pid of our temporary names only', () => {
    expect(tempFileWriterPid('.S0001-mairie.xlsx.4242.tmp')).toBe(4242);
    expect(tempFileWriterPid('.Barometre-2023-tableaux.xlsx.4242.1765000000000.tmp')).toBe(4242);
    expect(tempFileWriterPid('S0001-mairie.xlsx')).toBeNull();
    expect(tempFileWriterPid('.cache.tmp')).toBeNull();
    expect(tempFileWriterPid('notes.4242.tmp')).toBeNull();
  });

  it('a workbook batch run again removes the dead writer\'s temporary files and keeps a living one\'s', async () => {
    const out = path.join(fx.dir, 'classeurs');
    const dead = deadPid();
    const stale = plant(out, `.S0001-mairie.xlsx.${dead}.tmp`);
    const staleTables = plant(out, `.Barometre-2023-tableaux.xlsx.${dead}.1765000000000.tmp`);
    const living = plant(out, `.S0002-mairie.xlsx.${process.pid}.tmp`);
    const unrelated = plant(out, 'notes.tmp');
    const result = await exportStructureWorkbooks(fx.db, { edition: 2023, outDir: out });
    expect(result.count).toBe(3);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(staleTables)).toBe(false);
    expect(fs.existsSync(living)).toBe(true);
    expect(fs.existsSync(unrelated)).toBe(true);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp')).sort()).toEqual([path.basename(living), 'notes.tmp'].sort());
  });

  it('a report batch run again does the same in its folder', async () => {
    const out = path.join(fx.dir, 'rapports');
    const stale = plant(out, `.S0003-mairie.pdf.${deadPid()}.tmp`);
    const result = await exportStructureReports(fx.db, { edition: 2023, outDir: out });
    expect(result.count).toBe(3);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves sub-folders and a missing folder alone', () => {
    const out = path.join(fx.dir, 'autre');
    const nested = plant(path.join(out, 'sous-dossier'), `.x.xlsx.${deadPid()}.tmp`);
    expect(removeStaleTempFiles(out)).toEqual([]);
    expect(fs.existsSync(nested)).toBe(true);
    expect(removeStaleTempFiles(path.join(fx.dir, 'absent'))).toEqual([]);
  });
});

describe('staging folders of crashed servers', () => {
  let parent: string;

  beforeAll(() => {
    parent = tempDir('barometre-tmp-');
  });
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

  it('removes a dead server\'s staging folder with its uploads, keeps a living one\'s and foreign folders', () => {
    const dead = path.join(parent, `barometre-staging-${deadPid()}-AbC123`);
    plant(path.join(dead, '0123456789abcdef'), 'resultats.xlsx');
    const living = path.join(parent, `barometre-staging-${process.pid}-XyZ789`);
    fs.mkdirSync(living);
    const oldStyle = path.join(parent, 'barometre-staging-Qw3rTy');
    fs.mkdirSync(oldStyle);
    const other = path.join(parent, 'autre-chose-12');
    fs.mkdirSync(other);
    expect(removeStaleStagingFolders(parent)).toEqual([dead]);
    expect(fs.existsSync(dead)).toBe(false);
    for (const kept of [living, oldStyle, other]) expect(fs.existsSync(kept), kept).toBe(true);
  });

  it('names a server\'s own staging folder with its pid, in the temporary directory, private to the user', () => {
    const staging = new StagingArea();
    try {
      expect(path.dirname(staging.root)).toBe(os.tmpdir());
      expect(path.basename(staging.root)).toMatch(new RegExp(`^barometre-staging-${process.pid}-[A-Za-z0-9]{6}$`));
      expect(fs.statSync(staging.root).mode & 0o777).toBe(0o700);
      // A second server of the same (living) process leaves the first one's folder in place.
      const second = new StagingArea();
      expect(fs.existsSync(staging.root)).toBe(true);
      second.dispose();
    } finally {
      staging.dispose();
    }
  });
});
