/**
 * Builds the demo workspace: generated files (main/generate) go through the real import pipeline,
 * exactly as an analyst's files would. The workspace is assembled under a temporary name and
 * renamed into place, so a refresh never leaves a half-built demo behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace } from '../db/connection.js';
import { DEMO_DEFAULTS, generateDemo, type GenerateResult } from '../generate/index.js';
import { importFiles } from '../import/index.js';
import type { ImportProgress, ImportResult } from '../../shared/import-types.js';
import { AppError } from '../../shared/errors.js';

export interface DemoOptions {
  seed?: number;
  structures?: number;
  editions?: readonly number[];
  onProgress?: (message: string, progress?: ImportProgress) => void;
}

export interface DemoResult {
  file: string;
  generated: GenerateResult;
  imported: ImportResult;
}

function removeWorkspaceFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

export async function buildDemoWorkspace(target: string, options: DemoOptions = {}): Promise<DemoResult> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'barometre-demo-'));
  try {
    options.onProgress?.('Génération des fichiers de démonstration…');
    const generated = await generateDemo({
      out: folder,
      seed: options.seed ?? DEMO_DEFAULTS.seed,
      structures: options.structures ?? DEMO_DEFAULTS.structures,
      editions: options.editions ?? DEMO_DEFAULTS.editions,
      formats: DEMO_DEFAULTS.formats,
      layout: DEMO_DEFAULTS.layout,
    });
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    const building = `${target}.construction`;
    removeWorkspaceFiles(building);
    const db = openWorkspace(building);
    let imported: ImportResult;
    try {
      imported = importFiles(db, { files: generated.files.map((f) => f.path) }, {
        onProgress: (p) => options.onProgress?.(`Import de ${p.file}`, p),
        rejectsDir: folder,
      });
      const refused = imported.files.filter((f) => f.status === 'refused');
      if (refused.length > 0) {
        // The import problems' own texts (French), after the file names.
        throw AppError.keyed('IMPORT_REFUSED', 'demo.importRefused', { files: refused.map((f) => `${f.fileName} (${f.problems[0]?.message ?? 'refusé'})`).join(' ; ') });
      }
      db.prepare(`INSERT INTO setting(key, value_json) VALUES ('demo', 'true') ON CONFLICT(key) DO UPDATE SET value_json = 'true'`).run();
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    removeWorkspaceFiles(target);
    fs.renameSync(building, target);
    removeWorkspaceFiles(building);
    return { file: target, generated, imported };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
