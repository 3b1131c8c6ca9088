#!/usr/bin/env node
// Entry point of the `barometer` CLI: TypeScript sources run through tsx's loader, so the CLI,
// the tests and the app share one code path without a separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
