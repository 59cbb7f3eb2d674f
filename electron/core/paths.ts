import path from 'node:path';
import { resolveDataFolder } from './data-folder';

export const APP_NAME = 'Ventanilla';
export const DB_FILE_NAME = 'ventanilla.sqlite';

/**
 * This computer's data folder (data-folder.ts: VENTANILLA_DATA_DIR, else the folder chosen at
 * installation or moved to from Administración, else the machine's own folder), so that the CLI and
 * the web door open the same database as the desktop app.
 */
export function defaultDataDir(): string {
  return resolveDataFolder().dir;
}

export function defaultDbFile(): string {
  return path.join(defaultDataDir(), DB_FILE_NAME);
}
