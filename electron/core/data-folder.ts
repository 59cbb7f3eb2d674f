/**
 * Where the office's data live on this computer: the SQLite file, its backups, the uploaded files
 * and attachments, the log and the saved connection, all in one folder.
 *
 * On Windows it is one folder for the whole machine, so that every Windows user of a counter PC
 * works on the same database: `%ProgramData%\Ventanilla` by default, or the folder chosen when the
 * application was installed (per machine; the installer, build/installer.nsh, writes it in
 * `%ProgramData%\Ventanilla\carpeta-de-datos.json` and lets the Users group write in it). Earlier
 * versions kept the data in each user's roaming profile (`%APPDATA%\Ventanilla`): while the machine
 * folder holds no database and that one does, it stays in use ("anterior") and Administración ›
 * Este equipo offers to move it. On Linux and macOS (development, the web door) the folder stays the
 * user's configuration folder, as before.
 *
 * A move chosen in Administración is recorded in the same file (`moveTo`) and done at the next
 * start, before the database is opened (data-folder-move.ts). VENTANILLA_DATA_DIR overrides all.
 *
 * Everything here takes the system's places as an argument (`SystemPlaces`), so the Windows rules
 * are tested on any machine.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataFolderSource } from '../../shared/contract/desktop';

export const APP_DIR_NAME = 'Ventanilla';
export const DB_FILE = 'ventanilla.sqlite';
/** the record of the chosen folder and of a move, in the machine folder */
export const POINTER_FILE_NAME = 'carpeta-de-datos.json';

export interface SystemPlaces {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homedir: string;
}

export function currentSystem(): SystemPlaces {
  return { platform: process.platform, env: process.env, homedir: os.homedir() };
}

