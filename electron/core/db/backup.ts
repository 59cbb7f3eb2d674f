/**
 * Copies of the SQLite database and the way back: the one SQLite-specific module of backups
 * (on PostgreSQL, pg_dump / pg_restore do this; see the README).
 *
 * - `onlineBackup` copies the live database with SQLite's online backup API, 256 pages (1 MB) at a
 *   time, taking the back office's one connection only for each step: the counters keep working in
 *   between, and writes made through that same connection are carried into the copy as it goes.
 *   The copy is written to `<name>.partial`, switched to a single self-contained file (rollback
 *   journal, not WAL) and only then renamed, so a copy with the final name is always complete.
 *   Beside it goes its manifest (`<name>.manifiesto.json`, db/anchors.ts): the copy's audit anchor,
 *   counters and SHA-256. Copies and manifests are the user's alone (0600, folder 0700).
 * - `checkRestoreCandidate` refuses, in Spanish, a file that is not a sound Ventanilla database.
 * - `restoreIntoLive` copies a checked file over the live database, again with the backup API, in one
 *   step that holds the connection: other work waits and then sees the restored data; no file is
 *   swapped under an open connection, so no stale -wal/-shm can be replayed over it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import sqlite3, { type Database } from 'sqlite3';
import type { BackupFile, BackupKind } from '../../../shared/contract/backups';
import { todayIn } from '../../../shared/dates';
import { AppError } from '../errors';
import { writeCopyManifest } from './anchors';
import { forgetConfiguration } from './configCache';
import { MIGRATIONS } from './migrations';

/** pages copied per step: 1 MB with the default 4 KB pages, a few ms of the connection each (see the README) */
export const DEFAULT_PAGES_PER_STEP = 256;
/** while copying, flush the copy to disk every this many pages (64 MB) */
const SYNC_EVERY_PAGES = 16 * 1024;
/** restarts caused by other connections' writes before the rest is copied in one step */
const MAX_RESTARTS = 3;

export function backupsDir(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'backups');
}

export function isSqlite(db: Knex): boolean {
  return db.client.config.client === 'sqlite3';
}

// ---------------------------------------------------------------------------------------------
// names

/** the machine's time zone, for when the company's cannot be read */
export const systemTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The company's time zone (file names carry its dates), or the machine's before set-up. */
export async function companyTimeZone(db: Knex): Promise<string> {
  try {
    const row: { time_zone: string } | undefined = await db('company').where({ id: 1 }).first('time_zone');
    return row?.time_zone ?? systemTimeZone();
  } catch {
    return systemTimeZone();
  }
}

/** '2026-11-22-143005': date and time in a time zone, for file names */
export function localStamp(timeZone: string, now: Date = new Date()): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(now)
    .replace(/:/g, '');
  return `${todayIn(timeZone, now)}-${time}`;
}

/** the automatic copy of a business date */
export const autoBackupName = (date: string) => `auto-${date}.sqlite`;

const PATTERNS: [RegExp, BackupKind][] = [
  [/^auto-\d{4}-\d{2}-\d{2}\.sqlite$/, 'auto'],
  [/^antes-de-migrar-/, 'pre-migration'],
  // the name the first versions gave the pre-migration copy: ventanilla-v1-2026-05-01T10-00-00-000Z.sqlite
  [/-v\d+-\d{4}-\d{2}-\d{2}T[\d-]+Z\.sqlite$/, 'pre-migration'],
  [/^antes-de-restaurar-/, 'before-restore'],
];

/** What kind of copy a file name is; any other `.sqlite` put in the folder counts as manual. */
export function backupKindOf(fileName: string): BackupKind {
  return PATTERNS.find(([pattern]) => pattern.test(fileName))?.[1] ?? 'manual';
}

/** the date an automatic copy's name carries, or null */
export function autoBackupDate(fileName: string): string | null {
  return /^auto-(\d{4}-\d{2}-\d{2})\.sqlite$/.exec(fileName)?.[1] ?? null;
}

