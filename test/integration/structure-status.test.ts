/**
 * `workspace.structureStatus`, the Fiche structure's first question, through the router of a real
 * API core on a real workspace (the small barometer: Sainte-Œuvre is in the structures file but
 * has no audit; Valbrune is audited in 2023 only once a 2024 file for Montclair is imported): a
 * typed « no audit » state with the structure's identity and the editions where it has audits,
 * never an error; while the peer question keeps refusing an unaudited structure, as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiOutput, ApiResponse } from '../../shared/contract.js';
import { createApiCore, type ApiCore } from '../../main/api/core.js';
import { openWorkspace } from '../../main/db/connection.js';
import { importFiles } from '../../main/import/index.js';
import { tempDir } from './helpers.js';
import { TEST_ORIGIN, TEST_TASKS } from './api-test-helpers.js';
import { LONG_HEADER, writeCsv, writeSmallBarometer } from '../fixtures/small-barometer.js';

const caller = { origin: TEST_ORIGIN };
let core: ApiCore;
let dir: string;

beforeEach(() => {
  dir = tempDir('barometre-status-');
  const file = path.join(dir, 'espace.barometre.sqlite');
  const db = openWorkspace(file);
  const small = writeSmallBarometer(dir);
  const montclair2024 = writeCsv(path.join(dir, 'resultats-2024.csv'), LONG_HEADER, [
    [2024, '270000002', 'Ville de Montclair (démo)', 'B1', '10/09/2024', 'Courriel', 'MEL-01', '10', null],
    [2024, '270000002', 'Ville de Montclair (démo)', 'B1', '10/09/2024', 'Courriel', 'MEL-02', 'Oui', null],
  ]);
  const result = importFiles(db, { files: [small.referential, small.structures, small.long, montclair2024] });
  expect(result.files.map((f) => f.status)).toEqual(['imported', 'imported', 'imported', 'imported']);
  db.close();
  core = createApiCore({
    workspacePath: file,
    platform: { mode: 'desktop', openPath: () => Promise.resolve({ opened: true }) },
    version: '9.9.9',
    resourcesDir: path.join(dir, 'resources'),
    prefsFile: path.join(dir, 'prefs', 'preferences.json'),
    stagingDir: path.join(dir, 'staging'),
    allowedOrigins: [TEST_ORIGIN],
    tasksModule: TEST_TASKS,
  });
});
afterEach(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call<M extends ApiMethod>(method: M, input: unknown): Promise<ApiResponse<ApiOutput<M>>> {
  return (await core.router.call(method, input, caller)) as ApiResponse<ApiOutput<M>>;
}

async function ok<M extends ApiMethod>(method: M, input: unknown): Promise<ApiOutput<M>> {
  const response = await call(method, input);
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.result;
}

describe('workspace.structureStatus', () => {
  it('answers « no audit » with the identity for a structure never audited, in the latest edition by default', async () => {
    expect(await ok('workspace.structureStatus', { code: '2A0000003' })).toEqual({
      structure: { code: '2A0000003', name: 'Commune de Sainte-Œuvre (démo)', category: 'ville-moins-20k', sector: 'public', departement: '2A', region: 'Corse', population: 8000 },
      edition: 2024,
      state: 'no-audit',
      audits: 0,
      editionsWithAudits: [],
    });
    // The peer question itself still refuses it (the CLI and the exports rely on that).
    const peers = await call('analytics.peers', { code: '2A0000003', edition: 2023 });
    expect(peers.ok).toBe(false);
    if (!peers.ok) expect(peers.error).toMatchObject({ code: 'NOT_FOUND', text: { key: 'analytics.structureNotAudited' } });
  });

  it('names the editions where a structure has audits when the one shown has none', async () => {
    expect(await ok('workspace.structureStatus', { code: '060000001', edition: 2024 })).toMatchObject({
      edition: 2024, state: 'no-audit', audits: 0, editionsWithAudits: [2023],
    });
    expect(await ok('workspace.structureStatus', { code: '060000001', edition: 2023 })).toMatchObject({
      edition: 2023, state: 'audited', audits: 2, editionsWithAudits: [2023],
    });
    expect(await ok('workspace.structureStatus', { code: '270000002' })).toMatchObject({ edition: 2024, state: 'audited', audits: 1, editionsWithAudits: [2023, 2024] });
  });

  it('refuses an unknown structure with a keyed NOT_FOUND', async () => {
    const response = await call('workspace.structureStatus', { code: 'ZZZ' });
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.error).toMatchObject({ code: 'NOT_FOUND', text: { key: 'analytics.structureUnknown', params: { structure: 'ZZZ' } } });
  });
});
