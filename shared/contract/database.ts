import { z } from 'zod';
import { empty } from './common';

/**
 * The database the application runs on, as the administrator sees and changes it: the embedded
 * SQLite file, or a PostgreSQL server several counters share. A saved connection applies when the
 * application starts again; the data are never copied from one database to the other.
 */

/** where the connection in use came from, strongest first: --db, VENTANILLA_DATABASE_URL, the saved configuration, the default file */
export const DATABASE_SOURCES = ['argumento', 'variable', 'configuracion', 'predeterminada'] as const;
export type DatabaseSource = (typeof DATABASE_SOURCES)[number];

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/i;
const urlMessage = 'Escriba la dirección del servidor así: postgres://usuario:clave@servidor:5432/base';

function parsesAsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}

const isPostgresUrl = (v: string) => POSTGRES_URL.test(v) && parsesAsUrl(v);
const urlText = () => z.string().trim().max(500, { message: 'Máximo 500 caracteres' });

/** postgres://usuario:clave@servidor:5432/base */
export const postgresUrl = urlText().refine(isPostgresUrl, { message: urlMessage });

export const databaseSchemas = {
  'database.status': empty,
  /** connects to the server once, without changing anything */
  'database.test': z.strictObject({ url: postgresUrl }),
  /**
   * saves the connection for the next start, after checking it answers; '' goes back to the local
   * SQLite file (removes the saved connection)
   */
  'database.save': z.strictObject({ url: urlText().refine((v) => v === '' || isPostgresUrl(v), { message: urlMessage }) }),
};

export interface DatabaseStatus {
  engine: 'sqlite' | 'pg';
  /** the SQLite file, or the PostgreSQL URL without its password */
  target: string;
  source: DatabaseSource;
  /** the connection saved for the next start, password masked; null when none is saved */
  configuredUrl: string | null;
  /** the saved file cannot be read or is not valid (the next start would stop with this message); else null */
  configProblem: string | null;
  /** the file the saved connection lives in */
  configFile: string;
}

export interface DatabaseTestResult {
  ok: boolean;
  /** "Conexión correcta: PostgreSQL 15.4, base ventanilla, esquema en la versión 7", or why not */
  message: string;
}

export interface DatabaseSaveResult {
  saved: true;
  restartNeeded: true;
  message: string;
}

export interface DatabaseOutputs {
  'database.status': DatabaseStatus;
  'database.test': DatabaseTestResult;
  'database.save': DatabaseSaveResult;
}
