/**
 * Backups as the administrator sees them: the list, a copy now, the daily copy with its retention,
 * and the way back (from the admin screen on the running back office, or from the CLI on a file).
 * The SQLite mechanics are in db/backup.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { BackupFile, BackupsOverview, LostNumbers, RestorePreview, RestoreResult } from '../../../../shared/contract';
import { addDays, todayIn } from '../../../../shared/dates';
import type { BackOffice } from '../../context';
import { GENESIS_HASH, SYSTEM_ACTOR, readAuditHead, writeAudit, type Actor, type AuditPoint } from '../../db/audit';
import { anchorsFileFor, collectAnchors, highestCounters, manifestPathOf, readCounters, recordAnchor, registerAnchors } from '../../db/anchors';
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
import { openDatabase, openDatabaseReadOnly } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { sqliteFileOf } from '../../db/dialect';
import { withDatabaseClosed } from '../../db/reopen';
import { AppError, conflict } from '../../errors';
import { SessionStore } from '../auth/sessions';
import { getSettings } from '../settings/service';
import { checkCopy, type CopyCheck } from '../audit/verify';
import { carryCountersForward, countersToCarry, highest, lostLines, lostNumbers } from './numbers';

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
        fs.rmSync(manifestPathOf(path.join(dir, file)), { force: true }); // its anchor stays in the anchors file
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

/** What a restore of `file` over the database would do: the copy's check and the numbers it would lose. */
interface RestorePlan {
  check: CopyCheck;
  /** the head of the database being replaced (null when it cannot be read) */
  replaced: AuditPoint | null;
  lost: LostNumbers[];
  carried: Record<string, number>;
}

/**
 * Plans a restore: checks the copy's chain against the anchors, and compares its counters with the
 * highest numbers ever issued (the database being replaced, when `live` can be read, and every anchor).
 */
async function planRestore(file: string, live: Knex | null, where: { anchorsFile: string; backupsDir: string; dbFile: string }): Promise<RestorePlan> {
  const check = await checkCopy(file, { db: live, dbFile: where.dbFile, backupsDir: where.backupsDir, anchorsFile: where.anchorsFile });
  const anchors = await collectAnchors(live, where);
  const liveCounters = live ? await readCounters(live) : {};
  const issued = highest(liveCounters, highestCounters(anchors.anchors));
  const offices = new Map<number, string>();
  for (const db of [live].filter((d): d is Knex => d !== null)) {
    for (const o of (await db('offices').select('id', 'code')) as { id: number; code: string }[]) offices.set(Number(o.id), o.code);
  }
  if (offices.size === 0) {
    const copy = openDatabaseReadOnly({ filename: file });
    try {
      if (await copy.schema.hasTable('offices')) for (const o of (await copy('offices').select('id', 'code')) as { id: number; code: string }[]) offices.set(Number(o.id), o.code);
    } finally {
      await copy.destroy();
    }
  }
  return {
    check,
    replaced: live ? await readAuditHead(live) : null,
    lost: lostNumbers(check.counters, issued, offices),
    carried: countersToCarry(check.counters, issued),
  };
}

/** A broken copy is refused unless the administrator accepted it in so many words. */
function refuseBrokenChain(fileName: string, plan: RestorePlan, accepted: boolean): void {
  if (plan.check.ok || accepted) return;
  const others = plan.check.problems.length - 1;
  const more = others > 0 ? ` ${others === 1 ? 'Hay otro problema' : `Hay ${others} problemas más`} en la revisión de la copia.` : '';
  throw new AppError(
    'RULE',
    `La copia ${fileName} no pasa la revisión de la auditoría: ${plan.check.problems[0]}${more} No se reemplazó nada. ` +
      'Si aun así debe restaurarla, un administrador debe confirmarlo expresamente.',
  );
}

const whereOf = (dbFile: string) => ({ anchorsFile: anchorsFileFor({ dbFile }), backupsDir: backupsDir(dbFile), dbFile });

/** The restore's confirmation, before anything is done: the copy's chain and the numbers issued after it. */
export function restorePreview(app: BackOffice, fileName: string): Promise<RestorePreview> {
  return oneAtATime(app, async () => {
    const file = inBackupsFolder(app, fileName);
    await checkRestoreCandidate(file);
    const plan = await planRestore(file, app.db, whereOf(fileOf(app)));
    return { file: fileName, chain: { ok: plan.check.ok, problems: plan.check.problems, summary: plan.check.summary }, lost: plan.lost, carried: plan.carried };
  });
}

function inBackupsFolder(app: BackOffice, fileName: string): string {
  const dir = backupsDir(fileOf(app));
  const file = path.join(dir, fileName);
  if (path.dirname(file) !== dir) throw new AppError('VALIDATION', 'Indique una copia de la carpeta de copias de seguridad');
  return file;
}

/**
 * After the copy is in place and up to date: the counters move forward to the highest numbers ever
 * issued and the restore is audited (one transaction), then its anchor goes into the anchors file
 * (it vouches for the anchors of the history the restore undid).
 */
async function finishRestore(db: Knex, actor: Actor, plan: RestorePlan, result: Omit<RestoreResult, 'sessionsEnded' | 'keptAside'> & { keptAside: string | null }): Promise<void> {
  await db.transaction(async (trx) => {
    await carryCountersForward(trx, plan.carried);
    await writeAudit(trx, actor, {
      action: 'backup.restore',
      entity: 'database',
      entityId: null,
      after: { ...result, lost: lostLines(plan.lost), chainProblems: plan.check.problems },
    });
  });
  await recordAnchor(db, 'restauracion', path.basename(result.restored), {
    restored: { file: path.basename(result.restored), ...(plan.check.head ?? { lastId: null, hash: GENESIS_HASH, rows: 0 }) },
    replaced: plan.replaced,
  });
}

