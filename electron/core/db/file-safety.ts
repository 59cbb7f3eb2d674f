/**
 * The database file as the operating system sees it (issue 12, low items):
 * - `secureDataFolder`: the data folder is the user's alone (0700) and so are its files (0600) on
 *   Linux and macOS: the database and its journal, the copies and their manifests, the anchors
 *   file, the saved connection. From then on the process creates files private (umask 077).
 * - `sqliteFileProblem`: a read-only, locked, unreadable or non-SQLite file said in Spanish, with
 *   what to do, instead of SQLite's English code.
 */
import fs from 'node:fs';
import path from 'node:path';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

function chmodIfThere(target: string, mode: number): void {
  try {
    if (fs.existsSync(target)) fs.chmodSync(target, mode);
  } catch {
    // a file of another owner (a shared folder): it stays as it is, the app keeps working
  }
}

/**
 * Makes the data folder and the files the back office keeps there private. `folder` says whether
 * the folder itself is the application's data folder (never chmod a folder the user chose for
 * something else, like the one given with --db). Nothing to do on Windows (its folder ACLs already
 * keep the user's profile private).
 */
export function secureDataFolder(options: { dir: string; folder: boolean; files: string[] }): void {
  if (process.platform === 'win32') return;
  try {
    process.umask(0o077);
  } catch {
    // a worker thread cannot change it; the explicit modes below still apply
  }
  if (options.folder) chmodIfThere(options.dir, PRIVATE_DIR);
  for (const file of options.files) chmodIfThere(file, PRIVATE_FILE);
  const backups = path.join(options.dir, 'backups');
  if (fs.existsSync(backups)) {
    chmodIfThere(backups, PRIVATE_DIR);
    for (const entry of fs.readdirSync(backups, { withFileTypes: true })) if (entry.isFile()) chmodIfThere(path.join(backups, entry.name), PRIVATE_FILE);
  }
}

/** the SQLite files of a database: the file and the journals beside it */
export const sqliteFilesOf = (dbFile: string) => ['', '-wal', '-shm', '-journal'].map((suffix) => `${dbFile}${suffix}`);

/**
 * Before opening a file to write: the Spanish message when this user of the machine cannot read it,
 * or cannot write it or its folder (SQLite would open it read-only without a word and fail at the
 * first write, or fail to create its journal), or null when it can.
 */
export function sqliteAccessProblem(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    return sqliteFileProblem({ code: 'SQLITE_CANTOPEN' }, file);
  }
  try {
    fs.accessSync(file, fs.constants.W_OK);
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
  } catch {
    return sqliteFileProblem({ code: 'SQLITE_READONLY' }, file);
  }
  return null;
}

/** SQLite's result code anywhere in an error's cause chain (knex and the migrations wrap them) */
function sqliteCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
    const message = e instanceof Error ? e.message : '';
    const named = /\b(SQLITE_[A-Z]+)\b/.exec(message)?.[1];
    if (named) return named;
  }
  return null;
}

/** The Spanish message for an SQLite file that cannot be opened or written, or null for any other error. */
export function sqliteFileProblem(error: unknown, file: string): string | null {
  switch (sqliteCode(error)) {
    case 'SQLITE_READONLY':
      return (
        `La base de datos ${file} es de solo lectura: este usuario del equipo no puede escribir en el archivo o en su carpeta. ` +
        'Pida que le den permiso de escritura (o ábrala con el usuario dueño del archivo); no se cambió nada.'
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return (
        `La base de datos ${file} está bloqueada por otro programa (otra ventana de Ventanilla, la consola o una herramienta de SQLite) ` +
        'y no la soltó en 10 segundos. Cierre ese programa e intente de nuevo; no se cambió nada.'
      );
    case 'SQLITE_NOTADB':
      return (
        `El archivo ${file} no es una base de datos SQLite (puede ser otro tipo de archivo, o estar cifrado o dañado desde el comienzo). ` +
        'Indique el archivo correcto, o restaure una copia de seguridad.'
      );
    case 'SQLITE_CORRUPT':
      return `El archivo ${file} está dañado. Restaure una copia de seguridad; al restaurar, el archivo dañado se guarda aparte.`;
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return `No se pudo abrir la base de datos ${file}: la carpeta no existe o este usuario del equipo no tiene permiso de leerla.`;
    default:
      return null;
  }
}
