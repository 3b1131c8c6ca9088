// Types of scripts/build-cli.js for the TypeScript that imports it (bench/ui.ts, tests).
export const CLI_DIR: string;
export const CLI_ENTRY: string;
export const CLI_SOURCE_DIRS: string[];
export function newestSourceMtime(dirs?: readonly string[]): number;
export function cliBundleFresh(): boolean;
export function buildCli(): Promise<string>;
