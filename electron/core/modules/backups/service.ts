/**
 * Backups as the administrator sees them: the list, a copy now, the daily copy with its retention,
 * and the way back (from the admin screen on the running back office, or from the CLI on a file).
 * The SQLite mechanics are in db/backup.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { BackupFile, BackupsOverview, RestoreResult } from '../../../../shared/contract';
import { addDays, todayIn } from '../../../../shared/dates';
import type { BackOffice } from '../../context';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../../db/audit';
import {
  autoBackupDate,
  autoBackupName,
  backupFileInfo,
  backupsDir,
  checkRestoreCandidate,
  companyTimeZone,
  copyFilesAside,
  listBackupFiles,
  localStamp,
  looksLikeSqlite,
  newBackupPath,
  onlineBackup,
  removeSqliteFiles,
  replaceDatabaseFile,
  restoreIntoLive,
  systemTimeZone,
  type CandidateInfo,
} from '../../db/backup';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { sqliteFileOf } from '../../db/dialect';
import { withDatabaseClosed } from '../../db/reopen';
import { AppError, conflict } from '../../errors';
import { SessionStore } from '../auth/sessions';
import { getSettings } from '../settings/service';

/** One backup operation at a time per back office (a restore waits for the daily copy, and so on). */
const queues = new WeakMap<BackOffice, Promise<unknown>>();
function oneAtATime<T>(app: BackOffice, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(app) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  queues.set(app, next);
  return next;
}

async function audit(db: Knex, actor: Actor, action: string, after: unknown): Promise<void> {
  await db.transaction((trx) => writeAudit(trx, actor, { action, entity: 'database', entityId: null, after }));
}


/** On PostgreSQL the copies are the server's (pg_dump / pg_restore, see the README), not the application's. */
export const PG_BACKUPS = 'Con PostgreSQL las copias de seguridad se hacen en el servidor con pg_dump y se restauran con pg_restore (vea el README); la aplicación no las maneja.';
const fileOf = (app: BackOffice) => sqliteFileOf(app, PG_BACKUPS);

const copyFailed = (error: unknown) =>
  new AppError('INTERNAL', `No se pudo hacer la copia de seguridad: ${error instanceof Error ? error.message : String(error)}`);

export async function backupsOverview(app: BackOffice): Promise<BackupsOverview> {
  const { backupRetentionDays } = await getSettings(app.db);
  return { folder: backupsDir(fileOf(app)), retentionDays: backupRetentionDays, files: listBackupFiles(fileOf(app)) };
}

/**
 * A copy now, while the offices keep working: `backups/manual-<date>-<time>.sqlite`, or `target`
 * (the CLI's --out, which must not exist yet).
 */
export function createManualBackup(app: BackOffice, actor: Actor, target?: string): Promise<BackupFile> {
  return oneAtATime(app, async () => {
    if (target && fs.existsSync(target)) throw conflict(`Ya existe ${target}; indique otro archivo.`);
    const file = target ?? newBackupPath(fileOf(app), 'manual', localStamp(await companyTimeZone(app.db)));
    const stats = await onlineBackup(app.db, file).catch((error: unknown) => {
      throw copyFailed(error);
    });
    await audit(app.db, actor, 'backup.create', { file: target ?? path.basename(file), bytes: stats.bytes, ms: stats.ms });
    return backupFileInfo(file);
  });
}

export interface DailyBackupOutcome {
  /** the business date checked, null before the company is set up */
  date: string | null;
  /** the copy made now, if there was none for the date */
  created: string | null;
  /** automatic copies deleted because they are older than the retention */
  deleted: string[];
}

/**
 * The daily check: if there is no automatic copy for today (company time zone), make it; then
 * delete the automatic copies older than `backupRetentionDays`. Manual, pre-migration and
 * before-restore copies are never deleted. Unfinished copies (`.partial`) abandoned an hour ago are removed.
 */
export function runDailyBackup(app: BackOffice, now: Date = new Date()): Promise<DailyBackupOutcome> {
  return oneAtATime(app, async () => {
    if (app.engine === 'pg') return { date: null, created: null, deleted: [] };
    const company: { time_zone: string } | undefined = await app.db('company').where({ id: 1 }).first('time_zone');
    if (!company) return { date: null, created: null, deleted: [] };
    const dir = backupsDir(fileOf(app));
    removeAbandonedCopies(dir, now);
    const today = todayIn(company.time_zone, now);
    const target = path.join(dir, autoBackupName(today));
    let created: string | null = null;
    if (!fs.existsSync(target)) {
      await onlineBackup(app.db, target);
      created = path.basename(target);
    }
    const { backupRetentionDays } = await getSettings(app.db);
    const oldestKept = addDays(today, -(backupRetentionDays - 1));
    const deleted: string[] = [];
    for (const { file } of listBackupFiles(fileOf(app))) {
      const date = autoBackupDate(file);
      if (date !== null && date < oldestKept) {
        fs.rmSync(path.join(dir, file), { force: true });
        deleted.push(file);
      }
    }
    if (created || deleted.length > 0) {
      await audit(app.db, SYSTEM_ACTOR, 'backup.auto', { created, deleted: deleted.sort(), retentionDays: backupRetentionDays });
    }
    return { date: today, created, deleted };
  });
}

/**
 * Removes `.partial` files nobody has written to for an hour: copies cut short by a stop. A copy in
 * progress (maybe by the CLI, in another process) keeps its file's time fresh.
 */
function removeAbandonedCopies(dir: string, now: Date): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.partial')) continue;
    const file = path.join(dir, name);
    if (now.getTime() - fs.statSync(file).mtimeMs > 60 * 60 * 1000) removeSqliteFiles(file);
  }
}

