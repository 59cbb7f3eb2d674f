/**
 * The database connection the administrator gives on the settings screen: the file
 * `ventanilla.config.json` in the data folder, next to the default SQLite file:
 *   { "databaseUrl": "postgres://ventanilla@servidor:5432/ventanilla",
 *     "password": { "safeStorage:ana": "<cifrada>" } }
 * The password never sits in the file as text: it is sealed with a `SecretBox` (secrets.ts; the
 * operating system's key store in the desktop app, a key file in plain Node). A file written by an
 * earlier version, with the password inside the URL, is still read. The file is written with mode
 * 0600 and atomically (a temporary file renamed over it: a crash leaves the old file or the new
 * one, never half of one). It is read once, when a door starts (databaseFromEnvironment): a change
 * applies at the next start.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseSource } from '../../shared/contract';
import type { BackOffice } from './context';
import { isPostgresUrl } from './db/connection';
import { keyFileBox, openSecret, sealSecret, type SealedSecret, type SecretBox } from './secrets';

export const CONFIG_FILE_NAME = 'ventanilla.config.json';

/** The configuration file beside the default SQLite file. */
export function configFileFor(defaultDbFile: string): string {
  return path.join(path.dirname(path.resolve(defaultDbFile)), CONFIG_FILE_NAME);
}

/** The boxes a program without the operating system's key store opens and seals with: the key file beside the configuration. */
export function defaultSecretBoxes(configFile: string): SecretBox[] {
  return [keyFileBox(path.dirname(configFile))];
}

interface ConfigFile {
  databaseUrl?: unknown;
  password?: unknown;
}

/**
 * The PostgreSQL URL saved in the file, its password opened, or null when there is no file (or no
 * URL in it). A file that cannot be read or holds something else is an error, not a reason to fall
 * back to the local SQLite file: a counter that silently worked on its own file would split the
 * office's payments. A password this program cannot open (sealed for another user) is an error too.
 */
export function readDatabaseConfig(file: string, boxes: readonly SecretBox[] = defaultSecretBoxes(file)): string | null {
  const saved = readSavedConnection(file);
  if (saved === null) return null;
  if (saved.password === null) return saved.url;
  const url = new URL(saved.url);
  try {
    url.password = encodeURIComponent(openSecret(boxes, saved.password, `la clave de la base de datos guardada en ${file}`));
  } catch (error) {
    throw new SealedElsewhereError((error as Error).message, file, saved.url, Object.keys(saved.password));
  }
  return url.toString();
}

/**
 * The saved connection's password is sealed for others (another user of the computer saved it with
 * the operating system's key store): this program cannot open it. The desktop app then asks this
 * user for the password once (addSealedPassword).
 */
export class SealedElsewhereError extends Error {
  constructor(
    message: string,
    readonly file: string,
    /** the saved server, without its password */
    readonly url: string,
    /** the boxes it is sealed for ('safeStorage:ana', 'archivo') */
    readonly sealers: string[],
  ) {
    super(message);
    this.name = 'SealedElsewhereError';
  }
}

/**
 * Adds the password, sealed with the first of `boxes`, to the saved connection, keeping what other
 * users sealed: another Windows user of the same counter PC types it once and opens it afterwards.
 */
export function addSealedPassword(file: string, password: string, boxes: readonly SecretBox[]): void {
  const saved = readSavedConnection(file);
  if (saved === null) throw new Error(`No hay una conexión guardada en ${file}.`);
  writeConfigFile(file, { databaseUrl: saved.url, password: { ...(saved.password ?? {}), ...sealSecret(boxes, password) } });
}

/** What the file holds, without opening the password: the URL without it, and the sealed password (null: none). */
export function readSavedConnection(file: string): { url: string; password: SealedSecret | null; plainPassword: boolean } | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`No se pudo leer la configuración de la base de datos ${file}: ${(error as Error).message}`, { cause: error });
  }
  const broken = `El archivo ${file} no es una configuración válida de la base de datos (se espera {"databaseUrl": "postgres://…"}). Corríjalo o bórrelo para volver a la base local.`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(broken);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(broken);
  const { databaseUrl: url, password } = parsed as ConfigFile;
  if (url === undefined || url === null) return null;
  if (typeof url !== 'string' || !isPostgresUrl(url)) throw new Error(broken);
  if (password === undefined || password === null) return { url, password: null, plainPassword: new URL(url).password !== '' };
  if (typeof password !== 'object' || Array.isArray(password) || !Object.values(password).every((v) => typeof v === 'string')) throw new Error(broken);
  return { url, password: password as SealedSecret, plainPassword: false };
}

