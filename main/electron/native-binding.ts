/**
 * better-sqlite3 under Electron needs a binary built for Electron's ABI, while the CLI and the
 * tests run on Node's. We never replace the Node build in node_modules: the Electron build ships
 * as `resources/native/electron/better_sqlite3.node` and is handed to `openWorkspace` through the
 * `nativeBinding` option. It is produced on a connected build machine, for example:
 *   npx @electron/rebuild -f -w better-sqlite3 -v 45.5.0 && \
 *     cp node_modules/better-sqlite3/build/Release/better_sqlite3.node resources/native/electron/
 * (then `npm rebuild better-sqlite3` to restore the Node build), or with
 *   cd node_modules/better-sqlite3 && npx prebuild-install --runtime electron --target 45.5.0 --arch x64
 * and copying build/Release/better_sqlite3.node the same way.
 */
import fs from 'node:fs';
import path from 'node:path';

export function electronNativeBinding(resourcesDir: string): string | undefined {
  const file = path.join(resourcesDir, 'native', 'electron', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}
