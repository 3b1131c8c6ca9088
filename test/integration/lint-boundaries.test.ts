/**
 * The layering rules of eslint.config.js fire on real files: a temporary tree with the repository's
 * layout (main/db, main/api, renderer/src/components…) is linted by ESLint's Node API with the
 * project's own config. Only the rules under test run (the type-aware rules need the project's
 * tsconfig, which does not cover a temporary folder), so a legal file must come out clean.
 * Last, the CLI's start-up boundary: what `barometer --help` loads (the static imports of
 * main/cli/index.ts, as esbuild bundles them) includes none of the heavy packages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { loadedAmong, startupImports } from './startup-imports.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RULES = new Set(['layers/main', 'layers/renderer', 'import-x/no-cycle', 'react-hooks/rules-of-hooks', 'react-hooks/exhaustive-deps']);

let root: string;
let eslint: ESLint;

function write(relative: string, text: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

async function problems(relative: string): Promise<Array<{ ruleId: string | null; message: string }>> {
  const [result] = await eslint.lintFiles([path.join(root, relative)]);
  return result!.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

beforeAll(() => {
  root = tempDir('barometre-lint-');
  write('main/db/connection.ts', 'export const open = (): number => 1;\n');
  write('main/analytics/scores.ts', "import { open } from '../db/connection.js';\nexport const score = (): number => open();\n");
  write('main/api/core.ts', "import { score } from '../analytics/scores.js';\nexport const handle = (): number => score();\n");
  write('main/corrections/index.ts', "import { score } from '../analytics/scores.js';\nexport const correct = (): number => score();\n");
  // Illegal: the data layer reaching up to the API; a service reaching up to the CLI.
  write('main/db/upward.ts', "import { handle } from '../api/core.js';\nexport const bad = (): number => handle();\n");
  write('main/export/uses-cli.ts', "import { run } from '../cli/index.js';\nexport const bad = (): number => run();\n");
  write('main/cli/index.ts', "import { handle } from '../api/core.js';\nimport { correct } from '../corrections/index.js';\nexport const run = (): number => handle() + correct();\n");
  // A cycle between two services; a type-only import back is not one.
  write('main/import/a.ts', "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n");
  write('main/import/b.ts', "import { a } from './a.js';\nexport const b = (): number => (Math.random() > 2 ? a() : 0);\n");
  write('main/import/types-only.ts', "import type { Later } from './uses-types.js';\nexport type Early = { later?: Later };\n");
  write('main/import/uses-types.ts', "import type { Early } from './types-only.js';\nexport type Later = { early?: Early };\nexport const none = 0;\n");
  // Renderer: a component importing a view; a view importing a component; a hook called conditionally.
  write('renderer/src/views/scores/ScoresView.tsx', "import { Badge } from '../../components/ui/Badge.js';\nexport function ScoresView(): string { return Badge(); }\n");
  write('renderer/src/components/ui/Badge.tsx', "export function Badge(): string { return 'b'; }\n");
  write('renderer/src/components/ui/Bad.tsx', "import { ScoresView } from '../../views/scores/ScoresView.js';\nexport function Bad(): string { return ScoresView(); }\n");
  write('renderer/src/components/ui/Hooks.tsx', "import { useState } from 'react';\nexport function Hooks({ on }: { on: boolean }): number {\n  if (on) {\n    const [n] = useState(0);\n    return n;\n  }\n  return 0;\n}\n");
  eslint = new ESLint({
    cwd: root,
    overrideConfigFile: path.join(REPO_ROOT, 'eslint.config.js'),
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => RULES.has(ruleId),
  });
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('lint: layers, cycles and hooks', () => {
  it('refuses an import from a lower layer of main/ to a higher one', async () => {
    const db = await problems('main/db/upward.ts');
    expect(db.map((p) => p.ruleId)).toEqual(['layers/main']);
    expect(db[0]!.message).toContain('db/upward.ts (couche 0');
    expect(db[0]!.message).toContain('main/api/core.js (couche 3');
    expect((await problems('main/export/uses-cli.ts')).map((p) => p.ruleId)).toEqual(['layers/main']);
  });

  it('lets a layer import its own layer and lower ones (an unlisted folder is a service)', async () => {
    for (const file of ['main/analytics/scores.ts', 'main/api/core.ts', 'main/corrections/index.ts', 'main/cli/index.ts']) {
      expect(await problems(file), file).toEqual([]);
    }
  });

  it('finds an import cycle, but not one made of type-only imports', async () => {
    expect((await problems('main/import/a.ts')).map((p) => p.ruleId)).toContain('import-x/no-cycle');
    expect(await problems('main/import/types-only.ts')).toEqual([]);
  });

  it('refuses a component importing a view, accepts a view importing a component', async () => {
    const bad = await problems('renderer/src/components/ui/Bad.tsx');
    expect(bad.map((p) => p.ruleId)).toEqual(['layers/renderer']);
    expect(bad[0]!.message).toContain('views/scores/ScoresView');
    expect(await problems('renderer/src/views/scores/ScoresView.tsx')).toEqual([]);
  });

  it('applies the rules of hooks', async () => {
    expect((await problems('renderer/src/components/ui/Hooks.tsx')).map((p) => p.ruleId)).toEqual(['react-hooks/rules-of-hooks']);
  });
});

/** Packages that cost tens to hundreds of milliseconds to load: only the commands using them may. */
const HEAVY_PACKAGES = ['exceljs', 'pdfkit', 'svg-to-pdfkit', 'fontkit', 'echarts', '@resvg/resvg-wasm', 'xlsx', '@duckdb/node-api', 'zod'];

describe('CLI start-up boundary', () => {
  it('barometer --help loads no heavy package: each command imports its own when it runs', async () => {
    // What Node loads before the first line of `main` runs.
    const { sources, packages } = await startupImports(REPO_ROOT, 'main/cli/index.ts', path.join(root, 'cli-out'));
    expect(sources.size).toBeGreaterThan(10);
    expect(packages.has('better-sqlite3')).toBe(true);
    expect(loadedAmong(packages, HEAVY_PACKAGES)).toEqual([]);
  });
});
