/**
 * Moving the data folder, guided from Administración › Este equipo: the target is checked first
 * (a full path, on a disk of this computer, empty or new, writable, with room for the data), the
 * move is recorded, and at the next start — before the database is opened — everything is copied:
 * the SQLite file with SQLite's own backup API (a consistent copy even with its WAL), the rest file
 * by file. The copy is checked (`PRAGMA integrity_check`, the same number of audit rows) before the
 * record points to it. The old database file is then renamed `ventanilla.movida-<fecha>.sqlite`, so
 * nothing can go on writing in it by mistake (on Windows the rename fails while another session
 * has it open: then nothing moves and the reason is shown). Everything else in the old folder stays
 * as it was. A move that fails leaves the data where they were and says why.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FolderCheck } from '../../shared/contract/desktop';
import { openDatabase } from './db/connection';
import { onlineBackup } from './db/backup';
import { DB_FILE, POINTER_FILE_NAME, folderBytes, pathsOf, readDataFolderRecord, resolveDataFolder, writeDataFolderRecord, type DataFolder } from './data-folder';
import { nearestExisting, networkLocation, systemShareProbe, type ShareProbe } from './network-share';

/** room asked beyond the data's own size: the copy must not fill the disk */
const MARGIN_BYTES = 50 * 1024 * 1024;
/** files of the SQLite database itself (copied with the backup API, not as files) */
const SQLITE_FILES = new Set([DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, `${DB_FILE}-journal`]);

export interface MoveCheckOptions {
  probe?: ShareProbe;
  /** free bytes of the disk that holds a folder (tests give a small disk) */
  freeBytes?: (dir: string) => number | null;
}

