import knexFactory, { type Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type pgDriver from 'pg';
import { onFirstUse } from '../lazy-package';
import { SAFETY_NET_PAGES, WalCheckpointer } from './checkpointer';

export type Db = Knex;

export type DatabaseOptions =
  /** path of the SQLite file; ':memory:' is refused (tests use real files) */
  | { filename: string; url?: undefined }
  /** a PostgreSQL connection URL (postgres://user:password@host:5432/database) */
  | { url: string; filename?: undefined };

/** true for 'postgres://…' / 'postgresql://…' (what VENTANILLA_DATABASE_URL and `--db` accept besides a file) */
export function isPostgresUrl(value: string | undefined | null): value is string {
  return typeof value === 'string' && /^postgres(ql)?:\/\//i.test(value);
}

/** the driver loads when a PostgreSQL database opens: a SQLite start does not pay for it (issue 20, item 5) */
const pg = onFirstUse<typeof pgDriver>('pg');
let numbersRead = false;

// PostgreSQL returns bigint (int8) and numeric as strings to keep their precision; the amounts here
// are integer minor units well inside Number.MAX_SAFE_INTEGER, and COUNT(*) / SUM(bigint) are int8 /
// numeric, so read both as numbers, the way SQLite gives them (set once, before the first connection).
function readPgNumbersAsNumbers(): void {
  if (numbersRead) return;
  numbersRead = true;
  const { types } = pg();
  types.setTypeParser(types.builtins.INT8, (value: string) => Number(value));
  types.setTypeParser(types.builtins.NUMERIC, (value: string) => Number(value));
}

/**
 * Opens the database. SQLite: the pragmas every connection needs: WAL, foreign keys, a busy timeout
 * for the second process (CLI) and synchronous=NORMAL, which under WAL keeps the file consistent
 * after a crash and loses at most the last transaction on power loss; the WAL is checkpointed by a
 * second connection in the background (checkpointer.ts), not inside a payment's COMMIT. PostgreSQL: a small pool,
 * since several counters share the server.
 */
export function openDatabase(options: DatabaseOptions): Db {
  if (options.url !== undefined) {
    readPgNumbersAsNumbers();
    return knexFactory({ client: 'pg', connection: { connectionString: options.url }, pool: { min: 0, max: 4 } });
  }
  const { filename } = options;
  fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const db: Knex = knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection & { close(cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
        // the WAL is checkpointed by a second connection in the background (checkpointer.ts); this
        // connection's own automatic checkpoint only catches up if that one falls behind
        configureSqliteConnection(conn, `PRAGMA journal_mode=WAL; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=${SAFETY_NET_PAGES};`, (err) => {
          if (!err) {
            const checkpointer = new WalCheckpointer(filename);
            checkpointers.set(db, checkpointer);
            const close = conn.close.bind(conn);
            conn.close = (cb) => void checkpointer.stop().then(() => close(cb));
          }
          done(err, conn);
        });
      },
    },
  });
  return db;
}

const checkpointers = new WeakMap<Knex, WalCheckpointer>();

/** the background WAL checkpointer of a SQLite database opened by openDatabase (null before its connection opens, or on PostgreSQL) */
export function walCheckpointerOf(db: Knex): WalCheckpointer | null {
  return checkpointers.get(db) ?? null;
}

/**
 * Opens a database for reading only: nothing it runs can write (SQLite opens the file with
 * mode=ro; PostgreSQL runs every transaction READ ONLY), no migration is applied and the file is
 * never created. For what only looks (`audit verify`, `users list`, checking a copy before a restore).
 */
export function openDatabaseReadOnly(options: DatabaseOptions): Db {
  if (options.url !== undefined) {
    readPgNumbersAsNumbers();
    return knexFactory({
      client: 'pg',
      connection: { connectionString: options.url, options: '-c default_transaction_read_only=on' },
      pool: { min: 0, max: 2 },
    });
  }
  const file = path.resolve(options.filename);
  // A WAL database needs its -shm index, which SQLite creates beside the file. A user who cannot
  // write that folder can still read a file that was closed cleanly (no -wal left): as immutable.
  const immutable = !canWrite(path.dirname(file)) && !fs.existsSync(`${file}-wal`);
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: `${pathToFileURL(file).href}?mode=ro${immutable ? '&immutable=1' : ''}`, flags: ['OPEN_URI'] },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        conn.configure('busyTimeout', 10_000);
        conn.exec('PRAGMA query_only=ON;', (err) => done(err, conn));
      },
    },
  });
}

function canWrite(target: string): boolean {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The SQLite driver's connection, as far as the pool set-up uses it. */
export interface SqliteConnection {
  configure(option: 'busyTimeout', value: number): void;
  exec(sql: string, cb: (err: Error | null) => void): void;
}

/**
 * What every SQLite connection needs, the app's and the import's alike: a busy timeout for the
 * other process, foreign keys, synchronous=NORMAL; then `extraPragmas`.
 */
export function configureSqliteConnection(conn: SqliteConnection, extraPragmas: string, cb: (err: Error | null) => void): void {
  conn.configure('busyTimeout', 10_000);
  conn.exec(`PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; ${extraPragmas}`, cb);
}

/** ISO timestamp in UTC, the one form timestamps are stored in. */
export function nowTimestamp(): string {
  return new Date().toISOString();
}