/**
 * Saves the URL (null: removes the file, back to the local SQLite file). Its password is sealed
 * with the first of `boxes`, and the URL is kept without it. Atomic, mode 0600.
 */
export function writeDatabaseConfig(file: string, url: string | null, boxes: readonly SecretBox[] = defaultSecretBoxes(file)): void {
  if (url === null) {
    fs.rmSync(file, { force: true });
    return;
  }
  const parsed = new URL(url);
  const password = parsed.password === '' ? null : sealSecret(boxes, decodeURIComponent(parsed.password));
  parsed.password = '';
  writeConfigFile(file, password === null ? { databaseUrl: parsed.toString() } : { databaseUrl: parsed.toString(), password });
}

/** Writes the file atomically, mode 0600. */
function writeConfigFile(file: string, content: ConfigFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(temporary, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, `${JSON.stringify(content, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // openSync's mode passes through the umask; the file must be the owner's alone whatever it is
    fs.chmodSync(temporary, 0o600);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** 'postgres://ventanilla:****@servidor:5432/ventanilla': the URL with its password hidden. */
export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/** 'postgres://ventanilla@servidor:5432/ventanilla': the URL without its password at all. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

interface Target {
  host: string;
  port: string;
  database: string;
  user: string;
}

function targetOf(url: string): Target {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port || '5432',
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
    user: decodeURIComponent(parsed.username),
  };
}

/** The codes of an error and of the errors it wraps (Node gives an AggregateError when a name has several addresses). */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  const visit = (e: unknown) => {
    if (typeof e !== 'object' || e === null) return;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    if (e instanceof AggregateError) e.errors.forEach(visit);
  };
  visit(error);
  return codes;
}

/** Why a connection failed, in words the administrator can act on. */
export function connectionFailure(error: unknown, url: string): string {
  const { host, port } = targetOf(url);
  return connectionProblem(error, url) ?? `No se pudo conectar con ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`;
}

/** The reason, when the error is about reaching the server or logging in to it; null for any other error. */
export function connectionProblem(error: unknown, url: string): string | null {
  const { host, port, database, user } = targetOf(url);
  const codes = codesOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const has = (...wanted: string[]) => wanted.some((code) => codes.includes(code));
  if (has('ECONNREFUSED')) {
    return `El servidor ${host}:${port} no acepta conexiones: revise que PostgreSQL esté encendido, que escuche en ese puerto y que listen_addresses permita este equipo.`;
  }
  if (has('ENOTFOUND', 'EAI_AGAIN')) return `No se encuentra el servidor «${host}»: revise el nombre o use su dirección IP.`;
  if (has('ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH') || /timeout/i.test(message)) {
    return `El servidor ${host}:${port} no responde: revise la red, el cortafuegos y la dirección.`;
  }
  if (/terminated unexpectedly/i.test(message)) {
    return `El servidor ${host}:${port} cerró la conexión sin responder: revise que esa dirección y ese puerto sean los de PostgreSQL y que ningún cortafuegos la corte.`;
  }
  if (has('28P01')) return `Usuario o clave incorrectos: el servidor rechazó la clave de «${user}».`;
  if (has('3D000')) {
    return `La base «${database}» no existe en ${host}: créela en el servidor (sudo -u postgres createdb --owner=${user || 'ventanilla'} ${database || 'ventanilla'}, vea el README).`;
  }
  if (has('28000')) return `El servidor rechazó la conexión de «${user}» a la base «${database}» (revise el usuario y pg_hba.conf): ${message}`;
  if (/password must be a string|SASL/i.test(message)) {
    return 'El servidor pide una clave: inclúyala en la dirección (postgres://usuario:clave@servidor:5432/base).';
  }
  return null;
}

/** Where the database a back office runs on came from, and where its configuration file is. */
export interface DatabaseOrigin {
  source: DatabaseSource;
  /** the configuration file the next start reads (written by 'database.save') */
  configFile: string;
  /** the PostgreSQL URL in use (null on SQLite) */
  url: string | null;
}

/**
 * Where this back office's database came from. A back office opened with explicit options (tests,
 * tools) counts as given by argument, with its configuration file in its data folder.
 */
export function databaseOriginOf(app: BackOffice): DatabaseOrigin {
  return app.origin ?? { source: 'argumento', configFile: path.join(app.dataDir, CONFIG_FILE_NAME), url: null };
}