function systemFreeBytes(dir: string): number | null {
  try {
    const stats = fs.statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

/** the entries of a folder that count as content (the record file of the machine folder does not) */
function contentOf(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name !== POINTER_FILE_NAME && !name.startsWith(`${POINTER_FILE_NAME}.`));
}

const formatMb = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('es-CO', { maximumFractionDigits: 1 })} MB`;

/** Checks a folder the data could move to. Changes nothing (a test file is written and removed). */
export async function checkMoveTarget(folder: DataFolder, target: string, options: MoveCheckOptions = {}): Promise<FolderCheck> {
  const p = pathsOf(folder.platform);
  const problems: string[] = [];
  const bytesNeeded = folderBytes(folder.dir) + MARGIN_BYTES;
  const answer = (extra: Partial<FolderCheck> = {}): FolderCheck => ({ path: target, ok: problems.length === 0, problems, bytesNeeded, bytesFree: null, ...extra });
  if (!p.isAbsolute(target) || (folder.platform === 'win32' && !/^([a-z]:\\|\\\\)/i.test(target))) {
    problems.push(folder.platform === 'win32' ? 'Escriba la ruta completa, con la unidad: por ejemplo D:\\Ventanilla.' : 'Escriba la ruta completa: por ejemplo /srv/ventanilla.');
    return answer();
  }
  const to = p.resolve(target);
  const from = p.resolve(folder.dir);
  const same = (a: string, b: string) => (folder.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b);
  const inside = (child: string, parent: string) => {
    const relative = p.relative(parent, child);
    return relative !== '' && !relative.startsWith('..') && !p.isAbsolute(relative);
  };
  if (same(to, from)) problems.push('Esa es la carpeta de datos actual.');
  else if (inside(to, from)) problems.push('La carpeta nueva no puede estar dentro de la carpeta de datos actual.');
  else if (inside(from, to)) problems.push('La carpeta nueva no puede contener la carpeta de datos actual.');
  const share = await networkLocation(to, options.probe ?? systemShareProbe());
  if (share) {
    problems.push(`Es una carpeta de red (${share}): la base de datos SQLite debe quedar en un disco de este equipo. Para varias ventanillas sobre los mismos datos use PostgreSQL (Administración › Base de datos).`);
  }
  if (problems.length > 0) return answer({ path: to });
  if (fs.existsSync(to)) {
    if (!fs.statSync(to).isDirectory()) problems.push(`${to} es un archivo, no una carpeta.`);
    else if (contentOf(to).length > 0) problems.push('La carpeta no está vacía: elija una carpeta vacía o una que no exista todavía (se crea al mover).');
  }
  if (problems.length === 0) {
    const probeFile = p.join(to, `.prueba-de-escritura-${process.pid}`);
    let created: string | undefined;
    try {
      created = fs.mkdirSync(to, { recursive: true });
      fs.writeFileSync(probeFile, 'ventanilla');
    } catch (error) {
      problems.push(`No se puede escribir en ${to} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): revise los permisos de la carpeta.`);
    } finally {
      fs.rmSync(probeFile, { force: true });
      if (created) fs.rmSync(created, { recursive: true, force: true });
    }
  }
  const bytesFree = (options.freeBytes ?? systemFreeBytes)(nearestExisting(to));
  if (bytesFree !== null && bytesFree < bytesNeeded) {
    problems.push(`No hay espacio: los datos ocupan ${formatMb(bytesNeeded - MARGIN_BYTES)} y en ese disco quedan ${formatMb(bytesFree)} libres.`);
  }
  return answer({ path: to, bytesFree });
}

export interface MoveOutcome {
  from: string;
  to: string;
  moved: boolean;
  /** files copied besides the database */
  files: number;
  bytes: number;
  /** why it did not move (Spanish), or null */
  problem: string | null;
}

const localDate = (now: Date) => now.toISOString().slice(0, 10);

async function sqliteFacts(file: string): Promise<{ integrity: string; auditRows: number | null }> {
  const db = openDatabase({ filename: file });
  try {
    const integrity = (await db.raw<{ integrity_check: string }[]>('PRAGMA integrity_check'))[0]?.integrity_check ?? '';
    const hasAudit = await db.schema.hasTable('audit_log');
    const auditRows = hasAudit ? Number((await db('audit_log').count({ n: '*' }))[0].n) : null;
    return { integrity, auditRows };
  } finally {
    await db.destroy();
  }
}

/**
 * Does the move recorded for the next start, if any (see the top of this file). Returns null when
 * none was waiting; the outcome otherwise. Never throws: a failure is recorded and returned.
 */
export async function applyPendingMove(folder: DataFolder, options: MoveCheckOptions & { now?: Date } = {}): Promise<MoveOutcome | null> {
  if (!folder.pendingMove) return null;
  const now = options.now ?? new Date();
  const from = folder.dir;
  const to = path.resolve(folder.pendingMove);
  const copied: string[] = [];
  let createdFolder: string | undefined;
  let renamedOld: string | null = null;
  let files = 0;
  let bytes = 0;
  try {
    const check = await checkMoveTarget(folder, to, options);
    if (!check.ok) throw new Error(check.problems.join(' '));
    createdFolder = fs.mkdirSync(to, { recursive: true });
    for (const name of fs.readdirSync(from)) {
      if (SQLITE_FILES.has(name) || name === POINTER_FILE_NAME || /\.(tmp|partial)$/.test(name)) continue;
      const source = path.join(from, name);
      const target = path.join(to, name);
      fs.cpSync(source, target, { recursive: true, errorOnExist: true, force: false, preserveTimestamps: true });
      copied.push(target);
      files += 1;
    }
    const oldDb = path.join(from, DB_FILE);
    if (fs.existsSync(oldDb)) {
      const source = openDatabase({ filename: oldDb });
      try {
        await onlineBackup(source, path.join(to, DB_FILE));
      } finally {
        await source.destroy();
      }
      copied.push(path.join(to, DB_FILE));
      const [before, after] = [await sqliteFacts(oldDb), await sqliteFacts(path.join(to, DB_FILE))];
      if (after.integrity !== 'ok') throw new Error(`la copia de la base de datos no pasó la revisión de integridad (${after.integrity})`);
      if (before.auditRows !== after.auditRows) throw new Error(`la copia tiene ${after.auditRows ?? 0} filas de auditoría y la original ${before.auditRows ?? 0}`);
      // nothing may go on writing in the old file: on Windows this fails while another session has it open
      renamedOld = path.join(from, `ventanilla.movida-${localDate(now)}.sqlite`);
      try {
        fs.renameSync(oldDb, renamedOld);
      } catch (error) {
        renamedOld = null;
        throw new Error(
          `otra sesión de Windows u otro programa tiene abierta la base de datos (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ciérrela en todas las sesiones de este equipo y vuelva a abrir Ventanilla`,
        );
      }
    }
    bytes = folderBytes(to);
    const record = readDataFolderRecord(folder.recordFile) ?? {};
    writeDataFolderRecord(folder.recordFile, {
      ...record,
      dataDir: to,
      chosenBy: 'movida',
      previous: from,
      movedAt: now.toISOString(),
      moveTo: null,
      moveFrom: null,
      lastMoveProblem: null,
    });
    return { from, to, moved: true, files, bytes, problem: null };
  } catch (error) {
    if (renamedOld) fs.renameSync(renamedOld, path.join(from, DB_FILE));
    for (const target of copied.reverse()) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target + suffix, { recursive: true, force: true });
    if (createdFolder) fs.rmSync(createdFolder, { recursive: true, force: true });
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
    const problem = `No se movió la carpeta de datos a ${to}: ${reason}. Se sigue usando ${from}, sin cambios.`;
    try {
      const record = readDataFolderRecord(folder.recordFile) ?? {};
      writeDataFolderRecord(folder.recordFile, { ...record, moveTo: null, moveFrom: null, lastMoveProblem: problem });
    } catch {
      // the record cannot be written either: the move is tried again at the next start
    }
    return { from, to, moved: false, files: 0, bytes: 0, problem };
  }
}

/**
 * What a door does with the data folder before opening the database: resolve it, and do a move
 * that was waiting (then resolve it again).
 */
export async function prepareDataFolder(log: (message: string) => void = console.log, resolve: () => DataFolder = () => resolveDataFolder()): Promise<{ folder: DataFolder; move: MoveOutcome | null }> {
  const folder = resolve();
  const move = await applyPendingMove(folder);
  if (!move) return { folder, move };
  log(move.moved ? `Carpeta de datos movida de ${move.from} a ${move.to} (${move.files} archivos y carpetas además de la base de datos).` : move.problem ?? '');
  return { folder: resolve(), move };
}
