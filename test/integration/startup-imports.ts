/**
 * What an entry point loads before its first line runs: esbuild's import graph from the entry,
 * following static imports only (`await import()` is what a command or a call loads later).
 * Used by the start-up boundary tests of the CLI and of browser mode.
 */
import path from 'node:path';
import { build } from 'esbuild';

export interface StartupImports {
  /** Our source files loaded at start-up (paths relative to the repository). */
  sources: Set<string>;
  /** npm packages loaded at start-up, each with the first source file importing it. */
  packages: Map<string, string>;
}

export async function startupImports(repoRoot: string, entry: string, outdir: string): Promise<StartupImports> {
  const result = await build({
    entryPoints: [path.join(repoRoot, entry)], absWorkingDir: repoRoot, bundle: true, splitting: true,
    format: 'esm', platform: 'node', packages: 'external', write: false, metafile: true, outdir, logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const sources = new Set<string>();
  const packages = new Map<string, string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (sources.has(file)) continue;
    sources.add(file);
    for (const imported of inputs[file]?.imports ?? []) {
      if (imported.kind === 'dynamic-import') continue;
      if (imported.external) {
        if (!packages.has(imported.path)) packages.set(imported.path, file);
      } else pending.push(imported.path);
    }
  }
  return { sources, packages };
}

/** The loaded packages that belong to one of `names` (a package or any of its subpaths), as « name (importé par file) ». */
export function loadedAmong(packages: ReadonlyMap<string, string>, names: readonly string[]): string[] {
  return [...packages].filter(([name]) => names.some((p) => name === p || name.startsWith(`${p}/`))).map(([name, by]) => `${name} (importé par ${by})`);
}