/** A new file name in the backups folder: `<prefix>-<stamp>.sqlite`, with -2, -3… if taken. */
export function newBackupPath(dbFile: string, prefix: string, stamp: string): string {
  const dir = backupsDir(dbFile);
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, `${prefix}-${stamp}${n === 1 ? '' : `-${n}`}.sqlite`);
    if (!fs.existsSync(candidate) && !fs.existsSync(`${candidate}.partial`)) return candidate;
  }
}

/** A copy as the list shows it: name, kind, size and when it was written. */
export function backupFileInfo(file: string): BackupFile {
  const stat = fs.statSync(file);
  const name = path.basename(file);
  return { file: name, kind: backupKindOf(name), bytes: stat.size, createdAt: stat.mtime.toISOString() };
}

/** The copies in the backups folder, newest first (unfinished `.partial` files are not copies). */
export function listBackupFiles(dbFile: string): BackupFile[] {
  const dir = backupsDir(dbFile);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sqlite'))
    .map((entry) => backupFileInfo(path.join(dir, entry.name)))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.file.localeCompare(a.file));
}

/** Deletes a database file and the journal files SQLite may have left beside it. */
export function removeSqliteFiles(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

// ---------------------------------------------------------------------------------------------
// the raw sqlite3 connection and its backup object (not in sqlite3's type declarations)

interface SqliteBackup {
  step(pages: number, cb: (err: SqliteError | null, done?: boolean) => void): void;
  finish(cb?: () => void): void;
  readonly completed: boolean;
  readonly failed: boolean;
  /** pages left and pages in all, after the last step */
  readonly remaining: number;
  readonly pageCount: number;
}
type SqliteError = Error & { code?: string };
type BackupCapable = Database & {
  backup(filename: string, sourceName: string, destName: string, filenameIsDest: boolean, cb: (err: SqliteError | null) => void): SqliteBackup;
};
interface RawClient {
  acquireConnection(): Promise<BackupCapable>;
  releaseConnection(conn: BackupCapable): Promise<void>;
}

/** Runs `fn` holding the back office's connection: no knex query or transaction runs meanwhile. */
async function withConnection<T>(db: Knex, fn: (conn: BackupCapable) => Promise<T>): Promise<T> {
  const client = db.client as RawClient;
  const conn = await client.acquireConnection();
  try {
    return await fn(conn);
  } finally {
    await client.releaseConnection(conn);
  }
}

function startBackup(conn: BackupCapable, file: string, fileIsDestination: boolean): Promise<SqliteBackup> {
  return new Promise((resolve, reject) => {
    const backup = conn.backup(file, 'main', 'main', fileIsDestination, (err) => (err ? reject(err) : resolve(backup)));
  });
}

const isBusy = (error: SqliteError) => error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED';

/** One step: the copy is complete, there is more, or a lock held elsewhere kept it from moving (try again). */
function stepBackup(backup: SqliteBackup, pages: number): Promise<'done' | 'more' | 'busy'> {
  return new Promise((resolve, reject) =>
    backup.step(pages, (err, done) => {
      if (!err) resolve(done ? 'done' : 'more');
      else if (isBusy(err) && !backup.failed) resolve('busy');
      else reject(err);
    }),
  );
}

/** flush a file's written pages to disk (the copy's, from another descriptor; SQLite keeps its own open) */
async function syncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

function finishBackup(backup: SqliteBackup): Promise<void> {
  return new Promise((resolve) => backup.finish(() => resolve()));
}

function openFile(file: string, mode: number): Promise<Database> {
  return new Promise((resolve, reject) => {
    const conn = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(conn)));
  });
}

