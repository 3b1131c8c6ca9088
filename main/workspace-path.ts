/**
 * Where the workspace file lives: `--db FILE`, else `BAROMETER_DB`, else the default workspace in
 * the user's application data folder (the same folder Electron's `app.getPath('userData')` uses).
 */
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER_NAME = 'Barometre Experience Citoyen';

export function appDataFolder(): string {
  if (process.env.BAROMETER_HOME) return process.env.BAROMETER_HOME;
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', APP_FOLDER_NAME);
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_FOLDER_NAME);
}

export function defaultWorkspacePath(): string {
  return path.join(appDataFolder(), 'espace-de-travail.barometre.sqlite');
}

export function demoWorkspacePath(): string {
  return path.join(appDataFolder(), 'demo.barometre.sqlite');
}

export function resolveWorkspacePath(cliValue?: string): string {
  if (cliValue) return path.resolve(cliValue);
  if (process.env.BAROMETER_DB) return path.resolve(process.env.BAROMETER_DB);
  return defaultWorkspacePath();
}
