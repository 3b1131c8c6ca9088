/**
 * The demo workspace: a prebuilt file shipped in `resources/demo/` and copied into the app data
 * folder on first use (the copy is the user's to play with; the bundled one stays pristine).
 */
import fs from 'node:fs';
import path from 'node:path';
import { demoWorkspacePath } from '../workspace-path.js';

export const BUNDLED_DEMO_NAME = 'demo.barometre.sqlite';

export function bundledDemoPath(resourcesDir: string): string {
  return path.join(resourcesDir, 'demo', BUNDLED_DEMO_NAME);
}

/** Returns the path of the user's demo workspace, copying the bundled one if needed; null when neither exists. */
export function ensureDemoWorkspace(resourcesDir: string, target = demoWorkspacePath()): string | null {
  if (fs.existsSync(target)) return target;
  const bundled = bundledDemoPath(resourcesDir);
  if (!fs.existsSync(bundled)) return null;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(bundled, target);
  return target;
}
