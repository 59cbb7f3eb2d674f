import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { BackOffice } from './context';
import type { DatabaseSource } from '../../shared/contract';
import { configFileFor, connectionProblem, defaultSecretBoxes, readDatabaseConfig, CONFIG_FILE_NAME } from './database-config';
import { anchorsFileFor, registerAnchors } from './db/anchors';
import { isPostgresUrl, openDatabase, openDatabaseReadOnly } from './db/connection';
import { secureDataFolder, sqliteAccessProblem, sqliteFilesOf, sqliteFileProblem } from './db/file-safety';
import { migrateToLatest, schemaVersion, type MigrateResult } from './db/migrate';
import { AppError } from './errors';
import { SessionStore } from './modules/auth/sessions';
import { networkLocation, networkShareMessage, type ShareProbe } from './network-share';
import { defaultDataDir } from './paths';
import type { Runtime } from './runtime';
import type { SecretBox } from './secrets';

/** Where the database came from (status screen) and the configuration file the next start reads. */
interface OriginOptions {
  /** default 'argumento': options given explicitly, like an explicit --db */
  source?: DatabaseSource;
  /** default: ventanilla.config.json in the data folder */
  configFile?: string;
  /**
   * open for reading only (`audit verify`, `users list`): nothing is migrated, created or written,
   * not even the files' permissions
   */
  readOnly?: boolean;
  /** what the program lends the back office (see runtime.ts); default: runtimeOf's */
  runtime?: Runtime;
  /** how a network share is recognised (tests); default: asking this computer */
  shareProbe?: ShareProbe;
}

export type OpenOptions = OriginOptions &
  (
    | /** the SQLite file; its folder also holds uploads/ and backups/ */
    { dbFile: string; databaseUrl?: undefined; dataDir?: undefined }
    /** a PostgreSQL server (postgres://…); uploads/ go to `dataDir` (default: VENTANILLA_DATA_DIR or the app's folder) */
    | { databaseUrl: string; dbFile?: undefined; dataDir?: string }
  );

/**
 * Where a door finds the database, strongest first:
 * 1. `given`, an explicit --db: a SQLite file or a postgres:// URL;
 * 2. VENTANILLA_DATABASE_URL (PostgreSQL);
 * 3. the connection the administrator saved on the settings screen: ventanilla.config.json beside
 *    the default file (see database-config.ts; a broken file is an error, never a silent fallback);
 * 4. the SQLite file `fallbackFile()` (VENTANILLA_DB or the app's data folder).
 */
export function databaseFromEnvironment(given: string | undefined, fallbackFile: () => string, secrets?: readonly SecretBox[]): OpenOptions {
  const configFile = configFileFor(fallbackFile());
  if (isPostgresUrl(given)) return { databaseUrl: given, source: 'argumento', configFile };
  if (given !== undefined) return { dbFile: path.resolve(given), source: 'argumento', configFile };
  const url = process.env.VENTANILLA_DATABASE_URL;
  if (isPostgresUrl(url)) return { databaseUrl: url, source: 'variable', configFile };
  const saved = readDatabaseConfig(configFile, secrets ?? defaultSecretBoxes(configFile));
  if (saved !== null) return { databaseUrl: saved, source: 'configuracion', configFile };
  return { dbFile: path.resolve(fallbackFile()), source: 'predeterminada', configFile };
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
  const readOnly = options.readOnly === true;
  if (options.databaseUrl !== undefined) {
    const db = readOnly ? openDatabaseReadOnly({ url: options.databaseUrl }) : openDatabase({ url: options.databaseUrl });
    try {
      const migration = readOnly ? await notMigrated(db) : await migrateToLatest(db, null);
      const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
      if (!readOnly) secureDataFolder({ dir: dataDir, folder: dataDir === path.resolve(defaultDataDir()) && fs.existsSync(dataDir), files: [] });
      registerAnchors(db, { anchorsFile: anchorsFileFor({ url: options.databaseUrl, dataDir }), dbFile: null });
      return remember({ db, engine: 'pg', dbFile: null, dataDir, sessions: new SessionStore(), migration }, options);
    } catch (error) {
      await db.destroy();
      throw unreachable(error, options);
    }
  }
  const { dbFile } = options;
  const dataDir = path.dirname(path.resolve(dbFile));
  // SQLite's WAL does not work over a network file system: refuse before creating or opening anything
  const share = await networkLocation(dbFile, options.shareProbe);
  if (share) throw new AppError('RULE', networkShareMessage(dbFile, share));
  if (readOnly && !fs.existsSync(dbFile)) throw new Error(`No existe la base de datos ${dbFile}.`);
  const access = readOnly ? null : sqliteAccessProblem(dbFile);
  if (access) throw new Error(access);
  const newFolder = !fs.existsSync(dataDir);
  const anchorsFile = anchorsFileFor({ dbFile });
  const db = readOnly ? openDatabaseReadOnly({ filename: dbFile }) : openDatabase({ filename: dbFile });
  registerAnchors(db, { anchorsFile, dbFile });
  try {
    const migration = readOnly ? await notMigrated(db) : await migrateToLatest(db, dbFile);
    if (!readOnly) {
      secureDataFolder({
        dir: dataDir,
        folder: newFolder || dataDir === path.resolve(defaultDataDir()),
        files: [...sqliteFilesOf(dbFile), anchorsFile, path.join(dataDir, CONFIG_FILE_NAME)],
      });
    }
    return remember({ db, engine: 'sqlite', dbFile, dataDir, sessions: new SessionStore(), migration }, options);
  } catch (error) {
    await db.destroy();
    const problem = sqliteFileProblem(error, dbFile);
    throw problem ? new Error(problem, { cause: error }) : error;
  }
}

/** what a read-only open reports instead of a migration */
async function notMigrated(db: Knex): Promise<MigrateResult> {
  return { applied: [], backupFile: null, schemaVersion: await schemaVersion(db) };
}

/**
 * A server that does not answer or refuses the login, said in Spanish with the way back when the
 * connection was the one saved on the administration screen; any other error as it was.
 */
function unreachable(error: unknown, options: OpenOptions & { databaseUrl: string }): unknown {
  const problem = connectionProblem(error, options.databaseUrl);
  const saved = options.source === 'configuracion' && options.configFile !== undefined;
  if (problem === null && !saved) return error;
  const reason = problem ?? (error instanceof Error ? error.message : String(error));
  const wayBack = saved
    ? ` Es la conexión guardada en Administración › Base de datos (${options.configFile}): para volver a la base local de este equipo, borre ese archivo y vuelva a iniciar.`
    : '';
  return new Error(`No se pudo abrir la base de datos ${describeDatabase(options)}. ${reason}${wayBack}`, { cause: error });
}

/** The back office with where its database came from (read by the administration's database screen). */
function remember<T extends BackOffice>(app: T, options: OpenOptions): T {
  app.origin = {
    source: options.source ?? 'argumento',
    configFile: options.configFile ?? path.join(app.dataDir, CONFIG_FILE_NAME),
    url: options.databaseUrl ?? null,
  };
  if (options.runtime) app.runtime = options.runtime;
  return app;
}

export async function closeBackOffice(app: BackOffice): Promise<void> {
  await app.db.destroy();
}
