/**
 * Where a worker thread's script is: next to the module that starts it, under whichever name the
 * running form of the app gives it (the tsx bootstrap beside the sources, the bundles' own entries).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The first of `names` that exists next to `base` (a module's URL), or null: the caller then works on its own thread. */
export function scriptNextTo(base: string, names: readonly string[]): URL | null {
  for (const name of names) {
    const entry = new URL(name, base);
    try {
      if (fs.existsSync(fileURLToPath(entry))) return entry;
    } catch {
      // Not a file URL (a bundle loaded from memory): no thread.
    }
  }
  return null;
}
