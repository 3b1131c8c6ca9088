/**
 * The packaged app's Electron fuses (electron-builder.yml `electronFuses`), read with the very YAML
 * parser electron-builder loads its configuration with: a fuse left out or flipped back fails CI.
 * Also checks the packaging choices the fuses depend on (README « Durcissement d'Electron »).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
// js-yaml as app-builder-lib resolves it (util/config/load.js), not whatever copy is hoisted.
const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = requireFromBuilder('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  electronFuses?: Record<string, unknown> | null;
  asar?: boolean;
  asarUnpack?: string[];
}

const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml fuses', () => {
  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['onlyLoadAppFromAsar', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['enableCookieEncryption', true],
  ])('sets %s to %s', (fuse, expected) => {
    expect(config.electronFuses?.[fuse]).toBe(expected);
  });

  it('names only fuses electron-builder 26 knows (a typo would be ignored silently at packaging)', () => {
    const schema = JSON.parse(fs.readFileSync(requireFromBuilder.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    expect(Object.keys(config.electronFuses ?? {}).filter((fuse) => !known.includes(fuse))).toEqual([]);
  });

  it('packs the app into app.asar (OnlyLoadAppFromAsar) with the native binary and demo unpacked beside it', () => {
    expect(config.asar).not.toBe(false);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['resources/**', '**/*.node']));
  });
});
