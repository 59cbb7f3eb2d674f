import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Ventanilla';
export const DB_FILE_NAME = 'ventanilla.sqlite';

/**
 * The folder Electron's app.getPath('userData') gives for this app on each system, so that the
 * CLI and the web door open the same database as the desktop app. VENTANILLA_DATA_DIR overrides it.
 */
export function defaultDataDir(): string {
  if (process.env.VENTANILLA_DATA_DIR) return path.resolve(process.env.VENTANILLA_DATA_DIR);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
  }
}

export function defaultDbFile(): string {
  return path.join(defaultDataDir(), DB_FILE_NAME);
}
