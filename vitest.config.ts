import { defineConfig } from 'vitest/config';

// Three tiers, run in this order by `npm test`: unit (pure logic), integration (real SQLite files
// and real spreadsheets), e2e (real Chromium through browser mode).
// The CLI speaks the language of LANG (main/cli/lang.ts): tests that read its French messages pin
// it, so an English machine runs the same suite (the tests of the English CLI set it themselves).
const CLI_IN_FRENCH = { BAROMETER_LANG: 'fr' };
// Temporary folders made through test/temp-dirs.ts are removed at the end of each test file.
const TEMP_DIR_CLEANUP = './test/remove-temp-dirs.setup.ts';
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', env: CLI_IN_FRENCH } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], setupFiles: [TEMP_DIR_CLEANUP], environment: 'node', env: CLI_IN_FRENCH, testTimeout: 120_000, hookTimeout: 300_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], setupFiles: [TEMP_DIR_CLEANUP], environment: 'node', testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false } },
    ],
  },
});
