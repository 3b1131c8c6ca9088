/**
 * The user's preferences that belong to the machine, not to a workspace: interface language,
 * recent workspaces, window bounds. One JSON file in the app data folder, rewritten atomically
 * (temp file + rename) so a crash never leaves it half-written; an unreadable file is ignored.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Lang } from '../../shared/domain.js';
import type { RecentWorkspace } from '../../shared/api-types.js';
import { describeRecent, forgetRecent, sanitizeRecent, touchRecent } from '../workspace/recent.js';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

interface PrefsFile {
  lang?: Lang;
  recent?: Array<{ path: string; openedAt: string }>;
  window?: WindowBounds;
  lastWorkspace?: string;
}

export class UiPrefs {
  private data: PrefsFile;

  constructor(readonly file: string) {
    this.data = UiPrefs.read(file);
  }

  private static read(file: string): PrefsFile {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      return parsed !== null && typeof parsed === 'object' ? (parsed as PrefsFile) : {};
    } catch {
      return {};
    }
  }

  /**
   * Every change starts again from the file as it is now: another process or another instance on
   * the same file (the CLI, a second window) may have written since, and must not be overwritten
   * with this instance's older copy.
   */
  private update(change: (data: PrefsFile) => void): void {
    this.data = UiPrefs.read(this.file);
    change(this.data);
    this.save();
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data, null, 2));
    fs.renameSync(tmp, this.file);
  }

  get lang(): Lang {
    return this.data.lang === 'en' ? 'en' : 'fr';
  }

  setLang(lang: Lang): void {
    this.update((data) => {
      data.lang = lang;
    });
  }

  get lastWorkspace(): string | undefined {
    return this.data.lastWorkspace;
  }

  /** Recent workspaces, most recent first (list rules: main/workspace/recent.ts). */
  recent(): RecentWorkspace[] {
    return describeRecent(sanitizeRecent(this.data.recent));
  }

  /** Moves (or adds) a workspace to the top of the recent list. */
  touchRecent(file: string): void {
    this.update((data) => {
      data.recent = touchRecent(sanitizeRecent(data.recent), file);
      data.lastWorkspace = path.resolve(file);
    });
  }

  /** Removes a workspace from the recent list (the file itself is left alone). */
  forgetRecent(file: string): void {
    this.update((data) => {
      data.recent = forgetRecent(sanitizeRecent(data.recent), file);
    });
  }

  get windowBounds(): WindowBounds | undefined {
    return this.data.window;
  }

  setWindowBounds(bounds: WindowBounds): void {
    this.update((data) => {
      data.window = bounds;
    });
  }
}
