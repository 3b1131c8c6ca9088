/** `app.*` and `settings.*`: application state, interface language, per-workspace settings. */
import path from 'node:path';
import type { AppInfo } from '../../../shared/api-types.js';
import { AppError } from '../../../shared/errors.js';
import type { ApiContext, DomainMethods, HandlerMap } from '../context.js';

export function appInfo(ctx: ApiContext): AppInfo {
  const open = ctx.session.isOpen;
  return {
    version: ctx.version,
    mode: ctx.platform.mode,
    workspacePath: open ? ctx.session.path : '',
    workspaceName: open ? path.basename(ctx.session.path) : '',
    isDemo: open ? ctx.session.isDemo() : false,
    lang: ctx.prefs.lang,
    platform: process.platform,
  };
}

export const appHandlers: HandlerMap<DomainMethods<'app'>> = {
  'app.info': (ctx) => appInfo(ctx),
  'app.setLanguage': (ctx, input) => {
    ctx.prefs.setLang(input.lang);
    return appInfo(ctx);
  },
};

/** Serialised settings above this size are refused: a setting is UI state, not data. */
const MAX_SETTING_BYTES = 256 * 1024;

export const settingsHandlers: HandlerMap<DomainMethods<'settings'>> = {
  'settings.get': (ctx, input) => {
    const raw = ctx.db.prepare('SELECT value_json FROM setting WHERE key = ?').pluck().get(input.key) as string | undefined;
    return { key: input.key, value: raw === undefined ? null : (JSON.parse(raw) as unknown) };
  },
  'settings.set': (ctx, input) => {
    // The demo flag is data provenance, not a UI preference: the UI may not flip it.
    if (input.key === 'demo') throw AppError.keyed('FORBIDDEN', 'api.demoSettingLocked');
    if (input.value === null) {
      ctx.db.prepare('DELETE FROM setting WHERE key = ?').run(input.key);
      return { key: input.key, value: null };
    }
    const json = JSON.stringify(input.value);
    if (json.length > MAX_SETTING_BYTES) throw AppError.keyed('INVALID_INPUT', 'api.settingTooLarge', { bytes: json.length, limit: MAX_SETTING_BYTES });
    ctx.db.prepare('INSERT INTO setting(key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json').run(input.key, json);
    return { key: input.key, value: input.value };
  },
};