function query<T>(conn: Database, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => conn.all(sql, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
}

function closeFile(conn: Database): Promise<void> {
  return new Promise((resolve) => conn.close(() => resolve()));
}

// ---------------------------------------------------------------------------------------------
// copies

export interface OnlineBackupOptions {
  pagesPerStep?: number;
  /** after each step: pages copied so far and in all; the next step waits for a returned promise */
  onProgress?: (copied: number, total: number) => void | Promise<void>;
}

export interface OnlineBackupStats {
  file: string;
  bytes: number;
  pages: number;
  steps: number;
  /** times another connection's writes made SQLite start over */
  restarts: number;
  ms: number;
}

/** Copies the live database to `target` while the back office keeps working (see the top of this file). */
export async function onlineBackup(db: Knex, target: string, options: OnlineBackupOptions = {}): Promise<OnlineBackupStats> {
  if (!isSqlite(db)) throw new Error('onlineBackup is for SQLite; on PostgreSQL use pg_dump');
  const pagesPerStep = options.pagesPerStep ?? DEFAULT_PAGES_PER_STEP;
  const started = performance.now();
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const partial = `${target}.partial`;
  removeSqliteFiles(partial);
  const backup = await withConnection(db, (conn) => startBackup(conn, partial, true));
  let steps = 0;
  let unsynced = 0;
  let copied = 0;
  let restarts = 0;
  try {
    for (let busy = 0; ; ) {
      // Writes from another connection (the CLI, a second process) make SQLite start the copy over
      // at the next step; under steady outside writes it would never end. After a few restarts,
      // copy the rest in one step: this connection then waits for it once (~1 s for 600 MB).
      const pages = restarts >= MAX_RESTARTS ? -1 : pagesPerStep;
      const status = await withConnection(db, () => stepBackup(backup, pages));
      steps += 1;
      if (status === 'done') break;
      // busy (another process holds a lock): wait a little, for at most a minute
      if (status === 'busy') {
        if (++busy > 600) throw new Error('la base de datos estuvo ocupada por otro proceso durante más de un minuto');
        await sleep(100);
        continue;
      }
      busy = 0;
      const nowCopied = backup.pageCount - backup.remaining;
      if (nowCopied <= copied) restarts += 1; // a step that moved nothing forward started over
      copied = nowCopied;
      await options.onProgress?.(copied, backup.pageCount);
      // The last step commits the copy, and SQLite then syncs it to disk while it holds the live
      // connection: flush what is written so far from here, outside it, so that sync is short
      // (measured: without this the counter waited ~230 ms at the end of a 600 MB copy).
      unsynced += pagesPerStep;
      if (unsynced >= SYNC_EVERY_PAGES || backup.remaining <= pagesPerStep) {
        await syncFile(partial);
        unsynced = 0;
      }
      await nextTurn(); // let the work that queued during the step take the connection first
    }
  } catch (error) {
    await finishBackup(backup);
    removeSqliteFiles(partial);
    throw error;
  }
  const pages = backup.pageCount;
  await finishBackup(backup);
  // the copy carries the live file's WAL flag: make it one self-contained file before naming it
  const copy = await openFile(partial, sqlite3.OPEN_READWRITE);
  try {
    await query(copy, 'PRAGMA journal_mode=DELETE');
  } finally {
    await closeFile(copy);
  }
  fs.renameSync(partial, target);
  fs.chmodSync(target, 0o600);
  await writeCopyManifest(db, target);
  return { file: target, bytes: fs.statSync(target).size, pages, steps, restarts, ms: Math.round(performance.now() - started) };
}

/** The pre-migration copy: `backups/antes-de-migrar-v<version>-<stamp>.sqlite`. */
export async function backupBeforeMigration(db: Knex, dbFile: string, version: number): Promise<string> {
  const target = newBackupPath(dbFile, `antes-de-migrar-v${version}`, localStamp(await companyTimeZone(db)));
  return (await onlineBackup(db, target)).file;
}

// ---------------------------------------------------------------------------------------------
// the way back

export interface CandidateInfo {
  /** migrations applied in the copy */
  schemaVersion: number;
  pageSize: number;
}

const refuse = (message: string) => new AppError('RULE', `${message} No se reemplazó nada.`);

/**
 * Checks a file before it may replace the database: it opens as SQLite, `PRAGMA integrity_check`
 * says ok, it has Ventanilla's migrations table with no migration this version does not know, and
 * the company table. Throws AppError('RULE') in Spanish otherwise; reads only.
 */
export async function checkRestoreCandidate(file: string): Promise<CandidateInfo> {
  const name = path.basename(file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw refuse(`No existe el archivo ${name}.`);
  let conn: Database;
  try {
    conn = await openFile(file, sqlite3.OPEN_READONLY);
  } catch {
    throw refuse(`El archivo ${name} no se pudo abrir como base de datos.`);
  }
  try {
    let integrity: { integrity_check: string }[];
    try {
      integrity = await query(conn, 'PRAGMA integrity_check');
    } catch (error) {
      const notDb = (error as SqliteError).code === 'SQLITE_NOTADB';
      throw refuse(notDb ? `El archivo ${name} no es una base de datos SQLite.` : `El archivo ${name} está dañado (${(error as Error).message}).`);
    }
    if (integrity[0]?.integrity_check !== 'ok') {
      throw refuse(`El archivo ${name} está dañado: la revisión de integridad encontró «${integrity[0]?.integrity_check ?? 'sin respuesta'}».`);
    }
    const tables = new Set((await query<{ name: string }>(conn, "SELECT name FROM sqlite_master WHERE type = 'table'")).map((t) => t.name));
    if (!tables.has('knex_migrations')) throw refuse(`El archivo ${name} no es una base de datos de Ventanilla: no tiene el registro de versiones del esquema.`);
    const applied = (await query<{ name: string }>(conn, 'SELECT name FROM knex_migrations ORDER BY id')).map((m) => m.name);
    const known = new Set(MIGRATIONS.map((m) => m.name));
    const unknown = applied.filter((m) => !known.has(m));
    if (unknown.length > 0 || applied.length > MIGRATIONS.length) {
      throw refuse(
        `El archivo ${name} es de una versión más nueva de Ventanilla (esquema ${applied.length}${unknown.length ? `, con «${unknown[0]}»` : ''}; ` +
          `esta versión llega al ${MIGRATIONS.length}). Actualice la aplicación antes de restaurarlo.`,
      );
    }
    if (!tables.has('company')) throw refuse(`El archivo ${name} no es una base de datos de Ventanilla: no tiene la tabla de la empresa.`);
    const [{ page_size: pageSize }] = await query<{ page_size: number }>(conn, 'PRAGMA page_size');
    return { schemaVersion: applied.length, pageSize };
  } finally {
    await closeFile(conn);
  }
}

/**
 * Replaces the contents of the live database with a checked copy, in one step of the backup API
 * that holds the back office's connection (all or nothing: a failure leaves the database as it was).
 * The page sizes must match: SQLite cannot change the page size of a WAL database by copying into it.
 */
export async function restoreIntoLive(db: Knex, file: string): Promise<void> {
  await withConnection(db, async (conn) => {
    const backup = await startBackup(conn, file, false);
    try {
      for (let busy = 0; (await stepBackup(backup, -1)) !== 'done'; busy++) {
        if (busy > 600) {
          throw new AppError('CONFLICT', 'La base de datos estuvo ocupada por otro proceso durante más de un minuto. No se reemplazó nada; intente de nuevo.');
        }
        await sleep(100);
      }
    } finally {
      await finishBackup(backup);
    }
  });
  forgetConfiguration(db); // the company and settings are the copy's now
  await db.raw('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined); // the restore is committed; this only shrinks the log
}

/** Whether a file starts like an SQLite database (an empty file counts: SQLite treats it as a new one). */
export function looksLikeSqlite(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    const read = fs.readSync(fd, header, 0, 16, 0);
    return read === 0 || header.toString('latin1') === 'SQLite format 3\0';
  } finally {
    fs.closeSync(fd);
  }
}

/** When the current database cannot even be read (CLI): keep its files aside as they are. */
export function copyFilesAside(dbFile: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(dbFile, target);
  if (fs.existsSync(`${dbFile}-wal`)) fs.copyFileSync(`${dbFile}-wal`, `${target}-wal`);
}

/** When the current database cannot be read (CLI, no connection open): put the copy in its place. */
export function replaceDatabaseFile(dbFile: string, file: string): void {
  const temp = `${dbFile}.restaurando`;
  fs.mkdirSync(path.dirname(path.resolve(dbFile)), { recursive: true });
  fs.copyFileSync(file, temp);
  for (const suffix of ['-journal', '-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
  fs.renameSync(temp, dbFile);
}