/**
 * Restores a copy from the backups folder into the running back office: checks it (a broken audit
 * chain is refused unless `acceptBrokenChain`), keeps the current database aside
 * (`antes-de-restaurar-<stamp>.sqlite`), copies it over the live database, brings it up to the
 * current schema, carries the counters forward, and ends every session (everyone logs in again).
 */
export function restoreBackup(app: BackOffice, actor: Actor, fileName: string, options: { acceptBrokenChain?: boolean } = {}): Promise<RestoreResult> {
  return oneAtATime(app, async () => {
    const file = inBackupsFolder(app, fileName);
    const candidate = await checkRestoreCandidate(file);
    const livePageSize = await pageSizeOf(app.db);
    if (livePageSize !== candidate.pageSize) {
      // SQLite cannot change the page size of a database in WAL mode by copying into it: the file
      // is replaced with the connection closed, as the CLI does (everyone logs in again)
      const done = await withDatabaseClosed(app, (dbFile) => restoreDatabaseFile(dbFile, file, actor, options));
      app.sessions = new SessionStore();
      return { ...done, restored: fileName, keptAside: done.keptAside ?? '', sessionsEnded: true };
    }
    const plan = await planRestore(file, app.db, whereOf(fileOf(app)));
    refuseBrokenChain(fileName, plan, options.acceptBrokenChain === true);
    const aside = newBackupPath(fileOf(app), 'antes-de-restaurar', localStamp(await companyTimeZone(app.db)));
    await onlineBackup(app.db, aside).catch((error: unknown) => {
      throw new AppError('INTERNAL', `No se pudo guardar la base de datos actual antes de restaurar (${error instanceof Error ? error.message : String(error)}). No se reemplazó nada.`);
    });
    await restoreIntoLive(app.db, file);
    const schemaVersion = await bringUpToDate(app.db, fileOf(app), fileName, candidate, async () => {
      await restoreIntoLive(app.db, aside);
    });
    app.sessions = new SessionStore();
    const result: RestoreResult = {
      restored: fileName,
      keptAside: path.basename(aside),
      fromVersion: candidate.schemaVersion,
      schemaVersion,
      sessionsEnded: true,
      lost: plan.lost,
      carried: plan.carried,
      brokenChainAccepted: !plan.check.ok,
    };
    await finishRestore(app.db, actor, plan, result);
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

/** The current database file opened for reading, or null when it is missing or cannot be read. */
async function readableLive(dbFile: string): Promise<Knex | null> {
  if (!fs.existsSync(dbFile) || !looksLikeSqlite(dbFile)) return null;
  const db = openDatabaseReadOnly({ filename: dbFile });
  try {
    await db('counters').first('key');
    return db;
  } catch {
    await db.destroy();
    return null;
  }
}

/** The CLI's `restore --dry-run`: what restoring `source` over `dbFile` would do, without doing it. */
export async function previewFileRestore(dbFile: string, source: string): Promise<RestorePreview> {
  await checkRestoreCandidate(source);
  const live = await readableLive(dbFile);
  try {
    const plan = await planRestore(source, live, whereOf(dbFile));
    return { file: path.resolve(source), chain: { ok: plan.check.ok, problems: plan.check.problems, summary: plan.check.summary }, lost: plan.lost, carried: plan.carried };
  } finally {
    await live?.destroy();
  }
}

/**
 * The CLI's restore, on a database file with no back office open: checks the copy (a broken audit
 * chain is refused unless `acceptBrokenChain`), keeps the current file aside, puts the copy in its
 * place, migrates it and carries the counters forward. Works even when the current file cannot be
 * read (its files are then copied aside as they are, and the counters come from the anchors).
 */
export async function restoreDatabaseFile(dbFile: string, source: string, actor: Actor, options: { acceptBrokenChain?: boolean } = {}): Promise<FileRestoreResult> {
  const candidate = await checkRestoreCandidate(source);
  if (fs.existsSync(dbFile) && fs.realpathSync(dbFile) === fs.realpathSync(source)) {
    throw new AppError('RULE', 'El archivo indicado es la base de datos actual. No se reemplazó nada.');
  }
  const live = await readableLive(dbFile);
  let plan: RestorePlan;
  try {
    plan = await planRestore(source, live, whereOf(dbFile));
  } finally {
    await live?.destroy();
  }
  refuseBrokenChain(path.basename(source), plan, options.acceptBrokenChain === true);
  let keptAside: string | null = null;
  if (fs.existsSync(dbFile) && !looksLikeSqlite(dbFile)) {
    keptAside = newBackupPath(dbFile, 'antes-de-restaurar', localStamp(systemTimeZone()));
    copyFilesAside(dbFile, keptAside);
    replaceDatabaseFile(dbFile, source);
  } else if (fs.existsSync(dbFile)) {
    const db = openDatabase({ filename: dbFile });
    registerAnchors(db, { anchorsFile: anchorsFileFor({ dbFile }), dbFile });
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
  registerAnchors(db, { anchorsFile: anchorsFileFor({ dbFile }), dbFile });
  try {
    const schemaVersion = await bringUpToDate(db, dbFile, path.basename(source), candidate, async () => {
      if (keptAside) await restoreIntoLive(db, keptAside);
    });
    const result: FileRestoreResult = {
      restored: path.resolve(source),
      keptAside: keptAside && path.basename(keptAside),
      fromVersion: candidate.schemaVersion,
      schemaVersion,
      lost: plan.lost,
      carried: plan.carried,
      brokenChainAccepted: !plan.check.ok,
    };
    await finishRestore(db, actor, plan, result);
    return result;
  } finally {
    await db.destroy();
  }
}