function pageSizeOf(db: Knex): Promise<number> {
  return db.raw<{ page_size: number }[]>('PRAGMA page_size').then((rows) => rows[0].page_size);
}

/**
 * Restores a copy from the backups folder into the running back office: checks it, keeps the
 * current database aside (`antes-de-restaurar-<stamp>.sqlite`), copies it over the live database,
 * brings it up to the current schema, and ends every session (everyone logs in again).
 */
export function restoreBackup(app: BackOffice, actor: Actor, fileName: string): Promise<RestoreResult> {
  return oneAtATime(app, async () => {
    const dir = backupsDir(fileOf(app));
    const file = path.join(dir, fileName);
    if (path.dirname(file) !== dir) throw new AppError('VALIDATION', 'Indique una copia de la carpeta de copias de seguridad');
    const candidate = await checkRestoreCandidate(file);
    const livePageSize = await pageSizeOf(app.db);
    if (livePageSize !== candidate.pageSize) {
      // SQLite cannot change the page size of a database in WAL mode by copying into it: the file
      // is replaced with the connection closed, as the CLI does (everyone logs in again)
      const done = await withDatabaseClosed(app, (dbFile) => restoreDatabaseFile(dbFile, file, actor));
      app.sessions = new SessionStore();
      return { restored: fileName, keptAside: done.keptAside ?? '', fromVersion: done.fromVersion, schemaVersion: done.schemaVersion, sessionsEnded: true };
    }
    const aside = newBackupPath(fileOf(app), 'antes-de-restaurar', localStamp(await companyTimeZone(app.db)));
    await onlineBackup(app.db, aside).catch((error: unknown) => {
      throw new AppError('INTERNAL', `No se pudo guardar la base de datos actual antes de restaurar (${error instanceof Error ? error.message : String(error)}). No se reemplazó nada.`);
    });
    await restoreIntoLive(app.db, file);
    const schemaVersion = await bringUpToDate(app.db, fileOf(app), fileName, candidate, async () => {
      await restoreIntoLive(app.db, aside);
    });
    app.sessions = new SessionStore();
    const result: RestoreResult = { restored: fileName, keptAside: path.basename(aside), fromVersion: candidate.schemaVersion, schemaVersion, sessionsEnded: true };
    await audit(app.db, actor, 'backup.restore', result);
    return result;
  });
}

/** Migrates a restored copy; if that fails, puts the previous database back and says so. */
async function bringUpToDate(db: Knex, dbFile: string, fileName: string, candidate: CandidateInfo, putBack: () => Promise<void>): Promise<number> {
  try {
    return (await migrateToLatest(db, dbFile, { backupFirst: false })).schemaVersion;
  } catch (error) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    const failed = `La copia ${fileName} (esquema ${candidate.schemaVersion}) no se pudo actualizar a esta versión (${reason}).`;
    const back = await putBack().then(
      () => 'Se volvió a la base de datos anterior.',
      () => 'No se pudo volver solo a la base de datos anterior: está en la carpeta de copias de seguridad, como «antes-de-restaurar-…».',
    );
    throw new AppError('RULE', `${failed} ${back}`);
  }
}

export interface FileRestoreResult extends Omit<RestoreResult, 'keptAside' | 'sessionsEnded'> {
  /** where the previous database was kept, or null when there was none */
  keptAside: string | null;
}

/**
 * The CLI's restore, on a database file with no back office open: checks the copy, keeps the
 * current file aside, puts the copy in its place and migrates it. Works even when the current file
 * cannot be read (its files are then copied aside as they are).
 */
export async function restoreDatabaseFile(dbFile: string, source: string, actor: Actor): Promise<FileRestoreResult> {
  const candidate = await checkRestoreCandidate(source);
  if (fs.existsSync(dbFile) && fs.realpathSync(dbFile) === fs.realpathSync(source)) {
    throw new AppError('RULE', 'El archivo indicado es la base de datos actual. No se reemplazó nada.');
  }
  let keptAside: string | null = null;
  if (fs.existsSync(dbFile) && !looksLikeSqlite(dbFile)) {
    keptAside = newBackupPath(dbFile, 'antes-de-restaurar', localStamp(systemTimeZone()));
    copyFilesAside(dbFile, keptAside);
    replaceDatabaseFile(dbFile, source);
  } else if (fs.existsSync(dbFile)) {
    const db = openDatabase({ filename: dbFile });
    let replaced = false;
    try {
      keptAside = newBackupPath(dbFile, 'antes-de-restaurar', localStamp(await companyTimeZone(db)));
      const readable = await onlineBackup(db, keptAside).then(
        () => true,
        () => false,
      );
      if (readable && (await pageSizeOf(db)) === candidate.pageSize) {
        await restoreIntoLive(db, source); // through SQLite's locks: safe even if the app has the file open
        replaced = true;
      } else if (!readable) {
        copyFilesAside(dbFile, keptAside);
      }
    } finally {
      await db.destroy();
    }
    if (!replaced) replaceDatabaseFile(dbFile, source);
  } else {
    replaceDatabaseFile(dbFile, source);
  }
  const db = openDatabase({ filename: dbFile });
  try {
    const schemaVersion = await bringUpToDate(db, dbFile, path.basename(source), candidate, async () => {
      if (keptAside) await restoreIntoLive(db, keptAside);
    });
    const result: FileRestoreResult = {
      restored: path.resolve(source),
      keptAside: keptAside && path.basename(keptAside),
      fromVersion: candidate.schemaVersion,
      schemaVersion,
    };
    await audit(db, actor, 'backup.restore', result);
    return result;
  } finally {
    await db.destroy();
  }
}
