/** Test helper (not a test): an API core on a fresh seeded workspace, with an event recorder. */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApiEventMessage } from '../../shared/contract.js';
import { createApiCore, type ApiCore } from '../../main/api/core.js';
import type { PlatformServices } from '../../main/api/context.js';
import type { AllHandlers } from '../../main/api/router.js';
import { openWorkspace } from '../../main/db/connection.js';
import { tempDir } from './helpers.js';
import { seedWorkspace, type SeedOptions, type SeedSummary } from './api-seed.js';

export const TEST_ORIGIN = 'app://barometre';
export const TEST_TASKS = pathToFileURL(path.join(import.meta.dirname, 'api-test-tasks.ts')).href;

export function seededWorkspaceFile(dir: string, options: SeedOptions = {}): { file: string; seed: SeedSummary } {
  const file = path.join(dir, 'espace.barometre.sqlite');
  const db = openWorkspace(file);
  const seed = seedWorkspace(db, options);
  db.close();
  return { file, seed };
}

export interface TestCore {
  core: ApiCore;
  dir: string;
  file: string;
  seed: SeedSummary;
  events: ApiEventMessage[];
  /** Resolves with the first event matching `predicate` (past or future). */
  waitFor(predicate: (message: ApiEventMessage) => boolean): Promise<ApiEventMessage>;
  close(): Promise<void>;
}

export function createTestCore(options: { platform?: Partial<PlatformServices>; seed?: SeedOptions; realTasks?: boolean; tasksModule?: string; handlers?: Partial<AllHandlers> } = {}): TestCore {
  const dir = tempDir('barometre-api-');
  const { file, seed } = seededWorkspaceFile(dir, options.seed);
  const core = createApiCore({
    workspacePath: file,
    platform: { mode: 'desktop', openPath: () => Promise.resolve({ opened: true }), ...options.platform },
    version: '9.9.9',
    resourcesDir: path.join(dir, 'resources'),
    prefsFile: path.join(dir, 'prefs', 'preferences.json'),
    stagingDir: path.join(dir, 'staging'),
    allowedOrigins: [TEST_ORIGIN],
    ...(options.realTasks ? {} : { tasksModule: options.tasksModule ?? TEST_TASKS }),
    ...(options.handlers ? { handlers: options.handlers } : {}),
  });
  const events: ApiEventMessage[] = [];
  const waiters: Array<{ predicate: (m: ApiEventMessage) => boolean; resolve: (m: ApiEventMessage) => void }> = [];
  core.subscribe((message) => {
    events.push(message);
    for (const w of [...waiters]) {
      if (w.predicate(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  return {
    core, dir, file, seed, events,
    waitFor(predicate) {
      const past = events.find(predicate);
      if (past) return Promise.resolve(past);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    async close() {
      await core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
