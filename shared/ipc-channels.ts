/**
 * IPC channel names and the desktop app's origin, in a module of their own so the preload (a
 * tiny sandboxed bundle) can use them without pulling in the contract's schemas. shared/contract.ts
 * re-exports them: nothing else spells these strings.
 */

/** IPC channel of every call (Electron `ipcMain.handle` / `ipcRenderer.invoke`). */
export const API_CHANNEL = 'barometer:invoke';
/** IPC channel of every event pushed to the renderer (`webContents.send`). */
export const API_EVENT_CHANNEL = 'barometer:event';
/** Custom protocol the desktop UI is served from (never `file://`). */
export const APP_PROTOCOL = 'app';
export const APP_HOST = 'barometre';
export const APP_ORIGIN = `${APP_PROTOCOL}://${APP_HOST}`;
/** Name of the object the preload exposes on `window`. */
export const BRIDGE_NAME = 'barometer';
/** Events the main side may push: the one list of their names (EVENTS in shared/contract.ts gives each its payload, checked by the type). */
export const EVENT_NAMES = ['job.progress', 'job.done', 'menu.command', 'workspace.changed'] as const;
