/**
 * Who corrects: the name written in every history row. A workspace setting (`corrections.userName`)
 * so an analyst can sign with their name; the OS account name until it is set.
 */
import os from 'node:os';
import type { Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import type { CorrectionUserName } from '../../shared/correction-types.js';

export const USER_NAME_SETTING = 'corrections.userName';

function osUserName(): string {
  try {
    const name = os.userInfo().username.trim();
    if (name !== '') return name;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  return process.env.USER ?? process.env.USERNAME ?? 'inconnu';
}

export function correctionUserName(db: Db): CorrectionUserName {
  const raw = db.prepare('SELECT value_json FROM setting WHERE key = ?').pluck().get(USER_NAME_SETTING) as string | undefined;
  if (raw !== undefined) {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'string' && value.trim() !== '') return { userName: value.trim(), configured: true };
    } catch {
      // A hand-edited setting that is not JSON: the OS name, as if unset.
    }
  }
  return { userName: osUserName(), configured: false };
}

/** Sets the name; null or blank goes back to the OS user name. */
export function setCorrectionUserName(db: Db, userName: string | null): CorrectionUserName {
  const name = userName?.trim() ?? '';
  if (name.length > 100) throw AppError.keyed('INVALID_INPUT', 'corrections.userNameTooLong', { max: 100 });
  if (name === '') db.prepare('DELETE FROM setting WHERE key = ?').run(USER_NAME_SETTING);
  else db.prepare('INSERT INTO setting(key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json').run(USER_NAME_SETTING, JSON.stringify(name));
  return correctionUserName(db);
}