/** path functions of the system described (Windows paths are handled as such on any machine) */
export function pathsOf(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The application's folder for the whole computer (Windows), or the user's configuration folder elsewhere. */
export function machineFolder(sys: SystemPlaces): string {
  const p = pathsOf(sys.platform);
  switch (sys.platform) {
    case 'win32':
      return p.join(sys.env.ProgramData ?? sys.env.PROGRAMDATA ?? sys.env.ALLUSERSPROFILE ?? 'C:\\ProgramData', APP_DIR_NAME);
    case 'darwin':
      return p.join(sys.homedir, 'Library', 'Application Support', APP_DIR_NAME);
    default:
      return p.join(sys.env.XDG_CONFIG_HOME ?? p.join(sys.homedir, '.config'), APP_DIR_NAME);
  }
}

/** Where versions before the per-machine installation kept the data on Windows (roaming, per user); null elsewhere. */
export function earlierUserFolder(sys: SystemPlaces): string | null {
  if (sys.platform !== 'win32') return null;
  const p = path.win32;
  return p.join(sys.env.APPDATA ?? p.join(sys.homedir, 'AppData', 'Roaming'), APP_DIR_NAME);
}

/** What carpeta-de-datos.json holds. */
export interface DataFolderRecord {
  /** the folder in use (absent: the machine folder) */
  dataDir?: string;
  chosenBy?: 'instalacion' | 'movida';
  /** the folder the data were moved from */
  previous?: string | null;
  /** a move waiting for the next start: from `moveFrom` to `moveTo` */
  moveTo?: string | null;
  moveFrom?: string | null;
  requestedBy?: string | null;
  requestedAt?: string | null;
  movedAt?: string | null;
  /** why the last move did not happen */
  lastMoveProblem?: string | null;
}

export interface DataFolder {
  dir: string;
  source: DataFolderSource;
  machineFolder: string;
  recordFile: string;
  previous: string | null;
  pendingMove: string | null;
  lastMoveProblem: string | null;
  /** the folder a move should go to when the data are still in an earlier version's folder */
  suggested: string | null;
  platform: NodeJS.Platform;
}

/** How the folder rules look at the disk (tests give Windows paths a disk of their own). */
export interface FolderIo {
  exists(p: string): boolean;
  /** the file's bytes, or null when it does not exist */
  read(p: string): Buffer | null;
}

export const systemIo: FolderIo = {
  exists: (p) => fs.existsSync(p),
  read: (p) => {
    try {
      return fs.readFileSync(p);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  },
};

/**
 * Reads the record. The installer writes it in UTF-16 with a byte-order mark (NSIS); the
 * application writes UTF-8. A record that is not JSON is an error in Spanish, never a silent
 * fallback to another folder (a counter on an empty folder would look like lost data).
 */
export function readDataFolderRecord(file: string, io: FolderIo = systemIo): DataFolderRecord | null {
  let bytes: Buffer | null;
  try {
    bytes = io.read(file);
  } catch (error) {
    throw new Error(`No se pudo leer ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (bytes === null) return null;
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = bytes.subarray(2).toString('utf16le');
  else text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    const parsed: unknown = JSON.parse(text.replace(/\0+$/, ''));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('no es un objeto');
    const record = parsed as DataFolderRecord;
    if (record.dataDir !== undefined && typeof record.dataDir !== 'string') throw new Error('dataDir no es texto');
    if (record.moveTo !== undefined && record.moveTo !== null && typeof record.moveTo !== 'string') throw new Error('moveTo no es texto');
    return record;
  } catch (error) {
    throw new Error(
      `El archivo ${file} (la carpeta de datos elegida para este equipo) está dañado: ${(error as Error).message}. ` +
        'Corríjalo o bórrelo (la aplicación usará entonces la carpeta predeterminada del equipo).',
      { cause: error },
    );
  }
}

/** Writes the record atomically (a temporary file renamed over it). */
export function writeDataFolderRecord(file: string, record: DataFolderRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Whether a folder holds Ventanilla data (a database or a saved connection). */
export function holdsData(dir: string, exists: (p: string) => boolean, platform: NodeJS.Platform): boolean {
  const p = pathsOf(platform);
  return exists(p.join(dir, DB_FILE)) || exists(p.join(dir, 'ventanilla.config.json'));
}

/** The data folder, as every door resolves it at start. */
export function resolveDataFolder(sys: SystemPlaces = currentSystem(), io: FolderIo = systemIo): DataFolder {
  const exists = (p: string) => io.exists(p);
  const p = pathsOf(sys.platform);
  const machine = machineFolder(sys);
  const recordFile = p.join(machine, POINTER_FILE_NAME);
  const base = { machineFolder: machine, recordFile, previous: null, pendingMove: null, lastMoveProblem: null, suggested: null, platform: sys.platform };
  const variable = sys.env.VENTANILLA_DATA_DIR;
  if (variable) return { ...base, dir: p.resolve(variable), source: 'variable' };
  const record = readDataFolderRecord(recordFile, io);
  const chosen: DataFolder = record?.dataDir
    ? {
        ...base,
        dir: record.dataDir,
        source: record.chosenBy === 'movida' ? 'movida' : 'instalacion',
        previous: record.previous ?? null,
        pendingMove: record.moveTo && (!record.moveFrom || record.moveFrom === record.dataDir) ? record.moveTo : null,
        lastMoveProblem: record.lastMoveProblem ?? null,
      }
    : { ...base, dir: machine, source: 'predeterminada', pendingMove: record?.moveTo && (!record.moveFrom || record.moveFrom === machine) ? record.moveTo : null, lastMoveProblem: record?.lastMoveProblem ?? null };
  // an earlier version's per-user folder stays in use until its data are moved
  const earlier = earlierUserFolder(sys);
  if (chosen.source !== 'movida' && earlier && !holdsData(chosen.dir, exists, sys.platform) && holdsData(earlier, exists, sys.platform)) {
    return {
      ...chosen,
      dir: earlier,
      source: 'anterior',
      suggested: chosen.dir,
      pendingMove: record?.moveTo && record.moveFrom === earlier ? record.moveTo : null,
    };
  }
  return chosen;
}

/** Records a move for the next start (done by applyPendingMove); the folder was checked before. */
export function recordMove(folder: DataFolder, target: string, requestedBy: string, now: Date = new Date()): void {
  const record = readDataFolderRecord(folder.recordFile) ?? {};
  writeDataFolderRecord(folder.recordFile, {
    ...record,
    moveTo: target,
    moveFrom: folder.dir,
    requestedBy,
    requestedAt: now.toISOString(),
    lastMoveProblem: null,
  });
}

/** Forgets a move that was waiting. */
export function cancelMove(folder: DataFolder): void {
  const record = readDataFolderRecord(folder.recordFile);
  if (!record) return;
  writeDataFolderRecord(folder.recordFile, { ...record, moveTo: null, moveFrom: null, requestedBy: null, requestedAt: null });
}

/** Why the data cannot be moved from the screen, or null. */
export function notMovableReason(folder: DataFolder | null): string | null {
  if (!folder) return 'Esta sesión se abrió con una base de datos indicada al iniciar (--db o una prueba): su carpeta no se mueve desde aquí.';
  if (folder.source === 'variable') return 'La carpeta de datos la fija la variable VENTANILLA_DATA_DIR de este equipo: para cambiarla, cambie la variable.';
  return null;
}

/** Bytes in a folder and everything under it. */
export function folderBytes(dir: string): number {
  let total = 0;
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else if (stat.isFile()) total += stat.size;
  };
  visit(dir);
  return total;
}
