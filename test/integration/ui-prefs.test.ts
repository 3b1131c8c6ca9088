/**
 * The app's preferences file (language, recent workspaces, window bounds): a change made through
 * one instance never undoes a change another instance (or process) wrote to the same file since.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UiPrefs } from '../../main/api/ui-prefs.js';
import { tempDir } from './helpers.js';

describe('UiPrefs', () => {
  it('keeps what another instance wrote when saving its own change', () => {
    const file = path.join(tempDir('barometre-prefs-'), 'preferences.json');
    const window = new UiPrefs(file);
    const core = new UiPrefs(file);
    core.setLang('en');
    core.touchRecent('/data/a.barometre.sqlite');
    window.setWindowBounds({ x: 10, y: 20, width: 1200, height: 800, maximized: false });
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(onDisk.lang).toBe('en');
    expect(onDisk.lastWorkspace).toBe(path.resolve('/data/a.barometre.sqlite'));
    expect(onDisk.window).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: false });
    // And the instance that saved last sees the others' values too.
    expect(window.lang).toBe('en');
    expect(window.recent().map((r) => r.path)).toEqual([path.resolve('/data/a.barometre.sqlite')]);
  });

  it('starts from defaults on a missing or damaged file, and repairs it on the next change', () => {
    const file = path.join(tempDir('barometre-prefs-'), 'preferences.json');
    fs.writeFileSync(file, '{ not json');
    const prefs = new UiPrefs(file);
    expect(prefs.lang).toBe('fr');
    expect(prefs.recent()).toEqual([]);
    prefs.setLang('en');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ lang: 'en' });
  });
});
