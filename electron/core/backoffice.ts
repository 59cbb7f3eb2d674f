import path from 'node:path';
import type { BackOffice } from './context';
import { isPostgresUrl, openDatabase } from './db/connection';
import { migrateToLatest, type MigrateResult } from './db/migrate';
import { SessionStore } from './modules/auth/sessions';
import { defaultDataDir } from './paths';

export type OpenOptions =
  /** the SQLite file; its folder also holds uploads/ and backups/ */
  | { dbFile: string; databaseUrl?: undefined; dataDir?: undefined }
  /** a PostgreSQL server (postgres://…); uploads/ go to `dataDir` (default: VENTANILLA_DATA_DIR or the app's folder) */
  | { databaseUrl: string; dbFile?: undefined; dataDir?: string };

/**
 * Where a door finds the database: `given` (an explicit --db: a SQLite file or a postgres:// URL);
 * else VENTANILLA_DATABASE_URL (PostgreSQL, what every counter of an office sets); else the SQLite
 * file `fallbackFile()` (VENTANILLA_DB or the app's data folder).
 */
export function databaseFromEnvironment(given: string | undefined, fallbackFile: () => string): OpenOptions {
  if (isPostgresUrl(given)) return { databaseUrl: given };
  if (given !== undefined) return { dbFile: path.resolve(given) };
  const url = process.env.VENTANILLA_DATABASE_URL;
  if (isPostgresUrl(url)) return { databaseUrl: url };
  return { dbFile: path.resolve(fallbackFile()) };
}

/** How a door names the database it opened: the file, or the PostgreSQL URL without its password. */
export function describeDatabase(options: OpenOptions): string {
  if (options.databaseUrl === undefined) return options.dbFile;
  try {
    const url = new URL(options.databaseUrl);
    if (url.password) url.password = '****';
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** Opens (and migrates) the database and returns the running back office. */
export async function openBackOffice(options: OpenOptions): Promise<BackOffice & { migration: MigrateResult }> {
  if (options.databaseUrl !== undefined) {
    const db = openDatabase({ url: options.databaseUrl });
    try {
      const migration = await migrateToLatest(db, null);
      const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
      return { db, engine: 'pg', dbFile: null, dataDir, sessions: new SessionStore(), migration };
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  const { dbFile } = options;
  const db = openDatabase({ filename: dbFile });
  try {
    const migration = await migrateToLatest(db, dbFile);
    return { db, engine: 'sqlite', dbFile, dataDir: path.dirname(path.resolve(dbFile)), sessions: new SessionStore(), migration };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

export async function closeBackOffice(app: BackOffice): Promise<void> {
  await app.db.destroy();
}
