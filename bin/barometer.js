#!/usr/bin/env node
// Entry point of the `barometer` CLI. It runs the compiled bundle dist/cli/barometer.mjs
// (scripts/build-cli.js, built by `npm install` and `npm run build`): starting from JavaScript
// keeps `barometer --help` well under 300 ms, where compiling the TypeScript through tsx on every
// run took over a second. When the bundle is missing or older than its sources (a fresh checkout,
// an edit, a `git pull`), it is rebuilt first (esbuild, about a second). If it cannot be built,
// the sources run through tsx as before: slower, same behaviour.
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
// Stack traces printed by --debug point into the TypeScript sources rather than the bundle.
if (argv.includes('--debug')) process.setSourceMapsEnabled(true);

let entry = null;
try {
  const { CLI_ENTRY, buildCli, cliBundleFresh } = await import('../scripts/build-cli.js');
  entry = cliBundleFresh() ? CLI_ENTRY : await buildCli();
} catch (error) {
  if (argv.includes('--debug')) console.error(error);
  entry = null;
}

let main;
if (entry) {
  ({ main } = await import(pathToFileURL(entry).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../main/cli/index.ts'));
}
process.exitCode = await main(argv);
