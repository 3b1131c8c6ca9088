/**
 * "Mode client": when an analyst shows the screen to a client, the comments in evidence
 * panels go through the same personal-data rule as the deliverables (shared/personal-data.ts).
 * Off by default for analysts; remembered in the workspace's settings. Pure, so it is unit-tested.
 */
import { maskNullable } from '../../../shared/personal-data.js';

/** Workspace setting that remembers the switch. */
export const CLIENT_MODE_SETTING = 'ui.clientMode';

/** The stored value, read defensively: only an explicit `true` turns the mode on. */
export function clientModeFromSetting(value: unknown): boolean {
  return value === true;
}

/** A comment as the screen shows it: masked in client mode, as written otherwise. */
export function commentForDisplay(comment: string | null | undefined, clientMode: boolean): string | null {
  return maskNullable(comment, !clientMode);
}
